"""Citations: a paper is cited as published (its venue's series, kind and year), read back
from the BibTeX and CSL-JSON exports."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import VENUES_YML, live_papers, write_paper
from test_exports import SITE, read_bib

from generator import bibtex
from generator.exports import export_files
from generator.index import check_list


@pytest.fixture
def cited(folder):
    """Export a folder with the test venues: the entries of papers.bib, the CSL items by id."""
    (folder / "venues.yml").write_text(VENUES_YML, encoding="utf-8")

    def export() -> tuple[dict[str, dict], dict[str, dict]]:
        index, problems = check_list(folder)
        assert [problem.format() for problem in problems if not problem.warning] == []
        files = export_files(index, SITE)
        items = json.loads(files["papers.csl.json"])
        return ({entry["key"]: entry for entry in read_bib(files["papers.bib"])},
                {item["id"]: item for item in items})
    return export


def paper(title: str, date: str, venue: str = "") -> str:
    return (f"title: {title}\nauthors: [Ann Lee]\ndate: {date}\ntags: [vision]\n"
            + (f"venue: {venue}\n" if venue else ""))


def test_a_published_paper_is_cited_in_its_venues_year_under_its_first_versions_key(folder, cited):
    write_paper(folder, "p.md", paper("Seeing Far", "2024-12-20", "CVPR 2025 (highlight)"))
    entries, items = cited()
    # The key keeps the date's year: it was the paper's key when it was a preprint.
    entry, item = entries["lee2024seeing"], items["lee2024seeing"]
    assert (entry["type"], entry["year"], entry["month"]) == ("inproceedings", "2025", None)
    assert entry["venue"] == "IEEE/CVF Conference on Computer Vision and Pattern Recognition"
    assert (item["type"], item["issued"]) == ("paper-conference", {"date-parts": [[2025]]})
    assert item["container-title"] == entry["venue"]  # the note (highlight) is not cited


def test_a_preprint_is_cited_by_its_date(folder, cited):
    write_paper(folder, "p.md", paper("Seeing Near", "2024-12-20"))
    write_paper(folder, "q.md", paper("Seeing Wide", "2023-05", "bioRxiv"))
    entries, items = cited()
    assert [(entries[key]["type"], entries[key]["year"], entries[key]["month"])
            for key in ("lee2024seeing", "lee2023seeing")] == [("misc", "2024", 12),
                                                               ("misc", "2023", 5)]
    assert entries["lee2023seeing"]["venue"] is None  # a preprint server is not a booktitle
    assert items["lee2024seeing"]["issued"] == {"date-parts": [[2024, 12, 20]]}
    assert (items["lee2023seeing"]["type"], items["lee2023seeing"]["container-title"]) == (
        "article", "bioRxiv")


@pytest.mark.parametrize("venue, kind, field, csl_type", [
    ("TPAMI 2025", "article", "journal", "article-journal"),
    ("ICCV Workshops 2025 (Findings)", "inproceedings", "booktitle", "paper-conference"),
    ("bioRxiv 2025", "misc", "howpublished", "article"),
])
def test_the_entry_type_comes_from_the_kind_of_the_series(folder, cited, venue, kind, field,
                                                           csl_type):
    write_paper(folder, "p.md", paper("Seeing", "2025-02", venue))
    entries, items = cited()
    assert entries["lee2025seeing"]["type"] == kind
    assert items["lee2025seeing"]["type"] == csl_type
    bib = export_files(check_list(folder)[0], SITE)["papers.bib"]
    assert f"\n  {field} = {{" in bib


@pytest.mark.parametrize("title, value", [
    ("BERT: Pre-training of Deep Bidirectional Transformers",
     "{BERT}: Pre-training of Deep Bidirectional Transformers"),
    ("An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale",
     "An Image is Worth {16x16} Words: Transformers for Image Recognition at Scale"),
    ("MoE-LLaVA: Mixture of Experts for ViT and LLMs at CVPR",
     "{MoE-LLaVA}: Mixture of Experts for {ViT} and {LLMs} at {CVPR}"),
    ("Long-Form Document Matching in (2D) with GPT-4 & N:M Sparsity",
     "Long-Form Document Matching in ({2D}) with {GPT-4} \\& {N:M} Sparsity"),
    ("A Study of iPhone Use, x-Vector and IEEE/CVF Rules",
     "A Study of {iPhone} Use, x-Vector and {IEEE/CVF} Rules"),
    ("Ünïcödé Ärger and ÉCOLE names, 李娜 and Ω-Nets",
     "Ünïcödé Ärger and {ÉCOLE} names, 李娜 and Ω-Nets"),
    ("Braces {ViT} and 50% $5", "Braces \\textbraceleft{}{ViT}\\textbraceright{} and {50}\\% \\${5}"),
])
def test_title_words_a_style_must_not_lowercase_are_in_braces(title, value):
    assert bibtex.title_value(title) == value


def test_a_protected_title_reads_back_as_written(folder, cited):
    title = "MoE-LLaVA: Mixture of Experts for ViT at CVPR 2025"
    write_paper(folder, "p.md", paper(f"'{title}'", "2024-01"))
    entries, _ = cited()
    assert [entry["title"] for entry in entries.values()] == [title]
    bib = export_files(check_list(folder)[0], SITE)["papers.bib"]
    assert "  title = {{MoE-LLaVA}: Mixture of Experts for {ViT} at {CVPR} {2025}},\n" in bib


ORGANIZATION = "Google DeepMind:\n  kind: organization\n  variants: [DeepMind]\n"


def test_an_organisation_is_one_name_in_bibtex_and_csl(folder, cited):
    (folder / "authors.yml").write_text(ORGANIZATION, encoding="utf-8")
    write_paper(folder, "p.md", paper("Seeing", "2024-01").replace(
        "[Ann Lee]", "[DeepMind, Ann Lee, Google DeepMind Team]"))
    entries, items = cited()
    [(key, entry)] = entries.items()
    assert entry["authors"] == ["DeepMind", "Ann Lee", "Google DeepMind Team"]
    assert items[key]["author"] == [{"literal": "DeepMind"}, {"family": "Lee", "given": "Ann"},
                                    {"family": "Team", "given": "Google DeepMind"}]
    bib = export_files(check_list(folder)[0], SITE)["papers.bib"]
    # A variant of the organisation is one too; a name that is not registered is a person's.
    assert "  author = {{DeepMind} and Ann Lee and Google DeepMind Team},\n" in bib


def test_an_organisation_sorts_under_its_whole_name_on_the_authors_index(folder):
    (folder / "authors.yml").write_text(ORGANIZATION + "01. AI:\n  kind: organization\n", encoding="utf-8")
    write_paper(folder, "p.md", paper("Seeing", "2024-01").replace(
        "[Ann Lee]", "[Google DeepMind, Ann Lee, Zoe Adams, 01. AI]"))
    index, problems = check_list(folder)
    assert [problem for problem in problems if not problem.warning] == []
    assert [(author.letter, author.name) for author in index.authors] == [
        ("A", "Zoe Adams"), ("G", "Google DeepMind"), ("L", "Ann Lee"), ("Other", "01. AI")]


@pytest.mark.live_list
def test_the_live_lists_organisations_are_cited_by_their_whole_names(live_list):
    registry = yaml.safe_load((live_list / "authors.yml").read_text(encoding="utf-8")) or {}
    organizations = {name for name, entry in registry.items()
                     if (entry or {}).get("kind") == "organization"}
    files = export_files(check_list(live_list)[0], SITE)
    written = [name for source in live_papers(live_list) for name in source["authors"]
               if name in organizations]
    assert written, "the live list has an organisation as an author (01. AI)"
    bib, csl = files["papers.bib"], json.loads(files["papers.csl.json"])
    literals = [name["literal"] for item in csl for name in item["author"] if "literal" in name]
    for name in written:
        assert re.search(r"author = \{(?:.* and )?\{" + re.escape(name) + r"\}", bib), name
        assert name in literals


@pytest.mark.live_list
def test_every_live_bib_file_reads_back_with_bibtexparser_as_the_paper_files(live_list):
    files = export_files(check_list(live_list)[0], SITE)
    fronts = {source["slug"]: source for source in live_papers(live_list)}
    by_key = {paper["key"]: fronts[paper["slug"]]
              for paper in json.loads(files["papers.json"])["papers"]}
    bib_files = [name for name in files if name.endswith(".bib")]
    assert "papers.bib" in bib_files and len(bib_files) > 1
    for name in bib_files:
        for entry in read_bib(files[name]):
            front = by_key[entry["key"]]
            venue_year = re.search(r"(?<=\s)[1-9][0-9]{3}(?=[\s(,]|$)", front.get("venue", ""))
            year = venue_year[0] if venue_year else str(front["date"])[:4]
            assert (entry["title"], entry["authors"], entry["year"]) == (
                front["title"], front["authors"], year), (name, entry["key"])
