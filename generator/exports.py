"""The list as files to download: papers.json, BibTeX (all papers and per tag) and CSL-JSON.

papers.json gives each paper its slug, citation key, page URL, every field of its file (null
when the file leaves it out; the venue as shown, `ICLR 2023 (oral)`, then its series, name,
kind, year and note) and its arXiv, PDF and DOI addresses (null when it has none).
Citation keys (index.keys) are stable: first author, year, first title word, b, c, ... by age.
BibTeX and CSL-JSON cite a paper as published (see bibtex.py).
"""

from __future__ import annotations

import json
from collections.abc import Set

from generator import bibtex, formulas, urls
from generator.fields import FIELD_NAMES
from generator.index import Index
from generator.model import Paper, PartialDate, Venue, VenueKind

# The CSL type of a paper, by the kind of its venue's series; a paper without one is an article.
CSL_TYPES: dict[VenueKind, str] = {"conference": "paper-conference", "workshop": "paper-conference",
                                   "journal": "article-journal", "preprint": "article"}


def export_files(index: Index, site_url: str) -> dict[str, str]:
    """Every export's text by its path on the site: the whole list, and a .bib per tag."""
    papers, keys, organizations = index.papers, index.keys, index.organizations
    files = {
        urls.PAPERS_JSON: _json_text({"papers": [paper_record(paper, keys[paper.slug], site_url)
                                                  for paper in papers]}),
        urls.bibtex(urls.HOME): bib_text(papers, keys, organizations),
        urls.CSL_JSON: _json_text([csl_item(paper, keys[paper.slug], site_url, organizations)
                                   for paper in papers]),
    }
    for tag, tagged in index.tags:
        files[urls.bibtex(tag.url)] = bib_text(tagged, keys, organizations)
    by_slug = {paper.slug: paper for paper in papers}
    for path in index.paths:  # in reading order
        files[urls.bibtex(urls.reading_path(path.slug))] = bib_text(
            tuple(by_slug[step.paper] for step in path.steps), keys, organizations)
    for paper in papers:  # a card's toggles read these, not the paper's whole page
        files[urls.paper_data(paper.slug)] = _json_text({
            "abstract": formulas.plain(paper.abstract),
            "bibtex": bibtex.entry(paper, keys[paper.slug], organizations),
            # With math, its paragraphs as the page shows them (escaped text and MathML).
            **({"abstract_html": [str(formulas.html(paragraph))
                                  for paragraph in paper.abstract.split("\n\n")]}
               if formulas.has_math(paper.abstract) else {})})
    return files


def _json_text(data: dict[str, object] | list[dict[str, object]]) -> str:
    """JSON for programs, without the spaces of indentation (a browser shows it indented)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def bib_text(papers: tuple[Paper, ...], keys: dict[str, str],
             organizations: Set[str] = frozenset()) -> str:
    """The papers' BibTeX entries, in the order given, separated by blank lines."""
    return "\n\n".join(bibtex.entry(paper, keys[paper.slug], organizations)
                       for paper in papers) + "\n"


def paper_record(paper: Paper, key: str, site_url: str) -> dict[str, object]:
    """A paper as papers.json gives it: its slug, key and page, every field, its other addresses."""
    fields: dict[str, object] = {}
    for name in FIELD_NAMES:
        fields[name] = _field_value(name, getattr(paper, name))
        if name == "venue":
            fields |= venue_record(paper.venue)
    return {
        "slug": paper.slug,
        "key": key,
        "url": urls.absolute(site_url, paper.url),
        **fields,
        "notes": paper.notes or None,
        "arxiv_url": paper.arxiv_url or None,
        "pdf_url": paper.pdf_url or None,
        "doi_url": paper.doi_url or None,
    }


def venue_record(venue: Venue | None) -> dict[str, object]:
    """A venue's parts, after the venue as shown: the series' slug, full name and kind, the
    year and the note (each null when absent)."""
    series = venue.series if venue else None
    return {"venue_series": series.slug if series else None,
            "venue_name": series.name if series else None,
            "venue_kind": series.kind if series else None,
            "venue_year": venue.year if venue else None,
            "venue_note": (venue.note if venue else "") or None}


def _field_value(name: str, value: object) -> object:
    """A field's value as JSON holds it: dates and the venue as written, links as a mapping,
    absent as null."""
    if not value:
        return None
    if name == "links" and isinstance(value, tuple):
        return dict(value)
    if name in ("title", "abstract") and isinstance(value, str):
        return formulas.plain(value)  # math in its Unicode form, as every plain-text output
    return str(value) if isinstance(value, PartialDate | Venue) else value


def csl_item(paper: Paper, key: str, site_url: str,
             organizations: Set[str] = frozenset()) -> dict[str, object]:
    """A paper as a CSL-JSON item for Zotero and citation processors, cited as published (its
    type and container from the venue's series, issued in the venue's year); absent fields
    left out."""
    item: dict[str, object] = {
        "id": key,
        "type": CSL_TYPES[paper.venue.series.kind] if paper.venue else "article",
        "title": formulas.plain(paper.title),
        "author": [{"literal": name} if name in organizations else csl_name(name)
                   for name in paper.authors],
        "issued": {"date-parts": [_date_parts(paper.issued)]},
    }
    optional = {
        "container-title": paper.venue.series.name if paper.venue else "",
        "DOI": paper.doi,
        "URL": urls.absolute(site_url, paper.url),
        "abstract": formulas.plain(paper.abstract),
        "number": paper.arxiv,
        "publisher": "arXiv" if paper.arxiv and not paper.venue else "",
    }
    return item | {name: value for name, value in optional.items() if value}


def csl_name(name: str) -> dict[str, str]:
    """A name as CSL splits it: given names, a lowercase particle (van der) and the last word."""
    words = name.split()
    if len(words) == 1:
        return {"literal": name}
    particle = len(words) - 1
    while particle > 1 and words[particle - 1].islower():
        particle -= 1
    parts = {"family": words[-1], "given": " ".join(words[:particle]),
             "non-dropping-particle": " ".join(words[particle:-1])}
    return {part: text for part, text in parts.items() if text}


def _date_parts(date: PartialDate) -> list[int]:
    """Year, then month and day as far as they are known (0 means unknown)."""
    return [part for part in (date.year, date.month, date.day) if part]
