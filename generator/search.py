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
from pathlib import Path
from typing import Any, cast

from pagefind.service import get_executable

from generator.index import Index
from generator.notes import render_notes
from generator.render import record_html


def search_records(index: Index) -> list[tuple[str, str]]:
    """Every record of the search index: its page's address and its HTML."""
    tags = {tag.slug: tag for tag, _ in index.tags}
    records = [(paper.url, record_html("paper", paper.title, paper=paper, notes=_text(paper.notes),
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
    return records


def _text(notes: str) -> str:
    """The words of the notes as the page shows them (rendered, sanitised), without markup."""
    return html.unescape(re.sub(r"<[^>]*>", " ", render_notes(notes).html)) if notes else ""


def write_search_index(index: Index, folder: Path) -> None:
    """Write the Pagefind bundle (index chunks, fragments, pagefind.js) into folder."""
    with _Pagefind() as pagefind:
        number = pagefind.ask({"type": "NewIndex", "config": {"force_language": "en"}})["index_id"]
        for url, html in search_records(index):
            # From the site's root, as Pagefind makes them for pages it finds: it puts the
            # sub-path the site is served under in front.
            pagefind.ask({"type": "AddFile", "index_id": number, "url": "/" + url,
                          "file_contents": html})
        pagefind.ask({"type": "WriteFiles", "index_id": number, "output_path": str(folder)})


class _Pagefind:
    """The Pagefind binary as a service: one request, then its answer, in turn.

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
        self.asked = 0
        return self

    def ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and read its answer; an error answer raises."""
        assert self.process.stdin is not None
        answers = cast(io.BufferedReader, self.process.stdout)
        self.asked += 1
        request = json.dumps({"message_id": self.asked, "payload": payload}).encode()
        self.process.stdin.write(base64.b64encode(request) + b",")
        self.process.stdin.flush()
        answer = b""
        while not answer.endswith(b","):
            answer += answers.read1(1 << 16)
        reply: dict[str, Any] = json.loads(base64.b64decode(answer[:-1]))["payload"]
        if reply["type"] == "Error":
            raise RuntimeError(f"pagefind: {reply.get('message')}")
        return reply

    def __exit__(self, *exception: object) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()
