"""mkdocs.yml as the core reads it (the site's address, name and papershelf settings, as
MkDocs reads them) and writes it for a builder without the plugin."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml

from generator import urls
from generator.model import Site
from generator.settings import read_settings

CONFIG_FILE = "mkdocs.yml"  # in the repository, and in the folder `papers render` writes
# Where the config `papers render` writes puts the pages, and its copy of the theme's
# overrides, beside it.
DOCS = "docs"
THEME = "overrides"
NOT_IN_NAV = "/*/*/"  # the pages below the sections' own: each paper, tag, author...
SECTION_LINKS = "papershelf_sections"  # in `extra`: see section_links
# How the config `papers render` writes starts: a folder that has it is one it may replace.
WRITTEN = "# Written by `papers render`"

N = TypeVar("N", bound=yaml.Node)


def navigation(pages: Iterable[tuple[str, str]] = (),
               source: Callable[[str], str] = urls.source) -> list[dict[str, str]]:
    """The site's navigation: its sections, then the curator's pages (title, address), by
    the Markdown file each is built from."""
    return [{title: source(url)} for title, url in (*urls.SECTIONS, *pages)]


def section_links(site_url: str) -> list[list[str]]:
    """The site's sections with their full addresses, for the 404 page (served at any
    depth), as `extra` gives them to the theme."""
    return [[title, urls.absolute(site_url, url)] for title, url in urls.SECTIONS]


def read_site(config_file: Path) -> Site:
    """The site's address, name and papershelf settings, from mkdocs.yml as MkDocs reads them
    (SettingsError if a setting is wrong)."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    settings = next((options for name, options in _plugins(config.get("plugins") or [])
                     if name == "papershelf"), None)
    return Site(config.get("site_url") or "", config.get("site_name") or "",
                **read_settings(settings))


def _plugins(plugins: list[Any] | dict[str, Any]) -> list[tuple[str, Any]]:
    """Each plugin of mkdocs.yml with its options, whichever way the list is written."""
    if isinstance(plugins, dict):
        return list(plugins.items())
    return [next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
            for entry in plugins]


def builder_config(config_file: Path, site: Site,
                   pages: Iterable[tuple[str, str]] = ()) -> tuple[str, str]:
    """mkdocs.yml for a builder without the plugin, and the theme's custom_dir it had (or
    ''): the repository's config, with the written pages as docs_dir, site_url as the pages
    were rendered with, the site's sections and `pages` (the curator's: title, address) as
    nav (the other pages marked as outside it)
    and in `extra` (as the plugin gives them), the plugins and the theme of
    _plugins_for_builders and _theme_for_builders. Every other value is kept as written,
    tags too (`!ENV`)."""
    root = cast(yaml.MappingNode, yaml.compose(config_file.read_text(encoding="utf-8"),
                                               Loader=yaml.SafeLoader))
    _plugins_for_builders(root)
    custom_dir = _theme_for_builders(root)
    _extra_for_builders(root, site.url)
    for key, value in (("site_url", site.url), ("docs_dir", DOCS),
                       ("nav", navigation(pages, urls.folder_source)),
                       ("not_in_nav", NOT_IN_NAV)):
        _put(root, key, _node(value))
    text = (f"{WRITTEN}: the repository's mkdocs.yml for a builder without the plugin.\n"
            + yaml.serialize(root, allow_unicode=True))
    return text, custom_dir


def _plugins_for_builders(root: yaml.MappingNode) -> None:
    """The plugins without papershelf, and with search off unless they name it: the site's
    search is the Pagefind index, and both builders would add their own (MkDocs to a config
    without plugins, Zensical unless told not to)."""
    plugins = _value(root, "plugins")
    if not isinstance(plugins, yaml.SequenceNode | yaml.MappingNode):
        plugins = _put(root, "plugins", _node([]))
    plugins.value = [item for item in plugins.value if _plugin_name(item) != "papershelf"]
    if all(_plugin_name(item) != "search" for item in plugins.value):
        search_off = _node({"search": {"enabled": False}})
        plugins.value += search_off.value if isinstance(plugins, yaml.MappingNode) else [search_off]


def _extra_for_builders(root: yaml.MappingNode, site_url: str) -> None:
    """`extra` with the sections' links, which the plugin gives the theme."""
    extra = _value(root, "extra")
    if not isinstance(extra, yaml.MappingNode):
        extra = _put(root, "extra", _node({}))
    links = _node(section_links(site_url))
    for pair in links.value:
        pair.flow_style = True  # - [Tags, https://...]
    _put(cast(yaml.MappingNode, extra), SECTION_LINKS, links)


def _theme_for_builders(root: yaml.MappingNode) -> str:
    """The theme's custom_dir made its copy's, and Zensical's look Material's (the `classic`
    variant; its own restyles the header, links and buttons): the custom_dir it had, or ''."""
    theme = _value(root, "theme")
    if isinstance(theme, yaml.ScalarNode):  # `theme: material`
        theme = _put(root, "theme", _node({"name": theme.value}))
    if not isinstance(theme, yaml.MappingNode):  # none: MkDocs' own
        return ""
    if _value(theme, "variant") is None:
        _put(theme, "variant", _node("classic"))
    custom_dir = _value(theme, "custom_dir")
    if custom_dir is None:
        return ""
    _put(theme, "custom_dir", _node(THEME))
    return str(custom_dir.value)


def _value(mapping: yaml.Node, key: str) -> yaml.Node | None:
    return next((value for name, value in mapping.value if name.value == key), None)


def _put(mapping: yaml.MappingNode, key: str, value: N) -> N:
    """Set key to value, in its place if the mapping has it, else at the end; the value."""
    pairs = [(name, value if name.value == key else old) for name, old in mapping.value]
    mapping.value = pairs + ([] if _value(mapping, key) is not None else [(_node(key), value)])
    return value


def _node(value: object) -> yaml.Node:
    """The node of a value, a list or mapping in block style (what is added to an empty one
    is written as mkdocs.yml's own lists are)."""
    node = cast(yaml.Node, yaml.compose(yaml.safe_dump(value, allow_unicode=True),
                                        Loader=yaml.SafeLoader))
    if isinstance(node, yaml.CollectionNode):
        node.flow_style = False
    return node


def _plugin_name(item: yaml.Node | tuple[yaml.Node, yaml.Node]) -> object:
    """The name of an item of plugins: `- name`, `- name: {options}` or `name: {options}`."""
    if isinstance(item, tuple):
        return item[0].value
    return item.value[0][0].value if isinstance(item, yaml.MappingNode) else item.value


class _ConfigLoader(yaml.SafeLoader):
    """YAML with MkDocs' `!ENV [NAME, default]` tag; other tags of mkdocs.yml read as text."""


def _environment(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = ([loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode)
             else loader.construct_sequence(node))  # type: ignore[arg-type]
    *variables, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[name] for name in variables if name in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _environment)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: getattr(node, "value", None))
