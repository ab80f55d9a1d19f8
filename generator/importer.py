"""Importing papers from other tools' records into new paper files, never overwriting one."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from slugify import slugify

from generator.identity import identity_keys, normalise_arxiv, normalise_doi
from generator.load import TAGS_FILE, load_vocabulary, tag_lookup
from generator.canonical import paper_text, write_new_file
from generator.fields import did_you_mean
from generator.model import PartialDate
from generator.paperfile import read_paper_file

SLUG_LENGTH = 50
# In a JSON array known to be valid, what lies between two items: white space and a comma.
_BETWEEN_ITEMS = re.compile(r"[\s,]*")
# A BibTeX entry, string or comment starts a line with @type{ or @type(.
_BIBTEX_ENTRY = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)


@dataclass(frozen=True, kw_only=True)
class Record:
    """A paper as another tool's record gives it, and where that record is in the input:
    its first line and its key (a BibTeX key, a Hugging Face paper id, `entry N`)."""

    title: str
    authors: tuple[str, ...]
    date: PartialDate
    venue: str = ""
    organization: str = ""
    arxiv: str = ""
    doi: str = ""
    links: tuple[tuple[str, str], ...] = ()
    abstract: str = ""
    left_out: tuple[str, ...] = ()  # what the input gave that the paper does not keep, and why
    line: int
    key: str


@dataclass(frozen=True)
class Skipped:
    """An entry of the input that is not written: where it is, and why."""

    line: int
    key: str
    message: str


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


class UnreadableInput(Exception):
    """The input as a whole cannot be read; nothing was written."""


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
        raise UnreadableInput(f"{path}: expected a list of daily papers, got a JSON {type(data).__name__}")
    return [_daily_paper(item, line, number)
            for number, (item, line) in enumerate(zip(data, _item_lines(text)), 1)]


def _item_lines(text: str) -> list[int]:
    """The first line of each item of the JSON array that text holds."""
    decoder, lines, line, counted = json.JSONDecoder(), [], 1, 0
    position = _BETWEEN_ITEMS.match(text, text.index("[") + 1).end()
    while text[position] != "]":
        line, counted = line + text.count("\n", counted, position), position
        lines.append(line)
        position = _BETWEEN_ITEMS.match(text, decoder.raw_decode(text, position)[1]).end()
    return lines


def _daily_paper(item: object, line: int, number: int) -> Record | Skipped:
    paper = item.get("paper", item) if isinstance(item, dict) else None
    if not isinstance(paper, dict):
        return Skipped(line, f"entry {number}", "not a paper record")
    key = str(paper.get("id") or "") or f"entry {number}"
    title = " ".join(str(paper.get("title") or "").split())
    authors = [" ".join(str(a.get("name") or "").split()) for a in paper.get("authors") or []
               if isinstance(a, dict)]
    date = str(paper.get("publishedAt") or "")[:10]
    missing = [name for name, value in (("title", title), ("authors", all(authors) and authors),
                                        ("publishedAt", re.fullmatch(r"\d{4}-\d\d-\d\d", date)))
               if not value]
    if missing:
        return Skipped(line, key, f"no {', '.join(missing)}")
    organization = item.get("organization") or paper.get("organization") or {}
    return Record(
        title=title,
        authors=tuple(authors),
        date=PartialDate(*map(int, date.split("-"))),
        organization=(organization.get("fullname") or "") if isinstance(organization, dict) else "",
        arxiv=normalise_arxiv(str(paper.get("id") or "")) or "",
        links=tuple((kind, url) for kind, url in (("code", paper.get("githubRepo")),
                                                  ("project", paper.get("projectPage")))
                    if isinstance(url, str) and url.startswith(("https://", "http://"))),
        abstract=join_lines(str(paper.get("summary") or "")),
        line=line, key=key)


def join_lines(text: str) -> str:
    """Text with hard line breaks joined: paragraphs (blank-line separated) stay apart."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs if paragraph.strip())


def record_keys(arxiv: str | None, doi: str | None, title: str | None) -> list[str]:
    """The identity keys of a paper, as strings that name their field."""
    return [f"{field}:{key}" for field, key in identity_keys(arxiv, doi, title)]


def listed_keys(folder: Path) -> dict[str, Path]:
    """Identity keys of every paper file in a folder, even of files that fail the check."""
    keys: dict[str, Path] = {}
    for path in sorted(folder.glob("*.md")):
        source, _ = read_paper_file(path)
        entries = source.entries if source else {}
        raw = {name: str(entries[name].node.value) for name in ("title", "arxiv", "doi")
               if name in entries and isinstance(entries[name].node, yaml.ScalarNode)}
        for key in record_keys(normalise_arxiv(raw.get("arxiv", "")),
                               normalise_doi(raw.get("doi", "")), raw.get("title")):
            keys.setdefault(key, path)
    return keys


def unknown_tags(names: list[str], folder: Path) -> list[str]:
    """Why each of names is not a tag of the folder's vocabulary (empty if all are)."""
    lookup = tag_lookup(load_vocabulary(folder / TAGS_FILE)[0])
    return [f"unknown tag '{name}'{did_you_mean(name, lookup)}; the tags are listed in "
            f"{folder / TAGS_FILE}" for name in names if name not in lookup]


def import_records(records: list[Record | Skipped], folder: Path, added: PartialDate,
                   tags: list[str] = (), progress: Callable[[int], None] = lambda done: None,
                   ) -> ImportReport:
    """Write each new record as a paper file with the given tags; skip and report
    duplicates and bad records; call progress with the number of records done so far."""
    report, known = ImportReport(), listed_keys(folder)
    for done, record in enumerate(records, 1):
        progress(done)
        if isinstance(record, Skipped):
            report.problems.append(record)
            continue
        keys = record_keys(record.arxiv, record.doi, record.title)
        same = next((known[key] for key in keys if key in known), None)
        if same is not None:
            report.duplicates.append(Skipped(record.line, record.key,
                                             f"already on the list as {same}"))
            continue
        path = _write(paper_fields(record, tags, added), folder)
        report.added.append(path)
        report.notes += [Note(record.line, record.key, message) for message in record.left_out]
        known.update((key, path) for key in keys)
    return report


def paper_fields(record: Record, tags: list[str], added: PartialDate) -> dict[str, object]:
    """The fields of the paper file for a record: its values, the tags and the date added."""
    fields = {"title": record.title, "authors": list(record.authors), "date": record.date,
              "venue": record.venue, "organization": record.organization, "arxiv": record.arxiv,
              "doi": record.doi, "links": dict(record.links), "abstract": record.abstract,
              "added": added}
    # The tags are written even when there are none: `papers check` then asks for them.
    return {name: value for name, value in fields.items() if value} | {"tags": list(tags)}


def _write(fields: dict[str, object], folder: Path) -> Path:
    """Write under a slug of the title; a taken name gets -2, -3, ... and is never replaced."""
    base = slugify(str(fields["title"]), max_length=SLUG_LENGTH, word_boundary=True,
                   save_order=True) or "paper"
    text = paper_text(fields)
    for number in range(1, 1000):
        path = folder / (f"{base}.md" if number == 1 else f"{base}-{number}.md")
        if write_new_file(path, text):
            return path
    raise UnreadableInput(f"{folder}: no free file name for '{base}'")
