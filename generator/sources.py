"""The site's sources: every page, feed and export the core makes of a list, as the plugin
gives them to MkDocs, and as `papers render` writes them, with the search index and a
config, for a builder without the plugin.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator import urls
from generator.browse import browse_data
from generator.configfile import CONFIG_FILE, DOCS, THEME, WRITTEN, builder_config
from generator.exports import export_files
from generator.feeds import feed_files
from generator.fields import SCHEMA_FILE
from generator.index import Index
from generator.model import Site
from generator.pages import navigation
from generator.render import Page, render_pages
from generator.search import search_records, write_search_index


def downloads(index: Index, site: Site, folder: Path) -> dict[str, str]:
    """Every file of the site that is not a page, by its address: feeds, exports, the browse
    view's data, the schema."""
    files = feed_files(index, site) | export_files(index, site.url)
    files[urls.BROWSE] = browse_data(index, site)
    schema = folder / SCHEMA_FILE
    if schema.is_file():
        files[urls.SCHEMA] = schema.read_text(encoding="utf-8")
    return files


def site_sources(index: Index, site: Site, folder: Path) -> dict[str, str]:
    """Every page as Markdown with its HTML put back in, and every other file: what a builder
    that reads Markdown needs to build the site without the plugin."""
    pages = {urls.folder_source(page.url): page.inline(_with_head(page))
             for page in render_pages(index, site)}
    return pages | downloads(index, site, folder)


def _with_head(page: Page) -> str:
    """The page as a Markdown file, its <head> in its front matter (where the theme's
    overrides find it when no plugin gives it)."""
    front = {**page.meta, "papershelf_head": page.head()}
    return f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n\n{page.body}"


def can_write(out: Path) -> bool:
    """Whether out is a folder `papers render` may empty and write: new, empty, or its own."""
    if not out.exists():
        return True
    if not out.is_dir():
        return False
    config = out / CONFIG_FILE
    return not any(out.iterdir()) or (
        config.is_file() and config.read_text(encoding="utf-8").startswith(WRITTEN))


def write_project(out: Path, index: Index, site: Site, folder: Path, config_file: Path) -> int:
    """Replace out with a project that a builder without the plugin builds into the site:
    the pages, feeds, exports and search index in docs/, a copy of the theme's overrides,
    and mkdocs.yml. The number of files written in docs/, not counting the search index."""
    if out.exists():
        shutil.rmtree(out)
    files = site_sources(index, site, folder)
    for path, text in files.items():
        target = out / DOCS / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    write_search_index(search_records(index), out / DOCS / urls.SEARCH)
    config, custom_dir = builder_config(config_file, site, navigation(folder))
    if custom_dir:
        shutil.copytree(config_file.parent / custom_dir, out / THEME)
    (out / CONFIG_FILE).write_text(config, encoding="utf-8", newline="\n")
    return len(files)


