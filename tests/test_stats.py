"""The stats and health pages, as a reader sees them, against the paper files counted
independently: front matter read with plain YAML, the registries too, nothing through the
generator. On a list made for the purpose, and on the live list."""

from __future__ import annotations

import datetime
import html
import os
import re
from collections import Counter, defaultdict
from pathlib import Path
from unittest import mock

import pytest
from conftest import (
    TAGS_YML,
    VENUES_YML,
    build,
    build_day,
    epoch,
    make_project,
    papers,
    plain_yaml,
    write_paper,
)

DAY = datetime.date(2026, 11, 30)  # the fixture build's day, given as SOURCE_DATE_EPOCH
SHOWN, TOP, DRAWN, RECENT_DAYS = 50, 20, 30, 30  # as the pages say: their first 50, top 20, ...


# --- the files, read independently -------------------------------------------------------

def read_list(folder: Path) -> list[dict]:
    """Every paper file: its front matter, its notes and its file (`papers/x.md`)."""
    found = []
    for path in sorted(folder.glob("*.md")):
        _, front, notes = path.read_text(encoding="utf-8").split("---\n", 2)
        found.append(plain_yaml(front) | {"file": f"{folder.name}/{path.name}",
                                          "body": notes.strip()})
    return found


def registry(folder: Path, name: str) -> dict:
    path = folder / name
    return (plain_yaml(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}


def tag_names(folder: Path, paper: dict) -> list[str]:
    """A paper's tags by their names, an alias read as its tag."""
    tags = registry(folder, "tags.yml")
    slug = {alias: key for key, tag in tags.items() for alias in (key, *tag.get("aliases", []))}
    return [tags[slug[written]]["name"] for written in paper["tags"]]


def series_of(folder: Path, venue: str) -> str:
    """The short name of the series a venue line names: the longest name of venues.yml (its
    short name, slug, full name or an alias, in any case) the line starts with."""
    starts = []
    for slug, series in registry(folder, "venues.yml").items():
        for name in (series["short"], slug, series["name"], *series.get("aliases", [])):
            rest = venue[len(name):]
            if venue.casefold().startswith(name.casefold()) and rest[:1] in ("", " ", "(", ","):
                starts.append((len(name), series["short"]))
    return max(starts)[1]


def people(folder: Path, paper: dict) -> set[str]:
    """A paper's authors by the name their page uses (a variant read as its person)."""
    canonical = {variant: name for name, entry in registry(folder, "authors.yml").items()
                 for variant in (entry or {}).get("variants", [])}
    return {canonical.get(name, name) for name in paper["authors"]}


def organizations(folder: Path) -> set[str]:
    return {name for name, entry in registry(folder, "authors.yml").items()
            if (entry or {}).get("kind") == "organization"}


def day(value: object) -> datetime.date:
    """An `added` date of a file (YYYY-MM-DD; YAML gives a date)."""
    return datetime.date.fromisoformat(str(value))


def expected_stats(folder: Path) -> dict[str, Counter]:
    """What each chart counts, by the label it shows."""
    listed = read_list(folder)
    orgs = organizations(folder)
    counts: dict[str, Counter] = defaultdict(Counter)
    behind: dict[str, set[str]] = defaultdict(set)
    for paper in listed:
        counts["published"][str(paper["date"])[:4]] += 1
        if "added" in paper:
            counts["added"][str(paper["added"])[:4]] += 1
        counts["tags"].update(tag_names(folder, paper))
        if "venue" in paper:
            counts["venues"][series_of(folder, paper["venue"])] += 1
        names = people(folder, paper)
        counts["authors"].update(names - orgs)
        for name in (names & orgs) | ({paper["organization"]} if "organization" in paper else set()):
            behind[name].add(paper["file"])
        has = {"Code": (paper.get("links") or {}).get("code"), "DOI": paper.get("doi"),
               "Abstract": paper.get("abstract"), "Notes": paper["body"]}
        counts["coverage"].update(label for label, value in has.items() if value)
    counts["organizations"] = Counter({name: len(files) for name, files in behind.items()})
    return counts


def expected_health(folder: Path, today: datetime.date) -> dict[str, list]:
    """What each section of the health page lists, in its order: files, or names."""
    listed = read_list(folder)
    missing = {
        "abstract": lambda paper: not paper.get("abstract"),
        "identifier": lambda paper: not (paper.get("arxiv") or paper.get("doi")),
        "venue": lambda paper: "venue" not in paper,
        "code": lambda paper: not (paper.get("links") or {}).get("code"),
        "notes": lambda paper: not paper["body"]}
    found: dict[str, list] = {slug: [paper["file"] for paper in listed if lacks(paper)]
                              for slug, lacks in missing.items()}
    tagged = defaultdict(list)
    for paper in listed:
        for name in tag_names(folder, paper):
            tagged[name].append(paper["file"])
    found["single-tags"] = sorted(files[0] for files in tagged.values() if len(files) == 1)
    found["unused-tags"] = sorted(tag["name"] for tag in registry(folder, "tags.yml").values()
                                  if tag["name"] not in tagged)
    used = {series_of(folder, paper["venue"]) for paper in listed if "venue" in paper}
    found["unused-venues"] = sorted(series["short"] for series in registry(folder, "venues.yml").values()
                                    if series["short"] not in used)
    recent = [(day(paper["added"]), paper["file"]) for paper in listed if "added" in paper
              and 0 <= (today - day(paper["added"])).days < RECENT_DAYS]
    found["recent"] = [file for _, file in sorted(recent, key=lambda pair: (-pair[0].toordinal(), pair[1]))]
    return found


# --- the pages, as built ---------------------------------------------------------------------

def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def charts(page: str) -> dict[str, dict]:
    """Each chart of the stats page by its id: its table's rows, its SVG, the bars drawn."""
    found = {}
    for slug, figure in re.findall(r'<figure class="ps-chart" id="ps-chart-([a-z-]+)">(.*?)</figure>',
                                   page, re.S):
        rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", figure)
        svg = re.search(r"<svg .*?</svg>", figure, re.S)
        found[slug] = {"rows": [(text(label), text(value)) for label, value in rows],
                       "svg": svg[0] if svg else "", "bars": figure.count("<rect ")}
    return found


def sections(page: str) -> dict[str, dict]:
    """Each section of the health page by its id: its count, its items' files and labels, and
    how many more it leaves out."""
    found = {}
    for slug, body in re.findall(r'<section class="ps-health__section" aria-labelledby="([a-z-]+)">'
                                 r'(.*?)</section>', page, re.S):
        items = re.findall(r"<li>(.*?)</li>", body, re.S)
        more = re.search(r"… and (\d+) more", body)
        found[slug] = {
            "total": int(re.search(r'<span class="ps-count">(\d+)</span></h2>', body)[1]),
            "files": [re.findall(r"<code>(.*?)</code>", item)[0] for item in items
                      if "<code>" in item],
            "labels": [[text(label) for label in re.findall(r"<bdi>(.*?)</bdi>", item)] for item in items],
            "more": int(more[1]) if more else 0, "none": "<p class=\"ps-health__none\">None.</p>" in body}
    return found


def read_page(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


def assert_stats_match(site: Path, folder: Path) -> None:
    listed, counted = read_list(folder), expected_stats(folder)
    shown = charts(read_page(site, "stats"))
    total = len(listed)
    assert shown["coverage"]["rows"] == [
        (label, f"{counted['coverage'][label]} ({round(100 * counted['coverage'][label] / total)}%)")
        for label in ("Code", "DOI", "Abstract", "Notes")]
    for slug in ("published", "added"):
        assert shown[slug]["rows"] == [(year, str(count)) for year, count in sorted(counted[slug].items())]
    for slug in ("tags", "venues"):
        assert sorted(shown[slug]["rows"]) == sorted((name, str(count)) for name, count in counted[slug].items())
    for slug in ("authors", "organizations"):
        rows = shown[slug]["rows"]
        assert len(rows) == min(TOP, len(counted[slug]))
        assert all(counted[slug][name] == int(count) for name, count in rows)
        left_out = [count for name, count in counted[slug].items() if name not in dict(rows)]
        assert not rows or max(left_out, default=0) <= int(rows[-1][1])  # the most, not any
    for slug in ("tags", "venues", "authors", "organizations"):
        numbers = [int(count) for _, count in shown[slug]["rows"]]
        assert numbers == sorted(numbers, reverse=True), slug  # most first
        assert shown[slug]["bars"] == min(DRAWN, len(numbers)), slug


def assert_health_matches(site: Path, folder: Path, today: datetime.date) -> None:
    expected, shown = expected_health(folder, today), sections(read_page(site, "stats/health"))
    for slug in ("abstract", "identifier", "venue", "code", "notes", "single-tags", "recent"):
        files = expected[slug]
        assert shown[slug]["total"] == len(files), slug
        in_order = sorted if slug == "single-tags" else list  # single tags go by the tag's name
        assert in_order(shown[slug]["files"]) == files[:SHOWN], slug
        assert shown[slug]["more"] == max(0, len(files) - SHOWN), slug
        assert shown[slug]["none"] == (not files), slug  # an empty section says so
    for slug in ("unused-tags", "unused-venues"):
        assert sorted(labels[0] for labels in shown[slug]["labels"]) == expected[slug], slug
        assert shown[slug]["total"] == len(expected[slug])
    assert shown["unknown-venues"]["total"] == 0 and shown["unknown-venues"]["none"]


# --- a list made to have one of everything -----------------------------------------------

@pytest.fixture(scope="module")
def shelf(tmp_path_factory) -> tuple[Path, Path]:
    """A list with a paper lacking each field, a tag on one paper and one on none, venue
    series unused, two names that look alike, organisations, and papers added around 30
    days before the build's day; built on that day. The site and the papers folder."""
    folder = tmp_path_factory.mktemp("shelf") / "papers"
    folder.mkdir()
    (folder / "tags.yml").write_text(TAGS_YML + "lonely:\n  name: Lonely\n  description: One paper.\n"
                                     "unused:\n  name: Unused\n  description: No paper.\n", encoding="utf-8")
    (folder / "venues.yml").write_text(VENUES_YML, encoding="utf-8")
    (folder / "authors.yml").write_text("Marc Najork:\n  variants: [M. Najork]\n"
                                        "DeepLab Org:\n  kind: organization\n", encoding="utf-8")
    write_paper(folder, "a-alpha.md", "title: Alpha\nauthors: [John Smith, DeepLab Org]\n"
                "date: 2024-03-01\nvenue: CVPR 2024\narxiv: '2403.00001'\n"
                "links: {code: 'https://example.org/alpha'}\ntags: [vision, ir]\n"
                f"added: {DAY}\nabstract: A.\n", "Worth it.\n")
    write_paper(folder, "b-beta.md", "title: Beta\nauthors: [J. Smith, M. Najork]\ndate: 2023\n"
                "venue: NIPS 2023\ndoi: 10.1234/beta\ntags: [vision]\nadded: 2025-01-05\n")
    write_paper(folder, "c-gamma.md", "title: Gamma\nauthors: [Marc Najork, DeepLab Org]\n"
                "date: 2023-07\norganization: Acme Lab\ntags: [retrieval, lonely]\nabstract: C.\n",
                "\nNotes.\n")
    write_paper(folder, "d-delta.md", "title: Delta\nauthors: [Ada Lovelace]\ndate: 2022-01-02\n"
                "venue: iclr 2022, oral\narxiv: '2201.00002'\norganization: DeepLab Org\n"
                "tags: [vision]\nadded: 2026-11-01\nabstract: D.\n")  # 29 days before
    write_paper(folder, "e-epsilon.md", "title: Epsilon\nauthors: [Wei Zhang]\ndate: 2021\n"
                "venue: bioRxiv\ntags: [vision]\nadded: 2026-10-31\nabstract: E.\n")  # 30 days
    project = make_project(folder.parent / "project", folder)
    with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": epoch(DAY)}):
        site = build(project)
    return site, project / "papers"


def test_the_stats_count_what_the_paper_files_hold(shelf):
    site, folder = shelf
    assert_stats_match(site, folder)
    shown = charts(read_page(site, "stats"))
    # What the files were written to hold, so that the counting above is known to count.
    assert shown["coverage"]["rows"][0] == ("Code", "1 (20%)")
    assert sorted(shown["venues"]["rows"]) == [("CVPR", "1"), ("ICLR", "1"), ("NeurIPS", "1"),
                                               ("bioRxiv", "1")]
    assert dict(shown["authors"]["rows"])["Marc Najork"] == "2"  # M. Najork is his variant
    assert dict(shown["organizations"]["rows"]) == {"DeepLab Org": "3", "Acme Lab": "1"}
    assert shown["added"]["rows"] == [("2025", "1"), ("2026", "3")]


def test_the_health_page_lists_what_the_paper_files_lack(shelf):
    site, folder = shelf
    assert_health_matches(site, folder, DAY)
    shown = sections(read_page(site, "stats/health"))
    assert shown["recent"]["files"] == ["papers/a-alpha.md", "papers/d-delta.md"]  # not 30 days ago
    assert shown["single-tags"]["labels"] == [["Lonely", "Gamma"]]  # Retrieval is Alpha's too (ir)
    assert shown["unused-tags"]["labels"] == [["Unused"]]
    assert shown["abstract"]["files"] == ["papers/b-beta.md"]


def test_names_that_look_alike_are_listed_as_papers_check_warns(shelf):
    site, folder = shelf
    shown = sections(read_page(site, "stats/health"))["lookalikes"]
    assert shown["labels"] == [["J. Smith", "John Smith"]]
    assert shown["files"] == ["papers/b-beta.md"]
    warned = papers("check", cwd=folder.parent).stdout
    assert "'J. Smith' looks like 'John Smith'" in warned


def test_each_item_links_its_page(shelf):
    site, _ = shelf
    page = read_page(site, "stats/health")
    assert '<a href="../../papers/b-beta/"><bdi>Beta</bdi></a>' in page
    assert '<a href="../../authors/j-smith/"><bdi>J. Smith</bdi></a> looks like ' in page
    items = "".join(re.findall(r'<ul class="ps-health__items">.*?</ul>', page, re.S))
    hrefs = re.findall(r'href="([^"]*)"', items)
    assert len(hrefs) >= 10
    for href in hrefs:
        assert (site / "stats" / "health" / href / "index.html").resolve().is_file(), href


def test_the_build_day_comes_from_source_date_epoch(shelf, tmp_path):
    _, folder = shelf
    later = DAY + datetime.timedelta(days=40)
    project = make_project(tmp_path / "project", folder)
    with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": epoch(later)}):
        site = build(project)
    page = read_page(site, "stats/health")
    assert f"as of {later.isoformat()}" in page
    assert sections(page)["recent"]["none"]


def test_charts_are_accessible_svg_in_the_palettes_colours(shelf):
    site, _ = shelf
    for slug, chart in charts(read_page(site, "stats")).items():
        svg = chart["svg"]
        labelled = re.search(r'role="img" aria-labelledby="([^"]+)"', svg)[1].split()
        assert labelled == [f"ps-chart-{slug}-title", f"ps-chart-{slug}-desc"]
        assert f'<title id="{labelled[0]}">' in svg and f'<desc id="{labelled[1]}">' in svg
        assert 'width="100%"' in svg and "viewBox" not in svg  # text keeps its size on a phone
        assert not re.search(r'\b(fill|stroke|style)="', svg)  # colours come from the theme's CSS


def test_the_health_page_is_out_of_search_and_the_navigation_but_linked_from_the_stats(shelf):
    site, _ = shelf
    page = read_page(site, "stats/health")
    assert 'data-pagefind-ignore="all"' in page
    stats = read_page(site, "stats")
    assert '<a href="../stats/health/">' in stats  # MkDocs keeps our relative link
    tabs = re.findall(r'class="md-tabs__link"[^>]*>\s*([^<]*?)\s*<', stats)
    assert tabs == ["Papers", "Tags", "Venues", "Authors", "Years", "Stats"]


def _contrast(one: str, two: str) -> float:
    def luminance(color: str) -> float:
        channels = [int(value) / 255 for value in re.findall(r"[\d.]+", color)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_charts_read_in_both_palettes_and_fit_a_phone(browser, shelf, scheme, width):
    from conftest import serving, site_handler

    site, _ = shelf
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    tab = context.new_page()
    with serving(site_handler(site)) as url:
        tab.goto(url + "stats/")
        colours = tab.evaluate("""() => {
            const style = element => getComputedStyle(document.querySelector(element));
            return {background: style('body').backgroundColor, bar: style('.ps-chart__bar').fill,
                    label: style('.ps-chart__label').fill, value: style('.ps-chart__value').fill,
                    size: parseFloat(style('.ps-chart__label').fontSize),
                    scroll: document.documentElement.scrollWidth}; }""")
    context.close()
    assert _contrast(colours["bar"], colours["background"]) >= 3  # a graphic (WCAG 1.4.11)
    assert _contrast(colours["label"], colours["background"]) >= 4.5
    assert _contrast(colours["value"], colours["background"]) >= 4.5
    assert colours["size"] >= 12 and colours["scroll"] <= width


# --- the live list ---------------------------------------------------------------------------

@pytest.mark.live_list
def test_the_live_lists_stats_count_what_its_files_hold(live_list, live_site):
    assert_stats_match(live_site, live_list)


@pytest.mark.live_list
def test_the_live_lists_health_page_lists_what_its_files_lack(live_list, live_site):
    assert_health_matches(live_site, live_list, build_day(live_list))
    warned = papers("check", cwd=live_list.parent).stdout.count("' looks like '")
    assert sections(read_page(live_site, "stats/health"))["lookalikes"]["total"] == warned
