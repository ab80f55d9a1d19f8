"""Paper files on disk: front matter split from the notes, its YAML composed with line numbers.

YAML is composed into nodes, never constructed into Python objects: nodes keep each value's
line and its source text, so the checker can tell an unquoted arXiv id (read as a float) or
`no` (read as false) from text, and anchors, aliases and custom tags never get expanded.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import yaml

from generator.model import Problem

FENCE = "---"
_FENCES = (FENCE, "...")  # what ends front matter
MAX_BYTES = 256 * 1024
MAX_DEPTH = 8

# libyaml's loader where PyYAML was built with it (the wheels are), else PyYAML's own.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


@dataclass
class Entry:
    """One `key: value` of a YAML mapping: the value node and the line of its key.

    The node is None when the value was refused (an alias or a custom tag) and reported.
    `lines` are the lines of the YAML text it was composed from, each with its line break
    (its nodes' marks count in them); `offset` turns a mark's line into the file's line
    number.
    """

    key: str
    line: int
    node: yaml.Node | None
    offset: int
    lines: tuple[str, ...] = field(repr=False, compare=False, default=())


@dataclass(frozen=True)
class PaperSource:
    """A paper file split into its front matter entries and the body after it."""

    path: Path
    entries: dict[str, Entry]
    body: str
    body_line: int
    complete: bool  # False when YAML gave only part of it: a key twice, a value refused

    @property
    def notes(self) -> str:
        """The body without the blank lines around it: what `papers fmt` keeps byte for byte."""
        return re.sub(r"\A(?:[ \t]*\r?\n)+", "", self.body).rstrip()


@dataclass(frozen=True)
class Comment:
    """A YAML comment of the front matter, and the field it stands before on lines of its own
    ('' after the last field; None when it shares a line with a value or stands inside one)."""

    line: int
    text: str
    before: str | None


# A '#' at the start of a line or after a space starts a comment, unless it lies in a value.
_COMMENT_START = re.compile(r"(?:^|(?<=\s))#")


def front_matter_comments(source: PaperSource) -> list[Comment]:
    """Every comment of a paper's front matter, in file order."""
    entries = list(source.entries.values())
    if not entries:
        return []
    lines, offset = entries[0].lines, entries[0].offset
    spans = [(node.start_mark, node.end_mark) for node in _scalars(entry.node for entry in entries)]
    comments = []
    for number, line in enumerate(lines):
        start = next((match.start() for match in _COMMENT_START.finditer(line)
                      if not any((a.line, a.column) <= (number, match.start()) < (b.line, b.column)
                                 for a, b in spans)), None)
        if start is not None:
            before = _field_after(entries, number + offset) if start == 0 else None
            comments.append(Comment(number + offset, line[start:].rstrip(), before))
    return comments


def _field_after(entries: list[Entry], line: int) -> str | None:
    """The field a comment on a line of its own stands before, or None if inside a value."""
    for previous, entry in zip([None, *entries], [*entries, None], strict=True):
        if entry is None or entry.line > line:
            inside = (previous and previous.node
                      and line <= _last_line(previous.node) + previous.offset)
            return None if inside else entry.key if entry else ""
    return ""


def _last_line(node: yaml.Node) -> int:
    """The last line (from 0) that holds part of a value. A list's end mark is where the next
    field starts, and a block scalar's is the start of the line after it: neither will do."""
    ends = (scalar.end_mark for scalar in _scalars([node]))
    return max((end.line - (end.column == 0) for end in ends), default=node.start_mark.line)


def _scalars(nodes: Iterable[yaml.Node | None]) -> list[yaml.ScalarNode]:
    found: list[yaml.ScalarNode] = []
    for node in nodes:
        if isinstance(node, yaml.ScalarNode):
            found.append(node)
        elif isinstance(node, yaml.SequenceNode):
            found += _scalars(node.value)
        elif isinstance(node, yaml.MappingNode):
            found += _scalars(item for pair in node.value for item in pair)
    return found


def read_paper_file(path: Path) -> tuple[PaperSource | None, list[Problem]]:
    """Read one paper file; on problems the source is None or holds what could be read."""
    text, problem = read_text(path)
    if problem:
        return None, [problem]
    return split_paper(path, text)


def split_paper(path: Path, text: str) -> tuple[PaperSource | None, list[Problem]]:
    """Split a paper file's text into front matter entries and body."""
    first = _after_fence(text, 0) if text.startswith(FENCE) else None
    if first is None:
        return None, [Problem(path, 1, "missing front matter: a paper file starts with a "
                                       "'---' line, then its fields, then another '---' line")]
    closing = _closing_fence(text, first)
    if closing is None:
        return None, [Problem(path, 1, "front matter is not closed: add a '---' line after "
                                       "the last field")]
    front = text[first:closing[0]]
    lines = tuple(front.splitlines(keepends=True))
    entries, problems = compose_mapping(front, path, first_line=2, lines=lines)
    if entries is None:
        return None, problems
    return PaperSource(path, entries, text[closing[1]:], len(lines) + 3, not problems), problems


# Where str.splitlines ends a line: lines are counted as it counts them, and a fence is a
# line that is '---' (or '...', to close) once str.rstrip has taken the spaces after it.
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def _closing_fence(text: str, start: int) -> tuple[int, int] | None:
    """Where the first fence line at or after start begins, and where the line after it
    does; None if there is none."""
    found = None
    for fence in _FENCES:
        at = text.find(fence, start)
        while at != -1 and (found is None or at < found[0]):
            after = _after_fence(text, at) if at == 0 or text[at - 1] in _BREAKS else None
            if after is not None:
                found = (at, after)
                break
            at = text.find(fence, at + 1)
    return found


def _after_fence(text: str, at: int) -> int | None:
    """Where the next line begins, if the line at `at` is a fence (its three characters,
    then only spaces); else None."""
    end = at + len(FENCE)
    while end < len(text) and text[end] not in _BREAKS:
        if not text[end].isspace():
            return None
        end += 1
    return end + 1 + text.startswith("\r\n", end) if end < len(text) else end


def read_text(path: Path) -> tuple[str, Problem | None]:
    """A file's text with LF line breaks, or the problem that stops it being read as UTF-8
    of reasonable size. A file saved with CRLF (Windows) reads as the same file with LF."""
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        return "", Problem(path, 1, f"file is {len(data):,} bytes; the limit is "
                                    f"{MAX_BYTES:,} (is it really one paper?)")
    # The BOM some editors write is dropped here: utf-8-sig would count error positions after it.
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        bad = data[error.start]
        return "", Problem(path, line, f"file is not UTF-8 text (byte 0x{bad:02x} cannot be "
                                       "decoded): save it as UTF-8")
    return text.replace("\r\n", "\n"), None


def compose_mapping(text: str, path: Path, first_line: int, lines: tuple[str, ...],
                    ) -> tuple[dict[str, Entry] | None, list[Problem]]:
    """Compose YAML text that must be a mapping; report syntax errors, duplicates, aliases.
    `lines` are the text's lines as str.splitlines(keepends=True) gives them.

    The entries are None when the text is not a mapping at all.
    """
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        return None, [_syntax_problem(error, text, path, first_line)]
    except RecursionError:
        return None, [Problem(path, first_line, "YAML is nested too deeply")]
    if root is None:
        return {}, []
    if not isinstance(root, yaml.MappingNode):
        what = "a list" if isinstance(root, yaml.SequenceNode) else f"'{root.value}'"
        return None, [Problem(path, root.start_mark.line + first_line,
                              f"expected fields as 'key: value' lines, got {what}")]
    return _entries(root, path, first_line, text, lines)


def _entries(root: yaml.MappingNode, path: Path, first_line: int, text: str,
             lines: tuple[str, ...]) -> tuple[dict[str, Entry], list[Problem]]:
    entries: dict[str, Entry] = {}
    problems: list[Problem] = []
    seen: set[int] = set()
    # Without these characters, no value has an anchor, alias or tag: a text value (most of
    # them) is plain data as it is, and is not walked.
    marked = "&" in text or "*" in text or "!" in text
    for key_node, value in root.value:
        line = key_node.start_mark.line + first_line
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
        if key in entries:
            problems.append(Problem(path, line, f"'{key}': given twice (first at line "
                                                f"{entries[key].line}); YAML would silently "
                                                "keep only the last value"))
            continue
        plain = not marked and type(value) is yaml.ScalarNode and value.tag in _PLAIN_TAGS
        unsafe = "" if plain else _unsafe_yaml(value, seen)
        if unsafe:
            problems.append(Problem(path, line, f"'{key}': {unsafe}"))
        entries[key] = Entry(key, line, None if unsafe else value, first_line, lines)
    return entries, problems


def _unsafe_yaml(node: yaml.Node, seen: set[int], depth: int = 0) -> str:
    """Why a value cannot be taken as plain data (an alias, a custom tag, deep nesting), or ''."""
    if depth > MAX_DEPTH:
        return f"nested more than {MAX_DEPTH} levels deep"
    if id(node) in seen:
        return "YAML anchors and aliases (&name, *name) are not allowed: write the value out"
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        return f"YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed"
    if isinstance(node, yaml.ScalarNode):
        return ""
    for item in node.value if isinstance(node, yaml.SequenceNode) else chain(*node.value):
        # A plain scalar, seen here and not again, saves a call (a list of authors: 7 of them).
        if (type(item) is yaml.ScalarNode and item.tag in _PLAIN_TAGS and id(item) not in seen
                and depth < MAX_DEPTH):
            seen.add(id(item))
        elif reason := _unsafe_yaml(item, seen, depth + 1):
            return reason
    return ""


def _syntax_problem(error: yaml.YAMLError, text: str, path: Path, first_line: int) -> Problem:
    if isinstance(error, yaml.MarkedYAMLError):
        line, message = _syntax_message(error, text.splitlines())
        return Problem(path, line + first_line, f"YAML syntax error: {message}")
    if isinstance(error, yaml.reader.ReaderError):
        # Not error.position: the C loader counts it in bytes. The character is where it first
        # occurs, as the reader stops at the first character it cannot read.
        line = text[: max(text.find(chr(error.character)), 0)].count("\n") + first_line
        return Problem(path, line, f"YAML cannot read character #x{error.character:04x}: "
                                   "control characters are not allowed")
    return Problem(path, first_line, f"YAML error: {error}")


_OPENERS = {"flow sequence": ("list", "[", "]"), "flow mapping": ("mapping", "{", "}")}
# A value that starts with a quote, after its `key:` or list dash: the quote, then the rest.
_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+|[^\s'"#][^:#]*:\s+)?(['"])(.*?)\s*$""")


def _syntax_message(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str]:
    """The line (from 0) a syntax error starts at, and what to write instead, in a reader's words.

    YAML notices an unclosed quote or bracket only where the file ends or the next field
    begins: the line that opened it is the one to fix.
    """
    opened, problem = error.context_mark, error.problem_mark
    context, found = error.context or "", error.problem or error.context or ""
    if opened and context == "while scanning a quoted scalar":
        quote = lines[opened.line][opened.column] if opened.line < len(lines) else "'"
        return opened.line, (f"the quote opened here ({quote}) is not closed: end the value "
                             f"with {quote}")
    kind = next((kind for name, kind in _OPENERS.items() if name in context), None)
    if opened and kind and found.startswith("did not find expected"):
        noun, start, end = kind
        return opened.line, (f"the {noun} opened here ('{start}') is not closed: end it with "
                             f"'{end}', or put a value that starts with '{start}' in quotes")
    line = problem.line if problem else 0
    quoted = _QUOTED_VALUE.match(lines[line]) if line < len(lines) else None
    if quoted:
        return line, f"{found} ({_after_closing_quote(*quoted.groups())})"
    if "mapping values are not allowed" in found:
        return line, f"{found} (a value that contains ': ' must be put in quotes)"
    return line, found


def _after_closing_quote(quote: str, rest: str) -> str:
    """The hint for text that follows a quoted value's closing quote."""
    if not rest.endswith(quote):
        return "text follows the closing quote: put the whole value inside the quotes"
    inner = rest[:-1]
    if quote == "'":
        fixed = inner.replace("''", "'").replace("'", "''")
        return f"inside single quotes, write ' as '': '{fixed}'"
    fixed = inner.replace('\\"', '"').replace('"', '\\"')
    return f'inside double quotes, write " as \\": "{fixed}"'
