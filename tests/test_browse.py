"""The browse view of the home page and the cards of every list, in Chromium, as a reader
uses them: filter, sort, share the URL, go back, open an abstract, copy and download BibTeX.
What the page should show is worked out from the fixture list's files."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import FIXTURE_LIST, build, make_project, serving, site_handler
from playwright.sync_api import expect

from generator.index import check_list

INDEX = check_list(FIXTURE_LIST)[0]


def shows(tab, expected: list[str]) -> None:
    """The browse view lists exactly these titles, in this order (waiting while it redraws)."""
    expect(tab.locator(".ps-browse .ps-card__title")).to_have_text(expected)


def newest_first(papers) -> list[str]:
    return [paper.title for paper in papers]  # the index keeps every list newest first


@pytest.fixture
def home(tab, served_site):
    """The home page with its browse view ready."""
    tab.goto(served_site)
    expect(tab.locator("#ps-browse[data-ready]")).to_have_count(1)
    return tab


def check(tab, facet: str, label: str) -> None:
    tab.locator(f".ps-facet[data-facet={facet}] label", has_text=label).locator("input").click()


def counts(tab, facet: str) -> dict[str, int]:
    rows = tab.locator(f".ps-facet[data-facet={facet}] label").all_inner_texts()
    return {row.rsplit(" ", 1)[0].strip(): int(row.rsplit(" ", 1)[1]) for row in rows}


def test_the_browse_view_shows_every_paper_newest_first_with_facet_counts(home):
    shows(home, newest_first(INDEX.papers))
    assert home.locator(".ps-browse__summary").inner_text() == f"{len(INDEX.papers)} papers"
    assert counts(home, "tag") == {tag.name: len(papers) for tag, papers in INDEX.tags}
    # The year a paper was published: its venue's, as its card's badge says, else its date's.
    assert counts(home, "year") == Counter(str(paper.issued.year) for paper in INDEX.papers)


def test_filters_combine_counts_follow_and_the_url_keeps_the_state(home, served_site):
    vision = [paper for paper in INDEX.papers if "vision" in paper.tags]
    check(home, "tag", "Vision")
    home.wait_for_url("**/?tag=vision")
    shows(home, newest_first(vision))
    # The other facets count among the vision papers; the tag facet still offers the others.
    assert counts(home, "year") == Counter(str(paper.issued.year) for paper in vision)
    assert counts(home, "tag")["Retrieval"] == sum("retrieval" in paper.tags for paper in INDEX.papers)
    check(home, "tag", "Retrieval")  # two values of one facet: either
    home.wait_for_url("**/?tag=vision&tag=retrieval")
    either = [paper for paper in INDEX.papers if {"vision", "retrieval"} & set(paper.tags)]
    shows(home, newest_first(either))
    year = str(vision[0].issued.year)
    check(home, "year", year)  # two facets: both
    shows(home, newest_first([p for p in either if str(p.issued.year) == year]))
    shared = home.url
    home.go_back()
    home.wait_for_url("**/?tag=vision&tag=retrieval")
    shows(home, newest_first(either))
    home.go_back()
    shows(home, newest_first(vision))
    home.goto(shared)  # a copied address opens the same view
    expect(home.locator("#ps-browse[data-ready]")).to_have_count(1)
    shows(home, newest_first([p for p in either if str(p.issued.year) == year]))
    assert home.locator(f".ps-facet[data-facet=year] input[value='{year}']").is_checked()


def test_the_text_box_narrows_by_title_author_and_venue_and_sorting_orders(home):
    home.locator(".ps-browse__search").press_sequentially("najork")
    najork = [paper for paper in INDEX.papers if any("Najork" in name for name in paper.authors)]
    expect(home.locator(".ps-browse .ps-card")).to_have_count(len(najork))
    assert re.search(r"[?&]q=najork", home.url)
    home.locator(".ps-browse__search").fill("")
    home.locator(".ps-browse__search").press_sequentially("ICCV")
    shows(home, [paper.title for paper in INDEX.papers if "ICCV" in str(paper.venue)])
    home.locator(".ps-browse__search").fill("")
    home.locator(".ps-browse__search").press_sequentially(" ")
    home.locator(".ps-browse__sort").select_option("title")
    shows(home, sorted((paper.title for paper in INDEX.papers), key=str.lower))
    assert "sort=title" in home.url


def test_the_text_box_ignores_case_and_accents_and_matches_the_starts_of_words(home):
    box = home.locator(".ps-browse__search")
    for text, name in (("jose garc", "José García"), ("GARCÍA", "José García")):
        box.fill(text)
        shows(home, newest_first([p for p in INDEX.papers if name in p.authors]))
    box.fill("arcia")  # inside a word only
    expect(home.locator(".ps-browse .ps-card")).to_have_count(0)


def test_no_paper_left_names_the_filters_and_offers_to_drop_the_last(home, served_site):
    vision = [paper for paper in INDEX.papers if "vision" in paper.tags]
    clear = home.get_by_role("button", name="Clear filters")
    expect(clear).to_be_hidden()
    check(home, "tag", "Vision")
    home.locator(".ps-browse__search").fill("zzzz")
    expect(home.locator(".ps-browse__empty")).to_contain_text(
        "No paper matches “zzzz” and Tags: Vision.")
    home.get_by_role("button", name="Remove “zzzz”").click()
    shows(home, newest_first(vision))
    expect(home.locator(".ps-browse__search")).to_have_value("")
    clear.click()
    shows(home, newest_first(INDEX.papers))
    expect(clear).to_be_hidden()
    assert home.url == served_site


def test_the_keyboard_stays_on_the_control_it_used(home):
    authors = home.locator(".ps-facet[data-facet=author]")
    shown = authors.locator("input").count()
    authors.locator(".ps-facet__all").focus()
    home.keyboard.press("Enter")  # the button goes: the keyboard goes to the first value it showed
    expect(authors.locator("input")).not_to_have_count(shown)
    assert home.evaluate("document.activeElement.value") == authors.locator(
        "input").nth(shown).get_attribute("value")
    tag = home.locator(".ps-facet[data-facet=tag] input").first
    value = tag.get_attribute("value")
    tag.focus()
    home.keyboard.press("Space")  # the facets are drawn again: the keyboard stays on it
    expect(home.locator(f".ps-facet[data-facet=tag] input[value='{value}']")).to_be_checked()
    assert home.evaluate("[document.activeElement.type, document.activeElement.value]") == [
        "checkbox", value]


def test_a_card_opens_its_abstract_and_copies_its_bibtex(browser, served_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    # The page's clock stands still but when moved on, past the label's two seconds.
    tab.clock.install(time=0)
    tab.clock.pause_at(0)
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url))
    smith = next(paper for paper in INDEX.papers if paper.slug == "smith-long-document-matching")
    for url in ("", "tags/retrieval/"):  # a card the script draws, and one in the page's HTML
        tab.goto(served_site + url)
        if not url:
            expect(tab.locator("#ps-browse[data-ready]")).to_have_count(1)
        card = tab.locator(".ps-card", has_text=smith.title)
        card.locator("summary", has_text="Abstract").click()
        expect(card.locator(".ps-abstract")).to_contain_text("relatively less explored")
        card.locator("summary", has_text="BibTeX").click()
        expect(card.locator(".ps-card__bibtex code")).to_contain_text("@inproceedings{yang2020beyond,")
        card.locator(".ps-copy").click()
        expect(card.locator(".ps-copy")).to_have_text("Copied")
        tab.clock.run_for(1900)
        expect(card.locator(".ps-copy")).to_have_text("Copied")
        tab.clock.run_for(100)  # two seconds on
        expect(card.locator(".ps-copy")).to_have_text("Copy")
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("@inproceedings{yang2020beyond,") and copied.rstrip().endswith("}")
    context.close()
    # The toggles read the paper's few hundred bytes beside its page, once, not its page.
    assert {url for url in fetched if "/papers/smith-long-document-matching/" in url} == {
        served_site + "papers/smith-long-document-matching/paper.json"}


def test_the_bibtex_of_the_papers_shown_downloads(home):
    check(home, "tag", "Vision")
    with home.expect_download() as download:
        home.locator(".ps-browse__download").click()
    text = download.value.path().read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,]+),", text, re.MULTILINE)
    assert keys == [INDEX.keys[paper.slug] for paper in INDEX.papers if "vision" in paper.tags]


def test_the_home_page_reads_without_its_script(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(served_site)
    assert tab.locator(".ps-card__title").all_inner_texts() == newest_first(INDEX.papers)
    for year in INDEX.years:
        assert tab.locator(".ps-browse__more a", has_text=str(year.number)).count() == 1
    context.close()


@pytest.fixture(scope="module")
def one_author_shown(tmp_path_factory):
    """The fixture list built with authors_shown: 1, and served."""
    project = make_project(tmp_path_factory.mktemp("one-author") / "project", FIXTURE_LIST)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - papershelf\n", "  - papershelf: {authors_shown: 1}\n"),
                      encoding="utf-8")
    with serving(site_handler(build(project))) as url:
        yield url


@pytest.mark.parametrize("url", ["", "years/2020/"])  # drawn by the script, and in the HTML
def test_more_authors_wait_behind_a_button_that_shows_them(tab, one_author_shown, url):
    paper = next(paper for paper in INDEX.papers if paper.slug == "smith-long-document-matching")
    tab.goto(one_author_shown + url)
    if not url:  # the browse view replaces the page's own list once it is ready
        expect(tab.locator("#ps-browse[data-ready]")).to_have_count(1)
    card = tab.locator(".ps-card", has_text=paper.title)
    shown = card.locator(".ps-card__authors bdi:visible")
    expect(shown).to_have_text(list(paper.authors[:1]))
    card.locator(".ps-card__more").focus()
    tab.keyboard.press("Enter")
    expect(shown).to_have_text(list(paper.authors))  # as soon as the press is handled
    expect(card.locator(".ps-card__more")).to_have_count(0)
    # The button is gone: the keyboard is on the names it showed, not back at the page's top.
    assert tab.evaluate("document.activeElement.classList.contains('ps-card__rest--open')")


def test_an_authors_page_marks_them_on_every_card_and_never_folds_them(tab, one_author_shown):
    najork = next(author for author in INDEX.authors if author.name == "Marc Najork")
    tab.goto(one_author_shown + najork.url)
    cards = tab.locator(".ps-card")
    expect(cards).to_have_count(len(najork.papers))
    for paper, card in zip(najork.papers, cards.all(), strict=True):
        [written] = [name for name in paper.authors if INDEX.author_of[name] is najork]
        position = paper.authors.index(written)
        shown = card.locator(".ps-card__authors bdi:visible")
        expect(shown).to_have_text(list(paper.authors[:max(1, position + 1)]))
        expect(card.locator(".ps-card__authors strong")).to_have_text(written)


def test_on_a_phone_show_n_papers_folds_the_filters_and_shows_the_first_result(browser,
                                                                               served_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    tab = context.new_page()
    tab.goto(served_site)
    expect(tab.locator("#ps-browse[data-ready]")).to_have_count(1)
    filters = tab.locator(".ps-browse__filters")
    assert not filters.evaluate("details => details.open")  # folded to begin with
    filters.locator("summary").click()
    check(tab, "tag", "Vision")
    vision = [paper for paper in INDEX.papers if "vision" in paper.tags]
    apply = tab.locator(".ps-browse__apply")
    expect(apply).to_have_text(f"Show {len(vision)} paper{'s' if len(vision) > 1 else ''}")
    apply.click()
    assert not filters.evaluate("details => details.open")
    expect(tab.locator(".ps-browse .ps-card").first).to_be_in_viewport()
    shows(tab, newest_first(vision))
    context.close()


def test_the_abstracts_view_shows_the_start_of_each_cards_abstract_and_stays_in_the_address(
        home, served_site):
    home.get_by_role("button", name="Abstracts").click()
    home.wait_for_url("**/?view=abstracts")
    first = next(paper for paper in INDEX.papers if paper.abstract)
    card = home.locator(".ps-browse .ps-card", has_text=first.title)
    start = " ".join(first.abstract.split())[:40]
    expect(card.locator(".ps-card__abstract")).to_contain_text(start)
    check(home, "tag", {tag.slug: tag.name for tag, _ in INDEX.tags}[first.tags[0]])
    assert "view=abstracts" in home.url  # a filter keeps the view
    expect(home.locator(".ps-browse .ps-card__abstract").first).to_be_visible()
    home.goto(served_site + "?view=abstracts")  # and so does a copied address
    expect(home.get_by_role("button", name="Abstracts")).to_have_attribute("aria-pressed", "true")
    home.get_by_role("button", name="Abstracts").click()
    expect(home.locator(".ps-card__abstract")).to_have_count(0)


def test_marks_are_kept_in_the_browser_and_make_a_list_of_ones_own(browser, served_site):
    context = browser.new_context()
    tab = context.new_page()
    pointer = next(paper for paper in INDEX.papers if paper.slug == "pointer-networks")
    tab.goto(served_site + "tags/")  # a mark of a paper no longer on the list is dropped
    tab.evaluate("localStorage.setItem('/.papershelf.marks', JSON.stringify({gone: 'read'}))")
    tab.goto(served_site + "tags/" + pointer.tags[0] + "/")
    card = tab.locator(".ps-card", has_text=pointer.title)
    card.get_by_role("button", name="To read").click()
    tab.goto(served_site + pointer.url)  # the paper's page knows, and can change it
    expect(tab.locator(".ps-paper-marks").get_by_role("button", name="To read")).to_have_attribute(
        "aria-pressed", "true")
    tab.goto(served_site)
    expect(tab.locator("#ps-browse[data-ready]")).to_have_count(1)
    assert counts(tab, "mine") == {"To read": 1, "Not marked": len(INDEX.papers) - 1}
    check(tab, "mine", "To read")
    shows(tab, [pointer.title])
    expect(tab.locator(".ps-browse__download")).to_have_text("Download BibTeX (1)")
    card = tab.locator(".ps-browse .ps-card", has_text=pointer.title)
    card.get_by_role("button", name="Read", exact=True).click()  # read now: off this view
    shows(tab, [])
    tab.reload()  # marks survive a reload
    expect(tab.locator("#ps-browse[data-ready]")).to_have_count(1)
    assert counts(tab, "mine")["Read"] == 1
    assert tab.evaluate("JSON.parse(localStorage.getItem('/.papershelf.marks'))") == {
        "pointer-networks": "read"}
    context.close()


def test_without_the_script_no_mark_shows(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(served_site + "papers/pointer-networks/")
    assert tab.locator(".ps-mark").count() == 0 and tab.locator("h1").count() == 1
    context.close()


def test_papers_new_since_the_last_visit_carry_a_badge_and_the_first_visit_marks_none(
        browser, served_site):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(served_site)
    expect(tab.locator("#ps-browse[data-ready]")).to_have_count(1)
    expect(tab.locator(".ps-new")).to_have_count(0)
    # The last visit saw the list before its newest papers came.
    when = {paper.title: str(paper.added or paper.date) for paper in INDEX.papers}
    before = sorted(set(when.values()))[-3]  # two papers are new
    tab.evaluate("seen => localStorage.setItem('/.papershelf.visit', JSON.stringify("
                 "{seen: seen, since: seen}))", before)
    for _ in range(2):  # a reload keeps what this visit found new
        tab.reload()
        expect(tab.locator("#ps-browse[data-ready]")).to_have_count(1)
        new = tab.locator(".ps-card", has=tab.locator(".ps-new")).locator(".ps-card__title")
        expect(new).to_have_text([title for title in newest_first(INDEX.papers)
                                  if when[title] > before])
    # A tag's page marks the same papers among its own, once the browse view has kept the visit.
    tag, papers = next((tag, papers) for tag, papers in INDEX.tags
                       if {when[paper.title] > before for paper in papers} == {True, False})
    tab.goto(served_site + f"tags/{tag.slug}/")
    new = tab.locator(".ps-card", has=tab.locator(".ps-new")).locator(".ps-card__title")
    expect(new).to_have_text([paper.title for paper in papers if when[paper.title] > before])
    context.close()


def test_a_first_visit_to_a_tag_page_marks_no_paper_new(tab, served_site):
    tag = INDEX.tags[0][0]
    tab.goto(served_site + f"tags/{tag.slug}/")
    expect(tab.locator(".ps-card .ps-mark").first).to_be_visible()  # the script has run
    expect(tab.locator(".ps-new")).to_have_count(0)
