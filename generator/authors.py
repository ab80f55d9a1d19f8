"""Authors across the list: one page per person, names resolved through the registry
(authors.yml), and the names that clash on a page address or look like one another."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from generator import urls
from generator.identity import fold
from generator.model import Paper, Person, Problem

REGISTRY_HINT = "if they are one person, list one as a variant of the other in authors.yml"


@dataclass(frozen=True)
class Author:
    """A person on the list: their papers, newest first, and who they wrote them with."""

    person: Person
    slug: str
    papers: tuple[Paper, ...]
    coauthors: tuple[tuple[str, int], ...]

    @property
    def name(self) -> str:
        return self.person.name

    @functools.cached_property  # asked for by every link to the author
    def url(self) -> str:
        """The author's page on the site."""
        return urls.author(self.slug)

    @property
    def sort_name(self) -> str:
        return sort_name(self.name, self.person.is_organization)

    @property
    def letter(self) -> str:
        """The A to Z section of the authors index: the first letter of the last name (of
        an organisation's whole name)."""
        initial = self.sort_name[:1].upper()
        return initial if "A" <= initial <= "Z" else "Other"


@dataclass(frozen=True)
class Lookalike:
    """Two names of the list that may be one person, neither registered as the other's
    variant; each with the first paper that writes it."""

    name: str
    paper: Paper
    like: str
    like_paper: Paper

    def problem(self) -> Problem:
        """The warning `papers check` gives about the two names."""
        return Problem(self.paper.path, self.paper.line_of("authors"),
                       f"'authors': '{self.name}' looks like '{self.like}' ({{other}}); "
                       f"{REGISTRY_HINT}", warning=True, other=self.like_paper.path)


@functools.cache
def sort_name(name: str, organization: bool = False) -> str:
    """Authors sort by their last word ('Marc Najork' under N), then by the whole name;
    organisations by their whole name ('Google DeepMind' under G)."""
    return fold(name) if organization else fold(name.split()[-1]) + " " + fold(name)


_ASCII_WORD = re.compile(r"[a-z0-9]+")


@functools.cache
def author_slug(name: str) -> str:
    """The page address of an author, the same for names that differ only in case, accents
    or punctuation, and different for names whose letters differ.

    Latin letters lose their accents and are written in ASCII ('José García' is jose-garcia,
    'Łukasz' lukasz), as do Greek letters their accents; every other script keeps its letters
    and marks as written ('李娜' is 李娜, 'محمد علي' محمد-علي): a transliteration would give
    two people one page (张伟 and 章伟 are both Zhang Wei) and could not be undone.
    """
    if name.isascii():  # what the letters below give such a name
        return "-".join(_ASCII_WORD.findall(name.lower()))
    from text_unidecode import unidecode  # loaded only when a name needs it

    words: list[str] = []
    word: list[str] = []
    base = ""
    for char in unicodedata.normalize("NFKD", name.casefold()):
        if unicodedata.category(char).startswith("M"):
            if not _is_accented_script(base):
                word.append(char)
        elif unicodedata.category(char)[0] in "LN":
            base = char
            word.append(unidecode(char) if _is_latin(char) else char)
        else:
            words, word = words + ["".join(word)] if word else words, []
    words += ["".join(word)] if word else []
    return unicodedata.normalize("NFC", "-".join(words))


def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def _is_accented_script(char: str) -> bool:
    """Scripts whose marks are accents on a letter, not part of it: Latin and Greek. A mark
    before any letter (char is '') stays, as nothing says what it accents."""
    return bool(char) and unicodedata.name(char, "").startswith(("LATIN", "GREEK"))


def index_authors(papers: tuple[Paper, ...], people: tuple[Person, ...],
                  ) -> tuple[tuple[Author, ...], dict[str, Author], tuple[Lookalike, ...],
                             list[Problem]]:
    """Every author in A to Z order, the author behind each name as written, the names that
    look alike, and problems (the lookalikes' warnings among them)."""
    canonical = _canonical(people)
    first_seen, lookalikes, problems = _first_seen(papers, canonical, people)
    written, together = _collect(papers, canonical)
    registered = {person.name: person for person in people}
    organizations = {person.name for person in people if person.is_organization}
    by_slug = {}
    for slug, names in first_seen.items():
        name = next(iter(names))
        coauthors = sorted(together[slug].items(), key=lambda item: (
            -item[1], sort_name(item[0], item[0] in organizations)))
        by_slug[slug] = Author(registered.get(name, Person(name)), slug, tuple(written[slug]),
                               tuple(coauthors))
    author_of = {author.name: author for author in by_slug.values()}
    author_of |= {name: by_slug[author_slug(canonical.get(name, name))] for paper in papers
                  for name in paper.authors if author_slug(canonical.get(name, name))}
    ordered = sorted(by_slug.values(), key=lambda a: (a.letter == "Other", a.sort_name, a.slug))
    return tuple(ordered), author_of, lookalikes, problems


def author_problems(papers: tuple[Paper, ...], people: tuple[Person, ...]) -> list[Problem]:
    """What index_authors reports, without making the index."""
    return _first_seen(papers, _canonical(people), people)[2]


def _canonical(people: tuple[Person, ...]) -> dict[str, str]:
    """The registered name of each name the registry lists."""
    return {name: person.name for person in people for name in (person.name, *person.variants)}


def _first_seen(papers: tuple[Paper, ...], canonical: dict[str, str], people: tuple[Person, ...],
                ) -> tuple[dict[str, dict[str, Paper]], tuple[Lookalike, ...], list[Problem]]:
    """Per page address, the names seen with their first paper; the names that look alike;
    and the problems: a name without a page, two people on one page, the lookalikes."""
    first_paper: dict[str, Paper] = {}
    for paper in papers:  # each name once, not each paper's: 50,000 names in 2,600 at 10,000
        for name in paper.authors:
            first_paper.setdefault(canonical.get(name, name), paper)
    first_seen: dict[str, dict[str, Paper]] = defaultdict(dict)
    pageless = set()
    for name, paper in first_paper.items():
        if slug := author_slug(name):
            first_seen[slug][name] = paper
        else:
            pageless.add(name)
    problems = [Problem(paper.path, paper.line_of("authors"), f"'authors': '{name}' has no "
                        "letters or digits to make a page address from")
                for paper in papers if pageless
                for name in dict.fromkeys(canonical.get(name, name) for name in paper.authors)
                if name in pageless]
    lookalikes = _lookalikes(first_seen, {person.name for person in people})
    problems += _clashes(first_seen) + [lookalike.problem() for lookalike in lookalikes]
    return first_seen, lookalikes, problems


def _collect(papers: tuple[Paper, ...], canonical: dict[str, str],
             ) -> tuple[dict[str, dict[Paper, None]], dict[str, Counter[str]]]:
    """Per page address: the papers, and the co-authors."""
    written: dict[str, dict[Paper, None]] = defaultdict(dict)
    together: dict[str, Counter[str]] = defaultdict(Counter)
    for paper in papers:
        names = list(dict.fromkeys(canonical.get(name, name) for name in paper.authors))
        for name in names:
            if slug := author_slug(name):
                written[slug][paper] = None
                together[slug].update(other for other in names if other != name)
    return written, together


def _clashes(first_seen: dict[str, dict[str, Paper]]) -> list[Problem]:
    """Two people would share one page: neither may silently win."""
    problems = []
    for slug, names in first_seen.items():
        (first, first_paper), *others = names.items()
        for name, paper in others:
            problems.append(Problem(paper.path, paper.line_of("authors"),
                                    f"'authors': '{name}' and '{first}' ({{other}}) would share "
                                    f"the page {urls.author(slug)}; {REGISTRY_HINT}, else write "
                                    "the name the same way in both", other=first_paper.path))
    return problems


def _lookalikes(first_seen: dict[str, dict[str, Paper]], registered: set[str],
                ) -> tuple[Lookalike, ...]:
    """Names that may be one person: the same words in another order, or initials for given
    names ('J. García', 'José García'). Registered names are trusted."""
    first_paper = {name: paper for names in first_seen.values() for name, paper in names.items()}
    same_words, same_initial = defaultdict(list), defaultdict(list)
    for name in first_paper:
        words = _words(name)
        if len(words) >= 2:
            same_words[tuple(sorted(words))].append(name)
            same_initial[(words[-1], words[0][0])].append(name)
    pairs = {pair for group in same_words.values() for pair in itertools.combinations(group, 2)}
    pairs |= {(a, b) for group in same_initial.values() for a, b in itertools.combinations(group, 2)
              if _abbreviates(a, b) or _abbreviates(b, a)}
    # Registered on both sides is trusted; one page address is already an error (a clash).
    return tuple(Lookalike(two, first_paper[two], one, first_paper[one])
                 for one, two in sorted(pairs) if not (one in registered and two in registered)
                 and author_slug(one) != author_slug(two))


def _words(name: str) -> list[str]:
    return author_slug(name).split("-")


def _abbreviates(short: str, full: str) -> bool:
    """Whether short writes some of full's given names as initials, and is otherwise the same."""
    given_short, given_full = _words(short)[:-1], _words(full)[:-1]
    return (len(given_short) == len(given_full) and given_short != given_full
            and any(len(word) == 1 for word in given_short)
            and all(long.startswith(word) if len(word) == 1 else long == word
                    for word, long in zip(given_short, given_full, strict=True)))
