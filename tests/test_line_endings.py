"""A list whose files end their lines with CRLF, as an editor on Windows may save them (or git
checks them out with core.autocrlf, where .gitattributes is missing), checks and builds as the
same list with LF. (`papers fmt` on CRLF files: test_fmt.py.)"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from conftest import FIXTURE_LIST, FIXTURE_WARNINGS, make_project, papers, run


def crlf_project(root: Path) -> Path:
    """The fixture list in a project, every line of its files ended with CRLF."""
    project = make_project(root, FIXTURE_LIST)
    for path in (project / "papers").iterdir():
        data = path.read_bytes()
        assert b"\r" not in data  # .gitattributes checks the fixtures out with LF
        path.write_bytes(data.replace(b"\n", b"\r\n"))
    return project


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, sitemaps unzipped and without their dates: a
    sitemap's <lastmod> is the day of its build, and the two builds compared may fall on either
    side of midnight."""
    files = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        if path.name.startswith("sitemap.xml"):
            data = re.sub(rb"<lastmod>[0-9-]+</lastmod>", b"<lastmod/>", data)
        files[path.relative_to(site).as_posix()] = data
    return files


def test_a_crlf_list_checks_clean_with_the_report_of_the_lf_list(tmp_path):
    lf = papers("check", cwd=make_project(tmp_path / "lf", FIXTURE_LIST))
    crlf = papers("check", cwd=crlf_project(tmp_path / "crlf"))
    assert (crlf.returncode, crlf.stdout, crlf.stderr) == (lf.returncode, lf.stdout, lf.stderr)
    # The fixture's one warning (its hostile notes), at the same line: no error.
    assert (crlf.returncode, crlf.stderr) == (0, "0 errors, 1 warning\n")


@pytest.mark.slow  # a build run as a command
def test_a_crlf_list_builds_the_site_of_the_lf_list_file_for_file(tmp_path, fixture_site):
    # Built as the fixture site is, by `mkdocs build`: a process of its own, as a user's.
    project = crlf_project(tmp_path / "crlf")
    result = run("mkdocs", "build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "WARNING" in line] == FIXTURE_WARNINGS
    lf, crlf = site_files(fixture_site), site_files(project / "site")
    assert sorted(crlf) == sorted(lf)
    assert [path for path in lf if crlf[path] != lf[path]] == []
