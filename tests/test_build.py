"""The built site: `mkdocs build --strict` on the fixture list and on the real list."""

from __future__ import annotations

import gzip
import json
import os
import re
import urllib.parse
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import (
    FIXTURE_LIST,
    REPO,
    build,
    live_papers,
    make_project,
    mkdocs_warnings,
    papers,
    run,
    write_paper,
)
from mkdocs.exceptions import Abort

from generator import urls
from generator.index import check_list
from generator.render import NEWEST


class Links(HTMLParser):
    """The href of every link and the text of the <title> of one HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.title = ""
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self._in_title = tag == "title"
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def all_html(site: Path) -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in site.rglob("*.html")}


def test_every_input_has_a_page(fixture_site):
    index = check_list(FIXTURE_LIST)[0]
    for paper in index.papers:
        assert (fixture_site / "papers" / paper.slug / "index.html").is_file()
    for url in ("tags/retrieval", "tags/vision", "tags/interpretability", "authors/jose-garcia",
                "authors/marc-najork", "years/2015", "years/2021", "venues/iccv", "venues/cikm",
                "venues/quotes", "tags", "venues", "authors", "years"):
        assert (fixture_site / url / "index.html").is_file(), url


def broken_links(site: Path) -> list[tuple[Path, str]]:
    """Every internal link of the site's pages that leads nowhere."""
    broken = []
    for path, text in all_html(site).items():
        if path.name == "404.html":  # served at any depth, so MkDocs links it from the root
            continue
        for href in Links(text).hrefs:
            if re.match(r"[a-z]+:|#|//", href):
                continue
            target = (path.parent / urllib.parse.unquote(href.split("#")[0])).resolve()
            if not (target / "index.html" if target.is_dir() else target).exists():
                broken.append((path, href))
    return broken


def test_internal_links_all_resolve(fixture_site):
    assert broken_links(fixture_site) == []


def test_an_address_changed_in_the_address_book_moves_the_pages_files_and_links(tmp_path, monkeypatch):
    monkeypatch.setattr(urls, "TAG", "topics/{slug}/")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = build(make_project(tmp_path / "project", FIXTURE_LIST))
    assert not (site / "tags" / "vision").exists()
    for name in ("index.html", "feed.xml", "feed.json", "papers.bib"):
        assert (site / "topics" / "vision" / name).is_file(), name
    assert 'href="../../topics/vision/"' in page(site, "papers/less-is-more")
    assert "https://papershelf.github.io/papershelf/topics/vision/feed.xml" in page(site, "topics/vision")
    assert broken_links(site) == []


def with_plugin_settings(project: Path, settings: str) -> Path:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - papershelf\n", f"  - papershelf: {settings}\n"), encoding="utf-8")
    return project


def test_plugin_settings_change_the_feeds_the_lists_and_the_previews(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = with_plugin_settings(make_project(tmp_path / "project", FIXTURE_LIST),
                                   "{feed_size: 2, authors_shown: 1, summary_length: 20}")
    site = build(project)
    assert len(json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]) == 2
    assert ('<bdi>Liu Yang</bdi><span class="ps-card__rest">, <bdi>Mingyang Zhang</bdi>, '
            '<bdi>Marc Najork</bdi></span> <button class="ps-card__more" type="button">+2 more</button>'
            in page(site, ""))
    description = re.search(r'<meta name="description" content="([^"]*)"',
                            page(site, "papers/smith-long-document-matching"))[1]
    assert description == "Semantic matching…"


@pytest.mark.parametrize("settings, line", [
    ("{feed_size: 0}", "Plugin 'papershelf' option 'feed_size': expected a whole number above 0, got 0"),
    ("{feed_size: -1}", "Plugin 'papershelf' option 'feed_size': expected a whole number above 0, got -1"),
    ("{page_size: many}", "Plugin 'papershelf' option 'page_size': expected a whole number above 0, got 'many'"),
    ("{authors_shown: true}", "Plugin 'papershelf' option 'authors_shown': expected a whole number above 0, got True"),
    ("{feed_sze: 20}", "Plugin 'papershelf' option 'feed_sze': Unrecognised configuration name: feed_sze "
                       "(did you mean 'feed_size'?)"),
    ("20", "Invalid config options for the 'papershelf' plugin."),
])
def test_a_wrong_plugin_setting_is_one_line_naming_it_in_the_build_and_in_papers_render(tmp_path, settings, line):
    project = with_plugin_settings(make_project(tmp_path / "project", FIXTURE_LIST), settings)
    # Not strict: MkDocs only warns of a plugin's unknown setting; the plugin refuses it.
    with mkdocs_warnings() as logged, pytest.raises(Abort):  # which `mkdocs build` says in a line
        build(project)
    assert f"Config value 'plugins': {line}" in logged
    rendered = papers("render", "out", cwd=project)
    assert rendered.returncode == 1 and not (project / "out").exists()
    assert [text for text in rendered.stderr.splitlines() if "mkdocs.yml" in text] == [
        f"mkdocs.yml: Config value 'plugins': {line}"]


def test_the_mkdocs_command_says_a_wrong_plugin_setting_in_one_line_and_exits_1(tmp_path):
    project = with_plugin_settings(make_project(tmp_path / "project", FIXTURE_LIST), "{feed_size: 0}")
    built = run("mkdocs", "build", cwd=project)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert ("ERROR   -  Config value 'plugins': Plugin 'papershelf' option 'feed_size': expected a "
            "whole number above 0, got 0\n") in built.stderr


def test_a_markdown_extension_the_notes_are_not_rendered_with_stops_the_build(tmp_path, caplog):
    project = make_project(tmp_path / "project", FIXTURE_LIST)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("markdown_extensions:\n", "markdown_extensions:\n  - abbr\n"),
                      encoding="utf-8")
    with pytest.raises(Abort):
        build(project)
    assert ("Markdown extensions: mkdocs.yml enables abbr; the notes are rendered on their own, so "
            "list the same in mkdocs.yml's markdown_extensions and in EXTENSIONS") in caplog.text


def test_paper_page_shows_the_paper(fixture_site):
    html = page(fixture_site, "papers/smith-long-document-matching")
    assert Links(html).title == ("Beyond 512 Tokens: Siamese Multi-depth Transformer-based "
                                 "Hierarchical Encoder for Long-Form Document Matching - Papershelf")
    assert '<a href="../../authors/marc-najork/"><bdi>Marc Najork</bdi></a>' in html
    assert '<a class="ps-tag" href="../../tags/retrieval/">Retrieval</a>' in html
    assert '<a class="md-button" href="https://arxiv.org/abs/2004.12297">arXiv</a>' in html
    assert '<strong>masked sentence block</strong>' in html
    assert re.search(r'<h3 id="why-it-matters">Why it matters', html)
    assert "@inproceedings{yang2020beyond," in html


# schema.org's isPartOf takes a CreativeWork: these are the kinds of one a venue can be.
CREATIVE_WORKS = {"CreativeWorkSeries", "Periodical", "Book", "PublicationVolume"}


def test_every_papers_json_ld_is_part_of_a_creative_work_named_by_its_venue(fixture_site):
    venues = {paper.slug: paper.venue for paper in check_list(FIXTURE_LIST)[0].papers}
    assert any(venues.values())
    for slug, venue in venues.items():
        found = re.search(r'<script type="application/ld\+json">(.*?)</script>',
                          page(fixture_site, f"papers/{slug}"), re.DOTALL)
        article = json.loads(found[1])
        if venue is None:
            assert "isPartOf" not in article
            continue
        assert article["isPartOf"]["@type"] in CREATIVE_WORKS
        assert article["isPartOf"]["name"] == venue.series.name


def test_values_from_papers_are_escaped_once_everywhere(fixture_site):
    html = page(fixture_site, "papers/less-is-more")
    assert Links(html).title == "Less <is> More: *Stars* & _Underscores_ [1] - Papershelf"
    assert "<h1>Less &lt;is&gt; More: *Stars* &amp; _Underscores_ [1]</h1>" in html
    for path, text in all_html(fixture_site).items():
        assert "<is>" not in text and "<b>Lovelace" not in text, path
        assert not re.search(r"&amp;(amp|lt|gt|quot|#\d+);", text), path
    # Search records hold text, which the search dialog shows as text: values as written.
    record = search_records(fixture_site)["/papers/less-is-more/"]
    assert record["meta"]["title"] == "Less <is> More: *Stars* & _Underscores_ [1]"
    assert record["meta"]["authors"] == "Ada <b>Lovelace</b>"
    assert "&amp;" not in json.dumps(record) and "&lt;" not in json.dumps(record)
    assert "alert" not in record["content"]  # the notes as the page shows them, sanitised


def test_notes_are_sanitised(fixture_site):
    html = page(fixture_site, "papers/less-is-more")
    assert "<strong>Markdown</strong>" in html
    assert '<img src="x.png">' in html
    for bad in ("<script>alert", "onerror", "javascript:"):
        assert bad not in html


def test_the_generators_own_html_is_not_sanitised_and_the_notes_headings_are_in_the_toc(fixture_site):
    html = page(fixture_site, "papers/smith-long-document-matching")
    assert '<div class="highlight ps-bibtex" role="region" aria-label="BibTeX entry">' in html
    toc = html[html.index('<nav class="md-nav md-nav--secondary"'):]
    assert [title.strip() for title in re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', toc)
            ][:4] == ["Abstract", "Notes", "Why it matters", "Cite"]


def test_no_paper_file_can_reach_the_block_mechanism_or_a_template(tmp_path):
    project = make_project(tmp_path / "project", FIXTURE_LIST)
    write_paper(project / "papers", "forged.md", "title: '{{ 7*7 }} {% raw %}x{% endraw %}'\n"
                "authors: ['{{ config }}']\ndate: 2024-02-03\ntags: [vision]\nabstract: '{{ 6*7 }}'\n",
                "\nA note <!--papershelf-block-99--> with <!--papershelf-block-0--> and {{ 8*8 }}.\n")
    checked = papers("check", "papers/forged.md", cwd=project)
    assert (checked.returncode, checked.stdout) == (0, "")
    html = page(build(project), "papers/forged")
    assert "{{ 7*7 }} {% raw %}x{% endraw %}" in html and "{{ 6*7 }}" in html and "{{ 8*8 }}" in html
    assert "{{ config }}</bdi></a>" in html
    content = html[html.index('<article'):html.index('</article>')]
    assert not re.search(r"\b(49|42|64)\b", content)
    notes = html[html.index('id="notes"'):html.index('id="cite"')]
    assert "A note  with  and {{ 8*8 }}." in notes  # the comments are dropped, nothing put in


def test_paper_author_and_tag_pages_stay_out_of_the_navigation(fixture_site):
    html = page(fixture_site, "papers/pointer-networks")
    navigation = html[html.index('<nav class="md-nav md-nav--primary'):html.index('<div class="md-content"')]
    pages = {href for href in Links(navigation).hrefs if not href.startswith(("#", "https://"))}
    assert pages <= {"../..", "../../", "../../tags/", "../../venues/", "../../authors/",
                     "../../years/", "../../stats/"}
    assert html.count('class="md-tabs__link"') == 6


def search_records(site: Path) -> dict[str, dict]:
    """The records of a built site's Pagefind index (every part), by address, as the browser
    reads them."""
    records = {}
    for path in (site / "pagefind").rglob("fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data.removeprefix(b"pagefind_dcd"))
        records[record["url"]] = record
    return records


def test_search_has_a_record_for_each_paper_author_tag_venue_and_organisation_only(fixture_site):
    index = check_list(FIXTURE_LIST)[0]
    expected = {f"/{paper.url}": "paper" for paper in index.papers}
    expected |= {f"/{author.url}": "author" for author in index.authors}
    expected |= {f"/{tag.url}": "tag" for tag, _ in index.tags}
    expected |= {f"/{venue.url}": "venue" for venue in index.venues}
    organizations = {paper.organization for paper in index.papers if paper.organization}
    assert organizations  # a lab's paper: its organisation is a record that opens the browse view
    expected |= {f"/{urls.organization(name)}": "organization" for name in organizations}
    records = search_records(fixture_site)
    assert {url: record["meta"]["kind"] for url, record in records.items()} == expected
    assert not [record for record in records.values() if "@inproceedings" in record["content"]]


def test_a_papers_record_holds_its_words_apart_and_what_its_result_shows(fixture_site):
    smith = search_records(fixture_site)["/papers/smith-long-document-matching/"]
    assert smith["content"].startswith(
        "Beyond 512 Tokens: Siamese Multi-depth Transformer-based Hierarchical Encoder for "
        "Long-Form Document Matching. Liu Yang, Mingyang Zhang, Marc Najork. CIKM 2020. Retrieval. "
        "Semantic matching between long-form documents is relatively less explored.")
    assert smith["meta"] == {"kind": "paper", "title": smith["content"].split(". ")[0],
                             "authors": "Liu Yang, Mingyang Zhang, Marc Najork", "venue": "CIKM 2020",
                             "year": "2020"}
    najork = search_records(fixture_site)["/authors/marc-najork/"]
    assert najork["content"].startswith("Marc Najork.") and najork["meta"]["count"] == "2 papers"


def test_broken_paper_stops_the_build_with_the_checker_messages(tmp_path):
    project = make_project(tmp_path / "project", FIXTURE_LIST)
    write_paper(project / "papers", "broken.md", "title: Broken\nauthors: Someone\ndate: 2024-02-30\n"
                                                 "tags: [vision]\n")
    checked = papers("check", cwd=project)
    assert checked.returncode == 1
    expected = [line for line in checked.stdout.splitlines() if "papers/broken.md" in line]
    assert expected == [
        "papers/broken.md:1: warning: 'abstract': missing; recommended, as readers and search use "
        "the paper's abstract",
        "papers/broken.md:3: 'authors': expected a list, got 'Someone'; write authors: [Someone]",
        "papers/broken.md:4: 'date': '2024-02-30' is not a real date",
    ]
    with mkdocs_warnings() as logged, pytest.raises(Abort):
        build(project, strict=True)
    assert [line for line in logged if "papers/broken.md" in line] == expected
    assert logged[-1] == "2 problem(s) in papers/: fix them (papers check lists them too)"
    assert not (project / "site" / "papers" / "broken").exists()


def test_authors_in_any_script_get_their_own_pages_and_working_links(tmp_path):
    project = make_project(tmp_path / "project", FIXTURE_LIST)
    write_paper(project / "papers", "scripts.md", "title: Names in Many Scripts\n"
                "authors: [李娜, 章伟, 张伟, محمد علي]\ndate: 2024-02-03\ntags: [vision]\n"
                "abstract: Four people.\n")
    site = build(project)  # not strict: the fixture list warns of its notes
    for slug in ("李娜", "章伟", "张伟", "محمد-علي"):
        assert (site / "authors" / slug / "index.html").is_file(), slug
    paper = site / "papers" / "scripts" / "index.html"
    hrefs = [href for href in Links(paper.read_text(encoding="utf-8")).hrefs if re.search("authors/.+/", href)]
    assert len(hrefs) == 4
    for href in hrefs:
        assert (paper.parent / urllib.parse.unquote(href) / "index.html").is_file(), href


def test_warnings_fail_only_the_strict_build(tmp_path, caplog):
    project = make_project(tmp_path / "project", FIXTURE_LIST)
    text = (project / "papers" / "pointer-networks.md").read_text(encoding="utf-8")
    (project / "papers" / "pointer-networks.md").write_text(re.sub(r"abstract: .*\n", "", text),
                                                            encoding="utf-8")
    assert (build(project) / "papers" / "pointer-networks" / "index.html").is_file()
    with pytest.raises(Abort, match="Aborted with 2 warnings in strict mode"):
        build(project, strict=True)
    assert "papers/pointer-networks.md:1: warning: 'abstract': missing" in caplog.text


@pytest.mark.live_list
def test_the_list_builds_every_paper_tag_author_and_year(live_list, live_site):
    sources = live_papers(live_list)
    home = page(live_site, "")
    assert home.count('class="ps-card"') == min(len(sources), NEWEST)  # the script shows them all
    browse = json.loads((live_site / "browse.json").read_text(encoding="utf-8"))
    slug = browse["fields"].index("slug")
    assert sorted(row[slug] for row in browse["papers"]) == sorted(source["slug"] for source in sources)
    tags_used = {tag for source in sources for tag in source["tags"]}
    assert re.search(rf"<strong>{len(sources)}</strong> papers? · <strong>\d+</strong> authors? · "
                     rf"<strong>{len(tags_used)}</strong> tags?", home)
    index = check_list(live_list)[0]
    for tag, tagged in index.tags:
        assert page(live_site, tag.url).count('class="ps-card"') == len(tagged)
    for author in index.authors:
        assert page(live_site, author.url).count('class="ps-card"') == len(author.papers)
    for year in index.years:
        assert page(live_site, year.url).count('class="ps-card"') == len(year.papers)


@pytest.mark.live_list
def test_the_site_serves_the_json_schema_at_a_stable_address(live_list, live_site):
    served = (live_site / "paper.schema.json").read_text(encoding="utf-8")
    assert served == (live_list / "paper.schema.json").read_text(encoding="utf-8")
    assert json.loads(served)["required"] == ["title", "authors", "date", "tags"]


def test_pages_link_feeds_that_the_site_serves(fixture_site):
    import feedparser

    site_url = "https://papershelf.github.io/papershelf/"
    for url in ("", "tags/vision", "papers/pointer-networks"):
        links = re.findall(r'<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)">',
                           page(fixture_site, url))
        expected = ["feed.xml", "feed.json"] + (["tags/vision/feed.xml", "tags/vision/feed.json"]
                                                if url.startswith("tags/") else [])
        assert [href.removeprefix(site_url) for _, href in links] == expected
        for kind, href in links:
            served = fixture_site / href.removeprefix(site_url)
            if kind == "application/atom+xml":
                assert not feedparser.parse(served.read_bytes()).bozo
            else:
                feed = json.loads(served.read_text(encoding="utf-8"))
                assert feed["version"] == "https://jsonfeed.org/version/1.1"


@pytest.mark.parametrize("path", ["papers.json", "papers.bib", "papers.csl.json",
                                  "tags/vision/papers.bib", "feed.xml", "tags/vision/feed.json"])
def test_the_site_serves_the_exports_at_their_documented_addresses(fixture_site, path):
    served = (fixture_site / path).read_text(encoding="utf-8")
    assert f"`{path.replace('vision', '<tag>')}`" in (REPO / "docs" / "site.md").read_text(encoding="utf-8")
    if path.endswith(".json"):
        json.loads(served)
    assert "Less" in served  # every one of them lists the fixture's less-is-more paper


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.slow
def test_builds_are_byte_identical_but_for_the_date_mkdocs_stamps(tmp_path, monkeypatch):
    """One build in this process, one by the installed `mkdocs build` with another hash seed
    (which orders sets and dicts of strings) and another date."""
    project = make_project(tmp_path / "project", FIXTURE_LIST)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one = _files(build(project, site_dir=str(project / "one")))
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"  # not this process's seed
    result = run("mkdocs", "build", "--site-dir", "two", cwd=project,
                 env={"SOURCE_DATE_EPOCH": "1800000000", "PYTHONHASHSEED": seed})
    assert result.returncode == 0, result.stderr
    two = _files(project / "two")
    assert sorted(one) == sorted(two)
    health = "stats/health/index.html"  # it says the build's day, and lists what was added before it
    assert sorted(path for path in one if one[path] != two[path]) == [
        "sitemap.xml", "sitemap.xml.gz", health]
    # They differ by their date alone: with the same SOURCE_DATE_EPOCH, every byte is the same.
    dates = [b"2023-11-14", b"2027-01-15"]  # the two epochs' days
    assert one["sitemap.xml"].count(dates[0]) == one["sitemap.xml"].count(b"<lastmod>") > 0
    assert two["sitemap.xml"].replace(dates[1], dates[0]) == one["sitemap.xml"]
    assert gzip.decompress(two["sitemap.xml.gz"]) == two["sitemap.xml"]
    assert one[health].count(dates[0]) == 2 and two[health].replace(dates[1], dates[0]) == one[health]


@pytest.mark.live_list
def test_every_paper_file_is_on_the_site_once_with_every_tag_and_author_entry(live_list, live_site):
    sources = live_papers(live_list)
    pages = sorted(path.parent.name for path in (live_site / "papers").glob("*/index.html"))
    assert pages == sorted(source["slug"] for source in sources)
    tag_entries = sum(page(live_site, f"tags/{slug}").count('class="ps-card"')
                      for slug in {tag for source in sources for tag in source["tags"]})
    assert tag_entries == sum(len(source["tags"]) for source in sources)
    year_entries = sum(page(live_site, f"years/{year}").count('class="ps-card"')
                       for year in {str(source["date"])[:4] for source in sources})
    assert year_entries == len(sources)
    author_pages = [path for path in (live_site / "authors").glob("*/index.html")]
    author_entries = sum(path.read_text(encoding="utf-8").count('class="ps-card"') for path in author_pages)
    assert author_entries == sum(len(set(source["authors"])) for source in sources)
    venue_pages = {venue_slug(live_list, source["venue"]) for source in sources if "venue" in source}
    venue_entries = sum(page(live_site, f"venues/{slug}").count('class="ps-card"')
                        for slug in venue_pages)
    assert venue_entries == sum("venue" in source for source in sources) > 0


def venue_slug(folder: Path, venue: str) -> str:
    """The series a paper's venue line names, read from its list's venues.yml with plain YAML:
    the longest short name the line starts with."""
    series = yaml.safe_load((folder / "venues.yml").read_text(encoding="utf-8"))
    starts = [(len(entry["short"]), slug) for slug, entry in series.items()
              if venue == entry["short"] or venue.startswith(entry["short"] + " ")]
    return max(starts)[1]


def test_the_authors_index_leads_to_a_page_per_letter_that_lists_its_authors(fixture_site):
    index = check_list(FIXTURE_LIST)[0]
    html = page(fixture_site, "authors")
    bar = html[html.index('<nav class="ps-letters"'):]
    letters = re.findall(r'<a href="(?:\.\./authors/)?letter/([^/"]+)/">([^ <]+) <span class="ps-count">(\d+)</span></a>',
                         bar[:bar.index("</nav>")])
    by_letter = {letter: [a for a in index.authors if a.letter == letter]
                 for letter in dict.fromkeys(a.letter for a in index.authors)}
    assert [(letter, int(count)) for _, letter, count in letters] == [
        (letter, len(authors)) for letter, authors in by_letter.items()]
    listed = []
    for slug, letter, _ in letters:
        text = page(fixture_site, f"authors/letter/{slug}")
        names = re.findall(r'<bdi>([^<]*)</bdi></a> <span class="ps-count">(\d+)</span>', text)
        assert names == [(html_escape(a.name, quote=False), str(len(a.papers))) for a in by_letter[letter]]
        listed += names
    assert len(listed) == len(index.authors)  # every author, once


def test_long_lists_are_paged_and_every_paper_is_on_the_pages_it_belongs_to(tmp_path):
    project = with_plugin_settings(make_project(tmp_path / "project", FIXTURE_LIST),
                                   "{page_size: 1}")
    site = build(project)
    index = check_list(FIXTURE_LIST)[0]
    lists = [(tag.url, tagged) for tag, tagged in index.tags]
    lists += [(venue.url, venue.papers) for venue in index.venues]
    lists += [(author.url, author.papers) for author in index.authors]
    lists += [(year.url, year.papers) for year in index.years]
    for url, listed in lists:
        pages = [url] + [f"{url}page/{number}/" for number in range(2, len(listed) + 1)]
        shown = [re.findall(r'class="ps-card__title" href="[^"]*">([^<]*)</a>', page(site, at))
                 for at in pages]
        assert [html_escape(paper.title, quote=False) for paper in listed] == sum(shown, []), url
        assert not (site / f"{url}page/{len(listed) + 1}").exists()
        if len(listed) > 1:  # each page links every page
            pager = page(site, pages[-1])
            assert pager.count('<nav class="ps-pager"') == 1
            assert f'<span aria-current="page">{len(listed)}</span>' in pager
    assert broken_links(site) == []
