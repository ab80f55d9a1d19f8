"""`papers links`: every link of every paper file (its `links`: code, project, PDF, ...)
fetched to see that it still leads somewhere, and the last run's dead links kept in
papers/links.json for the health page.

Politely (web.py): at most PER_HOST requests to a host at once, HEAD first and GET when a
server refuses HEAD, redirects followed (and reported), retries as web.with_retries makes
them.
"""

from __future__ import annotations

import datetime
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.model import Paper, Problem
from generator.paperfile import read_paper_file
from generator.web import Answer, ask, with_retries

RESULT_FILE = "links.json"  # in the papers folder
COMMAND = "papers links"
PER_HOST = 2
WORKERS = 16
_TRY_GET = {403, 405, 501}  # what servers answer a HEAD they do not serve


@dataclass(frozen=True)
class Link:
    """A link of a paper file: the file, its line, the field (`links.code`), the address."""

    path: Path
    line: int
    field: str
    url: str


@dataclass(frozen=True)
class Checked:
    """A link and what became of it: `dead` says why it is ('' when it works), `moved_to`
    where a redirect led ('' when none did)."""

    link: Link
    dead: str = ""
    moved_to: str = ""


def paper_links(papers: Iterable[Paper]) -> list[Link]:
    """Every link of the papers' files, at the line of its key, in file order."""
    found = []
    for paper in sorted(papers, key=lambda paper: paper.path.name):
        source, _ = read_paper_file(paper.path)
        entry = source.entries.get("links") if source else None
        if entry is None or not isinstance(entry.node, yaml.MappingNode):
            continue
        found += [Link(paper.path, key.start_mark.line + entry.offset, f"links.{key.value}",
                       str(value.value))
                  for key, value in entry.node.value if isinstance(value, yaml.ScalarNode)]
    return found


def check_links(links: list[Link], timeout: float,
                wait: Callable[[float], None] = time.sleep) -> list[Checked]:
    """What became of each link, in the order given."""
    hosts: dict[str, threading.Semaphore] = {}
    lock = threading.Lock()

    def check(link: Link) -> Checked:
        host = urllib.parse.urlsplit(link.url).netloc
        with lock:
            gate = hosts.setdefault(host, threading.Semaphore(PER_HOST))
        with gate:
            return _check(link, timeout, wait)

    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(check, links))


def _check(link: Link, timeout: float, wait: Callable[[float], None]) -> Checked:
    def asking() -> Answer:
        head = ask(link.url, "HEAD", timeout, COMMAND)
        return ask(link.url, "GET", timeout, COMMAND) if head.status in _TRY_GET else head

    answer = with_retries(asking, wait)
    if answer.ok:
        return Checked(link, moved_to=answer.url if answer.url != link.url else "")
    return Checked(link, dead=answer.reason)


def report(checked: list[Checked], root: Path) -> tuple[list[str], str]:
    """A line per dead or moved link (`path:line: links.code: 404 Not Found`), and the
    summary."""
    lines = [Problem(item.link.path, item.link.line,
                     f"{item.link.field}: {item.dead or 'moved to ' + item.moved_to}",
                     warning=not item.dead).format(root)
             for item in checked if item.dead or item.moved_to]
    dead = sum(1 for item in checked if item.dead)
    moved = sum(1 for item in checked if item.moved_to and not item.dead)
    return lines, f"{len(checked)} links checked: {dead} dead, {moved} moved"


def write_result(folder: Path, checked: list[Checked], today: datetime.date) -> None:
    """The dead links of this run, for the health page: papers/links.json."""
    dead = [{"file": item.link.path.name, "line": item.link.line, "field": item.link.field,
             "url": item.link.url, "status": item.dead} for item in checked if item.dead]
    text = json.dumps({"checked": today.isoformat(), "dead": dead}, ensure_ascii=False,
                      indent=1)
    (folder / RESULT_FILE).write_text(text + "\n", encoding="utf-8", newline="\n")


@dataclass(frozen=True)
class DeadLink:
    """A dead link as the last `papers links` found it: its paper's file name, its field,
    its address and why it is dead."""

    file: str
    field: str
    url: str
    status: str


def read_result(folder: Path) -> tuple[datetime.date | None, tuple[DeadLink, ...], list[Problem]]:
    """The last run's day and dead links, from papers/links.json; none when it is absent."""
    path = folder / RESULT_FILE
    if not path.is_file():
        return None, (), []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        day = datetime.date.fromisoformat(data["checked"])
        dead = tuple(DeadLink(str(item["file"]), str(item["field"]), str(item["url"]),
                              str(item["status"])) for item in data["dead"])
    except (ValueError, KeyError, TypeError) as error:
        return None, (), [Problem(path, 1, f"not the result of papers links ({error}): run "
                                           "papers links again to write it")]
    return day, dead, []
