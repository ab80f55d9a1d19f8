"""`papers render`'s folder built without the plugin, by plain MkDocs and by Zensical, with the
commands of docs/other-builders.md as they are written there."""

from __future__ import annotations

import html
import json
import re
import shlex
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import (
    FIXTURE_LIST,
    REPO,
    make_project,
    papers,
    run,
    search_for,
    serving,
    site_handler,
)
from test_build import Links, broken_links, page, with_plugin_settings

from generator.index import check_list

# Each builder runs as a command on a rendered project: left out of make test-fast.
pytestmark = pytest.mark.slow

DOC = REPO / "docs" / "other-builders.md"
SECTIONS = ["Papers", "Tags", "Venues", "Authors", "Years", "Stats"]
# What the written mkdocs.yml changes; the rest is the repository's.
CHANGED = {"site_url", "docs_dir", "nav", "not_in_nav", "plugins", "extra"}


def doc_commands(heading: str) -> list[list[str]]:
    """The commands of the doc's shell blocks under a heading (up to the next heading),
    each a program of .venv/bin/ and its arguments."""
    text = DOC.read_text(encoding="utf-8")
    section = re.split(r"\n#+ ", text.split(f"\n{heading}\n")[1])[0]
    commands = [shlex.split(line) for block in re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
                for line in block.splitlines()]
    assert commands and all(program.startswith(".venv/bin/") for program, *_ in commands), commands
    return [[program.removeprefix(".venv/bin/"), *args] for program, *args in commands]


def run_all(commands: list[list[str]], cwd: Path) -> None:
    for program, *args in commands:
        if program == "pip":  # `make test` installed it
            continue
        result = run(program, *args, cwd=cwd)
        assert result.returncode == 0, f"{program} {args}: {result.stdout}{result.stderr}"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the repository's site setup around the test list (with feeds of 2 papers),
    and the folder the doc's render command wrote in it."""
    project = with_plugin_settings(make_project(tmp_path_factory.mktemp("project"), FIXTURE_LIST),
                                   "{feed_size: 2}")
    run_all(doc_commands("## The commands"), project)
    return project


def built(project: Path, heading: str, copy: Path) -> Path:
    """The doc's commands under heading run in a copy of the project: the folder they built."""
    shutil.copytree(project, copy)
    run_all(doc_commands(heading), copy)
    return copy / "build" / "sources"


@pytest.fixture(scope="module")
def plain(project, tmp_path_factory) -> Path:
    return built(project, "### With MkDocs, without the plugin", tmp_path_factory.mktemp("plain") / "p")


@pytest.fixture(scope="module")
def zensical(project, tmp_path_factory) -> Path:
    return built(project, "### With Zensical", tmp_path_factory.mktemp("zensical") / "p")


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def sections(site: Path, url: str) -> list[tuple[str, str]]:
    """The tabs of a page: each one's address and title."""
    return re.findall(r'<a href="([^"]*)" class="md-tabs__link"[^>]*>\s*([^<]*?)\s*<', page(site, url))


def navigation(site: Path, url: str) -> set[str]:
    """The addresses the primary navigation of a page links to."""
    text = page(site, url)
    nav = text[text.index('<nav class="md-nav md-nav--primary'):text.index('<div class="md-content"')]
    return {href for href in Links(nav).hrefs if not href.startswith(("#", "https://"))}


def generated_head(site: Path, url: str) -> list[str]:
    """The lines the generator adds to a page's <head>: feed links, citation metadata."""
    text = page(site, url)
    return [line.strip() for line in text[:text.index("</head>")].splitlines()
            if re.search(r'rel="alternate"|name="citation_|property="og:|name="twitter:|ld\+json', line)]


def section_buttons(site: Path) -> list[tuple[str, str]]:
    """The 404 page's ways back to the sections: each one's address and text."""
    return re.findall(r'<a class="md-button" href="([^"]*)">([^<]*)</a>', (site / "404.html").read_text(encoding="utf-8"))


def test_the_written_config_is_the_repositorys_with_the_sections_as_nav_and_no_plugin(project):
    rendered = project / "build" / "sources"
    written = (rendered / "mkdocs.yml").read_text(encoding="utf-8")
    assert written.startswith("# Written by `papers render`")
    config = yaml.safe_load(written)
    assert config["nav"] == [{"Papers": "index.md"}, {"Tags": "tags/index.md"}, {"Venues": "venues/index.md"},
                             {"Authors": "authors/index.md"}, {"Years": "years/index.md"}, {"Stats": "stats/index.md"}]
    assert config["plugins"] == [{"search": {"enabled": False}}]
    assert config["docs_dir"] == "docs" and config["not_in_nav"] == "/*/*/"
    assert config["site_url"] == "https://papershelf.github.io/papershelf/"  # the !ENV's default
    assert config["extra"] == {"papershelf_sections": [
        [title, f"https://papershelf.github.io/papershelf/{path}"] for title, path in zip(
            SECTIONS, ["", "tags/", "venues/", "authors/", "years/", "stats/"], strict=True)]}
    repository = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV ", ""))
    assert {key: value for key, value in config.items() if key not in CHANGED} == {
        key: value for key, value in repository.items() if key not in CHANGED} | {
        "theme": repository["theme"] | {"variant": "classic"}}
    assert files(rendered / "overrides") == files(REPO / "overrides")


def test_plain_mkdocs_builds_every_page_with_the_feeds_exports_and_search_index(plain, fixture_site):
    site = plain / "site"
    for paper in check_list(FIXTURE_LIST)[0].papers:
        assert f"<h1>{html.escape(paper.title, quote=False)}</h1>" in page(site, paper.url), paper.slug
    assert '<a class="ps-tag" href="../../tags/vision/">Vision</a>' in page(site, "papers/less-is-more")
    assert "<script>alert" not in page(site, "papers/less-is-more")
    assert len(json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]) == 2  # the plugin's setting
    for path in ("feed.xml", "papers.bib", "tags/vision/feed.json", "papers.csl.json", "browse.json"):
        assert (site / path).is_file(), path
    assert files(site / "pagefind") == files(fixture_site / "pagefind")  # where the script looks
    assert [title for _, title in sections(site, "papers/pointer-networks")] == SECTIONS
    for url in ("", "tags/vision", *(paper.url for paper in check_list(FIXTURE_LIST)[0].papers)):
        assert generated_head(site, url) == generated_head(fixture_site, url) != [], url
    assert section_buttons(site) == section_buttons(fixture_site) != []
    assert broken_links(site) == []


def test_zensical_builds_every_paper_page_with_only_the_sections_as_navigation(zensical, fixture_site):
    site = zensical / "site"
    titles = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])["title"]
              for path in FIXTURE_LIST.glob("*.md")}
    assert sorted(path.name for path in (site / "papers").iterdir()) == sorted(titles)
    for slug, title in titles.items():
        url = f"papers/{slug}"
        assert f"<h1>{html.escape(title, quote=False)}</h1>" in page(site, url), slug
        assert sections(site, url) == sections(fixture_site, url)
        assert navigation(site, url) == navigation(fixture_site, url)  # not every page: six
        assert generated_head(site, url) == generated_head(fixture_site, url) != [], url
    assert '<meta name="generator" content="zensical-' in page(site, "")
    assert "<script>alert" not in page(site, "papers/less-is-more")
    assert files(site / "pagefind") == files(fixture_site / "pagefind")
    assert section_buttons(site) == section_buttons(fixture_site) != []
    assert broken_links(site) == []


def test_search_finds_a_paper_on_the_site_zensical_builds(tab, zensical):
    with serving(site_handler(zensical / "site")) as url:
        tab.goto(url)
        tab.locator(".ps-search-button").click()
        search_for(tab, "pointer networks")
        tab.locator(".ps-search__result").first.click()
        tab.wait_for_url("**/papers/pointer-networks/")


def test_the_doc_installs_the_zensical_the_tests_build_with():
    [install] = [args for program, *args in doc_commands("### With Zensical") if program == "pip"]
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert install == ["install", next(pin for pin in extras["test"] if pin.startswith("zensical"))]


def test_papers_render_replaces_the_folder_it_wrote_and_no_other(tmp_path):
    project = make_project(tmp_path / "project", FIXTURE_LIST)
    assert papers("render", "out", cwd=project).returncode == 0
    assert (project / "out" / "docs" / "papers" / "pointer-networks" / "index.md").is_file()
    (project / "papers" / "pointer-networks.md").unlink()
    rendered = papers("render", "out", cwd=project)
    assert rendered.returncode == 0, rendered.stderr
    assert not (project / "out" / "docs" / "papers" / "pointer-networks").exists()
    (project / "notes").mkdir()
    (project / "notes" / "mine.txt").write_text("keep")
    refused = papers("render", "notes", cwd=project)
    assert refused.returncode == 1
    assert refused.stderr == ("papers: notes: not empty, and not written by papers render; give a new "
                              "or empty folder\n")
    assert [path.name for path in (project / "notes").iterdir()] == ["mine.txt"]
