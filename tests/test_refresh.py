"""`papers refresh` against a local server that answers as OpenAlex does (from
tests/fixtures/openalex/), and fails as services do: 429, 500, an answer cut short, an
answer for another work. Nothing reaches the network."""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import FIXTURE_LIST, FIXTURES, build, make_project, papers, serving, site_handler
from playwright.sync_api import expect

from generator.index import check_list

ANSWERS = FIXTURES / "openalex"
TIMEOUT = 2  # seconds: the slow work's first answer comes later
VENUES = """\
iclr:
  name: International Conference on Learning Representations
  short: ICLR
  kind: conference
"""
PAPERS = {
    "wrapped.md": "title: 'Wrapped Titles: A Study of Hard Line Breaks'\nauthors: [Ada Lovelace]\n"
                  "date: 2024-01-01\narxiv: '2401.00001'\ntags: [retrieval]\nabstract: A.\n",
    "searched.md": "title: Searching by Title Alone\nauthors: [Grace Hopper]\ndate: 2024-02-01\n"
                   "arxiv: '2402.00002'\ntags: [retrieval]\nabstract: B.\n",
    "counted.md": "title: A Published Paper\nauthors: [Alan Turing]\ndate: 2020\n"
                  "doi: 10.1000/counted\ntags: [retrieval]\nabstract: C.\n",
    "busy.md": "title: Busy\nauthors: [A B]\ndate: 2020\ndoi: 10.1000/busy\ntags: [retrieval]\n"
               "abstract: D.\n",
    "broken.md": "title: Broken\nauthors: [A B]\ndate: 2020\ndoi: 10.1000/broken\n"
                 "tags: [retrieval]\nabstract: E.\n",
    "cut.md": "title: Cut\nauthors: [A B]\ndate: 2020\ndoi: 10.1000/cut\ntags: [retrieval]\n"
              "abstract: F.\n",
    "other.md": "title: Other\nauthors: [A B]\ndate: 2020\ndoi: 10.1000/other\ntags: [retrieval]\n"
                "abstract: G.\n",
    "none.md": "title: No Identifier\nauthors: [A B]\ndate: 2020\ntags: [retrieval]\nabstract: H.\n",
    "listed.md": "title: Listed\nauthors: [A B]\ndate: 2020\ndoi: 10.1000/list\n"
                 "tags: [retrieval]\nabstract: I.\n",
    "slow.md": "title: Slow\nauthors: [A B]\ndate: 2020\ndoi: 10.1000/slow\ntags: [retrieval]\n"
               "abstract: J.\n",
    "merged.md": "title: A Preprint Merged with Its Published Version\nauthors: [Katherine Johnson]\n"
                 "date: 2024-03-01\narxiv: '2403.00003'\ntags: [retrieval]\nabstract: K.\n",
}


class OpenAlex(BaseHTTPRequestHandler):
    asked: list[str] = []
    lock = threading.Lock()

    def do_GET(self) -> None:
        with OpenAlex.lock:
            OpenAlex.asked.append(self.path)
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/works":
            self._send(200, (ANSWERS / "search.json").read_bytes())
        elif url.path == "/works/doi:10.1000/busy":
            self._send(429, b"", {"Retry-After": "0"})
        elif url.path == "/works/doi:10.1000/broken":
            self._send(500, b"", {"Retry-After": "0"})
        elif url.path == "/works/doi:10.1000/list":
            self._send(200, b"[]")
        elif url.path == "/works/doi:10.1000/slow":  # no answer in time, then one
            if sum("10.1000/slow" in path for path in OpenAlex.asked) == 1:
                time.sleep(TIMEOUT + 0.5)
            self._send(200, (ANSWERS / "10.1000_counted.json").read_bytes().replace(
                b"10.1000/counted", b"10.1000/slow"))
        else:
            answer = ANSWERS / (url.path.removeprefix("/works/doi:").replace("/", "_") + ".json")
            self._send(200, answer.read_bytes()) if answer.is_file() else self._send(404, b"")

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    OpenAlex.asked = []
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - papershelf:\n      contact: curator@example.org\n",
        encoding="utf-8")
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "tags.yml").write_text("retrieval:\n  name: Retrieval\n  description: R.\n",
                                     encoding="utf-8")
    (folder / "venues.yml").write_text(VENUES, encoding="utf-8")
    for name, front_matter in PAPERS.items():
        (folder / name).write_text(f"---\n{front_matter}---\nNotes stay.\n", encoding="utf-8")
    with serving(OpenAlex) as url:
        monkeypatch.setenv("PAPERS_OPENALEX_API", url.rstrip("/"))
        monkeypatch.setenv("PAPERS_HTTP_TIMEOUT", str(TIMEOUT))
        yield tmp_path


def test_refresh_writes_what_is_certain_and_reports_the_rest_in_a_line_each(project):
    folder = project / "papers"
    assert papers("fmt", cwd=project).returncode == 0  # as a list's files are
    before = {name: (folder / name).read_text(encoding="utf-8") for name in PAPERS}
    result = papers("refresh", cwd=project)
    assert result.stdout.splitlines() == [
        "papers/broken.md:1: warning: OpenAlex: 500 Internal Server Error",
        "papers/busy.md:1: warning: OpenAlex: 429 Too Many Requests",
        "papers/cut.md:1: warning: OpenAlex sent an answer that is not JSON (cut short?)",
        "papers/listed.md:1: warning: OpenAlex sent something that is not a work",
        "papers/merged.md:1: venue ICLR 2024, doi 10.1000/merged.2024.7",
        "papers/other.md:1: warning: OpenAlex answered for another work (10.1000/a-different-work)",
        "papers/searched.md:1: warning: to look at: published in 'Neural Information Processing "
        "Systems' (2024), which names no series of venues.yml",
        "papers/wrapped.md:1: venue ICLR 2024",
    ]
    assert result.stderr == "10 papers asked: 2 changed, 1 to look at, 5 failed\n"
    assert result.returncode == 1
    # Only the certain match is written, and in it only the venue.
    for name in PAPERS:
        text = (folder / name).read_text(encoding="utf-8")
        if name == "wrapped.md":
            assert text == before[name].replace("date: 2024-01-01\n",
                                                "date: 2024-01-01\nvenue: ICLR 2024\n")
        elif name == "merged.md":  # merged by OpenAlex: the published DOI comes too
            assert text == before[name].replace(
                "date: 2024-03-01\n", "date: 2024-03-01\nvenue: ICLR 2024\n").replace(
                "arxiv: '2403.00003'\n", "arxiv: '2403.00003'\ndoi: 10.1000/merged.2024.7\n")
        else:
            assert text == before[name], name
    paper = next(p for p in check_list(folder)[0].papers if p.slug == "wrapped")
    assert str(paper.venue) == "ICLR 2024" and paper.notes == "Notes stay."
    counted = json.loads((folder / "citations.json").read_text(encoding="utf-8"))
    # The slow work answered when asked again: its count is in.
    assert counted["citations"] == {"counted": 412, "merged": 128, "searched": 7, "slow": 412,
                                    "wrapped": 41}
    assert counted["source"] == "OpenAlex"
    # The polite pool's address on every request; the 429 and the 500 asked three times.
    assert all("mailto=curator%40example.org" in path for path in OpenAlex.asked)
    assert sum("10.1000/busy" in path for path in OpenAlex.asked) == 3
    assert papers("check", cwd=project).returncode == 0


def test_a_dry_run_changes_no_file(project):
    folder = project / "papers"
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    result = papers("refresh", "--dry-run", cwd=project)
    assert "papers/wrapped.md:1: venue ICLR 2024" in result.stdout.splitlines()
    assert result.stderr == "10 papers asked: 2 to change, 1 to look at, 5 failed\n"
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


@pytest.fixture(scope="module")
def counted_site(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """The fixture list with citation counts for all its papers but one."""
    project = make_project(tmp_path_factory.mktemp("counted"), FIXTURE_LIST)
    slugs = sorted(paper.slug for paper in check_list(FIXTURE_LIST)[0].papers)
    counts = {slug: 10 * (number + 1) for number, slug in enumerate(slugs[1:])}
    (project / "papers" / "citations.json").write_text(json.dumps(
        {"counted": "2026-12-01", "source": "OpenAlex", "citations": counts}), encoding="utf-8")
    return build(project), counts


def test_counts_show_on_cards_and_paper_pages_with_the_day_they_were_counted(counted_site):
    site, counts = counted_site
    for slug, count in counts.items():
        page = (site / "papers" / slug / "index.html").read_text(encoding="utf-8")
        assert f'<span class="ps-cited">{count} citations, counted 2026-12-01</span>' in page
    vision = (site / "tags" / "vision" / "index.html").read_text(encoding="utf-8")
    shown = re.findall(r'class="ps-card__title" href="[^"]*/papers/([^/]+)/".*?'
                       r'<p class="ps-card__facts">(.*?)</p>', vision, re.S)
    assert len({slug in counts for slug, _ in shown}) == 2  # a counted card and one not
    for slug, facts in shown:
        if slug in counts:
            assert f'title="counted 2026-12-01">{counts[slug]} citations</span>' in facts
        else:
            assert "ps-cited" not in facts
    stats = (site / "stats" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="most-cited-papers">Most cited papers' in stats
    assert not (site / "citations.json").exists()  # the list's data, not a page's


def test_the_browse_view_orders_by_most_cited(counted_site, tab):
    site, counts = counted_site
    titles = {paper.slug: paper.title for paper in check_list(FIXTURE_LIST)[0].papers}
    with serving(site_handler(site)) as url:
        tab.goto(url + "?sort=cited")
        expect(tab.locator("#ps-browse[data-ready]")).to_have_count(1)
        most_first = sorted(counts, key=lambda slug: -counts[slug])
        uncounted = [slug for slug in titles if slug not in counts]
        expect(tab.locator(".ps-browse .ps-card__title")).to_have_text(
            [titles[slug] for slug in most_first + uncounted])
        expect(tab.locator(".ps-browse__sort")).to_have_value("cited")


def test_a_list_without_counts_shows_none(fixture_site, tab, served_site):
    assert not any('class="ps-cited"' in page.read_text(encoding="utf-8")
                   for page in fixture_site.rglob("*.html"))
    tab.goto(served_site)
    expect(tab.locator("#ps-browse[data-ready]")).to_have_count(1)
    expect(tab.locator(".ps-browse__sort option")).to_have_text(
        ["Newest first", "Recently added", "Title", "Venue"])
