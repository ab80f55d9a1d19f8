"""The indexes readers browse by: papers newest first, and by tag, venue, author and year."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from generator import urls
from generator.authors import Author, Lookalike, author_problems, index_authors
from generator.bibtex import citation_keys
from generator.identity import fold
from generator.links import DeadLink
from generator.load import (
    AUTHORS_FILE,
    KeptChecks,
    ReadingList,
    has_errors,
    in_file_order,
    load_list,
)
from generator.model import CuratorPage, Paper, Person, Problem, ReadingPath, Tag, VenueSeries
from generator.refresh import Citations


@dataclass(frozen=True)
class Year:
    """The papers first published in one year, newest first."""

    number: int
    papers: tuple[Paper, ...]

    @property
    def url(self) -> str:
        """The year's page on the site."""
        return urls.year(self.number)


@dataclass(frozen=True)
class VenuePapers:
    """A venue series and its papers, by the year they appeared there, newest first."""

    series: VenueSeries
    years: tuple[tuple[int, tuple[Paper, ...]], ...]

    @property
    def url(self) -> str:
        """The series' page on the site."""
        return self.series.url

    @property
    def papers(self) -> tuple[Paper, ...]:
        return tuple(paper for _, papers in self.years for paper in papers)


@dataclass(frozen=True)
class Index:
    """Everything the pages show, each collection in the order it is shown."""

    papers: tuple[Paper, ...]
    tags: tuple[tuple[Tag, tuple[Paper, ...]], ...]
    venues: tuple[VenuePapers, ...]
    authors: tuple[Author, ...]
    author_of: dict[str, Author]
    years: tuple[Year, ...]
    keys: dict[str, str]
    organizations: frozenset[str]  # author names, as papers write them, of organisations
    lookalikes: tuple[Lookalike, ...]  # author names that may be one person's
    unused_tags: tuple[Tag, ...]  # tags of tags.yml that no paper has
    unused_series: tuple[VenueSeries, ...]  # series of venues.yml that no paper appeared in
    pages: tuple[CuratorPage, ...] = ()  # the curator's own, in navigation order
    paths: tuple[ReadingPath, ...] = ()  # reading paths, by title
    links_checked: datetime.date | None = None  # the last `papers links`, and what it found
    dead_links: tuple[DeadLink, ...] = ()
    citations: Citations | None = None  # the last `papers refresh`'s counts


def newest_first(paper: Paper) -> tuple[int, int, int, str, str]:
    """Total order of the list: newest date first, then by title, then by file name."""
    return paper.order


def build_index(papers: tuple[Paper, ...], tags: tuple[Tag, ...], people: tuple[Person, ...],
                series: tuple[VenueSeries, ...] = (), pages: tuple[CuratorPage, ...] = (),
                paths: tuple[ReadingPath, ...] = ()) -> tuple[Index, list[Problem]]:
    """Group the papers for every page; report authors whose pages would collide."""
    ordered = tuple(sorted(papers, key=newest_first))
    by_tag: dict[str, list[Paper]] = defaultdict(list)
    by_year: dict[int, list[Paper]] = defaultdict(list)
    for paper in ordered:
        by_year[paper.date.year].append(paper)
        for slug in paper.tags:
            by_tag[slug].append(paper)
    authors, author_of, lookalikes, problems = index_authors(ordered, people)
    venues = index_venues(ordered)
    index = Index(
        papers=ordered,
        tags=tuple((tag, tuple(by_tag[tag.slug]))
                   for tag in sorted(tags, key=lambda t: fold(t.name)) if by_tag[tag.slug]),
        venues=venues,
        authors=authors,
        author_of=author_of,
        years=tuple(Year(year, tuple(by_year[year])) for year in sorted(by_year, reverse=True)),
        keys=citation_keys(ordered),
        organizations=frozenset(name for name, author in author_of.items()
                                if author.person.is_organization),
        lookalikes=lookalikes,
        unused_tags=tuple(sorted((tag for tag in tags if not by_tag[tag.slug]),
                                 key=lambda tag: fold(tag.name))),
        unused_series=tuple(sorted(set(series) - {venue.series for venue in venues},
                                   key=lambda unused: (fold(unused.short), unused.slug))),
        pages=pages,
        paths=paths,
    )
    return index, problems


def index_venues(papers: tuple[Paper, ...]) -> tuple[VenuePapers, ...]:
    """Each series that papers appeared in, by short name; its papers by the year they
    appeared there (a preprint's without one by its date), in the order given."""
    by_series: dict[VenueSeries, dict[int, list[Paper]]] = defaultdict(lambda: defaultdict(list))
    for paper in papers:
        if paper.venue:
            by_series[paper.venue.series][paper.issued.year].append(paper)
    ordered = sorted(by_series.items(), key=lambda item: (fold(item[0].short), item[0].slug))
    return tuple(VenuePapers(series, tuple((year, tuple(years[year]))
                                           for year in sorted(years, reverse=True)))
                 for series, years in ordered)


def list_problems(reading_list: ReadingList) -> list[Problem]:
    """Every problem of a loaded list, in file order: what check_list finds, found faster."""
    papers = tuple(sorted(reading_list.papers, key=newest_first))  # as build_index has them
    return _all_problems(reading_list, author_problems(papers, reading_list.people))


def check_list(folder: Path, kept: KeptChecks | None = None) -> tuple[Index, list[Problem]]:
    """Load, check and index a papers folder: the index and every problem, in file order
    (`kept`: see load_list)."""
    reading_list = load_list(folder, kept)
    index, problems = build_index(reading_list.papers, reading_list.tags, reading_list.people,
                                  reading_list.venues, reading_list.pages, reading_list.paths)
    index = replace(index, links_checked=reading_list.links_checked,
                    dead_links=reading_list.dead_links, citations=reading_list.citations)
    return index, _all_problems(reading_list, problems)


def _all_problems(reading_list: ReadingList, authors: list[Problem]) -> list[Problem]:
    """The list's problems and its authors', in file order; with authors.yml broken, not the
    authors': the names it would have joined would only echo its errors."""
    if has_errors(list(reading_list.problems), reading_list.folder / AUTHORS_FILE):
        authors = []
    return sorted([*reading_list.problems, *authors], key=in_file_order)
