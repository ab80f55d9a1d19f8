"""The paper format: one rule per front matter field, and the validation that applies them.

Each rule turns a YAML node into a checked value or reports what was expected, in the
words `papers check` and the site build both print.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Required, TypedDict, cast
from urllib.parse import urlsplit

import yaml

from generator import formulas
from generator.identity import ARXIV_PATTERN, DOI_PATTERN, normalise_arxiv, normalise_doi
from generator.model import (
    DATE_PATTERN,
    LINK_KINDS,
    Paper,
    PartialDate,
    Problem,
    Tag,
    Venue,
    VenueSeries,
)
from generator.notes import removal_warning, unconvertible_in_notes
from generator.paperfile import PaperSource
from generator.venues import YEAR_PATTERN, VenueLookup, names_of, read_venue

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED_SLUGS = {"index"}

_YAML = "tag:yaml.org,2002:"
_STR, _NULL, _FLOAT = _YAML + "str", _YAML + "null", _YAML + "float"
_URL_PATTERN = r"^https?://[^\s<>\"]+$"
_URL_MATCH = re.compile(_URL_PATTERN).fullmatch
_ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", re.ASCII)
_READ_AS = {"int": "a number", "float": "a number", "bool": "true/false",
            "timestamp": "a date", "null": "nothing"}
# The characters an ECMAScript pattern must escape to match them as written.
_ECMA_SPECIAL = frozenset("\\^$.|?*+()[]{}/")
# What XML 1.0, and so the feeds, cannot hold; YAML escapes (\b, \x07) can write it.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_COMMENT_AFTER = re.compile(r"\s+#")


@dataclass(frozen=True)
class Context:
    """What a rule needs besides the node: where it is, how to report, the tag and venue
    vocabularies (None when one cannot be read: then tags are taken as written, and venues
    are not read)."""

    path: Path
    name: str
    line: int
    offset: int
    problems: list[Problem]
    tags: dict[str, Tag] | None
    lines: tuple[str, ...] = ()  # the YAML text the nodes come from, for what YAML left out
    venues: VenueLookup | None = None

    def report(self, message: str, line: int | None = None, name: str | None = None) -> None:
        name = name or self.name
        self.problems.append(Problem(self.path, line or self.line, f"'{name}': {message}"))

    def line_of(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.offset


Rule = Callable[[yaml.Node, Context], object]


def describe(node: yaml.Node) -> str:
    """How YAML read a node, in a reader's words."""
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    kind = node.tag.removeprefix(_YAML)
    if kind in _READ_AS:
        return f"'{node.value}', which YAML reads as {_READ_AS[kind]}"
    return f"'{node.value}'"


def text(node: yaml.Node, ctx: Context, line: int | None = None) -> str | None:
    """A non-empty string; YAML's retyped scalars (numbers, booleans, dates) are refused."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
        value: str = node.value
        # YAML refuses these characters written as they are: only a double-quoted value's
        # escapes (\x07) can give one.
        if node.style == '"' and (control := _CONTROL.search(value)):
            ctx.report(f"control character #x{ord(control[0]):04x} is not allowed: remove it", line)
        elif value := value.strip():
            return value
        else:
            ctx.report("is empty", line)
    elif isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
        ctx.report("is empty", line)
    elif isinstance(node, yaml.ScalarNode):
        ctx.report(f"expected text, got {describe(node)}; put it in quotes: \"{node.value}\"", line)
    else:
        ctx.report(f"expected text, got {describe(node)}", line)
    return None


def prose(node: yaml.Node, ctx: Context, line: int | None = None) -> str | None:
    """Text that YAML read whole: an unquoted value that ` #` cut short is refused."""
    value = text(node, ctx, line)
    cut = _cut_by_comment(node, ctx) if value is not None else ""
    if cut:
        whole = ctx.lines[node.start_mark.line][node.start_mark.column:].rstrip()
        quoted = '"' + whole.replace("\\", "\\\\").replace('"', '\\"') + '"'
        advice = (f"write it in quotes: {quoted}" if node.start_mark.line == node.end_mark.line
                  else "put the whole value in quotes")
        ctx.report(f"YAML reads only '{value}' here, as ' #' starts a comment and '{cut}' is left "
                   f"out; {advice}", node.end_mark.line + ctx.offset)
        return None
    return value


def _cut_by_comment(node: yaml.Node, ctx: Context) -> str:
    """The comment that ends an unquoted value's line (what YAML left out of it), or ''."""
    if (not isinstance(node, yaml.ScalarNode) or node.style not in (None, "")
            or node.end_mark.line >= len(ctx.lines)):
        return ""
    rest = ctx.lines[node.end_mark.line][node.end_mark.column:]
    return rest.strip() if _COMMENT_AFTER.match(rest) else ""


def one_line(node: yaml.Node, ctx: Context) -> str | None:
    """Text on one line: runs of spaces and line breaks become one space."""
    value = prose(node, ctx)
    return " ".join(value.split()) if value else None


def text_list(node: yaml.Node, ctx: Context) -> tuple[str, ...] | None:
    """A list of at least one distinct one-line text."""
    if not isinstance(node, yaml.SequenceNode):
        example = node.value if isinstance(node, yaml.ScalarNode) else "..."
        ctx.report(f"expected a list, got {describe(node)}; write {ctx.name}: [{example}]")
        return None
    if not node.value:
        ctx.report("needs at least one entry")
        return None
    values = [prose(item, ctx, ctx.line_of(item)) for item in node.value]
    texts = [value for value in values if value is not None]
    if len(texts) < len(values):
        return None
    items = tuple(" ".join(value.split()) for value in texts)
    if len(set(items)) < len(items):
        for item, count in Counter(items).items():
            if count > 1:
                ctx.report(f"'{item}' is listed {count} times")
    return items


def date(node: yaml.Node, ctx: Context) -> PartialDate | None:
    """YYYY-MM-DD, or YYYY-MM or YYYY when that is all that is known."""
    return _date(node, ctx, "YYYY-MM-DD, YYYY-MM or YYYY", need_day=False)


def full_date(node: yaml.Node, ctx: Context) -> PartialDate | None:
    """YYYY-MM-DD."""
    return _date(node, ctx, "YYYY-MM-DD", need_day=True)


def _date(node: yaml.Node, ctx: Context, expected: str, need_day: bool) -> PartialDate | None:
    # Dates are read from the node's source text, so YAML's timestamp and int retyping is harmless.
    raw = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
    try:
        parsed = PartialDate.parse(raw) if node.tag != _FLOAT else None
    except ValueError:
        ctx.report(f"'{raw}' is not a real date")
        return None
    if parsed is None or str(parsed) != raw or (need_day and not parsed.day):
        ctx.report(f"expected a date as {expected}, got {describe(node)}")
        return None
    return parsed


def arxiv(node: yaml.Node, ctx: Context) -> str | None:
    """An arXiv id: 2004.12297 (a version suffix is dropped) or old style cs/0112017."""
    return _identifier(node, ctx, normalise_arxiv, "an arXiv id like 2004.12297 or cs/0112017")


def doi(node: yaml.Node, ctx: Context) -> str | None:
    """A DOI like 10.1145/3340531.3411908 (a doi.org URL is reduced to the DOI)."""
    return _identifier(node, ctx, normalise_doi, "a DOI like 10.1145/3340531.3411908")


def _identifier(node: yaml.Node, ctx: Context, normalise: Callable[[str], str | None],
                expected: str) -> str | None:
    value = text(node, ctx)
    normal = normalise(value) if value is not None else None
    if value is not None and normal is None:
        ctx.report(f"expected {expected}, got '{value}'")
    return normal


def links(node: yaml.Node, ctx: Context) -> tuple[tuple[str, str], ...] | None:
    """A mapping of link kinds (code, project, pdf, ...) to http(s) URLs."""
    if not isinstance(node, yaml.MappingNode):
        ctx.report(f"expected a mapping like 'code: https://...', got {describe(node)}")
        return None
    found: dict[str, str | None] = {}
    for key_node, value_node in node.value:
        kind, line = str(key_node.value), ctx.line_of(key_node)
        if kind in found:
            ctx.report(f"'{kind}' is given twice", line)
        elif kind not in LINK_KINDS:
            ctx.report(f"unknown link '{kind}'{did_you_mean(kind, LINK_KINDS)}", line)
        else:
            found[kind] = _url(value_node, ctx, f"links.{kind}", line)
    given = {kind: url for kind, url in found.items() if url is not None}
    if len(given) < len(node.value):
        return None
    return tuple((kind, given[kind]) for kind in LINK_KINDS if kind in given)


def _url(node: yaml.Node, ctx: Context, name: str, line: int) -> str | None:
    value = text(node, ctx, line)
    if value is None:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:  # urlsplit refuses some malformed hosts, such as http://[x
        parts = None
    if (parts and parts.scheme in ("http", "https") and parts.netloc
            and _URL_MATCH(value)):
        return value
    ctx.report(f"expected an http(s) URL, got '{value}'", line, name=name)
    return None


def url(node: yaml.Node, ctx: Context) -> str | None:
    """An http(s) URL."""
    return _url(node, ctx, ctx.name, ctx.line)


def orcid(node: yaml.Node, ctx: Context) -> str | None:
    """An ORCID iD, 0000-0002-1825-0097 (an orcid.org URL is reduced to the iD)."""
    value = text(node, ctx)
    if value is None:
        return None
    bare = value.removeprefix("https://orcid.org/").removeprefix("http://orcid.org/")
    if _ORCID.fullmatch(bare) and _orcid_check_digit(bare) == bare[-1]:
        return bare
    ctx.report(f"expected an ORCID iD like 0000-0002-1825-0097, got '{value}'")
    return None


def _orcid_check_digit(orcid: str) -> str:
    # ISO 7064 MOD 11-2, as ORCID specifies.
    total = 0
    for digit in orcid.replace("-", "")[:-1]:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def tags(node: yaml.Node, ctx: Context) -> tuple[str, ...] | None:
    """Tags from the vocabulary, by slug or alias; given as the slugs they resolve to."""
    names = text_list(node, ctx)
    if names is None or ctx.tags is None:
        return names
    resolved = []
    for name, item in zip(names, node.value, strict=True):
        tag = ctx.tags.get(name)
        if tag is None:
            ctx.report(f"unknown tag '{name}'{did_you_mean(name, ctx.tags)}; the tags are "
                       "listed in tags.yml", ctx.line_of(item))
        else:
            resolved.append(tag.slug)
    if len(set(names)) == len(names) and len(set(resolved)) < len(resolved):
        for slug, count in Counter(resolved).items():
            if count > 1:
                ctx.report(f"tag '{slug}' is given {count} times (by its name and an alias)")
    return tuple(resolved) if len(resolved) == len(names) else None


def venue(node: yaml.Node, ctx: Context) -> Venue | None:
    """A series of venues.yml by any of its names, its year and an optional note:
    `ICLR 2023 (oral)`, or `ICLR 2023, oral`."""
    written = one_line(node, ctx)
    if written is None or ctx.venues is None:
        return None
    found = read_venue(written, ctx.venues)
    if isinstance(found, str):
        ctx.report(found)
        return None
    return found


def choice(choices: Iterable[str]) -> Rule:
    """The rule of a word from a fixed set (a venue's kind)."""
    words = tuple(choices)

    def rule(node: yaml.Node, ctx: Context) -> str | None:
        value = text(node, ctx)
        if value is None or value in words:
            return value
        ctx.report(f"expected {' or '.join(words)}, got '{value}'{did_you_mean(value, words)}")
        return None
    return rule


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean ...?)' naming the closest choice, or '' if none is close."""
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@dataclass(frozen=True)
class Field:
    """A front matter field: its rule, its JSON Schema, whether it must be there, what it holds."""

    name: str
    rule: Rule
    schema: Mapping[str, object]
    help: str
    required: bool = False
    recommended: bool = False


_TEXT = {"type": "string", "pattern": r"\S"}
_TEXT_LIST = {"type": "array", "minItems": 1, "uniqueItems": True, "items": _TEXT}
_URL = {"type": "string", "pattern": _URL_PATTERN}

FIELDS = (
    Field("title", one_line, _TEXT, "the paper's title", required=True),
    Field("authors", text_list, _TEXT_LIST, "the authors' names, in the paper's order",
          required=True),
    Field("date", date, {"anyOf": [{"type": "string", "pattern": f"^{DATE_PATTERN}$"},
                                   {"type": "integer", "minimum": 1000, "maximum": 9999}]},
          "the first public version: YYYY-MM-DD, YYYY-MM or YYYY", required=True),
    Field("venue", venue, _TEXT, "where it was published: a series of venues.yml, its year and "
          "an optional note, e.g. ICLR 2024 (oral)"),
    Field("organization", one_line, _TEXT, "the lab or company behind it"),
    Field("arxiv", arxiv, {"type": "string", "pattern": ARXIV_PATTERN},
          "the arXiv id, e.g. 2004.12297"),
    Field("doi", doi, {"type": "string", "pattern": DOI_PATTERN},
          "the DOI, e.g. 10.1145/3340531.3411908"),
    Field("links", links, {"type": "object", "additionalProperties": False,
                           "properties": {kind: _URL for kind in LINK_KINDS}},
          f"links by kind ({', '.join(LINK_KINDS)}) to http(s) URLs"),
    Field("tags", tags, _TEXT_LIST, "tags from the vocabulary in tags.yml", required=True),
    Field("added", full_date, {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
          "when the paper joined the list: YYYY-MM-DD"),
    Field("abstract", prose, _TEXT, "the paper's abstract", recommended=True),
)
FIELD_NAMES = tuple(field.name for field in FIELDS)
_FIELD_SET = frozenset(FIELD_NAMES)
SCHEMA_FILE = "paper.schema.json"


def paper_schema(vocabulary: tuple[Tag, ...], venues: tuple[VenueSeries, ...] = (),
                 ) -> dict[str, object]:
    """The JSON Schema of a paper's front matter, made from the rules the checker applies."""
    properties = {field.name: {"description": field.help, **field.schema} for field in FIELDS}
    names = sorted({name for tag in vocabulary for name in (tag.slug, *tag.aliases)})
    properties["tags"] = properties["tags"] | {"items": {"type": "string", "enum": names}}
    properties["venue"] = properties["venue"] | _venue_schema(venues)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "A paper of the reading list (the front matter of papers/<slug>.md)",
        "type": "object",
        "required": [field.name for field in FIELDS if field.required],
        "additionalProperties": False,
        "properties": properties,
    }


def _venue_schema(venues: tuple[VenueSeries, ...]) -> dict[str, object]:
    """A venue as the checker reads it: a series by any name in any case, then its year
    (required but for preprints), then a note in parentheses or after a comma."""
    needing = [series for series in venues if series.needs_year]
    preprints = [series for series in venues if not series.needs_year]
    year, note = rf"\s+{YEAR_PATTERN}", r"(?:\s*\(.*\)|\s*,.*)?"
    return {"pattern": f"^(?:(?:{_any_name(needing)}){year}|(?:{_any_name(preprints)})(?:{year})?)"
                       f"{note}$",
            "examples": [f"{series.short} 2024" for series in needing]
            + [series.short for series in preprints]}


def _any_name(vocabulary: list[VenueSeries]) -> str:
    """An ECMAScript pattern (what JSON Schema uses) of every name of the series, in any
    case; one that matches nothing when there are none."""
    names = sorted({name for series in vocabulary for name in names_of(series)}, key=str.casefold)
    return "|".join("".join(map(_any_case, name)) for name in names) or "(?!)"


def _any_case(char: str) -> str:
    """A character as an ECMAScript pattern that matches it in either case."""
    if char.lower() != char.upper() and len(char.lower()) == len(char.upper()) == 1:
        return f"[{char.lower()}{char.upper()}]"
    return "\\" + char if char in _ECMA_SPECIAL else char


def _unconvertible_math(source: PaperSource, values: dict[str, object]) -> list[Problem]:
    """A warning for each formula of the title, abstract or notes that the site cannot show
    as math (it shows it as written)."""
    found = [(source.entries[name].line, name, raw) for name in ("title", "abstract")
             if isinstance(values.get(name), str)
             for raw in formulas.unconvertible(str(values[name]))]
    found += [(source.body_line + line - 1, "notes", raw)
              for line, raw in unconvertible_in_notes(source.notes)]
    return [Problem(source.path, line, f"'{name}': {raw} is not math the site can show (it "
                                       "shows it as written): check its LaTeX", warning=True)
            for line, name, raw in found]


def validate_paper(source: PaperSource, tags: dict[str, Tag] | None,
                   venues: VenueLookup | None,
                   ) -> tuple[Paper | None, list[Problem]]:
    """Check one paper's file name and fields; the paper is None when any error was found.
    A vocabulary that cannot be read is None: see Context."""
    path, slug, problems = source.path, source.path.stem, []
    if not SLUG.fullmatch(slug) or slug in RESERVED_SLUGS:
        from slugify import slugify  # loaded only when a file name needs the advice

        problems.append(Problem(path, 1, f"file name '{path.name}' is not a slug: use lowercase "
                                         "letters, digits and hyphens, like "
                                         f"'{slugify(slug) or 'paper-title'}.md'"))
    problems += _unknown_fields(source)
    values: dict[str, object] = {}
    for field in FIELDS:
        entry = source.entries.get(field.name)
        if entry is not None and entry.node is not None:
            context = Context(path, entry.key, entry.line, entry.offset, problems, tags,
                              entry.lines, venues)
            values[field.name] = field.rule(entry.node, context)
        elif entry is None and field.required:
            problems.append(Problem(path, 1, f"'{field.name}': missing; expected {field.help}"))
        elif entry is None and field.recommended:
            problems.append(Problem(path, 1, f"'{field.name}': missing; recommended, as "
                                             f"readers and search use {field.help}", warning=True))
    problems += _venue_before_date(values, source)
    notes = source.notes
    problems += removal_warning(path, source.body_line, notes, "notes")
    problems += _unconvertible_math(source, values)
    # What YAML gave only in part was reported when the file was split: it is never used.
    if not source.complete or any(not problem.warning for problem in problems):
        return None, problems
    lines = {key: entry.line for key, entry in source.entries.items()} | {"notes": source.body_line}
    # Without an error, every rule gave its value, of its type: what _PaperFields says.
    present = cast(_PaperFields, {key: value for key, value in values.items() if value is not None})
    return Paper(slug=slug, path=path, notes=notes, lines=lines, **present), problems


def _venue_before_date(values: Mapping[str, object], source: PaperSource) -> list[Problem]:
    """A warning when the venue's year is before the date's: the date is the first public
    version, which a paper's venue cannot precede."""
    venue, date = values.get("venue"), values.get("date")
    if not (isinstance(venue, Venue) and isinstance(date, PartialDate)
            and venue.year is not None and venue.year < date.year):
        return []
    return [Problem(source.path, source.entries["venue"].line,
                    f"'venue': '{venue}' is earlier than the date {date}, the first public "
                    "version: is one of them wrong?", warning=True)]


class _PaperFields(TypedDict, total=False):
    """The values of a valid paper's fields, as their rules give them."""

    title: Required[str]
    authors: Required[tuple[str, ...]]
    date: Required[PartialDate]
    venue: Venue
    organization: str
    arxiv: str
    doi: str
    links: tuple[tuple[str, str], ...]
    tags: Required[tuple[str, ...]]
    added: PartialDate
    abstract: str


def _unknown_fields(source: PaperSource) -> list[Problem]:
    if _FIELD_SET.issuperset(source.entries):
        return []
    return [Problem(source.path, entry.line,
                    f"'{key}': unknown field{did_you_mean(key, FIELD_NAMES) or _known_fields()}")
            for key, entry in source.entries.items() if key not in _FIELD_SET]


def _known_fields() -> str:
    return f"; the fields are {', '.join(FIELD_NAMES)}"
