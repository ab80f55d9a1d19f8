"""`papers links`: every link of every paper file (its `links`: code, project, PDF, ...)
fetched to see that it still leads somewhere, and the last run's dead links kept in
papers/links.json for the health page.

Politely: a User-Agent that names the project, at most PER_HOST requests to a host at once,
a timeout, HEAD first and GET when a server refuses HEAD, redirects followed (and
reported), and a retry after a 429 or a 5xx answer or a timeout, waiting as Retry-After
says (at most MAX_WAIT seconds) or longer each time.
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

RESULT_FILE = "links.json"  # in the papers folder
USER_AGENT = "Papershelf/0.1 (papers links; a reading list site generator)"
PER_HOST = 2
WORKERS = 16
RETRIES = 2
BACKOFF_SECONDS = 1.0  # the wait before the first retry; it doubles
MAX_WAIT = 30.0
_TRY_GET = {403, 405, 501}  # what servers answer a HEAD they do not serve
_RETRY = {429, 500, 502, 503, 504}
_NO_ANSWER = "no answer from"


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
    delay = BACKOFF_SECONDS
    for attempt in range(RETRIES + 1):
        status, reason, final, retry_after = _fetch(link.url, timeout)
        if status is not None and status < 400:
            return Checked(link, moved_to=final if final != link.url else "")
        timed_out = status is None and reason.startswith(_NO_ANSWER)
        if attempt == RETRIES or not (status in _RETRY or timed_out):
            return Checked(link, dead=reason)
        wait(min(MAX_WAIT, retry_after if retry_after is not None else delay))
        delay *= 2
    raise AssertionError("unreachable")  # the loop returns on its last attempt


def _fetch(url: str, timeout: float) -> tuple[int | None, str, str, float | None]:
    """A HEAD of url (a GET where the server refuses HEAD): the final status (None when no
    answer came), why it failed, the address it ended at, and the seconds Retry-After asked."""
    # Loaded here: `papers check` reads this module's result file, and needs no HTTP.
    import urllib.error
    import urllib.request
    from http.client import HTTPException

    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, "", response.url, None
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in _TRY_GET:
                continue
            return (error.code, f"{error.code} {error.reason}", error.url,
                    _seconds(error.headers.get("Retry-After")))
        except urllib.error.URLError as error:
            return None, _unreachable(url, error.reason, timeout), url, None
        except (OSError, HTTPException, ValueError) as error:
            return None, _unreachable(url, error, timeout), url, None
    raise AssertionError("unreachable")  # GET returns or raises


def _unreachable(url: str, reason: object, timeout: float) -> str:
    host = urllib.parse.urlsplit(url).netloc or url
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return f"{_NO_ANSWER} {host} within {timeout:g} s"
    return f"cannot reach {host}: {reason}"


def _seconds(value: str | None) -> float | None:
    """Retry-After in seconds (a number of seconds; an HTTP date is not waited for)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


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
