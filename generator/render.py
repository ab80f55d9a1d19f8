"""The site's pages, rendered from the index as Markdown with Jinja2 templates.

Every value from a paper file reaches a page HTML-escaped: templates autoescape, and
the page title (which the theme prints unescaped) is escaped here. The notes are the one
exception: they are Markdown, rendered and sanitised on their own (see notes.py).

The HTML a template writes inside `{% filter block %}` (the notes included) is kept out
of the Markdown: the page text holds a placeholder comment and `Page.inline` puts the HTML
back after Markdown has run, so the generator's own HTML is never sanitised or reparsed.
Nothing from a paper file reaches the page text unescaped, so no paper can write a
placeholder.
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypedDict

import jinja2
import yaml
from markupsafe import Markup

from generator import bibtex, formulas, urls
from generator.authors import Author
from generator.health import SHOWN, list_health
from generator.identity import fold
from generator.index import Index
from generator.model import LINK_KINDS, CuratorPage, Paper, PartialDate, Site, Tag, VenueKind
from generator.notes import TocToken, render_notes
from generator.pages import PATHS_TITLE, linked, page_file
from generator.refresh import Citations
from generator.related import Related, Scoring, more_by_authors, start_related
from generator.stats import list_stats

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_PLACEHOLDER = re.compile(r"<!--papershelf-block-\d+-->")
NEWEST = 20  # papers the home page lists in its HTML; its script browses them all
PROLIFIC = 20  # authors the authors index lists; each letter has a page of its own
# The Highwire tag that names a paper's venue, and the schema.org type of the venue, by the
# kind of its series; a preprint server is named by neither.
CITATION_VENUE_TAGS: dict[VenueKind, str] = {"conference": "citation_conference_title",
                                             "workshop": "citation_conference_title",
                                             "journal": "citation_journal_title"}
# What a paper is part of, as schema.org's isPartOf allows (a CreativeWork): a conference's
# or workshop's proceedings are a series of works, a journal is a periodical.
SCHEMA_ORG_VENUES: dict[VenueKind, str] = {"conference": "CreativeWorkSeries",
                                           "workshop": "CreativeWorkSeries",
                                           "journal": "Periodical"}


@dataclass(frozen=True)
class Page:
    """A generated page: its address, its front matter and Markdown, the HTML blocks its
    placeholders stand for, its <head>, and the headings of its notes."""

    url: str
    meta: dict[str, object]
    body: str
    blocks: dict[str, str]
    head: Callable[[], str]  # made as the page is written: not every paper's held at once
    cards: _Cards | None  # what fills the card markers of its blocks (a paper page has none)
    notes_headings: tuple[TocToken, ...] = ()

    @property
    def src_uri(self) -> str:
        """The Markdown file MkDocs builds the page from."""
        return urls.source(self.url)

    @property
    def text(self) -> str:
        """The page as a Markdown file: front matter, then the body."""
        front = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=False, width=1 << 16)
        return f"---\n{front}---\n\n{self.body}"

    @functools.cached_property
    def digest(self) -> bytes:
        """A digest of everything the page's HTML is made of, to tell whether it changed
        between two builds."""
        digest = hashlib.blake2b(json.dumps(self.meta).encode(), digest_size=16)
        for part in (self.body, *self.blocks.values(), self.head()):
            digest.update(part.encode())
        if self.cards is not None:
            for block in self.blocks.values():  # the only place cards are (see inline)
                for match in _CARD.finditer(block):  # its marker, hashed above, says the rest
                    digest.update(self.cards.digest(int(match[1])))
        return digest.digest()

    def inline(self, text: str) -> str:
        """Text (the page's Markdown, or the HTML made of it) with its blocks put back, and
        the cards in them (templates put cards only in blocks: the rest of the page, most of
        it the theme's, is not searched for them)."""
        cards = self.cards
        return _PLACEHOLDER.sub(lambda match: match[0] if match[0] not in self.blocks
                                else cards.fill(self.blocks[match[0]], self.url) if cards
                                else self.blocks[match[0]], text)


# The elements whose text keeps its spaces and line breaks as written.
_KEPT_AS_WRITTEN = re.compile(r"(<(?:pre|textarea|script|style)\b.*?"
                              r"</(?:pre|textarea|script|style)\s*>)", re.DOTALL | re.IGNORECASE)
_INDENTED = re.compile(r"\n\s+")


def compact(page: str) -> str:
    """A page's HTML without the indentation and blank lines the theme's templates leave: a
    line break followed by white space becomes one line break, but inside the elements
    whose text is kept as written. A browser shows the page as before."""
    parts = _KEPT_AS_WRITTEN.split(page)  # the text between those elements, then one of them
    parts[::2] = [_INDENTED.sub("\n", text) for text in parts[::2]]
    return "".join(parts)


@jinja2.pass_context
def _block(context: jinja2.runtime.Context, content: str) -> Markup:
    blocks = context["blocks"]
    placeholder = f"<!--papershelf-block-{len(blocks)}-->"
    blocks[placeholder] = content
    # Blank lines around make the placeholder a Markdown block of its own wherever it stands.
    return Markup(f"\n\n{placeholder}\n\n")


def human_date(date: PartialDate) -> str:
    """26 April 2020, April 2020 or 2020, as much as is known."""
    parts = [str(date.day) if date.day else "", MONTHS[date.month - 1] if date.month else "",
             str(date.year)]
    return " ".join(part for part in parts if part)


def summary(abstract: str, length: int) -> str:
    """The start of an abstract, cut at a word, for page descriptions and link previews."""
    flat = " ".join(abstract.split())
    return flat if len(flat) <= length else flat[:length].rsplit(" ", 1)[0] + "…"


TEMPLATES = Path(__file__).parent / "templates"
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    auto_reload=True,  # a template edited under `mkdocs serve` is read again
)


def chips(paper: Paper, tags: dict[str, Tag], skip: str = "") -> list[Tag]:
    """A paper's tags as its cards show them: by name, in one order on every page, without
    the tag of the page they are on."""
    chosen = (tags[slug] for slug in paper.tags if slug != skip)
    return sorted(chosen, key=lambda tag: fold(tag.name))


def quick_links(paper: Paper) -> list[tuple[str, str]]:
    """The links a card offers: arXiv, the PDF, the code, the project page."""
    links = dict(paper.links)
    found = [("arXiv", paper.arxiv_url), ("PDF", paper.pdf_url), ("Code", links.get("code", "")),
             ("Project", links.get("project", ""))]
    return [(label, url) for label, url in found if url]


def reason(related: Related, tags: dict[str, Tag]) -> str:
    """The line that says why a related paper is shown: 'Also by Ann Lee; shares tags
    Retrieval, Vision; similar abstract' (the venue only when nothing else is shared)."""
    names = sorted((tags[slug].name for slug in related.tags), key=fold)
    parts = [f"also by {', '.join(related.authors)}"] if related.authors else []
    parts += [f"shares tag{'s' if len(names) > 1 else ''} {', '.join(names)}"] if names else []
    parts += ["similar abstract"] if related.similar_text else []
    if not parts and related.same_venue and related.paper.venue:
        parts = [f"also at {related.paper.venue.series.short}"]
    line = "; ".join(parts)
    return line[:1].upper() + line[1:]


_ENV.globals["urls"] = urls  # the address book, for the links templates make
_ENV.filters.update(block=_block, human_date=human_date, chips=chips, quick_links=quick_links,
                    math=formulas.html, plain=formulas.plain,
                    reason=reason, plural=lambda noun, count: noun if count == 1 else noun + "s")


class _Common(TypedDict):
    """What every page's template is given: the site, the tags by slug, each name's author,
    and the cards of the papers."""

    site: Site
    tags: dict[str, Tag]
    authors: dict[str, Author]
    cards: _Cards


# Stand-ins in a card made once for all the pages it is on: the way up to the site's root
# (pages differ in depth), the line of tag chips (a tag's page leaves its own tag out) and
# the line of authors (an author's page marks its author). No value can hold them: fields.py
# refuses control characters in every text.
_ROOT, _CHIPS, _AUTHORS = "\x00", "\x01", "\x02"
# A card's marker: the paper's number, the tag left out and the author marked, if any.
_CARD = re.compile(r"<!--papershelf-card-(\d+)-(\d*)-(\d*)-->")


class _Cards:
    """The papers' cards. A list page holds a marker for each card, and the card is put in
    as the page is written, from one copy for all the pages it is on (its tags', venue's,
    authors' and year's): the pages of a large list are not all held at once."""

    def __init__(self, site: Site, tags: dict[str, Tag], papers: Sequence[Paper],
                 author_of: Mapping[str, Author], citations: Citations | None = None) -> None:
        self.site, self.tags, self.papers, self.author_of = site, tags, papers, author_of
        self.citations = citations
        self.number = {paper.slug: number for number, paper in enumerate(papers)}
        self.slugs = list(tags)
        self.tag_number = {slug: number for number, slug in enumerate(self.slugs)}
        self.made: dict[int, tuple[str, list[str]]] = {}  # a card, and its tags as shown
        self.digests: dict[int, bytes] = {}
        self.chips = {slug: _ENV.get_template("chip.html").render(tag=tag, href=_from_root)
                      for slug, tag in tags.items()}
        self.template = _ENV.get_template("card.html")
        self.authors_line = _ENV.get_template("card_authors.html")
        self.lines: dict[int, str] = {}  # each card's line of authors, none marked

    def marker(self, paper: Paper, skip_tag: str = "", author: Author | None = None) -> Markup:
        """Where a paper's card goes, without the chip of skip_tag, with author marked."""
        skip = self.tag_number[skip_tag] if skip_tag else ""
        mark = next((str(position) for position, name in enumerate(paper.authors)
                     if author and self.author_of[name].slug == author.slug), "")
        return Markup(f"<!--papershelf-card-{self.number[paper.slug]}-{skip}-{mark}-->")

    def fill(self, html: str, page: str) -> str:
        """The HTML of a page (its address from the site's root) with its cards put in."""
        root = urls.root(page)
        return _CARD.sub(lambda match: self._card(
            int(match[1]), self.slugs[int(match[2])] if match[2] else "", root,
            int(match[3]) if match[3] else None), html)

    def digest(self, number: int) -> bytes:
        """A digest of what a paper's card is made of, whatever page it is on."""
        if number not in self.digests:
            card, tagged = self._made(number)
            made = "".join([card, *(self.chips[slug] for slug in tagged)])
            self.digests[number] = hashlib.blake2b(made.encode(), digest_size=16).digest()
        return self.digests[number]

    def _made(self, number: int) -> tuple[str, list[str]]:
        if number not in self.made:
            paper = self.papers[number]
            self.made[number] = (self._card_html(paper),
                                 [tag.slug for tag in chips(paper, self.tags)])
        return self.made[number]

    def _card_html(self, paper: Paper) -> str:
        """A paper's card, with the stand-ins for the way to the root and its chips."""
        return self.template.render(paper=paper, site=self.site, href=_from_root,
                                    chips=Markup(_CHIPS), authors=Markup(_AUTHORS),
                                    citations=self.citations)

    def _card(self, number: int, skip_tag: str, root: str, marked: int | None) -> str:
        card, tagged = self._made(number)
        shown = "".join(self.chips[slug] for slug in tagged if slug != skip_tag)
        line = f'<p class="ps-card__tags">{shown}</p>\n' if shown else ""
        return (card.replace(_CHIPS, line).replace(_AUTHORS, self._authors(number, marked))
                .replace(_ROOT, root))

    def _authors(self, number: int, marked: int | None) -> str:
        """A card's line of authors: the first few, the others behind "+N more"; the marked
        one (an author page's author) in bold and never behind it."""
        if marked is None and number in self.lines:  # a marked line is on one page only
            return self.lines[number]
        paper = self.papers[number]
        shown = max(self.site.authors_shown, 0 if marked is None else marked + 1)
        line = self.authors_line.render(authors=paper.authors, shown=shown, marked=marked).strip()
        if marked is None:
            self.lines[number] = line
        return line


def _from_root(target: str) -> str:
    return _ROOT + target


@dataclass
class KeptPages:
    """Paper pages by the whole context their template was given, kept from one call of
    render_pages to the next by its caller (the plugin, across the builds of `mkdocs
    serve`): a page whose context is the same is not rendered again. The context holds
    hashable values only, and is the key as it is, with the template: an input added
    to the template is part of it."""

    last: dict[tuple[object, ...], Page] = field(default_factory=dict)
    now: dict[tuple[object, ...], Page] = field(default_factory=dict)


def render_pages(index: Index, site: Site, related: Scoring | None = None,
                 kept: KeptPages | None = None) -> list[Page]:
    """Every page of the site: home, one per paper, tag, venue, author and year, and their
    indexes. `related` is start_related's, when the caller started it sooner; `kept` holds
    the paper pages of the caller's last call, and gets this call's.

    What the pages share (the cards, the heads of list pages) is made once for this call's
    pages and goes with them."""
    kept = kept or KeptPages()
    kept.last, kept.now = kept.now, {}
    tags = {tag.slug: tag for tag, _ in index.tags}
    common: _Common = {"site": site, "tags": tags, "authors": index.author_of,
                       "cards": _Cards(site, tags, index.papers, index.author_of,
                                       index.citations)}
    head = functools.cache(_head)
    feeds = functools.partial(head, site)
    letters = [(letter, urls.author_letter(letter), list(group)) for letter, group
               in itertools.groupby(index.authors, key=lambda author: author.letter)]
    prolific = sorted(index.authors, key=lambda author: -len(author.papers))[:PROLIFIC]
    pages = [
        _page(urls.HOME, "home.md", "Papers", feeds, {"hide": ["navigation", "toc"]},
              index=index, newest=index.papers[:NEWEST], browse=urls.BROWSE, home=urls.HOME,
              **common),
        _page(urls.TAGS, "tags.md", "Tags", feeds, index=index, **common),
        _page(urls.VENUES, "venues.md", "Venues", feeds, index=index, **common),
        _page(urls.AUTHORS, "authors.md", "Authors", feeds, index=index, letters=letters,
              prolific=prolific, **common),
        _page(urls.YEARS, "years.md", "Years", feeds, index=index, **common),
        _page(urls.STATS, "stats.md", "Stats", feeds, stats=list_stats(index), **common),
        # A to-do list for curators: kept out of search (search.py makes no record of it).
        # Filled by papershelf.js from the search index: nothing of it to search.
        _page(urls.RESULTS, "results.md", "Search", feeds,
              {"hide": ["navigation", "toc"], "search": {"exclude": True}}, **common),
        _page(urls.HEALTH, "health.md", "List health", feeds,
              {"hide": ["toc"], "search": {"exclude": True}},
              sections=list_health(index, site.today), shown=SHOWN, **common),
    ]
    pages += [_page(url, "letter.md", f"Authors: {letter}", feeds, letter=letter, letters=letters,
                    listed=authors, **common)
              for letter, url, authors in letters]
    related = related or start_related(index.papers, index.author_of)  # while lists render
    more_by = more_by_authors(index.papers, index.author_of)
    lists = _list_pages(index, head, common)
    scored = related()
    template = _ENV.get_template("paper.md")  # read once for all the paper pages
    on_paths = paths_of_papers(index)
    pages += [_paper_page(paper, index, common, kept, template, scored[paper.slug],
                          *more_by[paper.slug], on_paths.get(paper.slug, ()))
              for paper in index.papers]
    # Where a link of a curator's page to a paper's or another page's file leads.
    files = {f"{paper.slug}.md": urls.paper(paper.slug) for paper in index.papers}
    files |= {page_file(page): urls.curator_page(page.slug) for page in index.pages}
    pages += [_curator_page(page, files, feeds, common) for page in index.pages]
    pages += _path_pages(index, head, common)
    return pages + lists


def _path_pages(index: Index, head: Callable[..., str], common: _Common) -> list[Page]:
    """The reading paths' page, and each path's: its introduction, then its papers in
    order, each with why it comes there."""
    if not index.paths:
        return []
    site, by_slug = common["site"], {paper.slug: paper for paper in index.papers}
    intros = {path.slug: render_notes(path.intro).html if path.intro else ""
              for path in index.paths}
    leads = [(path, _first_paragraph(intros[path.slug])) for path in index.paths]
    pages = [_page(urls.PATHS, "paths.md", PATHS_TITLE, functools.partial(head, site),
                   paths=leads, **common)]
    for path in index.paths:
        url = urls.reading_path(path.slug)
        steps = [(by_slug[step.paper], step.why) for step in path.steps]
        pages.append(_page(url, "path.md", formulas.plain(path.title),
                           functools.partial(head, site, feed=(path.title, url)),
                           intro=Markup(intros[path.slug]), steps=steps, address=url, **common))
    return pages


@dataclass(frozen=True)
class PathStep:
    """Where a paper is on a reading path, as its page says it: the path's title and
    address, the step's number, the number of steps, and the papers before and after it
    (title, address), if any."""

    title: str
    url: str
    number: int
    total: int
    previous: tuple[str, str] | None
    next: tuple[str, str] | None


def paths_of_papers(index: Index) -> dict[str, tuple[PathStep, ...]]:
    """The reading paths each paper is on, by its slug, in the paths' order."""
    by_slug = {paper.slug: paper for paper in index.papers}
    found: dict[str, list[PathStep]] = {}
    for path in index.paths:
        papers = [by_slug[step.paper] for step in path.steps]
        for number, paper in enumerate(papers, 1):
            before = papers[number - 2] if number > 1 else None
            after = papers[number] if number < len(papers) else None
            found.setdefault(paper.slug, []).append(PathStep(
                path.title, urls.reading_path(path.slug), number, len(papers),
                (before.title, before.url) if before else None,
                (after.title, after.url) if after else None))
    return {slug: tuple(steps) for slug, steps in found.items()}


def _first_paragraph(html_text: str) -> Markup:
    """The text of the first paragraph of rendered Markdown, its math kept."""
    found = re.search(r"<p>(.*?)</p>", html_text, re.DOTALL)
    return Markup(found[1]) if found else Markup("")


def _curator_page(page: CuratorPage, files: Mapping[str, str], head: Callable[[], str],
                  common: _Common) -> Page:
    """A page of the curator's own: its Markdown, its links to paper and page files made
    links to their pages (files: each file's page), rendered and sanitised as notes are."""
    url = urls.curator_page(page.slug)

    def address(file: str) -> str | None:
        return urls.relative(files[file], url) if file in files else None

    notes = render_notes(linked(page, page.path.parent.parent, address))
    rendered = _page(url, "curator.md", page.title, head, body=Markup(notes.html), **common)
    return replace(rendered, notes_headings=notes.headings)


def _list_pages(index: Index, head: Callable[..., str], common: _Common) -> list[Page]:
    """The pages of each tag, venue, author and year (`head`: what makes their heads)."""
    site = common["site"]
    feeds, pages = functools.partial(head, site), []
    for tag, papers in index.tags:
        pages += _paged(tag.url, "tag.md", tag.name, functools.partial(head, site, tag=tag),
                        papers, tag=tag, **common)
    for venue in index.venues:
        pages += _paged(venue.url, "venue.md", venue.series.short, feeds, venue.papers,
                        venue=venue, **common)
    for author in index.authors:
        pages += _paged(author.url, "author.md", author.name, feeds, author.papers,
                        author=author, **common)
    for year in index.years:
        pages += _paged(year.url, "year.md", str(year.number), feeds, year.papers, **common)
    return pages


def _paged(url: str, template: str, title: str, head: Callable[[], str], papers: Sequence[Paper],
           **context: Any) -> list[Page]:
    """A list of papers as pages of `page_size` cards each: the first at url, the next at
    url's page/2/, page/3/, ...; each page links every other."""
    size = context["site"].page_size
    numbers = range(1, max(1, -(-len(papers) // size)) + 1)
    pager = [(number, urls.paged(url, number)) for number in numbers] if len(numbers) > 1 else []
    return [_page(urls.paged(url, number), template,
                  title if number == 1 else f"{title} (page {number})", head,
                  papers=papers[(number - 1) * size: number * size], total=len(papers),
                  pager=pager, number=number, **context)
            for number in numbers]


def _paper_page(paper: Paper, index: Index, common: _Common, kept: KeptPages,
                template: jinja2.Template, related: tuple[Related, ...],
                more_by: tuple[Related, ...], more_authors: tuple[Author, ...],
                on_paths: tuple[PathStep, ...] = ()) -> Page:
    """A paper's page, the last call's if its context is the same; more_by leaves out the
    papers related already."""
    site, tags, authors = common["site"], common["tags"], common["authors"]
    listed = {item.paper.slug for item in related}
    context = {
        "paper": paper, "site": site, "buttons": tuple(buttons(paper)),
        "authors": tuple((name, authors[name].url) for name in paper.authors),
        "chips": tuple(chips(paper, tags)),
        "bibtex": bibtex.entry(paper, index.keys[paper.slug], index.organizations),
        "related": tuple((item.paper, reason(item, tags)) for item in related),
        "more_by": tuple((item.paper, "By " + ", ".join(item.authors)) for item in more_by
                         if item.paper.slug not in listed),
        "more_authors": tuple((author.name, author.url, len(author.papers))
                              for author in more_authors),
        "paths": on_paths,
        "citations": index.citations.cited(paper.slug) if index.citations else None,
    }
    # The template itself is part of the key: Jinja gives a new one when its file changes.
    key = (template, *context.items())
    page = kept.last.get(key)
    if page is None:
        notes = render_notes(paper.notes) if paper.notes else None
        meta = {"template": "paper.html", "heading": str(formulas.html(paper.title)),
                "description": html.escape(summary(formulas.plain(paper.abstract),
                                                   site.summary_length))}
        page = _page(paper.url, template, formulas.plain(paper.title),
                     _paper_head(site, paper, tags), meta,
                     notes=Markup(notes.html) if notes else "", **context)
        page = replace(page, notes_headings=notes.headings if notes else ())
    kept.now[key] = page
    return page


def _paper_head(site: Site, paper: Paper, tags: dict[str, Tag]) -> Callable[[], str]:
    """A paper page's <head>, made when asked for (its tags' names are its keywords)."""
    return functools.partial(_head, site, paper,
                             keywords=tuple(tags[slug].name for slug in paper.tags))


def buttons(paper: Paper) -> list[tuple[str, str]]:
    """The link buttons of a paper page: arXiv, PDF and DOI first, then the paper's links."""
    links = dict(paper.links)
    found = [("arXiv", paper.arxiv_url), ("PDF", paper.pdf_url), ("DOI", paper.doi_url)]
    found += [(label, links[kind]) for kind, label in LINK_KINDS.items()
              if kind in links and kind != "pdf"]
    return [(label, url) for label, url in found if url]


def record_html(kind: str, title: str, **context: Any) -> str:
    """A search record's HTML (templates/search_record.html), every value escaped."""
    return _ENV.get_template("search_record.html").render(kind=kind, title=title,
                                                          **{"paper": None, **context})


def _page(url: str, template: str | jinja2.Template, title: str, head: Callable[[], str],
          meta: Mapping[str, object] | None = None, **context: Any) -> Page:
    """A page rendered from its template; its cards (`card` in the template) are filled in
    as it is written, from those of the context's `cards`, if it gives them."""
    # Material prints the title and description of the front matter unescaped: escape them.
    front_matter = {"title": html.escape(title), **(meta or {})}
    blocks: dict[str, str] = {}
    cards: _Cards | None = context.get("cards")
    makes = {"card": cards.marker} if cards else {}
    body = _ENV.get_template(template).render(
        href=lambda target: urls.relative(target, url), blocks=blocks, **makes, **context)
    return Page(url, front_matter, body, blocks, head, cards)


def _head(site: Site, paper: Paper | None = None, tag: Tag | None = None,
          keywords: tuple[str, ...] = (), feed: tuple[str, str] | None = None) -> str:
    """What goes in a page's <head>: links to the feeds (the list's; a tag's; `feed`, a
    reading path's title and address) and, for a paper, its metadata (its tags' names are
    its keywords)."""
    feeds = [(site.name, urls.HOME)] + ([(f"{tag.name} · {site.name}", tag.url)] if tag else [])
    feeds += [(f"{formulas.plain(feed[0])} · {site.name}", feed[1])] if feed else []
    context: dict[str, object] = {
        "site": site, "paper": paper,
        "feeds": [(title, urls.absolute(site.url, urls.atom_feed(page)),
                   urls.absolute(site.url, urls.json_feed(page))) for title, page in feeds]}
    if paper:
        kind = paper.venue.series.kind if paper.venue else None
        context |= {"page_url": urls.absolute(site.url, paper.url),
                    "venue_tag": CITATION_VENUE_TAGS.get(kind) if kind else None,
                    "json_ld": _json_ld(paper, site, keywords),
                    "summary": summary(formulas.plain(paper.abstract), site.summary_length)}
    return _ENV.get_template("head.html").render(context)


def _json_ld(paper: Paper, site: Site, keywords: tuple[str, ...]) -> Markup:
    """The schema.org ScholarlyArticle of a paper, as JSON safe inside a <script> element."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": formulas.plain(paper.title),
        "name": formulas.plain(paper.title),
        "author": [{"@type": "Person", "name": name} for name in paper.authors],
        "datePublished": str(paper.date),
        "url": urls.absolute(site.url, paper.url),
        "keywords": list(keywords),
    }
    same_as = [url for url in (paper.arxiv_url, paper.doi_url) if url]
    data |= {"sameAs": same_as} if same_as else {}
    data |= _is_part_of(paper, site)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # No "</script>" or "<!--" can close the element: <, > and & become JSON escapes.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _is_part_of(paper: Paper, site: Site) -> dict[str, object]:
    """The JSON-LD `isPartOf` of a paper: its venue's series, as a series of works or a
    periodical."""
    series = paper.venue.series if paper.venue else None
    if series is None or series.kind not in SCHEMA_ORG_VENUES:
        return {}
    return {"isPartOf": {"@type": SCHEMA_ORG_VENUES[series.kind], "name": series.name,
                         "alternateName": series.short,
                         "url": urls.absolute(site.url, series.url)}}
