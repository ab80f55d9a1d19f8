"""The site's search index, written with Pagefind: a record per paper, author, tag and venue.

Pagefind splits the index into small chunks that a browser fetches as a reader types, so no
search bytes travel until search is opened, and a query fetches kilobytes, not the whole
list. The records are made from the index, not from the built pages: every word in them is
meant to be found, and lists of papers and BibTeX entries are not.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any, cast

from pagefind.service import get_executable

from generator import formulas, urls
from generator.identity import fold
from generator.index import Index
from generator.notes import render_notes
from generator.render import record_html

# Records per Pagefind index. Pagefind holds an index's records in memory while it writes
# it, beside the build's own: fewer parts would fetch fewer files for a query, and hold more.
PART_SIZE = 1000
PARTS = "parts.json"  # in the search folder: the other parts' folders, for the script to merge
_INDEX_DATA = ("pagefind-entry.json", ".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter")


def search_records(index: Index) -> list[tuple[str, str]]:
    """Every record of the search index: its page's address and its HTML."""
    tags = {tag.slug: tag for tag, _ in index.tags}
    records = [(paper.url, record_html("paper", formulas.plain(paper.title), paper=paper,
                                       notes=_text(paper.notes), math=_math(paper.title),
                                       tag_names=[tags[slug].name for slug in paper.tags]))
               for paper in index.papers]
    records += [(author.url, record_html("author", author.name,
                                         description=author.person.affiliation,
                                         count=len(author.papers)))
                for author in index.authors]
    records += [(tag.url, record_html("tag", tag.name, description=tag.description,
                                      count=len(papers)))
                for tag, papers in index.tags]
    records += [(venue.series.url, record_html("venue", venue.series.short,
                                               description=venue.series.name,
                                               count=len(venue.papers)))
                for venue in index.venues]
    # An organisation (a paper from a lab, not from named people) has no page of its own:
    # its result opens the browse view filtered to it.
    organizations = Counter(paper.organization for paper in index.papers if paper.organization)
    records += [(urls.organization(name), record_html("organization", name, description="",
                                                       count=count))
                for name, count in sorted(organizations.items())]
    # The curator's own pages: their title first, then their text.
    records += [(urls.curator_page(page.slug), record_html("page", page.title,
                                                            description=_text(page.body)))
                for page in index.pages]
    records += [(urls.reading_path(path.slug), record_html(
        "path", formulas.plain(path.title),
        description=" ".join([_text(path.intro), *(step.why for step in path.steps)])))
                for path in index.paths]
    return records


def search_words(records: list[tuple[str, str]]) -> dict[str, str]:
    """The words of the records, of four letters or more, case and accents folded, in one
    file per first letter (urls.search_words): the search script reads the file of a query
    word's letter to find the word meant by one that is one letter off."""
    # Each distinct piece of text between spaces is folded once: the records repeat most.
    pieces = {piece for _, record in records
              for piece in html.unescape(re.sub(r"<[^>]*>", " ", record)).split()}
    words = {word for piece in pieces for word in re.findall(r"[^\W\d_]{4,}", fold(piece))}
    letters: dict[str, list[str]] = {}
    for word in sorted(words):
        letters.setdefault(word[0], []).append(word)
    return {urls.search_words(letter): json.dumps(found, ensure_ascii=False) + "\n"
            for letter, found in letters.items()}


def _math(title: str) -> str:
    """A title with math as HTML (its MathML), for the result to show; else nothing."""
    return str(formulas.html(title)) if formulas.has_math(title) else ""


def _text(notes: str) -> str:
    """The words of the notes as the page shows them (rendered, sanitised), without markup."""
    return html.unescape(re.sub(r"<[^>]*>", " ", render_notes(notes).html)) if notes else ""


def write_search_index(records: list[tuple[str, str]], folder: Path) -> None:
    """Write the Pagefind index of records into folder in parts of at most PART_SIZE
    records, one Pagefind process at a time: the first part, with Pagefind's scripts, in
    folder itself; the others, index data only, in part-2/, part-3/, ..., which parts.json
    lists. Records are dealt to the parts in turn, so each part ranks words on a like mix."""
    count = max(1, -(-len(records) // PART_SIZE))
    parts = [""] + [f"part-{number}/" for number in range(2, count + 1)]
    for number, part in enumerate(parts):
        # The first part's scripts search every part.
        files = [(folder / part / name, content) for name, content
                 in _bundle(records[number::count]) if not part or name.endswith(_INDEX_DATA)]
        for made in {path.parent for path, _ in files}:
            made.mkdir(parents=True, exist_ok=True)
        for path, content in files:
            path.write_bytes(content)
    (folder / PARTS).write_text(json.dumps(parts[1:]), encoding="utf-8")
    for address, text in search_words(records).items():  # folder is the site's urls.SEARCH
        target = folder.parent / address
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")


def _bundle(records: list[tuple[str, str]]) -> list[tuple[str, bytes]]:
    """The files of one Pagefind bundle of records: each one's path in the bundle, and its
    content. (Pagefind's own writing hands each file to a thread and answers before that has
    written it: a file it had created but not yet written stayed empty when it exited, one
    in 180 bundles on a machine kept busy.)"""
    with _Pagefind() as pagefind:
        [created] = pagefind.ask({"type": "NewIndex", "config": {"force_language": "en"}})
        number = created["index_id"]
        # From the site's root, as Pagefind makes them for pages it finds: it puts the
        # sub-path the site is served under in front.
        added = [{"type": "AddFile", "index_id": number, "url": "/" + url,
                  "file_contents": html} for url, html in records]
        *_, written = pagefind.ask(*added, {"type": "GetFiles", "index_id": number})
    return [(file["path"], base64.b64decode(file["content"])) for file in written["files"]]


class _Pagefind:
    """The Pagefind binary as a service, which answers requests one at a time, in order.

    Not the pagefind package's asynchronous client: it reads one answer per tenth of a
    second, which is ten minutes for ten thousand records. Records go in the order given,
    so the same list gives the same files.
    """

    def __enter__(self) -> _Pagefind:
        executable = get_executable()
        if executable is None:
            raise FileNotFoundError("the pagefind binary is missing: "
                                    "pip install 'pagefind[extended]'")
        self.process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)
        self.asked, self.unread = 0, bytearray()
        return self

    def ask(self, *payloads: dict[str, Any]) -> list[dict[str, Any]]:
        """Send requests, then read their answers; an error answer raises. (Pagefind reads
        every request while it answers, so sending all first cannot block for good.)"""
        requests = []
        for payload in payloads:
            self.asked += 1
            message = json.dumps({"message_id": self.asked, "payload": payload}).encode()
            requests.append(base64.b64encode(message) + b",")
        stdin = cast(io.BufferedWriter, self.process.stdin)
        stdin.write(b"".join(requests))  # at once: in a thread, each call waits for its turn
        stdin.flush()
        return [self._answer() for _ in payloads]

    def _answer(self) -> dict[str, Any]:
        answers = cast(io.BufferedReader, self.process.stdout)
        searched = 0
        while (end := self.unread.find(b",", searched)) < 0:
            searched = len(self.unread)
            more = answers.read1(1 << 20)
            if not more:
                raise RuntimeError("pagefind stopped without answering")
            self.unread += more
        reply: dict[str, Any] = json.loads(base64.b64decode(self.unread[:end]))["payload"]
        del self.unread[:end + 1]
        if reply["type"] == "Error":
            raise RuntimeError(f"pagefind: {reply.get('message')}")
        return reply

    def __exit__(self, *exception: object) -> None:
        cast(io.BufferedWriter, self.process.stdin).close()
        self.process.wait()
