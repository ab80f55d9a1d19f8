"""Papers as other tools' records give them (a BibTeX entry, a Hugging Face daily paper,
arXiv's or Crossref's metadata): what each reader makes, and the importer writes from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model import PartialDate


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


class UnreadableInput(Exception):
    """The input as a whole cannot be read; nothing was written."""


def join_lines(text: str) -> str:
    """Text with hard line breaks joined: paragraphs (blank-line separated) stay apart."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs if paragraph.strip())
