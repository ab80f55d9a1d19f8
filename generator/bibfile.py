"""BibTeX files, as Zotero, DBLP, Google Scholar and arXiv export them, read into paper records."""

from __future__ import annotations

import datetime
import logging
import re
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.middlewares.names import InvalidNameError
from bibtexparser.model import (Block, DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry,
                                ParsingFailedBlock)
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from generator.identity import normalise_arxiv, normalise_doi
from generator.importer import Record, Skipped, UnreadableInput, join_lines
from generator.model import PartialDate

# The parser logs each syntax error; read_bibtex reports them as skipped entries instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())



def _latex_decoder() -> LatexNodes2Text:
    # pylatexenc lacks \textbraceleft and \textbraceright (which our own BibTeX export writes)
    # and gives U+02C6 for \textasciicircum, where LaTeX prints ^.
    context = get_default_latex_context_db()
    context.add_context_category("text-symbols", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^")])
    return LatexNodes2Text(latex_context=context, math_mode="verbatim")


_LATEX = _latex_decoder()
# A `%` that nobody escaped would start a LaTeX comment and swallow the rest of the line.
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_ESCAPED_CHARACTER = re.compile(r"\\([_%#&~$])")
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")
_YEAR = re.compile(r"\d{4}")
# The key of an entry the parser could not read, to name it by: `@article{key,`.
_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^\s,{}()]+)\s*,")
# The URLs that `papers check` accepts as links: a host, and no spaces, quotes or angle brackets.
_HTTP_URL = re.compile(r"https?://[\w.-]+(?::\d+)?(?:[/?#][^\s<>\"]*)?")
# Where preprints are filed as journals: DBLP's `CoRR`, Google Scholar's `arXiv preprint arXiv:…`.
_PREPRINT_JOURNAL = re.compile(r"corr|arxiv\b.*", re.IGNORECASE)


def read_bibtex(text: str, path: Path) -> list[Record | Skipped]:
    """Records from the text of a BibTeX file, in file order: an entry that gives no paper
    is Skipped."""
    library = bibtexparser.parse_string(text, append_middleware=_parse_stack())
    blocks = [block for block in library.blocks if _is_entry(block)]
    if not blocks:
        raise UnreadableInput(f"{path}: no BibTeX entries in it (such as @article{{key, ...}})")
    return [_record(block) if isinstance(block, Entry) else _failure(block) for block in blocks]


def _parse_stack() -> list[middlewares.BlockMiddleware]:
    """After the default stack (macros resolved, enclosing braces and quotes removed):
    lowercase field names, authors as `First von Last Jr`, months as numbers."""
    authors_only = {"name_fields": ("author",)}
    return [middlewares.NormalizeFieldKeys(),
            middlewares.SeparateCoAuthors(**authors_only),
            middlewares.SplitNameParts(**authors_only),
            middlewares.MergeNameParts(style="first", **authors_only),
            middlewares.MonthIntMiddleware()]


def _is_entry(block: Block) -> bool:
    """Entries, and blocks that failed to parse unless they are @string, @preamble or @comment."""
    if isinstance(block, ParsingFailedBlock):
        return block.ignore_error_block is None or isinstance(block.ignore_error_block, Entry)
    return isinstance(block, Entry)


def _failure(block: ParsingFailedBlock) -> Skipped:
    """Why a block the parser could not read is skipped."""
    line = block.start_line + 1
    if isinstance(block, DuplicateBlockKeyBlock):
        return Skipped(line, block.key, "same key as the entry at line "
                                        f"{block.previous_block.start_line + 1}")
    if isinstance(block, DuplicateFieldKeyBlock):
        twice = ", ".join(sorted(block.duplicate_keys))
        return Skipped(line, block.ignore_error_block.key, f"{twice} given twice")
    if isinstance(block.error, InvalidNameError):
        return Skipped(line, block.ignore_error_block.key, f"cannot read the author name "
                       f"'{block.error.name}': {block.error.reason.lower()}")
    key = _KEY.match(block.raw)
    return Skipped(line, key[1] if key else "entry", "not valid BibTeX")


def _record(entry: Entry) -> Record | Skipped:
    """The paper of an entry, or why it is skipped when it lacks title, authors or year."""
    fields = {field.key: field.value for field in entry.fields}
    title, authors, date = _text(fields.get("title", "")), _authors(fields), _date(fields)
    missing = [name for name, value in (("title", title), ("author", authors), ("year", date))
               if not value]
    line = entry.start_line + 1
    if missing:
        return Skipped(line, entry.key, f"no {', '.join(missing)}")
    arxiv, doi = _arxiv(fields), normalise_doi(_identifier(fields.get("doi", "")))
    url = _url_fields(_identifier(fields.get("url", "")))
    return Record(title=title, authors=tuple(authors), date=date, venue=_venue(fields),
                  arxiv=arxiv or url.get("arxiv", ""), doi=doi or url.get("doi", ""),
                  links=url.get("links", ()),
                  abstract=join_lines(decode_latex(fields.get("abstract", ""))),
                  line=line, key=entry.key)


def decode_latex(latex: str) -> str:
    """LaTeX as Unicode: accents and escapes decoded, braces removed; line breaks kept."""
    return _LATEX.latex_to_text(_BARE_PERCENT.sub(r"\\%", latex))


def _text(latex: str) -> str:
    """LaTeX as Unicode on one line."""
    return " ".join(decode_latex(latex).split())


def _identifier(value: str) -> str:
    """A URL, DOI or eprint as written, without the backslashes some exporters put before
    `_ % # & ~ $` (decoding it as LaTeX would drop what follows a `%` and turn `~` into a space)."""
    return _ESCAPED_CHARACTER.sub(r"\1", value).strip()


def _authors(fields: dict) -> list[str]:
    """The author names in Unicode, without the `others` of `and others`."""
    names = (_text(name) for name in fields.get("author", []) if name != "others")
    return [name for name in names if name]


def _date(fields: dict) -> PartialDate | None:
    """The first valid of biblatex's `date` and BibTeX's `year` with `month`."""
    return _iso_date(fields.get("date", "")) or _year_month(fields.get("year", ""),
                                                             fields.get("month"))


def _iso_date(text: str) -> PartialDate | None:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or the start of a range of them."""
    match = _ISO_DATE.match(text.strip())
    if not match:
        return None
    year, month, day = (int(part or 0) for part in match.groups())
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return PartialDate(year, month, day)


def _year_month(year: str, month: object) -> PartialDate | None:
    """A year of four digits, with the month when the parser could read it as one."""
    if not _YEAR.fullmatch(year.strip()):
        return None
    return PartialDate(int(year), month if isinstance(month, int) and 1 <= month <= 12 else 0)


def _venue(fields: dict) -> str:
    """The booktitle or journal, unless it only says the paper is an arXiv preprint."""
    venue = _text(fields.get("booktitle") or fields.get("journal") or "")
    return "" if _PREPRINT_JOURNAL.fullmatch(venue) else venue


def _arxiv(fields: dict) -> str | None:
    """The arXiv id from an arXiv `eprint`, a DBLP CoRR `volume` (abs/…) or a Google
    Scholar journal (`arXiv preprint arXiv:…`)."""
    prefix = fields.get("archiveprefix") or fields.get("eprinttype") or ""
    volume, journal = fields.get("volume", ""), _text(fields.get("journal", ""))
    candidates = (
        fields.get("eprint", "") if prefix.strip().lower() == "arxiv" else "",
        volume.removeprefix("abs/") if volume.startswith("abs/") else "",
        journal.split()[-1] if _PREPRINT_JOURNAL.fullmatch(journal) else "",
    )
    return next(filter(None, map(normalise_arxiv, map(_identifier, candidates))), None)


def _url_fields(url: str) -> dict:
    """What an http(s) `url` tells: an arXiv id, a DOI, a PDF link or a project page."""
    if not _HTTP_URL.fullmatch(url):
        return {}
    arxiv, doi = normalise_arxiv(url), normalise_doi(url)
    if arxiv:
        return {"arxiv": arxiv}
    if doi:
        return {"doi": doi}
    return {"links": (("pdf" if url.lower().endswith(".pdf") else "project", url),)}
