"""The MkDocs plugin: the one module that knows MkDocs. It swaps the paper files of
`docs_dir` for the pages the core renders, and stops the build on any problem."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

import jinja2
import jinja2.bccache
import markdown
from mkdocs.config import base
from mkdocs.config.base import ConfigErrors, ConfigWarnings
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
from generator.configfile import SECTION_LINKS, navigation, section_links
from generator.index import Index, check_list
from generator.load import LIST_FILES, KeptChecks
from generator.model import Site
from generator.notes import EXTENSIONS
from generator.pages import navigation as curator_navigation
from generator.related import start_related, start_scorer, stop_scorer
from generator.render import TEMPLATES, KeptPages, compact, render_pages
from generator.render import Page as GeneratedPage
from generator.search import search_records, write_search_index
from generator.settings import read_settings, setting_problems
from generator.sources import downloads

log = logging.getLogger("mkdocs.plugins.papershelf")
CATCH_UP = 1.0  # seconds without a change before serve writes the search index and the rest


class PapershelfConfig(base.Config):
    """The plugin's settings in mkdocs.yml (`plugins: - papershelf: {feed_size: 20}`). They
    are checked by the rule `papers render` reads them with (generator/settings.py), not by
    options of MkDocs' config: one rule, one wording, and a setting the plugin does not have
    is an error in both, where MkDocs would only warn."""

    def validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        problems = setting_problems(self)
        return [(name, base.ValidationError(message)) for name, message in problems], []


class _GeneratedFile(File):
    """A page the core renders. In a dirty build (`mkdocs serve --dirty`), MkDocs writes it
    only when it differs from the build before."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged


class _Converter:
    """Markdown for the pages the core rendered: one converter for the build (MkDocs makes
    one per page, with every extension, which costs more than converting our pages), and
    each text converted once. A page's Markdown is headings and numbered placeholders, so
    pages of one kind share their text: ten thousand paper pages are a few texts."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.markdown = markdown.Markdown(extensions=config.markdown_extensions,
                                          extension_configs=config.mdx_configs or {})
        self.converted: dict[str, tuple[str, list[Any]]] = {}

    def convert(self, text: str) -> tuple[str, list[Any]]:
        """The HTML of a page's Markdown, and the headings of its table of contents."""
        if text not in self.converted:
            self.markdown.reset()
            html = self.markdown.convert(text)
            self.converted[text] = html, getattr(self.markdown, "toc_tokens", [])
        return self.converted[text]


class _KeptBytecode(jinja2.BytecodeCache):
    """The theme's templates compiled, kept from one build of `mkdocs serve` to the next
    (MkDocs makes a new Jinja environment each build, which would compile them again). Jinja
    compiles a template again when its source changed."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


class _RenderedPage(Page):
    """A page the core rendered, converted by the build's _Converter."""

    converter: _Converter

    def render(self, config: MkDocsConfig, files: Files) -> None:
        assert self.markdown is not None, "read_source comes first"
        self.content, tokens = self.converter.convert(self.markdown)
        self.toc = get_toc(tokens)
        self.present_anchor_ids = set(_ids(tokens))


def _ids(tokens: list[Any]) -> Iterator[str]:
    for token in tokens:
        yield token["id"]
        yield from _ids(token["children"])


class PapershelfPlugin(BasePlugin[PapershelfConfig]):
    """Builds the reading list in `docs_dir` (the papers folder) into the site's pages."""

    pages: dict[str, GeneratedPage]
    index: Index

    def __init__(self) -> None:
        super().__init__()
        self.dirty = self.serving = False
        self.built: dict[str, bytes] = {}  # the digest of each page, by address, when dirty
        self.looks = b""  # the digest of mkdocs.yml and the theme's overrides, when dirty
        # One Pagefind at a time, on another core while MkDocs builds the pages.
        self.searching = ThreadPoolExecutor(max_workers=1)
        self.compiled = _KeptBytecode()
        # Under serve, the last build's paper checks and pages, by what they were made of.
        self.kept_checks, self.kept_pages = KeptChecks(), KeptPages()
        self.catching_up = threading.Timer(0, lambda: None)  # see on_post_build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # With this method, MkDocs keeps the plugin from one build of `mkdocs serve` to the
        # next: what the last build wrote is known.
        self.dirty, self.serving = dirty, command == "serve"

    def on_shutdown(self) -> None:
        self.catching_up.cancel()
        self.searching.shutdown()

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
        config.nav = navigation(curator_navigation(Path(config.docs_dir)))
        config.extra[SECTION_LINKS] = section_links(config.site_url)
        if self.serving:  # no search engine reads it, and it would be made at every change
            config.theme.static_templates.discard("sitemap.xml")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        folder = Path(config.docs_dir)
        scorer = start_scorer(sum(name.endswith(".md") for name in os.listdir(folder)))
        index, problems = check_list(folder, self.kept_checks if self.serving else None)
        root = Path(config.config_file_path).parent
        for problem in problems:
            (log.warning if problem.warning else log.error)(problem.format(root))
        errors = sum(not problem.warning for problem in problems)
        if errors:
            stop_scorer(scorer)
            raise PluginError(f"{errors} problem(s) in {folder.name}/: fix them (papers check "
                              "lists them too)")
        for file in list(files):
            if file.src_uri.endswith(".md") or file.src_uri in LIST_FILES:
                files.remove(file)
        site = Site(config.site_url or "", config.site_name, **read_settings(self.config))
        self.index, self.site = index, site
        related = start_related(index.papers, index.author_of, scorer=scorer)
        if not self.serving:  # meanwhile; under serve, they follow the pages
            write_downloads(index, site, folder, Path(config.site_dir))
            # Made here, while the related papers are scored, not in Pagefind's thread,
            # where they would share the interpreter with MkDocs' pages.
            records = search_records(index)
        # Rendered first: the related papers' process and Pagefind's are never both running.
        self.pages = {page.src_uri: page
                      for page in render_pages(index, site, related,
                                               self.kept_pages if self.serving else None)}
        if self.serving:  # see on_post_build
            self.catching_up.cancel()
        else:  # Pagefind on the other core while MkDocs builds the pages
            self.search = self.searching.submit(write_search_index, records,
                                                Path(config.site_dir) / urls.SEARCH)
        self._add_pages(files, config)
        return files

    def _add_pages(self, files: Files, config: MkDocsConfig) -> None:
        """Give MkDocs the generated pages; when dirty, those unchanged since the last build
        marked so."""
        self._forget_if_restyled(config)
        self.digests: dict[str, bytes] = {}
        converter = _Converter(config)
        for page in self.pages.values():
            file = cast(_GeneratedFile, _GeneratedFile.generated(
                config, page.src_uri, content=page.body, inclusion=InclusionLevel.NOT_IN_NAV))
            _RenderedPage(None, file, config).converter = converter
            if self.dirty:
                self.digests[page.url] = page.digest
                file.unchanged = self.built.get(page.url) == self.digests[page.url]
            files.append(file)

    def _forget_if_restyled(self, config: MkDocsConfig) -> None:
        """A change to mkdocs.yml or the theme's overrides changes every page."""
        if not self.dirty:
            return
        digest = hashlib.blake2b(Path(config.config_file_path).read_bytes(), digest_size=16)
        custom = Path(config.theme.custom_dir or config.config_file_path)
        for path in sorted(custom.rglob("*") if custom.is_dir() else ()):
            digest.update(path.as_posix().encode() + (path.read_bytes() if path.is_file() else b""))
        if digest.digest() != self.looks:
            self.built, self.looks = {}, digest.digest()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.dirty:
            for url in self.built.keys() - self.digests.keys():  # a paper, tag... gone since
                (site_dir / url / "index.html").unlink(missing_ok=True)
            self.built = self.digests
        if self.serving:
            # The pages are shown at once; the search index, feeds and exports once no change
            # has come for a second, so that they slow neither the page's reload nor the
            # rebuild of a quick next change.
            self.catching_up = threading.Timer(CATCH_UP, self._catch_up, args=(
                self.index, self.site, Path(config.docs_dir), site_dir))
            self.catching_up.start()
        else:
            self.search.result()  # raises what stopped the search index, if anything did

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        env.bytecode_cache = self.compiled
        return env

    def _catch_up(self, index: Index, site: Site, folder: Path, site_dir: Path) -> None:
        for task in (self.searching.submit(_write_search, index, site_dir),
                     self.searching.submit(write_downloads, index, site, folder, site_dir)):
            task.add_done_callback(_report)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Callable[..., object]) -> LiveReloadServer:
        # Not `--watch-theme`: it would poll Material's 14,000 files too.
        for folder in (TEMPLATES, config.theme.custom_dir):
            if folder:
                server.watch(str(folder))
        return server

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
            headings = get_toc(list(generated.notes_headings)).items
            notes = next((item for item in page.toc.items if item.id == "notes"), None)
            if notes is None:  # a page of the curator's own: its headings are its toc
                page.toc.items += headings
            else:
                notes.children += headings
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        generated = self.pages.get(page.file.src_uri)
        return compact(generated.inline(output) if generated else output)


def _write_search(index: Index, site_dir: Path) -> None:
    write_search_index(search_records(index), site_dir / urls.SEARCH)


def write_downloads(index: Index, site: Site, folder: Path, site_dir: Path) -> None:
    """Write the feeds, exports and the other files that are not pages into site_dir (not
    given to MkDocs as files: not held all through the build)."""
    for path, text in downloads(index, site, folder).items():
        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / path).write_text(text, encoding="utf-8", newline="\n")


def _report(task: Future[None]) -> None:
    if task.exception():
        log.error(f"papershelf: {task.exception()}")
