"""`papers add ID`: a paper file from arXiv's or Crossref's metadata, here their recorded answers.

The real `papers` command runs against a local server that answers like the two APIs from
tests/fixtures/arxiv/ and tests/fixtures/crossref/.
"""

from __future__ import annotations

import datetime
import functools
import socket
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import (
    FIXTURES,
    VENUES_YML,
    build,
    live_papers,
    make_project,
    papers,
    run,
    serving,
    write_paper,
)

from generator.index import check_list

TIMEOUT_SECONDS = 1
SMITH_FILE = "papers/beyond-512-tokens-siamese-multi-depth-transformer.md"
SMITH_TITLE = ("Beyond 512 Tokens: Siamese Multi-depth Transformer-based Hierarchical Encoder for "
               "Long-Form Document Matching")
SMITH_DOI = "10.1145/3340531.3411908"

SMITH_TEXT = """\
---
# yaml-language-server: $schema=paper.schema.json
title: 'Beyond 512 Tokens: Siamese Multi-depth Transformer-based Hierarchical Encoder for Long-Form Document Matching'
authors:
  - Liu Yang
  - Mingyang Zhang
  - Cheng Li
  - Michael Bendersky
  - Marc Najork
date: 2020-04-26
arxiv: '2004.12297'
doi: 10.1145/3340531.3411908
tags: [retrieval]
added: {today}
abstract: >-
  Many natural language processing and information retrieval problems can be formalized as
  the task of semantic matching. Existing work in this area has been largely focused on matching
  between short texts (e.g., question answering), or between a short and a long text (e.g.,
  ad-hoc retrieval). Semantic matching between long-form documents, which has many important
  applications like news recommendation, related article recommendation and document clustering,
  is relatively less explored and needs more research effort. In recent years, self-attention
  based models like Transformers and BERT have achieved state-of-the-art performance in the
  task of text matching. These models, however, are still limited to short text like a few
  sentences or one paragraph due to the quadratic computational complexity of self-attention
  with respect to input text length. In this paper, we address the issue by proposing the
  Siamese Multi-depth Transformer-based Hierarchical (SMITH) Encoder for long-form document
  matching. Our model contains several innovations to adapt self-attention models for longer
  text input. In order to better capture sentence level semantic relations within a document,
  we pre-train the model with a novel masked sentence block language modeling task in addition
  to the masked word language modeling task used by BERT. Our experimental results on several
  benchmark datasets for long-form document matching show that our proposed SMITH model outperforms
  the previous state-of-the-art models including hierarchical attention, multi-depth attention-based
  hierarchical recurrent neural network, and BERT. Comparing to BERT based baselines, our
  model is able to increase maximum input text length from 512 to 2048. We will open source
  a Wikipedia based benchmark dataset, code and a pre-trained checkpoint to accelerate future
  research on long-form document matching.
---
"""


@dataclass
class RecordedApis:
    """The local stand-in for arXiv and Crossref: its address and the requests it was sent."""

    base: str
    requests: list[tuple[str, str]] = field(default_factory=list)


class RecordedApiHandler(BaseHTTPRequestHandler):
    """Answer /api/query?id_list=ID like arXiv and /works/DOI like Crossref, from the fixtures;
    /slow answers nothing for longer than the command waits."""

    def __init__(self, *args, requests: list[tuple[str, str]], **kwargs) -> None:
        self.requests = requests
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self.requests.append((self.path, self.headers.get("User-Agent", "")))
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/slow"):
            time.sleep(TIMEOUT_SECONDS + 1)
        elif url.path.startswith("/api/query"):
            arxiv_id = urllib.parse.parse_qs(url.query).get("id_list", [""])[0]
            feed = FIXTURES / "arxiv" / f"{arxiv_id}.xml"
            self._send(200, feed if feed.is_file() else FIXTURES / "arxiv" / "empty.xml",
                       "application/atom+xml; charset=utf-8")
        elif url.path.startswith("/works/"):
            doi = urllib.parse.unquote(url.path.removeprefix("/works/"))
            work = FIXTURES / "crossref" / f"{doi.lower().replace('/', '_')}.json"
            if work.is_file():
                self._send(200, work, "application/json")
            else:
                self._send(404, FIXTURES / "crossref" / "not-found.txt", "text/plain")

    def _send(self, status: int, body: Path, content_type: str) -> None:
        data = body.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def apis(monkeypatch) -> Iterator[RecordedApis]:
    """The recorded APIs served on a free local port, and the command pointed at them."""
    requests: list[tuple[str, str]] = []
    with serving(functools.partial(RecordedApiHandler, requests=requests)) as url:
        recorded = RecordedApis(url.rstrip("/"), requests)
        monkeypatch.setenv("PAPERS_ARXIV_API", f"{recorded.base}/api/query")
        monkeypatch.setenv("PAPERS_CROSSREF_API", f"{recorded.base}/works")
        monkeypatch.setenv("PAPERS_HTTP_TIMEOUT", str(TIMEOUT_SECONDS))
        yield recorded


def add(folder: Path, *args: str):
    return papers("add", *args, cwd=folder.parent)


def only_paper(folder: Path):
    reading_list, problems = check_list(folder)
    assert problems == []
    [paper] = reading_list.papers
    return paper


def assert_refused(result, folder: Path, message: str) -> None:
    """One line on stderr, exit 1, no traceback, and the folder as it was."""
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"papers: {message}\n")
    assert sorted(path.name for path in folder.iterdir()) == ["tags.yml"]


def test_add_writes_the_paper_file_in_canonical_form(folder, apis):
    result = add(folder, "2004.12297", "--tag", "retrieval")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"{SMITH_FILE}\n"
    today = datetime.date.today().isoformat()
    written = (folder.parent / SMITH_FILE).read_text(encoding="utf-8")
    assert written == SMITH_TEXT.format(today=today)
    [(path, user_agent)] = apis.requests
    assert path == "/api/query?id_list=2004.12297" and user_agent.startswith("Papershelf/")


@pytest.mark.parametrize("identifier, request_path", [
    ("2004.12297", "/api/query?id_list=2004.12297"),
    ("2004.12297v2", "/api/query?id_list=2004.12297"),
    ("arXiv:2004.12297v3", "/api/query?id_list=2004.12297"),
    ("https://arxiv.org/abs/2004.12297", "/api/query?id_list=2004.12297"),
    ("https://arxiv.org/pdf/2004.12297v2", "/api/query?id_list=2004.12297"),
    (SMITH_DOI, f"/works/{SMITH_DOI}"),
    (f"https://doi.org/{SMITH_DOI}", f"/works/{SMITH_DOI}"),
    ("10.48550/arXiv.2004.12297", "/api/query?id_list=2004.12297"),
    ("https://doi.org/10.48550/ARXIV.2004.12297", "/api/query?id_list=2004.12297"),
])
def test_every_form_of_the_id_fetches_the_same_paper(folder, apis, identifier, request_path):
    (folder / "venues.yml").write_text(VENUES_YML, encoding="utf-8")
    result = add(folder, identifier, "--tag", "ir")
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{SMITH_FILE}\n", "")
    assert [path for path, _ in apis.requests] == [request_path]
    paper = only_paper(folder)
    assert (paper.title, paper.doi, paper.tags) == (SMITH_TITLE, SMITH_DOI, ("retrieval",))
    assert paper.authors == ("Liu Yang", "Mingyang Zhang", "Cheng Li", "Michael Bendersky",
                             "Marc Najork")


def test_a_doi_brings_crossrefs_venue_date_pdf_and_jats_abstract_as_text(folder, apis):
    (folder / "venues.yml").write_text(VENUES_YML, encoding="utf-8")
    add(folder, SMITH_DOI, "--tag", "retrieval")
    paper = only_paper(folder)
    # Crossref's "Proceedings of the 29th ACM International Conference on Information &
    # Knowledge Management" is the series CIKM, in the year of the record.
    assert str(paper.venue) == "CIKM 2020"
    assert "venue: CIKM 2020\n" in (folder.parent / SMITH_FILE).read_text(encoding="utf-8")
    assert str(paper.date) == "2020-10-19" and paper.arxiv == ""
    assert dict(paper.links) == {"pdf": f"https://dl.acm.org/doi/pdf/{SMITH_DOI}"}
    assert paper.abstract.startswith("Many natural language processing and information")
    assert "<" not in paper.abstract and "\n" not in paper.abstract


def test_a_venue_not_in_the_vocabulary_is_left_out_with_a_note(folder, apis):
    result = add(folder, SMITH_DOI, "--tag", "retrieval")
    assert (result.returncode, result.stdout) == (0, f"{SMITH_FILE}\n")
    assert result.stderr == (f"papers: {SMITH_DOI}: venue 'Proceedings of the 29th ACM International "
                             "Conference on Information & Knowledge Management' is not in venues.yml; "
                             "left out\n")
    assert only_paper(folder).venue is None
    assert papers("check", "--strict", cwd=folder.parent).returncode == 0


def test_an_arxiv_paper_has_no_venue_and_its_first_versions_date(folder, apis):
    add(folder, "1602.04938", "--tag", "retrieval")
    paper = only_paper(folder)
    assert (paper.venue, paper.doi, paper.links) == (None, "", ())
    assert str(paper.date) == "2016-02-16"


@pytest.mark.parametrize("identifier, title, authors", [
    ("1602.04938", '"Why Should I Trust You?": Explaining the Predictions of Any Classifier',
     ("Marco Tulio Ribeiro", "Sameer Singh", "Carlos Guestrin")),
    ("1911.03894", "CamemBERT: a Tasty French Language Model",
     ("Louis Martin", "Benjamin Muller", "Pedro Javier Ortiz Suárez", "Yoann Dupont",
      "Laurent Romary", "Éric Villemonte de la Clergerie", "Djamé Seddah", "Benoît Sagot")),
    ("2405.10719", r"$\ell_1$-Regularized Generalized Least Squares",  # its math kept as LaTeX
     ("Kaveh Salehzadeh-Nobari", "Alex Gibberd")),
])
def test_titles_and_names_that_yaml_would_misread_read_back_as_fetched(folder, apis, identifier,
                                                                       title, authors):
    result = add(folder, identifier, "--tag", "vision")
    assert result.returncode == 0, result.stderr
    paper = only_paper(folder)
    assert (paper.title, paper.authors) == (title, authors)


def test_the_quoted_title_is_written_in_single_quotes(folder, apis):
    add(folder, "1602.04938", "--tag", "vision")
    text = (folder / "why-should-i-trust-you-explaining-the-predictions.md").read_text(encoding="utf-8")
    assert ("title: '\"Why Should I Trust You?\": Explaining the Predictions of Any Classifier'\n"
            in text)


@pytest.mark.parametrize("identifier", ["2004.12297", SMITH_DOI, "1602.04938", "1911.03894"])
def test_the_written_file_passes_check_and_fmt_check(folder, apis, identifier):
    written = add(folder, identifier, "--tag", "retrieval").stdout.strip()
    check = papers("check", "--strict", cwd=folder.parent)
    assert (check.returncode, check.stdout) == (0, ""), check.stdout
    fmt = papers("fmt", "--check", written, cwd=folder.parent)
    assert (fmt.returncode, fmt.stdout, fmt.stderr) == (0, "", "")


@pytest.mark.parametrize("listed, identifier, fetched", [
    ("title: Another Title\nauthors: [Liu Yang]\ndate: 2020\narxiv: '2004.12297v1'\n",
     "arXiv:2004.12297", False),
    ("title: Another Title\nauthors: [Liu Yang]\ndate: 2020\n"
     "doi: https://doi.org/10.1145/3340531.3411908\n", SMITH_DOI.upper(), False),
    # Known only once fetched: the DOI arXiv gives, the title.
    ("title: Another Title\nauthors: [Liu Yang]\ndate: 2020\n"
     "doi: https://doi.org/10.1145/3340531.3411908\n", "arXiv:2004.12297", True),
    ("title: 'beyond 512 tokens - siamese multi-depth transformer-based hierarchical encoder for "
     "long-form document matching'\nauthors: [Liu Yang]\ndate: 2020\n", "arXiv:2004.12297", True),
], ids=["arxiv", "doi", "doi-from-arxiv", "title"])
def test_a_paper_already_listed_is_not_written_again(folder, apis, listed, identifier, fetched):
    path = write_paper(folder, "listed.md", listed + "tags: [retrieval]\n")
    before = path.read_bytes()
    result = add(folder, identifier, "--tag", "retrieval")
    assert (result.returncode, result.stdout) == (1, "")
    said = "2004.12297" if "arXiv" in identifier else SMITH_DOI.upper()
    assert result.stderr == f"papers: {said}: already on the list as papers/listed.md\n"
    assert bool(apis.requests) == fetched
    assert sorted(p.name for p in folder.iterdir()) == ["listed.md", "tags.yml"]
    assert path.read_bytes() == before


def test_without_a_tag_it_lists_the_vocabulary_and_fetches_nothing(folder, apis):
    result = add(folder, "2004.12297")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "  retrieval  Retrieval: Finding documents for a query.\n"
        "  vision     Vision: Images and video.\n"
        "papers: give at least one --tag (the tags of papers/tags.yml are listed above)\n")
    assert apis.requests == []
    assert sorted(path.name for path in folder.iterdir()) == ["tags.yml"]


def test_an_unknown_tag_is_refused_with_a_suggestion_before_fetching(folder, apis):
    result = add(folder, "2004.12297", "--tag", "retrieval", "--tag", "visoin")
    assert_refused(result, folder, "unknown tag 'visoin' (did you mean 'vision'?); the tags are "
                                   "listed in papers/tags.yml")
    assert apis.requests == []


def test_what_is_not_an_id_is_refused_before_fetching(folder, apis):
    assert_refused(add(folder, "xyz", "--tag", "vision"), folder,
                   "'xyz' is not an arXiv id or a DOI")
    assert apis.requests == []


def test_no_server_at_the_address_is_one_line(folder, apis, monkeypatch):
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("PAPERS_ARXIV_API", f"http://127.0.0.1:{port}/api/query")
    assert_refused(add(folder, "2004.12297", "--tag", "vision"), folder,
                   f"cannot reach 127.0.0.1:{port}: [Errno 111] Connection refused")


def test_a_server_that_does_not_answer_in_time_is_one_line(folder, apis, monkeypatch):
    monkeypatch.setenv("PAPERS_CROSSREF_API", f"{apis.base}/slow")
    monkeypatch.setenv("PAPERS_HTTP_TIMEOUT", "0.2")  # less than /slow waits: no need for a second
    host = apis.base.removeprefix("http://")
    assert_refused(add(folder, SMITH_DOI, "--tag", "vision"), folder,
                   f"{host} did not answer within 0.2 s")


@pytest.mark.parametrize("identifier, message", [
    ("2004.99999", "arXiv has no paper 2004.99999"),
    ("2301.00000", "arXiv has no paper 2301.00000"),
    ("10.1145/0000000.0000000", "Crossref has no work with the DOI 10.1145/0000000.0000000"),
], ids=["arxiv-empty-feed", "arxiv-error-entry", "crossref-404"])
def test_an_unknown_id_is_one_line(folder, apis, identifier, message):
    assert_refused(add(folder, identifier, "--tag", "vision"), folder, message)


@pytest.mark.parametrize("variable, api_path, identifier, message", [
    ("PAPERS_ARXIV_API", f"/works/{SMITH_DOI}", "2004.12297", "a response that is not XML"),
    ("PAPERS_CROSSREF_API", "/api/query", SMITH_DOI, "a response that is not JSON"),
], ids=["json-for-arxiv", "atom-for-crossref"])
def test_a_response_in_the_wrong_format_is_one_line(folder, apis, monkeypatch, variable, api_path,
                                                    identifier, message):
    monkeypatch.setenv(variable, apis.base + api_path)
    result = add(folder, identifier, "--tag", "vision")
    host = apis.base.removeprefix("http://")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith(f"papers: {host} sent {message} (")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["tags.yml"]


@pytest.mark.slow
@pytest.mark.live_list
# The path is itself a pull request that adds a paper: on the committed list alone (its copies'
# strict builds are the live_site fixture's).
@pytest.mark.parametrize("live_list", ["as-committed"], indirect=True)
def test_the_contributor_path_end_to_end(live_list, tmp_path, apis):
    """On a copy of this repository: add, check, fmt --check, strict build, the tag page."""
    project = make_project(tmp_path / "repo", live_list)
    listed = [paper["slug"] for paper in live_papers(live_list) if paper.get("arxiv") == "1602.04938"]
    for slug in listed:  # the list may hold it one day: the copy does not
        (project / "papers" / f"{slug}.md").unlink()
    added = run("papers", "add", "https://arxiv.org/abs/1602.04938v3", "--tag", "interpretability",
                cwd=project)
    assert added.returncode == 0, added.stderr
    path = added.stdout.strip()
    assert path.startswith("papers/") and (project / path).is_file()
    assert papers("check", "--strict", cwd=project).returncode == 0
    assert papers("fmt", "--check", cwd=project).returncode == 0
    site = build(project, strict=True)
    slug = Path(path).stem
    tag_page = (site / "tags" / "interpretability" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../papers/{slug}/">&#34;Why Should I Trust You?&#34;' in tag_page
    paper_page = (site / "papers" / slug / "index.html").read_text(encoding="utf-8")
    assert '<a class="md-button" href="https://arxiv.org/abs/1602.04938">arXiv</a>' in paper_page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{len(live_papers(live_list)) - len(listed) + 1}</strong> papers" in home


def test_a_title_with_math_names_its_file_by_the_maths_text(folder, apis):
    result = add(folder, "2405.10719", "--tag", "retrieval")
    assert result.stdout == "papers/l1-regularized-generalized-least-squares.md\n", result.stderr
