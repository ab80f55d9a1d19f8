"""A reading list folder: its tag vocabulary and every paper file, checked alone and together."""

from __future__ import annotations

import datetime
import multiprocessing
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NotRequired, TypedDict, cast

import yaml

from generator.fields import (
    RESERVED_SLUGS,
    SCHEMA_FILE,
    SLUG,
    Context,
    Rule,
    choice,
    describe,
    did_you_mean,
    one_line,
    orcid,
    text_list,
    url,
    validate_paper,
)
from generator.links import RESULT_FILE as LINKS_FILE
from generator.links import DeadLink, read_result
from generator.model import (
    VENUE_KINDS,
    CuratorPage,
    Paper,
    Person,
    PersonKind,
    Problem,
    ReadingPath,
    Tag,
    VenueKind,
    VenueSeries,
)
from generator.pages import FOLDER as PAGES
from generator.pages import link_problems, load_pages
from generator.paperfile import Entry, compose_mapping, read_text, split_paper
from generator.paths import FOLDER as PATHS
from generator.paths import load_paths
from generator.refresh import CITATIONS_FILE, Citations, read_citations
from generator.venues import VenueLookup, names_of

TAGS_FILE = "tags.yml"
VENUES_FILE = "venues.yml"
AUTHORS_FILE = "authors.yml"
REGISTRY_FILES = (TAGS_FILE, VENUES_FILE, AUTHORS_FILE)
# Paper files a process checks, at least: starting another process costs as much time as
# checking a few hundred files here.
PER_PROCESS = 2000
LIST_FILES = (*REGISTRY_FILES, SCHEMA_FILE, LINKS_FILE, CITATIONS_FILE)
_LABELS = {"arxiv": "arXiv id", "doi": "DOI", "title": "title"}
_TAG_RULES: dict[str, Rule] = {"name": one_line, "description": one_line, "aliases": text_list}
_VENUE_RULES: dict[str, Rule] = {"name": one_line, "short": one_line, "kind": choice(VENUE_KINDS),
                                 "aliases": text_list}
_PERSON_RULES: dict[str, Rule] = {"variants": text_list, "orcid": orcid, "homepage": url,
                                  "affiliation": one_line,
                                  "kind": choice(("person", "organization"))}


class _TagFields(TypedDict):
    """The checked fields of a tags.yml entry, as _TAG_RULES give them."""

    name: str
    description: str
    aliases: NotRequired[tuple[str, ...]]


class _VenueFields(TypedDict):
    """The checked fields of a venues.yml entry, as _VENUE_RULES give them."""

    name: str
    short: str
    kind: VenueKind
    aliases: NotRequired[tuple[str, ...]]


class _PersonFields(TypedDict, total=False):
    """The checked fields of an authors.yml entry, as _PERSON_RULES give them."""

    variants: tuple[str, ...]
    orcid: str
    homepage: str
    affiliation: str
    kind: PersonKind


@dataclass(frozen=True)
class ReadingList:
    """Every valid paper of a folder, its tags, venues and author registry, and all problems
    found."""

    folder: Path
    papers: tuple[Paper, ...]
    tags: tuple[Tag, ...]
    venues: tuple[VenueSeries, ...]
    people: tuple[Person, ...]
    problems: tuple[Problem, ...]
    pages: tuple[CuratorPage, ...] = ()
    paths: tuple[ReadingPath, ...] = ()
    links_checked: datetime.date | None = None  # the day of the last `papers links`
    dead_links: tuple[DeadLink, ...] = ()  # what it found
    citations: Citations | None = None  # the counts of the last `papers refresh`


@dataclass
class KeptChecks:
    """Each paper file's check by its path and text, kept by the caller from one load_list
    to the next (the plugin, across the builds of `mkdocs serve`): a file whose text is the
    same is not checked again while the tags and venues it was checked against are."""

    vocabularies: tuple[object, ...] = ()
    now: dict[tuple[Path, str], tuple[Paper | None, list[Problem]]] = field(default_factory=dict)


def load_list(folder: Path, kept: KeptChecks | None = None) -> ReadingList:
    """Read and check the vocabularies and every paper of a folder; never raises on bad data.
    `kept` holds the checks of the caller's last call, and gets this call's."""
    tags, problems = load_vocabulary(folder / TAGS_FILE)
    # With a vocabulary broken, every tag (venue) of every paper would be reported unknown:
    # its own errors say it all, and the papers' tags (venues) are checked once it reads.
    lookup = None if has_errors(problems) else tag_lookup(tags)
    venues, found = load_venues(folder / VENUES_FILE)
    venue_table = None if has_errors(found) else VenueLookup(venues)
    problems += found
    people, found = load_people(folder / AUTHORS_FILE)
    problems += found
    papers = []
    names, subfolders = _paper_files(folder, problems)
    paper_files = [folder / name for name in names]
    for paper, found in _check_all(paper_files, lookup, venue_table, kept):
        problems += found
        papers += [paper] if paper else []
    problems += duplicate_problems(papers)
    pages, found = load_pages([folder / PAGES / name for name in subfolders[PAGES]], folder)
    problems += found
    files = {*names, *(f"{PAGES}/{name}" for name in subfolders[PAGES])}
    problems += [problem for page in pages for problem in link_problems(page, folder, files)]
    paths, found = load_paths([folder / PATHS / name for name in subfolders[PATHS]],
                              {name.removesuffix(".md") for name in names})
    problems += found
    checked, dead, found = read_result(folder)
    problems += found
    citations, found = read_citations(folder)
    problems += found
    return ReadingList(folder, tuple(papers), tags, venues, people,
                       tuple(sorted(problems, key=in_file_order)), pages, paths, checked, dead,
                       citations)


def _check_all(paths: list[Path], tags: dict[str, Tag] | None, venues: VenueLookup | None,
               kept: KeptChecks | None) -> list[tuple[Paper | None, list[Problem]]]:
    """check_paper of every file, in order: in shares, one per core, when they are many and
    none was checked before."""
    processes = min(_cores(), len(paths) // PER_PROCESS)
    if kept is not None:
        return _check_again(paths, tags, venues, kept)
    if processes < 2:
        return check_papers(paths, tags, venues)
    size = -(-len(paths) // processes)
    shares = [paths[start:start + size] for start in range(0, len(paths), size)]
    spawn = multiprocessing.get_context("spawn")  # the one start method every platform has
    with ProcessPoolExecutor(len(shares) - 1, mp_context=spawn) as others:
        checking = [others.submit(check_papers, share, tags, venues) for share in shares[1:]]
        checked = check_papers(shares[0], tags, venues)
        return checked + [item for share in checking for item in share.result()]


def _cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):  # Linux: a container or taskset may allow fewer
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _check_again(paths: list[Path], tags: dict[str, Tag] | None, venues: VenueLookup | None,
                 kept: KeptChecks) -> list[tuple[Paper | None, list[Problem]]]:
    """check_paper of every file, the last call's where the file and vocabularies are the
    same."""
    last = kept.now if (tags, venues) == kept.vocabularies else {}
    kept.vocabularies, kept.now = (tags, venues), {}
    checked: list[tuple[Paper | None, list[Problem]]] = []
    for path in paths:
        text, problem = read_text(path)
        if problem:
            checked.append((None, [problem]))
            continue
        key = (path, text)
        kept.now[key] = last.get(key) or _check_text(path, text, tags, venues)
        checked.append(kept.now[key])
    return checked


def check_papers(paths: list[Path], tags: dict[str, Tag] | None, venues: VenueLookup | None,
                 ) -> list[tuple[Paper | None, list[Problem]]]:
    """check_paper of each file."""
    return [check_paper(path, tags, venues) for path in paths]


def check_paper(path: Path, tags: dict[str, Tag] | None,
                venues: VenueLookup | None) -> tuple[Paper | None, list[Problem]]:
    """The paper a file holds, checked alone, and its problems."""
    text, problem = read_text(path)
    if problem:
        return None, [problem]
    return _check_text(path, text, tags, venues)


def _check_text(path: Path, text: str, tags: dict[str, Tag] | None,
                venues: VenueLookup | None) -> tuple[Paper | None, list[Problem]]:
    source, problems = split_paper(path, text)
    if source is None:
        return None, problems
    paper, found = validate_paper(source, tags, venues)
    return paper, problems + found


def _paper_files(folder: Path, problems: list[Problem]) -> tuple[list[str], dict[str, list[str]]]:
    """The names of a folder's paper files, and of the files of its pages and paths folders
    by folder, sorted; anything else that could hide a paper is reported."""
    names, others = [], []
    subfolders: dict[str, list[str]] = {PAGES: [], PATHS: []}
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir() and entry.name in (PAGES, PATHS):
                subfolders[entry.name] = _subfolder_files(Path(entry.path), problems)
            elif entry.is_dir():
                for root, folders, files in os.walk(entry.path):
                    folders[:] = [name for name in folders if not name.startswith(".")]
                    others += [Path(root, name) for name in files if not name.startswith(".")]
            elif entry.name.endswith(".md"):
                names.append(entry.name)
            elif entry.name not in LIST_FILES:
                others.append(Path(entry.path))
    problems += [Problem(path, 1, f"not a paper file: papers are .md files directly in "
                                  f"{folder.resolve().name}/") for path in sorted(others)]
    return sorted(names), subfolders


def _subfolder_files(folder: Path, problems: list[Problem]) -> list[str]:
    """The names of the Markdown files of the pages or paths folder, sorted; anything else
    is reported."""
    names, others = [], []
    for path in folder.rglob("*"):
        if any(part.startswith(".") for part in path.relative_to(folder).parts) or path.is_dir():
            continue
        if path.parent == folder and path.suffix == ".md":
            names.append(path.name)
        else:
            others.append(path)
    kind = "page" if folder.name == PAGES else "reading path"
    problems += [Problem(path, 1, f"not a {kind} file: {kind}s are .md files directly in "
                                  f"{folder.parent.resolve().name}/{folder.name}/")
                 for path in sorted(others)]
    return sorted(names)


def in_file_order(problem: Problem) -> tuple[bool, str, int]:
    """Sort key of problems: the registries (tags.yml, venues.yml, authors.yml) first, then by
    file and line."""
    return (problem.path.name not in REGISTRY_FILES, str(problem.path), problem.line)


def has_errors(problems: list[Problem], path: Path | None = None) -> bool:
    """Whether problems hold an error (not a warning), of path's file when path is given."""
    return any(not problem.warning and path in (None, problem.path) for problem in problems)


def tag_lookup(tags: tuple[Tag, ...]) -> dict[str, Tag]:
    """Each tag under its slug and under each of its aliases."""
    return {name: tag for tag in tags for name in (tag.slug, *tag.aliases)}


def load_vocabulary(path: Path) -> tuple[tuple[Tag, ...], list[Problem]]:
    """Read tags.yml: a mapping of tag slugs to their name, description and aliases."""
    if not path.is_file():
        return (), [Problem(path, 1, "the tag vocabulary is missing: create it with one entry "
                                     "per tag (slug: {name: ..., description: ...})")]
    entries, problems = _read_registry(path)
    tags = []
    for entry in entries.values():
        if not SLUG.fullmatch(entry.key) or entry.key in RESERVED_SLUGS:
            problems.append(Problem(path, entry.line, f"'{entry.key}': a tag is a slug: lowercase "
                                                      "letters, digits and hyphens"))
        elif tag := _tag(entry, path, problems):
            tags.append(tag)
    problems += _name_clashes([(tag.slug, (tag.slug, *tag.aliases)) for tag in tags], path,
                              entries, "tag")
    return tuple(tags), problems


def load_venues(path: Path) -> tuple[tuple[VenueSeries, ...], list[Problem]]:
    """Read venues.yml, if there is one: a mapping of series slugs to their full name, short
    name, kind and aliases."""
    if not path.is_file():
        return (), []
    entries, problems = _read_registry(path)
    vocabulary = []
    for entry in entries.values():
        if not SLUG.fullmatch(entry.key) or entry.key in RESERVED_SLUGS:
            problems.append(Problem(path, entry.line, f"'{entry.key}': a venue is a slug: "
                                                      "lowercase letters, digits and hyphens"))
        elif series := _series(entry, path, problems):
            vocabulary.append(series)
    # Papers name a series in any case: two series must not share a name but for its case.
    problems += _name_clashes([(series.slug, names_of(series)) for series in vocabulary], path,
                              entries, "venue", fold=str.casefold)
    return tuple(vocabulary), problems


def load_people(path: Path) -> tuple[tuple[Person, ...], list[Problem]]:
    """Read authors.yml, if there is one: canonical names to their variants, ORCID, and more."""
    if not path.is_file():
        return (), []
    entries, problems = _read_registry(path)
    people = [person for entry in entries.values() if (person := _person(entry, path, problems))]
    return tuple(people), problems + _variant_clashes(people, path, entries)


def _tag(entry: Entry, path: Path, problems: list[Problem]) -> Tag | None:
    """The tag of a tags.yml entry, or None on problems."""
    fields = _entry_fields(entry, path, problems, _TAG_RULES, required=("name", "description"))
    if fields is None:
        return None
    checked = cast(_TagFields, fields)  # its rules' values, the required ones among them
    return Tag(entry.key, checked["name"], checked["description"], checked.get("aliases", ()))


def _series(entry: Entry, path: Path, problems: list[Problem]) -> VenueSeries | None:
    """The series of a venues.yml entry, or None on problems."""
    fields = _entry_fields(entry, path, problems, _VENUE_RULES, required=("name", "short", "kind"))
    if fields is None:
        return None
    checked = cast(_VenueFields, fields)  # its rules' values, the required ones among them
    return VenueSeries(entry.key, checked["name"], checked["short"], checked["kind"],
                       checked.get("aliases", ()))


def _person(entry: Entry, path: Path, problems: list[Problem]) -> Person | None:
    """The person of an authors.yml entry, or None on problems."""
    fields = _entry_fields(entry, path, problems, _PERSON_RULES, required=())
    if fields is None:
        return None
    checked = cast(_PersonFields, fields)  # its rules' values
    return Person(entry.key, checked.get("variants", ()), checked.get("orcid", ""),
                  checked.get("homepage", ""), checked.get("affiliation", ""),
                  checked.get("kind", "person"))


def _read_registry(path: Path) -> tuple[dict[str, Entry], list[Problem]]:
    content, problem = read_text(path)
    if problem:
        return {}, [problem]
    entries, problems = compose_mapping(content, path, first_line=1,
                                        lines=tuple(content.splitlines(keepends=True)))
    return {key: entry for key, entry in (entries or {}).items() if entry.node}, problems


def _entry_fields(entry: Entry, path: Path, problems: list[Problem], rules: Mapping[str, Rule],
                  required: tuple[str, ...]) -> dict[str, object] | None:
    """The checked fields of one registry entry (a tag, a person), or None on problems."""
    node = entry.node
    assert node is not None, "_read_registry keeps only the entries that have a value"
    if not isinstance(node, yaml.MappingNode) and (required or node.value):
        problems.append(Problem(path, entry.line, f"'{entry.key}': expected "
                                f"{', '.join(rules)}, got {describe(node)}"))
        return None
    before, fields = len(problems), {}
    for key_node, value in node.value if isinstance(node, yaml.MappingNode) else ():
        key = str(key_node.value)
        ctx = Context(path, f"{entry.key}.{key}", key_node.start_mark.line + entry.offset,
                      entry.offset, problems, {}, entry.lines)
        if key in rules:
            fields[key] = rules[key](value, ctx)
        else:
            ctx.report(f"unknown key{did_you_mean(key, rules)}; the keys are {', '.join(rules)}")
    for key in required:
        if key not in fields:
            problems.append(Problem(path, entry.line, f"'{entry.key}': missing '{key}'"))
    return fields if len(problems) == before else None


def _variant_clashes(people: list[Person], path: Path, entries: Mapping[str, Entry],
                     ) -> list[Problem]:
    owner: dict[str, str] = {}
    problems = []
    for person in people:
        for name in (person.name, *person.variants):
            if owner.get(name, person.name) != person.name:
                problems.append(Problem(path, entries[person.name].line, f"'{person.name}': "
                                        f"'{name}' is already listed under '{owner[name]}'"))
            owner.setdefault(name, person.name)
    return problems


def _name_clashes(named: list[tuple[str, tuple[str, ...]]], path: Path,
                  entries: Mapping[str, Entry], noun: str,
                  fold: Callable[[str], str] = str) -> list[Problem]:
    """Each name that two entries give (after fold), reported on the later entry."""
    owner: dict[str, str] = {}
    problems = []
    for slug, names in named:
        for name in names:
            first = owner.setdefault(fold(name), slug)
            if first != slug:
                problems.append(Problem(path, entries[slug].line, f"'{slug}': '{name}' "
                                        f"already names the {noun} '{first}'"))
    return problems


def duplicate_problems(papers: list[Paper]) -> list[Problem]:
    """Two files for one paper (same arXiv id, DOI or normalised title), reported on both."""
    first: dict[tuple[str, str], Paper] = {}
    problems, reported = [], set()
    for paper in papers:
        for identity in paper.identity:
            other = first.setdefault(identity, paper)
            if other is not paper and (other.path, paper.path) not in reported:
                reported.add((other.path, paper.path))
                field = identity[0]
                for one, two in ((other, paper), (paper, other)):
                    problems.append(Problem(one.path, one.line_of(field),
                                            f"'{field}': same paper as {{other}} "
                                            f"(same {_LABELS[field]})", other=two.path))
    return problems
