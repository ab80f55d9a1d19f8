"""BibTeX files, as Zotero, DBLP, Google Scholar, arXiv and al-folio sites (_bibliography/
papers.bib) write them, read into paper records."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypedDict, TypeGuard

from bibtexparser import middlewares
from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.middlewares.names import InvalidNameError
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
    String,
)
from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.macrospec import MacroSpec

from generator import formulas
from generator.identity import normalise_arxiv, normalise_doi
from generator.model import PartialDate
from generator.records import Record, Skipped, UnreadableInput, join_lines

# The parser logs each syntax error; read_bibtex reports them as skipped entries instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


def _latex_decoder() -> LatexNodes2Text:
    # pylatexenc lacks \textbraceleft and \textbraceright (which our own BibTeX export writes),
    # gives U+02C6 for \textasciicircum, where LaTeX prints ^, drops the text of \mbox, and
    # knows no \textsuperscript or \textsubscript (DBLP and ACM write ABY\textsuperscript{3}).
    context = get_default_latex_context_db()
    context.add_context_category("text-symbols", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^"), MacroTextSpec("mbox", "%(1)s"),
        MacroTextSpec("textsuperscript", _script("^")),
        MacroTextSpec("textsubscript", _script("_"))])
    return LatexNodes2Text(latex_context=context, math_mode="verbatim")


def _script(mark: str) -> Callable[[Any, LatexNodes2Text], str]:
    def text(node: Any, l2tobj: LatexNodes2Text) -> str:  # the name pylatexenc passes it by
        return formulas.script(l2tobj.nodelist_to_text(node.nodeargd.argnlist[:1]), mark)
    return text


_LATEX = _latex_decoder()
_LATEX_WALKER = latexwalker.get_default_latex_context_db()
_LATEX_WALKER.add_context_category("scripts", prepend=True, macros=[
    MacroSpec("textsuperscript", "{"), MacroSpec("textsubscript", "{")])
# A `%` that nobody escaped would start a LaTeX comment and swallow the rest of the line.
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_ESCAPED_CHARACTER = re.compile(r"\\([_%#&~$])")
_YEAR = re.compile(r"\d{4}")
_SUPERSCRIPT = re.compile(r"\s*(?:\{\})?\^\s*\{\s*(?:\\mbox\{(\w+)\}|(\w+))\s*\}\s*")
# al-folio's papers.bib starts with an empty Jekyll front matter block (`---` twice).
_FRONT_MATTER = re.compile(r"\A(?:[ \t]*\r?\n)*---[ \t]*\r?\n.*?^---[ \t]*$",
                           re.DOTALL | re.MULTILINE)
# The key of an entry the parser could not read, to name it by: `@article{key,`.
_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^\s,{}()]+)\s*,")
# The URLs that `papers check` accepts as links: a host, and no spaces, quotes or angle brackets.
_HTTP_URL = re.compile(r"https?://[\w.-]+(?::\d+)?(?:[/?#][^\s<>\"]*)?")
# Where preprints are filed as journals: DBLP's `CoRR`, Google Scholar's `arXiv preprint arXiv:…`,
# Semantic Scholar's `ArXiv abs/…`, ADS's `arXiv e-prints`, a plain `Preprint`.
_PREPRINT = re.compile(r"(?:corr|arxiv)\b.*|.*\bpreprints?\b.*", re.IGNORECASE)
# Equal-contribution and affiliation marks after author names: `$^*$`, `$^{1,2}$`,
# `$^\dagger$`, `\textsuperscript{1}`, `\dag`; and, once decoded, `*^†‡§¶` and ¹²³.
_LATEX_MARK = re.compile(r"\$\s*(?:\{\})?\^\s*(?:\{[^{}$]*\}|\\[A-Za-z]+|[^\s{}$])\s*\$"
                         r"|\\textsuperscript\s*\{(?:[^{}]|\{[^{}]*\})*\}|\\d?dag(?![A-Za-z])(?:\{\})?")
_MARK = re.compile("[*^\u2020\u2021\u00a7\u00b6\u00b9\u00b2\u00b3\u2070\u2074-\u2079]")
# al-folio's link fields and the kinds of link they give; of website and html, the first
# given is the project page.
_LINK_FIELDS = (("code", "code"), ("website", "project"), ("html", "project"), ("pdf", "pdf"),
                ("video", "video"), ("slides", "slides"), ("poster", "poster"),
                ("supp", "supplement"), ("blog", "blog"))
_AUTHOR_FIELDS = ("author",)
# After _parse_stack every field's value is text but these: the authors are a list of names,
# and a month is a number when the parser could read it as one.
_NOT_TEXT = ("author", "month")


class _UrlFields(TypedDict, total=False):
    """What an entry's `url` tells, when it tells anything."""

    arxiv: str
    doi: str
    links: tuple[tuple[str, str], ...]


def read_bibtex(text: str, path: Path) -> list[Record | Skipped]:
    """Records from the text of a BibTeX file, in file order: an entry that gives no paper
    is Skipped."""
    library = parse_string(_without_front_matter(text), append_middleware=_parse_stack())
    blocks = [((block.start_line or 0) + 1, _reread(block, library.strings))
              for block in library.blocks if _is_entry(block)]
    if not blocks:
        raise UnreadableInput(f"{path}: no BibTeX entries in it (such as @article{{key, ...}})")
    return [_record(block, line) if isinstance(block, Entry) else _failure(block, line)
            for line, block in blocks]


def _without_front_matter(text: str) -> str:
    """The text without a leading Jekyll front matter block, whose lines are left blank so
    that every entry keeps its line number."""
    return _FRONT_MATTER.sub(lambda block: "\n" * block[0].count("\n"), text, count=1)


def _reread(block: Entry | ParsingFailedBlock, strings: Sequence[String],
            ) -> Entry | ParsingFailedBlock:
    """The block, or for an entry whose key an earlier entry has (which the parser leaves
    unread), the entry read on its own: it may well be another paper."""
    if not isinstance(block, DuplicateBlockKeyBlock):
        return block
    alone = parse_string(block.raw or "", append_middleware=_parse_stack(),
                         library=Library(list(strings)))
    again = alone.blocks[-1]
    return again if _is_entry(again) else block


def _parse_stack() -> list[middlewares.BlockMiddleware]:
    """After the default stack (macros resolved, enclosing braces and quotes removed):
    lowercase field names, authors as `First von Last Jr`, months as numbers."""
    return [middlewares.NormalizeFieldKeys(),
            middlewares.SeparateCoAuthors(name_fields=_AUTHOR_FIELDS),
            middlewares.SplitNameParts(name_fields=_AUTHOR_FIELDS),
            middlewares.MergeNameParts(style="first", name_fields=_AUTHOR_FIELDS),
            middlewares.MonthIntMiddleware()]


def _is_entry(block: Block) -> TypeGuard[Entry | ParsingFailedBlock]:
    """Entries, and blocks that failed to parse unless they are @string, @preamble or @comment."""
    if isinstance(block, ParsingFailedBlock):
        return block.ignore_error_block is None or isinstance(block.ignore_error_block, Entry)
    return isinstance(block, Entry)


def _failure(block: ParsingFailedBlock, line: int) -> Skipped:
    """Why a block the parser could not read is skipped."""
    entry = block.ignore_error_block  # for these two failures, the entry as written
    if isinstance(block, DuplicateFieldKeyBlock) and isinstance(entry, Entry):
        twice = ", ".join(sorted(block.duplicate_keys))
        return Skipped(line, entry.key, f"{twice} given twice")
    if isinstance(block.error, InvalidNameError) and isinstance(entry, Entry):
        return Skipped(line, entry.key, f"cannot read the author name "
                       f"'{block.error.name}': {block.error.reason.lower()}")
    key = _KEY.match(block.raw or "")
    return Skipped(line, key[1] if key else "entry", "not valid BibTeX")


def _record(entry: Entry, line: int) -> Record | Skipped:
    """The paper of an entry, or why it is skipped when it lacks title, authors or year."""
    fields: dict[str, str] = {field.key: field.value for field in entry.fields
                              if field.key not in _NOT_TEXT}
    title, authors, month = _text(fields.get("title", "")), _authors(entry), entry.get("month")
    date = _date(fields, month.value if month else None)
    missing = [name for name, value in (("title", title), ("author", authors), ("year", date))
               if not value]
    if missing or date is None:
        return Skipped(line, entry.key, f"no {', '.join(missing)}")
    url = _url_fields(_identifier(fields.get("url", "")))
    links, left_out = _links(fields)
    return Record(title=title, authors=tuple(authors), date=date, venue=_venue(fields),
                  arxiv=_arxiv(fields) or url.get("arxiv", ""),
                  doi=normalise_doi(_identifier(fields.get("doi", ""))) or url.get("doi", ""),
                  links=tuple((dict(url.get("links", ())) | links).items()),
                  abstract=join_lines(decode_latex(fields.get("abstract", ""))),
                  left_out=tuple(left_out + _unread_identifiers(fields)), line=line, key=entry.key)


def decode_latex(latex: str) -> str:
    """LaTeX as Unicode: accents and escapes decoded, braces removed; line breaks kept. Math
    is kept as written, between dollars ($...$, $$...$$), for the site to show."""
    walker = latexwalker.LatexWalker(_BARE_PERCENT.sub(r"\\%", latex),
                                     latex_context=_LATEX_WALKER, tolerant_parsing=True)
    text: str = _LATEX.nodelist_to_text(walker.get_latex_nodes()[0])
    if "\\" not in text:
        return text
    return "".join(_dollars(piece) for piece in formulas.pieces(text))


def _dollars(piece: formulas.Piece) -> str:
    """Math between dollars; a lone superscript of text (DBLP's `\\({}^{\\mbox{2}}\\)`) as
    the Unicode characters it is, where they all exist: 'OpenC²'."""
    if not piece.math:
        return piece.raw
    superscript = _SUPERSCRIPT.fullmatch(piece.source)
    if superscript and "^" not in (text := formulas.script(superscript[1] or superscript[2], "^")):
        return text
    if piece.raw.startswith("$"):
        return piece.raw
    fence = "$$" if piece.display else "$"
    return f"{fence}{piece.source}{fence}"


def _text(latex: str) -> str:
    """LaTeX as Unicode on one line."""
    return " ".join(decode_latex(latex).split())


def _identifier(value: str) -> str:
    """A URL, DOI or eprint as written, without the backslashes some exporters put before
    `_ % # & ~ $` (decoding it as LaTeX would drop what follows a `%` and turn `~` into a space)."""
    return _ESCAPED_CHARACTER.sub(r"\1", value).strip()


def _authors(entry: Entry) -> list[str]:
    """The author names in Unicode, without the `others` of `and others`."""
    field = entry.get("author")
    written: list[str] = field.value if field else []
    names = (_author_name(name) for name in written if name != "others")
    return [name for name in names if name]


def _author_name(latex: str) -> str:
    """A name in Unicode on one line, without equal-contribution and affiliation marks."""
    return " ".join(_MARK.sub("", decode_latex(_LATEX_MARK.sub("", latex))).split())


def _date(fields: Mapping[str, str], month: object) -> PartialDate | None:
    """The first valid of biblatex's `date` and BibTeX's `year` with `month`."""
    return (PartialDate.read(fields.get("date", "").strip())
            or _year_month(fields.get("year", ""), month))


def _year_month(year: str, month: object) -> PartialDate | None:
    """A year of four digits, with the month when the parser could read it as one."""
    if not _YEAR.fullmatch(year.strip()):
        return None
    known = isinstance(month, int) and 1 <= month <= 12
    return PartialDate.read(f"{year.strip()}-{month:02d}" if known else year.strip())


def _venue(fields: Mapping[str, str]) -> str:
    """The booktitle, journal or biblatex journaltitle unless it only says the paper is a
    preprint; without one, al-folio's `abbr` (`CVPR`) unless that says preprint."""
    venues = (fields.get("booktitle") or fields.get("journal") or fields.get("journaltitle") or "",
              fields.get("abbr", ""))
    return next((venue for venue in map(_text, venues)
                 if venue and not _PREPRINT.fullmatch(venue)), "")


def _arxiv(fields: Mapping[str, str]) -> str:
    """The arXiv id from al-folio's `arxiv`, an arXiv `eprint`, a DBLP CoRR `volume` (abs/…)
    or a journal that names it (`arXiv preprint arXiv:…`, `ArXiv abs/…`)."""
    prefix = fields.get("archiveprefix") or fields.get("eprinttype") or ""
    volume = fields.get("volume", "")
    journal = _text(fields.get("journal") or fields.get("journaltitle") or "")
    candidates = (
        fields.get("arxiv", ""),
        fields.get("eprint", "") if prefix.strip().lower() == "arxiv" else "",
        volume if volume.startswith("abs/") else "",
        *(journal.split() if _PREPRINT.fullmatch(journal) else ()),
    )
    ids = (normalise_arxiv(_identifier(candidate).removeprefix("abs/")) for candidate in candidates)
    return next(filter(None, ids), "")


def _unread_identifiers(fields: Mapping[str, str]) -> list[str]:
    """A note on each of the `arxiv` and `doi` fields that holds no arXiv id or DOI."""
    notes = []
    for name, normalise, expected in (("arxiv", normalise_arxiv, "an arXiv id"),
                                      ("doi", normalise_doi, "a DOI")):
        value = _identifier(fields.get(name, ""))
        if value and not normalise(value):
            notes.append(f"{name} '{value}' is not {expected}; left out")
    return notes


def _links(fields: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """al-folio's links that are http(s) URLs, by kind; and a note on each left out."""
    links: dict[str, str] = {}
    left_out: list[str] = []
    for name, kind in _LINK_FIELDS:
        value = _identifier(fields.get(name, ""))
        if not value:
            continue
        if not _HTTP_URL.fullmatch(value):
            left_out.append(f"{name} '{value}' is not a URL (a file of the al-folio site?); "
                            "left out")
        elif links.setdefault(kind, value) != value:
            left_out.append(f"{name} '{value}' left out: the {kind} link is {links[kind]}")
    return links, left_out


def _url_fields(url: str) -> _UrlFields:
    """What an http(s) `url` tells: an arXiv id, a DOI, a PDF link or a project page."""
    if not _HTTP_URL.fullmatch(url):
        return {}
    arxiv, doi = normalise_arxiv(url), normalise_doi(url)
    if arxiv:
        return {"arxiv": arxiv}
    if doi:
        return {"doi": doi}
    return {"links": (("pdf" if url.lower().endswith(".pdf") else "project", url),)}
