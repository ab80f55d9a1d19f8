"""Feeds of the most recently added papers, Atom and JSON Feed, for the list and each tag."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from feedgenerator import Atom1Feed, rfc3339_date

from generator.index import Index
from generator.model import Paper, PartialDate, Tag
from generator.urls import absolute, paper_path, tag_path

FEED_SIZE = 50
ATOM_FILE = "feed.xml"
JSON_FILE = "feed.json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# An empty feed still needs an `updated`: a fixed one keeps two builds identical.
EMPTY_FEED_UPDATED = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


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
    """One feed in either format: its title, the page it follows, its folder, its entries."""

    title: str
    description: str
    site_url: str
    folder: str
    entries: tuple[Entry, ...]

    @property
    def home_url(self) -> str:
        """The page the feed follows: the site root or the tag's page."""
        return absolute(self.site_url, self.folder)

    def url(self, name: str) -> str:
        """The full address of one of the feed's files."""
        return absolute(self.site_url, self.folder + name)


class PaperAtomFeed(Atom1Feed):
    """Atom with every author of an entry, a plain-text summary and labelled categories."""

    def add_item_elements(self, handler, item) -> None:
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


def feed_files(index: Index, site_url: str, site_name: str) -> dict[str, str]:
    """Every feed file by its site path: Atom and JSON Feed of the whole list and of each tag."""
    files = {}
    for feed in all_feeds(index, site_url, site_name):
        files[feed.folder + ATOM_FILE] = atom_text(feed)
        files[feed.folder + JSON_FILE] = json_text(feed)
    return files


def all_feeds(index: Index, site_url: str, site_name: str) -> list[Feed]:
    """The feed of the whole list, then one per tag."""
    tag_of = {tag.slug: tag for tag, _ in index.tags}

    def entries(papers: tuple[Paper, ...]) -> tuple[Entry, ...]:
        return tuple(paper_entry(paper, site_url, tag_of) for paper in most_recent(papers))

    return [Feed(site_name, "", site_url, "", entries(index.papers))] + [
        Feed(f"{tag.name} · {site_name}", tag.description, site_url, tag_path(tag.slug),
             entries(papers))
        for tag, papers in index.tags]


def most_recent(papers: tuple[Paper, ...]) -> list[Paper]:
    """The FEED_SIZE most recently added papers, most recent first."""
    return sorted(papers, key=most_recent_first)[:FEED_SIZE]


def most_recent_first(paper: Paper) -> tuple:
    """Total order of a feed: newest `added` first (papers without it last), newest date, slug."""
    added = paper.added or PartialDate(0)
    return (paper.added is None, -added.year, -added.month, -added.day,
            -paper.date.year, -paper.date.month, -paper.date.day, paper.slug)


def paper_entry(paper: Paper, site_url: str, tag_of: dict[str, Tag]) -> Entry:
    """A paper as a feed entry: its page's address, its facts, the day it was added."""
    return Entry(
        url=absolute(site_url, paper_path(paper)),
        title=paper.title,
        authors=paper.authors,
        summary=paper.abstract,
        tags=tuple(tag_of[slug] for slug in paper.tags),
        published=midnight_utc(paper.added or paper.date),
    )


def midnight_utc(date: PartialDate) -> datetime.datetime:
    """The first moment of a date in UTC; an unknown month or day counts as the first."""
    return datetime.datetime(date.year, date.month or 1, date.day or 1,
                             tzinfo=datetime.timezone.utc)


def atom_text(feed: Feed) -> str:
    """The feed as an Atom document."""
    atom = PaperAtomFeed(title=feed.title, link=feed.home_url, description=feed.description,
                         feed_url=feed.url(ATOM_FILE), feed_guid=feed.url(ATOM_FILE))
    for entry in feed.entries:
        atom.add_item(title=entry.title, link=entry.url, description=None,
                      unique_id=entry.url, pubdate=entry.published,
                      authors=entry.authors, summary=entry.summary, tags=entry.tags)
    return atom.writeString("utf-8")


def json_text(feed: Feed) -> str:
    """The feed as a JSON Feed 1.1 document."""
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.url(JSON_FILE),
        "items": [json_item(entry) for entry in feed.entries],
    }
    if feed.description:
        document["description"] = feed.description
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def json_item(entry: Entry) -> dict:
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
