"""The list at a glance: how many papers per year, tag, venue series, author and
organisation, and how many have code, a DOI, an abstract and notes; each as a bar chart
with its table."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator import formulas, urls
from generator.authors import sort_name
from generator.identity import fold
from generator.index import Index
from generator.model import Paper

TOP = 20  # authors and organisations a chart and its table show: the ones with most papers
DRAWN = 30  # bars a chart draws at most; its table lists every row


@dataclass(frozen=True)
class Bar:
    """One row of a chart: its label, its count, the page it links to ('' for none) and the
    number as the chart writes it."""

    label: str
    count: int
    url: str = ""
    shown: str = ""

    @property
    def text(self) -> str:
        return self.shown or str(self.count)


@dataclass(frozen=True)
class Chart:
    """Counts as horizontal bars, the first `drawn` of them drawn, all in the table."""

    slug: str  # the id of its heading and SVG parts
    title: str
    description: str  # what it shows, for screen readers and under the heading
    column: str  # the heading of the table's first column
    bars: tuple[Bar, ...]
    scale: int  # the count of a bar of full width
    drawn: int = DRAWN

    @property
    def drawn_bars(self) -> tuple[Bar, ...]:
        return self.bars[:self.drawn]

    def width(self, bar: Bar) -> float:
        """A bar's width, in percent of the widest a bar may be."""
        return round(100 * bar.count / self.scale, 2) if self.scale else 0.0


@dataclass(frozen=True)
class Stats:
    """The figures of the stats page: totals, then charts."""

    papers: int
    authors: int
    tags: int
    venues: int
    charts: tuple[Chart, ...]
    paths: int = 0


def list_stats(index: Index) -> Stats:
    """Every figure of the stats page, counted from the index."""
    papers = index.papers
    charts = (_coverage(papers), _published(papers), _added(papers), _tags(index),
              _venues(index), _people(index), _organizations(index), *_cited(index))
    return Stats(len(papers), len(index.authors), len(index.tags), len(index.venues), charts,
                 len(index.paths))


def _coverage(papers: tuple[Paper, ...]) -> Chart:
    has: dict[str, Callable[[Paper], object]] = {
        "Code": lambda paper: dict(paper.links).get("code"), "DOI": lambda paper: paper.doi,
        "Abstract": lambda paper: paper.abstract, "Notes": lambda paper: paper.notes}
    counts = {label: sum(1 for paper in papers if test(paper)) for label, test in has.items()}
    bars = tuple(Bar(label, count, shown=f"{count} ({_percent(count, len(papers))})")
                 for label, count in counts.items())
    return Chart("coverage", "What the papers have",
                 f"Of {len(papers)} papers, how many have a code link, a DOI, an abstract and "
                 "notes.", "Has", bars, len(papers))


def _papers(count: int) -> str:
    """'1 paper has', '2 papers have'."""
    return f"{count} paper has" if count == 1 else f"{count} papers have"


def _percent(count: int, total: int) -> str:
    return f"{round(100 * count / total) if total else 0}%"


def _published(papers: tuple[Paper, ...]) -> Chart:
    counts = Counter(paper.date.year for paper in papers)
    bars = tuple(Bar(str(year), counts[year], urls.year(year)) for year in sorted(counts))
    return Chart("published", "Published per year", "Papers by the year of their first public "
                 "version (the date field).", "Year", bars, _largest(bars), drawn=len(bars))


def _added(papers: tuple[Paper, ...]) -> Chart:
    counts = Counter(paper.added.year for paper in papers if paper.added)
    undated = sum(1 for paper in papers if not paper.added)
    said = f"; {_papers(undated)} no added date" if undated else ""
    # No links: a year's page lists the papers published that year, not those added.
    bars = tuple(Bar(str(year), counts[year]) for year in sorted(counts))
    return Chart("added", "Added per year", f"Papers by the year they joined the list (the "
                 f"added field){said}.", "Year", bars, _largest(bars), drawn=len(bars))


def _tags(index: Index) -> Chart:
    bars = _most((Bar(tag.name, len(papers), tag.url) for tag, papers in index.tags), fold)
    return Chart("tags", "Papers per tag", "Papers with each tag, most first; a paper has one "
                 "or more tags.", "Tag", bars, _largest(bars))


def _venues(index: Index) -> Chart:
    bars = _most((Bar(venue.series.short, len(venue.papers), venue.url)
                  for venue in index.venues), fold)
    without = sum(1 for paper in index.papers if not paper.venue)
    return Chart("venues", "Papers per venue series", f"Papers that appeared in each series of "
                 f"venues.yml, most first; {_papers(without)} no venue.", "Venue", bars,
                 _largest(bars))


def _people(index: Index) -> Chart:
    people = (author for author in index.authors if not author.person.is_organization)
    bars = _most((Bar(author.name, len(author.papers), author.url) for author in people),
                 sort_name)[:TOP]
    return Chart("authors", "Authors with the most papers", "People by their number of papers "
                 f"on the list, most first (at most {TOP}).", "Author", bars, _largest(bars))


def _organizations(index: Index) -> Chart:
    behind: dict[str, set[str]] = defaultdict(set)
    pages = {}
    for author in index.authors:
        if author.person.is_organization:
            behind[author.name] |= {paper.slug for paper in author.papers}
            pages[author.name] = author.url
    for paper in index.papers:
        if paper.organization:
            behind[paper.organization].add(paper.slug)
    bars = _most((Bar(name, len(slugs), pages.get(name, "")) for name, slugs in behind.items()),
                 fold)[:TOP]
    return Chart("organizations", "Organisations with the most papers", "Organisations by "
                 f"their number of papers, most first (at most {TOP}): as an author (kind: "
                 "organization in authors.yml) or as a paper's organization.", "Organisation",
                 bars, _largest(bars))


def _cited(index: Index) -> tuple[Chart, ...]:
    """The most cited papers, when the list has counts (papers refresh)."""
    if index.citations is None:
        return ()
    counts = index.citations.counts
    bars = _most((Bar(_short(formulas.plain(paper.title)), counts[paper.slug], paper.url)
                  for paper in index.papers if paper.slug in counts), fold)[:TOP]
    return (Chart("cited", "Most cited papers", f"Papers by the number of works that cite them, "
                  f"most first (at most {TOP}), as OpenAlex counted them on "
                  f"{index.citations.counted.isoformat()}.", "Paper", bars, _largest(bars)),)


def _short(title: str, length: int = 60) -> str:
    """A title cut at a word to fit a chart's line; its bar links to the whole."""
    return title if len(title) <= length else title[:length].rsplit(" ", 1)[0] + "…"


def _most(bars: Iterable[Bar], name_order: Callable[[str], str]) -> tuple[Bar, ...]:
    """Bars by count, most first, then by label."""
    return tuple(sorted(bars, key=lambda bar: (-bar.count, name_order(bar.label), bar.label)))


def _largest(bars: tuple[Bar, ...]) -> int:
    return max((bar.count for bar in bars), default=0)
