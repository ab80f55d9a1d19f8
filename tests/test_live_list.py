"""The live list may grow and shrink: the seed papers stay as the seed gives them, and a pull
request that adds a paper (or drops one that is not from the seed) passes every test."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, LIVE_LIST, REPO, live_papers, papers

SEED = {item["paper"]["id"]: item["paper"]
        for item in json.loads((FIXTURES / "daily-papers-seed.json").read_text(encoding="utf-8"))}
# What a copy of the repository needs to check, build and test itself.
PROJECT_PARTS = ("mkdocs.yml", "pyproject.toml", "generator", "overrides", "papers", "tests")


@pytest.mark.live_list
def test_every_seed_paper_is_listed_as_the_seed_gives_it():
    listed = {paper.get("arxiv"): paper for paper in live_papers()}
    for arxiv, record in SEED.items():
        paper = listed[arxiv]
        assert paper["title"] == record["title"]
        assert paper["authors"] == [author["name"] for author in record["authors"]]
        assert str(paper["date"]) == record["publishedAt"][:10]


@pytest.mark.live_list
def test_importing_the_seed_again_adds_nothing(tmp_path):
    shutil.copytree(LIVE_LIST, tmp_path / "papers")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n")
    result = papers("import", str(FIXTURES / "daily-papers-seed.json"), cwd=tmp_path)
    assert result.stdout.splitlines()[-1] == (f"0 added, {len(SEED)} skipped as duplicates, "
                                              "0 skipped with problems")
    assert result.returncode == 0, "a paper already listed is no problem"


def _copy_project(root: Path) -> Path:
    root.mkdir()
    for part in PROJECT_PARTS:
        source, target = REPO / part, root / part
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    return root


def _a_new_paper(folder: Path) -> str:
    tag = next(iter(yaml.safe_load((folder / "tags.yml").read_text(encoding="utf-8"))))
    return ("---\n"
            "title: A Paper Added by a Pull Request\n"
            "authors:\n  - Grace Hopper\n"
            "date: 2026-01-15\n"
            f"tags: [{tag}]\n"
            f"added: {datetime.date.today()}\n"
            "abstract: A paper no list holds yet, as a contributor would add it.\n"
            "---\n")


def _grown_copy(root: Path, remove: bool) -> Path:
    """A copy of this repository with a new paper added and, if remove, a paper not from the
    seed removed; the pull request workflow's check and format steps pass on it (its strict
    build is the live_list tests' own, test_build.py's real_site)."""
    project = _copy_project(root)
    folder = project / "papers"
    (folder / "a-paper-added-by-a-pull-request.md").write_text(_a_new_paper(folder))
    if remove:
        not_seed = [paper for paper in live_papers() if paper.get("arxiv") not in SEED]
        assert not_seed, "the live list holds only seed papers: none can be removed"
        (folder / f"{not_seed[0]['slug']}.md").unlink()
    assert papers("fmt", "papers/a-paper-added-by-a-pull-request.md", cwd=project).returncode == 0
    for step in (("check", "--strict"), ("fmt", "--check")):
        result = papers(*step, cwd=project)
        assert result.returncode == 0, (step, result.stdout, result.stderr)
    return project


def _live_files(session: pytest.Session) -> list[str]:
    """The test files that hold live_list tests, as this session collected them; none when
    it collected one file alone (the copy's pytest then collects every file)."""
    files = {item.path for item in session.items}
    live = {item.path for item in session.items if item.get_closest_marker("live_list")}
    return sorted(str(path.relative_to(REPO)) for path in live) if len(files) > 1 else []


@pytest.mark.slow
def test_a_list_with_a_paper_more_and_one_less_passes_every_live_list_test(tmp_path, request):
    """The pull request workflow's steps, then every live_list test, on two copies of this
    repository: one with a new paper, one that also lacks a paper not from the seed."""
    projects = [_grown_copy(tmp_path / name, remove) for name, remove in (("more", False),
                                                                           ("more-and-less", True))]
    files = _live_files(request.session)  # collecting only those saves a second a copy
    for project in projects:
        tests = subprocess.run([sys.executable, "-m", "pytest", "-m", "live_list", "-q", "-p",
                                "no:cacheprovider", "-p", "no:xdist", *files], cwd=project,
                               text=True, capture_output=True, timeout=600,
                               env=os.environ | {"PYTHONPATH": str(project)})
        assert tests.returncode == 0, (project.name, tests.stdout[-3000:])
        assert " passed" in tests.stdout.splitlines()[-1] and "failed" not in tests.stdout
