"""Benchmark: the browse view of the home page on a synthetic list of N papers, in Chromium.

    .venv/bin/python bench/browse.py N [--runs R]

Builds the live list (papers/) and a synthetic list of N papers (as bench/build.py writes
them), then prints for each, from the same run: the size of browse.json (raw and gzipped)
and of the home page's HTML, the time from opening the page to a ready browse view, and the
median time from a click (or a key) to the view updated and painted, for a tag, a year, an
author, a word typed and a sort. The live list is the baseline that N is compared with.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import statistics
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from build import REPO, build, launch_chromium, make_papershelf_project, write_list

from generator.index import check_list

# In the page: act, then wait for two animation frames (the view drawn and painted).
TIMED = """async (act) => {
  const start = performance.now();
  act();
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return performance.now() - start;
}"""
ACTIONS = {
    "tag": "document.querySelector('.ps-facet[data-facet=tag] input').click()",
    "year": "document.querySelector('.ps-facet[data-facet=year] input').click()",
    "author": "document.querySelector('.ps-facet[data-facet=author] input').click()",
    "text": ("(() => { const box = document.querySelector('.ps-browse__search'); "
             "box.value = 'model'; box.dispatchEvent(new Event('input')); })()"),
    "sort": ("(() => { const sort = document.querySelector('.ps-browse__sort'); "
             "sort.value = 'title'; sort.dispatchEvent(new Event('change')); })()"),
}


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def measure(site: Path, runs: int) -> dict[str, float]:
    """Sizes and median timings of one built site's browse view."""
    from playwright.sync_api import sync_playwright

    data = (site / "browse.json").read_bytes()
    results = {"papers": len(check_list(site.parent / "papers")[0].papers),
               "browse.json KB": len(data) / 1024, "gzipped KB": len(gzip.compress(data)) / 1024,
               "home HTML KB": (site / "index.html").stat().st_size / 1024}
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    timings: dict[str, list[float]] = {name: [] for name in ["ready", *ACTIONS]}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        tab = browser.new_page()
        for _ in range(runs):
            for name, action in ACTIONS.items():
                tab.goto(url)
                tab.wait_for_selector("#ps-browse[data-ready]")
                if name == "tag":
                    timings["ready"].append(tab.evaluate(
                        "performance.now() - performance.timeOrigin + performance.timeOrigin"
                        " - performance.getEntriesByType('navigation')[0].startTime"))
                timings[name].append(tab.evaluate(TIMED.replace("act()", action)))
        browser.close()
    server.shutdown()
    return results | {f"{name} ms": statistics.median(values) for name, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("papers", type=int)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import random

    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        live = temp / "live"
        make_papershelf_project(live, _copy(REPO / "papers", temp / "live-papers"))
        write_list(temp / "list", args.papers, random.Random(2026))
        synthetic = temp / "synthetic"
        make_papershelf_project(synthetic, temp / "list")
        rows = []
        for project in (live, synthetic):
            build(project)
            rows.append(measure(project / "site", args.runs))
    width = max(len(name) for name in rows[0])
    print(f"{'':{width}}  {'live list':>10}  {'synthetic':>10}  ratio")
    for name in rows[0]:
        base, big = rows[0][name], rows[1][name]
        print(f"{name:{width}}  {base:10.1f}  {big:10.1f}  {big / base if base else 0:5.1f}")
    print("targets: gzipped browse.json <= 60 KB for the seed list and <= 1,500 KB at 10,000 "
          "papers; home HTML < 300 KB; a filter within 100 ms at 10,000 papers")


def _copy(source: Path, target: Path) -> Path:
    import shutil

    shutil.copytree(source, target)
    return target


if __name__ == "__main__":
    sys.exit(main())
