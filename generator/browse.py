"""The browse view's data: one compact JSON file, made at build time, that the home page's
script filters, sorts and draws cards from.

Not papers.json: only what a facet, a sort or a card needs. Every author, tag, venue and
organisation is written once, in a table, and papers refer to it by position; a paper is a
list, not an object, so keys are not repeated ten thousand times.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generator import formulas, urls
from generator.authors import sort_name
from generator.identity import fold
from generator.index import Index
from generator.model import Paper, Site

# What each position of a paper's list holds; the script reads the same names from the file.
# The title is text (math in its Unicode form); `math` is the title as HTML when it has math.
FIELDS = ("slug", "key", "title", "authors", "date", "added", "venue", "series", "tags",
          "organization", "links", "abstract", "year", "math", "paths", "cited")
# The venue facet's value for a paper with no venue but an arXiv id.
ARXIV_ONLY = "arXiv only"


class _Table:
    """Values numbered in the order given."""

    def __init__(self, values: list[str]) -> None:
        self.numbers = {value: number for number, value in enumerate(values)}

    def number(self, value: str) -> int:
        return self.numbers[value]

    def values(self) -> list[str]:
        return list(self.numbers)


def browse_data(index: Index, site: Site) -> str:
    """The JSON text of the browse view's data, newest paper first."""
    # Tables in reading order (names by last name, like the authors index), so the script
    # can break ties between facet values by position.
    everyone = {name for paper in index.papers for name in paper.authors}
    names = _Table(sorted(everyone, key=sort_name))
    venues = _Table(sorted({str(paper.venue) for paper in index.papers if paper.venue}, key=fold))
    series = _Table(sorted({_series(paper) for paper in index.papers} - {""}, key=fold))
    organizations = _Table(sorted({paper.organization for paper in index.papers
                                   if paper.organization}, key=fold))
    tag_number = {tag.slug: number for number, (tag, _) in enumerate(index.tags)}
    counts = index.citations.counts if index.citations else {}
    on_paths: dict[str, list[int]] = {}
    for number, path in enumerate(index.paths):
        for step in path.steps:
            on_paths.setdefault(step.paper, []).append(number)
    papers = [[paper.slug, index.keys[paper.slug], formulas.plain(paper.title),
               [names.number(name) for name in paper.authors], str(paper.date),
               str(paper.added or ""), venues.number(str(paper.venue)) if paper.venue else -1,
               series.number(_series(paper)) if _series(paper) else -1,
               [tag_number[slug] for slug in paper.tags],
               organizations.number(paper.organization) if paper.organization else -1,
               _links(paper), int(bool(paper.abstract)), paper.issued.year,
               str(formulas.html(paper.title)) if formulas.has_math(paper.title) else "",
               on_paths.get(paper.slug, []), counts.get(paper.slug, -1)]
              for paper in index.papers]
    data = {
        "fields": FIELDS,
        "authors_shown": site.authors_shown,
        "urls": {"paper": urls.PAPER, "tag": urls.TAG, "bibtex": urls.bibtex(urls.HOME)},
        "authors": names.values(),
        "tags": [[tag.slug, tag.name] for tag, _ in index.tags],
        "venues": venues.values(),
        "series": series.values(),
        "organizations": organizations.values(),
        "paths": [[path.slug, formulas.plain(path.title)] for path in index.paths],
        "papers": papers,
        "orders": _orders(index.papers, counts),
        "counted": index.citations.counted.isoformat() if index.citations else "",
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _series(paper: Paper) -> str:
    """The venue facet's value: the series' short name, arXiv only, or none."""
    if paper.venue:
        return paper.venue.series.short
    return ARXIV_ONLY if paper.arxiv else ""


def _orders(papers: tuple[Paper, ...], cited: dict[str, int]) -> dict[str, list[int]]:
    """The positions of the papers in each order the view offers besides the list's own
    (newest first), most cited among them when the list has counts: made here, the script
    sorts nothing. Ties keep the list's order."""
    positions = range(len(papers))

    def by(key: Callable[[Paper], Any]) -> list[int]:
        return sorted(positions, key=lambda position: key(papers[position]))

    return {
        "added": by(lambda paper: paper.added.newest_first if paper.added else (1, 0, 0)),
        "title": by(lambda paper: fold(paper.title)),
        "venue": by(lambda paper: (not paper.venue, fold(str(paper.venue or "")))),
    } | ({"cited": by(lambda paper: -cited.get(paper.slug, -1))} if cited else {})


def _links(paper: Paper) -> dict[str, str]:
    """A card's quick links: the arXiv id (its PDF follows from it), a PDF, code, project."""
    links = dict(paper.links)
    found = {"arxiv": paper.arxiv, "pdf": links.get("pdf", ""), "code": links.get("code", ""),
             "project": links.get("project", "")}
    return {kind: value for kind, value in found.items() if value}
