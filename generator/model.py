"""The reading list's data: papers, tags, authors, and the problems found in them."""

from __future__ import annotations

import datetime
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator import urls
from generator.identity import fold, identity_keys

# The kinds of a paper's links, in the order files and pages give them, with their labels.
LINK_KINDS = {"code": "Code", "project": "Project", "pdf": "PDF", "video": "Video",
              "slides": "Slides", "poster": "Poster", "supplement": "Supplement", "blog": "Blog",
              "data": "Data", "model": "Model"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located at a line.

    A message that names a second file (`other`) says where with the placeholder {other}.
    """

    path: Path
    line: int
    message: str
    warning: bool = False
    other: Path | None = None

    def format(self, root: Path | None = None) -> str:
        """Render as `path:line: message`, paths relative to root when inside it."""
        kind = "warning: " if self.warning else ""
        return f"{display_path(self.path, root)}:{self.line}: {kind}{self.text(root)}"

    def format_github(self) -> str:
        """Render as a GitHub Actions annotation, which shows on the pull request's diff."""
        def escape(text: str, *more: str) -> str:
            for char in ("%", "\r", "\n", *more):
                text = text.replace(char, f"%{ord(char):02X}")
            return text

        path = escape(display_path(self.path), ":", ",")
        command = "warning" if self.warning else "error"
        return f"::{command} file={path},line={self.line}::{escape(self.text())}"

    def text(self, root: Path | None = None) -> str:
        """The message, with the second file it names (if any) relative to root."""
        if self.other is None:
            return self.message
        return self.message.replace("{other}", display_path(self.other, root))


def display_path(path: Path, root: Path | None = None) -> str:
    """Show a path relative to root (default: the working directory) when it lies inside, with
    '/' between folders on every platform, as git shows it (and GitHub's annotations need)."""
    root = root or Path.cwd()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# ASCII: \d would also take other scripts' digits, such as '٢٠٢٠'.
DATE_PATTERN = r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?"
_DATE_START = re.compile(DATE_PATTERN + r"(?![\d-])", re.ASCII)


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date that may lack its day or its month, as early versions of papers often do.

    It is always a real date (ValueError otherwise). Dates order by time; one without its
    month or day comes after the dates within it (2020-05 after 2020-05-31), as it may be
    any of them.
    """

    year: int
    month: int = 0
    day: int = 0

    def __post_init__(self) -> None:
        if self.day and not self.month:
            raise ValueError(f"a day without a month: {self.year}-?-{self.day}")
        datetime.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def parse(cls, text: str) -> PartialDate | None:
        """The date a text starts with (YYYY-MM-DD, YYYY-MM or YYYY, as ISO dates, times and
        ranges start), or None; ValueError when it is not a real date (2024-02-30)."""
        match = _DATE_START.match(text)
        if match is None:
            return None
        return cls(*(int(part) if part else 0 for part in match.groups()))

    @classmethod
    def read(cls, text: str) -> PartialDate | None:
        """The date a text starts with, or None, for a date that is not real too: how the
        records of other tools (BibTeX, arXiv, Crossref) are read."""
        try:
            return cls.parse(text)
        except ValueError:
            return None

    def __str__(self) -> str:
        parts = [f"{self.year:04d}", f"{self.month:02d}", f"{self.day:02d}"]
        return "-".join(parts[: 1 + bool(self.month) + bool(self.day)])

    def __lt__(self, other: PartialDate) -> bool:
        return self.in_time < other.in_time

    @property
    def in_time(self) -> tuple[int, int, int]:
        """The sort key of dates: a missing month or day counts as after every known one."""
        return (self.year, self.month or 13, self.day or 32)

    @property
    def newest_first(self) -> tuple[int, int, int]:
        """The sort key of dates, latest first."""
        return (-self.year, -(self.month or 13), -(self.day or 32))


@dataclass(frozen=True)
class Paper:
    """One paper of the list, as its file describes it, with values checked and normalised."""

    slug: str
    path: Path
    title: str
    authors: tuple[str, ...]
    date: PartialDate
    tags: tuple[str, ...]
    abstract: str = ""
    arxiv: str = ""
    doi: str = ""
    venue: Venue | None = None
    organization: str = ""
    links: tuple[tuple[str, str], ...] = ()
    added: PartialDate | None = None
    notes: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)
    # Made once, when the paper is checked, not each time the list is sorted or compared.
    identity: tuple[tuple[str, str], ...] = field(init=False, compare=False, repr=False)
    order: tuple[int, int, int, str, str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "identity", tuple(identity_keys(self.arxiv, self.doi, self.title)))
        # The list's total order: newest date first, then by title, then by file name.
        object.__setattr__(self, "order", (*self.date.newest_first, fold(self.title), self.slug))

    def line_of(self, name: str) -> int:
        """The line where a field starts in the file, or 1 when it is absent."""
        return self.lines.get(name, 1)

    @property
    def url(self) -> str:
        """The paper's page on the site."""
        return urls.paper(self.slug)

    @property
    def issued(self) -> PartialDate:
        """When it appeared, as citations give it: the venue's year for a published paper,
        else its date (a preprint's first public version)."""
        if self.venue and self.venue.year is not None:
            return PartialDate(self.venue.year)
        return self.date

    @property
    def arxiv_url(self) -> str:
        """The arXiv abstract page, or '' for a paper without an arXiv id."""
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else ""

    @property
    def pdf_url(self) -> str:
        """The paper's `pdf` link, else arXiv's PDF, else ''."""
        arxiv_pdf = f"https://arxiv.org/pdf/{self.arxiv}" if self.arxiv else ""
        return dict(self.links).get("pdf", arxiv_pdf)

    @property
    def doi_url(self) -> str:
        """The DOI as a doi.org address, or ''."""
        return f"https://doi.org/{self.doi}" if self.doi else ""


@dataclass(frozen=True)
class CuratorPage:
    """A page of the curator's own (papers/pages/about.md): its title, its place in the
    navigation (lower first) and its Markdown, which starts at body_line of its file."""

    slug: str
    path: Path
    title: str
    order: int
    body: str
    body_line: int


@dataclass(frozen=True)
class Step:
    """A step of a reading path: a paper (its slug), why it comes there, its file's line."""

    paper: str
    why: str
    line: int


@dataclass(frozen=True)
class ReadingPath:
    """An order to read papers in (papers/paths/sparse-autoencoders.md): its title, its
    introduction (Markdown, from intro_line of its file) and its steps."""

    slug: str
    file: Path
    title: str
    intro: str
    intro_line: int
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Tag:
    """A tag of the vocabulary: the slug papers use, its display name and what it covers."""

    slug: str
    name: str
    description: str
    aliases: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        """The tag's page on the site."""
        return urls.tag(self.slug)


VenueKind = Literal["conference", "journal", "workshop", "preprint"]
VENUE_KINDS: tuple[VenueKind, ...] = ("conference", "journal", "workshop", "preprint")


@dataclass(frozen=True)
class VenueSeries:
    """A series of venues.yml: a conference, journal, workshop or preprint server, under the
    slug its page uses, with its full name, the short name papers write, and aliases."""

    slug: str
    name: str
    short: str
    kind: VenueKind
    aliases: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        """The series' page on the site."""
        return urls.venue(self.slug)

    @property
    def needs_year(self) -> bool:
        """Whether a paper's venue of this series must give its year (a preprint's may not)."""
        return self.kind != "preprint"


@dataclass(frozen=True)
class Venue:
    """Where a paper appeared: a series, its year, and a note citations leave out (oral,
    spotlight, main track). Written, and shown, as `ICLR 2023 (oral)`."""

    series: VenueSeries
    year: int | None = None
    note: str = ""

    def __str__(self) -> str:
        year = f" {self.year}" if self.year is not None else ""
        note = f" ({self.note})" if self.note else ""
        return f"{self.series.short}{year}{note}"


PersonKind = Literal["person", "organization"]


@dataclass(frozen=True)
class Person:
    """An author as the registry knows them: the name their page uses, and more. An
    organisation listed as an author (a lab, a company) is cited by its whole name."""

    name: str
    variants: tuple[str, ...] = ()
    orcid: str = ""
    homepage: str = ""
    affiliation: str = ""
    kind: PersonKind = "person"

    @property
    def is_organization(self) -> bool:
        return self.kind == "organization"


def build_date() -> datetime.date:
    """The day of the build: SOURCE_DATE_EPOCH's (in UTC) when it is set, so that a build
    can be reproduced, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


@dataclass(frozen=True)
class Site:
    """What pages, feeds and exports need to know of the site: its address (maybe with a
    sub-path), its name, the settings of mkdocs.yml's papershelf plugin, and the build's day."""

    url: str
    name: str
    feed_size: int = 50
    authors_shown: int = 8
    summary_length: int = 200
    page_size: int = 100
    contact: str = ""  # an e-mail address for the services papers refresh asks
    today: datetime.date = field(default_factory=build_date)  # what "recently added" counts from
