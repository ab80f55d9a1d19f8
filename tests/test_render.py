"""Golden pages: what the generator renders for the fixture list, read and checked by hand.

After an intended change, rewrite them with UPDATE_GOLDEN=1 and read the diff before committing.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_LIST, FIXTURES

from generator.authors import author_slug
from generator.index import check_list
from generator.model import LINK_KINDS, Paper, PartialDate, Site
from generator.render import _CARD, KeptPages, buttons, compact, render_pages

GOLDEN = FIXTURES / "golden"
# The build's day: the health page lists the papers added in the 30 days before it.
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(scope="module")
def rendered() -> list:
    """The fixture list's pages, rendered when a test of this module first needs them (not
    as each worker of the suite collects the module)."""
    return render_pages(check_list(FIXTURE_LIST)[0],
                        Site("https://example.org/shelf/", "Shelf", today=TODAY))


@pytest.fixture(scope="module")
def pages(rendered) -> dict[str, str]:
    return {page.src_uri: page.inline(page.text) for page in rendered}


@pytest.fixture(scope="module")
def heads(rendered) -> dict[str, str]:
    return {page.src_uri.removesuffix(".md") + ".head.html": page.head() for page in rendered}


def test_every_input_has_its_page(pages):
    papers = [f"papers/{name}.md" for name in
              ("less-is-more", "garcia-vision-paper", "smith-long-document-matching", "pointer-networks")]
    tags = ["tags/interpretability.md", "tags/retrieval.md", "tags/vision.md"]
    authors = [f"authors/{slug}.md" for slug in
               ("meire-fortunato", "jose-garcia", "navdeep-jaitly", "marc-najork", "oriol-vinyals",
                "liu-yang", "mingyang-zhang", "ada-b-lovelace-b")]
    years = [f"years/{year}.md" for year in (2023, 2021, 2020, 2015)]
    venues = [f"venues/{slug}.md" for slug in ("cikm", "iccv", "quotes")]
    letters = [f"authors/letter/{letter}.md" for letter in ("f", "g", "j", "n", "v", "y", "z", "other")]
    indexes = ["index.md", "tags.md", "venues.md", "authors.md", "years.md", "stats.md", "search.md",
               "stats/health.md"]
    assert sorted(pages) == sorted(papers + tags + venues + authors + letters + years + indexes)


@pytest.mark.parametrize("name", sorted(path.relative_to(GOLDEN).as_posix()
                                       for path in GOLDEN.rglob("*.*")))
def test_page_matches_golden(pages, heads, name):
    rendered = (heads if name.endswith(".head.html") else pages)[name]
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


def test_core_never_imports_mkdocs():
    modules = ["generator.cli", "generator.render", "generator.importer", "generator.index",
               "generator.canonical", "generator.bibfile", "generator.metadata", "generator.feeds",
               "generator.exports", "generator.stats", "generator.health", "generator.related",
               "generator.similarity", "generator.settings", "generator.configfile",
               "generator.sources", "generator.records"]
    code = f"import sys, {', '.join(modules)}; print('mkdocs' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "False\n"


def test_every_link_kind_is_a_button_with_the_pdf_first():
    links = tuple((kind, f"https://example.org/{kind}") for kind in LINK_KINDS)
    paper = Paper("p", Path("p.md"), "T", ("Ann Lee",), PartialDate(2020), ("vision",), links=links)
    labels = [label for label, _ in buttons(paper)]
    assert labels[0] == "PDF" and sorted(labels) == sorted(LINK_KINDS.values())


def test_poster_and_supplement_links_are_buttons_after_the_slides():
    links = (("slides", "https://example.org/slides"), ("poster", "https://example.org/poster.pdf"),
             ("supplement", "https://example.org/supp.zip"))
    paper = Paper("p", Path("p.md"), "T", ("Ann Lee",), PartialDate(2020), ("vision",), links=links)
    assert buttons(paper) == [("Slides", "https://example.org/slides"),
                              ("Poster", "https://example.org/poster.pdf"),
                              ("Supplement", "https://example.org/supp.zip")]


def test_cards_are_only_in_blocks(rendered):
    # Page.inline looks for cards in blocks only: one anywhere else would stay a marker.
    assert all(not _CARD.search(page.body) for page in rendered)
    assert sum(len(_CARD.findall(block)) for page in rendered for block in page.blocks.values())


@pytest.mark.parametrize(("name", "slug"), [
    ("Marc Najork", "marc-najork"), ("O'Brien, J.", "o-brien-j"), ("Jean-Luc  Picard", "jean-luc-picard"),
    ("R2-D2 Unit_7", "r2-d2-unit-7"), ("...", ""), ("José García", "jose-garcia"), ("Łukasz", "lukasz"),
    ("Jose Garcia!", "jose-garcia")])
def test_an_author_page_address_is_the_name_in_ascii_words(name, slug):
    assert author_slug(name) == slug


def test_compact_drops_indentation_but_where_the_text_is_kept_as_written():
    page = ("<main>\n    <p>One\n\n      two</p>\n  <pre><code>  indented\n\n    code\n</code></pre>\n"
            "  <TEXTAREA>\n  a\n</TEXTAREA>\n  <script>\n  let a;\n</script>\n"
            '  <style media="print">\n  p {}\n</style >\n</main>\n')
    assert compact(page) == ("<main>\n<p>One\ntwo</p>\n<pre><code>  indented\n\n    code\n</code></pre>\n"
                             "<TEXTAREA>\n  a\n</TEXTAREA>\n<script>\n  let a;\n</script>\n"
                             '<style media="print">\n  p {}\n</style >\n</main>\n')


def test_kept_paper_pages_are_those_whose_whole_context_is_the_same(tmp_path):
    folder = shutil.copytree(FIXTURE_LIST, tmp_path / "papers")
    site, kept = Site("https://example.org/shelf/", "Shelf"), KeptPages()

    def paper_pages() -> dict:
        return {page.url: page for page in render_pages(check_list(folder)[0], site, kept=kept)
                if page.url.startswith("papers/")}

    first, again = paper_pages(), paper_pages()
    assert all(again[url].body is first[url].body for url in first), "not rendered again"
    # A related paper's title is part of the pages that list it, not of the paper's own.
    path = folder / "pointer-networks.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Pointer Networks",
                                                             "title: Pointer Nets"),
                    encoding="utf-8")
    changed = paper_pages()
    listing = [url for url, page in changed.items()
               if "Pointer Nets</a>" in page.inline(page.body)]
    assert listing and "papers/pointer-networks/" not in listing
    assert all(changed[url].body is not again[url].body for url in listing)
