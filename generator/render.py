"""The site's pages, rendered from the index as Markdown with Jinja2 templates.

Every value from a paper file reaches a page HTML-escaped: templates autoescape, and
the page title (which the theme prints unescaped) is escaped here. The notes are the one
exception: they are Markdown, and the rendered page is sanitised by `sanitise_html`.

The HTML a template writes inside `{% filter block %}` is kept out of the Markdown: the
page text holds a placeholder comment and `Page.inline` puts the HTML back after
Markdown has run. Markdown would only pass that HTML through, but parsing it first
made builds of a large list about a third slower.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
import nh3
import yaml
from markupsafe import Markup

from generator import bibtex
from generator.index import Index
from generator.model import PartialDate, Paper
from generator.urls import arxiv_url, doi_url, pdf_url

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
BUTTONS = (("code", "Code"), ("project", "Project"), ("video", "Video"), ("slides", "Slides"),
           ("blog", "Blog"), ("data", "Data"), ("model", "Model"))


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes, its Markdown with front matter, its HTML blocks."""

    src_uri: str
    text: str
    blocks: tuple[str, ...] = ()

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


TEMPLATES = Path(__file__).parent / "templates"
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_ENV.filters.update(block=_block, human_date=human_date,
                    plural=lambda noun, count: noun if count == 1 else noun + "s")


def render_pages(index: Index) -> list[Page]:
    """Every page of the site: home, one per paper, tag, author and year, and their indexes."""
    tags = {tag.slug: tag for tag, _ in index.tags}
    pages = [
        _page("index.md", "home.md", "Papers", unsearched=True, index=index, tags=tags),
        _page("tags/index.md", "tags.md", "Tags", index=index),
        _page("authors/index.md", "authors.md", "Authors", index=index,
              letters=[(letter, list(group)) for letter, group
                       in itertools.groupby(index.authors, key=lambda author: author.letter)]),
        _page("years/index.md", "years.md", "Years", unsearched=True, index=index),
    ]
    pages += [_page(f"papers/{paper.slug}.md", "paper.md", paper.title, layout="paper.html",
                    paper=paper, tags=tags, authors=index.author_of, buttons=buttons(paper),
                    bibtex=bibtex.entry(paper, index.keys[paper.slug]))
              for paper in index.papers]
    pages += [_page(f"tags/{tag.slug}.md", "tag.md", tag.name, tag=tag, papers=papers, tags=tags)
              for tag, papers in index.tags]
    pages += [_page(f"authors/{author.slug}.md", "author.md", author.name, author=author, tags=tags,
                    authors=index.author_of)
              for author in index.authors]
    pages += [_page(f"years/{year}.md", "year.md", str(year), unsearched=True, papers=papers, tags=tags)
              for year, papers in index.years]
    return pages


def buttons(paper: Paper) -> list[tuple[str, str]]:
    """The link buttons of a paper page: arXiv, PDF and DOI first, then the paper's links."""
    links = dict(paper.links)
    found = [("arXiv", arxiv_url(paper)), ("PDF", pdf_url(paper)), ("DOI", doi_url(paper))]
    found += [(label, links[kind]) for kind, label in BUTTONS if kind in links]
    return [(label, url) for label, url in found if url]


def _page(src_uri: str, template: str, title: str, layout: str = "", unsearched: bool = False,
          **context) -> Page:
    # `layout` is the theme template the page asks for (the paper page has its own);
    # pages that are only lists of papers are `unsearched`, so search lands on the papers.
    meta = {"title": html.escape(title)} | ({"template": layout} if layout else {})
    meta |= {"search": {"exclude": True}} if unsearched else {}
    depth = src_uri.count("/") + (src_uri != "index.md" and not src_uri.endswith("/index.md"))
    blocks: list[str] = []
    body = _ENV.get_template(template).render(root="../" * depth, blocks=blocks, **context)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1 << 16)
    return Page(src_uri, f"---\n{front}---\n\n{body}", tuple(blocks))


_ALLOWED_ATTRIBUTES = {"*": {"class", "id", "title", "lang", "dir"}, "a": {"href"},
                       "img": {"src", "alt", "width", "height"}, "time": {"datetime"},
                       "th": {"align"}, "td": {"align"}, "ol": {"start"}}


def sanitise_html(content: str) -> str:
    """HTML with only an allow-list of tags and attributes, and only http(s) and relative links."""
    return nh3.clean(content, attributes=_ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel=None)
