"""The canonical form of a paper file: how `papers fmt`, `add` and `import` write one.

Known fields in a fixed order, text quoted only where YAML would misread it, the venue as
`ICLR 2023 (oral)`, authors one per line, tags on one line, links in a fixed order, the
abstract folded at 88 columns, and the notes after a blank line, byte for byte.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from generator.fields import FIELD_NAMES, SCHEMA_FILE, validate_paper
from generator.model import LINK_KINDS, Paper, PartialDate, Problem, Tag
from generator.paperfile import FENCE, Comment, PaperSource, front_matter_comments, split_paper
from generator.venues import VenueLookup

SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"
WIDTH = 88


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key; everything else as PyYAML quotes it safely."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


class _OneLine(list[str]):
    pass


class _Folded(str):
    pass


def _date(dumper: yaml.SafeDumper, date: PartialDate) -> yaml.ScalarNode:
    # Written unquoted: 2020-04-26 (a YAML date), 2020-04 (text) or 2020 (a number); the
    # checker reads dates from their text, so all three read back as written.
    kind = "timestamp" if date.day else "str" if date.month else "int"
    return dumper.represent_scalar(f"tag:yaml.org,2002:{kind}", str(date))


def _text(dumper: yaml.SafeDumper, text: str, style: str | None = None) -> yaml.ScalarNode:
    # PyYAML escapes the line breaks U+0085, U+2028 and U+2029 only in double quotes; written
    # raw, U+0085 reads back as a line feed, and a folded line after U+2028 loses a space.
    if any(char in text for char in "\x85\u2028\u2029"):
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(text), style=style)


def _folded(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return _text(dumper, text, ">" if len(text) > WIDTH or "\n" in text else None)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(PartialDate, _date)
_Dumper.add_representer(_Folded, _folded)
_Dumper.add_representer(_OneLine, lambda dumper, data: dumper.represent_sequence(
    "tag:yaml.org,2002:seq", data, flow_style=True))


def paper_text(fields: Mapping[str, object], notes: str = "",
               comments: Sequence[Comment] = ()) -> str:
    """A paper file in canonical form: the known fields in order, each after the comments that
    stood before it, then the notes."""
    ordered = {name: fields[name] for name in FIELD_NAMES if name in fields and name != "abstract"}
    tags, links = ordered.get("tags"), ordered.get("links")
    if isinstance(tags, list):
        ordered["tags"] = _OneLine(tags)
    if isinstance(links, dict):
        ordered["links"] = {kind: links[kind] for kind in LINK_KINDS if kind in links}
    front = _dump(ordered, width=1 << 16)
    if "abstract" in fields:
        front += _dump({"abstract": _Folded(fields["abstract"])}, width=WIDTH)
    body = f"\n{notes}\n" if notes else ""
    return f"{FENCE}\n{SCHEMA_LINE}\n{_with_comments(front, comments)}{FENCE}\n{body}"


def _with_comments(front: str, comments: Sequence[Comment]) -> str:
    """Front matter with each comment line put back before its field ('' at the end)."""
    placed: dict[str, list[str]] = defaultdict(list)
    for comment in comments:
        if comment.before is not None and comment.text != SCHEMA_LINE:
            placed[comment.before].append(comment.text + "\n")
    lines = []
    for line in front.splitlines(keepends=True):
        if not line[:1].isspace():  # a field's first line: nothing else starts at column 0
            lines += placed.pop(line.split(":", 1)[0], [])
        lines.append(line)
    return "".join(lines + [text for texts in placed.values() for text in texts])


def _dump(data: dict[str, object], width: int) -> str:
    if not data:
        return ""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=width)
    # A text kept with its trailing blank lines (`>+`) makes PyYAML end the document with a
    # '...' line, which would end the front matter early; the closing '---' ends it as well.
    return text.removesuffix("...\n") if text.endswith("\n...\n") else text


def canonical_text(source: PaperSource, paper: Paper) -> tuple[str, list[Problem]]:
    """A valid paper file rewritten in canonical form, each value exactly as written, and the
    comments it cannot keep where they stand (with any, the text must not be written)."""
    fields = written_fields(source, paper)
    comments = front_matter_comments(source)
    stray = [Problem(source.path, comment.line, "papers fmt cannot keep this comment where it "
                     "stands (after a value, or inside one): move it to a line of its own between "
                     "fields, or into the notes; the file is left as it is")
             for comment in comments if comment.before is None]
    return paper_text(fields, paper.notes, comments), stray


def written_fields(source: PaperSource, paper: Paper) -> dict[str, object]:
    """A valid paper file's fields as its canonical form writes them: each value as written,
    the dates and the venue in their one written form."""
    fields = {key: _plain(entry.node) for key, entry in source.entries.items()
              if entry.node is not None}
    fields["date"] = paper.date
    if paper.venue:  # in its one written form: short name, year, note in parentheses
        fields["venue"] = str(paper.venue)
    if paper.added:
        fields["added"] = paper.added
    return fields


def reads_back_as(text: str, paper: Paper, tags: dict[str, Tag],
                  venues: VenueLookup) -> bool:
    """Whether text, read as a paper file, gives exactly that paper, notes included."""
    source, problems = split_paper(paper.path, text)
    # Warnings (a missing abstract) are the paper's own: validate_paper gives no paper on an error.
    again, _ = validate_paper(source, tags, venues) if source else (None, [])
    return not problems and again == paper


def _plain(node: yaml.Node) -> object:
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(key.value): _plain(value) for key, value in node.value}
    return node.value


def line_break(text: str) -> str:
    """The line break a file's first line ends with, which papers fmt writes it with (as Black
    and Ruff do): CRLF from an editor on Windows stays, and git stores LF (.gitattributes)."""
    end = text.find("\n")
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def write_new_file(path: Path, text: str) -> bool:
    """Create a file with text; False, and nothing written, if the path already exists."""
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        return False
    return True
