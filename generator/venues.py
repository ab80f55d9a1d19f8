"""Venues: how a paper writes where it appeared (`ICLR 2023 (oral)`), and how another tool's
venue text (a BibTeX booktitle, a Crossref container title, al-folio's abbr) finds its series
of the vocabulary, venues.yml.

A venue is a series, its year and a note. The series is what a citation names; the note
(oral, spotlight, main track) is what a citation leaves out. A track published apart from
its conference (Findings of ACL, the ICCV workshops) is a series of its own, so that
citations name it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from generator.model import Venue, VenueSeries

# A year as a venue gives it: four ASCII digits, not starting with 0.
YEAR_PATTERN = r"[1-9][0-9]{3}"
_YEAR = re.compile(rf"\s+({YEAR_PATTERN})(?![0-9])", re.ASCII)
_NOT_A_YEAR = re.compile(r"\s+([0-9]+)(?=[\s(,]|$)", re.ASCII)
_IN_PARENTHESES = re.compile(r"\s*\((.*)\)", re.DOTALL)
_AFTER_COMMA = re.compile(r"\s*,(.*)", re.DOTALL)
_AFTER_NAME = ("", " ", "(", ",")
# Where the series ends in a venue that names none of the vocabulary: at its year or note.
_SERIES_PART = re.compile(rf"(.*?)(?:\s+{YEAR_PATTERN}(?![0-9])|\s*[(,]|$)", re.ASCII | re.DOTALL)
_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
             "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
             "nineteenth twentieth thirtieth fortieth fiftieth")
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
# What names of one venue differ by in other tools' records: "Proceedings of the", ordinals
# (29th, Thirty-Seventh), years (2020, '20). Letters and digits are compared, case folded.
_ORDINAL = rf"(?:(?:{_TENS.replace(' ', '|')})[- ]?)?(?:{_ORDINALS.replace(' ', '|')})"
_NOISE = re.compile(rf"\bproceedings of\b|\bthe\b|\b[0-9]+(?:st|nd|rd|th)\b|\b{_ORDINAL}\b"
                    rf"|\b(?:19|20)[0-9]{{2}}\b|'[0-9]{{2}}\b")
_YEAR_IN_TEXT = re.compile(r"\b((?:19|20)[0-9]{2})\b", re.ASCII)


def names_of(series: VenueSeries) -> tuple[str, ...]:
    """Every name a paper may write a series by: its short name, slug, full name, aliases."""
    return (series.short, series.slug, series.name, *series.aliases)


class VenueLookup(dict[str, VenueSeries]):
    """Each series of a vocabulary under each of its names, case folded."""

    def __init__(self, vocabulary: Iterable[VenueSeries]) -> None:
        super().__init__((name.casefold(), series) for series in vocabulary
                         for name in names_of(series))


def read_venue(text: str, lookup: Mapping[str, VenueSeries]) -> Venue | str:
    """The venue a paper writes, as `ICLR 2023 (oral)` or `iclr 2023, oral` (the series by
    any of its names, in any case), or what is wrong with it, as `papers check` says it."""
    found = _series_at_start(text, lookup)
    if found is None:
        return _unknown(text, lookup)
    series, end = found
    parts = _year_and_note(text, end, series)
    return parts if isinstance(parts, str) else Venue(series, *parts)


def _year_and_note(text: str, end: int, series: VenueSeries) -> tuple[int | None, str] | str:
    """The year and the note after the series' name (which ends at end), or what is wrong."""
    rest = text[end:]
    year = _YEAR.match(rest)
    if year is None and (digits := _NOT_A_YEAR.match(rest)):
        return (f"'{digits[1]}' is not a year: write four digits after the name, like "
                f"'{series.short} 2023'")
    rest = rest[year.end():] if year else rest
    note, written = _note(rest), text[:len(text) - len(rest)]
    if note is None:
        return (f"expected the note in parentheses after '{written}', like '{written} (oral)'; "
                f"got '{text}'")
    if not note and rest.strip():
        return f"the note of '{text}' is empty: write it, or leave out '{rest.strip()}'"
    if year is None and series.needs_year:
        example = f"{series.short} YYYY" + (f" ({note})" if note else "")
        return (f"'{text}' has no year, which a venue of a {series.kind} needs: write it "
                f"after the name, like '{example}'")
    return (int(year[1]) if year else None), note


def _series_at_start(text: str, lookup: Mapping[str, VenueSeries],
                     ) -> tuple[VenueSeries, int] | None:
    """The series whose name the text starts with (the longest such name), and where the
    name ends; a name ends the text or comes before a space, a '(' or a ','."""
    ends = [end for end in range(len(text), 0, -1) if text[end:end + 1] in _AFTER_NAME]
    return next(((lookup[text[:end].casefold()], end) for end in ends
                 if text[:end].casefold() in lookup), None)


def _note(rest: str) -> str | None:
    """The note after the series and year: in parentheses, after a comma, or none (''); None
    when the rest is neither."""
    if not rest.strip():
        return ""
    match = _IN_PARENTHESES.fullmatch(rest) or _AFTER_COMMA.fullmatch(rest)
    return " ".join(match[1].split()) if match else None


def _unknown(text: str, lookup: Mapping[str, VenueSeries]) -> str:
    match = _SERIES_PART.match(text)
    name = (match[1] if match else "") or text
    return (f"unknown venue '{name}'{_did_you_mean(name, lookup)}; the venues are listed in "
            "venues.yml")


def _did_you_mean(name: str, lookup: Mapping[str, VenueSeries]) -> str:
    close = difflib.get_close_matches(name.casefold(), list(lookup), n=1, cutoff=0.6)
    return f" (did you mean '{lookup[close[0]].short}'?)" if close else ""


def imported_venue(text: str, vocabulary: Iterable[VenueSeries], year: int) -> Venue | None:
    """The venue another tool's text names, or None when it names no series of the vocabulary.

    The series is found by an acronym in parentheses (`... Recognition (CVPR)`), by the part
    before a colon (`CIKM '20: The 29th ...`) or after it, or by the whole text, compared
    with each name of each series ignoring case, punctuation, "Proceedings of the", ordinals
    and years. The year is the one the text gives, else the year given (the record's).
    """
    keys = {_key(name): series for series in vocabulary for name in names_of(series)}
    keys.pop("", None)
    candidates = [*re.findall(r"\(([^()]*)\)", text), text, *text.split(":")]
    series = next((keys[key] for key in map(_key, candidates) if key in keys), None)
    if series is None:
        return None
    given = _YEAR_IN_TEXT.search(text)
    return Venue(series, int(given[1]) if given else year)


def _key(text: str) -> str:
    """A name as imports compare it: case folded, '&' as 'and', noise words left out,
    punctuation as spaces."""
    folded = _NOISE.sub(" ", text.casefold().replace("&", " and "))
    return " ".join(re.findall(r"\w+", folded))
