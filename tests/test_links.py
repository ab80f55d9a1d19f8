"""`papers links` against a local server on 127.0.0.1 that answers as the web does: links
that work, refuse HEAD, moved, are gone, fail once, time out once, are rate limited for
good, or lead to a host that is not there. Nothing reaches the network."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import FIXTURE_LIST, build, make_project, papers, serving

TIMEOUT = 2  # PAPERS_HTTP_TIMEOUT of these runs: /slow keeps its first answer longer


class Web(BaseHTTPRequestHandler):
    """Each path answers as its name says; every request is counted, with its User-Agent
    and how many were open at once."""

    seen: list[tuple[str, str, str]] = []
    open_now = 0
    most_open = 0
    lock = threading.Lock()

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_GET(self) -> None:
        self._answer("GET")

    def _answer(self, method: str) -> None:
        # Open from the request's arrival until its answer is about to go: a client cannot ask
        # again before that answer, so this counts what the client has in flight. (/slow's
        # first answer outlives the request that timed out: it is not counted.)
        counted = self.path != "/slow"
        with Web.lock:
            Web.seen.append((method, self.path, self.headers.get("User-Agent", "")))
            times = sum(1 for _, path, _ in Web.seen if path == self.path)
            Web.open_now += counted
            Web.most_open = max(Web.most_open, Web.open_now)
        time.sleep(0.05)  # long enough for the requests to one host to overlap
        with Web.lock:
            Web.open_now -= counted
        if self.path.startswith("/ok"):
            self._send(200)
        elif self.path == "/no-head":
            self._send(405 if method == "HEAD" else 200)
        elif self.path == "/moved":
            self._send(301, {"Location": "/ok-at-last"})
        elif self.path == "/gone":
            self._send(404)
        elif self.path == "/flaky":
            self._send(503 if times == 1 else 200, {"Retry-After": "0"})
        elif self.path == "/busy":
            self._send(429, {"Retry-After": "0"})
        elif self.path == "/slow":
            time.sleep(TIMEOUT + 0.5 if times == 1 else 0)
            self._send(200)

    def _send(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def web():
    Web.seen, Web.open_now, Web.most_open = [], 0, 0
    with serving(Web) as url:
        yield url.rstrip("/")


def project_with_links(root: Path, links: dict[str, str]) -> Path:
    """A project of one paper, whose links are these (field: address), with the fixture
    list's tags (its papers' links are example.org's: not to be fetched)."""
    (root / "list").mkdir()
    shutil.copy(FIXTURE_LIST / "tags.yml", root / "list" / "tags.yml")
    project = make_project(root / "project", root / "list")
    lines = "".join(f"  {field}: {url}\n" for field, url in links.items())
    (project / "papers" / "linked.md").write_text(
        "---\ntitle: A Paper with Links\nauthors: [Ada Lovelace]\ndate: 2020\ntags: [vision]\n"
        f"abstract: Links.\nlinks:\n{lines}---\n", encoding="utf-8")
    return project


def test_dead_links_are_reported_at_their_lines_and_kept_for_the_health_page(tmp_path, web,
                                                                            monkeypatch):
    monkeypatch.setenv("PAPERS_HTTP_TIMEOUT", str(TIMEOUT))
    nowhere = f"http://127.0.0.1:{closed_port()}/x"
    project = project_with_links(tmp_path, {
        "code": f"{web}/ok", "project": f"{web}/no-head", "pdf": f"{web}/moved",
        "video": f"{web}/gone", "slides": f"{web}/flaky", "poster": f"{web}/busy",
        "blog": f"{web}/slow", "data": nowhere})
    result = papers("links", cwd=project)
    host = web.removeprefix("http://")
    # The paper's links start at line 8 of its file, one a line, in the order written.
    assert result.stdout.splitlines() == [
        f"papers/linked.md:10: warning: links.pdf: moved to {web}/ok-at-last",
        "papers/linked.md:11: links.video: 404 Not Found",
        "papers/linked.md:13: links.poster: 429 Too Many Requests",
        f"papers/linked.md:15: links.data: cannot reach {nowhere.split('/')[2]}: "
        f"{_refused(nowhere)}",
    ]
    assert result.stderr == "8 links checked: 3 dead, 1 moved\n"
    assert result.returncode == 1
    # HEAD first, GET where HEAD is refused; a retry after 503, 429 and a timeout (three
    # tries in all for 429, which never gives way); the project named in every request.
    asked = [(method, path) for method, path, _ in Web.seen]
    assert asked.count(("HEAD", "/no-head")) == 1 and asked.count(("GET", "/no-head")) == 1
    assert asked.count(("HEAD", "/flaky")) == 2 and asked.count(("HEAD", "/busy")) == 3
    assert asked.count(("HEAD", "/slow")) == 2
    assert {agent for _, _, agent in Web.seen} == {
        "Papershelf/0.1 (https://github.com/papershelf/papershelf; papers links)"}
    assert 1 < Web.most_open <= 2  # the links of one host, two at a time
    result_file = json.loads((project / "papers" / "links.json").read_text(encoding="utf-8"))
    assert [(item["field"], item["status"]) for item in result_file["dead"]] == [
        ("links.video", "404 Not Found"), ("links.poster", "429 Too Many Requests"),
        ("links.data", f"cannot reach {host.split(':')[0]}:{nowhere.split(':')[2].split('/')[0]}: "
                       f"{_refused(nowhere)}")]
    assert papers("check", cwd=project).returncode == 0  # the result file is the list's
    health = (build(project) / "stats" / "health" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="dead-links">Dead links <span class="ps-count">3</span></h2>' in health
    assert "A Paper with Links: links.video, 404 Not Found" in health
    assert not (project / "site" / "links.json").exists()  # not published


def _refused(url: str) -> str:
    """What urllib says of a port nobody listens on, on this platform."""
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(url, timeout=TIMEOUT)
    except urllib.error.URLError as error:
        return str(error.reason)
    raise AssertionError("the closed port answered")


def test_all_links_alive_exit_0_and_leave_no_dead_link(tmp_path, web, monkeypatch):
    monkeypatch.setenv("PAPERS_HTTP_TIMEOUT", str(TIMEOUT))
    project = project_with_links(tmp_path, {"code": f"{web}/ok", "project": f"{web}/ok-2"})
    result = papers("links", cwd=project)
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "", "2 links checked: 0 dead, 0 moved\n")
    assert json.loads((project / "papers" / "links.json").read_text(encoding="utf-8"))["dead"] == []


def test_a_broken_result_file_is_a_problem_of_the_check(tmp_path):
    project = make_project(tmp_path, FIXTURE_LIST)
    (project / "papers" / "links.json").write_text("{\"checked\": \"yesterday\"}", encoding="utf-8")
    checked = papers("check", cwd=project)
    assert checked.returncode == 1
    assert ("papers/links.json:1: not the result of papers links (Invalid isoformat string: "
            "'yesterday'): run papers links again to write it") in checked.stdout.splitlines()
