"""Search, as a reader uses it in Chromium: opened from the header or with / or s, results
labelled by kind with exact names first, the keyboard, and what a query downloads."""

from __future__ import annotations

import gzip
import json
import re
import shutil

from conftest import (
    FIXTURE_LIST,
    build,
    make_project,
    search_for,
    serving,
    site_handler,
    write_paper,
)
from playwright.sync_api import expect

from generator import search
from generator.index import check_list

INDEX = check_list(FIXTURE_LIST)[0]
# The fixture list's one lab: a paper from an organisation, without named authors' pages.
[LAB] = {paper.organization for paper in INDEX.papers if paper.organization}
BUDGET = 250 * 1024  # bytes a first query may fetch on a cold cache, for a list this size


def query(tab, text: str, seconds: float = 5) -> list[tuple[str, str, str]]:
    """Type into the open search: each result's kind, title and details."""
    search_for(tab, text, seconds)
    rows = tab.locator(".ps-search__result")
    return [(row.locator(".ps-search__kind").inner_text(), row.locator(".ps-search__title").inner_text(),
             row.locator(".ps-search__details").inner_text()) for row in rows.all()]


def _title(slug: str) -> str:
    return next(paper.title for paper in INDEX.papers if paper.slug == slug)


SMITH = _title("smith-long-document-matching")
# Queries a reader types, and the result that must come first: names whole, in part and
# without their accents, topics, venues with and without a year, a title's words, a lab.
FIRST_RESULTS = [
    ("vision", ("TAG", "Vision")),  # a tag's name: the tag first, then its papers
    ("retrieval", ("TAG", "Retrieval")),
    ("interpretability", ("TAG", "Interpretability")),
    ("najork", ("AUTHOR", "Marc Najork")),  # a surname: the author first
    ("Marc Najork", ("AUTHOR", "Marc Najork")),
    ("vinyals", ("AUTHOR", "Oriol Vinyals")),
    ("Oriol Vinyals", ("AUTHOR", "Oriol Vinyals")),
    ("Meire Fortunato", ("AUTHOR", "Meire Fortunato")),
    ("navdeep", ("AUTHOR", "Navdeep Jaitly")),  # a first name
    ("Jaitly", ("AUTHOR", "Navdeep Jaitly")),
    ("liu yang", ("AUTHOR", "Liu Yang")),
    ("mingyang", ("AUTHOR", "Mingyang Zhang")),
    ("garcía", ("AUTHOR", "José García")),
    ("garcia", ("AUTHOR", "José García")),  # without the accent
    ("jose garcia", ("AUTHOR", "José García")),
    ("cikm", ("VENUE", "CIKM")),
    ("iccv", ("VENUE", "ICCV")),
    ("CIKM 2020", ("PAPER", SMITH)),  # a venue and its year: its paper
    ("ICCV 2021", ("PAPER", _title("garcia-vision-paper"))),
    ("pointer networks", ("PAPER", "Pointer Networks")),  # a title
    ("Beyond 512 Tokens", ("PAPER", SMITH)),  # a title's start
    ("siamese", ("PAPER", SMITH)),  # a word of a title
    ("hierarchical encoder", ("PAPER", SMITH)),
    ("SMITH", ("PAPER", SMITH)),  # a word of the abstract
    (LAB.lower(), ("ORGANISATION", LAB)),  # a lab is a record, though it has no page
    ("pointr networks", ("PAPER", "Pointer Networks")),  # a letter missing
    ("poinster networks", ("PAPER", "Pointer Networks")),  # a letter too many
    ("fortumato", ("AUTHOR", "Meire Fortunato")),  # a letter wrong
    ("najrok", ("AUTHOR", "Marc Najork")),  # two letters swapped
    ("retreival", ("TAG", "Retrieval")),
]


def test_the_first_result_of_each_query_is_what_was_meant(tab, served_site):
    tab.goto(served_site)
    tab.keyboard.press("/")
    firsts = {text: query(tab, text)[0][:2] for text, _ in FIRST_RESULTS}
    assert firsts == dict(FIRST_RESULTS)


def test_a_paper_result_shows_an_excerpt_with_the_words_found_marked(tab, served_site):
    tab.goto(served_site)
    tab.keyboard.press("/")
    query(tab, "relatively explored")
    smith = next(paper for paper in INDEX.papers if paper.slug == "smith-long-document-matching")
    result = tab.locator(".ps-search__result", has_text=smith.title)
    marked = [word.lower().strip(".,;:") for word in
              result.locator(".ps-search__excerpt mark").all_inner_texts()]
    assert {"relatively", "explored"} <= set(marked)
    assert "is relatively less explored" in result.locator(".ps-search__excerpt").inner_text()


def test_an_organisations_result_opens_the_browse_view_of_its_papers(tab, served_site):
    tab.goto(served_site + "tags/")
    tab.keyboard.press("/")
    query(tab, LAB.lower())
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**/?org={LAB}")
    expect(tab.locator("#ps-browse[data-ready]")).to_have_count(1)
    expect(tab.locator(".ps-browse .ps-card__title")).to_have_text(
        [paper.title for paper in INDEX.papers if paper.organization == LAB])


def test_a_paper_result_shows_authors_and_venue_and_a_name_its_papers(tab, served_site):
    tab.goto(served_site)
    tab.keyboard.press("s")
    results = {title: (kind, details) for kind, title, details in query(tab, "najork")}
    assert results["Marc Najork"] == ("AUTHOR", "2 papers")
    smith = next(paper for paper in INDEX.papers if paper.slug == "smith-long-document-matching")
    assert results[smith.title] == ("PAPER", "Liu Yang, Mingyang Zhang, Marc Najork — CIKM 2020")


def test_the_keyboard_opens_moves_and_follows(tab, served_site):
    tab.goto(served_site + "tags/")
    tab.keyboard.press("/")
    expect(tab.locator(".ps-search__input")).to_be_focused()
    query(tab, "pointer")
    tab.keyboard.press("ArrowDown")
    expect(tab.locator(".ps-search__result").first).to_be_focused()
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/papers/pointer-networks/")
    tab.keyboard.press("/")
    tab.keyboard.press("Escape")
    expect(tab.locator(".ps-search")).not_to_be_visible()


def test_enter_opens_the_first_result_even_when_pressed_before_the_results_show(tab, served_site):
    tab.goto(served_site + "tags/")
    tab.keyboard.press("/")
    query(tab, "pointer networks")
    assert tab.locator(".ps-search__result").first.evaluate(  # marked as the one Enter opens
        "result => getComputedStyle(result).backgroundColor") != "rgba(0, 0, 0, 0)"
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/papers/pointer-networks/")
    tab.keyboard.press("/")
    box = tab.locator(".ps-search__input")
    box.fill("najork")  # and Enter at once, the results of "najork" not shown yet
    box.press("Enter")
    tab.wait_for_url("**/authors/marc-najork/")


def test_the_results_are_busy_from_a_keystroke_until_those_of_the_whole_text_show(
        tab, served_site):
    """Screen readers (and the tests) know by aria-busy whether the results shown are those
    of what is typed: the status still counts the last text's until the new ones come."""
    tab.goto(served_site)
    tab.keyboard.press("/")
    results = tab.locator(".ps-search__results")

    def typed(text: str) -> list[str]:  # the results' state as the keystroke lands, and status
        return tab.evaluate("""text => { const input = document.querySelector('.ps-search__input');
            input.value = text; input.dispatchEvent(new Event('input'));
            return [document.querySelector('.ps-search__results').getAttribute('aria-busy'),
                    document.querySelector('.ps-search__status').textContent]; }""", text)
    assert typed("cikm") == ["true", ""]
    expect(results).to_have_attribute("aria-busy", "false")
    expect(tab.locator(".ps-search__status")).to_have_text(re.compile(r"^\d+ results?$"))
    assert tab.locator(".ps-search__result").first.locator(".ps-search__kind").inner_text() == "VENUE"
    shown = tab.locator(".ps-search__status").inner_text()
    assert typed("cikm 2020") == ["true", shown]
    expect(results).to_have_attribute("aria-busy", "false")
    assert tab.locator(".ps-search__result").first.locator(".ps-search__kind").inner_text() == "PAPER"


def test_a_search_whose_index_cannot_load_says_so_and_loads_it_at_the_next_keystroke(
        tab, served_site):
    tab.goto(served_site)
    tab.route("**/pagefind/**", lambda route: route.abort())
    tab.keyboard.press("/")
    tab.locator(".ps-search__input").press_sequentially("najork")
    expect(tab.locator(".ps-search__status")).to_have_text(
        "Search could not load its index: type again to retry.")
    tab.unroute("**/pagefind/**")
    assert query(tab, "najork")[0][:2] == ("AUTHOR", "Marc Najork")


def test_nothing_of_search_loads_before_it_opens_and_a_query_fetches_little(browser, served_site):
    context = browser.new_context()
    tab = context.new_page()
    fetched: list[tuple[str, int]] = []
    tab.on("response", lambda response: fetched.append((response.url, len(response.body()))))
    tab.goto(served_site + "papers/pointer-networks/")
    tab.wait_for_load_state("networkidle")
    assert [url for url, _ in fetched if "/pagefind/" in url] == []
    tab.keyboard.press("/")
    query(tab, "attention")
    search_bytes = sum(size for url, size in fetched if "/pagefind/" in url)
    context.close()
    assert 0 < search_bytes <= BUDGET


def test_an_index_in_parts_finds_every_record_in_whichever_part_it_is(tab, tmp_path, monkeypatch):
    """A large list's index is written in parts (Pagefind holds about 0.1 MB a record while it
    writes); with parts of three records, the fixture list's take several."""
    monkeypatch.setattr(search, "PART_SIZE", 3)
    site = build(make_project(tmp_path / "project", FIXTURE_LIST))
    folder = site / "pagefind"
    organizations = {paper.organization for paper in INDEX.papers if paper.organization}
    records = (len(INDEX.papers) + len(INDEX.authors) + len(INDEX.tags) + len(INDEX.venues)
               + len(organizations))
    parts = json.loads((folder / "parts.json").read_text(encoding="utf-8"))
    assert parts == [f"part-{number}/" for number in range(2, -(-records // 3) + 1)]
    held = {}
    for part in ["", *parts]:
        fragments = list((folder / part / "fragment").iterdir())
        assert 0 < len(fragments) <= 3
        for fragment in fragments:
            url = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
            assert url not in held, f"{url} is in two parts"
            held[url] = part
        # Every file whole: Pagefind left one it had created empty, now and then.
        assert json.loads((folder / part / "pagefind-entry.json").read_bytes())["languages"]
        for path in (folder / part).rglob("*.pf_*"):
            assert gzip.decompress(path.read_bytes()).startswith(b"pagefind_dcd"), path
        if part:  # index data only: the first part's scripts search every part
            assert {path.name for path in (folder / part).iterdir()
                    if path.suffix not in (".pf_meta", ".json")} == {"fragment", "index"}
    assert len(held) == records
    dropped = []

    def drop_the_first(route):  # as a flaky network would: the reader is not told, nor asked
        if dropped:
            route.continue_()
        else:
            dropped.append(route.request.url)
            route.abort()
    loads = []
    tab.on("request", lambda request: loads.append(request.url) if "/pagefind.js" in request.url
           else None)
    with serving(site_handler(site)) as url:
        tab.route("**/pagefind/part-2/pagefind-entry.json*", drop_the_first)
        tab.goto(url)
        tab.keyboard.press("/")
        for paper in INDEX.papers:
            # Each word of a title is looked up in each of the six parts: on a machine busy
            # with other tests, that has taken more than 5 s.
            found = query(tab, paper.title, seconds=20)
            assert found[0][:2] == ("PAPER", paper.title), held[f"/{paper.url}"]
            assert len(set(found)) == len(found), "a part merged twice answers twice"
        assert len(dropped) == 1
        # Every keystroke typed while the first load went on waited for it: loaded again once.
        assert len(loads) == 2, loads
        assert query(tab, "najork")[0][:2] == ("AUTHOR", "Marc Najork")
        assert query(tab, "vision")[0][:2] == ("TAG", "Vision")


def results_page(tab) -> tuple[int, int]:
    """The search page's count of results, and the results it shows."""
    status = tab.locator(".ps-results__status")
    expect(status).to_have_text(re.compile(r"^\d+ results? for"))
    return int(status.inner_text().split()[0]), tab.locator("#ps-results .ps-search__result").count()


def test_every_result_is_reachable_from_the_dialog_on_the_search_page(tab, served_site):
    tab.goto(served_site + "tags/")
    tab.keyboard.press("/")
    query(tab, "pointer")  # all its results in the dialog: no link to more
    assert int(tab.locator(".ps-search__status").inner_text().split()[0]) <= 10
    expect(tab.locator(".ps-search__all")).to_be_hidden()
    query(tab, "paper")
    count = int(tab.locator(".ps-search__status").inner_text().split()[0])
    assert count > 10, "the fixture list has more results for this than the dialog shows"
    expect(tab.locator(".ps-search__result")).to_have_count(10)
    tab.locator(".ps-search__all", has_text=f"All {count} results").click()
    tab.wait_for_url("**/search/?q=paper")
    assert results_page(tab) == (count, min(count, 20))
    box = tab.locator(".ps-results__input")
    box.fill("pointer networks")
    box.press("Enter")  # the page's own box searches again, at an address of its own
    tab.wait_for_url("**/search/?q=pointer+networks")
    results_page(tab)
    expect(tab.locator("#ps-results .ps-search__title").first).to_have_text("Pointer Networks")


def test_the_search_page_pages_a_long_list_of_results(tab, tmp_path):
    papers = tmp_path / "papers"
    shutil.copytree(FIXTURE_LIST, papers)
    for number in range(44):  # and Pointer Networks: 45 papers with "quasar", three pages of 20
        write_paper(papers, f"quasar-{number}.md",
                    f"title: Quasar survey number {number}\nauthors: [Ada Lovelace]\ndate: 2020\n"
                    "tags: [vision]\nabstract: Galaxies.\n")
    pointer = papers / "pointer-networks.md"
    pointer.write_text(pointer.read_text(encoding="utf-8").replace("abstract: We", "abstract: Quasars aside, we"),
                       encoding="utf-8")
    site = build(make_project(tmp_path / "project", papers), site_dir=str(tmp_path / "site"))
    with serving(site_handler(site)) as url:
        tab.goto(f"{url}search/?q=quasar")
        assert results_page(tab) == (45, 20)
        expect(tab.locator(".ps-results__status")).to_contain_text("page 1 of 3")
        tab.locator(".ps-pager a", has_text="3").click()
        tab.wait_for_url("**/search/?q=quasar&page=3")
        assert results_page(tab) == (45, 5)
        expect(tab.locator(".ps-results__status")).to_contain_text("page 3 of 3")
        shown = []
        for page in (1, 2, 3):
            tab.goto(f"{url}search/?q=quasar&page={page}")
            results_page(tab)
            shown += tab.locator("#ps-results .ps-search__title").all_inner_texts()
        assert sorted(shown) == sorted(["Pointer Networks"] + [f"Quasar survey number {n}" for n in range(44)])
