"""The settings of mkdocs.yml's papershelf plugin and their rule. The plugin's MkDocs config
and `papers render` both check them here, so a wrong one is the same error in both."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields
from typing import TypedDict, TypeGuard, cast

from generator.fields import did_you_mean
from generator.model import Site


class Settings(TypedDict):
    """The plugin's settings: whole numbers above 0, and a contact address."""

    feed_size: int  # papers in each feed, most recently added first
    authors_shown: int  # authors a list shows before "and N more"
    summary_length: int  # characters of the abstract in link previews
    page_size: int  # cards on a page of a tag, venue, author or year
    contact: str  # an e-mail address papers refresh gives the services that ask for one


# Site's, so that a site made without mkdocs.yml (as the core's tests make them) has them too.
DEFAULTS = cast(Settings, {field.name: field.default for field in fields(Site)
                           if field.name in Settings.__annotations__})


class SettingsError(Exception):
    """The plugin's settings in mkdocs.yml cannot be read: a line for each problem, in the
    words MkDocs prints."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def setting_problems(given: Mapping[str, object]) -> list[tuple[str, str]]:
    """Each setting given that papershelf does not have or cannot take: its name, and why."""
    problems = []
    for name, value in given.items():
        if name not in DEFAULTS:
            problems.append((name, f"Unrecognised configuration name: {name}"
                                   f"{did_you_mean(name, DEFAULTS)}"))
        elif name == "contact" and not _email(value):
            problems.append((name, f"expected an e-mail address, got {value!r}"))
        elif name != "contact" and not _whole_above_zero(value):
            problems.append((name, f"expected a whole number above 0, got {value!r}"))
    return problems


def read_settings(given: object) -> Settings:
    """The settings given in mkdocs.yml (the plugin's options: a mapping, or None), with the
    defaults of the others; SettingsError if any is wrong."""
    if given is not None and not isinstance(given, Mapping):
        raise SettingsError(["Config value 'plugins': Invalid config options for the "
                             "'papershelf' plugin."])
    problems = setting_problems(given or {})
    if problems:
        raise SettingsError([f"Config value 'plugins': Plugin 'papershelf' option '{name}': "
                             f"{message}" for name, message in problems])
    return cast(Settings, DEFAULTS | dict(given or {}))


def _email(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) is not None


def _whole_above_zero(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
