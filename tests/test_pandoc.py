"""The exports as citation processors read them: pandoc (Debian's, which `make test` installs)
reads papers.bib and papers.csl.json back to the titles, authors and years of the paper files,
read here with plain YAML, and its citeproc formats every entry."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_LIST, LIVE_LISTS

from generator.exports import export_files
from generator.index import check_list

SITE = "https://example.org/shelf/"
# The fixture list, and the live list as committed and with a paper more. Each test reads
# the entries paper by paper: the list with a paper less holds none the committed one lacks.
LISTS = ["fixture", *(param for param in LIVE_LISTS if "a-paper-less" not in param.values)]
# pandoc sets quotes and apostrophes typographically (O'Neill is O’Neill), and cannot be told not to.
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def paper_files(folder: Path) -> dict[str, dict]:
    """Each paper file's front matter read with plain YAML, by its slug."""
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
            for path in sorted(folder.glob("*.md"))}


def cited_year(front: dict) -> int:
    """The year a paper is cited in: its venue line's year (`ICLR 2023 (oral)`), else its date's."""
    year = re.search(r"(?<=\s)[1-9][0-9]{3}(?=[\s(,]|$)", str(front.get("venue", "")))
    return int(year[0] if year else str(front["date"])[:4])


@pytest.fixture(scope="module", params=LISTS)
def exported(request, tmp_path_factory, live_lists) -> tuple[Path, dict[str, dict]]:
    """A list's exports written to a folder, and each citation key's paper file."""
    folder = tmp_path_factory.mktemp("exports")
    listed = FIXTURE_LIST if request.param == "fixture" else live_lists(request.param)
    files = export_files(check_list(listed)[0], SITE)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    fronts = paper_files(listed)
    keys = {paper["key"]: fronts[paper["slug"]] for paper in json.loads(files["papers.json"])["papers"]}
    return folder, keys


def run_pandoc(pandoc: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run([pandoc, *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result


def as_csl(pandoc: str, folder: Path, name: str, reader: str) -> list[dict]:
    return json.loads(run_pandoc(pandoc, "-f", reader, "-t", "csljson", name, cwd=folder).stdout)


def name_of(author: dict) -> str:
    """A CSL name as one string: a literal (an organisation), or its parts in order."""
    parts = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")
    return author.get("literal") or " ".join(author[part] for part in parts if part in author)


def typeset(text: str) -> str:
    return text.translate(_TYPOGRAPHY)


def test_papers_bib_reads_back_in_pandoc_as_the_paper_files(pandoc, exported):
    folder, keys = exported
    items = as_csl(pandoc, folder, "papers.bib", "bibtex")
    assert sorted(item["id"] for item in items) == sorted(keys)
    for item in items:
        front, title = keys[item["id"]], typeset(item["title"])
        # pandoc lowercases a BibTeX title's words but those in braces, as BibTeX styles do:
        # the words whose case matters come back as written.
        assert title.casefold() == front["title"].casefold(), item["id"]
        assert [word for word, other in zip(front["title"].split(), title.split(), strict=True)
                if word != other and re.search(r"[0-9]|[^\W_][A-Z]", word)] == [], item["id"]
        assert [typeset(name_of(author)) for author in item["author"]] == front["authors"]
        assert item["issued"]["date-parts"][0][0] == cited_year(front), item["id"]


def test_each_tags_bib_file_reads_back_in_pandoc_as_its_entries_of_papers_bib(pandoc, exported):
    folder, keys = exported
    whole = {item["id"]: item for item in as_csl(pandoc, folder, "papers.bib", "bibtex")}
    tag_files = sorted(path.relative_to(folder).as_posix() for path in folder.glob("tags/*/papers.bib"))
    assert tag_files
    for name in tag_files:
        items = as_csl(pandoc, folder, name, "bibtex")
        assert items and items == [whole[item["id"]] for item in items], name


def test_papers_csl_json_reads_back_in_pandoc_as_the_paper_files(pandoc, exported):
    folder, keys = exported
    items = as_csl(pandoc, folder, "papers.csl.json", "csljson")
    assert sorted(item["id"] for item in items) == sorted(keys)
    for item in items:
        front = keys[item["id"]]
        assert typeset(item["title"]) == front["title"]
        assert [typeset(name_of(author)) for author in item["author"]] == front["authors"]
        assert item["issued"]["date-parts"][0][0] == cited_year(front), item["id"]


@pytest.mark.parametrize("bibliography", ["papers.bib", "papers.csl.json"])
def test_citeproc_formats_an_entry_for_every_key_without_a_warning(pandoc, exported, bibliography):
    folder, keys = exported
    (folder / "cite.md").write_text("[" + "; ".join(f"@{key}" for key in keys) + "]\n", encoding="utf-8")
    result = run_pandoc(pandoc, "--citeproc", "--bibliography", bibliography, "-t", "plain",
                        "cite.md", cwd=folder)
    citation, *entries = [" ".join(block.split()) for block in result.stdout.split("\n\n")
                          if block.strip()]
    assert len(entries) == len(keys)
    text = typeset(" ".join(entries)).casefold()
    for front in keys.values():  # the style sets titles in title case
        assert " ".join(front["title"].split()).casefold() in text
    years = re.findall(r"\. ([0-9]{4})\. ", " ".join(entries))
    assert sorted(map(int, years)) == sorted(cited_year(front) for front in keys.values())
