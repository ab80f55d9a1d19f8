"""Benchmark: how long an edit to one paper takes to show in the browser under `make serve`.

    .venv/bin/python bench/serve.py N [--edits E]

Writes N papers (as bench/build.py does), starts `mkdocs serve --dirty` as `make serve`
does, opens a paper's page in Chromium and changes that paper's title E times; each time,
the seconds from saving the file to the browser showing the new title (MkDocs rebuilds and
the page reloads itself). Each edit comes PAUSE seconds after the last one showed, as a
person reads a change before making the next; then E edits more, each at once after the
last showed (the browser still busy with the page it reloaded). The baseline, in the same
run: plain `mkdocs serve`, which builds every page again on each change. Prints the
medians and the ratio of the first.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from build import BIN, launch_chromium, make_papershelf_project, write_list

PAPER = "paper-00001"


def edit_seconds(project: Path, dirty: bool, edits: int, pause: float) -> list[float]:
    """The seconds each of `edits` title changes takes to show, under one `mkdocs serve`,
    each made `pause` seconds after the last showed."""
    from playwright.sync_api import sync_playwright

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"http://127.0.0.1:{port}/"
    command = [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command + (["--dirty"] if dirty else []), cwd=project,
                              stderr=subprocess.DEVNULL, env=os.environ | {
                                  "NO_MKDOCS_2_WARNING": "1", "PAPERSHELF_SITE_URL": address})
    try:
        _wait_for(address)
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            tab = browser.new_page()
            tab.goto(f"{address}papers/{PAPER}/")
            seconds = []
            for number in range(edits):
                tab.wait_for_timeout(pause * 1000)
                seconds.append(_edit(tab, project / "papers" / f"{PAPER}.md",
                                     f"{dirty} {pause} {number}"))
            browser.close()
    finally:
        server.terminate()
        server.wait()
    return seconds


def _wait_for(address: str) -> None:
    for _ in range(1200):
        try:
            urllib.request.urlopen(address, timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"mkdocs serve did not answer at {address}")


def _edit(tab: object, paper: Path, mark: str) -> float:
    text = paper.read_text()
    paper.write_text(re.sub(r"^title: .*$", f"title: Edited {mark}", text, count=1, flags=re.M))
    start = time.perf_counter()
    tab.wait_for_function(  # type: ignore[attr-defined]
        "mark => document.querySelector('h1')?.textContent.includes(mark)", arg=mark,
        timeout=120_000, polling=20)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("papers", type=int)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--pause", type=float, default=3.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        project = Path(temp) / "papershelf"
        write_list(Path(temp) / "list", args.papers, random.Random(2026))
        make_papershelf_project(project, Path(temp) / "list")
        dirty = edit_seconds(project, True, args.edits, args.pause)
        chained = edit_seconds(project, True, args.edits, 0)
        plain = edit_seconds(project, False, args.edits, args.pause)
    print(f"papers {args.papers}, edits {args.edits} (the title of papers/{PAPER}.md), "
          f"each {args.pause:g} s after the last showed unless said")
    for name, seconds in (("make serve (--dirty)", dirty), ("  edits chained", chained),
                          ("plain mkdocs serve", plain)):
        print(f"{name:22s} median {statistics.median(seconds):5.2f} s  edits "
              f"{' '.join(f'{second:.2f}' for second in seconds)}")
    print(f"ratio {statistics.median(dirty) / statistics.median(plain):.2f}; "
          "target at 1,000 papers: an edit visible in at most 2 s")


if __name__ == "__main__":
    main()
