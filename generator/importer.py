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
from generator.canonical import paper_text, write_new_file
from generator.model import PartialDate
from generator.paperfile import read_paper_file

SLUG_LENGTH = 50


@dataclass
class ImportReport:
    """What an import did, entry by entry."""

    added: list[Path] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.duplicates)} skipped as duplicates, "
                f"{len(self.invalid)} skipped with problems")


class UnreadableInput(Exception):
    """The input as a whole cannot be read; nothing was written."""


def read_daily_papers(path: Path) -> list[dict | str]:
    """Records from a saved Hugging Face daily papers response (/api/daily_papers).

    Each item becomes a dict of paper fields, or a string saying why it was skipped.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableInput(f"{path}: cannot read it as JSON: {error}") from None
    if not isinstance(data, list):
        raise UnreadableInput(f"{path}: expected a list of daily papers, got a JSON {type(data).__name__}")
    return [_daily_paper(item, number) for number, item in enumerate(data, 1)]


def _daily_paper(item: object, number: int) -> dict | str:
    paper = item.get("paper", item) if isinstance(item, dict) else None
    if not isinstance(paper, dict):
        return f"entry {number}: not a paper record"
    title = " ".join(str(paper.get("title") or "").split())
    authors = [" ".join(str(a.get("name") or "").split()) for a in paper.get("authors") or []
               if isinstance(a, dict)]
    date = str(paper.get("publishedAt") or "")[:10]
    missing = [name for name, value in (("title", title), ("authors", all(authors) and authors),
                                        ("publishedAt", re.fullmatch(r"\d{4}-\d\d-\d\d", date)))
               if not value]
    if missing:
        return f"entry {number} ({paper.get('id') or title or '?'}): no {', '.join(missing)}"
    organization = item.get("organization") or paper.get("organization") or {}
    record = {
        "title": title,
        "authors": authors,
        "date": PartialDate(*map(int, date.split("-"))),
        "organization": organization.get("fullname") if isinstance(organization, dict) else None,
        "arxiv": normalise_arxiv(str(paper.get("id") or "")),
        "links": {kind: url for kind, url in (("code", paper.get("githubRepo")),
                                              ("project", paper.get("projectPage")))
                  if isinstance(url, str) and url.startswith(("https://", "http://"))},
        "abstract": join_lines(str(paper.get("summary") or "")),
    }
    return {key: value for key, value in record.items() if value}


def join_lines(text: str) -> str:
    """Text with hard line breaks joined: paragraphs (blank-line separated) stay apart."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs if paragraph.strip())


def record_keys(record: dict) -> list[str]:
    """The identity keys of a record, as strings that name their field."""
    return [f"{field}:{key}" for field, key in
            identity_keys(record.get("arxiv"), record.get("doi"), record.get("title"))]


def listed_keys(folder: Path) -> dict[str, Path]:
    """Identity keys of every paper file in a folder, even of files that fail the check."""
    keys: dict[str, Path] = {}
    for path in sorted(folder.glob("*.md")):
        source, _ = read_paper_file(path)
        entries = source.entries if source else {}
        raw = {name: str(entries[name].node.value) for name in ("title", "arxiv", "doi")
               if name in entries and isinstance(entries[name].node, yaml.ScalarNode)}
        record = {"title": raw.get("title"), "arxiv": normalise_arxiv(raw.get("arxiv", "")),
                  "doi": normalise_doi(raw.get("doi", ""))}
        for key in record_keys(record):
            keys.setdefault(key, path)
    return keys


def import_records(records: list[dict | str], folder: Path, added: PartialDate,
                   tags: list[str] = (), progress: Callable[[int], None] = lambda done: None,
                   ) -> ImportReport:
    """Write each new record as a paper file with the given tags; skip and report
    duplicates and bad records; call progress with the number of records done so far."""
    report, known = ImportReport(), listed_keys(folder)
    for done, record in enumerate(records, 1):
        progress(done)
        if isinstance(record, str):
            report.invalid.append(record)
            continue
        same = next((known[key] for key in record_keys(record) if key in known), None)
        if same is not None:
            report.duplicates.append(f"{record.get('arxiv') or record['title']}: already on the "
                                     f"list as {same}")
            continue
        path = _write(record | {"tags": list(tags), "added": added}, folder)
        report.added.append(path)
        known.update((key, path) for key in record_keys(record))
    return report


def _write(record: dict, folder: Path) -> Path:
    """Write under a slug of the title; a taken name gets -2, -3, ... and is never replaced."""
    base = slugify(record["title"], max_length=SLUG_LENGTH, word_boundary=True,
                   save_order=True) or "paper"
    text = paper_text(record)
    for number in range(1, 1000):
        path = folder / (f"{base}.md" if number == 1 else f"{base}-{number}.md")
        if write_new_file(path, text):
            return path
    raise UnreadableInput(f"{folder}: no free file name for '{base}'")
