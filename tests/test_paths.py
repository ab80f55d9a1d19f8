"""Reading paths (papers/paths/): checked like paper files; a page of numbered cards with the
curator's word between them; each paper's page says where it stands on each path; the browse
view's Path facet; each path's feed and BibTeX; the stats and health pages count them."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURE_LIST, build, make_project, papers, search_for, serving, site_handler
from playwright.sync_api import expect

from generator.index import check_list

PATH = """\
---
title: Seeing <b>and</b> pointing
steps:
  - paper: garcia-vision-paper
    why: First, the dark. <script>alert(1)</script>
  - paper: pointer-networks
    why: Then pointing at what was seen.
  - paper: less-is-more
    why: Last, the one with $O(n \\log n)$ in mind.
---
Three papers, <em>in order</em>. <img src=x onerror=alert(2)>
"""
STEPS = ["garcia-vision-paper", "pointer-networks", "less-is-more"]


def with_path(root: Path, text: str = PATH, name: str = "seeing") -> Path:
    project = make_project(root, FIXTURE_LIST)
    (project / "papers" / "paths").mkdir()
    (project / "papers" / "paths" / f"{name}.md").write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(with_path(tmp_path_factory.mktemp("paths")))


def titles() -> dict[str, str]:
    return {paper.slug: paper.title for paper in check_list(FIXTURE_LIST)[0].papers}


@pytest.mark.parametrize(("steps", "message"), [
    ("  - paper: pointer-network\n    why: x\n",
     "papers/paths/p.md:4: 'steps': no paper 'pointer-network' on the list; did you mean "
     "'pointer-networks'?"),
    ("  - paper: pointer-networks\n    why: x\n  - paper: pointer-networks.md\n    why: y\n",
     "papers/paths/p.md:6: 'steps': 'pointer-networks.md' is step 1 already"),
    ("  - paper: pointer-networks\n",
     "papers/paths/p.md:4: 'steps': a step is 'paper: slug' and 'why: ...', both given, and "
     "nothing else"),
    ("  - paper: pointer-networks\n    why: x\n    note: y\n",
     "papers/paths/p.md:4: 'steps': a step is 'paper: slug' and 'why: ...', both given, and "
     "nothing else"),
    ("  []\n", "papers/paths/p.md:3: 'steps': expected the papers in reading order, each as "
               "'- paper: slug' with 'why: ...'"),
])
def test_a_wrong_step_is_an_error_at_its_line(tmp_path, steps, message):
    project = with_path(tmp_path, f"---\ntitle: P\nsteps:\n{steps}---\n", "p")
    checked = papers("check", cwd=project)
    assert checked.returncode == 1
    assert message in checked.stdout.splitlines()


def test_a_field_a_path_does_not_have_is_an_error(tmp_path):
    project = with_path(tmp_path, PATH.replace("title:", "tags: [x]\ntitle:"), "p")
    checked = papers("check", cwd=project)
    assert checked.returncode == 1
    assert ("papers/paths/p.md:2: 'tags': not a field of a reading path; a path has title and "
            "steps") in checked.stdout.splitlines()


def test_the_path_page_numbers_its_papers_with_why_each_comes_there(site):
    html = (site / "paths" / "seeing" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Seeing &lt;b&gt;and&lt;/b&gt; pointing</h1>" in html
    assert "<p>Three papers, <em>in order</em>. <img src=\"x\"></p>" in html
    assert "onerror" not in html
    steps = re.findall(r'<li class="ps-path__step" id="step-(\d)">\s*<p class="ps-path__why">'
                       r'<span class="ps-path__number">(.*?)</span> (.*?)</p>.*?'
                       r'class="ps-card__title" href="([^"]+)"', html, re.S)
    assert [(number, label, href) for number, label, _, href in steps] == [
        (str(n), f"Step {n} of 3.", f"../../papers/{slug}/") for n, slug in enumerate(STEPS, 1)]
    assert steps[0][2] == "First, the dark. &lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<math" in steps[2][2]
    assert "<script>alert" not in html


def test_the_paths_page_lists_each_path_and_the_stats_count_them(site):
    html = (site / "paths" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="../paths/seeing/">Seeing &lt;b&gt;and&lt;/b&gt; pointing</a> '
                     r'<span class="ps-count">3 papers</span>', html)
    stats = (site / "stats" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../paths/"><strong>1</strong> reading path</a>' in stats
    health = (site / "stats" / "health" / "index.html").read_text(encoding="utf-8")
    off = re.search(r'<h2 id="off-paths">On no reading path <span class="ps-count">(\d+)</span>',
                    health)
    assert off and int(off[1]) == len(titles()) - len(STEPS)


def test_a_paper_page_says_where_it_stands_on_the_path(site):
    names = titles()
    for number, slug in enumerate(STEPS, 1):
        page = (site / "papers" / slug / "index.html").read_text(encoding="utf-8")
        box = re.search(r'<div class="ps-on-paths__path">(.*?)</div>', page, re.S)[1]
        assert f"Step {number} of 3 in" in box
        assert f'href="../../paths/seeing/#step-{number}"' in box
        previous = STEPS[number - 2] if number > 1 else None
        following = STEPS[number] if number < 3 else None
        assert ('rel="prev"' in box) == bool(previous) and ('rel="next"' in box) == bool(following)
        if following:
            assert (f'href="../../papers/{following}/" rel="next">Next: '
                    f'{html.escape(names[following], quote=False)} →') in box


def test_each_path_has_its_feed_and_bibtex_in_reading_order(site):
    keys = check_list(FIXTURE_LIST)[0].keys
    bib = (site / "paths" / "seeing" / "papers.bib").read_text(encoding="utf-8")
    assert re.findall(r"^@\w+\{([^,]+),", bib, re.M) == [keys[slug] for slug in STEPS]
    feed = json.loads((site / "paths" / "seeing" / "feed.json").read_text(encoding="utf-8"))
    assert feed["title"].startswith("Seeing <b>and</b> pointing · ")
    assert {item["url"].rstrip("/").rsplit("/", 1)[1] for item in feed["items"]} == set(STEPS)


def test_the_browse_view_filters_by_path_and_search_finds_it(site, tab):
    with serving(site_handler(site)) as url:
        tab.goto(url + "?path=seeing")
        expect(tab.locator("#ps-browse[data-ready]")).to_have_count(1)
        expect(tab.locator(".ps-browse .ps-card")).to_have_count(len(STEPS))
        facet = tab.locator('.ps-facet[data-facet="path"]')
        expect(facet.locator("legend")).to_have_text("Reading paths")
        expect(facet.locator("input:checked")).to_have_count(1)
        tab.keyboard.press("/")
        search_for(tab, "pointing")
        result = tab.locator(".ps-search__result", has_text="Seeing")
        expect(result.locator(".ps-search__kind")).to_have_text("Reading path")


def test_what_the_sanitiser_takes_from_an_introduction_is_a_warning(tmp_path):
    checked = papers("check", cwd=with_path(tmp_path))
    assert checked.returncode == 0
    assert ("papers/paths/seeing.md:11: warning: introduction: the site removes 'onerror' on "
            "<img>; no script, event handler, frame or javascript: link from a paper reaches "
            "a page") in checked.stdout.splitlines()
