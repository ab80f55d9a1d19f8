"""Pages of the curator's own (papers/pages/): in the navigation in their order, rendered
with the theme and sanitised as notes are, searchable, their links to paper files made links
to the papers' pages and checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURE_LIST, build, make_project, papers, search_for, serving, site_handler
from mkdocs.exceptions import Abort, PluginError
from playwright.sync_api import expect

ABOUT = """\
---
title: About <this> list
order: 2
---
We read [Pointer Networks](../pointer-networks.md#cite) first, then
[the dark](papers/garcia-vision-paper.md), as [our guide](guide.md) says.

## Our rule

Every paper is read. $O(n \\log n)$ is fine. <script>alert(1)</script>

[ref]: ../less-is-more.md
"""
GUIDE = """\
---
title: A guide for newcomers
order: 1
---
Start here, then read [about the list](about.md).
"""


def with_pages(root: Path, **pages: str) -> Path:
    """A copy of the fixture list's project with these pages (name: text) in papers/pages/."""
    project = make_project(root, FIXTURE_LIST)
    (project / "papers" / "pages").mkdir()
    for name, text in pages.items():
        (project / "papers" / "pages" / f"{name}.md").write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(with_pages(tmp_path_factory.mktemp("pages"), about=ABOUT, guide=GUIDE))


def test_the_pages_follow_the_sections_in_the_navigation_in_their_order(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    tabs = re.findall(r'<a href="([^"]*)" class="md-tabs__link">\s*(.*?)\s*</a>', home, re.S)
    assert tabs[-3:] == [("stats/", "Stats"), ("pages/guide/", "A guide for newcomers"),
                         ("pages/about/", "About &lt;this&gt; list")]


def test_a_pages_links_to_paper_and_page_files_lead_to_their_pages(site):
    html = (site / "pages" / "about" / "index.html").read_text(encoding="utf-8")
    links = dict((text, href) for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', html))
    assert links["Pointer Networks"] == "../../papers/pointer-networks/#cite"
    assert links["the dark"] == "../../papers/garcia-vision-paper/"
    assert links["our guide"] == "../../pages/guide/"
    assert "<h1>About &lt;this&gt; list</h1>" in html
    assert '<h2 id="our-rule">' in html and "<math" in html
    assert "<script>alert" not in html and "alert(1)" not in html


def test_a_broken_link_stops_the_check_and_the_strict_build_at_its_line(tmp_path):
    broken = ABOUT.replace("papers/garcia-vision-paper.md", "../no-such-paper.md")
    project = with_pages(tmp_path, about=broken, guide=GUIDE)
    checked = papers("check", cwd=project)
    expected = ("papers/pages/about.md:6: link to '../no-such-paper.md': no paper or page has "
                "this file; link a paper by its file, as '../slug.md' from a page")
    assert checked.returncode == 1
    assert expected in checked.stdout + checked.stderr
    with pytest.raises((PluginError, Abort)):
        build(project, strict=True)


@pytest.mark.parametrize(("front_matter", "message"), [
    ("order: 1\n", "papers/pages/x.md:1: 'title': missing; a page needs the title its "
                   "navigation link and heading show"),
    ("title: X\norder: first\n", "papers/pages/x.md:3: 'order': expected a whole number"),
    ("title: X\nauthor: me\n", "papers/pages/x.md:3: 'author': not a field of a page; a page "
                               "has title and order"),
])
def test_a_page_with_wrong_front_matter_is_an_error_at_its_line(tmp_path, front_matter, message):
    project = with_pages(tmp_path, x=f"---\n{front_matter}---\nText.\n")
    checked = papers("check", cwd=project)
    assert checked.returncode == 1 and message in checked.stdout + checked.stderr


def test_anything_but_markdown_files_in_the_pages_folder_is_reported(tmp_path):
    project = with_pages(tmp_path, about=ABOUT.replace("[our guide](guide.md)", "our guide"))
    (project / "papers" / "pages" / "notes.txt").write_text("x", encoding="utf-8")
    checked = papers("check", cwd=project)
    assert checked.returncode == 1
    assert ("papers/pages/notes.txt:1: not a page file: pages are .md files directly in "
            "papers/pages/") in checked.stdout + checked.stderr


def test_a_page_is_found_by_search(site, tab):
    with serving(site_handler(site)) as url:
        tab.goto(url + "tags/")
        tab.keyboard.press("/")
        search_for(tab, "newcomers")
        result = tab.locator(".ps-search__result").first
        expect(result.locator(".ps-search__kind")).to_have_text("Page")
        expect(result.locator(".ps-search__title")).to_have_text("A guide for newcomers")
        result.click()
        tab.wait_for_url("**/pages/guide/")


def test_what_the_sanitiser_takes_from_a_page_is_a_warning(tmp_path):
    checked = papers("check", cwd=with_pages(tmp_path, about=ABOUT, guide=GUIDE))
    assert checked.returncode == 0
    assert ("papers/pages/about.md:5: warning: page: the site removes <script>; no script, "
            "event handler, frame or javascript: link from a paper reaches a page"
            ) in checked.stdout.splitlines()
