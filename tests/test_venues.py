"""Venues: the vocabulary in venues.yml, a paper's `venue: ICLR 2023 (oral)` as `papers check`
reads it and `papers fmt` writes it, the schema, imports, and the venue pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import VALID, VENUES_YML, papers, write_paper

from generator.index import check_list
from generator.load import load_venues
from generator.model import Site
from generator.render import render_pages
from generator.venues import imported_venue

SITE = Site("https://example.org/shelf/", "Shelf")


@pytest.fixture
def venues(folder: Path) -> Path:
    """The test folder with the venue vocabulary of conftest.VENUES_YML."""
    (folder / "venues.yml").write_text(VENUES_YML, encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    return [problem.format(folder.parent) for problem in check_list(folder)[1]]


def with_venue(venue: str, date: str = "2015-01-02") -> str:
    """VALID front matter with a venue line (line 7), written as given."""
    return VALID.replace("date: 2020-01-02", f"date: {date}") + f"venue: {venue}\n"


@pytest.mark.parametrize("written, series, year, note, shown", [
    ("ICLR 2023", "iclr", 2023, "", "ICLR 2023"),
    ("ICLR 2023 (oral)", "iclr", 2023, "oral", "ICLR 2023 (oral)"),
    ("iclr 2023, oral, notable top 5%", "iclr", 2023, "oral, notable top 5%",
     "ICLR 2023 (oral, notable top 5%)"),
    ("NIPS 2015", "neurips", 2015, "", "NeurIPS 2015"),  # an alias
    ("neurips   2015  ( Oral )", "neurips", 2015, "Oral", "NeurIPS 2015 (Oral)"),  # the slug
    ("IEEE TPAMI 2025", "tpami", 2025, "", "TPAMI 2025"),
    ("International Conference on Learning Representations 2024", "iclr", 2024, "", "ICLR 2024"),
    ("ICCV Workshops 2025 (Findings)", "iccv-workshops", 2025, "Findings",
     "ICCV Workshops 2025 (Findings)"),
    ("bioRxiv", "biorxiv", None, "", "bioRxiv"),  # a preprint server needs no year
    ("bioRxiv 2021 (v2)", "biorxiv", 2021, "v2", "bioRxiv 2021 (v2)"),
    ("ICLR 2023 (oral (top 5%))", "iclr", 2023, "oral (top 5%)", "ICLR 2023 (oral (top 5%))"),
])
def test_a_venue_is_a_series_by_any_name_a_year_and_a_note(venues, written, series, year, note,
                                                             shown):
    write_paper(venues, "p.md", with_venue(f"'{written}'"))
    index, found = check_list(venues)
    venue = index.papers[0].venue
    assert found == []
    assert (venue.series.slug, venue.year, venue.note, str(venue)) == (series, year, note, shown)


VENUE_CASES = [
    ("ICRL 2023", "'venue': unknown venue 'ICRL' (did you mean 'ICLR'?); the venues are listed in "
                  "venues.yml"),
    ("Nature 2020", "'venue': unknown venue 'Nature'; the venues are listed in venues.yml"),
    ("ICLR2023", "'venue': unknown venue 'ICLR2023' (did you mean 'ICLR'?); the venues are listed "
                 "in venues.yml"),
    ("ICLR", "'venue': 'ICLR' has no year, which a venue of a conference needs: write it after "
             "the name, like 'ICLR YYYY'"),
    ("TPAMI (accepted Nov 2024)", "'venue': 'TPAMI (accepted Nov 2024)' has no year, which a venue "
                                  "of a journal needs: write it after the name, like "
                                  "'TPAMI YYYY (accepted Nov 2024)'"),
    ("ICLR 2023 oral", "'venue': expected the note in parentheses after 'ICLR 2023', like "
                       "'ICLR 2023 (oral)'; got 'ICLR 2023 oral'"),
    ("ICLR 2023 (oral", "'venue': expected the note in parentheses after 'ICLR 2023', like "
                        "'ICLR 2023 (oral)'; got 'ICLR 2023 (oral'"),
    ("ICLR 2023 ()", "'venue': the note of 'ICLR 2023 ()' is empty: write it, or leave out '()'"),
    ("ICLR 0999", "'venue': '0999' is not a year: write four digits after the name, like "
                  "'ICLR 2023'"),
    ("ICLR 23 (oral)", "'venue': '23' is not a year: write four digits after the name, like "
                       "'ICLR 2023'"),
]


@pytest.mark.parametrize("written, message", VENUE_CASES)
def test_a_wrong_venue_names_the_field_its_line_and_the_fix(venues, written, message):
    write_paper(venues, "p.md", with_venue(f"'{written}'"))
    assert problems(venues) == [f"papers/p.md:7: {message}"]


def test_one_venue_written_alike_on_many_papers_is_read_alike_on_each(venues):
    # Each text is read once per list: what it gives, a venue or a problem, goes to every paper.
    for number in range(3):
        write_paper(venues, f"p{number}.md", with_venue("ICRL 2023").replace(
            "A Valid Paper", f"Paper {number}"))
        write_paper(venues, f"q{number}.md", with_venue("ICLR 2023 (oral)").replace(
            "A Valid Paper", f"Other {number}"))
    index, found = check_list(venues)
    assert [problem.format(venues.parent) for problem in found] == [
        f"papers/p{number}.md:7: 'venue': unknown venue 'ICRL' (did you mean 'ICLR'?); the venues "
        "are listed in venues.yml" for number in range(3)]
    assert [str(paper.venue) for paper in index.papers] == ["ICLR 2023 (oral)"] * 3


def test_without_venues_yml_a_paper_with_a_venue_is_reported_and_one_without_is_fine(folder):
    write_paper(folder, "p.md", with_venue("ICLR 2023"))
    write_paper(folder, "q.md", VALID.replace("A Valid Paper", "Other"))
    assert problems(folder) == ["papers/p.md:7: 'venue': unknown venue 'ICLR'; the venues are "
                                "listed in venues.yml"]


def test_a_venue_before_the_first_public_version_is_a_warning(venues):
    write_paper(venues, "p.md", with_venue("CVPR 2019", date="2020-04-26"))
    assert problems(venues) == ["papers/p.md:7: warning: 'venue': 'CVPR 2019' is earlier than the "
                                "date 2020-04-26, the first public version: is one of them wrong?"]


def test_the_check_command_prints_the_venue_problem_as_path_line_message(venues):
    write_paper(venues, "p.md", with_venue("ICRL 2023"))
    result = papers("check", cwd=venues.parent)
    assert (result.returncode, result.stdout) == (1, (
        "papers/p.md:7: 'venue': unknown venue 'ICRL' (did you mean 'ICLR'?); the venues are "
        "listed in venues.yml\n"))


@pytest.mark.parametrize("vocabulary, message", [
    ("iclr: {name: I, short: ICLR}\n", "papers/venues.yml:1: 'iclr': missing 'kind'"),
    ("iclr: {name: I, short: ICLR, kind: conferense}\n",
     "papers/venues.yml:1: 'iclr.kind': expected conference or journal or workshop or preprint, "
     "got 'conferense' (did you mean 'conference'?)"),
    ("ICLR: {name: I, short: ICLR, kind: conference}\n",
     "papers/venues.yml:1: 'ICLR': a venue is a slug: lowercase letters, digits and hyphens"),
    ("iclr: {name: I, short: ICLR, kind: conference, abbr: x}\n",
     "papers/venues.yml:1: 'iclr.abbr': unknown key; the keys are name, short, kind, aliases"),
    ("iclr: {name: I, short: ICLR, kind: conference}\n"
     "iclr-w: {name: W, short: ICLRW, kind: workshop, aliases: [iclr]}\n",
     "papers/venues.yml:2: 'iclr-w': 'iclr' already names the venue 'iclr'"),
    ("a: {name: Same Name, short: A, kind: journal}\nb: {name: same name, short: B, kind: journal}\n",
     "papers/venues.yml:2: 'b': 'same name' already names the venue 'a'"),
])
def test_venue_vocabulary_problems(folder, vocabulary, message):
    (folder / "venues.yml").write_text(vocabulary, encoding="utf-8")
    write_paper(folder, "p.md", VALID)
    assert problems(folder) == [message]


def test_a_broken_venue_vocabulary_is_reported_first_and_alone_not_once_per_paper(folder):
    for number in range(3):
        write_paper(folder, f"p{number}.md", with_venue("ICLR 2023").replace(
            "A Valid Paper", f"Paper {number}"))
    write_paper(folder, "a-broken-date.md", VALID.replace("2020-01-02", "2024-02-30"))
    (folder / "venues.yml").write_text("iclr:\n  name: [International\n", encoding="utf-8")
    assert problems(folder) == [
        "papers/venues.yml:2: YAML syntax error: the list opened here ('[') is not closed: "
        "end it with ']', or put a value that starts with '[' in quotes",
        "papers/a-broken-date.md:4: 'date': '2024-02-30' is not a real date"]


def test_fmt_writes_the_venue_in_its_one_form_and_check_reads_it_back(venues):
    path = write_paper(venues, "p.md", with_venue("'nips 2015, oral'"))
    result = papers("fmt", "papers/p.md", cwd=venues.parent)
    assert (result.returncode, result.stdout) == (0, "formatted: papers/p.md\n")
    assert "\nvenue: NeurIPS 2015 (oral)\n" in path.read_text(encoding="utf-8")
    assert problems(venues) == []
    assert papers("fmt", "--check", "papers/p.md", cwd=venues.parent).returncode == 0


@pytest.fixture
def schema(venues) -> dict:
    assert papers("fmt", cwd=venues.parent).returncode == 0
    return json.loads((venues / "paper.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("venue", ["ICLR 2023", "iclr 2023 (oral)", "NIPS 2015, spotlight",
                                   "bioRxiv", "bioRxiv 2021", "ICCV Workshops 2025 (Findings)"])
def test_schema_accepts_the_venues_check_accepts(schema, venue):
    jsonschema.validate({"title": "T", "authors": ["A"], "date": "2020", "tags": ["vision"],
                         "venue": venue}, schema)


@pytest.mark.parametrize("venue", ["ICRL 2023", "ICLR", "ICLR 23", "Nature 2020", "2023"])
def test_schema_refuses_unknown_series_and_a_missing_year(schema, venue):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "T", "authors": ["A"], "date": "2020", "tags": ["vision"],
                             "venue": venue}, schema)


def test_schema_offers_each_series_as_an_example(schema):
    examples = schema["properties"]["venue"]["examples"]
    assert "ICLR 2024" in examples and "bioRxiv" in examples


@pytest.mark.live_list
def test_the_live_vocabulary_reads_and_names_every_series_its_papers_use(live_list):
    vocabulary, problems = load_venues(live_list / "venues.yml")
    assert problems == []
    index, _ = check_list(live_list)
    used = {paper.venue.series for paper in index.papers if paper.venue}
    assert used and used <= set(vocabulary)
    assert all(series.name != series.short for series in used)  # full names, not acronyms


# Another tool's venue text, and the series (and year) it names in conftest.VENUES_YML.
IMPORTED = [
    ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
     "CVPR 2019"),
    ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition",
     "CVPR 2019"),
    ("CVPR 2022", "CVPR 2022"),
    ("Computer Vision and Pattern Recognition", "CVPR 2019"),
    ("CIKM '20: The 29th ACM International Conference on Information and Knowledge Management",
     "CIKM 2019"),
    ("Proceedings of the 29th ACM International Conference on Information & Knowledge Management",
     "CIKM 2019"),
    ("Advances in Neural Information Processing Systems", "NeurIPS 2019"),
    ("NIPS", "NeurIPS 2019"),
    ("neurips", "NeurIPS 2019"),
    ("IEEE transactions on pattern analysis and machine intelligence", "TPAMI 2019"),
    ("The Thirty-Seventh International Conference on Learning Representations", "ICLR 2019"),
    ("Neural Comput.", None),
    ("Physical Review E", None),
    ("Workshop on Computer Vision", None),
]


@pytest.mark.parametrize("text, venue", IMPORTED)
def test_an_imported_venue_finds_its_series_by_name_acronym_or_alias(venues, text, venue):
    vocabulary, _ = load_venues(venues / "venues.yml")
    found = imported_venue(text, vocabulary, 2019)
    assert (str(found) if found else None) == venue


def test_a_venue_page_lists_its_papers_by_the_year_they_appeared_newest_first(venues):
    write_paper(venues, "a.md", with_venue("CVPR 2022", date="2021-11-18")
                .replace("A Valid Paper", "Old"))
    write_paper(venues, "b.md", with_venue("CVPR 2025", date="2024-12-20")
                .replace("A Valid Paper", "First Out In December"))
    write_paper(venues, "c.md", with_venue("CVPR 2025", date="2025-03-01")
                .replace("A Valid Paper", "Out In March"))
    write_paper(venues, "d.md", with_venue("bioRxiv", date="2023-05")
                .replace("A Valid Paper", "Preprint"))
    index, found = check_list(venues)
    assert found == []
    pages = {page.src_uri: page.inline(page.text) for page in render_pages(index, SITE)}
    cvpr = pages["venues/cvpr.md"]
    order = ["## 2025", "Out In March", "First Out In December", "## 2022", "Old"]
    assert sorted(order, key=cvpr.index) == order
    assert "## 2023" in pages["venues/biorxiv.md"]  # a preprint without a year: its date's
    rows = re.findall(r'<tr><td><a href="([^"]+)">([^<]+)</a></td><td>([^<]+)</td>'
                      r"<td>([^<]+)</td><td>([0-9]+)</td></tr>", pages["venues.md"])
    assert rows == [("../venues/biorxiv/", "bioRxiv", "bioRxiv", "preprint", "1"),
                    ("../venues/cvpr/", "CVPR", "IEEE/CVF Conference on Computer Vision and Pattern "
                                      "Recognition", "conference", "3")]
    assert '<a class="ps-venue" href="../../venues/cvpr/"' in pages["papers/a.md"]


@pytest.mark.live_list
def test_every_live_venue_line_names_a_series_of_venues_yml(live_list):
    series = yaml.safe_load((live_list / "venues.yml").read_text(encoding="utf-8"))
    shorts = sorted((entry["short"] for entry in series.values()), key=len, reverse=True)
    for path in sorted(live_list.glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        if "venue" in front:
            assert any(front["venue"].startswith(short + " ") for short in shorts), path.name
