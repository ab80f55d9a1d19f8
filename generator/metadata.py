"""A paper's metadata fetched from arXiv (for an arXiv id) or Crossref (for a DOI).

The records are those `papers import` writes from: see `records.Record`.
"""

from __future__ import annotations

import html
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
from http.client import HTTPException

from generator.identity import normalise_arxiv, normalise_doi, paper_id
from generator.model import PartialDate
from generator.records import Record, join_lines

ARXIV_API = "https://export.arxiv.org/api/query"
CROSSREF_API = "https://api.crossref.org/works"
TIMEOUT_SECONDS = 20
USER_AGENT = "Papershelf/0.1 (papers add; a reading list site generator)"

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_CROSSREF_DATES = ("published-print", "published-online", "issued")
_REQUIRED = ("title", "authors", "date")
_PARAGRAPH = re.compile(r"<(?:jats:)?p\b[^>]*>(.*?)</(?:jats:)?p>", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


class MetadataError(Exception):
    """A paper's metadata could not be fetched; the message says why, in one line."""


def fetch_record(identifier: str) -> Record:
    """The metadata of the paper an arXiv id or a DOI names (in any form they are written)."""
    # arXiv's own DOIs (10.48550/arXiv.ID) are registered with DataCite, not Crossref.
    arxiv_id, doi = paper_id(identifier)
    if arxiv_id:
        return _arxiv_record(arxiv_id)
    if doi:
        return _crossref_record(doi)
    raise MetadataError(f"'{identifier}' is not an arXiv id or a DOI")


def _arxiv_record(arxiv_id: str) -> Record:
    base = os.environ.get("PAPERS_ARXIV_API") or ARXIV_API
    url = f"{base}?{urllib.parse.urlencode({'id_list': arxiv_id})}"
    entry = _arxiv_entry(_get(url), arxiv_id, _host(url))
    published = PartialDate.read(_text(entry, "published"))
    title, authors, date = _required("arXiv", arxiv_id, _collapse(_text(entry, "title")),
                                     _arxiv_authors(entry), published)
    return Record(title=title, authors=authors, date=date, arxiv=arxiv_id,
                  doi=_arxiv_doi(entry) or "", abstract=join_lines(_text(entry, "summary")),
                  line=1, key=arxiv_id)


def _arxiv_entry(body: bytes, arxiv_id: str, host: str) -> ElementTree.Element:
    """The feed's entry for the id; MetadataError if there is none."""
    try:
        feed = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise MetadataError(f"{host} sent a response that is not XML ({error})") from None
    if feed.tag != f"{_ATOM}feed":
        raise MetadataError(f"{host} sent XML that is not an Atom feed")
    entry = feed.find(f"{_ATOM}entry")
    # An unknown id gives an empty feed, or an entry whose id is an error's address
    # (http://arxiv.org/api/errors#...) instead of the paper's.
    if entry is None or normalise_arxiv(_text(entry, "id")) != arxiv_id:
        raise MetadataError(f"arXiv has no paper {arxiv_id}")
    return entry


def _arxiv_authors(entry: ElementTree.Element) -> list[str]:
    names = (_collapse(name.text or "") for name in entry.iterfind(f"{_ATOM}author/{_ATOM}name"))
    return [name for name in names if name]


def _arxiv_doi(entry: ElementTree.Element) -> str | None:
    # The element can hold several DOIs, space-separated; the first is the paper's own.
    dois = _text(entry, "doi", _ARXIV).split()
    return normalise_doi(dois[0]) if dois else None


def _text(element: ElementTree.Element, name: str, namespace: str = _ATOM) -> str:
    return element.findtext(namespace + name) or ""


def _crossref_record(doi: str) -> Record:
    base = (os.environ.get("PAPERS_CROSSREF_API") or CROSSREF_API).rstrip("/")
    url = f"{base}/{urllib.parse.quote(doi)}"
    work = _crossref_work(_get(url, not_found=f"Crossref has no work with the DOI {doi}"),
                          _host(url))
    names = [_person(author) for author in _list(work.get("author")) if isinstance(author, dict)]
    dates = [_crossref_date(work.get(name)) for name in _CROSSREF_DATES]
    earliest = min(filter(None, dates), default=None)  # a date without its day is not earlier
    title, authors, date = _required("Crossref", doi, _plain_text(_first(work.get("title"))),
                                     [name for name in names if name], earliest)
    return Record(title=title, authors=authors, date=date,
                  venue=_plain_text(_first(work.get("container-title"))),
                  doi=normalise_doi(str(work.get("DOI") or "")) or doi,
                  links=_crossref_links(work),
                  abstract=_jats_text(str(work.get("abstract") or "")), line=1, key=doi)


def _crossref_work(body: bytes, host: str) -> dict[str, object]:
    """The work of a Crossref /works/DOI answer; MetadataError if it is not one."""
    try:
        answer = json.loads(body)
    except ValueError as error:  # UnicodeDecodeError is a ValueError too
        raise MetadataError(f"{host} sent a response that is not JSON ({error})") from None
    work = answer.get("message") if isinstance(answer, dict) else None
    if not isinstance(work, dict):
        raise MetadataError(f"{host} sent JSON that is not a Crossref work")
    return work


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _first(value: object) -> str:
    """The first of a Crossref list of strings (titles come as lists), or ''."""
    first = next(iter(_list(value)), "")
    return first if isinstance(first, str) else ""


def _person(author: dict[str, object]) -> str:
    """'Given Family', or the name of an author that is an organisation."""
    parts = [author.get("given"), author.get("family")]
    name = " ".join(part for part in parts if isinstance(part, str)) or author.get("name")
    return _plain_text(name) if isinstance(name, str) else ""


def _crossref_date(value: object) -> PartialDate | None:
    """A Crossref date ({"date-parts": [[2020, 10, 19]]}, month and day optional), or None."""
    if not isinstance(value, dict):
        return None
    try:
        return PartialDate(*(int(part) for part in value["date-parts"][0][:3]))
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _crossref_links(work: dict[str, object]) -> tuple[tuple[str, str], ...]:
    pdfs = [link.get("URL") for link in _list(work.get("link"))
            if isinstance(link, dict) and link.get("content-type") == "application/pdf"]
    return tuple(("pdf", url) for url in pdfs[:1]
                 if isinstance(url, str) and url.startswith(("https://", "http://")))


def _jats_text(jats: str) -> str:
    """A JATS abstract as text: a paragraph per <jats:p>, other markup (titles) left out."""
    paragraphs = _PARAGRAPH.findall(jats) or [jats]
    return "\n\n".join(text for text in map(_plain_text, paragraphs) if text)


def _plain_text(markup: str) -> str:
    """Text without its tags, entities decoded, whitespace collapsed: Crossref's text has markup."""
    return _collapse(html.unescape(_TAG.sub("", markup)))


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _required(source: str, identifier: str, title: str, authors: list[str],
              date: PartialDate | None) -> tuple[str, tuple[str, ...], PartialDate]:
    """What every paper needs: its title, authors and date; MetadataError if any is missing."""
    given = {"title": title, "authors": authors, "date": date}
    missing = [name for name in _REQUIRED if not given[name]]
    if missing or date is None:
        raise MetadataError(f"{source} gives no {' or '.join(missing)} for {identifier}")
    return title, tuple(authors), date


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or url


def _get(url: str, not_found: str | None = None) -> bytes:
    """The body of the answer to a GET of url; MetadataError if there is none, or an error."""
    host, timeout = _host(url), http_timeout()
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as error:
        if error.code == 404 and not_found:
            raise MetadataError(not_found) from None
        raise MetadataError(f"{host} answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise _unreachable(host, error.reason, timeout) from None
    except (OSError, HTTPException, ValueError) as error:  # a timeout or a cut while reading
        raise _unreachable(host, error, timeout) from None


def _unreachable(host: str, reason: object, timeout: float) -> MetadataError:
    if isinstance(reason, TimeoutError):
        return MetadataError(f"{host} did not answer within {timeout:g} s")
    return MetadataError(f"cannot reach {host}: {reason}")


def http_timeout() -> float:
    """Seconds to wait for an answer: PAPERS_HTTP_TIMEOUT if set, else TIMEOUT_SECONDS."""
    text = os.environ.get("PAPERS_HTTP_TIMEOUT") or str(TIMEOUT_SECONDS)
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise MetadataError(f"PAPERS_HTTP_TIMEOUT: expected a number of seconds, got '{text}'")
    return seconds
