"""ProperDocs, the maintained fork of MkDocs 1.x, builds the same site from the same mkdocs.yml."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import FIXTURE_LIST, FIXTURE_WARNINGS, build, make_project, mkdocs_warnings, run

# Material names the builder in every page; it is the one thing the two builds may differ in.
GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-([^"]*), mkdocs-material-[^"]*">')
# Both builders stamp sitemap.xml with the day of the build unless this pins it.
PINNED_DATE = {"SOURCE_DATE_EPOCH": "1700000000"}


def files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path."""
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def builders(site: dict[str, bytes]) -> set[str]:
    """The builder names and versions that the site's pages give in their generator tag."""
    return {name.decode() for text in site.values() for name in GENERATOR.findall(text)}


def unstamped(text: bytes) -> bytes:
    return GENERATOR.sub(b'<meta name="generator">', text)


@pytest.mark.slow
def test_properdocs_builds_the_same_site_as_mkdocs_but_for_the_generator_tag(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", FIXTURE_LIST)
    # `properdocs build` as a user runs it; MkDocs in this process (test_build.py and
    # test_line_endings.py run the installed `mkdocs build`).
    result = run("properdocs", "build", "--config-file", "mkdocs.yml", "--site-dir",
                 "site-properdocs", cwd=project, env=PINNED_DATE)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "WARNING" in line] == FIXTURE_WARNINGS
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_DATE["SOURCE_DATE_EPOCH"])
    with mkdocs_warnings() as warnings:
        mkdocs = files(build(project, site_dir=str(project / "site-mkdocs")))
    assert [f"WARNING -  {message}" for message in warnings] == FIXTURE_WARNINGS
    properdocs = files(project / "site-properdocs")
    assert builders(mkdocs) == {version("mkdocs")}
    assert builders(properdocs) == {f"ProperDocs {version('properdocs')}"}
    assert list(properdocs) == list(mkdocs)
    assert [path for path in mkdocs if unstamped(mkdocs[path]) != unstamped(properdocs[path])] == []
