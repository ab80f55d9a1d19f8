"""Publishing: the site served under a project sub-path, as GitHub Pages serves it."""

from __future__ import annotations

import functools
import os
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from unittest import mock

import pytest
from conftest import FIXTURE_LIST, build, make_project, search_for, serving
from playwright.sync_api import expect
from test_accessibility import serious_violations

BASE = "/shelf/"


class PagesHandler(SimpleHTTPRequestHandler):
    """Like GitHub Pages for a project site: files under BASE, and 404.html for what is missing."""

    def __init__(self, *args, requested: list[str], **kwargs):
        self.requested = requested
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path.removeprefix(BASE) if path.startswith(BASE) else "/..missing")

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_request(self, code="-", size="-"):
        self.requested.append(self.path)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The fixture list built for http://127.0.0.1:PORT/shelf/ and served there."""
    requested: list[str] = []
    project = make_project(tmp_path_factory.mktemp("pages") / "project", FIXTURE_LIST)
    handler = functools.partial(PagesHandler, requested=requested, directory=str(project / "site"))
    with serving(handler) as url:
        base_url = url.rstrip("/") + BASE
        with mock.patch.dict(os.environ, {"PAPERSHELF_SITE_URL": base_url}):
            build(project)
        yield base_url, requested


def test_links_work_under_a_sub_path(tab, pages):
    base_url, requested = pages
    failed = []
    # Material probes sitemap.xml next to every <link rel="alternate">, taking them for
    # language versions; next to a tag's feeds there is none. Anything else must load.
    tab.on("response", lambda response: response.status >= 400
           and not response.url.endswith("/sitemap.xml") and failed.append(response.url))
    tab.goto(base_url)
    tab.locator("a.ps-card__title", has_text="Pointer Networks").click()
    tab.wait_for_url(f"{base_url}papers/pointer-networks/")
    # Our stylesheet, found under the sub-path, rounds the tags; without it they are square.
    assert tab.evaluate("getComputedStyle(document.querySelector('.ps-tag')).borderTopLeftRadius") != "0px"
    tab.locator(".ps-paper-head a.ps-tag", has_text="Interpretability").click()
    tab.wait_for_url(f"{base_url}tags/interpretability/")
    tab.locator("a.ps-card__title", has_text="Seeing in the Dark").click()
    tab.locator(".ps-paper-head a", has_text="M. Najork").click()
    tab.wait_for_url(f"{base_url}authors/marc-najork/")
    tab.locator(".md-tabs__link", has_text="Years").click()
    tab.wait_for_url(f"{base_url}years/")
    tab.keyboard.press("/")  # search reads its index under the sub-path, and leads there
    tab.locator(".ps-search__input").press_sequentially("pointer")
    tab.locator(".ps-search__result", has_text="Pointer Networks").click()
    tab.wait_for_url(f"{base_url}papers/pointer-networks/")
    assert failed == [], failed
    assert all(path.startswith(BASE) for path in requested), requested


def test_missing_page_gets_the_404_page_with_working_links(tab, pages):
    base_url, _ = pages
    response = tab.goto(f"{base_url}no/such/page/")
    assert response.status == 404
    assert tab.locator("h1").inner_text() == "This page is not on the list"
    stylesheets = tab.evaluate("[...document.styleSheets].filter(s => s.href).length")
    assert stylesheets >= 2  # Material's and ours, found from a page at any depth
    sections = tab.locator("article a.md-button")
    assert sections.all_inner_texts() == ["Browse all papers", "Tags", "Venues", "Authors", "Years",
                                          "Stats"]
    tab.locator("article").get_by_role("button", name="Search the list").click()
    expect(tab.locator(".ps-search")).to_be_visible()
    expect(tab.locator(".ps-search__input")).to_be_focused()
    search_for(tab, "pointer networks")  # the index is found from the 404 page's depth too
    tab.keyboard.press("Escape")
    sections.filter(has_text="Tags").click()
    tab.wait_for_url(f"{base_url}tags/")
    assert tab.locator("h1").inner_text() == "Tags"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_404_page_passes_axe_in_both_palettes(browser, pages, scheme):
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    tab.goto(f"{pages[0]}no/such/page/")
    assert tab.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    found = serious_violations(tab)
    context.close()
    assert found == []
