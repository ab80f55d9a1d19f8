"""Related papers and more by the authors: chosen from the papers' text, tags, authors and
venue; the same whatever order the files are read in; shown on every paper page, never in
search or the feeds."""

from __future__ import annotations

import html
import json
import os
import random
import re
import subprocess
import sys

import pytest
from conftest import FIXTURE_LIST, LIVE_LIST, build, live_papers, make_project, write_paper

from generator.index import check_list
from generator.model import Site
from generator.related import more_by_authors, related_papers
from generator.render import render_pages
from generator.search import search_records

CANONICAL = """
import json, sys
from pathlib import Path
from generator.index import check_list
from generator.related import related_papers
index = check_list(Path(sys.argv[1]))[0]
related = related_papers(index.papers, index.author_of)
print(json.dumps({slug: [[item.paper.slug, item.authors, item.tags, item.similar_text]
                         for item in items] for slug, items in related.items()}))
"""


def canonical(related) -> str:
    """Related papers as the subprocess above prints them."""
    return json.dumps({slug: [[item.paper.slug, list(item.authors), list(item.tags),
                               item.similar_text] for item in items]
                       for slug, items in related.items()})


@pytest.fixture(scope="module")
def live():
    """The live list's index, its related papers, and each seed paper's slug by arXiv id."""
    index = check_list(LIVE_LIST)[0]
    slug_of = {paper["arxiv"]: paper["slug"] for paper in live_papers() if paper.get("arxiv")}
    return index, related_papers(index.papers, index.author_of), slug_of


def related_slugs(related, slug: str) -> list[str]:
    return [item.paper.slug for item in related[slug]]


@pytest.mark.live_list
def test_every_paper_has_five_related_papers_none_itself(live):
    index, related, _ = live
    assert sorted(related) == sorted(paper.slug for paper in index.papers)
    for slug, items in related.items():
        assert len(items) == 5 and slug not in related_slugs(related, slug)


@pytest.mark.live_list
def test_sparse_autoencoder_papers_lead_to_sparse_autoencoder_and_interpretability_papers(live):
    index, related, _ = live
    tags = {paper.slug: set(paper.tags) for paper in index.papers}
    saes = [paper.slug for paper in index.papers if "sparse-autoencoders" in paper.tags]
    assert len(saes) >= 6
    for slug in saes:
        found = [tags[other] for other in related_slugs(related, slug)]
        assert all(other & {"sparse-autoencoders", "interpretability"} for other in found), slug
        assert sum("sparse-autoencoders" in other for other in found) >= 4, slug


@pytest.mark.live_list
def test_probing_saes_in_vision_and_matching_pursuit_saes_lead_to_each_other(live):
    _, related, slug_of = live
    # Both evaluate what SAEs find in a model's activations, one in vision models, one
    # beyond flat dictionaries (matching pursuit).
    probing, hierarchical = slug_of["2508.11277"], slug_of["2506.03093"]
    assert hierarchical in related_slugs(related, probing)
    assert probing in related_slugs(related, hierarchical)


@pytest.mark.live_list
def test_encoder_free_vision_language_papers_lead_to_each_other(live):
    _, related, slug_of = live
    # EVE, SOLO, HoVLE and Video-Panda: vision-language models without a vision encoder.
    papers = [slug_of[arxiv] for arxiv in ("2406.11832", "2407.06438", "2412.16158", "2412.18609")]
    for slug in papers:
        assert set(papers) - {slug} <= set(related_slugs(related, slug)), slug


@pytest.mark.live_list
def test_text_finds_what_the_tags_do_not_say(live):
    _, related, slug_of = live
    # Starbucks (2D Matryoshka embeddings) and MatFormer (nested, Matryoshka-style
    # transformers) share only the tag Efficiency, and their abstracts.
    starbucks, matformer = slug_of["2410.13230"], slug_of["2310.07707"]
    found = {item.paper.slug: item for item in related[starbucks]}
    assert matformer in found and found[matformer].similar_text


@pytest.mark.live_list
def test_shared_authors_are_named(live):
    _, related, slug_of = live
    # HoVLE and ADDP have five authors in common, Chenxin Tao first.
    hovle, addp = slug_of["2412.16158"], slug_of["2306.05423"]
    found = {item.paper.slug: item for item in related[hovle]}
    assert "Chenxin Tao" in found[addp].authors


@pytest.mark.live_list
@pytest.mark.slow  # runs Python again, or a build, in a process of its own
def test_the_same_related_papers_whatever_the_file_order_or_hash_seed(live):
    index, related, _ = live
    shuffled = list(index.papers)
    random.Random(7).shuffle(shuffled)
    assert canonical(related_papers(shuffled, index.author_of)) == canonical(related)
    for seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-c", CANONICAL, str(LIVE_LIST)],
                                capture_output=True, text=True, check=True,
                                env=os.environ | {"PYTHONHASHSEED": seed})
        assert result.stdout.strip() == canonical(related)


def test_ties_go_by_slug(folder):
    for name in ("c-paper", "a-paper", "b-paper", "d-paper"):
        write_paper(folder, f"{name}.md", "title: Same Words\nauthors: [Ann Lee]\n"
                                         "date: 2020-01-02\ntags: [vision]\nabstract: Same words.\n")
    index = check_list(folder)[0]
    related = related_papers(index.papers, index.author_of, count=2)
    assert {slug: related_slugs(related, slug) for slug in related} == {
        "a-paper": ["b-paper", "c-paper"], "b-paper": ["a-paper", "c-paper"],
        "c-paper": ["a-paper", "b-paper"], "d-paper": ["a-paper", "b-paper"]}


def test_papers_with_nothing_in_common_are_not_related(folder):
    write_paper(folder, "one.md", "title: Gardens\nauthors: [Ann Lee]\ndate: 2020\n"
                                  "tags: [vision]\nabstract: Roses and tulips.\n")
    write_paper(folder, "two.md", "title: Engines\nauthors: [Bo Chen]\ndate: 2021\n"
                                  "tags: [retrieval]\nabstract: Pistons and valves.\n")
    write_paper(folder, "three.md", "title: The\nauthors: [Cy Diaz]\ndate: 2022\n"
                                    "tags: [retrieval]\nabstract: It is what it was.\n")
    index = check_list(folder)[0]
    related = related_papers(index.papers, index.author_of)
    assert {slug: related_slugs(related, slug) for slug in related} == {
        "one": [], "two": ["three"], "three": ["two"]}


def test_a_list_of_one_paper_has_no_related_papers(folder):
    write_paper(folder, "one.md", "title: The\nauthors: [Ann Lee]\ndate: 2020\ntags: [vision]\n")
    index = check_list(folder)[0]
    assert related_papers(index.papers, index.author_of) == {"one": ()}


def test_more_by_the_authors_newest_first_five_then_their_pages(folder):
    for year in range(2010, 2018):
        write_paper(folder, f"lee-{year}.md", f"title: Lee {year}\nauthors: [Ann Lee]\n"
                                              f"date: {year}\ntags: [vision]\n")
    write_paper(folder, "joint.md", "title: Joint\nauthors: [Bo Chen, Ann Lee]\ndate: 2015-06\n"
                                    "tags: [vision]\n")
    write_paper(folder, "chen.md", "title: Chen\nauthors: [Bo Chen]\ndate: 2009\ntags: [vision]\n")
    index = check_list(folder)[0]
    more = more_by_authors(index.papers, index.author_of)
    shown, authors = more["joint"]
    assert [item.paper.slug for item in shown] == [f"lee-{year}" for year in (2017, 2016, 2015,
                                                                               2014, 2013)]
    assert [item.authors for item in shown] == [("Ann Lee",)] * 5
    assert [author.name for author in authors] == ["Bo Chen", "Ann Lee"]  # as the paper has them
    shown, authors = more["chen"]
    assert [(item.paper.slug, item.authors) for item in shown] == [("joint", ("Bo Chen",))]
    assert authors == ()


# The list rendered as a long one, then as a short one (which shows that the check sees an
# import): whether scikit-learn was imported after each.
RENDERED_LONG_THEN_SHORT = f"""
import sys
from pathlib import Path
from generator import related
from generator.index import check_list
from generator.model import Site
from generator.render import render_pages
index = check_list(Path({str(FIXTURE_LIST)!r}))[0]
for apart_from in (0, 10_000):
    related.APART_FROM = apart_from
    render_pages(index, Site('https://example.org/', 'S'))
    print('sklearn' in sys.modules)
"""


@pytest.mark.slow  # runs Python again, or a build, in a process of its own
def test_a_long_lists_build_process_never_imports_scikit_learn_and_a_short_lists_does():
    result = subprocess.run([sys.executable, "-c", RENDERED_LONG_THEN_SHORT], capture_output=True,
                            text=True, check=True)
    assert result.stdout.splitlines() == ["False", "True"]


@pytest.mark.live_list
@pytest.mark.slow  # runs Python again, or a build, in a process of its own
def test_scores_made_apart_are_the_scores_made_in_process(live, monkeypatch):
    index, related, _ = live
    monkeypatch.setattr("generator.related.APART_FROM", 0)
    assert canonical(related_papers(index.papers, index.author_of)) == canonical(related)


def test_paper_pages_list_related_papers_out_of_search_with_why(fixture_site):
    page = (fixture_site / "papers" / "garcia-vision-paper" / "index.html").read_text(encoding="utf-8")
    related = page[page.index('<div class="ps-related" data-pagefind-ignore>'):]
    related = related[:related.index("</ol>")]
    assert related.count('<li class="ps-entry">') == 3
    assert '<span class="ps-entry__why">Shares tag Vision</span>' in related
    # Every other paper of the fixture list is among the related: none is listed twice.
    assert "ps-more-by" not in page and "More by the authors" not in page


def test_more_by_the_authors_lists_only_papers_not_related_already(folder):
    for year in range(2010, 2018):
        write_paper(folder, f"lee-{year}.md", f"title: Lee {year}\nauthors: [Ann Lee]\n"
                                              f"date: {year}\ntags: [vision]\n")
    index = check_list(folder)[0]
    related = related_papers(index.papers, index.author_of)
    page = next(page for page in render_pages(index, Site("https://example.org/", "Shelf"))
                if page.url == "papers/lee-2017/")
    text = page.inline(page.body)
    more = text[text.index('<div class="ps-more-by"'):]
    listed = re.findall(r'<li class="ps-entry"><a href="\.\./\.\./papers/([^/]+)/">', more)
    assert len(related["lee-2017"]) == 5 and listed, "seven others: five related, more by the rest"
    assert set(listed) == ({f"lee-{year}" for year in range(2012, 2017)}
                           - {item.paper.slug for item in related["lee-2017"]})
    assert all('<span class="ps-entry__why">By Ann Lee</span>' in entry
               for entry in more.split('<li class="ps-entry">')[1:])


def test_related_papers_are_not_in_feeds_or_search_records(fixture_site):
    index = check_list(FIXTURE_LIST)[0]
    related = related_papers(index.papers, index.author_of)
    records = dict(search_records(index))
    for paper in index.papers:
        others = {html.escape(item.paper.title) for item in related[paper.slug]}
        assert related[paper.slug] and not any(title in records[paper.url] for title in others)
    for feed in ("feed.xml", "feed.json"):
        text = (fixture_site / feed).read_text(encoding="utf-8")
        assert "ps-entry__why" not in text and "Related papers" not in text


@pytest.mark.slow  # runs Python again, or a build, in a process of its own
def test_a_long_lists_scores_come_from_the_process_started_before_the_check(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setattr("generator.related.APART_FROM", 0)  # every list is long
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    started, real = [], subprocess.Popen

    def popen(command, *args, **kwargs):
        process = real(command, *args, **kwargs)
        started.extend([process] if "generator.similarity" in command else [])
        return process

    monkeypatch.setattr(subprocess, "Popen", popen)
    site = build(make_project(tmp_path / "ok", FIXTURE_LIST))
    page = (site / "papers" / "garcia-vision-paper" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="ps-entry__why"') >= 3
    assert len(started) == 1 and started[0].returncode == 0
    # A list with an error stops the build; the process started for it is stopped too.
    broken = make_project(tmp_path / "broken", FIXTURE_LIST)
    paper = broken / "papers" / "pointer-networks.md"
    text = paper.read_text(encoding="utf-8")
    paper.write_text(text.replace("date: 2015", "date: 2015-02-30"), encoding="utf-8")
    with pytest.raises(Exception, match="Aborted"):
        build(broken)
    assert len(started) == 2 and started[1].returncode is not None
