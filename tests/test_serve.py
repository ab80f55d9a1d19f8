"""`mkdocs serve --dirty` (what `make serve` runs): editing a paper file re-renders the pages
it changes, no restart."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from conftest import BIN, EXE, FIXTURE_LIST, make_project

from generator.index import check_list
from generator.related import related_papers

# Each test runs `mkdocs serve` and waits for its rebuilds: left out of make test-fast.
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    """Poll url until its body contains text; the body."""
    deadline, body = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode()
            if text in body:
                return body
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {text!r}; last body: {body[:300]!r}")


@pytest.fixture
def server(tmp_path):
    project = make_project(tmp_path / "project", FIXTURE_LIST)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [str(BIN / f"mkdocs{EXE}"), "serve", "--dirty", "--dev-addr",
             f"127.0.0.1:{port}"], cwd=project,
            # The log is read as UTF-8: so it is written, whatever the system's encoding.
            env=os.environ | {"NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8",
                              "PAPERSHELF_SITE_URL": f"http://127.0.0.1:{port}/"},
            stdout=output, stderr=subprocess.STDOUT)
        yield project, f"http://127.0.0.1:{port}/", log
        process.terminate()
        process.wait(timeout=30)
    assert "Traceback" not in log.read_text(encoding="utf-8")


def wait_for_log(log, text: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while text not in log.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, f"the server never logged {text!r}"
        time.sleep(0.3)


def test_editing_a_paper_rerenders_it_and_a_broken_edit_is_reported(server):
    project, url, log = server
    paper = project / "papers" / "pointer-networks.md"
    page = url + "papers/pointer-networks/"
    wait_for(page, "<h1>Pointer Networks</h1>")
    wait_for(url + "pagefind/pagefind-entry.json", '"languages"')  # search works while serving
    original = paper.read_text(encoding="utf-8")
    paper.write_text(original.replace("title: Pointer Networks", "title: Pointer Networks, Revised"),
                     encoding="utf-8")
    wait_for(page, "<h1>Pointer Networks, Revised</h1>")
    # A broken edit stops the rebuild with the checker's message; fixing it resumes serving.
    paper.write_text(original.replace("date: 2015", "date: 2015-02-30"), encoding="utf-8")
    wait_for_log(log, "papers/pointer-networks.md:7: 'date': '2015-02-30' is not a real date")
    paper.write_text(original, encoding="utf-8")
    wait_for(page, "<h1>Pointer Networks</h1>")


def test_pages_an_edit_changes_are_built_again_and_pages_gone_are_gone(server):
    project, url, _ = server
    paper, page = project / "papers" / "pointer-networks.md", url + "papers/pointer-networks/"
    wait_for(page, "<h1>Pointer Networks</h1>")
    original = paper.read_text(encoding="utf-8")
    paper.write_text(original.replace("title: Pointer Networks", "title: Pointer Nets"), encoding="utf-8")
    wait_for(page, "<h1>Pointer Nets</h1>")
    # Pages that show the paper's card change with it: its tag's, its author's, and the
    # pages of the papers it is related to (rendered before, kept as they were).
    wait_for(url + "tags/interpretability/", "Pointer Nets</a>")
    wait_for(url + "authors/meire-fortunato/", "Pointer Nets</a>")
    relating = [slug for slug, related in related_papers(*papers_of(project)).items()
                if any(item.paper.slug == "pointer-networks" for item in related)]
    assert relating
    for slug in relating:
        wait_for(f"{url}papers/{slug}/", "Pointer Nets</a>")
    paper.unlink()
    wait_for(url, "Papers", seconds=30)
    wait_for_gone(page)
    paper.write_text(original, encoding="utf-8")
    wait_for(page, "<h1>Pointer Networks</h1>")
    # A change to the theme's overrides shows on every page, changed or not.
    layout = project / "overrides" / "paper.html"
    restyled = layout.read_text(encoding="utf-8").replace("{% block content %}",
                                                          "{% block content %}<p>Restyled</p>", 1)
    layout.write_text(restyled, encoding="utf-8")
    wait_for(url + "papers/less-is-more/", "<p>Restyled</p>")


def papers_of(project):
    index, _ = check_list(project / "papers")
    return index.papers, index.author_of


def wait_for_gone(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).close()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return
        time.sleep(0.3)
    raise AssertionError(f"{url} is still served")
