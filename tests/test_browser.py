"""What a reader does in a real browser: search, follow a result, follow a tag."""

from __future__ import annotations

import re
import urllib.request

import pytest
from conftest import REPO, search_for
from playwright.sync_api import expect

SMITH = "papers/smith-long-document-matching/"


def search(tab, base_url: str, query: str) -> list[str]:
    """Open search with / and type a query: the links of the results, in their order."""
    tab.goto(base_url)
    tab.keyboard.press("/")
    search_for(tab, query)
    return tab.locator(".ps-search__result").evaluate_all("links => links.map(link => link.href)")


def test_search_an_author_follow_to_the_paper_then_to_its_tag(tab, served_site):
    links = search(tab, served_site, "Mingyang Zhang")
    assert any(SMITH in link for link in links)
    tab.locator(f".ps-search__result[href*='{SMITH}']").first.click()
    tab.wait_for_url(f"**/{SMITH}**")
    assert tab.locator("h1").inner_text().startswith("Beyond 512 Tokens")
    tab.locator(".ps-paper-head a.ps-tag", has_text="Retrieval").click()
    tab.wait_for_url("**/tags/retrieval/")
    assert tab.locator("h1").inner_text() == "Retrieval"
    listed = tab.locator("a.ps-card__title").all_inner_texts()
    assert any(title.startswith("Beyond 512 Tokens") for title in listed)


@pytest.mark.parametrize("query", ["Siamese", "Najork", "Retrieval", "relatively less explored"])
def test_search_finds_a_paper_by_title_author_tag_and_abstract(tab, served_site, query):
    assert any(SMITH in link for link in search(tab, served_site, query))


def test_no_script_from_a_paper_runs(tab, served_site):
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in ("", "papers/less-is-more/", "tags/vision/", "authors/ada-b-lovelace-b/"):
        tab.goto(served_site + url)  # which returns once the page has loaded
    assert dialogs == []
    assert tab.title() == "Ada <b>Lovelace</b> - Papershelf"


def test_bibtex_copy_button_copies_the_entry(browser, served_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.goto(served_site + SMITH)
    tab.locator(".ps-bibtex button[data-md-type=copy]").click()
    copied = tab.evaluate("navigator.clipboard.readText()")
    context.close()
    assert copied.startswith("@inproceedings{yang2020beyond,\n  title = {Beyond {512} Tokens")
    assert copied.rstrip().endswith("archivePrefix = {arXiv}\n}")


def test_citation_metadata_reads_back_from_the_page(tab, served_site):
    tab.goto(served_site + SMITH)
    meta = tab.evaluate("""() => Object.fromEntries(['citation_title', 'citation_publication_date',
        'citation_arxiv_id', 'citation_doi', 'citation_pdf_url', 'citation_conference_title']
        .map(name => [name, document.querySelector(`meta[name=${name}]`).content]))""")
    assert meta == {
        "citation_title": "Beyond 512 Tokens: Siamese Multi-depth Transformer-based Hierarchical "
                          "Encoder for Long-Form Document Matching",
        "citation_publication_date": "2020", "citation_arxiv_id": "2004.12297",
        "citation_doi": "10.1145/3340531.3411908", "citation_pdf_url": "https://arxiv.org/pdf/2004.12297",
        "citation_conference_title": "ACM International Conference on Information and Knowledge "
                                     "Management"}
    authors = tab.evaluate("[...document.querySelectorAll('meta[name=citation_author]')].map(m => m.content)")
    assert authors == ["Liu Yang", "Mingyang Zhang", "Marc Najork"]
    article = tab.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').text)")
    assert article["@type"] == "ScholarlyArticle" and article["datePublished"] == "2020-04-26"
    assert [person["name"] for person in article["author"]] == authors
    assert article["isPartOf"] == {"@type": "CreativeWorkSeries", "alternateName": "CIKM", "name": meta[
        "citation_conference_title"], "url": article["url"].replace(SMITH, "venues/cikm/")}


def test_hostile_values_come_back_as_text_in_the_metadata(tab, served_site):
    tab.goto(served_site + "papers/less-is-more/")
    title = "Less <is> More: *Stars* & _Underscores_ [1]"
    assert tab.evaluate("document.querySelector('meta[property=\"og:title\"]').content") == title
    assert tab.evaluate("document.querySelector('meta[name=citation_author]').content") == \
        "Ada <b>Lovelace</b>"
    article = tab.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').text)")
    assert article["headline"] == title
    assert tab.evaluate("document.querySelectorAll('script[type=\"application/ld+json\"]').length") == 1


def test_the_logo_and_palette_icons_are_drawn_from_files_the_site_serves(browser, served_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    tab = context.new_page()
    failed: list[str] = []  # of the site's own files (Material also asks GitHub of the repository)
    tab.on("requestfailed", lambda request: failed.append(request.url))
    tab.on("response", lambda response: failed.append(response.url) if response.status >= 400
           else None)
    tab.goto(served_site + "papers/pointer-networks/")
    tab.locator(".md-header label[for=__drawer]").click()
    icons = {name: tab.locator(f".ps-icon--{name}:visible").first
             for name in ("logo", "brightness-7")}
    for icon in icons.values():
        box = icon.bounding_box()
        assert box and box["width"] >= 20 and box["height"] >= 20  # 1.2rem at least
        assert "svg" in icon.evaluate("icon => getComputedStyle(icon).maskImage")
    tab.wait_for_load_state("networkidle")
    context.close()
    assert [url for url in failed if url.startswith(served_site)] == []
    page = urllib.request.urlopen(served_site).read().decode()
    for name in ("logo", "brightness-4", "brightness-7", "arrow-up"):  # not written into the page
        drawing = (REPO / "overrides" / "assets" / f"{name}.svg").read_text(encoding="utf-8")
        assert re.search(r' d="([^"]+)"', drawing)[1] not in page


def test_the_palette_a_reader_chooses_holds_on_the_next_page(browser, served_site):
    # Material's storage and palette scripts are files the pages load (see
    # overrides/partials/javascripts/): the choice is kept under the site's root, and read
    # back before the next page is drawn.
    context = browser.new_context(color_scheme="light")
    tab = context.new_page()
    tab.goto(served_site + "papers/pointer-networks/")
    assert tab.evaluate("document.body.dataset.mdColorScheme") == "default"
    tab.locator("label[title='Dark theme']").click()
    expect(tab.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    tab.goto(served_site + "tags/")
    assert tab.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert tab.evaluate("Object.keys(localStorage)") == ["/.__palette"]
    context.close()


def test_back_to_top_shows_its_arrow(browser, served_site):
    context = browser.new_context(viewport={"width": 1280, "height": 400})
    tab = context.new_page()
    tab.goto(served_site + "papers/pointer-networks/")
    tab.mouse.wheel(0, 2000)
    # Down as far as it goes before coming back up (the wheel does not wait for the scroll).
    tab.wait_for_function("scrollY >= Math.min(2000, document.documentElement.scrollHeight"
                          " - innerHeight) - 1")
    tab.mouse.wheel(0, -200)  # Material shows it on the way back up
    top = tab.locator(".md-top")
    expect(top).to_be_visible()
    arrow = top.locator(".ps-icon--arrow-up").bounding_box()
    assert arrow and arrow["width"] >= 20 and arrow["height"] >= 20
    context.close()
