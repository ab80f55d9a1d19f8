"""The address book: where every kind of page and file of the site lives, each defined once.

Addresses are paths from the site root. A page's address is a folder (`tags/retrieval/`):
MkDocs serves the Markdown file `tags/retrieval.md` there. Pages link to one another with
`relative`, so the site works under any sub-path; feeds and metadata use `absolute`.
A fork that wants other addresses changes the formats below, and nothing else.
"""

from __future__ import annotations

import urllib.parse

HOME = ""
PAPER = "papers/{slug}/"
TAGS = "tags/"
TAG = "tags/{slug}/"
AUTHORS = "authors/"
AUTHOR = "authors/{slug}/"
AUTHOR_LETTER = "authors/letter/{letter}/"  # the authors whose last name starts so
YEARS = "years/"
YEAR = "years/{year}/"
VENUES = "venues/"
VENUE = "venues/{slug}/"
STATS = "stats/"  # the list at a glance: counts and charts
CURATOR_PAGE = "pages/{slug}/"  # a page of the curator's own (papers/pages/{slug}.md)
PATHS = "paths/"  # the reading paths
READING_PATH = "paths/{slug}/"  # one reading path (papers/paths/{slug}.md)
HEALTH = "stats/health/"  # the curators' to-do list: what papers and registries lack
# A long list's later pages, under its first (tags/vision/page/2/).
PAGED = "{page}page/{number}/"
# Files: a feed and a BibTeX file sit in the folder of the page whose papers they hold
# (the home page for the whole list, a tag's page for its papers).
ATOM_FEED = "{page}feed.xml"
JSON_FEED = "{page}feed.json"
BIBTEX = "{page}papers.bib"
PAPERS_JSON = "papers.json"
# A paper's abstract and BibTeX entry, beside its page: what a card's toggles show.
PAPER_DATA = "{page}paper.json"
BROWSE = "browse.json"
# An organisation has no page: the home page's browse view, filtered to its papers.
ORGANIZATION = "?org={name}"
SEARCH = "pagefind/"  # the search index's folder; the script loads pagefind.js from it
SEARCH_WORDS = "pagefind/words/{letter}.json"  # the words of the index, by first letter
RESULTS = "search/"  # every result of a query, paged: search/?q=words&page=2
CSL_JSON = "papers.csl.json"
SCHEMA = "paper.schema.json"
# The site's sections, as its navigation and its 404 page give them: title, address.
SECTIONS = (("Papers", HOME), ("Tags", TAGS), ("Venues", VENUES), ("Authors", AUTHORS),
            ("Years", YEARS), ("Stats", STATS))


def paper(slug: str) -> str:
    return PAPER.format(slug=slug)


def curator_page(slug: str) -> str:
    return CURATOR_PAGE.format(slug=slug)


def reading_path(slug: str) -> str:
    return READING_PATH.format(slug=slug)


def tag(slug: str) -> str:
    return TAG.format(slug=slug)


def author(slug: str) -> str:
    return AUTHOR.format(slug=slug)


def paper_data(slug: str) -> str:
    return PAPER_DATA.format(page=paper(slug))


def search_words(letter: str) -> str:
    return SEARCH_WORDS.format(letter=letter)


def organization(name: str) -> str:
    return HOME + ORGANIZATION.format(name=urllib.parse.quote(name))


def author_letter(letter: str) -> str:
    return AUTHOR_LETTER.format(letter=letter.lower())


def year(number: int) -> str:
    return YEAR.format(year=number)


def venue(slug: str) -> str:
    return VENUE.format(slug=slug)


def atom_feed(page: str) -> str:
    return ATOM_FEED.format(page=page)


def json_feed(page: str) -> str:
    return JSON_FEED.format(page=page)


def bibtex(page: str) -> str:
    return BIBTEX.format(page=page)


def paged(page: str, number: int) -> str:
    """The address of a list's page: the list's own for the first."""
    return page if number == 1 else PAGED.format(page=page, number=number)


def source(page: str) -> str:
    """The Markdown file MkDocs serves at a page's address: 'tags/x/' is 'tags/x.md'."""
    return page.rstrip("/") + ".md" if page else "index.md"


def folder_source(page: str) -> str:
    """The Markdown file in a page's own folder, which MkDocs and Zensical serve at its
    address too: 'tags/x/' is 'tags/x/index.md'. A builder that reads a relative link in a
    page's HTML as relative to its Markdown file (Zensical does) finds the same page there."""
    return page + "index.md"


def relative(target: str, page: str) -> str:
    """The link from a page to an address, both from the site root: from 'papers/x/',
    'tags/y/' is '../../tags/y/' (up to the root, then down: the same from every page at
    one depth, so a card can be made once for all the pages it is on)."""
    return root(page) + target or "./"


def root(page: str) -> str:
    """The way up from a page to the site's root: '../../' from 'tags/x/', '' from home."""
    return "../" * page.count("/")


def absolute(site_url: str, path: str) -> str:
    """An address as a full URL, under site_url (which may have a sub-path)."""
    return site_url.rstrip("/") + "/" + path
