"""What HTML from a paper's notes may reach a page: the allow-list, the sanitiser (nh3,
which the site runs on every paper page), and the check that names what it would remove."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3

TAGS = nh3.ALLOWED_TAGS
ATTRIBUTES = {"*": {"class", "id", "title", "lang", "dir"}, "a": {"href"},
              "img": {"src", "alt", "width", "height"}, "time": {"datetime"},
              "th": {"align"}, "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Extensions that can put tags or attributes into the page (attr_list: `{onclick=...}`).
_EXTENSIONS = ["attr_list", "md_in_html", "tables", "fenced_code", "footnotes", "admonition"]
# Only notes with something HTML-like need rendering: raw tags, attribute lists, links with a
# scheme. Most notes are plain prose, and `papers check` stays fast.
_MAY_HOLD_HTML = re.compile(r"<[A-Za-z!/?]|\{[^}\n]*[=:.#]|\]\(\s*<?[A-Za-z][\w+.-]*:|"
                            r"^\s*\[[^\]\n]+\]:\s*<?[A-Za-z][\w+.-]*:", re.MULTILINE)


def sanitise_html(content: str) -> str:
    """HTML with only the allow-listed tags and attributes, and only http(s) and mailto links."""
    return nh3.clean(content, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel=None)


def removed_from_notes(notes: str) -> list[str]:
    """What the sanitiser would take out of the notes once rendered, e.g. '<script>'."""
    if not _MAY_HOLD_HTML.search(notes):
        return []
    audit = _Audit()
    audit.feed(markdown.markdown(notes, extensions=_EXTENSIONS))
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
