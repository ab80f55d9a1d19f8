"""`papers import FILE`: new paper files from a saved Hugging Face daily papers response."""

from __future__ import annotations

import datetime
import json

from conftest import FIXTURES, papers, run, write_paper

from generator.index import check_list

LISTED = """\
title: Beyond 512 Tokens
authors: [Liu Yang]
date: 2020-04-26
arxiv: '2004.12297'
tags: [retrieval]
abstract: Listed.
"""


def test_import_writes_new_papers_and_reports_the_rest(folder):
    write_paper(folder, "beyond-512-tokens.md", LISTED)
    # A different paper already owns the file name the import would pick: it gets -2.
    taken = write_paper(folder, "pointer-networks-again.md", LISTED.replace("Beyond 512 Tokens", "X")
                        .replace("2004.12297", "1506.03134"))
    before = taken.read_bytes()
    response = FIXTURES / "daily-papers.json"
    result = run("papers", "import", str(response), cwd=folder.parent)
    assert result.returncode == 1, result.stderr
    # The lines are those where each item of the JSON array starts.
    assert result.stdout.splitlines() == [
        "added papers/wrapped-titles-a-study-of-hard-line-breaks.md",
        "added papers/pointer-networks-again-2.md",
        f"{response}:30: 2004.12297: already on the list as papers/beyond-512-tokens.md",
        f"{response}:52: 2401.00001: already on the list as "
        "papers/wrapped-titles-a-study-of-hard-line-breaks.md",
        f"{response}:43: 2402.00002: no authors",
        f"{response}:79: entry 6: not a paper record",
        "2 added, 2 skipped as duplicates, 2 skipped with problems",
    ]
    assert taken.read_bytes() == before


def test_imported_file_reads_back_with_every_value(folder):
    papers("import", str(FIXTURES / "daily-papers.json"), cwd=folder.parent)
    path = folder / "wrapped-titles-a-study-of-hard-line-breaks.md"
    text = path.read_text(encoding="utf-8")
    assert "tags: []\n" in text
    path.write_text(text.replace("tags: []", "tags: [retrieval]"), encoding="utf-8")
    index, problems = check_list(folder)
    [paper] = [p for p in index.papers if p.slug == path.stem]
    assert [p for p in problems if p.path == path] == []
    assert paper.title == "Wrapped Titles: A Study of Hard Line Breaks"
    assert paper.authors == ("Ada Lovelace", "Émile Borel")
    assert str(paper.date) == "2024-01-01" and paper.arxiv == "2401.00001"
    assert paper.abstract == ("The first paragraph is wrapped at fixed width.\n\n"
                              "The second paragraph: it says \"more\" and ends here.")
    assert paper.organization == "Example Lab"
    assert dict(paper.links) == {"code": "https://github.com/example/wrapped",
                                 "project": "https://example.org/wrapped"}
    assert paper.added is not None and str(paper.added) == datetime.date.today().isoformat()


def test_imported_paper_without_tags_fails_check(folder):
    papers("import", str(FIXTURES / "daily-papers.json"), cwd=folder.parent)
    result = papers("check", cwd=folder.parent)
    assert result.returncode == 1
    assert "papers/pointer-networks-again.md:8: 'tags': needs at least one entry" in result.stdout
    assert "javascript" not in (folder / "pointer-networks-again.md").read_text(encoding="utf-8")


def test_unreadable_input_writes_nothing(folder, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"paper": ', encoding="utf-8")
    result = papers("import", str(bad), cwd=folder.parent)
    assert result.returncode == 1
    assert result.stderr.startswith(f"papers: {bad}: cannot read it as JSON: ")
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["tags.yml"]


def test_a_missing_file_is_named_and_nothing_is_written(folder):
    result = papers("import", "refs.bib", cwd=folder.parent)
    assert (result.returncode, result.stdout, result.stderr) == (
        1, "", "papers: refs.bib: no such file\n")
    assert sorted(p.name for p in folder.iterdir()) == ["tags.yml"]


def test_the_format_is_told_by_content_not_by_name(folder):
    (folder.parent / "refs.txt").write_text(
        "% saved from the lab's page\n@misc{lee2024, title = {Seeing Less}, author = {Lee, Ann},"
        "\n  year = 2024}\n", encoding="utf-8")
    (folder.parent / "daily.bib").write_bytes((FIXTURES / "daily-papers.json").read_bytes())
    bibtex = papers("import", "refs.txt", cwd=folder.parent)
    daily = papers("import", "daily.bib", cwd=folder.parent)
    assert (bibtex.returncode, bibtex.stdout.splitlines()) == (
        0, ["added papers/seeing-less.md", "1 added, 0 skipped as duplicates, 0 skipped with problems"])
    assert daily.stdout.splitlines()[0] == "added papers/wrapped-titles-a-study-of-hard-line-breaks.md"


def test_bibtex_in_a_json_file_is_read_as_bibtex(folder):
    (folder.parent / "refs.json").write_text("@misc{lee2024, title = {Seeing Less}, "
                                             "author = {Lee, Ann}, year = 2024}\n", encoding="utf-8")
    result = papers("import", "refs.json", cwd=folder.parent)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] == "added papers/seeing-less.md"


def test_a_file_of_neither_format_is_named_as_the_wrong_kind(folder):
    (folder.parent / "notes.md").write_text("# To read\n\n- the SMITH paper (yang@example.org)\n",
                                            encoding="utf-8")
    result = papers("import", "notes.md", cwd=folder.parent)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("papers: notes.md: neither BibTeX (@article{...}) nor a Hugging Face "
                             "daily papers JSON\n")


def test_a_long_import_shows_progress_and_tags_every_paper(folder, tmp_path):
    entries = [{"paper": {"id": f"2401.{number:05d}", "authors": [{"name": f"Author {number}"}],
                          "publishedAt": "2024-01-15T00:00:00.000Z", "title": f"Paper number {number}",
                          "summary": "An abstract."}} for number in range(1, 121)]
    response = tmp_path / "many.json"
    response.write_text(json.dumps(entries), encoding="utf-8")
    result = papers("import", str(response), "--tag", "vision", "--tag", "ir", cwd=folder.parent)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [f"  {done}/120 entries" for done in range(12, 121, 12)]
    assert result.stdout.splitlines()[-1] == "120 added, 0 skipped as duplicates, 0 skipped with problems"
    assert "tags: [vision, ir]\n" in (folder / "paper-number-7.md").read_text(encoding="utf-8")
    assert papers("check", cwd=folder.parent).returncode == 0


def test_import_refuses_unknown_tags_before_writing(folder):
    result = papers("import", str(FIXTURES / "daily-papers.json"), "--tag", "retreival",
                 cwd=folder.parent)
    assert result.returncode == 1
    assert result.stderr == ("papers: unknown tag 'retreival' (did you mean 'retrieval'?); the "
                             "tags are listed in papers/tags.yml\n")
    assert sorted(p.name for p in folder.iterdir()) == ["tags.yml"]


GARCIA = """\
title: Seeing in the Dark
authors: [José García, Ann Lee]
date: 2021-05
tags: [vision]
abstract: Listed.
"""


def import_bibtex(folder, text: str, *args: str):
    (folder.parent / "refs.bib").write_text(text, encoding="utf-8")
    return papers("import", "refs.bib", *args, cwd=folder.parent)


def test_a_record_the_check_would_refuse_is_reported_and_not_written(folder):
    result = import_bibtex(folder, "@misc{twice, title = {Seeing Twice}, author = {Lee, Ann and "
                                   "Lee, Ann}, year = 2024}\n"
                                   "@misc{bell, title = {Bell\x07 Labs}, author = {Kim, Bo},\n"
                                   "  year = 2024}\n"
                                   "@misc{fine, title = {Seeing Less}, author = {Lee, Ann}, "
                                   "year = 2024, abstract = {Fine.}}\n", "--tag", "vision")
    assert (result.returncode, result.stdout.splitlines()) == (1, [
        "added papers/seeing-less.md",
        "refs.bib:1: twice: 'authors': 'Ann Lee' is listed 2 times",
        "refs.bib:2: bell: 'title': control character #x0007 is not allowed: remove it",
        "1 added, 0 skipped as duplicates, 2 skipped with problems"])
    assert sorted(path.name for path in folder.glob("*.md")) == ["seeing-less.md"]
    assert papers("check", "--strict", cwd=folder.parent).returncode == 0


def test_without_a_tag_only_the_missing_tags_are_left_to_the_check(folder):
    result = import_bibtex(folder, "@misc{twice, title = {Seeing Twice}, author = {Lee, Ann and "
                                   "Lee, Ann}, year = 2024}\n"
                                   "@misc{fine, title = {Seeing Less}, author = {Lee, Ann}, "
                                   "year = 2024, abstract = {Fine.}}\n")
    assert result.stdout.splitlines()[-1] == ("1 added, 0 skipped as duplicates, "
                                              "1 skipped with problems")
    check = papers("check", cwd=folder.parent)
    assert check.stdout == "papers/seeing-less.md:7: 'tags': needs at least one entry\n"


def test_a_title_that_slugs_to_a_reserved_name_gets_another_file_name(folder):
    result = import_bibtex(folder, "@misc{k, title = {Index}, author = {Lee, Ann}, year = 2024, "
                                   "abstract = {A paper called Index.}}\n", "--tag", "vision")
    assert result.stdout.splitlines()[0] == "added papers/index-paper.md"
    assert papers("check", "--strict", cwd=folder.parent).returncode == 0


def test_an_author_is_written_as_the_list_writes_them(folder):
    write_paper(folder, "seeing-in-the-dark.md", GARCIA)
    result = import_bibtex(folder, "@misc{k, title = {Seeing More}, author = {Garcia, Jose and "
                                   "LEE, ANN and Kim, Bo}, year = 2024, abstract = {More.}}\n",
                           "--tag", "vision")
    assert (result.returncode, result.stdout.splitlines()) == (0, [
        "added papers/seeing-more.md",
        "refs.bib:1: k: author 'Jose Garcia' written 'José García', as in "
        "papers/seeing-in-the-dark.md",
        "refs.bib:1: k: author 'ANN LEE' written 'Ann Lee', as in papers/seeing-in-the-dark.md",
        "1 added, 0 skipped as duplicates, 0 skipped with problems"])
    written = (folder / "seeing-more.md").read_text(encoding="utf-8")
    assert "  - José García\n  - Ann Lee\n  - Bo Kim\n" in written
    assert papers("check", "--strict", cwd=folder.parent).returncode == 0


def test_a_name_the_registry_lists_is_written_as_it_is(folder):
    write_paper(folder, "seeing-in-the-dark.md", GARCIA)
    (folder / "authors.yml").write_text("José García:\n  variants: [Jose Garcia]\n", encoding="utf-8")
    result = import_bibtex(folder, "@misc{k, title = {Seeing More}, author = {Garcia, Jose}, "
                                   "year = 2024, abstract = {More.}}\n", "--tag", "vision")
    assert result.stdout.splitlines() == [
        "added papers/seeing-more.md", "1 added, 0 skipped as duplicates, 0 skipped with problems"]
    assert "  - Jose Garcia\n" in (folder / "seeing-more.md").read_text(encoding="utf-8")
    assert papers("check", "--strict", cwd=folder.parent).returncode == 0


def test_a_name_written_earlier_in_the_same_import_is_followed(folder):
    result = import_bibtex(folder, "@misc{one, title = {Seeing Less}, author = {Garc{\\'i}a, "
                                   "Jos{\\'e}}, year = 2024, abstract = {Less.}}\n"
                                   "@misc{two, title = {Seeing More}, author = {Garcia, Jose}, "
                                   "year = 2024, abstract = {More.}}\n", "--tag", "vision")
    assert result.stdout.splitlines()[2] == ("refs.bib:2: two: author 'Jose Garcia' written "
                                             "'José García', as in papers/seeing-less.md")
    assert "  - José García\n" in (folder / "seeing-more.md").read_text(encoding="utf-8")
    assert papers("check", "--strict", cwd=folder.parent).returncode == 0


def test_two_names_of_one_entry_that_would_share_a_page_are_a_problem(folder):
    result = import_bibtex(folder, "@misc{k, title = {Seeing More}, author = {Garcia, Jose and "
                                   "Garc{\\'i}a, Jos{\\'e}}, year = 2024}\n", "--tag", "vision")
    assert (result.returncode, result.stdout.splitlines()) == (1, [
        "refs.bib:1: k: authors 'Jose Garcia' and 'José García' would share the page "
        "authors/jose-garcia/",
        "0 added, 0 skipped as duplicates, 1 skipped with problems"])


def test_a_tag_given_twice_by_its_alias_is_refused_before_reading(folder):
    result = papers("import", str(FIXTURES / "daily-papers.json"), "--tag", "ir", "--tag",
                 "retrieval", cwd=folder.parent)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("papers: --tag names the tag 'retrieval' more than once (by its name "
                             "or an alias)\n")
    assert sorted(p.name for p in folder.iterdir()) == ["tags.yml"]


def test_an_import_of_titles_with_math_names_files_by_their_text_and_checks_clean(folder):
    imported = papers("import", str(FIXTURES / "bibtex" / "math-titles.bib"), "--tag", "retrieval",
                      cwd=folder.parent)
    assert [line for line in imported.stdout.splitlines() if line.startswith("added")] == [
        "added papers/openc2-an-open-source-end-to-end-hardware-compiler.md",
        "added papers/trueskill-tm-a-bayesian-skill-rating-system.md",
        "added papers/l0-motivated-low-rank-sparse-subspace-clustering.md",
        "added papers/aby3-a-mixed-protocol-framework-for-machine.md",
        "added papers/l1-regularized-generalized-least-squares.md",
    ]
    index, problems = check_list(folder)
    assert [problem for problem in problems if not problem.warning] == []
    assert {paper.title for paper in index.papers} >= {
        "ABY³: A Mixed Protocol Framework for Machine Learning",
        r"$\ell_1$-Regularized Generalized Least Squares"}
