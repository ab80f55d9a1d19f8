"""What makes two records the same paper: arXiv id, DOI or title, each normalised here only."""

from __future__ import annotations

import re
import unicodedata

_ARXIV_URL = r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/"
_ARXIV_NEW_ID = r"(\d{2})(\d{2})\.(\d{4,5})(?:v\d+)?"
_ARXIV_OLD_ID = r"([a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?)/(\d{2})(\d{2})(\d{3})(?:v\d+)?"
_DOI_URL = r"https?://(?:dx\.)?doi\.org/"
_DOI_ID = r"10\.\d{4,9}/\S+"

# ASCII: \d would also take other scripts' digits, such as '٢٠٠٤.١٢٢٩٧'.
_ARXIV_PREFIX = re.compile(f"^{_ARXIV_URL}|^arxiv:", re.IGNORECASE | re.ASCII)
_ARXIV_NEW = re.compile(_ARXIV_NEW_ID, re.ASCII)
_ARXIV_OLD = re.compile(_ARXIV_OLD_ID, re.ASCII)
_DOI_PREFIX = re.compile(f"^(?:{_DOI_URL}|doi:)", re.IGNORECASE | re.ASCII)
_DOI = re.compile(_DOI_ID, re.ASCII)
_NOT_WORD = re.compile(r"[\W_]+")
_ASCII_NOT_WORD = bytes(code if code < 128 and chr(code).isalnum() else 32 for code in range(256))
# arXiv's own DOIs, registered with DataCite: 10.48550/arXiv.2004.12297.
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?=.)", re.IGNORECASE)

# The same forms for JSON Schema, whose regular expressions have no flags: editors flag
# what is not even shaped like an id; the checker also tests months and lengths.
ARXIV_PATTERN = (f"^(?:{_ARXIV_URL}|[Aa][Rr][Xx][Ii][Vv]:)?(?:{_ARXIV_NEW_ID}|{_ARXIV_OLD_ID})"
                 "(?:\\.pdf)?$")
DOI_PATTERN = f"^(?:{_DOI_URL}|[Dd][Oo][Ii]:)?{_DOI_ID}$"


def normalise_arxiv(text: str) -> str | None:
    """The arXiv id in text (bare, `arXiv:` prefixed, or an abs/pdf URL) without its version."""
    bare = _ARXIV_PREFIX.sub("", text.strip()).removesuffix(".pdf")
    new = _ARXIV_NEW.fullmatch(bare)
    if new:
        year, month, number = new.groups()
        # Five-digit numbers started in January 2015.
        digits_ok = len(number) == (5 if (year, month) >= ("15", "01") else 4)
        return f"{year}{month}.{number}" if 1 <= int(month) <= 12 and digits_ok else None
    old = _ARXIV_OLD.fullmatch(bare)
    if old and 1 <= int(old.group(3)) <= 12:
        archive, year, month, number = old.groups()
        return f"{archive}/{year}{month}{number}"
    return None


def normalise_doi(text: str) -> str | None:
    """The DOI in text (bare, `doi:` prefixed or a doi.org URL), as written, or None."""
    bare = _DOI_PREFIX.sub("", text.strip())
    return bare if _DOI.fullmatch(bare) else None


def paper_id(text: str) -> tuple[str | None, str | None]:
    """The arXiv id or else the DOI that text names, in any form they are written: (arxiv, doi)."""
    doi = normalise_doi(text)
    arxiv = normalise_arxiv(text) or normalise_arxiv(_ARXIV_DOI.sub("", doi or ""))
    return (arxiv, None) if arxiv else (None, doi)


def identity_keys(arxiv: str | None, doi: str | None, title: str | None) -> list[tuple[str, str]]:
    """The (field, key) pairs that make two records the same paper: any one shared is enough.

    The arXiv id must already be normalised; DOIs compare case-insensitively.
    """
    keys = [("arxiv", arxiv), ("doi", doi.casefold() if doi else None),
            ("title", title_key(title) if title else None)]
    return [(field, key) for field, key in keys if key]


def fold(text: str) -> str:
    """Text without diacritics, case folded: 'Schölkopf' and 'scholkopf' fold alike."""
    if text.isascii():  # nothing to decompose
        return text.casefold()
    # Case folded first, so that 'ᾳ' folds as its capitals 'ΑΙ' do; and the dotless ı is an i
    # without its dot, as its capital I is.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold().replace("ı", "i")


def title_key(title: str) -> str:
    """A title with case, diacritics, punctuation and spacing folded away."""
    folded = fold(title)
    if folded.isascii():  # a byte table does what the pattern does, four times as fast
        return " ".join(folded.encode().translate(_ASCII_NOT_WORD).decode().split())
    return _NOT_WORD.sub(" ", folded).strip()  # spaces are \W: only the ends can have one
