"""`mkdocs serve` (what `make serve` runs): editing a paper file re-renders it, no restart."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from conftest import BIN, FIXTURE_LIST, make_project


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
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
            env=os.environ | {"NO_MKDOCS_2_WARNING": "1", "PAPERSHELF_SITE_URL": f"http://127.0.0.1:{port}/"},
            stdout=output, stderr=subprocess.STDOUT)
        yield project, f"http://127.0.0.1:{port}/", log
        process.terminate()
        process.wait(timeout=30)
    assert "Traceback" not in log.read_text()


def wait_for_log(log, text: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while text not in log.read_text():
        assert time.monotonic() < deadline, f"the server never logged {text!r}"
        time.sleep(0.3)


def test_editing_a_paper_rerenders_it_and_a_broken_edit_is_reported(server):
    project, url, log = server
    paper = project / "papers" / "pointer-networks.md"
    page = url + "papers/pointer-networks/"
    wait_for(page, "<h1>Pointer Networks</h1>")
    wait_for(url + "pagefind/pagefind-entry.json", '"languages"')  # search works while serving
    original = paper.read_text()
    paper.write_text(original.replace("title: Pointer Networks", "title: Pointer Networks, Revised"))
    wait_for(page, "<h1>Pointer Networks, Revised</h1>")
    # A broken edit stops the rebuild with the checker's message; fixing it resumes serving.
    paper.write_text(original.replace("date: 2015", "date: 2015-02-30"))
    wait_for_log(log, "papers/pointer-networks.md:7: 'date': '2015-02-30' is not a real date")
    paper.write_text(original)
    wait_for(page, "<h1>Pointer Networks</h1>")
