"""The curators' to-do list: papers that lack a field, tags and venue series that few or no
papers use, author names that may be one person's, and the papers added lately.

`papers check --strict` is the gate; this list is what is worth doing next. Each section
keeps its first SHOWN items (in file order, as `papers check` prints them) and its count, so
that the page stays small on a list of any size: fix those, and the next ones show.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator import formulas
from generator.index import Index
from generator.model import Paper, PartialDate

SHOWN = 50  # items a section lists; its heading gives the count of all
RECENT_DAYS = 30  # "added lately": on the build's day or the 29 days before


@dataclass(frozen=True)
class Item:
    """One thing to look at: its name, its page ('' for none), the file to edit ('' when it is
    the related item's), and what it is related to (the paper of a tag with one paper, the
    name another looks like)."""

    label: str
    url: str
    file: str
    related: Item | None = None


@dataclass(frozen=True)
class Section:
    """Things to do of one kind: the first SHOWN of them, how many in all, and how to fix
    them; `relation` joins an item to its related one ('looks like')."""

    slug: str
    title: str
    fix: str
    items: tuple[Item, ...]
    total: int
    relation: str = ""

    @property
    def more(self) -> int:
        return self.total - len(self.items)


# What a paper may lack: the section's id, its title, how to fix it, and the test.
_LACKS: tuple[tuple[str, str, str, Callable[[Paper], bool]], ...] = (
    ("abstract", "Missing an abstract", "Add `abstract:` (arXiv and the publisher's page give "
     "it).", lambda paper: not paper.abstract),
    ("identifier", "Missing both an arXiv id and a DOI", "Add `arxiv:` or `doi:`, so that "
     "readers find the paper and duplicates are caught.",
     lambda paper: not (paper.arxiv or paper.doi)),
    ("venue", "Missing a venue", "Add `venue:` once the paper is published (a preprint server "
     "is a venue too).", lambda paper: paper.venue is None),
    ("code", "Missing a code link", "Add `links: {code: ...}` when the authors publish code.",
     lambda paper: "code" not in dict(paper.links)),
    ("notes", "Without notes", "Write what the paper is worth reading for after the front "
     "matter.", lambda paper: not paper.notes),
)
_UNKNOWN_VENUES = Section(
    "unknown-venues", "Venues not in the vocabulary", "A venue that names no series of "
    "venues.yml is an error: `papers check` names it with the closest series, and the site is "
    "not built until it is fixed. So this list is empty.", (), 0)


def list_health(index: Index, today: datetime.date) -> tuple[Section, ...]:
    """Every section of the health page, in the order it shows them."""
    papers = sorted(index.papers, key=lambda paper: paper.path.name)  # file order
    folder = papers[0].path.parent.name if papers else "papers"
    return (*(_missing(papers, *lack) for lack in _LACKS), *_dead_links(index, folder),
            *_off_paths(index, papers),
            _single_tags(index), _unused_tags(index, folder), _lookalikes(index, folder),
            _UNKNOWN_VENUES, _unused_venues(index, folder), _recent(papers, today))


def _dead_links(index: Index, folder: str) -> tuple[Section, ...]:
    """The links the last `papers links` found dead, when it has run."""
    if index.links_checked is None:
        return ()
    by_file = {paper.path.name: paper for paper in index.papers}
    items = [Item(f"{formulas.plain(by_file[link.file].title)}: {link.field}, {link.status}",
                  by_file[link.file].url, f"{folder}/{link.file}")
             for link in index.dead_links if link.file in by_file]
    return (_section("dead-links", "Dead links",
                     f"Found by `papers links` on {index.links_checked.isoformat()}: replace "
                     "each link or remove it, then run it again.", items),)


def _off_paths(index: Index, papers: list[Paper]) -> tuple[Section, ...]:
    """The papers on no reading path, when the list has paths."""
    if not index.paths:
        return ()
    on_paths = {step.paper for path in index.paths for step in path.steps}
    return (_papers_section(
        "off-paths", "On no reading path",
        f"The list has {len(index.paths)} reading "
        f"{'path' if len(index.paths) == 1 else 'paths'} (`papers/paths/`): add a paper where "
        "it belongs in one, or start a path of its own.",
        [paper for paper in papers if paper.slug not in on_paths]),)


def file_of(paper: Paper) -> str:
    """The paper's file, from its folder: `papers/x.md`."""
    return f"{paper.path.parent.name}/{paper.path.name}"


def _paper_item(paper: Paper) -> Item:
    return Item(formulas.plain(paper.title), paper.url, file_of(paper))


def _section(slug: str, title: str, fix: str, items: list[Item], relation: str = "") -> Section:
    return Section(slug, title, fix, tuple(items[:SHOWN]), len(items), relation)


def _missing(papers: Iterable[Paper], slug: str, title: str, fix: str,
             lacks: Callable[[Paper], bool]) -> Section:
    return _papers_section(slug, title, fix, [paper for paper in papers if lacks(paper)])


def _papers_section(slug: str, title: str, fix: str, papers: list[Paper]) -> Section:
    # An item is made for the papers shown only: at 10,000 papers, most are not.
    return Section(slug, title, fix, tuple(map(_paper_item, papers[:SHOWN])), len(papers))


def _single_tags(index: Index) -> Section:
    items = [Item(tag.name, tag.url, "", _paper_item(tagged[0]))
             for tag, tagged in index.tags if len(tagged) == 1]
    return _section("single-tags", "Tags with a single paper", "Tag more papers with them, "
                    "or give the paper a broader tag.", items, "only on")


def _unused_tags(index: Index, folder: str) -> Section:
    return _section("unused-tags", "Tags no paper has", "Tag papers with them, or take them "
                    f"out of {folder}/tags.yml.",
                    [Item(tag.name, "", f"{folder}/tags.yml") for tag in index.unused_tags])


def _unused_venues(index: Index, folder: str) -> Section:
    return _section("unused-venues", "Venue series no paper appeared in", "Nothing to do "
                    f"unless the series is a mistake: then take it out of {folder}/venues.yml.",
                    [Item(series.short, "", f"{folder}/venues.yml")
                     for series in index.unused_series])


def _lookalikes(index: Index, folder: str) -> Section:
    items = [Item(lookalike.name, index.author_of[lookalike.name].url, file_of(lookalike.paper),
                  Item(lookalike.like, index.author_of[lookalike.like].url,
                       file_of(lookalike.like_paper)))
             for lookalike in index.lookalikes]
    return _section("lookalikes", "Author names that look alike", "If they are one person, "
                    f"list one as a variant of the other in {folder}/authors.yml; else nothing "
                    "to do (list both there to say so).", items, "looks like")


def _recent(papers: Iterable[Paper], today: datetime.date) -> Section:
    recent = [(added, paper) for paper in papers
              if paper.added and 0 <= (today - (added := _day(paper.added))).days < RECENT_DAYS]
    recent.sort(key=lambda pair: pair[0], reverse=True)  # stable: the same day in file order
    return _papers_section("recent", f"Added in the last {RECENT_DAYS} days", "Newest first, up "
                           f"to {today.isoformat()}, the day of the build: worth a second look.",
                           [paper for _, paper in recent])


def _day(date: PartialDate) -> datetime.date:
    """An `added` date, which papers check makes sure is a whole date."""
    return datetime.date(date.year, date.month, date.day)
