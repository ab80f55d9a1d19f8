"""The exports: papers.json, BibTeX (read back with a BibTeX parser) and CSL-JSON."""

from __future__ import annotations

import itertools
import json
import re

import bibtexparser
import jsonschema
import pytest
from bibtexparser import middlewares
from conftest import FIXTURE_LIST, LIVE_LISTS, VENUES_YML, live_papers, write_paper

from generator.bibfile import decode_latex
from generator.exports import export_files
from generator.importer import read_records
from generator.index import check_list

SITE = "https://example.org/shelf/"

# By hand from tests/fixtures/list/, newest first. Keys: first author's last word, year,
# first title word that is not a stopword, folded to ASCII letters and digits. A paper with a
# venue is cited in the venue's year, without a month, and the venue by its series' full name
# (venues.yml), without the note.
FIXTURE_BIB = [
    {"key": "blovelaceb2023less", "type": "inproceedings",
     "title": "Less <is> More: *Stars* & _Underscores_ [1]", "authors": ["Ada <b>Lovelace</b>"],
     "venue": 'Workshop on "Quotes" & 100% Escapes', "year": "2023", "month": None,
     "doi": None, "eprint": None},
    {"key": "garcia2021seeing", "type": "inproceedings",
     "title": "Seeing in the Dark with Natural Transformations",
     "authors": ["José García", "M. Najork"],
     "venue": "IEEE/CVF International Conference on Computer Vision", "year": "2021",
     "month": None, "doi": "10.1109/ICCV48922.2021.00001", "eprint": None},
    {"key": "yang2020beyond", "type": "inproceedings",
     "title": "Beyond 512 Tokens: Siamese Multi-depth Transformer-based Hierarchical Encoder "
              "for Long-Form Document Matching",
     "authors": ["Liu Yang", "Mingyang Zhang", "Marc Najork"],
     "venue": "ACM International Conference on Information and Knowledge Management",
     "year": "2020", "month": None, "doi": "10.1145/3340531.3411908", "eprint": "2004.12297"},
    {"key": "vinyals2015pointer", "type": "misc", "title": "Pointer Networks",
     "authors": ["Oriol Vinyals", "Meire Fortunato", "Navdeep Jaitly"], "venue": None,
     "year": "2015", "month": None, "doi": None, "eprint": "cs/0112017"},
]
FIXTURE_KEYS = [entry["key"] for entry in FIXTURE_BIB]

FIXTURE_JSON = [
    {
        "slug": "less-is-more",
        "key": "blovelaceb2023less",
        "url": "https://example.org/shelf/papers/less-is-more/",
        "title": "Less <is> More: *Stars* & _Underscores_ [1]",
        "authors": ["Ada <b>Lovelace</b>"],
        "date": "2023-01-02",
        "venue": '"Quotes" & 100% 2023 (<b>oral</b> & "best" paper)',
        "venue_series": "quotes",
        "venue_name": 'Workshop on "Quotes" & 100% Escapes',
        "venue_kind": "workshop",
        "venue_year": 2023,
        "venue_note": '<b>oral</b> & "best" paper',
        "organization": None,
        "arxiv": None,
        "doi": None,
        "links": None,
        "tags": ["vision"],
        "added": None,
        "abstract": "A & B < C > D; x_1 * y_2 and `code`.",
        "notes": 'Notes with **Markdown** and raw HTML that must not survive:\n'
                 '<script>alert("notes")</script>\n'
                 '<img src="x.png" onerror="alert(\'img\')">\n'
                 "[a link](javascript:alert('link'))",
        "arxiv_url": None,
        "pdf_url": None,
        "doi_url": None,
    },
    {
        "slug": "garcia-vision-paper",
        "key": "garcia2021seeing",
        "url": "https://example.org/shelf/papers/garcia-vision-paper/",
        "title": "Seeing in the Dark with Natural Transformations",
        "authors": ["José García", "M. Najork"],
        "date": "2021-05",
        "venue": "ICCV 2021",
        "venue_series": "iccv",
        "venue_name": "IEEE/CVF International Conference on Computer Vision",
        "venue_kind": "conference",
        "venue_year": 2021,
        "venue_note": None,
        "organization": None,
        "arxiv": None,
        "doi": "10.1109/ICCV48922.2021.00001",
        "links": {"project": "https://example.org/dark/", "pdf": "https://example.org/dark.pdf"},
        "tags": ["vision", "interpretability"],
        "added": None,
        "abstract": "We learn to see in the dark.",
        "notes": None,
        "arxiv_url": None,
        "pdf_url": "https://example.org/dark.pdf",
        "doi_url": "https://doi.org/10.1109/ICCV48922.2021.00001",
    },
    {
        "slug": "smith-long-document-matching",
        "key": "yang2020beyond",
        "url": "https://example.org/shelf/papers/smith-long-document-matching/",
        "title": "Beyond 512 Tokens: Siamese Multi-depth Transformer-based Hierarchical Encoder "
                 "for Long-Form Document Matching",
        "authors": ["Liu Yang", "Mingyang Zhang", "Marc Najork"],
        "date": "2020-04-26",
        "venue": "CIKM 2020",
        "venue_series": "cikm",
        "venue_name": "ACM International Conference on Information and Knowledge Management",
        "venue_kind": "conference",
        "venue_year": 2020,
        "venue_note": None,
        "organization": "Google",
        "arxiv": "2004.12297",
        "doi": "10.1145/3340531.3411908",
        "links": {"code": "https://github.com/google-research/google-research/tree/master/smith"},
        "tags": ["retrieval"],
        "added": "2026-11-26",
        "abstract": "Semantic matching between long-form documents is relatively less explored.\n\n"
                    "We propose the SMITH encoder, which raises the maximum input length from "
                    "512 to 2048.",
        "notes": "Read this for the **masked sentence block** pre-training task.\n\n"
                 "### Why it matters\n\n- long documents\n- hierarchical attention",
        "arxiv_url": "https://arxiv.org/abs/2004.12297",
        "pdf_url": "https://arxiv.org/pdf/2004.12297",
        "doi_url": "https://doi.org/10.1145/3340531.3411908",
    },
    {
        "slug": "pointer-networks",
        "key": "vinyals2015pointer",
        "url": "https://example.org/shelf/papers/pointer-networks/",
        "title": "Pointer Networks",
        "authors": ["Oriol Vinyals", "Meire Fortunato", "Navdeep Jaitly"],
        "date": "2015",
        "venue": None,
        "venue_series": None,
        "venue_name": None,
        "venue_kind": None,
        "venue_year": None,
        "venue_note": None,
        "organization": None,
        "arxiv": "cs/0112017",
        "doi": None,
        "links": None,
        "tags": ["interpretability"],
        "added": None,
        "abstract": "We introduce a new neural architecture to learn the conditional probability "
                    "of an output sequence.",
        "notes": None,
        "arxiv_url": "https://arxiv.org/abs/cs/0112017",
        "pdf_url": "https://arxiv.org/pdf/cs/0112017",
        "doi_url": None,
    },
]

FIXTURE_CSL = [
    {
        "id": "blovelaceb2023less",
        "type": "paper-conference",
        "title": "Less <is> More: *Stars* & _Underscores_ [1]",
        "author": [{"family": "<b>Lovelace</b>", "given": "Ada"}],
        "issued": {"date-parts": [[2023]]},
        "container-title": 'Workshop on "Quotes" & 100% Escapes',
        "URL": "https://example.org/shelf/papers/less-is-more/",
        "abstract": "A & B < C > D; x_1 * y_2 and `code`.",
    },
    {
        "id": "garcia2021seeing",
        "type": "paper-conference",
        "title": "Seeing in the Dark with Natural Transformations",
        "author": [{"family": "García", "given": "José"}, {"family": "Najork", "given": "M."}],
        "issued": {"date-parts": [[2021]]},
        "container-title": "IEEE/CVF International Conference on Computer Vision",
        "DOI": "10.1109/ICCV48922.2021.00001",
        "URL": "https://example.org/shelf/papers/garcia-vision-paper/",
        "abstract": "We learn to see in the dark.",
    },
    {
        "id": "yang2020beyond",
        "type": "paper-conference",
        "title": "Beyond 512 Tokens: Siamese Multi-depth Transformer-based Hierarchical Encoder "
                 "for Long-Form Document Matching",
        "author": [{"family": "Yang", "given": "Liu"}, {"family": "Zhang", "given": "Mingyang"},
                   {"family": "Najork", "given": "Marc"}],
        "issued": {"date-parts": [[2020]]},
        "container-title": "ACM International Conference on Information and Knowledge Management",
        "DOI": "10.1145/3340531.3411908",
        "URL": "https://example.org/shelf/papers/smith-long-document-matching/",
        "abstract": "Semantic matching between long-form documents is relatively less explored.\n\n"
                    "We propose the SMITH encoder, which raises the maximum input length from "
                    "512 to 2048.",
        "number": "2004.12297",
    },
    {
        "id": "vinyals2015pointer",
        "type": "article",
        "title": "Pointer Networks",
        "author": [{"family": "Vinyals", "given": "Oriol"},
                   {"family": "Fortunato", "given": "Meire"},
                   {"family": "Jaitly", "given": "Navdeep"}],
        "issued": {"date-parts": [[2015]]},
        "URL": "https://example.org/shelf/papers/pointer-networks/",
        "abstract": "We introduce a new neural architecture to learn the conditional probability "
                    "of an output sequence.",
        "number": "cs/0112017",
        "publisher": "arXiv",
    },
]

# An excerpt of the CSL data schema, schemas/input/csl-data.json of
# citation-style-language/schema at 40b3ce0 (v1.0.2; MIT licence, (c) 2007-2018 Citation Style
# Language and contributors): the item properties the export writes, with the schema's own
# types; every type; the name and date definitions as they are. Any other key fails here.
_NAME = {"type": "string"}
_STRING_OR_NUMBER = {"type": ["string", "number"]}
_ANY_FLAG = {"type": ["string", "number", "boolean"]}
CSL_DATA_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": [
                "article", "article-journal", "article-magazine", "article-newspaper", "bill",
                "book", "broadcast", "chapter", "classic", "collection", "dataset", "document",
                "entry", "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic",
                "hearing", "interview", "legal_case", "legislation", "manuscript", "map",
                "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent",
                "performance", "periodical", "personal_communication", "post", "post-weblog",
                "regulation", "report", "review", "review-book", "software", "song", "speech",
                "standard", "thesis", "treaty", "webpage"]},
            "id": _STRING_OR_NUMBER,
            "author": {"type": "array", "items": {"$ref": "#/definitions/name-variable"}},
            "issued": {"$ref": "#/definitions/date-variable"},
            "abstract": {"type": "string"},
            "container-title": {"type": "string"},
            "DOI": {"type": "string"},
            "number": _STRING_OR_NUMBER,
            "publisher": {"type": "string"},
            "title": {"type": "string"},
            "URL": {"type": "string"},
        },
        "required": ["type", "id"],
        "additionalProperties": False,
    },
    "definitions": {
        "name-variable": {"anyOf": [{
            "type": "object",
            "properties": {
                "family": _NAME, "given": _NAME, "dropping-particle": _NAME,
                "non-dropping-particle": _NAME, "suffix": _NAME, "comma-suffix": _ANY_FLAG,
                "static-ordering": _ANY_FLAG, "literal": _NAME, "parse-names": _ANY_FLAG},
            "additionalProperties": False,
        }]},
        "date-variable": {"anyOf": [{
            "type": "object",
            "properties": {
                "date-parts": {"type": "array", "minItems": 1, "maxItems": 2, "items": {
                    "type": "array", "minItems": 1, "maxItems": 3, "items": _STRING_OR_NUMBER}},
                "season": _STRING_OR_NUMBER, "circa": _ANY_FLAG, "literal": {"type": "string"},
                "raw": {"type": "string"}},
            "additionalProperties": False,
        }]},
    },
}

# Every character LaTeX treats specially, names of every shape, a journal and an old-style DOI.
HOSTILE = r"""title: 'Braces } and { \back\slash $5 #1 50% A&B a_b ~x^2 <i> "q" *s* [1]'
authors: [José García, Devvrit, Tycho F. A. van der Ouderaa, 'O''Brien & Sons']
date: 2024-12
venue: IEEE TPAMI 2025
doi: 10.1002/(SICI)1097-4636(199706)35:4<409::AID-JBM1>3.0.CO;2-#
tags: [vision]
"""
HOSTILE_TITLE = r'Braces } and { \back\slash $5 #1 50% A&B a_b ~x^2 <i> "q" *s* [1]'




def read_bib(text: str) -> list[dict]:
    """Parse BibTeX as bibfile.py does: each entry's key, type and fields, LaTeX decoded."""
    library = bibtexparser.parse_string(text, append_middleware=[
        middlewares.NormalizeFieldKeys(), middlewares.SeparateCoAuthors(),
        middlewares.SplitNameParts(), middlewares.MergeNameParts(style="first"),
        middlewares.MonthIntMiddleware()])
    assert library.failed_blocks == []
    return [_entry_record(entry) for entry in library.entries]


def _entry_record(entry) -> dict:
    fields = {field.key: field.value for field in entry.fields}
    venue = fields.get("booktitle", fields.get("journal"))
    return {
        "key": entry.key,
        "type": entry.entry_type,
        "title": decode_latex(fields["title"]),
        "authors": [decode_latex(name) for name in fields["author"]],
        "venue": decode_latex(venue) if venue else None,
        "year": fields["year"],
        "month": fields.get("month"),
        "doi": fields.get("doi"),
        "eprint": fields.get("eprint"),
    }


def assert_braces_balanced(bib_text: str) -> None:
    """Every braced value ends at its own closing brace, counted as BibTeX counts (no escapes)."""
    values = re.findall(r"^  \w+ = \{(.*)\},?$", bib_text, re.MULTILINE)
    assert values
    for value in values:
        depths = list(itertools.accumulate({"{": 1, "}": -1}.get(char, 0) for char in value))
        assert min(depths, default=0) >= 0 and depths[-1:] in ([], [0]), value


@pytest.fixture(scope="module")
def exports() -> dict[str, str]:
    return export_files(check_list(FIXTURE_LIST)[0], SITE)


@pytest.fixture
def hostile_exports(folder) -> dict[str, str]:
    (folder / "venues.yml").write_text(VENUES_YML, encoding="utf-8")
    write_paper(folder, "hostile.md", HOSTILE)
    index, problems = check_list(folder)
    assert [problem.format() for problem in problems if not problem.warning] == []
    return export_files(index, SITE)


def test_exports_are_the_list_files_a_bib_file_per_tag_and_a_paper_json_per_paper(exports):
    index = check_list(FIXTURE_LIST)[0]
    assert sorted(exports) == sorted(
        ["papers.bib", "papers.csl.json", "papers.json", "tags/interpretability/papers.bib",
         "tags/retrieval/papers.bib", "tags/vision/papers.bib",
         *(f"papers/{paper.slug}/paper.json" for paper in index.papers)])


def test_a_papers_json_holds_its_abstract_and_its_bibtex_entry(exports):
    index = check_list(FIXTURE_LIST)[0]
    for paper in index.papers:
        data = json.loads(exports[f"papers/{paper.slug}/paper.json"])
        assert data["abstract"] == paper.abstract
        [entry] = [entry for entry in exports["papers.bib"].split("\n\n")
                   if entry.startswith("@") and f"{{{index.keys[paper.slug]}," in entry]
        assert data["bibtex"] == entry.strip()


def test_two_exports_of_the_same_list_are_identical(exports):
    assert export_files(check_list(FIXTURE_LIST)[0], SITE) == exports


def test_bib_file_reads_back_as_the_papers_newest_first(exports):
    assert read_bib(exports["papers.bib"]) == FIXTURE_BIB


def test_bib_file_gives_the_hostile_title_back_exactly(exports):
    titles = [entry["title"] for entry in read_bib(exports["papers.bib"])]
    assert "Less <is> More: *Stars* & _Underscores_ [1]" in titles


def test_bib_file_is_entries_separated_by_blank_lines(exports):
    text = exports["papers.bib"]
    assert text.startswith("@inproceedings{blovelaceb2023less,\n")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text.count("\n\n@") == 3


def test_bib_keys_are_unique_one_entry_per_paper(exports):
    keys = [entry["key"] for entry in read_bib(exports["papers.bib"])]
    assert keys == FIXTURE_KEYS
    assert len(set(keys)) == 4


@pytest.mark.parametrize("path, keys", [
    ("tags/interpretability/papers.bib", ["garcia2021seeing", "vinyals2015pointer"]),
    ("tags/retrieval/papers.bib", ["yang2020beyond"]),
    ("tags/vision/papers.bib", ["blovelaceb2023less", "garcia2021seeing"]),
])
def test_tag_bib_file_holds_exactly_the_tags_papers(exports, path, keys):
    entries = read_bib(exports[path])
    assert [entry["key"] for entry in entries] == keys
    assert entries == [entry for entry in FIXTURE_BIB if entry["key"] in keys]


def test_every_latex_special_character_reads_back(hostile_exports):
    [entry] = read_bib(hostile_exports["papers.bib"])
    assert entry["title"] == HOSTILE_TITLE
    assert entry["authors"] == ["José García", "Devvrit", "Tycho F. A. van der Ouderaa",
                                "O'Brien & Sons"]
    assert (entry["type"], entry["venue"]) == (
        "article", "IEEE Transactions on Pattern Analysis and Machine Intelligence")
    # First public in December 2024, published in TPAMI 2025: cited as 2025, without a month.
    assert (entry["year"], entry["month"]) == ("2025", None)
    assert entry["doi"] == "10.1002/(SICI)1097-4636(199706)35:4<409::AID-JBM1>3.0.CO;2-#"


def test_braces_balance_as_bibtex_counts_them(exports, hostile_exports):
    assert_braces_balanced(exports["papers.bib"])
    assert_braces_balanced(hostile_exports["papers.bib"])


def test_brace_check_catches_a_value_bibtex_would_end_early():
    with pytest.raises(AssertionError):
        assert_braces_balanced("@misc{k,\n  title = {a \\} and \\{ b}\n}")


def test_keys_of_papers_sharing_author_year_and_word_go_by_age(folder):
    write_paper(folder, "newer.md", "title: Seeing More\nauthors: [Ann Lee]\ndate: 2024-06\n"
                                    "tags: [vision]\n")
    write_paper(folder, "older.md", "title: Seeing Less\nauthors: [Bo Lee]\ndate: 2024-02\n"
                                    "tags: [vision]\n")
    entries = read_bib(export_files(check_list(folder)[0], SITE)["papers.bib"])
    assert [(entry["title"], entry["key"]) for entry in entries] == [
        ("Seeing More", "lee2024seeingb"), ("Seeing Less", "lee2024seeing")]


def test_a_suffixed_key_never_takes_another_papers_own_key(folder):
    for name, title, date in (("a.md", "Seeing Less", "2024-02"), ("b.md", "Seeing More", "2024-06"),
                              ("c.md", "Seeingb: A Word", "2024-09")):
        write_paper(folder, name, f"title: '{title}'\nauthors: [Ann Lee]\ndate: {date}\ntags: [vision]\n")
    entries = read_bib(export_files(check_list(folder)[0], SITE)["papers.bib"])
    assert [(entry["title"], entry["key"]) for entry in entries] == [
        ("Seeingb: A Word", "lee2024seeingb"), ("Seeing More", "lee2024seeingc"),
        ("Seeing Less", "lee2024seeing")]


def test_our_own_bib_file_imports_back_without_a_lost_character(hostile_exports, tmp_path):
    bib = tmp_path / "papers.bib"
    bib.write_text(hostile_exports["papers.bib"], encoding="utf-8")
    [record] = read_records(bib)
    assert record.title == HOSTILE_TITLE


@pytest.mark.live_list
def test_real_list_reads_back_with_every_title_and_author(live_list):
    index, _ = check_list(live_list)
    bib_text = export_files(index, SITE)["papers.bib"]
    entries = read_bib(bib_text)
    assert len(index.papers) == len(live_papers(live_list)) > 0
    assert [(entry["title"], entry["authors"]) for entry in entries] == [
        (paper.title, list(paper.authors)) for paper in index.papers]
    assert len({entry["key"] for entry in entries}) == len(index.papers)
    assert_braces_balanced(bib_text)


def test_papers_json_has_every_field_of_every_paper_and_its_url(exports):
    assert json.loads(exports["papers.json"]) == {"papers": FIXTURE_JSON}


def test_json_files_keep_field_order_unicode_no_indentation_and_a_trailing_newline(exports):
    text = exports["papers.json"]
    [first, *_] = json.loads(text)["papers"]
    assert list(first) == list(FIXTURE_JSON[0])
    assert '"José García",' in text
    assert text.startswith('{"papers":[{"slug":"less-is-more","key":')
    assert text.endswith("]}\n") and text.count("\n") == 1
    assert exports["papers.csl.json"].startswith('[{"id":"blovelaceb2023less",')
    assert exports["papers.csl.json"].endswith("}]\n")


def test_csl_items_are_the_papers(exports):
    assert json.loads(exports["papers.csl.json"]) == FIXTURE_CSL


def test_csl_ids_are_the_bibtex_keys(exports):
    ids = [item["id"] for item in json.loads(exports["papers.csl.json"])]
    assert ids == [entry["key"] for entry in read_bib(exports["papers.bib"])]


def test_csl_journal_item_with_one_word_and_particle_names(hostile_exports):
    [item] = json.loads(hostile_exports["papers.csl.json"])
    assert item["type"] == "article-journal"
    assert item["author"] == [
        {"family": "García", "given": "José"},
        {"literal": "Devvrit"},
        {"family": "Ouderaa", "given": "Tycho F. A.", "non-dropping-particle": "van der"},
        {"family": "Sons", "given": "O'Brien &"},
    ]
    assert item["issued"] == {"date-parts": [[2025]]}
    assert item["title"] == HOSTILE_TITLE
    assert "publisher" not in item and "number" not in item


@pytest.mark.parametrize("change", ["fixture", *LIVE_LISTS])
def test_csl_items_validate_against_the_csl_data_schema(live_lists, change):
    folder = FIXTURE_LIST if change == "fixture" else live_lists(change)
    items = json.loads(export_files(check_list(folder)[0], SITE)["papers.csl.json"])
    jsonschema.Draft7Validator(CSL_DATA_SCHEMA).validate(items)


def test_csl_schema_excerpt_refuses_what_csl_does_not_allow():
    validator = jsonschema.Draft7Validator(CSL_DATA_SCHEMA)
    assert not validator.is_valid([{"id": "k", "type": "preprint"}])
    assert not validator.is_valid([{"id": "k", "type": "article", "issued": {"date-parts": [[]]}}])
    assert not validator.is_valid([{"id": "k", "type": "article", "author": [{"first": "A"}]}])
    assert not validator.is_valid([{"type": "article"}])


def test_hostile_csl_item_validates(hostile_exports):
    items = json.loads(hostile_exports["papers.csl.json"])
    jsonschema.Draft7Validator(CSL_DATA_SCHEMA).validate(items)
