"""The site's sources: every page, feed and export the core makes of a list, as the plugin
gives them to MkDocs, and as `papers render` writes them for a builder without the plugin.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from generator import urls
from generator.browse import browse_data
from generator.exports import export_files
from generator.feeds import feed_files
from generator.fields import SCHEMA_FILE
from generator.index import Index
from generator.model import Site
from generator.render import render_pages


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
    pages = {page.src_uri: page.inline(page.text) for page in render_pages(index, site)}
    return pages | downloads(index, site, folder)


def read_site(config_file: Path) -> Site:
    """The site's address, name and papershelf settings, from mkdocs.yml as MkDocs reads them."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    plugins = config.get("plugins") or []
    settings = next((entry["papershelf"] for entry in plugins
                     if isinstance(entry, dict) and "papershelf" in entry), None) or {}
    return Site(config.get("site_url") or "", config.get("site_name") or "", **settings)


class _ConfigLoader(yaml.SafeLoader):
    """YAML with MkDocs' `!ENV [NAME, default]` tag; other tags of mkdocs.yml read as text."""


def _environment(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = ([loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode)
             else loader.construct_sequence(node))  # type: ignore[arg-type]
    *variables, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[name] for name in variables if name in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _environment)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: getattr(node, "value", None))
