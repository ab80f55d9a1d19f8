"""Every kind of page, in both palettes, passes axe-core with no serious or critical
violation; names keep their order in any script; the paper's title leads its page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

# The 404 page links its assets from site_url, which this served copy is not at: its check
# is in test_publish.py, where the site is built for the address it is served at.
PAGES = ["", "papers/smith-long-document-matching/", "tags/", "tags/vision/", "venues/",
         "venues/cikm/", "authors/", "authors/marc-najork/", "years/", "years/2021/", "stats/",
         "stats/health/"]


def serious_violations(tab) -> list[tuple[str, list]]:
    """What axe-core finds on the page that is serious or critical: rule, first elements."""
    violations = Axe().run(tab).response["violations"]
    return [(violation["id"], [node["target"] for node in violation["nodes"]][:3])
            for violation in violations if violation["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_axe_violation_on_any_kind_of_page(browser, served_site, scheme):
    # A context of its own: Material keeps the palette it first chose in local storage.
    context = browser.new_context(color_scheme=scheme)
    tab = context.new_page()
    found = {}
    for url in PAGES:
        tab.goto(served_site + url)  # which returns once the page has loaded
        if url == "":
            tab.wait_for_selector("#ps-browse[data-ready]")
        palette = tab.evaluate("document.body.dataset.mdColorScheme")
        assert palette == ("slate" if scheme == "dark" else "default")
        found[url] = serious_violations(tab)
    context.close()
    assert {url: problems for url, problems in found.items() if problems} == {}


def test_the_papers_title_is_the_strongest_thing_on_its_page(tab, served_site):
    tab.goto(served_site + "papers/smith-long-document-matching/")
    styles = tab.evaluate("""() => [...document.querySelectorAll('article *')].map(element => {
        const style = getComputedStyle(element);
        return [element.tagName, parseFloat(style.fontSize), Number(style.fontWeight)]; })""")
    title = next(style for style in styles if style[0] == "H1")
    assert title[2] >= 700
    assert all(size <= title[1] for _, size, _ in styles)
