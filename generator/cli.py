"""The `papers` command: check the list, format its files, add and import papers."""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.canonical import canonical_text, line_break, reads_back_as
from generator.configfile import CONFIG_FILE
from generator.fields import SCHEMA_FILE, did_you_mean, paper_schema
from generator.identity import paper_id
from generator.index import check_list, list_problems
from generator.load import (
    REGISTRY_FILES,
    TAGS_FILE,
    VENUES_FILE,
    has_errors,
    load_list,
    load_venues,
    load_vocabulary,
    tag_lookup,
)
from generator.model import PartialDate, Problem, display_path
from generator.paperfile import read_paper_file
from generator.venues import VenueLookup

LIST_FOLDER = "papers"
PROGRESS_FROM = 100


class NotInRepository(Exception):
    """The working directory is not inside a Papershelf repository."""


def main(argv: list[str] | None = None) -> int:
    """Run a `papers` subcommand (argv, or else the command line); 0 on success, 1 on problems."""
    if argv is None:
        _as_a_command()
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except NotInRepository as error:
        print(f"papers: {error}", file=sys.stderr)
        return 1


def _as_a_command() -> None:
    """What the command itself sets: its output in UTF-8 wherever it goes (Windows writes a
    pipe or a file in its own code page, which cannot say every name), and, where the
    platform has the signal, a quiet end when a pipe closes (`papers check | head`)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8")
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="papers", description=__doc__,
        epilog="Run it anywhere inside the repository: papers/ is found from there. "
               "'papers COMMAND --help' describes a command.")
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check paper files and report every problem",
                                description="Print every problem of the paper files as "
                                            "path:line: message; exit 1 on an error.")
    _paths_argument(check)
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="github: print problems as GitHub annotations")
    check.set_defaults(run=lambda args: run_check(_paths(args.paths), args.strict, args.format))

    fmt = commands.add_parser("fmt", help="rewrite paper files in their canonical form",
                              description="Rewrite paper files in one canonical form, changing "
                                          "no value and no byte of the notes (each line "
                                          "ends as the file's first line does: LF or CRLF).")
    _paths_argument(fmt)
    fmt.add_argument("--check", action="store_true",
                     help="change nothing; list the files that are not formatted")
    fmt.set_defaults(run=lambda args: run_fmt(_paths(args.paths), args.check))

    imports = commands.add_parser("import", help="add papers from a BibTeX file or a saved "
                                                 "Hugging Face daily papers response (JSON)")
    imports.add_argument("file", type=Path, metavar="FILE",
                         help="a BibTeX file (Zotero, DBLP, Google Scholar, arXiv, al-folio) or "
                              "a saved https://huggingface.co/api/daily_papers response")
    _into_argument(imports)
    imports.add_argument("--tag", action="append", default=[], dest="tags", metavar="TAG",
                         help="give every imported paper this tag (repeatable)")
    imports.set_defaults(run=lambda args: run_import(args.file, args.into or _list_folder(),
                                                     args.tags))

    add = commands.add_parser("add", help="add a paper by its arXiv id or DOI, with its "
                                          "metadata from arXiv or Crossref")
    add.add_argument("identifier", metavar="ID",
                     help="an arXiv id or URL (2004.12297, arXiv:2004.12297v3, "
                          "https://arxiv.org/abs/...) or a DOI (10.1145/..., https://doi.org/...)")
    add.add_argument("--tag", action="append", default=[], dest="tags", metavar="TAG",
                     help="a tag of the vocabulary (repeatable; at least one)")
    _into_argument(add)
    add.set_defaults(run=lambda args: run_add(args.identifier, args.into or _list_folder(),
                                              args.tags))

    refresh = commands.add_parser(
        "refresh", help="ask OpenAlex for preprints' venues and every paper's citation count",
        description="For every paper with an arXiv id or a DOI, ask OpenAlex what it knows: "
                    "write the venue (and DOI) a preprint was published with when the match is "
                    "certain and the venue is a series of venues.yml, list the others to look "
                    "at, and write the citation counts to papers/citations.json. One line per "
                    "paper changed, to look at or failed, then a summary. The contact setting "
                    "of mkdocs.yml is given to OpenAlex (its polite pool).")
    refresh.add_argument("--dry-run", action="store_true",
                         help="change no file; say what would change")
    refresh.set_defaults(run=lambda args: run_refresh(_list_folder(), args.dry_run))

    links = commands.add_parser(
        "links", help="check every link of every paper; keep the dead ones for the health page",
        description="Fetch every link of every paper file (HEAD, else GET; redirects followed, "
                    "a retry after 429, 5xx or a timeout) and print each dead one as "
                    "path:line: links.code: 404 Not Found, and each moved one as a warning; "
                    "write the dead ones to papers/links.json for the health page. Exit 1 if "
                    "a link is dead. PAPERS_HTTP_TIMEOUT sets the seconds to wait (default 20).")
    links.set_defaults(run=lambda args: run_links(_list_folder()))

    render = commands.add_parser(
        "render", help="write the site's sources as a project another builder builds",
        description="Write every page of the site as Markdown (as the plugin gives them to "
                    "MkDocs), its feeds, exports and search index into OUT/docs, and "
                    "OUT/mkdocs.yml, the repository's without the plugin and with the site's "
                    "sections as navigation: MkDocs without the plugin, or Zensical, builds "
                    "the site from it (mkdocs build -f OUT/mkdocs.yml). See "
                    "docs/other-builders.md.")
    render.add_argument("out", type=Path, metavar="OUT",
                        help="a new or empty folder, or one papers render wrote before (its "
                             "contents are replaced)")
    render.set_defaults(run=lambda args: run_render(args.out))
    return parser


class _Version(argparse.Action):
    """--version, looked up only when asked: importlib.metadata is loaded by this option
    alone."""

    def __init__(self, option_strings: list[str], dest: str, help: str) -> None:
        super().__init__(option_strings, dest, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib import metadata

        try:
            version = metadata.version("papershelf")
        except metadata.PackageNotFoundError:
            version = "(not installed)"
        print(f"{parser.prog} {version}")
        parser.exit()


def _paths_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="paper files or folders (default: the repository's papers/)")


def _into_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--into", type=Path, metavar="FOLDER",
                        help="the papers folder to write into (default: the repository's papers/)")


def _paths(paths: list[Path]) -> list[Path]:
    return paths or [_list_folder()]


def _list_folder() -> Path:
    """The papers folder of the repository around the working directory."""
    return Path(os.path.relpath(_repository() / LIST_FOLDER))


def _repository() -> Path:
    """The repository around the working directory, found as git finds .git: the first
    folder up from here that holds mkdocs.yml."""
    here = Path.cwd()
    root = next((folder for folder in (here, *here.parents)
                 if (folder / CONFIG_FILE).is_file()), None)
    if root is None:
        raise NotInRepository("not inside a Papershelf repository (no mkdocs.yml here or in any "
                              "folder above); run it in the repository, or name the paper files")
    return root


def _folders(paths: list[Path]) -> Iterator[tuple[Path, set[Path]]]:
    """Each folder to read whole, with the files named in it (empty: all of them)."""
    for folder in sorted({path if path.is_dir() else path.parent for path in paths}):
        # Files named on their own limit the report to them; their folder is still read
        # whole, to find the same paper filed twice.
        yield folder, (set() if folder in paths
                       else {p.resolve() for p in paths if p.parent == folder})


def _missing(paths: list[Path]) -> bool:
    missing = [path for path in paths if not path.exists()]
    if missing:
        print(f"papers: {', '.join(map(str, missing))}: no such file or folder", file=sys.stderr)
    return bool(missing)


def run_check(paths: list[Path], strict: bool, style: str = "text") -> int:
    """Print every problem of the given files or folders; 1 if any error (or warning if strict)."""
    if _missing(paths):
        return 1
    problems: list[Problem] = []
    for folder, wanted in _folders(paths):
        found = list_problems(load_list(folder))
        # A broken registry concerns every paper: it is reported whichever files are named.
        problems += [p for p in found if not wanted or p.path.resolve() in wanted
                     or p.path.name in REGISTRY_FILES and not p.warning]
    for problem in problems:
        print(problem.format_github() if style == "github" else problem.format())
    errors = sum(not problem.warning for problem in problems)
    print(f"{_count(errors, 'error')}, {_count(len(problems) - errors, 'warning')}",
          file=sys.stderr)
    return 1 if errors or (strict and len(problems) > errors) else 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def run_fmt(paths: list[Path], check_only: bool) -> int:
    """Rewrite files in canonical form (or, with check_only, list those that are not).

    Formatting a whole folder also writes its JSON Schema, which lists the folder's tags and
    venues.
    """
    if _missing(paths):
        return 1
    unformatted, problems = [], []
    for folder, wanted in _folders(paths):
        reading_list = load_list(folder)
        papers = {paper.path: paper for paper in reading_list.papers}
        for path in sorted(folder.glob("*.md")):
            if wanted and path.resolve() not in wanted:
                continue
            source = read_paper_file(path)[0] if path in papers else None
            if source is None:
                problems += [p for p in reading_list.problems if p.path == path and not p.warning]
                continue
            text, stray = canonical_text(source, papers[path])
            written = path.read_bytes().decode("utf-8")  # as is: no newline translation
            newline = line_break(written)
            if text.replace("\n", newline) == written:
                continue
            if stray:
                problems += stray
                continue
            if not reads_back_as(text, papers[path], tag_lookup(reading_list.tags),
                                 VenueLookup(reading_list.venues)):
                problems.append(Problem(path, 1, "papers fmt cannot write this file without "
                                                 "changing a value; left as it is"))
                continue
            unformatted.append(path)
            if not check_only:
                path.write_text(text, encoding="utf-8", newline=newline)
        schema = folder / SCHEMA_FILE
        schema_data = paper_schema(reading_list.tags, reading_list.venues)
        text = json.dumps(schema_data, indent=2, ensure_ascii=False) + "\n"
        if not wanted and (not schema.is_file() or schema.read_text(encoding="utf-8") != text):
            unformatted.append(schema)
            if not check_only:
                schema.write_text(text, encoding="utf-8", newline="\n")
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    for path in unformatted:
        print(f"{'not formatted' if check_only else 'formatted'}: {display_path(path)}")
    return 1 if problems or (check_only and unformatted) else 0


def run_import(file: Path, folder: Path, tags: list[str]) -> int:
    """Write a paper file for each new record of FILE; report duplicates and bad records.

    The exit code is 1 when an entry was skipped with a problem (the others are written).
    """
    from generator.importer import import_records, read_records  # see run_add
    from generator.records import UnreadableInput

    if not _can_write(folder, tags):
        return 1
    try:
        records = read_records(file)
    except UnreadableInput as error:
        print(f"papers: {error}", file=sys.stderr)
        return 1
    report = import_records(records, folder, _today(), tags, _progress(len(records)))
    for path in report.added:
        print(f"added {display_path(path)}")
    for item in report.notes + report.duplicates + report.problems:
        print(f"{display_path(file)}:{item.line}: {item.key}: {item.message}")
    print(report.summary())
    return 1 if report.problems else 0


def run_render(out: Path) -> int:
    """Write the site's sources into out as a project a builder without the plugin builds;
    1 (and nothing written) if the list or the plugin's settings have an error."""
    # The pages' code loads only when needed.
    from generator.configfile import DOCS, read_site
    from generator.settings import SettingsError
    from generator.sources import can_write, write_project

    if not can_write(out):
        print(f"papers: {display_path(out)}: not empty, and not written by papers render; "
              "give a new or empty folder", file=sys.stderr)
        return 1
    folder, config_file = _list_folder(), _repository() / CONFIG_FILE
    index, problems = check_list(folder)
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    try:
        site = read_site(config_file)
    except SettingsError as error:
        for line in error.lines:
            print(f"{display_path(config_file)}: {line}", file=sys.stderr)
        return 1
    if has_errors(problems):
        return 1
    written = write_project(out, index, site, folder, config_file)
    print(f"{written} files and the search index written to {display_path(out / DOCS)}, "
          f"{display_path(out / CONFIG_FILE)} to build them with")
    return 0


def run_refresh(folder: Path, dry_run: bool) -> int:
    """Ask OpenAlex about every paper; write what is certain (unless dry_run) and report."""
    from generator.configfile import read_site
    from generator.metadata import MetadataError, http_timeout
    from generator.refresh import refresh, report_lines, write_citations, write_paper
    from generator.settings import SettingsError

    try:
        timeout, contact = http_timeout(), read_site(_repository() / "mkdocs.yml").contact
    except (MetadataError, SettingsError) as error:
        print(f"papers: {error}", file=sys.stderr)
        return 1
    reading_list = load_list(folder)
    found = refresh(reading_list.papers, reading_list.venues, timeout, contact)
    written = {} if dry_run else {
        item.paper.slug: write_paper(item.paper, item, tag_lookup(reading_list.tags),
                                     VenueLookup(reading_list.venues))
        for item in found if item.venue}
    if not dry_run:
        write_citations(folder, found, datetime.date.today())
    for line in report_lines(found, written, Path.cwd()):
        print(line)
    changed = sum(1 for item in found if item.venue and not written.get(item.paper.slug))
    look_at = sum(1 for item in found if item.look_at or written.get(item.paper.slug))
    failed = sum(1 for item in found if item.failed)
    print(f"{len(found)} papers asked: {changed} {'to change' if dry_run else 'changed'}, "
          f"{look_at} to look at, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def run_links(folder: Path) -> int:
    """Check every link of the list's papers; print the dead and moved ones and a summary,
    and keep the dead ones in papers/links.json. 1 if a link is dead."""
    from generator.links import check_links, paper_links, report, write_result
    from generator.metadata import MetadataError, http_timeout

    try:
        timeout = http_timeout()
    except MetadataError as error:
        print(f"papers: {error}", file=sys.stderr)
        return 1
    checked = check_links(paper_links(load_list(folder).papers), timeout)
    lines, summary = report(checked, Path.cwd())
    for line in lines:
        print(line)
    print(summary, file=sys.stderr)
    write_result(folder, checked, datetime.date.today())
    return 1 if any(item.dead for item in checked) else 0


def run_add(identifier: str, folder: Path, tags: list[str]) -> int:
    """Fetch the metadata of the paper ID names and write it as a new paper file."""
    # urllib, and the importer, load only when needed: every other command starts sooner.
    from generator.importer import import_records, read_listed, record_keys
    from generator.metadata import MetadataError, fetch_record

    if folder.is_dir() and not tags:
        _print_vocabulary(folder)
        return 1
    if not _can_write(folder, tags):
        return 1
    arxiv, doi = paper_id(identifier)
    listed = read_listed(folder).keys
    same = next((listed[key] for key in record_keys(arxiv, doi, None) if key in listed), None)
    if same:
        print(f"papers: {arxiv or doi}: already on the list as {display_path(same)}",
              file=sys.stderr)
        return 1
    try:
        record = fetch_record(identifier)
    except MetadataError as error:
        print(f"papers: {error}", file=sys.stderr)
        return 1
    report = import_records([record], folder, _today(), tags)
    for item in report.notes + report.duplicates + report.problems:
        print(f"papers: {item.key}: {item.message}", file=sys.stderr)
    if not report.added:
        return 1
    print(display_path(report.added[0]))
    return 0


def _can_write(folder: Path, tags: list[str]) -> bool:
    """Whether the folder exists, its vocabularies read and hold all tags; if not, say why.
    (With venues.yml broken, every venue would be left out as unknown.)"""
    if not folder.is_dir():
        print(f"papers: {folder}: no such folder", file=sys.stderr)
        return False
    vocabulary, problems = load_vocabulary(folder / TAGS_FILE)
    problems += load_venues(folder / VENUES_FILE)[1]
    if has_errors(problems):
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        return False
    lookup = tag_lookup(vocabulary)
    unknown = [name for name in tags if name not in lookup]
    for name in unknown:
        print(f"papers: unknown tag '{name}'{did_you_mean(name, lookup)}; the tags are listed in "
              f"{display_path(folder / TAGS_FILE)}", file=sys.stderr)
    slugs = [lookup[name].slug for name in tags if name in lookup]
    twice = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    for slug in twice:
        print(f"papers: --tag names the tag '{slug}' more than once (by its name or an alias)",
              file=sys.stderr)
    return not unknown and not twice


def _print_vocabulary(folder: Path) -> None:
    vocabulary, problems = load_vocabulary(folder / TAGS_FILE)
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    width = max((len(tag.slug) for tag in vocabulary), default=0)
    for tag in vocabulary:
        print(f"  {tag.slug:<{width}}  {tag.name}: {tag.description}", file=sys.stderr)
    print(f"papers: give at least one --tag (the tags of {display_path(folder / TAGS_FILE)} "
          "are listed above)", file=sys.stderr)


def _today() -> PartialDate:
    today = datetime.date.today()
    return PartialDate(today.year, today.month, today.day)


def _progress(total: int) -> Callable[[int], None]:
    """Report every tenth of a long import on stderr; say nothing for short ones."""
    step = total // 10 if total >= PROGRESS_FROM else 0

    def report(done: int) -> None:
        if step and (done % step == 0 or done == total):
            print(f"  {done}/{total} entries", file=sys.stderr)
    return report
