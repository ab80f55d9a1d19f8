"""The site's pages, rendered from the index as Markdown with Jinja2 templates.

Every value from a paper file reaches a page HTML-escaped: templates autoescape, and
the page title (which the theme prints unescaped) is escaped here. The notes are the one
exception: they are Markdown, and the site sanitises the rendered page (see sanitise.py).

The HTML a template writes inside `{% filter block %}` is kept out of the Markdown: the
page text holds a placeholder comment and `Page.inline` puts the HTML back after
Markdown has run. Markdown would only pass that HTML through, but parsing it first
made builds of a large list about a third slower.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from generator import bibtex
from generator.bibtex import is_journal
from generator.index import Index
from generator.model import PartialDate, Paper, Tag
from generator.urls import absolute, arxiv_url, doi_url, paper_path, pdf_url, tag_path

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
BUTTONS = (("code", "Code"), ("project", "Project"), ("video", "Video"), ("slides", "Slides"),
           ("poster", "Poster"), ("supplement", "Supplement"), ("blog", "Blog"), ("data", "Data"),
           ("model", "Model"))


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes, its Markdown with front matter, its HTML blocks."""

    src_uri: str
    text: str
    blocks: tuple[str, ...] = ()
    head: str = ""

    def inline(self, text: str) -> str:
        """Text (the page's Markdown, or the HTML made of it) with its blocks put back."""
        return _PLACEHOLDER.sub(lambda match: self.blocks[int(match[1])], text)


_PLACEHOLDER = re.compile(r"<!--papershelf-block-(\d+)-->")


@jinja2.pass_context
def _block(context: jinja2.runtime.Context, html: str) -> Markup:
    blocks = context["blocks"]
    blocks.append(html)
    # Blank lines around make the placeholder a Markdown block of its own wherever it stands.
    return Markup(f"\n\n<!--papershelf-block-{len(blocks) - 1}-->\n\n")


def human_date(date: PartialDate) -> str:
    """26 April 2020, April 2020 or 2020, as much as is known."""
    parts = [str(date.day) if date.day else "", MONTHS[date.month - 1] if date.month else "",
             str(date.year)]
    return " ".join(part for part in parts if part)


def summary(abstract: str, length: int = 200) -> str:
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
)
_ENV.filters.update(block=_block, human_date=human_date, summary=summary,
                    plural=lambda noun, count: noun if count == 1 else noun + "s")


@dataclass(frozen=True)
class Site:
    """What pages need to know of the site: its address (maybe a sub-path) and its name."""

    url: str
    name: str


def render_pages(index: Index, site: Site) -> list[Page]:
    """Every page of the site: home, one per paper, tag, author and year, and their indexes."""
    tags = {tag.slug: tag for tag, _ in index.tags}
    feeds, unsearched = _head(site), {"search": {"exclude": True}}
    letters = [(letter, list(group))
               for letter, group in itertools.groupby(index.authors, key=lambda author: author.letter)]
    pages = [
        _page("index.md", "home.md", "Papers", feeds, unsearched, index=index, tags=tags),
        _page("tags/index.md", "tags.md", "Tags", feeds, index=index),
        _page("authors/index.md", "authors.md", "Authors", feeds, index=index, letters=letters),
        _page("years/index.md", "years.md", "Years", feeds, unsearched, index=index),
    ]
    pages += [_page(f"papers/{paper.slug}.md", "paper.md", paper.title, _head(site, paper=paper, tags=tags),
                    {"template": "paper.html", "description": html.escape(summary(paper.abstract))},
                    paper=paper, tags=tags, authors=index.author_of, buttons=buttons(paper),
                    bibtex=bibtex.entry(paper, index.keys[paper.slug]))
              for paper in index.papers]
    pages += [_page(f"tags/{tag.slug}.md", "tag.md", tag.name, _head(site, tag=tag), tag=tag,
                    papers=papers, tags=tags)
              for tag, papers in index.tags]
    pages += [_page(f"authors/{author.slug}.md", "author.md", author.name, feeds, author=author,
                    tags=tags, authors=index.author_of)
              for author in index.authors]
    pages += [_page(f"years/{year}.md", "year.md", str(year), feeds, unsearched, papers=papers, tags=tags)
              for year, papers in index.years]
    return pages


def buttons(paper: Paper) -> list[tuple[str, str]]:
    """The link buttons of a paper page: arXiv, PDF and DOI first, then the paper's links."""
    links = dict(paper.links)
    found = [("arXiv", arxiv_url(paper)), ("PDF", pdf_url(paper)), ("DOI", doi_url(paper))]
    found += [(label, links[kind]) for kind, label in BUTTONS if kind in links]
    return [(label, url) for label, url in found if url]


def _page(src_uri: str, template: str, title: str, head: str, meta: dict | None = None,
          **context) -> Page:
    # Material prints the title and description of the front matter unescaped: escape them.
    front_matter = {"title": html.escape(title)} | (meta or {})
    depth = src_uri.count("/") + (src_uri != "index.md" and not src_uri.endswith("/index.md"))
    blocks: list[str] = []
    body = _ENV.get_template(template).render(root="../" * depth, blocks=blocks, **context)
    front = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False, width=1 << 16)
    return Page(src_uri, f"---\n{front}---\n\n{body}", tuple(blocks), head)


def _head(site: Site, paper: Paper | None = None, tag: Tag | None = None,
          tags: dict[str, Tag] | None = None) -> str:
    """What goes in a page's <head>: links to the feeds and, for a paper, its metadata."""
    context = {"site": site, "tag": tag, "paper": paper, "absolute": absolute, "tag_path": tag_path}
    if paper:
        context |= {"page_url": absolute(site.url, paper_path(paper)), "pdf": pdf_url(paper),
                    "journal": is_journal(paper.venue), "json_ld": _json_ld(paper, site, tags)}
    return _ENV.get_template("head.html").render(context)


def _json_ld(paper: Paper, site: Site, tags: dict[str, Tag]) -> Markup:
    """The schema.org ScholarlyArticle of a paper, as JSON safe inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": paper.title,
        "name": paper.title,
        "author": [{"@type": "Person", "name": name} for name in paper.authors],
        "datePublished": str(paper.date),
        "url": absolute(site.url, paper_path(paper)),
        "keywords": [tags[slug].name for slug in paper.tags],
    }
    same_as = [url for url in (arxiv_url(paper), doi_url(paper)) if url]
    data |= {"sameAs": same_as} if same_as else {}
    data |= {"abstract": paper.abstract} if paper.abstract else {}
    data |= {"isPartOf": {"@type": "Periodical" if is_journal(paper.venue) else "Event",
                          "name": paper.venue}} if paper.venue else {}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # No "</script>" or "<!--" can close the element: <, > and & become JSON escapes.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
