"""A reading list folder: its tag vocabulary and every paper file, checked alone and together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.fields import (RESERVED_SLUGS, SCHEMA_FILE, SLUG, Context, describe, one_line, text_list,
                              validate_paper)
from generator.identity import doi_key, title_key
from generator.model import Paper, Problem, Tag
from generator.paperfile import compose_mapping, read_paper_file, read_text

TAGS_FILE = "tags.yml"
AUTHORS_FILE = "authors.yml"
LIST_FILES = (TAGS_FILE, AUTHORS_FILE, SCHEMA_FILE)
_TAG_KEYS = ("name", "description", "aliases")


@dataclass(frozen=True)
class ReadingList:
    """Every valid paper of a folder, its tag vocabulary, and all problems found on the way."""

    folder: Path
    papers: tuple[Paper, ...]
    tags: tuple[Tag, ...]
    problems: tuple[Problem, ...]


def load_list(folder: Path) -> ReadingList:
    """Read and check the vocabulary and every paper of a folder; never raises on bad data."""
    tags, problems = load_vocabulary(folder / TAGS_FILE)
    lookup = tag_lookup(tags)
    papers = []
    for path in sorted(folder.rglob("*")):
        if not _is_listed_file(path, folder, problems):
            continue
        source, found = read_paper_file(path)
        problems += found
        if source is not None:
            paper, found = validate_paper(source, lookup)
            problems += found
            papers += [paper] if paper else []
    problems += duplicate_problems(papers)
    return ReadingList(folder, tuple(papers), tags, tuple(sorted(problems, key=_position)))


def _is_listed_file(path: Path, folder: Path, problems: list[Problem]) -> bool:
    """Whether a path is a paper file; anything else that could hide a paper is reported."""
    relative = path.relative_to(folder)
    if any(part.startswith(".") for part in relative.parts) or path.is_dir():
        return False
    if path.suffix == ".md" and len(relative.parts) == 1:
        return True
    if relative.as_posix() not in LIST_FILES:
        problems.append(Problem(path, 1, f"not a paper file: papers are .md files directly in "
                                         f"{folder.name}/"))
    return False


def _position(problem: Problem) -> tuple[str, int]:
    return (str(problem.path), problem.line)


def tag_lookup(tags: tuple[Tag, ...]) -> dict[str, Tag]:
    """Each tag under its slug and under each of its aliases."""
    return {name: tag for tag in tags for name in (tag.slug, *tag.aliases)}


def load_vocabulary(path: Path) -> tuple[tuple[Tag, ...], list[Problem]]:
    """Read tags.yml: a mapping of tag slugs to their name, description and aliases."""
    if not path.is_file():
        return (), [Problem(path, 1, "the tag vocabulary is missing: create it with one entry "
                                     "per tag (slug: {name: ..., description: ...})")]
    content, problem = read_text(path)
    if problem:
        return (), [problem]
    entries, problems = compose_mapping(content, path, first_line=1)
    entries = entries or {}
    tags = [tag for entry in entries.values() if entry.node and (tag := _tag(entry, path, problems))]
    problems += _alias_clashes(tags, path, entries)
    return tuple(tags), problems


def _tag(entry, path: Path, problems: list[Problem]) -> Tag | None:
    if not SLUG.fullmatch(entry.key) or entry.key in RESERVED_SLUGS:
        problems.append(Problem(path, entry.line, f"'{entry.key}': a tag is a slug: lowercase "
                                                  "letters, digits and hyphens"))
        return None
    if not isinstance(entry.node, yaml.MappingNode):
        problems.append(Problem(path, entry.line, f"'{entry.key}': expected name, description "
                                                  f"and aliases, got {describe(entry.node)}"))
        return None
    before = len(problems)
    fields = {}
    for key_node, value in entry.node.value:
        ctx = Context(path, f"{entry.key}.{key_node.value}", key_node.start_mark.line + entry.offset,
                      entry.offset, problems, {})
        if key_node.value not in _TAG_KEYS:
            ctx.report(f"unknown key; a tag has {', '.join(_TAG_KEYS)}")
        else:
            fields[key_node.value] = (text_list if key_node.value == "aliases" else one_line)(value, ctx)
    for key in _TAG_KEYS[:2]:
        if key not in fields:
            problems.append(Problem(path, entry.line, f"'{entry.key}': missing '{key}'"))
    if len(problems) > before:
        return None
    return Tag(entry.key, fields["name"], fields["description"], fields.get("aliases", ()))


def _alias_clashes(tags: list[Tag], path: Path, entries) -> list[Problem]:
    owner: dict[str, str] = {}
    problems = []
    for tag in tags:
        for name in (tag.slug, *tag.aliases):
            if name in owner and owner[name] != tag.slug:
                problems.append(Problem(path, entries[tag.slug].line, f"'{tag.slug}': '{name}' "
                                        f"already names the tag '{owner[name]}'"))
            owner.setdefault(name, tag.slug)
    return problems


def duplicate_problems(papers: list[Paper]) -> list[Problem]:
    """Two files for one paper (same arXiv id, DOI or normalised title), reported on both."""
    keys = (("arxiv", "arXiv id", lambda p: p.arxiv), ("doi", "DOI", lambda p: doi_key(p.doi)),
            ("title", "title", lambda p: title_key(p.title)))
    problems, reported = [], set()
    for field, label, key_of in keys:
        first: dict[str, Paper] = {}
        for paper in papers:
            key = key_of(paper)
            other = first.setdefault(key, paper) if key else paper
            if other is not paper and (other.path, paper.path) not in reported:
                reported.add((other.path, paper.path))
                for one, two in ((other, paper), (paper, other)):
                    problems.append(Problem(one.path, one.line_of(field), f"'{field}': same paper "
                                            f"as {{other}} (same {label})", other=two.path))
    return problems
