"""`papers fmt`: one canonical form, no value or byte of the notes changed, idempotent."""

from __future__ import annotations

import datetime
import json
import shutil

import jsonschema
import pytest
import yaml
from conftest import LIVE_LIST, VALID, papers, run, write_paper

from generator.canonical import canonical_text, reads_back_as
from generator.load import load_list, tag_lookup
from generator.paperfile import read_paper_file
from generator.venues import VenueLookup

MESSY = """\
abstract: "First paragraph, long enough to be folded across lines when it is written out by the formatter.\\n\\nSecond paragraph."
tags:
- ir
- vision
links: {project: 'https://example.org/p', code: "https://github.com/x/y"}
arxiv: "2004.12297v2"
doi: https://doi.org/10.1145/ABC
date: '2020-04'
authors: [José García, 'Ada Lovelace']
title: "Beyond 512 Tokens: Siamese"
"""

NOTES = "\n\n  indented first line\ntrailing spaces kept  \n---\n\n```\n  code\n```"

CANONICAL = """\
---
# yaml-language-server: $schema=paper.schema.json
title: 'Beyond 512 Tokens: Siamese'
authors:
  - José García
  - Ada Lovelace
date: 2020-04
arxiv: 2004.12297v2
doi: https://doi.org/10.1145/ABC
links:
  code: https://github.com/x/y
  project: https://example.org/p
tags: [ir, vision]
abstract: >-
  First paragraph, long enough to be folded across lines when it is written out by the formatter.


  Second paragraph.
---

  indented first line
trailing spaces kept  
---

```
  code
```
"""


def test_fmt_writes_the_canonical_form_keeping_every_value_and_the_notes(folder):
    path = write_paper(folder, "p.md", MESSY, NOTES)
    result = run("papers", "fmt", "papers/p.md", cwd=folder.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "formatted: papers/p.md\n"
    assert path.read_text(encoding="utf-8") == CANONICAL


def test_fmt_twice_changes_nothing(folder):
    path = write_paper(folder, "p.md", MESSY, NOTES)
    papers("fmt", cwd=folder.parent)
    first = path.read_bytes()
    again = papers("fmt", cwd=folder.parent)
    assert again.returncode == 0 and again.stdout == ""
    assert path.read_bytes() == first


def test_fmt_check_lists_unformatted_files_and_changes_nothing(folder):
    path = write_paper(folder, "p.md", MESSY)
    before = path.read_bytes()
    result = papers("fmt", "--check", cwd=folder.parent)
    assert result.returncode == 1
    assert result.stdout == "not formatted: papers/p.md\nnot formatted: papers/paper.schema.json\n"
    assert path.read_bytes() == before
    assert not (folder / "paper.schema.json").exists()


def test_fmt_leaves_a_broken_file_alone_and_says_why(folder):
    path = write_paper(folder, "p.md", VALID.replace("date: 2020-01-02", "date: 2020-02-30"))
    before = path.read_bytes()
    result = papers("fmt", cwd=folder.parent)
    assert result.returncode == 1
    assert "papers/p.md:4: 'date': '2020-02-30' is not a real date" in result.stderr
    assert path.read_bytes() == before


def test_fmt_leaves_a_file_with_a_refused_value_alone_without_a_traceback(folder):
    path = write_paper(folder, "p.md", VALID.replace("An abstract.", "!!python/object:os.system ls"))
    before = path.read_bytes()
    result = papers("fmt", cwd=folder.parent)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "papers/p.md:6: 'abstract': YAML tag !!python/object:os.system is not allowed" in result.stderr
    assert path.read_bytes() == before


def test_fmt_formats_a_paper_without_an_abstract(folder):
    path = write_paper(folder, "p.md", "title: '0'\nauthors: ['0']\ntags: [ir]\ndate: 2000\n")
    result = papers("fmt", "papers/p.md", cwd=folder.parent)
    assert (result.returncode, result.stdout) == (0, "formatted: papers/p.md\n")
    assert path.read_text(encoding="utf-8") == (
        "---\n# yaml-language-server: $schema=paper.schema.json\ntitle: '0'\n"
        "authors:\n  - '0'\ndate: 2000\ntags: [ir]\n---\n")


def formatted(folder, text: str) -> str:
    """The text of a paper file as `papers fmt` writes it, checked to read back as the same paper."""
    path = folder / "p.md"
    path.write_text(text, encoding="utf-8")
    reading_list = load_list(folder)
    [paper] = reading_list.papers
    text, _ = canonical_text(read_paper_file(path)[0], paper)
    assert reads_back_as(text, paper, tag_lookup(reading_list.tags),
                         VenueLookup(reading_list.venues))
    return text


@pytest.mark.parametrize("line", [
    'title: "A Valid\\N"',  # U+0085, NEXT LINE: YAML reads it back as a line feed unless escaped
    'abstract: "An\\Nabstract."',
    # U+2028, LINE SEPARATOR, then a space: folded, the line after it lost the space
    'abstract: "An\\L abstract, long enough to be folded across lines when it is written out by the '
    'formatter and more."',
    'abstract: "An abstract.\\n\\n"',  # kept with `>+`: PyYAML ends the document with '...'
])
def test_fmt_keeps_odd_line_breaks_and_a_last_blank_line_and_formats_once(folder, line):
    name = line.split(":")[0]
    lines = [line if old.startswith(f"{name}:") else old for old in VALID.splitlines()]
    once = formatted(folder, "---\n" + "\n".join(lines) + "\n---\n")
    assert formatted(folder, once) == once


@pytest.mark.live_list
def test_the_committed_list_is_formatted(live_list, tmp_path):
    shutil.copytree(live_list, tmp_path / "papers")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n")
    result = papers("fmt", "--check", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


# The JSON Schema: made from the checker's rules, so it agrees with the checker.

def front_matter(text: str) -> dict:
    """Front matter as an editor's YAML reads it: dates stay text."""
    data = yaml.safe_load(text.split("---\n")[1])
    return {key: value.isoformat() if isinstance(value, datetime.date) else value
            for key, value in data.items()}


@pytest.fixture(scope="module")
def schema():
    return json.loads((LIVE_LIST / "paper.schema.json").read_text(encoding="utf-8"))


@pytest.mark.live_list
def test_schema_accepts_every_paper_of_the_list(live_list):
    schema = json.loads((live_list / "paper.schema.json").read_text(encoding="utf-8"))
    for path in sorted(live_list.glob("*.md")):
        jsonschema.validate(front_matter(path.read_text(encoding="utf-8")), schema)


@pytest.mark.parametrize("change", [
    {"tittle": "typo"}, {"title": ""}, {"title": 1984}, {"authors": "Ada"}, {"authors": []},
    {"date": "March 2024"}, {"date": "2024-1-5"}, {"tags": ["no-such-tag"]}, {"tags": []},
    {"arxiv": 1706.03762}, {"arxiv": "17.06"}, {"doi": "11.1/x"}, {"venue": False},
    {"links": {"code": "javascript:alert(1)"}}, {"links": {"repo": "https://x.org"}},
    {"added": "2024-05"},
])
def test_schema_rejects_what_the_checker_rejects(schema, change):
    paper = front_matter((LIVE_LIST / "pointer-networks.md").read_text(encoding="utf-8")) | change
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(paper, schema)


def test_written_files_point_editors_at_the_schema(folder):
    path = write_paper(folder, "p.md", VALID)
    papers("fmt", cwd=folder.parent)
    assert path.read_text(encoding="utf-8").splitlines()[1] == (
        "# yaml-language-server: $schema=paper.schema.json")
    schema = json.loads((folder / "paper.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["tags"]["items"]["enum"] == ["ir", "retrieval", "vision"]


def test_fmt_never_writes_a_file_with_a_key_given_twice(folder):
    path = write_paper(folder, "p.md", VALID + "title: Another Title\n")
    before = path.read_bytes()
    result = papers("fmt", cwd=folder.parent)
    assert result.returncode == 1
    assert "papers/p.md:7: 'title': given twice" in result.stderr
    assert path.read_bytes() == before


# Line endings: fmt writes a file with the line break its first line ends with, as Black and
# Ruff do. A file saved with CRLF by an editor on Windows is formatted when its text is (git
# stores it with LF: .gitattributes); only a file that mixes the two is rewritten for them.

def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode()


def test_fmt_check_finds_a_formatted_file_saved_with_crlf_formatted(folder):
    path = folder / "p.md"
    path.write_bytes(crlf(CANONICAL))
    result = papers("fmt", "--check", "papers/p.md", cwd=folder.parent)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_fmt_writes_a_crlf_file_in_canonical_form_with_crlf(folder):
    path = folder / "p.md"
    path.write_bytes(crlf(f"---\n{MESSY}---\n{NOTES}"))
    result = papers("fmt", "papers/p.md", cwd=folder.parent)
    assert (result.returncode, result.stdout) == (0, "formatted: papers/p.md\n")
    assert path.read_bytes() == crlf(CANONICAL)
    again = papers("fmt", "--check", "papers/p.md", cwd=folder.parent)
    assert (again.returncode, again.stdout) == (0, "")


def test_fmt_gives_every_line_of_a_file_the_line_break_of_its_first(folder):
    path = folder / "p.md"
    path.write_bytes(b"---\n" + crlf(VALID) + b"---\n\nline one\r\nline two\r\n")
    assert papers("fmt", "--check", "papers/p.md", cwd=folder.parent).returncode == 1
    assert papers("fmt", "papers/p.md", cwd=folder.parent).returncode == 0
    assert path.read_bytes().endswith(b"abstract: An abstract.\n---\n\nline one\nline two\n")
    assert b"\r" not in path.read_bytes()


# Comments: YAML drops them when it reads a file; fmt puts back the ones it can place.

def test_fmt_keeps_comments_that_stand_on_lines_of_their_own_before_their_field(folder):
    path = write_paper(folder, "p.md", "# Found through the survey of 2023.\n"
                                       "tags: [vision]\n"
                                       "title: A Valid Paper\n"
                                       "# Ada wrote it alone.\n"
                                       "authors: [Ada Lovelace]\n"
                                       "date: 2020-01-02\n"
                                       "abstract: An abstract.\n"
                                       "# TODO: add the DOI once it is out\n")
    result = papers("fmt", cwd=folder.parent)
    assert result.returncode == 0, result.stderr
    assert path.read_text(encoding="utf-8") == ("---\n# yaml-language-server: $schema=paper.schema.json\n"
                                                 "title: A Valid Paper\n"
                                                 "# Ada wrote it alone.\n"
                                                 "authors:\n  - Ada Lovelace\n"
                                                 "date: 2020-01-02\n"
                                                 "# Found through the survey of 2023.\n"
                                                 "tags: [vision]\n"
                                                 "abstract: An abstract.\n"
                                                 "# TODO: add the DOI once it is out\n"
                                                 "---\n")
    assert papers("fmt", "--check", cwd=folder.parent).returncode == 0


@pytest.mark.parametrize("front_matter, line", [
    (VALID.replace("date: 2020-01-02", "date: 2020-01-02  # of the preprint"), 4),
    (VALID.replace("authors: [Ada Lovelace]", "authors:\n  # the first author\n  - Ada Lovelace"), 4),
], ids=["after-a-value", "inside-a-value"])
def test_fmt_refuses_to_drop_a_comment_it_cannot_place(folder, front_matter, line):
    path = write_paper(folder, "p.md", front_matter)
    before = path.read_bytes()
    for command in (("fmt",), ("fmt", "--check")):
        result = papers(*command, cwd=folder.parent)
        assert result.returncode == 1
        assert result.stderr.startswith(f"papers/p.md:{line}: papers fmt cannot keep this comment "
                                        "where it stands")
    assert path.read_bytes() == before
