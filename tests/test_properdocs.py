"""ProperDocs, the maintained fork of MkDocs 1.x, builds the same site from the same mkdocs.yml."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import FIXTURE_LIST, FIXTURE_WARNINGS, make_project, run

# Material names the builder in every page; it is the one thing the two builds may differ in.
GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-([^"]*), mkdocs-material-[^"]*">')
# Both builders stamp sitemap.xml with the day of the build unless this pins it.
PINNED_DATE = {"SOURCE_DATE_EPOCH": "1700000000"}


def build(builder: str, project: Path, site_dir: str) -> dict[str, bytes]:
    """Build the project with `builder build`, as a user would: every file of the site by path."""
    result = run(builder, "build", "--config-file", "mkdocs.yml", "--site-dir", site_dir,
                 cwd=project, env=PINNED_DATE)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "WARNING" in line] == FIXTURE_WARNINGS
    site = project / site_dir
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def builders(site: dict[str, bytes]) -> set[str]:
    """The builder names and versions that the site's pages give in their generator tag."""
    return {name.decode() for text in site.values() for name in GENERATOR.findall(text)}


def unstamped(text: bytes) -> bytes:
    return GENERATOR.sub(b'<meta name="generator">', text)


@pytest.mark.slow
def test_properdocs_builds_the_same_site_as_mkdocs_but_for_the_generator_tag(tmp_path):
    project = make_project(tmp_path / "project", FIXTURE_LIST)
    mkdocs = build("mkdocs", project, "site-mkdocs")
    properdocs = build("properdocs", project, "site-properdocs")
    assert builders(mkdocs) == {version("mkdocs")}
    assert builders(properdocs) == {f"ProperDocs {version('properdocs')}"}
    assert list(properdocs) == list(mkdocs)
    assert [path for path in mkdocs if unstamped(mkdocs[path]) != unstamped(properdocs[path])] == []
