"""`papers check`: every kind of problem, reported as path:line: message, all in one run."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import VALID, papers, write_paper

from generator.index import check_list
from generator.load import KeptChecks
from generator.model import PartialDate


def problems(folder: Path) -> list[str]:
    return [problem.format(folder.parent) for problem in check_list(folder)[1]]


def with_field(name: str, value: str) -> str:
    """VALID front matter with one field replaced (or added) as the raw line `name: value`."""
    lines = [line for line in VALID.splitlines() if not line.startswith(f"{name}:")]
    return "\n".join([*lines, f"{name}: {value}"]) + "\n"


def test_valid_paper_has_no_problems(folder):
    write_paper(folder, "a-valid-paper.md", VALID)
    assert problems(folder) == []


FIELD_CASES = [
    # (field, raw YAML value, the message after 'papers/p.md:LINE: ')
    ("title", '""', "'title': is empty"),
    ("title", "", "'title': is empty"),
    ("title", "1984", "'title': expected text, got '1984', which YAML reads as a number; "
                      "put it in quotes: \"1984\""),
    ("title", "[a, b]", "'title': expected text, got a list"),
    ("title", '"bell\\a"', "'title': control character #x0007 is not allowed: remove it"),
    ("authors", '["Ada\\e"]', "'authors': control character #x001b is not allowed: remove it"),
    ("abstract", '"Long text, then a \\uFFFF"',
     "'abstract': control character #xffff is not allowed: remove it"),
    ("abstract", '"Long text, then \\x1f "',
     "'abstract': control character #x001f is not allowed: remove it"),
    ("authors", "Ada Lovelace", "'authors': expected a list, got 'Ada Lovelace'; "
                                "write authors: [Ada Lovelace]"),
    ("authors", "[]", "'authors': needs at least one entry"),
    ("authors", "[Ada, Ada]", "'authors': 'Ada' is listed 2 times"),
    ("authors", "[Ada, 42]", "'authors': expected text, got '42', which YAML reads as a number; "
                             "put it in quotes: \"42\""),
    ("date", "2024-02-30", "'date': '2024-02-30' is not a real date"),
    ("date", "2024-13", "'date': '2024-13' is not a real date"),
    ("date", "March 2024", "'date': expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got 'March 2024'"),
    ("date", "2024.5", "'date': expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got '2024.5', "
                       "which YAML reads as a number"),
    ("date", "[2024]", "'date': expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got a list"),
    ("added", "2024-05", "'added': expected a date as YYYY-MM-DD, got '2024-05'"),
    ("tags", "[retreival]", "'tags': unknown tag 'retreival' (did you mean 'retrieval'?); "
                            "the tags are listed in tags.yml"),
    ("tags", "[cooking]", "'tags': unknown tag 'cooking'; the tags are listed in tags.yml"),
    ("tags", "[ir, retrieval]", "'tags': tag 'retrieval' is given 2 times (by its name and an alias)"),
    ("tags", "[]", "'tags': needs at least one entry"),
    ("arxiv", "2101.00010", "'arxiv': expected text, got '2101.00010', which YAML reads as a number; "
                            "put it in quotes: \"2101.00010\""),
    ("arxiv", "'2101.0001'", "'arxiv': expected an arXiv id like 2004.12297 or cs/0112017, "
                             "got '2101.0001'"),
    ("arxiv", "'2113.00001'", "'arxiv': expected an arXiv id like 2004.12297 or cs/0112017, "
                              "got '2113.00001'"),
    ("doi", "10.1145", "'doi': expected text, got '10.1145', which YAML reads as a number; "
                       "put it in quotes: \"10.1145\""),
    ("doi", "'11.1145/3340531'", "'doi': expected a DOI like 10.1145/3340531.3411908, "
                                 "got '11.1145/3340531'"),
    ("venue", "no", "'venue': expected text, got 'no', which YAML reads as true/false; "
                    "put it in quotes: \"no\""),
    ("venue", "2024-01-01", "'venue': expected text, got '2024-01-01', which YAML reads as a date; "
                            "put it in quotes: \"2024-01-01\""),
    ("links", "https://x.org", "'links': expected a mapping like 'code: https://...', "
                               "got 'https://x.org'"),
    ("links", "{code: 'javascript:alert(1)'}", "'links.code': expected an http(s) URL, "
                                               "got 'javascript:alert(1)'"),
    ("links", "{code: 'http://[x'}", "'links.code': expected an http(s) URL, got 'http://[x'"),
    ("links", "{pdf: ftp://x.org/a.pdf}", "'links.pdf': expected an http(s) URL, got 'ftp://x.org/a.pdf'"),
    ("links", "{repo: https://x.org}", "'links': unknown link 'repo'"),
    ("links", "{cod: https://x.org}", "'links': unknown link 'cod' (did you mean 'code'?)"),
    ("tittle", "Typo", "'tittle': unknown field (did you mean 'title'?)"),
    ("colour", "red", "'colour': unknown field; the fields are title, authors, date, venue, "
                      "organization, arxiv, doi, links, tags, added, abstract"),
    # YAML ends an unquoted value at ' #' and reads the rest of the line as a comment.
    ("title", "C# is #1: A Study", "'title': YAML reads only 'C# is' here, as ' #' starts a comment "
                                   "and '#1: A Study' is left out; write it in quotes: "
                                   "\"C# is #1: A Study\""),
    ("venue", "ICML 2024 #oral", "'venue': YAML reads only 'ICML 2024' here, as ' #' starts a comment "
                                 "and '#oral' is left out; write it in quotes: \"ICML 2024 #oral\""),
    ("organization", 'Lab "X" #1', "'organization': YAML reads only 'Lab \"X\"' here, as ' #' starts a "
                                   "comment and '#1' is left out; write it in quotes: "
                                   "\"Lab \\\"X\\\" #1\""),
    ("abstract", "!!python/object:os.system ls", "'abstract': YAML tag !!python/object:os.system "
                                                 "is not allowed"),
]


@pytest.mark.parametrize("field, value, message", FIELD_CASES)
def test_field_problem_names_the_field_and_its_line(folder, field, value, message):
    front_matter = with_field(field, value)
    line = 1 + front_matter.splitlines().index(f"{field}: {value}") + 1
    write_paper(folder, "p.md", front_matter)
    assert problems(folder) == [f"papers/p.md:{line}: {message}"]


def test_a_comment_that_cuts_a_list_item_or_a_registry_text_is_reported(folder):
    write_paper(folder, "p.md", VALID.replace("authors: [Ada Lovelace]",
                                              "authors:\n  - Ada Lovelace # and friends"))
    tags = (folder / "tags.yml").read_text(encoding="utf-8").replace("Images and video.", "Images #and video")
    (folder / "tags.yml").write_text(tags, encoding="utf-8")
    assert problems(folder) == [
        "papers/tags.yml:7: 'vision.description': YAML reads only 'Images' here, as ' #' starts a "
        "comment and '#and video' is left out; write it in quotes: \"Images #and video\"",
        "papers/p.md:4: 'authors': YAML reads only 'Ada Lovelace' here, as ' #' starts a comment and "
        "'# and friends' is left out; write it in quotes: \"Ada Lovelace # and friends\""]


@pytest.mark.parametrize("field", ["title", "authors", "date", "tags"])
def test_missing_required_field(folder, field):
    write_paper(folder, "p.md", with_field(field, "x").replace(f"{field}: x\n", ""))
    [problem] = problems(folder)
    assert problem.startswith(f"papers/p.md:1: '{field}': missing; expected ")


def test_missing_abstract_is_a_warning(folder):
    write_paper(folder, "p.md", with_field("abstract", "x").replace("abstract: x\n", ""))
    assert problems(folder) == ["papers/p.md:1: warning: 'abstract': missing; recommended, as "
                                "readers and search use the paper's abstract"]


@pytest.mark.parametrize("value, stored", [
    ("'2004.12297v2'", "2004.12297"), ("arXiv:2004.12297", "2004.12297"),
    ("https://arxiv.org/pdf/2004.12297v3", "2004.12297"), ("cs/0112017", "cs/0112017"),
    ("'0704.0001'", "0704.0001"), ("math.GT/0309136v1", "math.GT/0309136"),
])
def test_arxiv_ids_are_normalised(folder, value, stored):
    write_paper(folder, "p.md", with_field("arxiv", value))
    index, found = check_list(folder)
    assert found == [] and index.papers[0].arxiv == stored


def test_doi_url_is_reduced_to_the_doi(folder):
    write_paper(folder, "p.md", with_field("doi", "https://doi.org/10.1145/3340531.3411908"))
    index, found = check_list(folder)
    assert found == [] and index.papers[0].doi == "10.1145/3340531.3411908"


@pytest.mark.parametrize("text, message", [
    ("title: x\n", "papers/p.md:1: missing front matter: a paper file starts with a '---' line, "
                   "then its fields, then another '---' line"),
    ("---\ntitle: x\n", "papers/p.md:1: front matter is not closed: add a '---' line after the "
                        "last field"),
    ("---\ntitle: A: B\n---\n", "papers/p.md:2: YAML syntax error: mapping values are not allowed "
                                "in this context (a value that contains ': ' must be put in quotes)"),
    ("---\ntitle: 'open\nauthors: [A]\n---\n", "papers/p.md:2: YAML syntax error: the quote opened here "
                                            "(') is not closed: end the value with '"),
    ("---\ntitle: 'It's Here'\n---\n", "papers/p.md:2: YAML syntax error: did not find expected key "
                                       "(inside single quotes, write ' as '': 'It''s Here')"),
    ("---\nauthors:\n  - \"Ada \"A\" King\"\n---\n", "papers/p.md:3: YAML syntax error: did not find "
     "expected '-' indicator (inside double quotes, write \" as \\\": \"Ada \\\"A\\\" King\")"),
    ("---\ntitle: 'A': B\n---\n", "papers/p.md:2: YAML syntax error: mapping values are not allowed "
                               "in this context (text follows the closing quote: put the whole value "
                               "inside the quotes)"),
    ("---\ntags: [vision\nauthors: [A]\n---\n", "papers/p.md:2: YAML syntax error: the list opened here ('[') is "
                                  "not closed: end it with ']', or put a value that starts with '[' in "
                                  "quotes"),
    ("---\n- a\n- b\n---\n", "papers/p.md:2: expected fields as 'key: value' lines, got a list"),
    ("---\njust text\n---\n", "papers/p.md:2: expected fields as 'key: value' lines, got 'just text'"),
    ("---\ntitle: \"bell\x07\"\n---\n", "papers/p.md:2: YAML cannot read character #x0007: "
                                         "control characters are not allowed"),
])
def test_front_matter_that_cannot_be_read(folder, text, message):
    (folder / "p.md").write_text(text, encoding="utf-8")
    assert problems(folder) == [message]


def test_a_control_character_after_wider_characters_is_reported_on_its_line(folder):
    # YAML's C reader counts its position in bytes of UTF-8: two 'é' put it a line further.
    (folder / "p.md").write_text("---\ntitle: éé\nvenue: x\x07\n---\n", encoding="utf-8")
    assert problems(folder) == ["papers/p.md:3: YAML cannot read character #x0007: control "
                                "characters are not allowed"]


def test_duplicate_key_keeps_nothing_silently(folder):
    write_paper(folder, "p.md", VALID + "title: Another Title\n")
    assert problems(folder) == ["papers/p.md:7: 'title': given twice (first at line 2); YAML "
                                "would silently keep only the last value"]


def test_yaml_aliases_are_refused(folder):
    write_paper(folder, "p.md", VALID.replace("authors: [Ada Lovelace]", "authors: &a [Ada]")
                + "venue: *a\n")
    assert problems(folder) == ["papers/p.md:7: 'venue': YAML anchors and aliases (&name, *name) "
                                "are not allowed: write the value out"]


@pytest.mark.parametrize("field, value, message", [
    ("authors", "!!binary QWRh", "YAML tag !!binary is not allowed"),
    ("title", "[[[[[[[[[[A Valid Paper]]]]]]]]]]", "nested more than 8 levels deep"),
    ("abstract", "!!python/object:os.system ls", "YAML tag !!python/object:os.system is not allowed"),
    ("title", "<<", "YAML tag !!merge is not allowed"),  # what YAML reads '<<' as, untagged
])
def test_a_refused_value_is_the_one_problem_and_makes_no_paper(folder, field, value, message):
    front_matter = with_field(field, value)
    line = 1 + front_matter.splitlines().index(f"{field}: {value}") + 1
    write_paper(folder, "p.md", front_matter)
    index, found = check_list(folder)
    assert index.papers == ()
    assert [problem.format(folder.parent) for problem in found] == [
        f"papers/p.md:{line}: '{field}': {message}"]


def test_billion_laughs_fails_fast(folder):
    bomb = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 10))
    write_paper(folder, "p.md", VALID + "l0: &l0 lol\n" + bomb)
    found = problems(folder)
    assert "papers/p.md:8: 'l1': YAML anchors and aliases (&name, *name) are not allowed: write " \
           "the value out" in found


def test_file_that_is_not_utf8(folder):
    (folder / "p.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    assert problems(folder) == ["papers/p.md:2: file is not UTF-8 text (byte 0xe9 cannot be "
                                "decoded): save it as UTF-8"]


def test_file_with_a_bom_that_is_not_utf8_names_the_bad_byte_and_its_line(folder):
    (folder / "p.md").write_bytes(b"\xef\xbb\xbf---\ntitle: x\n\xe9\n---\n")
    assert problems(folder) == ["papers/p.md:3: file is not UTF-8 text (byte 0xe9 cannot be "
                                "decoded): save it as UTF-8"]


def test_file_name_that_is_not_a_slug(folder):
    write_paper(folder, "My Paper.md", VALID)
    assert problems(folder) == ["papers/My Paper.md:1: file name 'My Paper.md' is not a slug: use "
                                "lowercase letters, digits and hyphens, like 'my-paper.md'"]


def test_files_that_would_be_dropped_are_reported(folder):
    (folder / "sub").mkdir()
    write_paper(folder / "sub", "nested.md", VALID)
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    assert problems(folder) == [
        "papers/notes.txt:1: not a paper file: papers are .md files directly in papers/",
        "papers/sub/nested.md:1: not a paper file: papers are .md files directly in papers/",
    ]


@pytest.mark.parametrize("second, field, line, label", [
    (VALID.replace("A Valid Paper", "Other") + "arxiv: '2004.12297v3'\n", "arxiv", 7, "arXiv id"),
    (VALID.replace("A Valid Paper", "Other") + "doi: 10.1145/ABC\n", "doi", 7, "DOI"),
    (VALID.replace("A Valid Paper", "a  valid, PAPER!"), "title", 2, "title"),
])
def test_same_paper_in_two_files_names_both(folder, second, field, line, label):
    write_paper(folder, "first.md", VALID + "arxiv: '2004.12297'\ndoi: 10.1145/abc\n")
    write_paper(folder, "second.md", second)
    first_line = {"arxiv": 7, "doi": 8, "title": 2}[field]
    assert problems(folder) == [
        f"papers/first.md:{first_line}: '{field}': same paper as papers/second.md (same {label})",
        f"papers/second.md:{line}: '{field}': same paper as papers/first.md (same {label})",
    ]


def test_titles_match_across_diacritics(folder):
    write_paper(folder, "first.md", VALID.replace("A Valid Paper", "Café Society"))
    write_paper(folder, "second.md", VALID.replace("A Valid Paper", "Cafe society"))
    assert len(problems(folder)) == 2


@pytest.mark.parametrize("one, two", [("Işık", "IŞIK"), ("ᾠδή", "ὨΙΔΉ")])
def test_titles_match_across_case_in_every_script(folder, one, two):
    # Turkish writes the capital of ı as I; Greek, the capital of ᾠ as ὨΙ.
    write_paper(folder, "first.md", VALID.replace("A Valid Paper", one))
    write_paper(folder, "second.md", VALID.replace("A Valid Paper", two))
    assert len(problems(folder)) == 2


def test_two_spellings_of_one_author_page_are_reported(folder):
    write_paper(folder, "first.md", VALID.replace("Ada Lovelace", "José García"))
    write_paper(folder, "second.md", VALID.replace("A Valid Paper", "Other")
                .replace("Ada Lovelace", "Jose Garcia"))
    assert problems(folder) == [
        "papers/second.md:3: 'authors': 'Jose Garcia' and 'José García' (papers/first.md) would "
        "share the page authors/jose-garcia/; if they are one person, list one as a variant of "
        "the other in authors.yml, else write the name the same way in both"]


def test_a_name_without_letters_or_digits_is_reported_on_each_paper_that_gives_it(folder):
    write_paper(folder, "first.md", VALID.replace("[Ada Lovelace]", '[Ada Lovelace, "???"]'))
    write_paper(folder, "second.md", VALID.replace("A Valid Paper", "Other")
                .replace("[Ada Lovelace]", '["???", Grace Hopper, "—"]'))
    assert problems(folder) == [
        f"papers/{name}.md:3: 'authors': '{author}' has no letters or digits to make a page "
        "address from" for name, author in (("first", "???"), ("second", "???"), ("second", "—"))]


@pytest.mark.parametrize("one, two", [("José García", "JOSE GARCIA"), ("Łukasz Kaiser", "Lukasz Kaiser"),
                                      ("Jean-Pierre Serre", "Jean Pierre Serre"),
                                      ("Γιώργος Ιωάννου", "Γιωργος Ιωαννου")])
def test_names_that_differ_only_in_case_accents_or_punctuation_need_the_curators_word(folder, one, two):
    write_paper(folder, "first.md", VALID.replace("Ada Lovelace", one))
    write_paper(folder, "second.md", VALID.replace("A Valid Paper", "Other").replace("Ada Lovelace", two))
    [problem] = problems(folder)
    assert f"'{two}' and '{one}' (papers/first.md) would share the page" in problem


@pytest.mark.parametrize("names, pages", [
    (["张伟", "章伟"], ["张伟", "章伟"]),
    (["李娜", "Li Na"], ["li-na", "李娜"]),
    (["محمد علي", "Mohamed Ali"], ["mohamed-ali", "محمد-علي"]),
    (["Иосиф Бродский", "Йосиф Бродский"], ["иосиф-бродский", "йосиф-бродский"]),
    (["Müller", "Mueller"], ["mueller", "muller"]),
])
def test_names_whose_letters_differ_get_pages_of_their_own(folder, names, pages):
    for number, name in enumerate(names):
        write_paper(folder, f"p{number}.md", VALID.replace("Ada Lovelace", name)
                    .replace("A Valid Paper", f"Paper {number}"))
    index, found = check_list(folder)
    assert found == []
    assert sorted(author.slug for author in index.authors) == pages


@pytest.mark.parametrize("name, page", [("\u0301Ada", "\u0301ada"), ("\xb800", "\u032700")])
def test_a_name_that_starts_with_a_mark_keeps_it_and_gets_a_page(folder, name, page):
    write_paper(folder, "p.md", VALID.replace("Ada Lovelace", name))
    index, found = check_list(folder)
    assert found == [] and [author.slug for author in index.authors] == [page]


def test_a_registered_variant_leads_to_one_author(folder):
    (folder / "authors.yml").write_text("José García:\n  variants: [Jose Garcia, J. García]\n",
                                        encoding="utf-8")
    write_paper(folder, "first.md", VALID.replace("Ada Lovelace", "José García"))
    write_paper(folder, "second.md", VALID.replace("A Valid Paper", "Other")
                .replace("Ada Lovelace", "Jose Garcia"))
    write_paper(folder, "third.md", VALID.replace("A Valid Paper", "Third")
                .replace("[Ada Lovelace]", "[J. García, Jose Garcia]"))
    index, found = check_list(folder)
    assert found == []
    [author] = index.authors
    assert author.name == "José García" and len(author.papers) == 3
    assert {name: a.slug for name, a in index.author_of.items()} == {
        "José García": "jose-garcia", "Jose Garcia": "jose-garcia", "J. García": "jose-garcia"}


@pytest.mark.parametrize("one, two", [("José García", "J. García"), ("José García", "García José"),
                                      ("Marc A. Najork", "M. A. Najork")])
def test_names_that_look_like_one_person_are_a_warning(folder, one, two):
    write_paper(folder, "first.md", VALID.replace("Ada Lovelace", one))
    write_paper(folder, "second.md", VALID.replace("A Valid Paper", "Other").replace("2020-01-02", "2019")
                .replace("Ada Lovelace", two))
    assert problems(folder) == [
        f"papers/second.md:3: warning: 'authors': '{two}' looks like '{one}' (papers/first.md); "
        "if they are one person, list one as a variant of the other in authors.yml"]


@pytest.mark.parametrize("one, two", [("Wei Li", "Wen Li"), ("J. Smith", "K. Smith"),
                                      ("Jo Smith", "John Smith")])
def test_different_people_are_not_suspected(folder, one, two):
    write_paper(folder, "first.md", VALID.replace("Ada Lovelace", one))
    write_paper(folder, "second.md", VALID.replace("A Valid Paper", "Other").replace("Ada Lovelace", two))
    assert problems(folder) == []


@pytest.mark.parametrize("registry, message", [
    ("Ada Lovelace:\n  orcid: 0000-0002-1825-0098\n", "papers/authors.yml:2: 'Ada Lovelace.orcid': "
     "expected an ORCID iD like 0000-0002-1825-0097, got '0000-0002-1825-0098'"),
    ("Ada Lovelace:\n  homepage: javascript:alert(1)\n", "papers/authors.yml:2: 'Ada Lovelace.homepage': "
     "expected an http(s) URL, got 'javascript:alert(1)'"),
    ("Ada Lovelace:\n  variant: [A. Lovelace]\n", "papers/authors.yml:2: 'Ada Lovelace.variant': "
     "unknown key (did you mean 'variants'?); the keys are variants, orcid, homepage, affiliation, "
     "kind"),
    ("Ada Lovelace:\n  kind: company\n", "papers/authors.yml:2: 'Ada Lovelace.kind': expected "
     "person or organization, got 'company'"),
    ("Ada Lovelace:\n  variants: [A. L.]\nAugusta King:\n  variants: [A. L.]\n",
     "papers/authors.yml:3: 'Augusta King': 'A. L.' is already listed under 'Ada Lovelace'"),
])
def test_author_registry_problems(folder, registry, message):
    write_paper(folder, "p.md", VALID)
    (folder / "authors.yml").write_text(registry, encoding="utf-8")
    assert problems(folder) == [message]


def test_every_problem_of_every_file_in_one_run(folder):
    write_paper(folder, "a.md", with_field("date", "2024-02-30").replace("title: A Valid Paper\n", ""))
    write_paper(folder, "b.md", with_field("tags", "[nope]"))
    (folder / "c.md").write_text("no front matter", encoding="utf-8")
    assert [line.split(": ", 1)[0] for line in problems(folder)] == [
        "papers/a.md:1", "papers/a.md:5", "papers/b.md:6", "papers/c.md:1"]


@pytest.mark.parametrize("vocabulary, message", [
    ("retrieval: {name: R}\n", "papers/tags.yml:1: 'retrieval': missing 'description'"),
    ("Retrieval: {name: R, description: D}\n", "papers/tags.yml:1: 'Retrieval': a tag is a slug: "
                                               "lowercase letters, digits and hyphens"),
    ("a: {name: A, description: D, alias: [x]}\n", "papers/tags.yml:1: 'a.alias': unknown key (did "
                                                   "you mean 'aliases'?); the keys are name, "
                                                   "description, aliases"),
    ("a: {name: A, description: D}\nb: {name: B, description: D, aliases: [a]}\n",
     "papers/tags.yml:2: 'b': 'a' already names the tag 'a'"),
])
def test_tag_vocabulary_problems(folder, vocabulary, message):
    (folder / "tags.yml").write_text(vocabulary, encoding="utf-8")
    assert message in problems(folder)


BROKEN_TAGS = "retrieval:\n  name: Retrieval\n  description: [Finding documents\nvision:\n  name: V\n"


def test_a_broken_vocabulary_is_reported_first_and_alone_not_once_per_tag(folder):
    for number in range(3):
        write_paper(folder, f"p{number}.md", with_field("tags", "[retrieval, vision]").replace(
            "A Valid Paper", f"Paper {number}"))
    write_paper(folder, "a-broken-date.md", with_field("date", "2024-02-30"))
    (folder / "tags.yml").write_text(BROKEN_TAGS, encoding="utf-8")
    assert problems(folder) == [
        "papers/tags.yml:3: YAML syntax error: the list opened here ('[') is not closed: "
        "end it with ']', or put a value that starts with '[' in quotes",
        "papers/a-broken-date.md:6: 'date': '2024-02-30' is not a real date"]


def test_a_broken_registry_is_reported_first_without_the_clashes_it_would_resolve(folder):
    write_paper(folder, "a.md", VALID.replace("Ada Lovelace", "Jose Garcia"))
    write_paper(folder, "b.md", VALID.replace("A Valid Paper", "Other").replace("Ada Lovelace", "José García"))
    (folder / "authors.yml").write_text("José García:\n  variants: [Jose Garcia\n", encoding="utf-8")
    assert [line.split(":", 2)[:2] for line in problems(folder)] == [["papers/authors.yml", "2"]]


@pytest.mark.parametrize("registry, text", [("tags.yml", BROKEN_TAGS),
                                            ("venues.yml", "iclr: {name: [A.}\n"),
                                            ("authors.yml", "Ada: {variants: [A.}\n")])
def test_checking_one_paper_reports_its_broken_registry(folder, registry, text):
    write_paper(folder, "p.md", VALID)
    (folder / registry).write_text(text, encoding="utf-8")
    result = papers("check", "papers/p.md", cwd=folder.parent)
    assert result.returncode == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [f"papers/{registry}"]


def test_add_and_import_report_a_broken_vocabulary_not_unknown_tags(folder):
    (folder / "tags.yml").write_text(BROKEN_TAGS, encoding="utf-8")
    result = papers("import", "missing.json", "--tag", "vision", cwd=folder.parent)
    assert result.returncode == 1
    assert result.stderr.startswith("papers/tags.yml:3: YAML syntax error") and "unknown" not in result.stderr


@pytest.mark.parametrize("command", [("import", "refs.bib"), ("add", "2004.12297")])
def test_add_and_import_stop_on_a_broken_venue_vocabulary_before_leaving_venues_out(folder, command):
    (folder / "venues.yml").write_text("iclr: {name: [International}\n", encoding="utf-8")
    (folder.parent / "refs.bib").write_text("@inproceedings{k, title = {T}, author = {Lee, Ann},\n"
                                            "  year = 2024, booktitle = {ICLR}}\n", encoding="utf-8")
    result = papers(*command, "--tag", "vision", cwd=folder.parent)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith("papers/venues.yml:1: YAML syntax error")
    assert sorted(path.name for path in folder.iterdir()) == ["tags.yml", "venues.yml"]


# The command itself: output, exit codes, no traceback.

def test_check_command_exits_1_and_prints_path_line_message(folder):
    write_paper(folder, "p.md", with_field("arxiv", "1706.03762"))
    result = papers("check", cwd=folder.parent)
    assert result.returncode == 1
    assert result.stdout == ("papers/p.md:7: 'arxiv': expected text, got '1706.03762', which YAML "
                             "reads as a number; put it in quotes: \"1706.03762\"\n")
    assert "1 error" in result.stderr and "Traceback" not in result.stderr


def test_check_command_passes_warnings_unless_strict(folder):
    write_paper(folder, "p.md", VALID.replace("abstract: An abstract.\n", ""))
    assert papers("check", cwd=folder.parent).returncode == 0
    assert papers("check", "--strict", cwd=folder.parent).returncode == 1


def test_check_command_on_one_file_reports_that_file_and_its_duplicates(folder):
    write_paper(folder, "a.md", VALID)
    write_paper(folder, "b.md", VALID.replace("2020-01-02", "2020"))
    write_paper(folder, "broken.md", "title: [\n")
    result = papers("check", "papers/a.md", cwd=folder.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "papers/a.md:2: 'title': same paper as papers/b.md (same title)"]


def test_check_command_on_a_missing_path(tmp_path):
    result = papers("check", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "papers: nowhere: no such file or folder\n"


def test_check_command_on_a_folder_and_one_of_its_files_reports_the_folder(folder):
    write_paper(folder, "a.md", VALID)
    write_paper(folder, "b.md", with_field("date", "2020-02-30"))
    result = papers("check", "papers", "papers/a.md", cwd=folder.parent)
    assert result.stdout == "papers/b.md:6: 'date': '2020-02-30' is not a real date\n"


def test_github_format_annotates_the_line_with_the_message_escaped(folder):
    write_paper(folder, "p.md", with_field("tags", "['100%', vision]"))
    result = papers("check", "--format", "github", cwd=folder.parent)
    assert result.returncode == 1
    assert result.stdout == ("::error file=papers/p.md,line=6::'tags': unknown tag '100%25'; "
                             "the tags are listed in tags.yml\n")


@pytest.mark.parametrize("notes, removed", [
    ("<script>alert(1)</script>", "<script>"),
    ("<img src=x.png onerror=alert(1)>", "'onerror' on <img>"),
    ("[click](javascript:alert(1))", "a javascript: link"),
    ("A paragraph\n{: onclick=\"alert(1)\" }", "'onclick' on <p>"),
    ("<iframe src=\"https://example.org\"></iframe>", "<iframe>"),
    ("[data](data:text/html;base64,PHNjcmlwdD4=)", "a data: link"),
])
def test_notes_the_site_would_sanitise_are_a_warning(folder, notes, removed):
    write_paper(folder, "p.md", VALID, f"\n{notes}\n")
    assert problems(folder) == [f"papers/p.md:8: warning: notes: the site removes {removed}; no "
                                "script, event handler, frame or javascript: link from a paper "
                                "reaches a page"]


def test_plain_notes_with_links_code_and_tables_are_fine(folder):
    notes = ("Read **section 3** first: [the code](https://github.com/x/y), `x < y`.\n\n"
             "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('<script>')\n```\n")
    write_paper(folder, "p.md", VALID, f"\n{notes}")
    assert problems(folder) == []


def test_a_huge_paper_file_is_refused_without_being_parsed(folder):
    path = write_paper(folder, "p.md", VALID, "x" * (300 * 1024))
    assert problems(folder) == [f"papers/p.md:1: file is {path.stat().st_size:,} bytes; the limit is "
                                "262,144 (is it really one paper?)"]


@pytest.mark.parametrize("field, value", [("date", "'٢٠٢٠'"), ("arxiv", "'٢٠٠٤.١٢٢٩٧'"),
                                          ("doi", "'10.١٢٣٤/x'")])
def test_digits_of_other_scripts_are_not_taken_for_ascii_digits(folder, field, value):
    front_matter = with_field(field, value)
    write_paper(folder, "p.md", front_matter)
    line = front_matter.splitlines().index(f"{field}: {value}") + 2
    [problem] = problems(folder)
    assert problem.startswith(f"papers/p.md:{line}: '{field}': expected ")


def test_a_date_without_its_month_or_day_comes_after_the_dates_within_it():
    dates = [PartialDate(2020), PartialDate(2020, 5), PartialDate(2020, 5, 31), PartialDate(2019, 12, 31)]
    assert sorted(dates) == [PartialDate(2019, 12, 31), PartialDate(2020, 5, 31), PartialDate(2020, 5),
                             PartialDate(2020)]


@pytest.mark.parametrize("text, date", [("2020-05-03T10:00:00Z", "2020-05-03"), ("2020/2021", "2020"),
                                        ("2020-05", "2020-05"), ("May 2020", None), ("2020-5", None),
                                        ("2024-02-30", None), ("٢٠٢٠", None)])
def test_other_tools_dates_are_read_by_the_one_parser(text, date):
    parsed = PartialDate.read(text)
    assert (str(parsed) if parsed else None) == date


def test_kept_checks_are_those_of_files_and_vocabularies_unchanged(folder):
    write_paper(folder, "a.md", VALID)
    write_paper(folder, "b.md", VALID.replace("A Valid Paper", "Another Paper"))
    kept = KeptChecks()
    first = {paper.slug: paper for paper in check_list(folder, kept)[0].papers}
    write_paper(folder, "b.md", VALID.replace("A Valid Paper", "Paper B").replace("vision", "ir"))
    again, problems = check_list(folder, kept)
    papers = {paper.slug: paper for paper in again.papers}
    assert papers["a"] is first["a"], "a.md, unchanged, is not checked again"
    assert (papers["b"].title, papers["b"].tags) == ("Paper B", ("retrieval",))
    # A tag that goes from tags.yml: every paper is checked again against the new vocabulary.
    tags = folder / "tags.yml"
    tags.write_text(tags.read_text(encoding="utf-8").split("vision:")[0], encoding="utf-8")
    assert problems == []
    assert [problem.format(folder.parent) for problem in check_list(folder, kept)[1]] == [
        "papers/a.md:5: 'tags': unknown tag 'vision'; the tags are listed in tags.yml"]
