"""`papers refresh`: what OpenAlex knows of each paper with an arXiv id or a DOI: the venue
and DOI a preprint was published with, and how many works cite it.

A venue (and its DOI) is written into a paper file only when the match is certain (the
work OpenAlex gives has the paper's DOI or arXiv DOI, or the published work found by the
paper's title has that title and one of its authors) and the venue names a series of
venues.yml; otherwise the paper is listed to look at, with what was found. Citation counts
go into papers/citations.json with the day they were counted, never into paper files. A
failed or strange answer leaves every file as it was and is reported in one line.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from generator.authors import sort_name
from generator.canonical import line_break, paper_text, written_fields
from generator.fields import validate_paper
from generator.identity import fold, normalise_doi, title_key
from generator.model import Paper, Problem, Tag, VenueSeries
from generator.paperfile import front_matter_comments, read_paper_file, split_paper
from generator.venues import VenueLookup, imported_venue
from generator.web import Answer, ask, with_retries

OPENALEX_API = "https://api.openalex.org"
CITATIONS_FILE = "citations.json"  # in the papers folder
COMMAND = "papers refresh"
MIN_INTERVAL = 0.1  # seconds between two requests: OpenAlex allows ten a second
_PUBLISHED = {"journal", "conference"}  # the kinds of source a paper is published in


@dataclass(frozen=True)
class Found:
    """What a paper's refresh found: its citation count (None when unknown), the venue and
    DOI to write (empty when none), what to look at (empty when nothing), and what failed."""

    paper: Paper
    cited_by: int | None = None
    venue: str = ""
    doi: str = ""
    look_at: str = ""
    failed: str = ""


class _Service:
    """OpenAlex, asked at most once every MIN_INTERVAL seconds, with the contact address
    its polite pool asks for."""

    def __init__(self, timeout: float, contact: str, wait: Callable[[float], None]) -> None:
        self.base = os.environ.get("PAPERS_OPENALEX_API") or OPENALEX_API
        self.timeout, self.contact, self.wait, self.last = timeout, contact, wait, 0.0

    def get(self, path: str, query: dict[str, str] | None = None) -> object:
        """The JSON OpenAlex answers; ValueError with one line when there is none."""
        query = (query or {}) | ({"mailto": self.contact} if self.contact else {})
        url = f"{self.base}{path}" + (f"?{urllib.parse.urlencode(query)}" if query else "")

        def asking() -> Answer:
            self.wait(max(0.0, self.last + MIN_INTERVAL - time.monotonic()))
            self.last = time.monotonic()
            return ask(url, "GET", self.timeout, COMMAND)

        answer = with_retries(asking, self.wait)
        if not answer.ok:
            raise ValueError(f"OpenAlex: {answer.reason}")
        try:
            return json.loads(answer.body)
        except ValueError:
            raise ValueError("OpenAlex sent an answer that is not JSON (cut short?)") from None


def refresh(papers: Iterable[Paper], series: tuple[VenueSeries, ...], timeout: float,
            contact: str = "", wait: Callable[[float], None] = time.sleep) -> list[Found]:
    """What OpenAlex knows of each paper that has an arXiv id or a DOI, in file order."""
    service = _Service(timeout, contact, wait)
    found = []
    for paper in sorted(papers, key=lambda paper: paper.path.name):
        if paper.doi or paper.arxiv:
            try:
                found.append(_refresh(paper, series, service))
            except ValueError as error:
                found.append(Found(paper, failed=str(error)))
    return found


def _refresh(paper: Paper, series: tuple[VenueSeries, ...], service: _Service) -> Found:
    doi = paper.doi or f"10.48550/arxiv.{paper.arxiv}"
    work = _work(service.get(f"/works/doi:{doi}"))
    if not _is_the_paper(work, paper, doi):
        raise ValueError(f"OpenAlex answered for another work ({_doi(work) or 'no DOI'})")
    found = Found(paper, cited_by=_count(work))
    if paper.venue is not None or not paper.arxiv:
        return found
    published = _published(work) or _published_by_title(paper, service)
    if published is None:
        return found
    source, year, published_doi = published
    venue = imported_venue(source, series, year)
    if venue is None:
        return replace(found, look_at=f"published in '{source}' ({year}), which names no "
                                      "series of venues.yml")
    return replace(found, venue=str(venue), doi="" if paper.doi else published_doi)


def _published(work: dict[str, object]) -> tuple[str, int, str] | None:
    """Where a work was published (its source's name, the year, the DOI), if it was."""
    for location in _list(work.get("locations")):
        source = location.get("source") if isinstance(location, dict) else None
        if isinstance(source, dict) and source.get("type") in _PUBLISHED and source.get(
                "display_name"):
            year = work.get("publication_year")
            doi = str(work.get("doi") or "")
            if "arxiv" in doi.casefold():
                doi = ""
            return str(source["display_name"]), year if isinstance(year, int) else 0, (
                normalise_doi(doi) or "")
    return None


def _published_by_title(paper: Paper, service: _Service) -> tuple[str, int, str] | None:
    """The published version of a preprint, found by its title: a work with the same title
    and one of its authors, published in a journal or at a conference."""
    answer = service.get("/works", {"filter": f"title.search:{paper.title}", "per-page": "5"})
    results = answer.get("results") if isinstance(answer, dict) else None
    names = {fold(sort_name(name)) for name in paper.authors}
    for work in _list(results):
        if not isinstance(work, dict) or title_key(str(work.get("title") or "")) != title_key(
                paper.title):
            continue
        authors = {fold(sort_name(str((item.get("author") or {}).get("display_name") or "")))
                   for item in _list(work.get("authorships")) if isinstance(item, dict)}
        if names & authors and (published := _published(work)):
            return published
    return None


def _is_the_paper(work: dict[str, object], paper: Paper, doi: str) -> bool:
    """Whether the work OpenAlex gave is the paper: it has the DOI asked for, or, where
    OpenAlex has merged a preprint with its published version, the paper's arXiv page is
    one of its locations."""
    if _doi(work) == doi.casefold():
        return True
    arxiv_page = re.compile(rf"arxiv\.org/abs/{re.escape(paper.arxiv)}(?:v\d+)?/?$")
    return bool(paper.arxiv) and any(
        isinstance(location, dict) and arxiv_page.search(str(location.get("landing_page_url")))
        for location in _list(work.get("locations")))


def _work(answer: object) -> dict[str, object]:
    if not isinstance(answer, dict) or "id" not in answer:
        raise ValueError("OpenAlex sent something that is not a work")
    return answer


def _doi(work: dict[str, object]) -> str:
    return (normalise_doi(str(work.get("doi") or "")) or "").casefold()


def _count(work: dict[str, object]) -> int | None:
    count = work.get("cited_by_count")
    return count if isinstance(count, int) and not isinstance(count, bool) and count >= 0 else None


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def write_paper(paper: Paper, found: Found, tags: dict[str, Tag], venues: VenueLookup) -> str:
    """Write the venue and DOI found into the paper's file, changing nothing else; '' when
    written, else why not (the file is then as it was)."""
    source, _ = read_paper_file(paper.path)
    if source is None:
        return "the file no longer reads"
    comments = front_matter_comments(source)
    if any(comment.before is None for comment in comments):
        return "a comment stands where papers fmt cannot keep it"
    fields = written_fields(source, paper) | {"venue": found.venue}
    if found.doi:
        fields["doi"] = found.doi
    text = paper_text(fields, paper.notes, comments)
    again, problems = split_paper(paper.path, text)
    checked = validate_paper(again, tags, venues)[0] if again and not problems else None
    if (checked is None or str(checked.venue) != found.venue
            or replace(checked, venue=paper.venue, doi=paper.doi) != paper):
        return "the file would change in more than its venue and DOI"
    written = paper.path.read_bytes().decode("utf-8")  # as is: no newline translation
    paper.path.write_text(text, encoding="utf-8", newline=line_break(written))
    return ""


def write_citations(folder: Path, found: list[Found], today: datetime.date) -> None:
    """The citation counts, by paper, with the day they were counted: papers/citations.json."""
    counts = {item.paper.slug: item.cited_by for item in found if item.cited_by is not None}
    text = json.dumps({"counted": today.isoformat(), "source": "OpenAlex",
                       "citations": dict(sorted(counts.items()))}, ensure_ascii=False, indent=1)
    (folder / CITATIONS_FILE).write_text(text + "\n", encoding="utf-8", newline="\n")


@dataclass(frozen=True)
class Citations:
    """The citation counts of the last `papers refresh`: the day, and each paper's count by
    its slug."""

    counted: datetime.date
    counts: dict[str, int]

    def cited(self, slug: str) -> tuple[int, str] | None:
        """A paper's count and the day it was counted, if it was."""
        return (self.counts[slug], self.counted.isoformat()) if slug in self.counts else None


def read_citations(folder: Path) -> tuple[Citations | None, list[Problem]]:
    """papers/citations.json, or None when the list has none."""
    path = folder / CITATIONS_FILE
    if not path.is_file():
        return None, []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        counts = {str(slug): count for slug, count in data["citations"].items()}
        if not all(isinstance(count, int) and count >= 0 for count in counts.values()):
            raise ValueError("a count is not a whole number")
        return Citations(datetime.date.fromisoformat(data["counted"]), counts), []
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        return None, [Problem(path, 1, f"not the counts of papers refresh ({error}): run "
                                       "papers refresh again to write them")]


def report_lines(found: list[Found], written: dict[str, str], root: Path) -> list[str]:
    """A line per paper changed, to look at, or whose refresh failed."""
    lines = []
    for item in found:
        where = item.paper.path
        if item.failed:
            lines.append(Problem(where, 1, item.failed, warning=True).format(root))
        elif item.look_at:
            lines.append(Problem(where, item.paper.line_of("venue"),
                                 f"to look at: {item.look_at}", warning=True).format(root))
        elif item.venue and written.get(item.paper.slug):
            lines.append(Problem(where, 1, f"to look at: published as {item.venue}, not "
                                           f"written: {written[item.paper.slug]}",
                                 warning=True).format(root))
        elif item.venue:
            doi = f", doi {item.doi}" if item.doi else ""
            lines.append(f"{Problem(where, 1, '').format(root)}venue {item.venue}{doi}")
    return lines
