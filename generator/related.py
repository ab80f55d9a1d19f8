"""Papers to read next: for each paper, the few most like it (by their words, tags, authors
and venue), and the other papers of its authors."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from generator.authors import Author
from generator.index import newest_first
from generator.model import Paper

COUNT = 5  # related papers a paper page shows, and papers of its authors
# What shared facts add to the texts' cosine similarity (0 to 1): the cosine of the two tag
# sets times TAGS, AUTHORS for each author in common, VENUE for the same venue series.
TAGS, AUTHORS, VENUE = 0.15, 0.2, 0.05
# A text cosine below this is not called similar (on the seed list, papers on one topic reach
# it; below it they mostly share common words).
SIMILAR = 0.08
APART_FROM = 2000  # papers from which the scores are made in a process of their own
Facts = list[tuple[str, float]]  # what a paper may share with another (a tag, an author)


@dataclass(frozen=True)
class Related:
    """A paper worth reading after another, and what the two share: authors (their names
    as the registry writes them), tags (slugs), a similar text, the venue series."""

    paper: Paper
    authors: tuple[str, ...]
    tags: tuple[str, ...] = ()
    similar_text: bool = False
    same_venue: bool = False


# Related papers being scored: call it to have them, by slug.
Scoring = Callable[[], dict[str, tuple[Related, ...]]]
# A paper's other papers by its authors, and the authors who have more than those.
MoreBy = tuple[tuple[Related, ...], tuple[Author, ...]]


def related_papers(papers: Iterable[Paper], author_of: Mapping[str, Author],
                   count: int = COUNT) -> dict[str, tuple[Related, ...]]:
    """Each paper's `count` most related papers by slug, best first, ties by slug; only
    papers with something in common, so a small list gives fewer."""
    return start_related(papers, author_of, count)()


def start_scorer(papers: int) -> subprocess.Popen[str] | None:
    """For a list of more than APART_FROM papers, the process that will score them, started
    before they are read and checked, which its imports (a second) then overlap; None for a
    shorter list. start_related takes it."""
    if papers <= APART_FROM:
        return None
    return subprocess.Popen([sys.executable, "-m", "generator.similarity"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")


def stop_scorer(scorer: subprocess.Popen[str] | None) -> None:
    """Stop a scorer start_related will not be given (or will not use)."""
    if scorer:
        scorer.kill()
        scorer.wait()


def start_related(papers: Iterable[Paper], author_of: Mapping[str, Author],
                  count: int = COUNT, scorer: subprocess.Popen[str] | None = None) -> Scoring:
    """related_papers begun: a long list is scored on another core (by `scorer` if it was
    started) while the caller goes on; calling the result waits for the scores."""
    ordered = sorted(papers, key=lambda paper: paper.slug)
    texts = [f"{paper.title}\n{paper.abstract}\n{paper.notes}" for paper in ordered]
    facts = [_facts(paper, author_of) for paper in ordered]
    if len(texts) <= APART_FROM:
        matches = _matches_here(texts, facts, count)
        stop_scorer(scorer)  # fewer papers were valid than there were files
    else:
        matches = _matches_apart(texts, facts, count, scorer or start_scorer(len(texts)))
    return lambda: {paper.slug: _related_to(paper, [(ordered[row], text) for row, text in found],
                                            author_of)
                    for paper, found in zip(ordered, matches(), strict=True)}


def _matches_here(texts: Sequence[str], facts: Sequence[Facts], count: int,
                  ) -> Callable[[], list[list[tuple[int, float]]]]:
    """similarity.best_matches for a short list, in this process: its build needs little
    memory, and starting a process would cost each `mkdocs serve` rebuild a second."""
    from generator import similarity  # imported when first needed: it takes a second

    # In a thread: NumPy lets go of the interpreter while the caller renders pages.
    scoring = ThreadPoolExecutor(max_workers=1)
    found = scoring.submit(similarity.best_matches, texts, facts, count)
    scoring.shutdown(wait=False)  # its thread ends with the task
    return found.result


def _matches_apart(texts: Sequence[str], facts: Sequence[Facts], count: int,
                   process: subprocess.Popen[str] | None,
                   ) -> Callable[[], list[list[tuple[int, float]]]]:
    """similarity.best_matches for a long list, by a process of its own: scikit-learn and
    its matrices would otherwise stay in the build's memory (over 100 MB) to its end, when
    it needs the most."""
    assert process is not None and process.stdin is not None, "start_scorer made it"
    with contextlib.suppress(BrokenPipeError):  # it failed: _matches says why
        # One line, not closed: communicate() closes it, and flushes it first.
        process.stdin.write(json.dumps({"texts": texts, "facts": facts, "count": count}) + "\n")
        process.stdin.flush()
    return lambda: _matches(process)


def _matches(process: subprocess.Popen[str]) -> list[list[tuple[int, float]]]:
    out, err = process.communicate()
    if process.returncode:
        raise RuntimeError(f"related papers: generator.similarity failed:\n{err}")
    return [[(row, text) for row, text in found] for found in json.loads(out)]


def _facts(paper: Paper, author_of: Mapping[str, Author]) -> Facts:
    """What a paper may share with another, weighted so that products score it."""
    tag = (TAGS / len(paper.tags)) ** 0.5 if paper.tags else 0.0
    found = [(f"tag:{slug}", tag) for slug in paper.tags]
    found += [(f"author:{slug}", AUTHORS ** 0.5) for slug in _author_slugs(paper, author_of)]
    return found + ([(f"venue:{paper.venue.series.slug}", VENUE ** 0.5)] if paper.venue else [])


def _author_slugs(paper: Paper, author_of: Mapping[str, Author]) -> list[str]:
    """A paper's authors as people (a name written two ways is one), in the paper's order."""
    return list(dict.fromkeys(author_of[name].slug for name in paper.authors
                              if name in author_of))


def _related_to(paper: Paper, found: list[tuple[Paper, float]], author_of: Mapping[str, Author],
                ) -> tuple[Related, ...]:
    """What a paper shares with each paper found like it (with their text's cosine)."""
    mine = set(_author_slugs(paper, author_of))
    return tuple(_related(paper, other, author_of, text, mine) for other, text in found)


def _related(paper: Paper, other: Paper, author_of: Mapping[str, Author], text: float,
             mine: set[str]) -> Related:
    """What two papers share (`mine`: the first one's author slugs); their text is called
    similar when it weighs more in their score than their tags do, and reaches SIMILAR."""
    tags = tuple(slug for slug in paper.tags if slug in other.tags)
    tag_score = TAGS * len(tags) / (len(paper.tags) * len(other.tags)) ** 0.5 if tags else 0.0
    venue = paper.venue is not None and other.venue is not None and (
        paper.venue.series == other.venue.series)
    return Related(other, _shared_authors(other, author_of, mine), tags,
                   text >= max(tag_score, SIMILAR), venue)


def _shared_authors(other: Paper, author_of: Mapping[str, Author], mine: set[str],
                    ) -> tuple[str, ...]:
    """The authors of a paper who are among `mine` (author slugs), as the registry names
    them."""
    return tuple(dict.fromkeys(author_of[name].name for name in other.authors
                               if name in author_of and author_of[name].slug in mine))


def more_by_authors(papers: Sequence[Paper], author_of: Mapping[str, Author],
                    count: int = COUNT) -> dict[str, MoreBy]:
    """For each paper, by slug: the other papers of its authors, newest first, at most
    `count`, each with the authors it shares; and, when there are more, the authors who
    have more."""
    ordered = sorted(papers, key=newest_first)
    rank = {paper.slug: number for number, paper in enumerate(ordered)}
    return {paper.slug: _more_by(paper, author_of, ordered, rank, count) for paper in papers}


def _more_by(paper: Paper, author_of: Mapping[str, Author], ordered: Sequence[Paper],
             rank: Mapping[str, int], count: int) -> MoreBy:
    authors = list({author_of[name].slug: author_of[name] for name in paper.authors
                    if name in author_of}.values())
    # An author's papers are newest first: the newest `count` others are among their first
    # `count` + 1.
    theirs = sorted({rank[other.slug] for author in authors
                     for other in author.papers[:count + 1]} - {rank[paper.slug]})
    shown = {ordered[number].slug for number in theirs[:count]} | {paper.slug}
    more = tuple(author for author in authors
                 if any(other.slug not in shown for other in author.papers))
    mine = {author.slug for author in authors}
    return (tuple(Related(ordered[number], _shared_authors(ordered[number], author_of, mine))
                  for number in theirs[:count]), more)
