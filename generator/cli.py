"""The `papers` command: check the list, import papers into it."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from generator.importer import UnreadableInput, import_records, read_daily_papers
from generator.index import check_list
from generator.model import Problem, display_path

DEFAULT_FOLDER = Path("papers")


def main(argv: list[str] | None = None) -> int:
    """Run a `papers` subcommand; the exit code is 0 on success, 1 on problems."""
    parser = argparse.ArgumentParser(prog="papers", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check paper files and report every problem")
    check.add_argument("paths", nargs="*", type=Path, default=[DEFAULT_FOLDER],
                       help="paper files or folders (default: papers/)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    imports = commands.add_parser("import", help="add papers from a saved Hugging Face "
                                                 "daily papers response (JSON)")
    imports.add_argument("file", type=Path)
    imports.add_argument("--into", type=Path, default=DEFAULT_FOLDER, metavar="FOLDER",
                         help="the papers folder (default: papers/)")
    args = parser.parse_args(argv)
    return run_check(args.paths, args.strict) if args.command == "check" else run_import(args.file, args.into)


def run_check(paths: list[Path], strict: bool) -> int:
    """Print every problem of the given files or folders; 1 if any error (or warning if strict)."""
    missing = [path for path in paths if not path.exists()]
    if missing:
        print(f"papers: {', '.join(map(str, missing))}: no such file or folder", file=sys.stderr)
        return 1
    problems: list[Problem] = []
    for folder in sorted({path if path.is_dir() else path.parent for path in paths}):
        # Files named on their own limit the report to them; their folder is still read
        # whole, to find the same paper filed twice.
        wanted = set() if folder in paths else {p.resolve() for p in paths if p.parent == folder}
        found = check_list(folder)[1]
        problems += [p for p in found if not wanted or p.path.resolve() in wanted]
    for problem in problems:
        print(problem.format())
    errors = sum(not problem.warning for problem in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors or (strict and warnings) else 0


def run_import(file: Path, folder: Path) -> int:
    """Write a paper file for each new record of FILE; report duplicates and bad records."""
    if not folder.is_dir():
        print(f"papers: {folder}: no such folder", file=sys.stderr)
        return 1
    try:
        records = read_daily_papers(file)
    except UnreadableInput as error:
        print(f"papers: {error}", file=sys.stderr)
        return 1
    report = import_records(records, folder, datetime.date.today())
    for path in report.added:
        print(f"added {display_path(path)}")
    for line in report.duplicates:
        print(f"skipped (duplicate) {line}")
    for line in report.invalid:
        print(f"skipped (problem) {line}")
    print(report.summary())
    return 0
