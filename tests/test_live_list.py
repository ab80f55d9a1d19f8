"""The live list may grow and shrink: the seed papers stay as the seed gives them, and a pull
request that adds a paper, or removes one that is not from the seed, passes the pull request
workflow's steps. Every live_list test of the suite runs on the list as committed and on the
list as such a pull request leaves it (conftest.py's live_list fixture)."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES, LIVE_LIST, SEED, live_papers, papers


@pytest.mark.live_list
def test_every_seed_paper_is_listed_as_the_seed_gives_it(live_list):
    listed = {paper.get("arxiv"): paper for paper in live_papers(live_list)}
    for arxiv, record in SEED.items():
        paper = listed[arxiv]
        assert paper["title"] == record["title"]
        assert paper["authors"] == [author["name"] for author in record["authors"]]
        assert str(paper["date"]) == record["publishedAt"][:10]


@pytest.mark.live_list
def test_importing_the_seed_again_adds_nothing(live_list, tmp_path):
    shutil.copytree(live_list, tmp_path / "papers")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n")
    result = papers("import", str(FIXTURES / "daily-papers-seed.json"), cwd=tmp_path)
    assert result.stdout.splitlines()[-1] == (f"0 added, {len(SEED)} skipped as duplicates, "
                                              "0 skipped with problems")
    assert result.returncode == 0, "a paper already listed is no problem"


def test_the_pull_requests_add_a_paper_and_remove_one_not_from_the_seed(live_lists):
    committed, more, less = ({paper["slug"]: paper for paper in live_papers(live_lists(change))}
                             for change in ("as-committed", "a-paper-more", "a-paper-less"))
    assert sorted(committed) == sorted(path.stem for path in LIVE_LIST.glob("*.md"))
    assert sorted(set(more) - set(committed)) == ["a-paper-added-by-a-pull-request"]
    assert set(committed) <= set(more)
    [removed] = set(committed) - set(less)
    assert set(less) < set(committed) and committed[removed].get("arxiv") not in SEED


@pytest.mark.live_list
def test_a_pull_requests_list_passes_the_workflows_check_format_and_strict_build(live_list,
                                                                                   live_site):
    for step in (("check", "--strict"), ("fmt", "--check")):
        result = papers(*step, cwd=live_list.parent)
        assert result.returncode == 0, (step, result.stdout, result.stderr)
    built = sorted(path.parent.name for path in (live_site / "papers").glob("*/index.html"))
    assert built == sorted(paper["slug"] for paper in live_papers(live_list))
