"""Hostile input from a stranger's pull request: payloads in every field of a paper file, its
tags and its authors. No script runs, and every value reads back exactly as written."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import feedparser
import pytest
from conftest import FIXTURES, build, make_project, serving, site_handler

from generator.identity import fold
from generator.importer import read_records
from generator.index import check_list
from generator.related import more_by_authors, related_papers
from generator.render import reason

HOSTILE = FIXTURES / "hostile"
RAW_PAYLOADS = ("<script>window.__pwned", "<img src=x onerror", "<svg onload", "<iframe src=",
                "</script><script>", "<!-- <script>")


class Markup(HTMLParser):
    """Whatever in a page could run a payload: handlers, scripts, javascript: links."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self._script = tag == "script" and values.get("type") not in JSON_TYPES
        for name, value in attrs:
            value = (value or "").strip().lower()
            runs = name.startswith("on") or value.startswith(("javascript:", "data:"))
            if runs and "__pwned" in value:
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data):
        if self._script and "__pwned" in data:
            self.found.append(f"<script>{data}")

    def handle_endtag(self, tag):
        self._script = False


JSON_TYPES = ("application/ld+json", "application/json")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile list built into a site (its notes warn, so not strictly) and served."""
    site = build(make_project(tmp_path_factory.mktemp("hostile") / "project", HOSTILE))
    with serving(site_handler(site)) as url:
        yield site, url, check_list(HOSTILE)[0]


def test_the_hostile_list_is_accepted_with_warnings_only():
    index, problems = check_list(HOSTILE)
    assert problems and all(problem.warning for problem in problems)
    assert sorted(paper.slug for paper in index.papers) == sorted(path.stem for path in HOSTILE.glob("*.md"))


def test_no_script_runs_on_any_page_or_in_search(tab, hostile):
    site, base_url, _ = hostile
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = sorted(path.parent.relative_to(site).as_posix() for path in site.rglob("index.html"))
    assert len(pages) >= 15
    for page in pages:
        tab.goto(base_url + ("" if page == "." else page + "/"))  # returns once it has loaded
        assert tab.evaluate("window.__pwned") is None, page
    for query in ("Hostile", "script", "pwned"):  # names, titles and notes holding payloads
        tab.keyboard.press("/")
        tab.locator(".ps-search__input").fill("")
        tab.locator(".ps-search__input").press_sequentially(query)
        tab.locator(".ps-search__result").first.wait_for()
        assert tab.locator(".ps-search__results script, .ps-search__results img").count() == 0
        tab.keyboard.press("Escape")
    assert tab.evaluate("window.__pwned") is None
    assert dialogs == []


def test_no_raw_payload_in_any_page(hostile):
    site, _, index = hostile
    pages = list(site.rglob("*.html"))
    assert len(pages) > len(index.papers)  # a page per paper, and the lists
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for payload in RAW_PAYLOADS:
            assert payload not in text, (path, payload)
        assert Markup(text).found == [], path


def test_every_value_reads_back_exactly_on_its_page(tab, hostile):
    _, base_url, index = hostile
    tags = {tag.slug: tag for tag, _ in index.tags}
    for paper in index.papers:
        tab.goto(f"{base_url}papers/{paper.slug}/")
        assert tab.locator("article h1").inner_text() == paper.title
        assert tab.title() == f"{paper.title} - Papershelf"
        assert tab.locator(".ps-authors a").all_text_contents() == list(paper.authors)
        assert tab.locator(".ps-venue").text_content() == str(paper.venue)
        assert tab.locator(".ps-organization").text_content() == paper.organization
        assert tab.locator(".ps-abstract p").all_text_contents() == [paper.abstract]
        assert tab.locator(".ps-paper-head a.ps-tag").all_text_contents() == sorted(
            (tags[slug].name for slug in paper.tags), key=fold)  # chips go by name everywhere
        assert tab.evaluate("document.querySelector('meta[name=citation_title]').content") == paper.title
        article = tab.evaluate("JSON.parse(document.querySelector("
                               "'script[type=\"application/ld+json\"]').text)")
        assert article["headline"] == paper.title and "abstract" not in article
        _related_read_back(tab, paper, index, tags)
    for tag in tags.values():
        tab.goto(f"{base_url}tags/{tag.slug}/")
        assert tab.locator("article h1").inner_text() == tag.name
        assert tab.locator(".ps-description").inner_text().startswith(tag.description)
    for venue in index.venues:
        tab.goto(f"{base_url}venues/{venue.series.slug}/")
        assert tab.locator("article h1").inner_text() == venue.series.short
        assert tab.locator(".ps-description").inner_text().startswith(venue.series.name)
        assert tab.locator(".ps-card__title").all_text_contents() == [
            paper.title for paper in venue.papers]


def _related_read_back(tab, paper, index, tags):
    """The related papers and the more-by entries of a paper page (those not related
    already): titles, names and tags in their why lines, exactly as written."""
    related = related_papers(index.papers, index.author_of)[paper.slug]
    more, authors = more_by_authors(index.papers, index.author_of)[paper.slug]
    more = [item for item in more if item.paper not in [other.paper for other in related]]
    assert related or paper.slug == "abstract-payloads", "the list exercises them"
    assert tab.locator(".ps-related .ps-entry > a").all_text_contents() == [
        item.paper.title for item in related]
    assert tab.locator(".ps-related .ps-entry__why").all_text_contents() == [
        reason(item, tags) for item in related]
    assert tab.locator(".ps-more-by .ps-entry > a").all_text_contents() == [
        item.paper.title for item in more]
    assert tab.locator(".ps-more-by .ps-entry__why").all_text_contents() == [
        "By " + ", ".join(item.authors) for item in more]
    assert tab.locator(".ps-more-by__all a").all_text_contents() == [a.name for a in authors]


def test_related_cards_say_the_hostile_names_they_share():
    index = check_list(HOSTILE)[0]
    tags = {tag.slug: tag for tag, _ in index.tags}
    lines = [reason(item, tags) for related in related_papers(index.papers, index.author_of).values()
             for item in related]
    assert any(line.startswith("Also by '><svg onload") for line in lines)
    assert any("Hostile <script>" in line for line in lines)


def test_feeds_and_exports_give_every_value_back(hostile, tmp_path):
    site, _, index = hostile
    titles = sorted(paper.title for paper in index.papers)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo
    assert sorted(entry.title for entry in feed.entries) == titles
    assert sorted(entry.summary for entry in feed.entries) == sorted(p.abstract for p in index.papers)
    listed = json.loads((site / "papers.json").read_text(encoding="utf-8"))["papers"]
    assert sorted(paper["title"] for paper in listed) == titles
    csl = json.loads((site / "papers.csl.json").read_text(encoding="utf-8"))
    assert sorted(item["title"] for item in csl) == titles
    bib = tmp_path / "papers.bib"
    bib.write_text((site / "papers.bib").read_text(encoding="utf-8"), encoding="utf-8")
    assert sorted(record.title for record in read_records(bib)) == titles


def test_the_stats_and_health_pages_give_every_value_back(tab, hostile):
    _, base_url, index = hostile
    tab.goto(f"{base_url}stats/")

    def column(chart: str, cells: str = "tbody td:first-child") -> list[str]:
        return tab.locator(f"#ps-chart-{chart} {cells}").all_text_contents()

    assert column("tags") == [tag.name for tag, _ in sorted(index.tags, key=lambda item: -len(item[1]))]
    assert sorted(column("venues")) == sorted(venue.series.short for venue in index.venues)
    assert sorted(column("authors")) == sorted(author.name for author in index.authors)
    assert sorted(column("organizations")) == sorted({paper.organization for paper in index.papers})
    for chart in ("tags", "venues", "authors", "organizations"):  # the SVG's labels, too
        assert column(chart, ".ps-chart__label") == column(chart), chart
    tab.goto(f"{base_url}stats/health/")
    by_file = sorted(index.papers, key=lambda paper: paper.path)
    assert tab.locator("section[aria-labelledby=identifier] li bdi").all_text_contents() == [
        paper.title for paper in by_file]  # no paper of this list has an arXiv id or a DOI
    single = next(paper for paper in index.papers if "plain" in paper.tags)
    assert tab.locator("section[aria-labelledby=single-tags] li bdi").all_text_contents() == [
        "Plain", single.title]
    assert tab.locator("section[aria-labelledby=unused-tags] li").count() == 0
