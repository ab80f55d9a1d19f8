"""The browse view's data: one compact JSON file, made at build time, that the home page's
script filters, sorts and draws cards from.

Not papers.json: only what a facet, a sort or a card needs. Every author, tag, venue and
organisation is written once, in a table, and papers refer to it by position; a paper is a
list, not an object, so keys are not repeated ten thousand times.
"""

from __future__ import annotations

import json
from typing import Any

from generator import urls
from generator.index import Index
from generator.model import Paper, Site

# What each position of a paper's list holds; the script reads the same names from the file.
FIELDS = ("slug", "key", "title", "authors", "date", "added", "venue", "tags", "organization",
          "links", "abstract")


class _Table:
    """Values numbered in the order first seen."""

    def __init__(self) -> None:
        self.numbers: dict[Any, int] = {}

    def number(self, value: Any) -> int:
        return self.numbers.setdefault(value, len(self.numbers))

    def values(self) -> list[Any]:
        return list(self.numbers)


def browse_data(index: Index, site: Site) -> str:
    """The JSON text of the browse view's data, newest paper first."""
    names, venues, organizations = _Table(), _Table(), _Table()
    tag_number = {tag.slug: number for number, (tag, _) in enumerate(index.tags)}
    papers = [[paper.slug, index.keys[paper.slug], paper.title,
               [names.number(name) for name in paper.authors], str(paper.date),
               str(paper.added or ""), venues.number(paper.venue) if paper.venue else -1,
               [tag_number[slug] for slug in paper.tags],
               organizations.number(paper.organization) if paper.organization else -1,
               _links(paper), int(bool(paper.abstract))]
              for paper in index.papers]
    data = {
        "fields": FIELDS,
        "authors_shown": site.authors_shown,
        "urls": {"paper": urls.PAPER, "tag": urls.TAG, "bibtex": urls.bibtex(urls.HOME)},
        "authors": names.values(),
        "tags": [[tag.slug, tag.name] for tag, _ in index.tags],
        "venues": venues.values(),
        "organizations": organizations.values(),
        "papers": papers,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _links(paper: Paper) -> dict[str, str]:
    """A card's quick links: the arXiv id (its PDF follows from it), a PDF, code, project."""
    links = dict(paper.links)
    found = {"arxiv": paper.arxiv, "pdf": links.get("pdf", ""), "code": links.get("code", ""),
             "project": links.get("project", "")}
    return {kind: value for kind, value in found.items() if value}
