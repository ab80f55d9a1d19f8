"""The curator's own pages: Markdown files in papers/pages/ (an About page, how papers are
chosen, a guide for newcomers).

Each is front matter (`title`, and `order`, the page's place in the navigation, after the
site's sections: lower first, then by title) and Markdown, rendered and sanitised as a
paper's notes are. A link to a paper's file (`../attention.md` from the page, or
`papers/attention.md` from the repository's root) or to another page's file becomes a link
to its page; a link to a Markdown file that is neither is a problem at its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

import yaml

from generator import urls
from generator.model import CuratorPage, Problem
from generator.notes import removal_warning
from generator.paperfile import read_paper_file

FOLDER = "pages"  # in the papers folder
PATHS_FOLDER = "paths"  # the reading paths' (see paths.py)
PATHS_TITLE = "Reading paths"
FIELDS = ("title", "order")
# A Markdown link's target that is a Markdown file: inline `](x.md#part "title")`, or a
# reference definition `[name]: x.md`. Group 1 is the file, group 2 the part.
_LINK = re.compile(r"(?:\]\(\s*<?|^[ \t]*\[[^\]\n]+\]:[ \t]*<?)"
                   r"((?![a-z][a-z0-9+.-]*:)[^\s()<>#]+\.md)(#[^\s()<>]*)?", re.MULTILINE)


def load_pages(paths: Iterable[Path], folder: Path,
               ) -> tuple[tuple[CuratorPage, ...], list[Problem]]:
    """The pages of the files, in navigation order, and the problems of their front matter."""
    pages, problems = [], []
    for path in paths:
        page, found = _read_page(path, folder)
        problems += found
        pages += [page] if page else []
    return tuple(sorted(pages, key=lambda page: (page.order, page.title, page.slug))), problems


def _read_page(path: Path, folder: Path) -> tuple[CuratorPage | None, list[Problem]]:
    source, problems = read_paper_file(path)
    if source is None:
        return None, problems
    values: dict[str, object] = {}
    for key, entry in source.entries.items():
        value = entry.node.value if isinstance(entry.node, yaml.ScalarNode) else None
        if key not in FIELDS:
            problems.append(Problem(path, entry.line, f"'{key}': not a field of a page; a "
                                                      f"page has {' and '.join(FIELDS)}"))
        elif key == "title" and isinstance(value, str) and value.strip():
            values[key] = value.strip()
        elif key == "order" and isinstance(value, str) and re.fullmatch(r"-?\d+", value):
            values[key] = int(value)
        else:
            expected = "a line of text" if key == "title" else "a whole number"
            problems.append(Problem(path, entry.line, f"'{key}': expected {expected}"))
    if "title" not in values and "title" not in source.entries:
        problems.append(Problem(path, 1, "'title': missing; a page needs the title its "
                                         "navigation link and heading show"))
    if problems:
        return None, problems
    return CuratorPage(slug=path.stem, path=path, title=str(values["title"]),
                       order=int(str(values.get("order", 0))), body=source.notes,
                       body_line=source.body_line), removal_warning(
        path, source.body_line, source.notes, "page")


def link_problems(page: CuratorPage, folder: Path, files: set[str]) -> list[Problem]:
    """A problem for each link of the page to a Markdown file that is no paper's or page's
    (files: the papers folder's Markdown files, `x.md` and `pages/y.md`)."""
    return [Problem(page.path, page.body_line + page.body[:match.start()].count("\n"),
                    f"link to '{match[1]}': no paper or page has this file; link a paper by "
                    "its file, as '../slug.md' from a page")
            for match in _LINK.finditer(page.body) if _file(match[1], page, folder) not in files]


def linked(page: CuratorPage, folder: Path, address: Callable[[str], str | None]) -> str:
    """The page's Markdown with each link to a paper's or page's file made a link to its
    page (address: a file's page address, relative to this page, or None)."""
    def replace(match: re.Match[str]) -> str:
        target = address(_file(match[1], page, folder))
        if target is None:
            return match[0]
        return match[0][:match.start(1) - match.start(0)] + target + (match[2] or "")
    return _LINK.sub(replace, page.body)


def _file(target: str, page: CuratorPage, folder: Path) -> str:
    """A link's file as a path in the papers folder ('x.md', 'pages/y.md'), or the link as
    written when it leads outside it."""
    root = PurePosixPath(folder.name)
    written = PurePosixPath(target)
    # From the repository's root (papers/x.md), else from the page's folder.
    resolved = written if written.parts[:1] == root.parts else root / FOLDER / written
    parts: list[str] = []
    for part in resolved.parts:
        if part == "..":
            if not parts:
                return target
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts[1:]) if parts[:1] == [root.name] else target


def page_file(page: CuratorPage) -> str:
    """A page's file in the papers folder: 'pages/about.md'."""
    return f"{FOLDER}/{page.path.name}"


def navigation(folder: Path) -> list[tuple[str, str]]:
    """What the site's navigation lists after its sections (title, address): the reading
    paths' page if the list has paths, then each page that reads, in navigation order (a
    page that does not read is reported by the check, and left out here)."""
    paths = [(PATHS_TITLE, urls.PATHS)] if any((folder / PATHS_FOLDER).glob("*.md")) else []
    files = sorted((folder / FOLDER).glob("*.md")) if (folder / FOLDER).is_dir() else []
    pages, _ = load_pages(files, folder)
    return paths + [(page.title, urls.curator_page(page.slug)) for page in pages]
