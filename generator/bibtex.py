"""BibTeX for a paper: a citation key unique on the list, and the entry readers copy.

A paper is cited as published: the entry type, the booktitle or journal and the year come
from its venue (the series' kind and full name, the venue's year); a paper without a venue
year is cited by its date. Citation keys keep the date's year, so that a key never changes
when a preprint is published.
"""

from __future__ import annotations

import functools
import itertools
import re
import string
from collections import defaultdict
from collections.abc import Iterator, Set

from generator import formulas
from generator.identity import fold
from generator.model import Paper, VenueKind

# BibTeX counts braces even after a backslash, so a lone `\{` would unbalance the value.
_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
            "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_SPECIAL_CHAR = re.compile("|".join(map(re.escape, _SPECIAL)))
_STOPWORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "is", "are", "what", "how"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# The entry type and the field that names the venue, by the kind of the venue's series.
ENTRY_TYPES: dict[VenueKind, tuple[str, str]] = {
    "conference": ("inproceedings", "booktitle"), "workshop": ("inproceedings", "booktitle"),
    "journal": ("article", "journal"), "preprint": ("misc", "howpublished")}
# A word's letters and digits, from the first to the last (the punctuation around stays out).
_WORD = re.compile(r"[^\W_](?:.*[^\W_])?", re.DOTALL)


def escape(text: str) -> str:
    """Text as a BibTeX value: LaTeX's special characters escaped."""
    return _SPECIAL_CHAR.sub(lambda match: _SPECIAL[match[0]], text)


def title_value(title: str) -> str:
    """A title as a BibTeX value: escaped, with each word whose case matters in braces, so
    that styles which lowercase titles keep `{CVPR}`, `{ViT}` and `{GPT-4}` as written; its
    math is LaTeX already, kept as written, in braces."""
    return "".join(f"{{{piece.raw}}}" if piece.math else
                   "".join(_title_word(part) for part in re.split(r"(\s+)", piece.raw))
                   for piece in formulas.pieces(title))


def _title_word(text: str) -> str:
    word = _WORD.search(text)
    if word is None or not keeps_case(word[0]):
        return escape(text)
    before, after = text[:word.start()], text[word.end():]
    return f"{escape(before)}{{{escape(word[0])}}}{escape(after)}"


def keeps_case(word: str) -> bool:
    """Whether a title word is written in a case a style must keep: it has a digit, or two
    letters or more all capitals (CVPR), or a capital after the first letter of one of its
    parts between hyphens or slashes (ViT, MoE-LLaVA)."""
    if word.isalpha() and word[1:].islower():  # most words: Attention, is, all
        return False
    letters = [char for char in word if char.isalpha()]
    if any(char.isdigit() for char in word):
        return True
    if len(letters) >= 2 and all(char.isupper() for char in letters):
        return True
    return any(char.isupper() for part in re.split(r"[-/]", word)
               for char in "".join(filter(str.isalpha, part))[1:])


def author_value(names: tuple[str, ...], organizations: Set[str] = frozenset()) -> str:
    """Authors as a BibTeX value: names joined by 'and'; an organisation's in braces, so
    that styles do not take its last word for a last name."""
    return " and ".join(f"{{{escape(name)}}}" if name in organizations else escape(name)
                        for name in names)


def _base_key(paper: Paper) -> str:
    last = _ascii_word(paper.authors[0].split()[-1])
    words = (_ascii_word(word) for word in paper.title.split())
    first = next((w for w in words if w and w not in _STOPWORDS), "")
    return f"{last}{paper.date.year}{first}"


def _ascii_word(word: str) -> str:
    return "".join(c for c in fold(word) if c in string.ascii_lowercase + string.digits)


def citation_keys(papers: tuple[Paper, ...]) -> dict[str, str]:
    """A key per paper slug, like yang2020beyond; papers sharing one get b, c, ... by age,
    skipping any suffixed key that another paper has as its own."""
    groups: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        groups[_base_key(paper)].append(paper)
    taken, keys = set(groups), {}
    for base, group in groups.items():
        group.sort(key=lambda p: (p.date, p.slug))
        free = (base + suffix for suffix in _suffixes() if base + suffix not in taken)
        for position, paper in enumerate(group):
            keys[paper.slug] = base if position == 0 else next(free)
            taken.add(keys[paper.slug])
    return keys


def _suffixes() -> Iterator[str]:
    yield from string.ascii_lowercase[1:]
    yield from map(str, itertools.count(27))


@functools.cache  # a paper's entry is on its page, in papers.bib and in each of its tags' .bib
def entry(paper: Paper, key: str, organizations: frozenset[str] = frozenset()) -> str:
    """The BibTeX entry, @inproceedings, @article or @misc by the kind of the venue's series
    (@misc without a venue), which it names by its full name; its year is the venue's, else
    the date's, with the month when it is known. The venue's note (oral) is not cited; the
    title's acronyms and names, and the names of organisations, are in braces."""
    kind, container = ENTRY_TYPES[paper.venue.series.kind] if paper.venue else ("misc", "")
    fields = [("title", title_value(paper.title)),
              ("author", author_value(paper.authors, organizations))]
    if paper.venue:
        fields.append((container, escape(paper.venue.series.name)))
    issued = paper.issued
    fields.append(("year", str(issued.year)))
    if issued.month:
        fields.append(("month", _MONTHS[issued.month - 1]))
    if paper.doi:
        fields.append(("doi", paper.doi))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archivePrefix", "arXiv")]
    body = ",\n".join(_field(name, value) for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}"


def _field(name: str, value: str) -> str:
    """A field of an entry, its value already written as BibTeX (a month as a bare macro)."""
    return f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
