"""The curator's notes: their Markdown rendered with the site's Markdown extensions, then
sanitised with nh3 to an allow-list, so that no script from a paper file reaches a page.
`papers check` names what the sanitiser removes, from the same rendering.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import urlsplit

import nh3

from generator import formulas
from generator.model import Problem

if TYPE_CHECKING:
    import markdown

# The Markdown extensions of mkdocs.yml, which the plugin checks against these: notes read
# the same here as anywhere on the site. (MkDocs enables toc, tables and fenced_code itself.)
EXTENSIONS: dict[str, dict[str, Any]] = {
    "toc": {"permalink": True},
    "tables": {},
    "fenced_code": {},
    "admonition": {},
    "attr_list": {},
    "footnotes": {},
    "pymdownx.details": {},
    "pymdownx.highlight": {},
    "pymdownx.inlinehilite": {},
    "pymdownx.superfences": {},
}
# The headings the paper page writes around the notes: a note's heading gets another id.
PAGE_HEADINGS = ("abstract", "notes", "cite")
TAGS = nh3.ALLOWED_TAGS
ATTRIBUTES = {"*": {"class", "id", "title", "lang", "dir"}, "a": {"href"},
              "img": {"src", "alt", "width", "height"}, "time": {"datetime"},
              "th": {"align"}, "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Only notes with something HTML-like can lose anything: raw tags, attribute lists, links with
# a scheme. Most notes are plain prose, and `papers check` skips rendering them; most hold
# none of the characters these need ('<', '{', ']'), which `in` finds sooner than a search.
_MAY_HOLD_HTML = re.compile(r"<[A-Za-z!/?]|\{[^}\n]*[=:.#]|\]\(\s*<?[A-Za-z][\w+.-]*:|"
                            r"^\s*\[[^\]\n]+\]:\s*<?[A-Za-z][\w+.-]*:", re.MULTILINE)


class TocToken(TypedDict):
    """A heading and the headings under it, as Python-Markdown's toc extension gives them."""

    level: int
    id: str
    name: str
    children: list[TocToken]


@dataclass(frozen=True)
class RenderedNotes:
    """Notes as the page shows them: sanitised HTML, and their headings for the page's table
    of contents (as Python-Markdown's toc extension gives them)."""

    html: str
    headings: tuple[TocToken, ...]


def _heading_id(value: str, separator: str) -> str:
    from markdown.extensions.toc import slugify

    slug = slugify(value, separator)
    return f"{slug}_1" if slug in PAGE_HEADINGS else slug


@functools.cache
def _markdown() -> markdown.Markdown:
    """The notes' Markdown converter, made when first needed: loading Python-Markdown and
    the extensions takes a tenth of a second, which `papers check` needs only for notes that
    may hold HTML or math."""
    import markdown

    converter = markdown.Markdown(extensions=list(EXTENSIONS), extension_configs=EXTENSIONS | {
        "toc": EXTENSIONS["toc"] | {"slugify": _heading_id}})
    # After code spans (190), which keep their dollars, and before escapes (180), which
    # would take the backslash of \( and \[.
    converter.inlinePatterns.register(_math_pattern(converter), "papershelf-math", 185)
    return converter


# Math in the notes is written into the HTML as a token, after the sanitiser, as its MathML
# (formulas.html). The token's control characters cannot come from a paper file (fields.py
# refuses them), so no note can write one.
_FORMULA = "\x1e{}\x1e"
_FORMULA_TOKEN = re.compile("\x1e(\\d+)\x1e")
_MATH = re.compile(r"\$\$.+?\$\$|\\\(.+?\\\)|\\\[.+?\\\]|\$(?!\s)(?:\\\$|[^$])*?[^\s\\$]\$(?!\d)",
                   re.DOTALL)


def _math_pattern(converter: markdown.Markdown) -> Any:
    from markdown.inlinepatterns import InlineProcessor

    class MathPattern(InlineProcessor):
        """Math as formulas.pieces reads it, left as a token that _formulas fills in."""

        # InlineProcessor changes the signature of Pattern's, as its own stubs say.
        def handleMatch(self, match: re.Match[str],  # type: ignore[override]
                        data: str) -> tuple[str | None, int, int]:
            found = formulas.pieces(match[0])
            if len(found) != 1 or not found[0].math:
                return None, match.start(0), match.end(0)
            formulas_seen.append(match[0])
            return _FORMULA.format(len(formulas_seen) - 1), match.start(0), match.end(0)

    formulas_seen: list[str] = []
    converter.papershelf_formulas = formulas_seen  # type: ignore[attr-defined]
    return MathPattern(_MATH.pattern, converter)


def _formulas() -> list[str]:
    """The math of the notes converted last, by token number."""
    seen: list[str] = _markdown().papershelf_formulas  # type: ignore[attr-defined]
    return seen


def unconvertible_in_notes(notes: str) -> list[tuple[int, str]]:
    """The math of the notes (outside code) that cannot be shown as math, with the line of
    the notes it starts on (1 for the first)."""
    if "$" not in notes and "\\" not in notes:
        return []
    _markdown_html(notes)
    bad = [raw for raw in _formulas() if formulas.unconvertible(raw)]
    return [(notes[:notes.find(raw)].count("\n") + 1, raw) for raw in bad]


@functools.cache  # the paper page and the search record both show them
def render_notes(notes: str) -> RenderedNotes:
    """The notes' Markdown as the page shows it, its math as MathML."""
    html = sanitise_html(_markdown_html(notes))
    seen = _formulas()
    html = _FORMULA_TOKEN.sub(lambda token: str(formulas.html(seen[int(token[1])])), html)
    return RenderedNotes(html, tuple(getattr(_markdown(), "toc_tokens", ())))


def _markdown_html(notes: str) -> str:
    converter = _markdown()
    converter.reset()
    _formulas().clear()
    return converter.convert(notes)


def sanitise_html(content: str) -> str:
    """HTML with only the allow-listed tags and attributes, and only http(s) and mailto links."""
    return nh3.clean(content, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel=None)


def removal_warning(path: Path, line: int, markdown: str, part: str) -> list[Problem]:
    """A warning that names what the sanitiser takes out of a file's Markdown (`part`: what
    the file calls it: 'notes', 'page', 'introduction'), if anything."""
    removed = removed_from_notes(markdown)
    return [Problem(path, line, f"{part}: the site removes {', '.join(removed)}; no script, "
                                "event handler, frame or javascript: link from a paper "
                                "reaches a page", warning=True)] if removed else []


def removed_from_notes(notes: str) -> list[str]:
    """What the sanitiser takes out of the rendered notes, e.g. '<script>'."""
    if not ("<" in notes or "{" in notes or "]" in notes) or not _MAY_HOLD_HTML.search(notes):
        return []
    audit = _Audit()
    audit.feed(_markdown_html(notes))
    return sorted(audit.removed)


class _Audit(HTMLParser):
    """Collects the tags, attributes and link schemes the allow-list does not permit."""

    def __init__(self) -> None:
        super().__init__()
        self.removed: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.removed.add(f"<{tag}>")
            return
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.removed.add(f"'{name}' on <{tag}>")
            elif name in ("href", "src") and value and _scheme(value) not in URL_SCHEMES | {""}:
                self.removed.add(f"a {_scheme(value)}: link")


def _scheme(url: str) -> str:
    try:
        return urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return "malformed"
