"""What a reader does in a real browser: search, follow a result, follow a tag."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

SMITH = "papers/smith-long-document-matching/"


def search(tab, base_url: str, query: str) -> list[str]:
    """Type a query into Material's search box; the links of the results."""
    tab.goto(base_url)
    box = tab.locator("input.md-search__input")
    box.click()
    # Material drops what is typed while its search worker is still building the index.
    expect(tab.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    box.press_sequentially(query)
    results = tab.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    return [link.get_attribute("href") for link in results.all()]


def test_search_an_author_follow_to_the_paper_then_to_its_tag(tab, served_site):
    links = search(tab, served_site, "Mingyang Zhang")
    assert any(SMITH in link for link in links)
    tab.locator(f".md-search-result__item a[href*='{SMITH}']").first.click()
    tab.wait_for_url(f"**/{SMITH}**")
    assert tab.locator("h1").inner_text().startswith("Beyond 512 Tokens")
    tab.locator(".ps-paper-head a.ps-tag", has_text="Retrieval").click()
    tab.wait_for_url("**/tags/retrieval/")
    assert tab.locator("h1").inner_text() == "Retrieval"
    listed = tab.locator("a.ps-paper-entry__title").all_inner_texts()
    assert any(title.startswith("Beyond 512 Tokens") for title in listed)


@pytest.mark.parametrize("query", ["Siamese", "Najork", "Retrieval", "relatively less explored"])
def test_search_finds_a_paper_by_title_author_tag_and_abstract(tab, served_site, query):
    assert any(SMITH in link for link in search(tab, served_site, query))


def test_no_script_from_a_paper_runs(tab, served_site):
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in ("", "papers/less-is-more/", "tags/vision/", "authors/ada-b-lovelace-b/"):
        tab.goto(served_site + url)
        tab.wait_for_load_state("load")
    assert dialogs == []
    assert tab.title() == "Ada <b>Lovelace</b> - Papershelf"


def test_bibtex_copy_button_copies_the_entry(browser, served_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.goto(served_site + SMITH)
    tab.locator(".ps-bibtex button[data-md-type=copy]").click()
    copied = tab.evaluate("navigator.clipboard.readText()")
    context.close()
    assert copied.startswith("@inproceedings{yang2020beyond,\n  title = {Beyond 512 Tokens")
    assert copied.rstrip().endswith("archivePrefix = {arXiv}\n}")
