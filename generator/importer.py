"""Importing papers from other tools' records into new paper files, never overwriting one."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from slugify import slugify

from generator import formulas, urls
from generator.authors import author_slug
from generator.canonical import paper_text, write_new_file
from generator.fields import RESERVED_SLUGS, validate_paper
from generator.identity import identity_keys, normalise_arxiv, normalise_doi
from generator.load import (
    AUTHORS_FILE,
    TAGS_FILE,
    VENUES_FILE,
    load_people,
    load_venues,
    load_vocabulary,
    tag_lookup,
)
from generator.model import PartialDate, Tag, VenueSeries
from generator.paperfile import Entry as PaperEntry
from generator.paperfile import read_paper_file, split_paper
from generator.records import Record, Skipped, UnreadableInput, join_lines
from generator.venues import VenueLookup, imported_venue

SLUG_LENGTH = 50
# In a JSON array known to be valid, what lies between two items: white space and a comma.
_BETWEEN_ITEMS = re.compile(r"[\s,]*")
# A BibTeX entry, string or comment starts a line with @type{ or @type(.
_BIBTEX_ENTRY = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)


@dataclass(frozen=True)
class Note:
    """Something an import left out of, or changed in, a paper it wrote: where, and what."""

    line: int
    key: str
    message: str


@dataclass
class ImportReport:
    """What an import did, entry by entry."""

    added: list[Path] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    duplicates: list[Skipped] = field(default_factory=list)
    problems: list[Skipped] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.duplicates)} skipped as duplicates, "
                f"{len(self.problems)} skipped with problems")


def read_records(path: Path) -> list[Record | Skipped]:
    """The records of a BibTeX file or of a saved Hugging Face daily papers response (JSON),
    told apart by what the file holds, whatever its name."""
    text = read_input(path)
    if text.lstrip().startswith(("[", "{")):
        return read_daily_papers(text, path)
    if _BIBTEX_ENTRY.search(text):
        from generator.bibfile import read_bibtex  # the BibTeX parser loads only when needed

        return read_bibtex(text, path)
    raise UnreadableInput(f"{path}: neither BibTeX (@article{{...}}) nor a Hugging Face daily "
                          "papers JSON")


def read_input(path: Path) -> str:
    """The text of an input file; UnreadableInput if it is missing or not UTF-8 text."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UnreadableInput(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise UnreadableInput(f"{path}: cannot read it as UTF-8 text: {error}") from None
    except OSError as error:
        raise UnreadableInput(f"{path}: cannot read it: {error.strerror or error}") from None


def read_daily_papers(text: str, path: Path) -> list[Record | Skipped]:
    """Records from the text of a saved Hugging Face daily papers response (/api/daily_papers)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableInput(f"{path}: cannot read it as JSON: {error}") from None
    if not isinstance(data, list):
        raise UnreadableInput(f"{path}: expected a list of daily papers, got a JSON "
                              f"{type(data).__name__}")
    return [_daily_paper(item, line, number)
            for number, (item, line) in enumerate(zip(data, _item_lines(text), strict=True), 1)]


def _item_lines(text: str) -> list[int]:
    """The first line of each item of the JSON array that text holds."""
    decoder, lines, line, counted = json.JSONDecoder(), [], 1, 0
    position = _between_items(text, text.index("[") + 1)
    while text[position] != "]":
        line, counted = line + text.count("\n", counted, position), position
        lines.append(line)
        position = _between_items(text, decoder.raw_decode(text, position)[1])
    return lines


def _between_items(text: str, position: int) -> int:
    """The position after the white space and commas at position."""
    match = _BETWEEN_ITEMS.match(text, position)
    return match.end() if match else position


def _daily_paper(item: object, line: int, number: int) -> Record | Skipped:
    paper = item.get("paper", item) if isinstance(item, dict) else None
    if not isinstance(item, dict) or not isinstance(paper, dict):
        return Skipped(line, f"entry {number}", "not a paper record")
    key = str(paper.get("id") or "") or f"entry {number}"
    title = " ".join(str(paper.get("title") or "").split())
    authors = [" ".join(str(a.get("name") or "").split()) for a in paper.get("authors") or []
               if isinstance(a, dict)]
    date = PartialDate.read(str(paper.get("publishedAt") or ""))
    missing = [name for name, value in (("title", title), ("authors", all(authors) and authors),
                                        ("publishedAt", date)) if not value]
    if missing or date is None:
        return Skipped(line, key, f"no {', '.join(missing)}")
    organization = item.get("organization") or paper.get("organization") or {}
    return Record(
        title=title,
        authors=tuple(authors),
        date=date,
        organization=(organization.get("fullname") or "") if isinstance(organization, dict) else "",
        arxiv=normalise_arxiv(str(paper.get("id") or "")) or "",
        links=tuple((kind, url) for kind, url in (("code", paper.get("githubRepo")),
                                                  ("project", paper.get("projectPage")))
                    if isinstance(url, str) and url.startswith(("https://", "http://"))),
        abstract=join_lines(str(paper.get("summary") or "")),
        line=line, key=key)


def record_keys(arxiv: str | None, doi: str | None, title: str | None) -> list[str]:
    """The identity keys of a paper, as strings that name their field."""
    return [f"{field}:{key}" for field, key in identity_keys(arxiv, doi, title)]


@dataclass
class Listed:
    """The papers of a folder, and those an import wrote into it: the file of each identity
    key, and the name and file of each author page address."""

    keys: dict[str, Path] = field(default_factory=dict)
    authors: dict[str, tuple[str, Path]] = field(default_factory=dict)

    def add(self, path: Path, keys: list[str], authors: tuple[str, ...]) -> None:
        """Count a paper file's keys and author names, unless an earlier file has them."""
        for key in keys:
            self.keys.setdefault(key, path)
        for name in authors:
            if slug := author_slug(name):
                self.authors.setdefault(slug, (name, path))


def read_listed(folder: Path) -> Listed:
    """What every paper file in a folder holds, even the files that fail the check."""
    listed = Listed()
    for path in sorted(folder.glob("*.md")):
        source, _ = read_paper_file(path)
        entries = source.entries if source else {}
        nodes = {name: entries[name].node for name in ("title", "arxiv", "doi") if name in entries}
        raw = {name: str(node.value) for name, node in nodes.items()
               if isinstance(node, yaml.ScalarNode)}
        keys = record_keys(normalise_arxiv(raw.get("arxiv", "")), normalise_doi(raw.get("doi", "")),
                           raw.get("title"))
        listed.add(path, keys, _names(entries.get("authors")))
    return listed


def _names(entry: PaperEntry | None) -> tuple[str, ...]:
    """The names of an authors entry, as the checker reads them."""
    node = entry.node if entry else None
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    return tuple(" ".join(str(item.value).split()) for item in items
                 if isinstance(item, yaml.ScalarNode) and str(item.value).strip())


@dataclass(frozen=True)
class Target:
    """Where an import writes and what it gives every paper: the folder (its tag and venue
    vocabularies and author registry), the tags and the date added."""

    folder: Path
    tags: tuple[str, ...]
    added: PartialDate
    vocabulary: dict[str, Tag]
    venues: tuple[VenueSeries, ...]
    registered: frozenset[str]

    @classmethod
    def of(cls, folder: Path, tags: Sequence[str], added: PartialDate) -> Target:
        people = load_people(folder / AUTHORS_FILE)[0]
        return cls(folder, tuple(tags), added, tag_lookup(load_vocabulary(folder / TAGS_FILE)[0]),
                   load_venues(folder / VENUES_FILE)[0],
                   frozenset(name for person in people for name in (person.name, *person.variants)))


def import_records(records: list[Record | Skipped], folder: Path, added: PartialDate,
                   tags: Sequence[str] = (), progress: Callable[[int], None] = lambda done: None,
                   ) -> ImportReport:
    """Write each new record as a paper file with the given tags; skip and report
    duplicates and records `papers check` would refuse; call progress with the number
    of records done so far."""
    report, listed, target = ImportReport(), read_listed(folder), Target.of(folder, tags, added)
    for done, record in enumerate(records, 1):
        progress(done)
        if isinstance(record, Skipped):
            report.problems.append(record)
        else:
            _import(record, target, listed, report)
    return report


def _import(record: Record, target: Target, listed: Listed, report: ImportReport) -> None:
    """Write one record unless the list has it or the check would refuse its file."""
    keys = record_keys(record.arxiv, record.doi, record.title)
    same = next((listed.keys[key] for key in keys if key in listed.keys), None)
    if same is not None:
        report.duplicates.append(Skipped(record.line, record.key, f"already on the list as {same}"))
        return
    record, respelt = _listed_spellings(record, listed, target.registered)
    record, venue_notes = _known_venue(record, target.venues)
    text = paper_text(paper_fields(record, target.tags, target.added))
    base = _file_base(record.title)
    problems = _author_problems(record.authors) + _check_problems(text, target, base)
    if problems:
        report.problems.append(Skipped(record.line, record.key, "; ".join(problems)))
        return
    path = _write(text, target.folder, base)
    listed.add(path, keys, record.authors)
    report.added.append(path)
    report.notes += [Note(record.line, record.key, message)
                     for message in (*record.left_out, *venue_notes, *respelt)]


def paper_fields(record: Record, tags: tuple[str, ...], added: PartialDate) -> dict[str, object]:
    """The fields of the paper file for a record: its values, the tags and the date added."""
    fields = {"title": record.title, "authors": list(record.authors), "date": record.date,
              "venue": record.venue, "organization": record.organization, "arxiv": record.arxiv,
              "doi": record.doi, "links": dict(record.links), "abstract": record.abstract,
              "added": added}
    # The tags are written even when there are none: `papers check` then asks for them.
    return {name: value for name, value in fields.items() if value} | {"tags": list(tags)}


def _listed_spellings(record: Record, listed: Listed, registered: frozenset[str],
                      ) -> tuple[Record, list[str]]:
    """The record with each author name that would share an author page with a name on the
    list written as the list writes it (unless the registry knows the name as it is), and
    a note on each name so changed."""
    names, notes = [], []
    for name in record.authors:
        listed_name, path = listed.authors.get(author_slug(name), (name, None))
        if listed_name != name and name not in registered:
            notes.append(f"author '{name}' written '{listed_name}', as in {path}")
            name = listed_name
        names.append(name)
    return replace(record, authors=tuple(names)), notes


def _known_venue(record: Record, venues: tuple[VenueSeries, ...]) -> tuple[Record, list[str]]:
    """The record with its venue as a paper file writes it (`CVPR 2022`), when it names a
    series of venues.yml; else without a venue, and a note saying what was left out."""
    if not record.venue:
        return record, []
    venue = imported_venue(record.venue, venues, record.date.year)
    if venue is None:
        return (replace(record, venue=""),
                [f"venue '{record.venue}' is not in {VENUES_FILE}; left out"])
    return replace(record, venue=str(venue)), []


def _author_problems(names: tuple[str, ...]) -> list[str]:
    """Why the names cannot each have their own author page: no address, or a shared one."""
    seen: dict[str, str] = {}
    problems = []
    for name in names:
        slug = author_slug(name)
        if not slug:
            problems.append(f"author '{name}' has no letters or digits to make a page address from")
        elif seen.setdefault(slug, name) != name:
            problems.append(f"authors '{seen[slug]}' and '{name}' would share the page "
                            f"{urls.author(slug)}")
    return problems


def _check_problems(text: str, target: Target, base: str) -> list[str]:
    """The errors `papers check` would find in the text as a paper file of the folder.

    Without tags to give, it finds that the tags are missing, as it should: an import
    without --tag leaves that to the check (docs/commands.md), so those are not counted here.
    """
    source, problems = split_paper(target.folder / f"{base}.md", text)
    venues = VenueLookup(target.venues)
    problems += validate_paper(source, target.vocabulary, venues)[1] if source else []
    return [problem.message for problem in problems if not problem.warning
            and (target.tags or not problem.message.startswith("'tags':"))]


def _file_base(title: str) -> str:
    """The file name of a paper without .md: its title (its math as text: 'ℓ₀' not 'ell-0')
    as a slug, never a reserved one."""
    base = slugify(formulas.plain(title), max_length=SLUG_LENGTH, word_boundary=True,
                   save_order=True) or "paper"
    return f"{base}-paper" if base in RESERVED_SLUGS else base


def _write(text: str, folder: Path, base: str) -> Path:
    """Write under the base name; a taken name gets -2, -3, ... and is never replaced."""
    for number in range(1, 1000):
        path = folder / (f"{base}.md" if number == 1 else f"{base}-{number}.md")
        if write_new_file(path, text):
            return path
    raise UnreadableInput(f"{folder}: no free file name for '{base}'")
