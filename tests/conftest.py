"""Shared helpers: a papers folder to write into, the `papers` command in this process (and
the real commands, run as a user would), site builds, the live list and the copies a pull
request could make of it, a local HTTP server, the browser."""

from __future__ import annotations

import contextlib
import datetime
import functools
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import mock

import pytest
import yaml
from hypothesis import settings

# `make test-fast` runs each property of test_properties.py on a fifth of its examples.
settings.register_profile("fast", max_examples=20)

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
FIXTURE_LIST = FIXTURES / "list"
# The list this repository publishes. It grows every week: tests that read it are marked
# `live_list`, take the `live_list` fixture (the list as committed, and as a pull request that
# adds or removes a paper leaves it) and derive what they expect from its files (see
# live_papers), never a count.
LIVE_LIST = REPO / "papers"
# The papers the live list began with, by arXiv id: a pull request may remove any other.
SEED = {item["paper"]["id"]: item["paper"]
        for item in json.loads((FIXTURES / "daily-papers-seed.json").read_text(encoding="utf-8"))}
# The live list as committed, and as a pull request that adds a paper or removes one leaves
# it: a live_list test's parameters. The copies are slow: `make test-fast` reads the list as
# committed only.
LIVE_LISTS = [pytest.param("as-committed", marks=pytest.mark.live_list),
              pytest.param("a-paper-more", marks=[pytest.mark.live_list, pytest.mark.slow]),
              pytest.param("a-paper-less", marks=[pytest.mark.live_list, pytest.mark.slow])]
BIN = Path(sys.executable).parent
EXE = ".exe" if os.name == "nt" else ""  # what a console script's name ends with
# The Makefile is the quick start of a POSIX shell (.venv/bin, id, sudo): Windows has no make.
NEEDS_MAKE = pytest.mark.skipif(sys.platform == "win32", reason="the Makefile is for POSIX shells")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PANDOC = os.environ.get("PANDOC", "/usr/bin/pandoc")
# Material prints a banner about MkDocs 2.0 on every build; the builds run here are no exception.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

TAGS_YML = """\
retrieval:
  name: Retrieval
  description: Finding documents for a query.
  aliases: [ir]
vision:
  name: Vision
  description: Images and video.
"""

# A venue vocabulary for the tests that need one: a conference with an alias, a journal, a
# workshop and a preprint server.
VENUES_YML = """\
cvpr:
  name: IEEE/CVF Conference on Computer Vision and Pattern Recognition
  short: CVPR
  kind: conference
  aliases: [Computer Vision and Pattern Recognition]
iclr:
  name: International Conference on Learning Representations
  short: ICLR
  kind: conference
neurips:
  name: Advances in Neural Information Processing Systems
  short: NeurIPS
  kind: conference
  aliases: [NIPS]
tpami:
  name: IEEE Transactions on Pattern Analysis and Machine Intelligence
  short: TPAMI
  kind: journal
  aliases: [IEEE TPAMI]
cikm:
  name: ACM International Conference on Information and Knowledge Management
  short: CIKM
  kind: conference
iccv-workshops:
  name: IEEE/CVF International Conference on Computer Vision Workshops
  short: ICCV Workshops
  kind: workshop
biorxiv:
  name: bioRxiv
  short: bioRxiv
  kind: preprint
"""

VALID = """\
title: A Valid Paper
authors: [Ada Lovelace]
date: 2020-01-02
tags: [vision]
abstract: An abstract.
"""


def run(command: str, *args: str, cwd: Path, env: dict[str, str] | None = None,
        ) -> subprocess.CompletedProcess:
    """Run a console script of this environment (papers, mkdocs) as a user would."""
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"} | (env or {})
    return subprocess.run([str(BIN / f"{command}{EXE}"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def papers(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`papers ARGS` run in this process, in the folder cwd: its exit code and output.
    (Starting the command anew costs a third of a second; each command also has a test that
    runs the installed one.)"""
    from generator import cli

    out, err = io.StringIO(), io.StringIO()
    with (contextlib.chdir(cwd), mock.patch.dict(os.environ, env or {}),
          contextlib.redirect_stdout(out), contextlib.redirect_stderr(err)):
        try:
            code = cli.main(list(args))
        except SystemExit as exit:  # argparse's usage errors and --help
            code = exit.code if isinstance(exit.code, int) else 1
    return subprocess.CompletedProcess(["papers", *args], code, out.getvalue(), err.getvalue())


class QuietServer(ThreadingHTTPServer):
    """A test server that says nothing when a browser or a timed-out client hangs up."""

    # Pagefind fetches a chunk of each part of an index at once, a connection each, and
    # Chromium opens up to 6 to one host: more than the default queue of 5.
    request_queue_size = 64

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serving(handler: type[BaseHTTPRequestHandler] | functools.partial) -> Iterator[str]:
    """A local HTTP server on a free port while the block runs: its address."""
    server = QuietServer(("127.0.0.1", 0), handler)
    # A short poll: shutdown() waits for the loop to look, half a second by default.
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def site_handler(site: Path) -> functools.partial:
    """Serving a built site's files, quietly."""
    return functools.partial(QuietHandler, directory=str(site))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty papers folder with a small tag vocabulary, in a repository (mkdocs.yml marks
    its root, where `papers` finds papers/)."""
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", encoding="utf-8")
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "tags.yml").write_text(TAGS_YML, encoding="utf-8")
    return papers


def plain_yaml(text: str) -> object:
    """YAML read as any safe loader reads it, independently of the generator (with libyaml
    where PyYAML has it: pure Python takes a quarter of a second for the live list)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def live_papers(folder: Path = LIVE_LIST) -> list[dict]:
    """Every paper file of a list read with plain YAML: its front matter, with its file name
    under 'slug'."""
    return [plain_yaml(path.read_text(encoding="utf-8").split("---\n")[1]) | {"slug": path.stem}
            for path in sorted(folder.glob("*.md"))]


def write_paper(folder: Path, name: str, front_matter: str, notes: str = "") -> Path:
    """Write a paper file from front matter text (without the fences) and notes."""
    path = folder / name
    path.write_text(f"---\n{front_matter}---\n{notes}", encoding="utf-8")
    return path


def make_project(root: Path, papers: Path) -> Path:
    """A copy of this repository's site setup (mkdocs.yml, overrides/) around a papers folder."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copytree(papers, root / "papers")
    return root


def build(project: Path, config_file: str = "mkdocs.yml", **settings: object) -> Path:
    """Build a project's site in this process, as `mkdocs build` does: the site folder.
    Settings override the config file's (strict=True, site_dir=...); a failed build raises."""
    from mkdocs.commands.build import build as build_site
    from mkdocs.config import load_config

    config = load_config(str(project / config_file), **settings)
    build_site(config)
    return Path(config.site_dir)


class _Warnings(logging.Handler):
    """The messages of the records at WARNING or above that reach it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def mkdocs_warnings() -> Iterator[list[str]]:
    """What MkDocs and its plugins log at WARNING or above (errors too) while the block runs,
    a build in this process."""
    handler, logger = _Warnings(), logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


# The fixture list's hostile notes are the one thing its build warns about (strictly, it fails),
# as `mkdocs build` prints it.
FIXTURE_WARNINGS = [
    "WARNING -  papers/less-is-more.md:9: warning: notes: the site removes 'onerror' on <img>, "
    "<script>, a javascript: link; no script, event handler, frame or javascript: link from a "
    "paper reaches a page"]


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture list built as `mkdocs build` builds it, in this process: the site folder.
    (test_build.py runs the installed `mkdocs build`.)"""
    project = make_project(tmp_path_factory.mktemp("fixture-site"), FIXTURE_LIST)
    with mkdocs_warnings() as warnings:
        site = build(project)
    assert [f"WARNING -  {message}" for message in warnings] == FIXTURE_WARNINGS
    return site


def epoch(day: datetime.date) -> str:
    """A day as SOURCE_DATE_EPOCH gives it to a build."""
    return str(int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp()))


def build_day(folder: Path) -> datetime.date:
    """The day after a list's latest `added` date: built then, its health page lists the
    papers added in the 30 days before."""
    added = [datetime.date.fromisoformat(str(paper["added"])) for paper in live_papers(folder)
             if "added" in paper]
    return max(added, default=datetime.date(2026, 11, 30)) + datetime.timedelta(days=1)


def _a_new_paper(folder: Path) -> str:
    """A paper file no list holds yet, as a contributor writes it, under a tag of the list."""
    tag = next(iter(plain_yaml((folder / "tags.yml").read_text(encoding="utf-8"))))
    return ("---\n"
            "title: A Paper Added by a Pull Request\n"
            "authors:\n  - Grace Hopper\n"
            "date: 2026-01-15\n"
            f"tags: [{tag}]\n"
            f"added: {datetime.date.today()}\n"
            "abstract: A paper no list holds yet, as a contributor would add it.\n"
            "---\n")


def _pull_request(root: Path, change: str) -> Path:
    """A copy of the live list in this repository's site setup, changed as a pull request
    would: a paper added (and formatted, as its contributor would), or a paper not from the
    seed removed. Its papers folder."""
    folder = make_project(root, LIVE_LIST) / "papers"
    if change == "a-paper-more":
        (folder / "a-paper-added-by-a-pull-request.md").write_text(_a_new_paper(folder),
                                                                  encoding="utf-8")
        formatted = papers("fmt", "papers/a-paper-added-by-a-pull-request.md", cwd=root)
        assert formatted.returncode == 0, formatted.stderr
    elif change == "a-paper-less":
        # A paper on a reading path would leave the path with it: one on none is removed.
        on_paths = " ".join(path.read_text(encoding="utf-8") for path in folder.glob("paths/*.md"))
        not_seed = [paper for paper in live_papers(folder) if paper.get("arxiv") not in SEED
                    and f"paper: {paper['slug']}\n" not in on_paths]
        assert not_seed, "every paper of the live list is a seed paper or on a reading path"
        slug = not_seed[0]["slug"]
        (folder / f"{slug}.md").unlink()
        # The pull request unlinks it where the curator's pages link to it, as the check asks.
        for page in folder.glob("pages/*.md"):
            text = page.read_text(encoding="utf-8")
            page.write_text(re.sub(rf"\[([^\]]*)\]\((?:\.\./|papers/){re.escape(slug)}\.md[^)]*\)",
                                   r"\1", text), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def live_lists(tmp_path_factory) -> Callable[[str], Path]:
    """The live list as each of LIVE_LISTS has it, copied once a session: its papers folder,
    by the parameter's name."""
    made: dict[str, Path] = {}

    def live_list(change: str) -> Path:
        if change not in made:
            made[change] = _pull_request(tmp_path_factory.mktemp(change), change)
        return made[change]
    return live_list


@pytest.fixture(scope="session", params=LIVE_LISTS)
def live_list(request, live_lists) -> Path:
    """The live list as committed, with a paper more, and with a paper less: a test that
    reads the list through this passes on a pull request that adds or removes a paper."""
    return live_lists(request.param)


@pytest.fixture(scope="session")
def live_site(live_list) -> Path:
    """A live list built strictly, as the pull request workflow builds it, on its build_day:
    the site folder."""
    with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": epoch(build_day(live_list))}):
        return build(live_list.parent, strict=True)


@pytest.fixture(scope="session")
def served_site(fixture_site):
    """The fixture site served over HTTP on a free local port: its base URL."""
    with serving(site_handler(fixture_site)) as url:
        yield url


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that drive the browser are marked `browser`, those that run pandoc `pandoc`,
    those that read a strict build of the live list `slow`: `make test-fast` leaves them out.
    The slow tests go first, so that on several cores the others run while they do."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if {"browser", "tab"} & fixtures:
            item.add_marker(pytest.mark.browser)
        if "pandoc" in fixtures:
            item.add_marker(pytest.mark.pandoc)
        if "live_site" in fixtures:
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by Playwright; no browser is downloaded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def pandoc() -> str:
    """Debian's pandoc, which reads BibTeX and CSL-JSON as citation processors do."""
    if not Path(PANDOC).is_file():
        pytest.fail(f"{PANDOC} is missing: `make test` installs it (apt-get install pandoc)")
    formats = subprocess.run([PANDOC, "--list-input-formats"], capture_output=True, text=True,
                             check=True).stdout.split()
    assert {"bibtex", "csljson"} <= set(formats), f"{PANDOC} reads neither BibTeX nor CSL-JSON"
    return PANDOC


def search_for(tab, text: str, seconds: float = 5) -> None:
    """Type into the open search, and wait for the results of the whole text: the results
    list is busy from each keystroke until those of what is typed are shown (the results of
    the text so far may come first, on a busy machine)."""
    from playwright.sync_api import expect

    box = tab.locator(".ps-search__input")
    box.fill("")
    box.press_sequentially(text)
    expect(tab.locator(".ps-search__results")).to_have_attribute("aria-busy", "false",
                                                               timeout=seconds * 1000)
    expect(tab.locator(".ps-search__status")).to_have_text(re.compile(r"^\d+ results?$"))


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
