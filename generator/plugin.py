"""The MkDocs plugin: the one module that knows MkDocs. It swaps the paper files of
`docs_dir` for the pages the core renders, and stops the build on any problem."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.exports import export_files
from generator.feeds import feed_files
from generator.index import check_list
from generator.load import AUTHORS_FILE, TAGS_FILE
from generator.render import TEMPLATES, Site, render_pages
from generator.render import Page as GeneratedPage
from generator.sanitise import sanitise_html

log = logging.getLogger("mkdocs.plugins.papershelf")


class PapershelfPlugin(BasePlugin):
    """Builds the reading list in `docs_dir` (the papers folder) into the site's pages."""

    pages: dict[str, GeneratedPage]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("papershelf links pages as folders: set use_directory_urls: true")
        if not config.site_url:
            raise PluginError("set site_url in mkdocs.yml (where the site is published, e.g. "
                              "https://USER.github.io/REPO/): feeds and citation metadata need it")
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
            if file.src_uri.endswith(".md") or file.src_uri in (TAGS_FILE, AUTHORS_FILE):
                files.remove(file)
        site = Site(config.site_url, config.site_name)
        self.pages = {page.src_uri: page for page in render_pages(index, site)}
        for page in self.pages.values():
            files.append(File.generated(config, page.src_uri, content=page.text,
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        downloads = feed_files(index, site.url, site.name) | export_files(index, site.url)
        for path, text in downloads.items():
            files.append(File.generated(config, path, content=text))
        return files

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        server.watch(str(TEMPLATES))
        return server

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        generated = self.pages.get(page.file.src_uri)
        context["papershelf_head"] = generated.head if generated else ""
        return context

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return html
        html = generated.inline(html)
        return sanitise_html(html) if page.file.src_uri.startswith("papers/") else html
