"""Every kind of page, in both palettes, passes axe-core with no serious or critical
violation; names keep their order in any script; the paper's title leads its page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import FIXTURE_LIST, build, make_project, serving, site_handler

# The 404 page links its assets from site_url, which this served copy is not at: its check
# is in test_publish.py, where the site is built for the address it is served at.
PAGES = ["", "papers/smith-long-document-matching/", "tags/", "tags/vision/", "venues/",
         "venues/cikm/", "authors/", "authors/marc-najork/", "years/", "years/2021/", "stats/",
         "stats/health/", "search/?q=paper"]


# The rules of WCAG 2.0 to 2.2, A and AA (2.2's target size among them), and axe's own.
# Every element is checked against each; only the violations are gathered and sent back
# (axe lists the passes, element by element, unless told not to: a third of its time).
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                "wcag22aa", "best-practice"]},
         "resultTypes": ["violations"]}


def serious_violations(tab) -> list[tuple[str, list]]:
    """What axe-core finds on the page that is serious or critical: rule, first elements."""
    violations = Axe().run(tab, options=RULES).response["violations"]
    return [(violation["id"], [node["target"] for node in violation["nodes"]][:3])
            for violation in violations if violation["impact"] in ("serious", "critical")]


# Both palettes on a phone, where touch targets matter most, and the desktop's layout.
@pytest.mark.parametrize("scheme, width", [("light", 390), ("dark", 390), ("light", 1280)])
def test_no_serious_or_critical_axe_violation_on_any_kind_of_page(browser, served_site, scheme,
                                                                   width):
    # A context of its own: Material keeps the palette it first chose in local storage.
    phone = {"is_mobile": True, "has_touch": True} if width < 600 else {}
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 844},
                                  **phone)
    tab = context.new_page()
    found = {}
    for url in PAGES:
        tab.goto(served_site + url)  # which returns once the page has loaded
        if url == "":
            tab.wait_for_selector("#ps-browse[data-ready]")
        if url.startswith("search/"):
            tab.wait_for_selector("#ps-results .ps-search__result")
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


@pytest.mark.live_list
# The theme's sizes, which a paper more or less leaves as they are (a card is drawn as every
# other): on the committed list alone. The copies' builds are proven by test_live_list.py.
@pytest.mark.parametrize("live_list", ["as-committed"], indirect=True)
def test_every_target_of_the_live_lists_home_is_big_enough_on_a_phone(browser, live_site):
    """WCAG 2.2's target size on a list with many tags a card (the fixture list has few)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    tab = context.new_page()
    with serving(site_handler(live_site)) as url:
        tab.goto(url)
        tab.wait_for_selector("#ps-browse[data-ready]")
        found = Axe().run(tab, options={"runOnly": {"type": "rule", "values": ["target-size"]},
                                        "resultTypes": ["violations"]})
    context.close()
    assert [node["target"] for violation in found.response["violations"]
            for node in violation["nodes"]] == []


@pytest.fixture(scope="module")
def site_with_page_and_path(tmp_path_factory):
    """The fixture list with a page of the curator's own and a reading path, served."""
    project = make_project(tmp_path_factory.mktemp("page-and-path"), FIXTURE_LIST)
    for folder, text in (("pages", "---\ntitle: About\n---\nSee [Pointer Networks]"
                                   "(../pointer-networks.md).\n\n## Why\n\nBecause.\n"),
                         ("paths", "---\ntitle: Two steps\nsteps:\n  - paper: pointer-networks\n"
                                   "    why: First.\n  - paper: garcia-vision-paper\n"
                                   "    why: Then.\n---\nAn introduction.\n")):
        (project / "papers" / folder).mkdir()
        (project / "papers" / folder / "x.md").write_text(text, encoding="utf-8")
    with serving(site_handler(build(project))) as url:
        yield url


@pytest.mark.parametrize("scheme, width", [("light", 390), ("dark", 390), ("light", 1280)])
def test_the_pages_of_pages_and_paths_pass_axe(browser, site_with_page_and_path, scheme, width):
    phone = {"is_mobile": True, "has_touch": True} if width < 600 else {}
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 844},
                                  **phone)
    tab = context.new_page()
    found = {}
    for url in ("pages/x/", "paths/", "paths/x/", "papers/pointer-networks/"):
        tab.goto(site_with_page_and_path + url)
        found[url] = serious_violations(tab)
    context.close()
    assert {url: problems for url, problems in found.items() if problems} == {}
