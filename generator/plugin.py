"""The MkDocs plugin: the one module that knows MkDocs. It swaps the paper files of
`docs_dir` for the pages the core renders, and stops the build on any problem."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from generator import urls
from generator.fields import SCHEMA_FILE
from generator.index import Index, check_list
from generator.load import REGISTRY_FILES
from generator.model import Site
from generator.notes import EXTENSIONS
from generator.render import TEMPLATES, render_pages
from generator.render import Page as GeneratedPage
from generator.search import search_records, write_search_index
from generator.sources import downloads

log = logging.getLogger("mkdocs.plugins.papershelf")


class Positive(c.Type[int]):
    """A whole number above zero."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if number < 1:
            raise base.ValidationError(f"expected a whole number above 0, got {number}")
        return number


class PapershelfConfig(base.Config):
    """The plugin's settings in mkdocs.yml (`plugins: - papershelf: {feed_size: 20}`)."""

    feed_size = Positive(default=50)  # papers in each feed, most recently added first
    authors_shown = Positive(default=8)  # authors a list shows before "and N more"
    summary_length = Positive(default=200)  # characters of the abstract in link previews
    page_size = Positive(default=100)  # cards on a page of a tag, venue, author or year


class PapershelfPlugin(BasePlugin[PapershelfConfig]):
    """Builds the reading list in `docs_dir` (the papers folder) into the site's pages."""

    pages: dict[str, GeneratedPage]
    index: Index

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("papershelf links pages as folders: set use_directory_urls: true")
        if not config.site_url:
            raise PluginError("set site_url in mkdocs.yml (where the site is published, e.g. "
                              "https://USER.github.io/REPO/): feeds and citation metadata need it")
        enabled = {name for name in config.markdown_extensions if isinstance(name, str)}
        extra, missing = sorted(enabled - set(EXTENSIONS)), sorted(set(EXTENSIONS) - enabled)
        if extra or missing:
            said = ([f"mkdocs.yml enables {', '.join(extra)}"] if extra else []) + (
                [f"the notes use {', '.join(missing)}"] if missing else [])
            raise PluginError(f"Markdown extensions: {'; '.join(said)}; the notes are rendered on "
                              "their own, so list the same in mkdocs.yml's markdown_extensions "
                              "and in EXTENSIONS (generator/notes.py)")
        config.nav = [{title: urls.source(url)} for title, url in _sections()]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        folder = Path(config.docs_dir)
        index, problems = check_list(folder)
        root = Path(config.config_file_path).parent
        for problem in problems:
            (log.warning if problem.warning else log.error)(problem.format(root))
        errors = sum(not problem.warning for problem in problems)
        if errors:
            raise PluginError(f"{errors} problem(s) in {folder.name}/: fix them (papers check "
                              "lists them too)")
        for file in list(files):
            if file.src_uri.endswith(".md") or file.src_uri in (*REGISTRY_FILES, SCHEMA_FILE):
                files.remove(file)
        site = Site(config.site_url or "", config.site_name, self.config.feed_size,
                    self.config.authors_shown, self.config.summary_length, self.config.page_size)
        self.index, self.site = index, site
        # Rendered first: the related papers' process and Pagefind's are never both running.
        self.pages = {page.src_uri: page for page in render_pages(index, site)}
        # Pagefind indexes on another core while MkDocs builds the pages.
        searching = ThreadPoolExecutor(max_workers=1)
        self.search = searching.submit(write_search_index, search_records(index),
                                       Path(config.site_dir) / urls.SEARCH)
        searching.shutdown(wait=False)
        for page in self.pages.values():
            files.append(File.generated(config, page.src_uri, content=page.body,
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Written here rather than given to MkDocs as files: not held all through the build.
        site_dir = Path(config.site_dir)
        for path, text in downloads(self.index, self.site, Path(config.docs_dir)).items():
            (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (site_dir / path).write_text(text, encoding="utf-8")
        self.search.result()  # raises what stopped the search index, if anything did

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Callable[..., object]) -> LiveReloadServer:
        server.watch(str(TEMPLATES))
        return server

    def on_template_context(self, context: TemplateContext, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        if template_name == "404.html":  # served at any depth: it links with full addresses
            context["papershelf_sections"] = [  # type: ignore[typeddict-unknown-key]
                (title, urls.absolute(config.site_url or "", url)) for title, url in _sections()]
        return context

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:  # given here, not as front matter for MkDocs to parse again
            page.meta = dict(generated.meta)
        return markdown

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        generated = self.pages.get(page.file.src_uri)
        # MkDocs' type lists only its own variables, though plugins add theirs here.
        context["papershelf_head"] = generated.head() if generated else ""  # type: ignore[typeddict-unknown-key]
        return context

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return html
        if generated.notes_headings:  # the notes were rendered apart: their headings join the toc
            notes = next(item for item in page.toc.items if item.id == "notes")
            notes.children += get_toc(list(generated.notes_headings)).items
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        generated = self.pages.get(page.file.src_uri)
        return generated.inline(output) if generated else output


def _sections() -> list[tuple[str, str]]:
    """The site's sections, as its navigation and its 404 page give them."""
    return [("Papers", urls.HOME), ("Tags", urls.TAGS), ("Venues", urls.VENUES),
            ("Authors", urls.AUTHORS), ("Years", urls.YEARS)]
