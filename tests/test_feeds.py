"""Feeds: Atom and JSON Feed of the most recently added papers, for the list and for each tag."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import feedparser
import jsonschema
import pytest
from conftest import FIXTURE_LIST, REPO, write_paper

from generator.feeds import feed_files
from generator.index import build_index, check_list
from generator.model import Site

SITE_URL = "https://example.org/shelf/"
SITE_NAME = "Shelf"

# The fixture list as its feed shows it, written from the files: the one paper with `added`
# first, then the others by date, newest first. A missing month or day counts as the first.
SMITH = {
    "url": "https://example.org/shelf/papers/smith-long-document-matching/",
    "title": "Beyond 512 Tokens: Siamese Multi-depth Transformer-based Hierarchical Encoder "
             "for Long-Form Document Matching",
    "authors": ["Liu Yang", "Mingyang Zhang", "Marc Najork"],
    "summary": "Semantic matching between long-form documents is relatively less explored.\n\n"
               "We propose the SMITH encoder, which raises the maximum input length from 512 "
               "to 2048.",
    "tags": [("retrieval", "Retrieval")],
    "date": datetime(2026, 11, 26, tzinfo=UTC),
}
LESS_IS_MORE = {
    "url": "https://example.org/shelf/papers/less-is-more/",
    "title": "Less <is> More: *Stars* & _Underscores_ [1]",
    "authors": ["Ada <b>Lovelace</b>"],
    "summary": "A & B < C > D; x_1 * y_2 and `code`.",
    "tags": [("vision", "Vision")],
    "date": datetime(2023, 1, 2, tzinfo=UTC),
}
GARCIA = {
    "url": "https://example.org/shelf/papers/garcia-vision-paper/",
    "title": "Seeing in the Dark with Natural Transformations",
    "authors": ["José García", "M. Najork"],
    "summary": "We learn to see in the dark.",
    "tags": [("vision", "Vision"), ("interpretability", "Interpretability")],
    "date": datetime(2021, 5, 1, tzinfo=UTC),
}
POINTER = {
    "url": "https://example.org/shelf/papers/pointer-networks/",
    "title": "Pointer Networks",
    "authors": ["Oriol Vinyals", "Meire Fortunato", "Navdeep Jaitly"],
    "summary": "We introduce a new neural architecture to learn the conditional probability of "
               "an output sequence.",
    "tags": [("interpretability", "Interpretability")],
    "date": datetime(2015, 1, 1, tzinfo=UTC),
}
LIST_ENTRIES = [SMITH, LESS_IS_MORE, GARCIA, POINTER]

# tag slug: its feed's title, its page, its description and its entries.
TAG_FEEDS = {
    "interpretability": ("Interpretability · Shelf",
                         "https://example.org/shelf/tags/interpretability/",
                         "What networks compute.", [GARCIA, POINTER]),
    "retrieval": ("Retrieval · Shelf", "https://example.org/shelf/tags/retrieval/",
                  "Finding documents for a query.", [SMITH]),
    "vision": ("Vision · Shelf", "https://example.org/shelf/tags/vision/", "Images & video.",
               [LESS_IS_MORE, GARCIA]),
}

# The fields JSON Feed 1.1 requires (https://jsonfeed.org/version/1.1), and the types of those
# this site writes: an item needs an id and content_text or content_html; an author, a name.
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": {"type": "string"},
        "feed_url": {"type": "string"},
        "items": {"type": "array", "items": {
            "type": "object",
            "required": ["id"],
            "anyOf": [{"required": ["content_text"]}, {"required": ["content_html"]}],
            "properties": {
                "id": {"type": "string"},
                "url": {"type": "string"},
                "title": {"type": "string"},
                "content_text": {"type": "string"},
                "date_published": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "authors": {"type": "array", "items": {
                    "type": "object", "anyOf": [{"required": ["name"]}, {"required": ["url"]}]}},
            },
        }},
    },
}


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return feed_files(check_list(FIXTURE_LIST)[0], Site(SITE_URL, SITE_NAME))


def parse_atom(text: str) -> feedparser.FeedParserDict:
    """Parse with feedparser, which must find well-formed Atom 1.0."""
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def parse_json_feed(text: str) -> dict:
    """Parse as JSON and check JSON Feed 1.1's required fields."""
    document = json.loads(text)
    jsonschema.validate(document, JSON_FEED_SCHEMA)
    return document


def links(parsed: feedparser.FeedParserDict) -> dict[str, str]:
    return {link["rel"]: link["href"] for link in parsed.feed.links}


def moment(text: str) -> datetime:
    """An RFC 3339 date and time, which must say its offset from UTC."""
    parsed = datetime.fromisoformat(text)
    assert parsed.tzinfo is not None, text
    return parsed


def atom_entry(entry: feedparser.FeedParserDict) -> dict:
    """An Atom entry in the shape of the expected entries; its id must be its link."""
    assert entry.id == entry.link
    assert moment(entry.updated) == moment(entry.published)
    return {
        "url": entry.link,
        "title": entry.title,
        "authors": [author.name for author in entry.authors],
        "summary": entry.summary,
        "tags": [(tag.term, tag.label) for tag in entry.tags],
        "date": moment(entry.published),
    }


def json_item(item: dict) -> dict:
    """A JSON Feed item in the shape of the expected entries (tags by name only)."""
    assert item["id"] == item["url"]
    return {
        "url": item["url"],
        "title": item["title"],
        "authors": [author["name"] for author in item["authors"]],
        "summary": item["content_text"],
        "tags": item["tags"],
        "date": moment(item["date_published"]),
    }


def by_name(entries: list[dict]) -> list[dict]:
    """Expected entries with tags by name only, as JSON Feed gives them."""
    return [entry | {"tags": [name for _, name in entry["tags"]]} for entry in entries]


def test_the_list_and_each_tag_have_an_atom_and_a_json_feed(files):
    assert sorted(files) == [
        "feed.json", "feed.xml",
        "tags/interpretability/feed.json", "tags/interpretability/feed.xml",
        "tags/retrieval/feed.json", "tags/retrieval/feed.xml",
        "tags/vision/feed.json", "tags/vision/feed.xml",
    ]


def test_atom_feed_is_named_after_the_site_and_links_to_it_and_itself(files):
    parsed = parse_atom(files["feed.xml"])
    assert parsed.feed.title == "Shelf"
    assert links(parsed) == {"alternate": "https://example.org/shelf/",
                             "self": "https://example.org/shelf/feed.xml"}


def test_atom_feed_is_updated_when_its_newest_entry_was_added_not_at_build_time(files):
    assert moment(parse_atom(files["feed.xml"]).feed.updated) == SMITH["date"]
    assert moment(parse_atom(files["tags/vision/feed.xml"]).feed.updated) == LESS_IS_MORE["date"]


def test_atom_entries_are_most_recently_added_first_with_every_field(files):
    entries = parse_atom(files["feed.xml"]).entries
    assert [atom_entry(entry) for entry in entries] == LIST_ENTRIES


def test_hostile_text_comes_back_exactly_and_as_plain_text(files):
    entry = parse_atom(files["feed.xml"]).entries[1]
    assert entry.title == "Less <is> More: *Stars* & _Underscores_ [1]"
    assert entry.author == "Ada <b>Lovelace</b>"
    assert entry.summary == "A & B < C > D; x_1 * y_2 and `code`."
    assert entry.title_detail.type == entry.summary_detail.type == "text/plain"
    assert "<is>" not in files["feed.xml"] and "<b>" not in files["feed.xml"]


@pytest.mark.parametrize("slug", sorted(TAG_FEEDS))
def test_each_tag_feed_holds_exactly_its_papers(files, slug):
    title, page, description, expected = TAG_FEEDS[slug]
    parsed = parse_atom(files[f"tags/{slug}/feed.xml"])
    assert (parsed.feed.title, parsed.feed.subtitle) == (title, description)
    assert links(parsed) == {"alternate": page, "self": f"{page}feed.xml"}
    assert [atom_entry(entry) for entry in parsed.entries] == expected
    document = parse_json_feed(files[f"tags/{slug}/feed.json"])
    assert (document["title"], document["description"]) == (title, description)
    assert (document["home_page_url"], document["feed_url"]) == (page, f"{page}feed.json")
    assert [json_item(item) for item in document["items"]] == by_name(expected)


def test_json_feed_has_the_atom_feeds_entries_in_the_same_order(files):
    document = parse_json_feed(files["feed.json"])
    assert document["title"] == "Shelf"
    assert document["home_page_url"] == "https://example.org/shelf/"
    assert document["feed_url"] == "https://example.org/shelf/feed.json"
    assert [json_item(item) for item in document["items"]] == by_name(LIST_ENTRIES)


def test_json_feed_keeps_non_ascii_text_and_ends_in_a_newline(files):
    assert '"José García"' in files["feed.json"]
    assert files["feed.json"].endswith("}\n")


def test_two_builds_give_identical_files_whatever_the_hash_seed(files):
    assert feed_files(check_list(FIXTURE_LIST)[0], Site(SITE_URL, SITE_NAME)) == files
    script = ("import json, sys; from generator.feeds import feed_files; "
              "from generator.index import check_list; from generator.model import Site; "
              "from pathlib import Path; "
              f"json.dump(feed_files(check_list(Path(sys.argv[1]))[0], Site({SITE_URL!r}, "
              f"{SITE_NAME!r})), sys.stdout)")
    # Seeds 0 and 1 iterate a set of the fixture's tag slugs in different orders.
    for seed in ("0", "1"):
        result = subprocess.run([sys.executable, "-c", script, str(FIXTURE_LIST)], cwd=REPO,
                                env=os.environ | {"PYTHONHASHSEED": seed},
                                capture_output=True, text=True, check=True)
        assert json.loads(result.stdout) == files


def test_an_empty_list_has_empty_feeds_dated_at_the_epoch_not_the_build_time():
    index, _ = build_index((), (), ())
    files = feed_files(index, Site(SITE_URL, SITE_NAME))
    assert sorted(files) == ["feed.json", "feed.xml"]
    parsed = parse_atom(files["feed.xml"])
    assert parsed.entries == []
    assert moment(parsed.feed.updated) == datetime(1970, 1, 1, tzinfo=UTC)
    assert parse_json_feed(files["feed.json"])["items"] == []


def write_synthetic_list(folder) -> list[str]:
    """62 papers of one tag; the slugs of the 50 a feed should hold, in the feed's order."""
    def paper(slug: str, date: str, added: str = "") -> None:
        added_line = f"added: {added}\n" if added else ""
        write_paper(folder, f"{slug}.md", f"title: Paper {slug}\nauthors: [Ada Lovelace]\n"
                    f"date: {date}\ntags: [vision]\nabstract: A.\n{added_line}")

    # The same `added` and date: the slug decides.
    paper("c-zeta", "2001-01-01", "2025-03-01")
    paper("c-alpha", "2001-01-01", "2025-03-01")
    # Two papers a day, added in January: the later date first, against the slugs' order.
    for day in range(1, 21):
        paper(f"a{day:02d}-early", "2001-01-01", f"2025-01-{day:02d}")
        paper(f"a{day:02d}-late", "2002-01-01", f"2025-01-{day:02d}")
    # Without `added`: after every paper with it, though their dates are newer; by date.
    for day in range(1, 21):
        paper(f"b{day:02d}", f"2025-06-{day:02d}")
    added = ["c-alpha", "c-zeta"] + [f"a{day:02d}-{age}" for day in range(20, 0, -1)
                                     for age in ("late", "early")]
    return added + [f"b{day:02d}" for day in range(20, 12, -1)]


def test_a_feed_holds_the_50_most_recently_added_by_added_then_date_then_slug(folder):
    slugs = write_synthetic_list(folder)
    expected = [f"https://example.org/shelf/papers/{slug}/" for slug in slugs]
    assert len(expected) == 50
    index, problems = check_list(folder)
    assert problems == []
    files = feed_files(index, Site(SITE_URL, SITE_NAME))
    for folder_path in ("", "tags/vision/"):
        entries = parse_atom(files[f"{folder_path}feed.xml"]).entries
        assert [entry.link for entry in entries] == expected
        items = parse_json_feed(files[f"{folder_path}feed.json"])["items"]
        assert [item["url"] for item in items] == expected
