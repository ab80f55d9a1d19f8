"""Feeds of the most recently added papers, Atom and JSON Feed, for the list and each tag."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import TypedDict

from feedgenerator import Atom1Feed, rfc3339_date
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator

from generator import formulas, urls
from generator.index import Index
from generator.model import Paper, PartialDate, Site, Tag

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# An empty feed still needs an `updated`: a fixed one keeps two builds identical.
EMPTY_FEED_UPDATED = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Entry:
    """One paper as both feed formats show it."""

    url: str
    title: str
    authors: tuple[str, ...]
    summary: str
    tags: tuple[Tag, ...]
    published: datetime.datetime


@dataclass(frozen=True)
class Feed:
    """One feed in either format: its title, the page it follows (whose folder holds its
    files), its entries."""

    title: str
    description: str
    site_url: str
    page: str
    entries: tuple[Entry, ...]

    @property
    def home_url(self) -> str:
        """The page the feed follows: the site root or the tag's page."""
        return urls.absolute(self.site_url, self.page)

    @property
    def atom_url(self) -> str:
        return urls.absolute(self.site_url, urls.atom_feed(self.page))

    @property
    def json_url(self) -> str:
        return urls.absolute(self.site_url, urls.json_feed(self.page))


class _Item(TypedDict):
    """What add_item_elements reads of an item: atom_text gives these to add_item."""

    authors: tuple[str, ...]
    summary: str
    tags: tuple[Tag, ...]


# feedgenerator has no types: its class is Any to mypy, which strict mode does not subclass.
class PaperAtomFeed(Atom1Feed):  # type: ignore[misc]
    """Atom with every author of an entry, a plain-text summary and labelled categories."""

    def add_item_elements(self, handler: SimplerXMLGenerator, item: _Item) -> None:
        """Write the library's entry elements, then the authors, summary and categories."""
        # The library writes one author and an HTML summary, so atom_text gives it neither.
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        handler.addQuickElement("summary", item["summary"], {"type": "text"})
        for tag in item["tags"]:
            handler.addQuickElement("category", "", {"term": tag.slug, "label": tag.name})

    def latest_post_date(self) -> datetime.datetime:
        """The newest entry's date, never the build time."""
        return max((item["pubdate"] for item in self.items), default=EMPTY_FEED_UPDATED)


def feed_files(index: Index, site: Site) -> dict[str, str]:
    """Every feed file by its site path: Atom and JSON Feed of the whole list and of each tag."""
    files = {}
    for feed in all_feeds(index, site):
        files[urls.atom_feed(feed.page)] = atom_text(feed)
        files[urls.json_feed(feed.page)] = json_text(feed)
    return files


def all_feeds(index: Index, site: Site) -> list[Feed]:
    """The feed of the whole list, then one per tag, then one per reading path."""
    tag_of = {tag.slug: tag for tag, _ in index.tags}
    by_slug = {paper.slug: paper for paper in index.papers}

    def entries(papers: tuple[Paper, ...]) -> tuple[Entry, ...]:
        latest = sorted(papers, key=most_recent_first)[:site.feed_size]
        return tuple(paper_entry(paper, site.url, tag_of) for paper in latest)

    return [Feed(site.name, "", site.url, urls.HOME, entries(index.papers))] + [
        Feed(f"{tag.name} · {site.name}", tag.description, site.url, tag.url, entries(papers))
        for tag, papers in index.tags] + [
        Feed(f"{formulas.plain(path.title)} · {site.name}", "", site.url,
             urls.reading_path(path.slug),
             entries(tuple(by_slug[step.paper] for step in path.steps)))
        for path in index.paths]


def most_recent_first(paper: Paper,
                      ) -> tuple[bool, tuple[int, ...], tuple[int, int, int], str]:
    """Total order of a feed: newest `added` first (papers without it last), newest date, slug."""
    added = paper.added.newest_first if paper.added else ()
    return (paper.added is None, added, paper.date.newest_first, paper.slug)


def paper_entry(paper: Paper, site_url: str, tag_of: dict[str, Tag]) -> Entry:
    """A paper as a feed entry: its page's address, its facts, the day it was added."""
    return Entry(
        url=urls.absolute(site_url, paper.url),
        title=formulas.plain(paper.title),
        authors=paper.authors,
        summary=formulas.plain(paper.abstract),
        tags=tuple(tag_of[slug] for slug in paper.tags),
        published=midnight_utc(paper.added or paper.date),
    )


def midnight_utc(date: PartialDate) -> datetime.datetime:
    """The first moment of a date in UTC; an unknown month or day counts as the first."""
    return datetime.datetime(date.year, date.month or 1, date.day or 1,
                             tzinfo=datetime.UTC)


def atom_text(feed: Feed) -> str:
    """The feed as an Atom document."""
    atom = PaperAtomFeed(title=feed.title, link=feed.home_url, description=feed.description,
                         feed_url=feed.atom_url, feed_guid=feed.atom_url)
    for entry in feed.entries:
        atom.add_item(title=entry.title, link=entry.url, description=None,
                      unique_id=entry.url, pubdate=entry.published,
                      authors=entry.authors, summary=entry.summary, tags=entry.tags)
    text: str = atom.writeString("utf-8")
    return text


def json_text(feed: Feed) -> str:
    """The feed as a JSON Feed 1.1 document."""
    document: dict[str, object] = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.json_url,
        "items": [json_item(entry) for entry in feed.entries],
    }
    if feed.description:
        document["description"] = feed.description
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def json_item(entry: Entry) -> dict[str, object]:
    """One entry as a JSON Feed item."""
    return {
        "id": entry.url,
        "url": entry.url,
        "title": entry.title,
        "content_text": entry.summary,
        "authors": [{"name": name} for name in entry.authors],
        "tags": [tag.name for tag in entry.tags],
        "date_published": rfc3339_date(entry.published),
    }
