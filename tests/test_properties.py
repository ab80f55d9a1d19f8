"""Properties on generated input (hypothesis): any file only ever gives problems, `fmt` keeps
every value and the notes and is idempotent, and ids and titles normalise in one step."""

from __future__ import annotations

import datetime
import itertools
import re
import string
import tempfile
import unicodedata
from pathlib import Path

import yaml
from conftest import TAGS_YML, VENUES_YML
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.canonical import canonical_text, reads_back_as
from generator.exports import export_files
from generator.feeds import feed_files
from generator.fields import FIELD_NAMES, validate_paper
from generator.identity import fold, normalise_arxiv, normalise_doi, title_key
from generator.index import Index, build_index, check_list
from generator.load import AUTHORS_FILE, TAGS_FILE, VENUES_FILE, tag_lookup
from generator.model import LINK_KINDS, Problem, Site, Tag, VenueSeries
from generator.paperfile import MAX_BYTES, _after_fence, _closing_fence, split_paper
from generator.render import render_pages
from generator.venues import VenueLookup, names_of

# The tags of conftest.TAGS_YML, which the folder tests write.
VOCABULARY = (Tag("retrieval", "Retrieval", "Finding documents for a query.", ("ir",)),
              Tag("vision", "Vision", "Images and video."))
TAGS = tag_lookup(VOCABULARY)
VENUE_VOCABULARY = (
    VenueSeries("iclr", "International Conference on Learning Representations", "ICLR", "conference",
                ("ICLR Blog Track",)),
    VenueSeries("iclr-workshops", "ICLR Workshops", "ICLRW", "workshop"),
    VenueSeries("arxiv", "arXiv preprint", "arXiv", "preprint"))
VENUES = VenueLookup(VENUE_VOCABULARY)
PATH = Path("papers/p.md")
SITE = Site("https://example.org/shelf/", "Shelf")
VALID_FILE = "---\ntitle: Another Paper\nauthors: [Ada Lovelace]\ndate: 2020\ntags: [vision]\n---\n"

# Repeatable in CI: a seed per test and no example database; no deadline, as the first
# render compiles the templates. As many examples as the profile gives: Hypothesis's 100, or
# the fifth of that `make test-fast` asks for (conftest.py).
PROPERTY = settings(derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


# -- Text: any character UTF-8 can encode. Those that YAML or str.splitlines treat specially,
# and those with irregular case mappings (ß, ı, ᾳ) or a decomposition (é, ﬁ, ①), are rare
# among all of Unicode, so they are drawn on purpose too.

SPECIAL = "\t\n\r\x0b\x0c\x1c\x1e\x85\xa0\u2028\u2029\ufeff\u3000\x00\x07\x1b\u0301\U0010ffff"
CASE_IRREGULAR = [char for char in map(chr, range(0x30000))
                  if char.casefold() != char.lower() or char.upper().lower() != char.lower()
                  or len(char.upper()) > 1]
DECOMPOSING = [char for char in map(chr, range(0x30000)) if unicodedata.decomposition(char)]
CHARS = st.one_of(st.characters(codec="utf-8"), st.sampled_from(SPECIAL + "#:-'\"&*!|>{}[],?%@`~ "),
                  st.sampled_from(CASE_IRREGULAR), st.sampled_from(DECOMPOSING))


def texts(min_size: int = 0, max_size: int = 20, chars=CHARS) -> st.SearchStrategy[str]:
    # Not st.text(chars): it merges the alphabet into one range and rarely draws the lists.
    return st.lists(chars, min_size=min_size, max_size=max_size).map("".join)


def xml_char(char: str) -> bool:
    """Whether XML 1.0 (and so a feed) can hold the character; values hold no others."""
    return char in "\t\n\r" or not ("\x00" <= char < "\x20" or char in "\ufffe\uffff")


TEXT = texts()
VALUE = texts(min_size=1, chars=CHARS.filter(xml_char)).filter(str.strip)
# Prose too: words, some of which YAML would read as something else on their own.
WORDS = st.lists(st.sampled_from(["Attention", "is", "all", "you", "need:", "a", "Ünïcödé", "x-y",
                                  "---", "...", "#1", "-", "'quoted'", '"q"', "1.5", "no", "null",
                                  "&a", "*a", "!!str", "[x]", "{y}", "|", ">", "%", "@"]),
                 min_size=1, max_size=30).map(" ".join)
CONTENT = st.one_of(VALUE, WORDS)
SPACES = st.one_of(st.text(st.sampled_from(" \t\n\u3000\u2028\x85"), max_size=2),
                   st.sampled_from(["\n\n", " \n\n", "\n \n"]))


def padded(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Text with whitespace around it, which the checker strips."""
    return st.tuples(SPACES, strategy, SPACES).map("".join)


# -- Identifiers in every form the checker accepts.

ARXIV_PREFIXES = ("", "arXiv:", "arxiv:", "ARXIV:", "https://arxiv.org/abs/", "http://arxiv.org/pdf/",
                  "arxiv.org/abs/", "https://www.arxiv.org/pdf/", "https://export.arxiv.org/abs/",
                  "HTTPS://ARXIV.ORG/ABS/")
ARCHIVES = st.one_of(st.sampled_from(["cs", "math", "hep-th", "cond-mat", "math.GT", "astro-ph"]),
                     st.from_regex(r"[a-z]+(-[a-z]+)?(\.[A-Z]{2})?", fullmatch=True))


@st.composite
def arxiv_ids(draw) -> str:
    """An arXiv id, new (2004.12297) or old style (cs/0112017), maybe versioned, prefixed or a URL."""
    year, month = draw(st.integers(0, 99)), draw(st.integers(1, 12))
    if draw(st.booleans()):
        digits = 5 if (year, month) >= (15, 1) else 4
        bare = f"{year:02d}{month:02d}.{draw(st.integers(0, 10 ** digits - 1)):0{digits}d}"
    else:
        bare = f"{draw(ARCHIVES)}/{year:02d}{month:02d}{draw(st.integers(0, 999)):03d}"
    version = draw(st.sampled_from(["", "v1", "v2", "v12"]))
    suffix = draw(st.sampled_from(["", ".pdf"]))
    return draw(st.sampled_from(ARXIV_PREFIXES)) + bare + version + suffix


def non_space(also_refused: str = "") -> st.SearchStrategy[str]:
    return st.characters(codec="utf-8").filter(
        lambda char: xml_char(char) and not char.isspace() and char not in also_refused)


DOI_PREFIXES = ("", "doi:", "DOI:", "https://doi.org/", "http://dx.doi.org/", "HTTPS://DOI.ORG/")


@st.composite
def dois(draw) -> str:
    """A DOI in any case, bare, `doi:` prefixed or a doi.org URL."""
    registrant = draw(st.from_regex(r"[0-9]{4,9}", fullmatch=True))
    doi = f"10.{registrant}/{draw(st.text(non_space(), min_size=1, max_size=20))}"
    doi = draw(st.sampled_from([doi, doi.upper(), doi.lower(), doi.swapcase()]))
    return draw(st.sampled_from(DOI_PREFIXES)) + doi


URLS = st.builds("{}://{}/{}".format, st.sampled_from(["http", "https"]),
                 st.from_regex(r"[a-z0-9]+(\.[a-z0-9]+)*(:[0-9]{1,4})?", fullmatch=True),
                 st.text(non_space('<>"'), max_size=15))


# -- Valid papers, written in a valid but not canonical way.
#
# "Valid" is what `papers check` accepts: every value non-empty after stripping whitespace,
# authors distinct once their whitespace is folded, tags from the vocabulary naming each tag
# once, real dates as YYYY, YYYY-MM or YYYY-MM-DD (ASCII digits), ids in the accepted forms,
# http(s) links of the known kinds. A value may hold any character UTF-8 can encode but the
# control characters XML 1.0 cannot hold (YAML escapes could write them; the checker refuses
# them). Files the checker still refuses (a writer's quirk) are assumed away.

REQUIRED = {
    "title": padded(CONTENT),
    "authors": st.lists(padded(CONTENT), min_size=1, max_size=4,
                        unique_by=lambda name: " ".join(name.split())),
    "tags": st.lists(st.sampled_from(sorted(TAGS)), min_size=1, max_size=2,
                     unique_by=lambda name: TAGS[name].slug),
}
@st.composite
def venues(draw) -> str:
    """A venue as papers may write it: a series by any of its names in any case, its year
    (which a preprint may leave out), and maybe a note of any text, in parentheses or after
    a comma."""
    series = draw(st.sampled_from(VENUE_VOCABULARY))
    name = draw(st.sampled_from(names_of(series)))
    name = draw(st.sampled_from([name, name.upper(), name.lower(), name.swapcase()]))
    year = f" {draw(st.integers(1000, 9999))}" if series.needs_year or draw(st.booleans()) else ""
    note = draw(st.one_of(st.just(""), CONTENT.map(lambda text: f" ({text})"),
                          CONTENT.map(lambda text: f", {text}")))
    return name + year + note


OPTIONAL = {
    "venue": padded(venues()),
    "organization": padded(CONTENT),
    "arxiv": arxiv_ids(),
    "doi": dois(),
    "links": st.dictionaries(st.sampled_from(list(LINK_KINDS)), URLS, max_size=3),
    # Paragraphs, and maybe blank lines after them.
    "abstract": st.tuples(
        st.lists(st.one_of(WORDS, padded(WORDS), padded(VALUE)), min_size=1, max_size=3)
        .map("\n\n".join),
        st.sampled_from(["", "\n", "\n\n"])).map("".join),
}
FIELD_LINES = st.sampled_from(["", "", "# a comment\n", "\n"])
NOTE_LINES = st.one_of(TEXT, st.sampled_from(["---", "...", "", "  indented", "trailing  ", "```",
                                              "# Notes"]))


@st.composite
def notes(draw) -> str:
    """A body after the front matter: blank lines, Markdown-ish lines (also '---'), any text."""
    lines = draw(st.lists(st.tuples(NOTE_LINES, st.sampled_from(["\n", "\r\n"])), max_size=6))
    before = draw(st.lists(st.sampled_from(["\n", "\r\n", "  \n", "\t\r\n"]), max_size=3))
    after = draw(st.text(" \t\n\r", max_size=3))
    return "".join(before) + "".join(text + end for text, end in lines) + after


def partial_dates(draw, full: bool) -> str:
    date = draw(st.dates(min_value=datetime.date(1, 1, 1)))
    form = 3 if full else draw(st.integers(1, 3))
    return ["", f"{date.year:04d}", f"{date.year:04d}-{date.month:02d}", date.isoformat()][form]


class RawValue(str):
    """A value written into the YAML text as it is."""


def field_text(draw, name: str, value: object) -> str:
    """One field as YAML text, in a style drawn at random."""
    if isinstance(value, RawValue):
        return f"{name}: {value}\n"
    if name in ("date", "added"):  # as YAML reads them: a date, a number or text
        quote = draw(st.sampled_from(["", "'", '"']))
        return f"{name}: {quote}{value}{quote}\n"
    # Flow style for lists and links only: a flow mapping around the field is another document.
    flow = draw(st.sampled_from([None, False])) if isinstance(value, (list, dict)) else False
    return yaml.safe_dump({name: value}, allow_unicode=draw(st.booleans()), sort_keys=False,
                          default_style=draw(st.sampled_from([None, "'", '"', "|", ">"])),
                          default_flow_style=flow, width=draw(st.sampled_from([20, 80, 4096])),
                          indent=draw(st.integers(2, 5)))


@st.composite
def paper_files(draw, broken: bool = False) -> str:
    """The text of a valid paper file, in any field order, quoting, list style and line ends;
    a broken one has one field's value replaced by raw YAML (a tag, an anchor, bad syntax)."""
    values = draw(st.fixed_dictionaries(REQUIRED, optional=OPTIONAL))
    values["date"] = partial_dates(draw, full=False)
    if draw(st.booleans()):
        values["added"] = partial_dates(draw, full=True)
    if broken:
        values[draw(st.sampled_from(sorted(values)))] = RawValue(draw(RAW_VALUES))
    front = "".join(draw(FIELD_LINES) + field_text(draw, name, values[name])
                    for name in draw(st.permutations(list(values))))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    opening = "---" + draw(st.sampled_from(["", " ", "\t"])) + end
    closing = draw(st.sampled_from(["---", "...", "--- "])) + end
    return opening + front.replace("\n", end) + closing + draw(notes())


# -- Arbitrary front matter: any keys (the real field names too), values of any type and
# depth, dumped by PyYAML; raw text made of YAML's syntax; and valid files with such text
# in place of a value or spliced in anywhere.

def nested(depth: int, leaf: object, kinds: list[bool]) -> object:
    """A leaf inside depth lists and mappings."""
    for level in range(depth):
        leaf = [leaf] if kinds[level % len(kinds)] else {"k": leaf}
    return leaf


KEYS = st.one_of(st.sampled_from(FIELD_NAMES + tuple(LINK_KINDS)), TEXT, st.integers(), st.booleans(),
                 st.none(), st.dates())
LEAVES = st.one_of(TEXT, st.integers(), st.floats(), st.booleans(), st.none(), st.dates(),
                   st.datetimes(), st.sampled_from(["2020-01-02", "2020", "2020-13", "1706.03762",
                                                    "no", "~", "vision", "ir", "https://x.org",
                                                    "10.1145/x", "cs/0112017", "javascript:x"]))
DATA = st.recursive(LEAVES, lambda children: st.lists(children, max_size=3)
                    | st.dictionaries(KEYS, children, max_size=3), max_leaves=12)
DEEP = st.builds(nested, st.integers(0, 40), LEAVES, st.lists(st.booleans(), min_size=1, max_size=3))
FRONT_DATA = st.one_of(st.dictionaries(KEYS, st.one_of(DATA, DEEP), max_size=6), DATA,
                       st.builds(lambda valid, other: valid | other,
                                 st.fixed_dictionaries(REQUIRED, optional=OPTIONAL),
                                 st.dictionaries(st.sampled_from(FIELD_NAMES), DATA, max_size=2)))
SYNTAX = ["title: ", "authors:\n", "- ", "  - ", "date: ", "tags: [", "]", "{", "}", ", ", ": ",
          "\n", "\t", "&a ", "*a", "&a [x]", "!!binary ", "!!python/object:os.system ", "!foo ",
          "!!str ", "!!float ", "!!seq ", "---\n", "...\n", "--- ", "? ", "|\n  ", ">-\n  ", "'",
          '"', "#", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "<<: ", "=", "\\", "\ufeff", "\x85",
          "\u2028", " "]
RAW = st.lists(st.one_of(st.sampled_from(SYNTAX), TEXT), max_size=25).map("".join)
RAW_VALUES = st.one_of(
    st.lists(st.one_of(st.sampled_from(SYNTAX), TEXT), min_size=1, max_size=5).map("".join),
    st.tuples(st.sampled_from(["!!binary ", "!foo ", "!!python/name:os.system ", "!!set ", "&a ",
                               "!!str ", "!!timestamp ", "!!null "]),
              st.sampled_from(["x", "2020", "[x]", "{code: x}", "''", "[vision]"])).map("".join),
    st.integers(0, 20).map(lambda depth: "[" * depth + "x" + "]" * depth),
)


@st.composite
def dumped(draw) -> str:
    return yaml.safe_dump(draw(FRONT_DATA), allow_unicode=draw(st.booleans()),
                          default_flow_style=draw(st.sampled_from([None, True, False])),
                          default_style=draw(st.sampled_from([None, "'", '"', "|"])))


@st.composite
def spliced(draw) -> str:
    """A valid file with raw YAML syntax put in somewhere, or in place of part of it."""
    text, raw = draw(paper_files()), draw(RAW)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 10)))
    return text[:start] + raw + text[end:]


FENCES = st.sampled_from(["---\n", "---\r\n", "--- \n", "\ufeff---\n", "", "-- \n", "---"])
CLOSINGS = st.sampled_from(["---\n", "...\n", "---\r\n", "", "---", "----\n"])
FILE_TEXTS = st.one_of(
    paper_files(),
    paper_files(broken=True),
    spliced(),
    st.tuples(FENCES, st.one_of(dumped(), RAW), CLOSINGS, TEXT).map("".join),
    texts(max_size=60),
)


def publish(index: Index, problems: list[Problem]) -> None:
    """What the site build makes of an index it has no errors for: pages, feeds, exports."""
    if not any(not problem.warning for problem in problems):
        render_pages(index, SITE)
        feed_files(index, SITE)
        export_files(index, SITE.url)


def paper_problems(text: str) -> list[Problem]:
    """Everything the core does with one file's text: check, format, index and publish it."""
    source, problems = split_paper(PATH, text)
    if source is None:
        return problems
    paper, found = validate_paper(source, TAGS, VENUES)
    problems += found
    if paper is None:
        return problems
    reads_back_as(canonical_text(source, paper)[0], paper, TAGS, VENUES)  # as `papers fmt` does
    index, found = build_index((paper,), VOCABULARY, ())
    publish(index, found)
    return problems + found


def folder_problems(files: dict[str, bytes]) -> list[Problem]:
    """Check a papers folder holding these files, and publish it if it has no errors."""
    with tempfile.TemporaryDirectory() as root:  # one per example: tmp_path is one per test
        folder = Path(root) / "papers"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        index, problems = check_list(folder)
        publish(index, problems)
        assert all(problem.path.parent == folder for problem in problems)
    return problems


def assert_only_problems(problems: list[Problem]) -> None:
    assert all(isinstance(problem, Problem) and problem.line >= 1 for problem in problems)


# -- Any input: only problems, never an exception.

@PROPERTY
@given(FILE_TEXTS)
def test_any_front_matter_gives_problems_never_an_exception(text):
    assert_only_problems(paper_problems(text))


@PROPERTY
@given(FILE_TEXTS)
def test_any_paper_file_in_a_folder_gives_problems_never_an_exception(text):
    files = {"p.md": text.encode("utf-8"), "another-paper.md": VALID_FILE.encode(),
             TAGS_FILE: TAGS_YML.encode(), VENUES_FILE: VENUES_YML.encode()}
    assert_only_problems(folder_problems(files))


HUGE = st.binary(min_size=1, max_size=8).map(lambda chunk: chunk * (MAX_BYTES // len(chunk) + 1))
BYTES = st.one_of(
    st.binary(max_size=200),
    HUGE,
    st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf", b"---\n", b"---\ntitle: "]),
              st.binary(max_size=50), st.sampled_from([b"", b"\n---\n"])).map(b"".join),
    # Surrogates, which UTF-8 cannot encode.
    st.text(st.characters(), max_size=30).map(lambda text: text.encode("utf-8", "surrogatepass")),
)


@PROPERTY
@given(BYTES)
def test_any_bytes_in_a_paper_file_give_problems_never_an_exception(data):
    assert_only_problems(folder_problems({"p.md": data, TAGS_FILE: TAGS_YML.encode()}))


REGISTRY_KEYS = ["name", "description", "aliases", "short", "kind", "variants", "orcid", "homepage",
                 "affiliation"]
REGISTRY_TEXTS = st.one_of(
    st.builds(yaml.safe_dump, st.dictionaries(KEYS, DATA, max_size=4)),
    RAW,
    st.builds(yaml.safe_dump, st.dictionaries(
        st.sampled_from(["vision", "Ada Lovelace", "x", "iclr"]),
        st.dictionaries(st.sampled_from(REGISTRY_KEYS), DATA, max_size=4), max_size=3)),
)


@PROPERTY
@given(REGISTRY_TEXTS, REGISTRY_TEXTS, REGISTRY_TEXTS)
def test_any_tags_venues_and_authors_files_give_problems_never_an_exception(tags, venues, authors):
    files = {TAGS_FILE: tags.encode("utf-8"), VENUES_FILE: venues.encode("utf-8"),
             AUTHORS_FILE: authors.encode("utf-8"), "another-paper.md": VALID_FILE.encode(),
             "venued-paper.md": VALID_FILE.replace("date: 2020", "date: 2020\nvenue: iclr 2020").encode()}
    assert_only_problems(folder_problems(files))


# -- Problems point at the culprit.

CONTROL_CHARS = st.sampled_from([chr(code) for code in (*range(0x00, 0x09), *range(0x0E, 0x20),
                                                        *range(0x7F, 0x85), *range(0x86, 0xA0))]
                                + ["\ufffe", "\uffff"])
LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@settings(PROPERTY, max_examples=PROPERTY.max_examples // 2)
@given(paper_files(), CONTROL_CHARS, st.data())
def test_a_control_character_is_reported_on_its_line(text, char, data):
    lines = text.splitlines(keepends=True)
    end = next(i for i, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "..."))
    position = data.draw(st.integers(len(lines[0]), len("".join(lines[:end])) - 1))  # no fence
    # Lines counted by line feeds, where every way of counting lines agrees.
    assume(not any(char in LINE_BREAKS for char in text[:position + 1]))
    broken = text[:position] + char + text[position:]
    line = broken[:position].count("\n") + 1
    message = f"YAML cannot read character #x{ord(char):04x}: control characters are not allowed"
    assert split_paper(PATH, broken)[1] == [Problem(PATH, line, message)]


@PROPERTY
@given(st.sampled_from([b"", b"\xef\xbb\xbf"]), texts(), st.binary(min_size=1, max_size=20))
def test_a_file_that_is_not_utf8_is_reported_at_its_first_bad_byte(bom, text, rest):
    data = bom + text.encode("utf-8") + rest
    try:
        data[len(bom):].decode("utf-8")
    except UnicodeDecodeError as error:
        bad = len(bom) + error.start
    else:
        assume(False)
    [problem] = folder_problems({"p.md": data, TAGS_FILE: TAGS_YML.encode()})
    assert (problem.line, problem.message) == (
        data[:bad].count(b"\n") + 1,
        f"file is not UTF-8 text (byte 0x{data[bad]:02x} cannot be decoded): save it as UTF-8")


# -- papers fmt: lossless and idempotent on any valid paper.

def valid_paper(text: str):
    source, problems = split_paper(PATH, text)
    assume(source is not None and not problems)
    paper, _ = validate_paper(source, TAGS, VENUES)
    assume(paper is not None)
    return source, paper


@PROPERTY
@given(paper_files())
def test_fmt_reads_back_as_the_same_paper_with_the_same_notes(text):
    source, paper = valid_paper(text)
    formatted = canonical_text(source, paper)[0]
    assert reads_back_as(formatted, paper, TAGS, VENUES)
    assert split_paper(PATH, formatted)[0].notes == source.notes


@PROPERTY
@given(paper_files())
def test_fmt_of_a_formatted_file_changes_nothing(text):
    formatted = canonical_text(*valid_paper(text))[0]
    assert canonical_text(*valid_paper(formatted))[0] == formatted


# -- Identity: normalising twice is normalising once; titles fold case, punctuation,
# spacing and diacritics away.

@PROPERTY
@given(st.one_of(arxiv_ids(), TEXT))
def test_a_normalised_arxiv_id_normalises_to_itself(text):
    normal = normalise_arxiv(text)
    assume(normal is not None)
    assert normalise_arxiv(normal) == normal


@PROPERTY
@given(arxiv_ids())
def test_every_accepted_arxiv_form_normalises(text):
    assert normalise_arxiv(text) is not None


@PROPERTY
@given(st.one_of(dois(), TEXT))
def test_a_normalised_doi_normalises_to_itself(text):
    normal = normalise_doi(text)
    assume(normal is not None)
    assert normalise_doi(normal) == normal


@PROPERTY
@given(dois())
def test_every_accepted_doi_form_normalises(text):
    assert normalise_doi(text) is not None


TITLES = texts(max_size=40)


def fences_line_by_line(text: str) -> tuple[int, tuple[int, int] | None] | None:
    """Where the front matter begins, and where its closing fence line begins and ends, as
    the format defines them: lines as str.splitlines makes them, a fence being the line that
    is '---' (or '...' to close) once str.rstrip has taken what follows it. None: no front
    matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    starts = list(itertools.accumulate(map(len, lines), initial=0))
    closing = next(((starts[number], starts[number + 1]) for number in range(1, len(lines))
                    if lines[number].rstrip() in ("---", "...")), None)
    return starts[1], closing


PIECES = st.lists(st.sampled_from(["---", "...", "-", "a", " ", "\t", "\x1f", "\xa0", "\n", "\r",
                                   "\r\n", "\v", "\f", "\x1c", "\x85", "\u2028"]),
                  max_size=12).map("".join)


@settings(PROPERTY, max_examples=20 * PROPERTY.max_examples)  # a few milliseconds each
@given(PIECES)
def test_the_fences_are_found_where_the_lines_of_the_file_put_them(text):
    first = _after_fence(text, 0) if text.startswith("---") else None
    found = None if first is None else (first, _closing_fence(text, first))
    assert found == fences_line_by_line(text)


@PROPERTY
@given(TITLES)
def test_fold_and_title_key_are_idempotent(title):
    assert fold(fold(title)) == fold(title)
    assert title_key(title_key(title)) == title_key(title)


@PROPERTY
@given(st.text(st.characters(max_codepoint=127), max_size=40))
def test_an_ascii_title_key_is_its_letters_and_digits_in_lower_case_words(title):
    assert title_key(title) == " ".join(re.findall("[a-z0-9]+", title.lower()))


@PROPERTY
@given(TITLES)
def test_title_key_ignores_case(title):
    assert title_key(title.upper()) == title_key(title) == title_key(title.lower())


SEPARATORS = st.text(st.one_of(st.characters(categories=["P"]),
                               st.sampled_from(string.whitespace + "\xa0\u2028\u3000")),
                     min_size=1, max_size=3)


@PROPERTY
@given(st.lists(texts(min_size=1, max_size=8), min_size=1, max_size=5), st.data())
def test_title_key_ignores_punctuation_and_spacing(words, data):
    separated = "".join(data.draw(SEPARATORS) + word for word in words) + data.draw(SEPARATORS)
    assert title_key(separated) == title_key(" ".join(words))


# Not U+0345, the iota below (ᾳ): its capital is the letter Ι (ᾳ.upper() is ΑΙ).
DIACRITICS = st.characters(min_codepoint=0x300, max_codepoint=0x36F).filter(
    lambda mark: unicodedata.combining(mark) and mark != "\u0345")


@PROPERTY
@given(TITLES, st.data())
def test_title_key_ignores_diacritics(title, data):
    marked = "".join(char + data.draw(st.text(DIACRITICS, max_size=2)) for char in title)
    assert title_key(unicodedata.normalize("NFD", title)) == title_key(title)
    assert title_key(unicodedata.normalize("NFC", title)) == title_key(title)
    assert title_key(marked) == title_key(title)


