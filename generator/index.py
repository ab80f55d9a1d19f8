"""The indexes readers browse by: papers newest first, and by tag, author and year."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from generator.bibtex import citation_keys
from generator.identity import fold
from generator.load import load_list
from generator.model import Paper, Problem, Tag


@dataclass(frozen=True)
class Author:
    """A person on the list: their papers, newest first, and who they wrote them with."""

    name: str
    slug: str
    papers: tuple[Paper, ...]
    coauthors: tuple[tuple[str, int], ...]

    @property
    def letter(self) -> str:
        """The A to Z section of the authors index: the first letter of the last name."""
        initial = sort_name(self.name)[:1].upper()
        return initial if "A" <= initial <= "Z" else "Other"


@dataclass(frozen=True)
class Index:
    """Everything the pages show, each collection in the order it is shown."""

    papers: tuple[Paper, ...]
    tags: tuple[tuple[Tag, tuple[Paper, ...]], ...]
    authors: tuple[Author, ...]
    years: tuple[tuple[int, tuple[Paper, ...]], ...]
    keys: dict[str, str]


def newest_first(paper: Paper) -> tuple:
    """Total order of the list: newest date first, then by title, then by file name."""
    date = paper.date
    return (-date.year, -date.month, -date.day, fold(paper.title), paper.slug)


@functools.cache
def sort_name(name: str) -> str:
    """Authors sort by their last word ('Marc Najork' under N), then by the whole name."""
    return fold(name.split()[-1]) + " " + fold(name)


@functools.cache
def author_slug(name: str) -> str:
    """The page address of an author: their name as a slug ('José García' is jose-garcia)."""
    return slugify(name)


def build_index(papers: tuple[Paper, ...], tags: tuple[Tag, ...]) -> tuple[Index, list[Problem]]:
    """Group the papers for every page; report authors whose pages would collide."""
    ordered = tuple(sorted(papers, key=newest_first))
    by_tag: dict[str, list[Paper]] = defaultdict(list)
    by_year: dict[int, list[Paper]] = defaultdict(list)
    for paper in ordered:
        by_year[paper.date.year].append(paper)
        for slug in paper.tags:
            by_tag[slug].append(paper)
    authors, problems = _authors(ordered)
    index = Index(
        papers=ordered,
        tags=tuple((tag, tuple(by_tag[tag.slug])) for tag in sorted(tags, key=lambda t: fold(t.name))
                   if by_tag[tag.slug]),
        authors=authors,
        years=tuple((year, tuple(by_year[year])) for year in sorted(by_year, reverse=True)),
        keys=citation_keys(ordered),
    )
    return index, problems


def _authors(papers: tuple[Paper, ...]) -> tuple[tuple[Author, ...], list[Problem]]:
    spellings: dict[str, dict[str, Paper]] = defaultdict(dict)
    written: dict[str, list[Paper]] = defaultdict(list)
    together: dict[str, Counter] = defaultdict(Counter)
    problems = []
    for paper in papers:
        for name in paper.authors:
            slug = author_slug(name)
            if not slug:
                problems.append(Problem(paper.path, paper.line_of("authors"), f"'authors': '{name}' "
                                        "has no letters or digits to make a page address from"))
            spellings[slug].setdefault(name, paper)
            written[slug].append(paper)
            together[slug].update(other for other in paper.authors if other != name)
    problems += _clashes(spellings)
    authors = [Author(next(iter(spellings[slug])), slug, tuple(written[slug]),
                      tuple(sorted(together[slug].items(), key=lambda item: (-item[1], sort_name(item[0])))))
               for slug in spellings if slug]
    return tuple(sorted(authors, key=lambda a: (a.letter == "Other", sort_name(a.name), a.slug))), problems


def _clashes(spellings: dict[str, dict[str, Paper]]) -> list[Problem]:
    """Two spellings of a name would share one page: neither may silently win."""
    problems = []
    for slug, names in spellings.items():
        (first, first_paper), *others = names.items()
        for name, paper in others:
            problems.append(Problem(paper.path, paper.line_of("authors"), f"'authors': '{name}' and "
                                    f"'{first}' ({{other}}) would share the page authors/{slug}/; "
                                    "write the name the same way in both", other=first_paper.path))
    return problems


def check_list(folder: Path) -> tuple[Index, list[Problem]]:
    """Load, check and index a papers folder: the index and every problem, in file order."""
    reading_list = load_list(folder)
    index, problems = build_index(reading_list.papers, reading_list.tags)
    return index, sorted([*reading_list.problems, *problems], key=lambda p: (str(p.path), p.line))
