"""The docs say what the code does: every command in README.md, CONTRIBUTING.md and docs/*.md
works as shown, every link leads somewhere, and the claims a fork relies on hold.

A command is a `$ ` line of a `console` block (the lines under it are its output, which must
be what it prints), a line of a `sh` block, or inline code that starts with `papers`, `make`,
`mkdocs` or `.venv/bin/`. Each block, and each inline command, runs in its own copy of the
repository around the live list: `papers` in this process, `papers add` against the recorded
answers of arXiv and Crossref, `make` as it is, `make serve` until it serves the home page.
Each must exit 0 without a traceback. The two commands that run the suite itself are run by
CI instead (RUN_ELSEWHERE).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import (
    BIN,
    FIXTURES,
    LIVE_LIST,
    REPO,
    build,
    live_papers,
    make_project,
    papers,
    serving,
)
from test_add import RecordedApiHandler

DOCS = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").glob("*.md")),
        REPO / "bench" / "README.md"]
FENCED = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"`([^`\n]+)`")
COMMAND = re.compile(r"(?:papers|make|mkdocs|\.venv/bin/\S+)(?: |$)")
# `make test` runs the suite (and `make install` first): .ci/run runs it on a fresh clone.
RUN_ELSEWHERE = ("make test", "make install")
# A document whose commands another test runs in order, as they are written there.
RUN_BY = {"docs/other-builders.md": REPO / "tests" / "test_other_builders.py"}
Shown = tuple[tuple[str, str | None], ...]  # commands in the order shown, each with its output


def shown_in(doc: Path) -> list[Shown]:
    """The commands a document shows: one entry per console block (a session), per line of a
    sh block, and per inline command."""
    text = doc.read_text(encoding="utf-8")
    found: list[Shown] = []
    for language, body in FENCED.findall(text):
        if language == "console":
            found.append(_session(body))
        elif language == "sh":
            found += [((line.split(" #")[0].strip(), None),) for line in body.splitlines()
                      if line.strip()]
    found += [((code, None),) for code in INLINE.findall(FENCED.sub("", text))
              if COMMAND.match(code)]
    return found


def _session(body: str) -> Shown:
    commands: list[tuple[str, list[str]]] = []
    for line in body.rstrip("\n").split("\n"):
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            commands[-1][1].append(line)
    return tuple((command, "\n".join(output)) for command, output in commands)


def _every_shown() -> dict[Shown, str]:
    """Every distinct command or session of the docs, with the first document showing it."""
    found: dict[Shown, str] = {}
    for doc in DOCS:
        for shown in shown_in(doc):
            found.setdefault(shown, doc.relative_to(REPO).as_posix())
    return found


SHOWN = _every_shown()
TO_RUN = {shown: doc for shown, doc in SHOWN.items()
          if shown[0][0] not in RUN_ELSEWHERE and doc not in RUN_BY}


@pytest.fixture(scope="module")
def recorded_apis() -> Iterator[dict[str, str]]:
    """The environment that points `papers add` at the recorded answers, served locally."""
    with serving(functools.partial(RecordedApiHandler, requests=[])) as url:
        yield {"PAPERS_ARXIV_API": f"{url}api/query", "PAPERS_CROSSREF_API": f"{url}works",
               "PAPERS_HTTP_TIMEOUT": "5", "COLUMNS": "80"}  # help as the docs show it


def repository_copy(root: Path) -> Path:
    """The repository as a reader has it, around a copy of the live list: its Makefile, this
    environment as .venv, and the BibTeX files the docs import. The papers whose metadata is
    recorded are left out, so that adding one adds it, however the list grows."""
    project = make_project(root, LIVE_LIST)
    shutil.copy(REPO / "Makefile", project)
    shutil.copy2(REPO / "pyproject.toml", project)
    (project / ".venv").symlink_to(BIN.parent, target_is_directory=True)
    for bib in (FIXTURES / "bibtex").glob("*.bib"):
        shutil.copy(bib, project)
    arxiv = {path.stem for path in (FIXTURES / "arxiv").glob("*.xml")}
    dois = {path.stem.replace("_", "/") for path in (FIXTURES / "crossref").glob("*.json")}
    for paper in live_papers():
        if paper.get("arxiv") in arxiv or str(paper.get("doi", "")).lower() in dois:
            (project / "papers" / f"{paper['slug']}.md").unlink()
    return project


def _marked(shown: Shown) -> object:
    """A shown command as a parameter: `make serve` (a server, seconds long) marked slow."""
    serves = any(command.split()[:2] == ["make", "serve"] for command, _ in shown)
    return pytest.param(shown, marks=[pytest.mark.slow] if serves else [],
                        id=f"{TO_RUN[shown]}: {shown[0][0]}")


@pytest.mark.parametrize("shown", [_marked(shown) for shown in TO_RUN])
def test_every_command_in_the_docs_works_as_shown(shown, tmp_path, recorded_apis):
    project = repository_copy(tmp_path / "repository")
    for command, output in shown:
        result = run_shown(command, project, recorded_apis)
        said = result.stdout + result.stderr
        assert result.returncode == 0 and "Traceback" not in said, (
            f"{TO_RUN[shown]}: `{command}` exited {result.returncode}:\n{said}")
        if output is not None:
            assert said.rstrip("\n") == output, f"{TO_RUN[shown]}: `{command}` printed:\n{said}"


def run_shown(command: str, project: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a command as the docs show it, in the project."""
    program, *args = shlex.split(command)
    program = program.removeprefix(".venv/bin/")
    if program == "papers":
        return papers(*args, cwd=project, env=env)
    if program == "make" and "serve" in args:
        return make_serve(args, project)
    if program == "make":  # .venv is this environment, set up: make must not set it up again
        program_args = ["make", "--no-print-directory", "-o", ".venv/.installed",
                        "-o", ".venv/.installed-test", *args]
    else:
        program_args = [str(BIN / program), *args]
    return subprocess.run(program_args, cwd=project, env=os.environ | env, capture_output=True,
                          text=True, timeout=300)


def make_serve(args: list[str], project: Path) -> subprocess.CompletedProcess:
    """`make serve` on a free port (whatever PORT the docs give), until it serves the home
    page: exit 0 if it did."""
    port = _free_port()
    args = [arg for arg in args if not arg.startswith("PORT=")] + [f"PORT={port}"]
    process = subprocess.Popen(["make", "--no-print-directory", "-o", ".venv/.installed", *args],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)  # make and mkdocs: one group
    try:
        served = _home_page(f"http://127.0.0.1:{port}/", process)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=60)[0]
    return subprocess.CompletedProcess(args, 0 if served else 1, output, "")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _home_page(url: str, process: subprocess.Popen, seconds: float = 120) -> bool:
    """Whether the server answers with the home page and its browse view before it stops."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return 'id="ps-browse"' in response.read().decode()
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    return False


def test_the_documents_whose_commands_another_test_runs_are_read_by_it():
    for doc, test in RUN_BY.items():
        assert f'"{doc.split("/")[-1]}"' in test.read_text(encoding="utf-8"), test
        assert any(shown for shown, shown_doc in SHOWN.items() if shown_doc == doc), doc


def test_the_commands_the_suite_cannot_run_are_run_by_ci(tmp_path):
    assert {shown[0][0] for shown in SHOWN} >= set(RUN_ELSEWHERE)  # the docs show each
    assert (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()[-1] == "make test"
    for name in ("Makefile", "pyproject.toml"):  # a fresh clone: no .venv yet
        shutil.copy(REPO / name, tmp_path)

    def dry_run(target: str) -> str:
        return subprocess.run(["make", "--dry-run", "--no-print-directory", target], cwd=tmp_path,
                              capture_output=True, text=True, check=True).stdout

    assert "pip install" in dry_run("install") and dry_run("install") in dry_run("test")


def test_the_commands_page_lists_every_make_target():
    help_text = subprocess.run(["make", "--no-print-directory", "help"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout
    targets = re.findall(r"^  make (\S+)", help_text, re.MULTILINE)
    section = (REPO / "docs" / "commands.md").read_text(encoding="utf-8").split("\n## make\n")[1]
    listed = re.findall(r"^\| `([a-z-]+)` \|", section.split("\n## ")[0], re.MULTILINE)
    assert sorted(listed) == sorted(targets) and len(targets) > 1


def _anchors(doc: Path) -> set[str]:
    """The anchors GitHub gives a Markdown file's headings."""
    headings = re.findall(r"^#+ (.+)$", FENCED.sub("", doc.read_text(encoding="utf-8")),
                          re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.relative_to(REPO).as_posix())
def test_links_lead_to_files_and_headings_that_exist(doc):
    for target in re.findall(r"\]\(([^)\s]+)\)", FENCED.sub("", doc.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        linked = (doc.parent / path).resolve() if path else doc
        assert linked.is_file(), f"{doc.name}: {target}"
        assert not anchor or anchor in _anchors(linked), f"{doc.name}: {target}"


def test_a_list_emptied_as_the_readme_says_checks_and_builds(tmp_path):
    project = make_project(tmp_path / "fork", LIVE_LIST)
    for paper in (project / "papers").glob("*.md"):
        paper.unlink()
    (project / "papers" / "authors.yml").unlink()
    (project / "papers" / "pages" / "about.md").unlink()  # "rewrite it for yours, or delete it"
    for path in (project / "papers" / "paths").glob("*.md"):  # "delete the sample reading paths"
        path.unlink()
    (project / "papers" / "tags.yml").write_text("", encoding="utf-8")  # "may be empty until then"
    formatted = papers("fmt", cwd=project)
    assert (formatted.returncode, formatted.stdout) == (0, "formatted: papers/paper.schema.json\n")
    checked = papers("check", cwd=project)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "0 errors, 0 warnings\n")
    assert (build(project, strict=True) / "index.html").is_file()
    (project / "papers" / "tags.yml").unlink()
    checked = papers("check", cwd=project)
    assert checked.returncode == 1
    assert checked.stdout.startswith("papers/tags.yml:1: the tag vocabulary is missing")


def test_the_screenshot_script_takes_the_home_page_with_its_cards(browser, served_site, tmp_path):
    spec = importlib.util.spec_from_file_location("screenshot", REPO / "docs" / "screenshot.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.screenshot(browser, served_site, tmp_path / "home.png")
    for png in (tmp_path / "home.png", REPO / "docs" / "screenshot.png"):
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) < 300_000
        assert struct.unpack(">II", data[16:24]) == (1280, 800)
