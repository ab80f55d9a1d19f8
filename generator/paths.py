"""Reading paths: an order to read papers in, with the curator's word on why each comes
where it does (papers/paths/sparse-autoencoders.md).

A path's file is front matter (`title`, and `steps`: the papers in order, each a `paper`,
by its file name without .md, and `why`) and a short introduction in Markdown. A paper that
is not on the list is a problem at its line, with the paper meant when one is close; a
paper twice is a problem too.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

import yaml

from generator.model import Problem, ReadingPath, Step
from generator.notes import removal_warning
from generator.paperfile import Entry, read_paper_file

FOLDER = "paths"  # in the papers folder
FIELDS = ("title", "steps")
STEP_FIELDS = ("paper", "why")


def load_paths(files: Iterable[Path], slugs: set[str],
               ) -> tuple[tuple[ReadingPath, ...], list[Problem]]:
    """The reading paths of the files, by title, and every problem of them (slugs: the
    list's papers)."""
    paths, problems = [], []
    for file in files:
        path, found = _read_path(file, slugs)
        problems += found
        paths += [path] if path else []
    return tuple(sorted(paths, key=lambda path: (path.title.casefold(), path.slug))), problems


def _read_path(file: Path, slugs: set[str]) -> tuple[ReadingPath | None, list[Problem]]:
    source, problems = read_paper_file(file)
    if source is None:
        return None, problems
    for key, entry in source.entries.items():
        if key not in FIELDS:
            problems.append(Problem(file, entry.line, f"'{key}': not a field of a reading "
                                                      f"path; a path has {' and '.join(FIELDS)}"))
    title = _text(source.entries.get("title"))
    if not title:
        line = source.entries["title"].line if "title" in source.entries else 1
        problems.append(Problem(file, line, "'title': expected a line of text: the path's name"))
    steps = _steps(file, source.entries.get("steps"), slugs, problems)
    if problems:
        return None, problems
    return ReadingPath(slug=file.stem, file=file, title=title, intro=source.notes,
                       intro_line=source.body_line, steps=steps), removal_warning(
        file, source.body_line, source.notes, "introduction")


def _steps(file: Path, entry: Entry | None, slugs: set[str],
           problems: list[Problem]) -> tuple[Step, ...]:
    if entry is None or not isinstance(entry.node, yaml.SequenceNode) or not entry.node.value:
        line = entry.line if entry else 1
        problems.append(Problem(file, line, "'steps': expected the papers in reading order, "
                                            "each as '- paper: slug' with 'why: ...'"))
        return ()
    steps: list[Step] = []
    seen: dict[str, int] = {}  # each paper's step number
    for node in entry.node.value:
        line = node.start_mark.line + entry.offset
        fields = ({_text_of(key): value for key, value in node.value}
                  if isinstance(node, yaml.MappingNode) else {})
        paper, why = _text_of(fields.get("paper")), _text_of(fields.get("why"))
        unknown = sorted(set(fields) - set(STEP_FIELDS))
        if unknown or not paper or not why:
            problems.append(Problem(file, line, "'steps': a step is 'paper: slug' and 'why: "
                                                "...', both given, and nothing else"))
        elif paper.removesuffix(".md") not in slugs:
            problems.append(Problem(file, line, f"'steps': no paper '{paper}' on the list"
                                                f"{_meant(paper.removesuffix('.md'), slugs)}"))
        elif paper.removesuffix(".md") in seen:
            problems.append(Problem(file, line, f"'steps': '{paper}' is step "
                                                f"{seen[paper.removesuffix('.md')]} already"))
        else:
            seen[paper.removesuffix(".md")] = len(steps) + 1
            steps.append(Step(paper.removesuffix(".md"), why, line))
    return tuple(steps)


def _meant(slug: str, slugs: set[str]) -> str:
    close = difflib.get_close_matches(slug, sorted(slugs), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _text(entry: Entry | None) -> str:
    return _text_of(entry.node) if entry else ""


def _text_of(node: yaml.Node | None) -> str:
    """A scalar's text, stripped; '' for anything else."""
    return node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
