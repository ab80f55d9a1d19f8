"""Benchmark: build a synthetic list of N papers, and plain MkDocs on as many pages.

    .venv/bin/python bench/build.py N [--runs R] [--shape bench|live]

Writes N papers to a temporary folder, in one of two shapes: the bench's (about N/2
distinct authors, 150 tags, abstracts of 150 to 250 words, 30-word notes) or the live
list's (its tags, 5,000 authors, 200-word abstracts, 60-word notes). Builds them with
Papershelf, then the baseline: plain MkDocs + Material (search plugin on, no navigation)
with as many pages as the Papershelf site has, each a paper-sized Markdown page (a title
heading, an author line, a date and tags line, an abstract and a note as the shape has).
Builds alternate, so machine noise hits both sides alike. Prints, from the same run: each
side's build time (median of R runs) and peak memory (the resident memory of the build and
every process it starts, summed, sampled every 20 ms), their ratio, the page count, the
largest HTML page, the published site's size by kind of page, the bytes a first query
fetches in Chromium (cold cache) for five queries, and the time of `papers check` (median
of 5 runs on the list as just written, before any build). Builds start, when the bench runs
as root, with the kernel's page cache flushed and dropped: the page cache the earlier
builds filled slows each later build more than the last, and the side that keeps both
cores busy more than the other.
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from generator.canonical import paper_text
from generator.configfile import read_site
from generator.index import check_list
from generator.render import render_pages

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DROP_CACHES = Path("/proc/sys/vm/drop_caches")
# kcmp(2), which tells whether two processes share their memory, by machine.
KCMP = {"x86_64": 312, "aarch64": 272}.get(platform.machine())
KCMP_VM = 1
CHROMIUM = "/usr/bin/chromium"
TAGS = 150
# Each list shape's abstracts (least and most words) and notes (words).
SHAPES = {"bench": ((150, 250), 30), "live": ((200, 200), 60)}
WORDS = """attention transformer encoder decoder representation contrastive masked image token
sequence retrieval embedding sparse autoencoder feature circuit interpretability diffusion
latent generative model training pre-training fine-tuning benchmark dataset robustness scaling
efficient inference quantization compression vision language multimodal video speech graph
reinforcement policy reward agent planning reasoning memory context window long-range state
space recurrent convolution kernel optimisation gradient loss objective regularisation sample
distribution alignment supervision self-supervised semi-supervised zero-shot few-shot transfer
domain adaptation evaluation metric accuracy performance results experiments analysis method
approach framework architecture layer head parameter weight activation neuron dictionary""".split()
FIRST = """Ada Alan Anja Bruno Chen Dana Elena Farid Grace Hana Ivan Jun Kai Lena Mei Nora Omar
Priya Quinn Ravi Sara Tomas Uma Vera Wei Xin Yara Zoe Amir Bea Carl Dora Emil Fang Gita Hugo Ines
Jonas Kira Liam Maya Nils Olga Pablo Rosa Sven Tara Ugo Vik Wen Yusuf Zara""".split()
LAST = """Abe Bauer Costa Dubois Eriksen Fischer Garcia Huang Ito Jansen Kim Lopez Moreau Novak
Okafor Petrov Quist Rossi Sato Tanaka Ueda Varga Wang Xu Yilmaz Zhang Adler Bianchi Chen Diaz Evans
Fujita Gupta Horvat Iqbal Jovanovic Kowalski Larsen Mendes Nakamura Olsen Park Ramos Schmidt Torres
Ulrich Volkov Weber Yamada Zimmermann""".split()


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def abstract(rng: random.Random, least: int = 150, most: int = 250) -> str:
    """least to most words, in sentences of 12 to 20."""
    left, sentences = rng.randint(least, most), []
    while left:
        length = min(left, rng.randint(12, 20))
        sentences.append(sentence(rng, length))
        left -= length
    return " ".join(sentences)


def write_list(folder: Path, count: int, rng: random.Random, shape: str = "bench") -> None:
    """N synthetic papers and the live list's venues in folder. The bench's shape: a
    150-tag vocabulary, about N/2 authors (at most 2,500), abstracts of 150 to 250 words
    and a 30-word note. The live shape: the live list's tags, 5,000 authors, a 200-word
    abstract and a 60-word note on every paper."""
    folder.mkdir(parents=True)
    shutil.copy(REPO / "papers" / "venues.yml", folder / "venues.yml")
    if shape == "live":
        shutil.copy(REPO / "papers" / "tags.yml", folder / "tags.yml")
        tags = list(yaml.safe_load((folder / "tags.yml").read_text(encoding="utf-8")))
        people = [f"{first} {middle}. {last}" for first in FIRST for last in LAST
                  for middle in "AB"][:5000]
    else:
        tags = [f"topic-{number:03d}" for number in range(TAGS)]
        (folder / "tags.yml").write_text("".join(
            f"{tag}:\n  name: Topic {tag[-3:]}\n  description: {sentence(rng, 8)}\n"
            for tag in tags), encoding="utf-8")
        people = [f"{first} {last}" for first in FIRST for last in LAST]
        rng.shuffle(people)
        people = people[: max(2, count // 2)]
    words, note = SHAPES[shape]
    for number in range(count):
        year = rng.randint(2015, 2025)
        fields = {
            "title": f"{sentence(rng, rng.randint(5, 10))[:-1]} ({number})",
            "authors": rng.sample(people, rng.randint(2, 8)),
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "venue": rng.choice(["NeurIPS", "ICML", "ICLR", "CVPR", "ACL"]) + f" {year}",
            "arxiv": f"{year % 100:02d}{rng.randint(1, 12):02d}.{number:05d}",
            "links": {"code": f"https://github.com/example/paper-{number}"},
            "tags": rng.sample(tags, rng.randint(2, 4)),
            "abstract": abstract(rng, *words),
        }
        (folder / f"paper-{number:05d}.md").write_text(paper_text(fields, sentence(rng, note)),
                                                        encoding="utf-8")


def write_plain_project(root: Path, pages: int, rng: random.Random, shape: str = "bench",
                        ) -> None:
    """Plain MkDocs + Material, themed like ours, search on, no navigation: as many
    paper-sized pages (title, authors, date and tags, abstract, a note, as the shape has)."""
    words, note = SHAPES[shape]
    docs = root / "docs"
    docs.mkdir(parents=True)
    shutil.copytree(REPO / "overrides", root / "overrides")
    for number in range(pages):
        authors = ", ".join(f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                            for _ in range(rng.randint(2, 8)))
        tags = ", ".join(f"Topic {rng.randrange(TAGS):03d}" for _ in range(rng.randint(2, 4)))
        text = (f"# {sentence(rng, rng.randint(5, 10))[:-1]}\n\n{authors}\n\n"
                f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} · "
                f"{tags}\n\n{abstract(rng, *words)}\n\n{sentence(rng, note)}\n")
        (docs / ("index.md" if number == 0 else f"page-{number:05d}.md")).write_text(
            text, encoding="utf-8")
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    config |= {"docs_dir": "docs", "nav": ["index.md"], "not_in_nav": "*.md", "plugins": ["search"]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, taking the default of each `!ENV [VARIABLE, default]`."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def make_papershelf_project(root: Path, papers: Path) -> None:
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.move(papers, root / "papers")


MEASURE = """
import runpy, sys, time
sys.argv = ["mkdocs", "build", "--quiet"]
start = time.perf_counter()
try:
    runpy.run_module("mkdocs", run_name="__main__")
except SystemExit as exit:
    if exit.code:
        raise
print(time.perf_counter() - start)
"""


def build(project: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one `mkdocs build` of a project in a fresh process:
    the resident memory of that process and of every process it starts, summed. There is no
    site folder yet, as on a fresh clone (MkDocs would otherwise first delete the last
    build's pages, in the build's time)."""
    shutil.rmtree(project / "site", ignore_errors=True)
    _drop_page_cache()
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen([sys.executable, "-c", MEASURE], cwd=project, text=True,
                                   stdout=subprocess.PIPE, stderr=errors,
                                   env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(BIN)})
        peak = 0
        while process.poll() is None:
            peak = max(peak, _resident(process.pid))
            time.sleep(0.02)
        assert process.stdout is not None
        if process.returncode:
            errors.seek(0)
            sys.exit(f"build failed in {project}:\n{errors.read()}")
        return float(process.stdout.read()), peak / 2**20


def _drop_page_cache() -> None:
    """Flush and drop the kernel's page cache, then let the disk settle (only as root)."""
    os.sync()
    if os.access(DROP_CACHES, os.W_OK):
        DROP_CACHES.write_text("3")
        time.sleep(2)


def _resident(pid: int, parent: int | None = None) -> int:
    """Bytes resident in a process and all its descendants, now (0 for one that is gone). A
    child that shares its parent's memory is counted once: subprocess starts a program
    with vfork, and until the program runs, the child reports its parent's memory as its
    own (a 400 MB build starting Pagefind would read as 800 MB)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        children = [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
                    for child in (task / "children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        return 0
    own = 0 if parent is not None and _same_memory(parent, pid) else pages * 4096
    return own + sum(_resident(child, pid) for child in children)


def _same_memory(pid: int, other: int) -> bool:
    return KCMP is not None and ctypes.CDLL(None).syscall(KCMP, pid, other, KCMP_VM, 0, 0) == 0


def check_seconds(folder: Path, runs: int) -> list[float]:
    """Wall times of `papers check` on the list, as a user runs it, after one run left out,
    as hyperfine's --warmup does (the first run after the list was written is slower)."""
    def seconds() -> float:
        start = time.perf_counter()
        subprocess.run([BIN / "papers", "check", folder], check=True, capture_output=True,
                       env={"PATH": str(BIN)})
        return time.perf_counter() - start

    os.sync()  # the list's files written out first: the disk's writeback would share the CPU
    time.sleep(2)
    return [seconds() for _ in range(runs + 1)][1:]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless, with none of its own network calls."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"])


def first_query_bytes(site: Path, queries: list[str]) -> dict[str, int]:
    """Bytes of search files Chromium fetches, cache cold, from opening search on a page of
    the site to the results of a query typed there."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/tags/"  # a page whose own data is small
    fetched = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for query in queries:
            context = browser.new_context()  # a context of its own: an empty cache
            fetched[query] = _search_bytes(context.new_page(), url, query)
            context.close()
        browser.close()
    server.shutdown()
    return fetched


def _search_bytes(tab: Any, url: str, query: str) -> int:
    from playwright.sync_api import expect

    tab.goto(url)
    sizes: list[int] = []
    tab.on("requestfinished", lambda request: sizes.append(
        request.sizes()["responseBodySize"]) if "/pagefind/" in request.url else None)
    tab.keyboard.press("/")
    tab.locator(".ps-search__input").press_sequentially(query)
    expect(tab.locator(".ps-search__status")).to_have_text(re.compile(r"^\d+ results?$"))
    tab.wait_for_timeout(500)  # what was asked for on the way arrives
    return sum(sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("papers", type=int)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shape", choices=SHAPES, default="bench",
                        help="bench: 150 tags, about N/2 authors; live: the live list's tags, "
                             "5,000 authors, 200-word abstracts and 60-word notes")
    args = parser.parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        write_list(temp / "list", args.papers, rng, args.shape)
        make_papershelf_project(temp / "papershelf", temp / "list")
        # Timed first, as a user's check runs: not beside this process once it holds the
        # list's index and pages.
        checks = check_seconds(temp / "papershelf" / "papers", 5)
        index, problems = check_list(temp / "papershelf" / "papers")
        assert not problems, problems[0].format()
        pages = len(render_pages(index, read_site(temp / "papershelf" / "mkdocs.yml")))
        write_plain_project(temp / "plain", pages, rng, args.shape)
        ours, plain = [], []
        for _ in range(args.runs):
            ours.append(build(temp / "papershelf"))
            plain.append(build(temp / "plain"))
        site = temp / "papershelf" / "site"
        built = sum(1 for _ in site.rglob("index.html"))
        largest = max((path.stat().st_size, path.relative_to(site).as_posix())
                      for path in site.rglob("*.html"))
        kinds, plain_bytes = _by_kind(site), sum(site_bytes(temp / "plain" / "site").values())
        prolific = max(index.authors, key=lambda author: len(author.papers))
        queries = first_query_bytes(site, [index.tags[len(index.tags) // 2][0].name,
                                           prolific.name.split()[-1], prolific.name,
                                           "transformer", "sparse autoencoder"])
    ours_median = statistics.median(seconds for seconds, _ in ours)
    plain_median = statistics.median(seconds for seconds, _ in plain)
    print(f"papers {args.papers} ({args.shape} shape), authors {len(index.authors)}, "
          f"tags {len(index.tags)}, runs {args.runs}, page cache dropped before each build: "
          f"{'yes' if os.access(DROP_CACHES, os.W_OK) else 'no (not root)'}")
    print(f"papershelf build    median {ours_median:6.2f} s  runs {_runs(ours)}  "
          f"peak memory {max(peak for _, peak in ours):.0f} MB  pages {built}")
    print(f"plain mkdocs build  median {plain_median:6.2f} s  runs {_runs(plain)}  "
          f"peak memory {max(peak for _, peak in plain):.0f} MB  pages {pages}")
    print(f"ratio papershelf / plain  {ours_median / plain_median:.2f}")
    print(f"largest HTML page   {largest[1]}  {largest[0] / 1024:.0f} KB")
    print(f"published site      {sum(size for size, _ in kinds.values()) / 1e6:.0f} MB "
          f"(plain MkDocs: {plain_bytes / 1e6:.0f} MB)")
    for kind, (size, files) in sorted(kinds.items(), key=lambda item: -item[1][0]):
        print(f"  {kind:<24} {size / 1e6:7.1f} MB {files:6} files "
              f"{size / files / 1024:6.1f} KB each")
    print("first query         " + "  ".join(f"{query!r} {size / 1024:.0f} KB"
                                            for query, size in queries.items()))
    print(f"papers check        median {statistics.median(checks):.2f} s  "
          f"runs {_seconds(checks)}")
    print("targets at 10,000 papers: build < 50 s, peak memory < 600 MB, ratio <= 1.0, "
          "site <= 330 MB, a first query <= 1 MB, papers check <= 1.5 s")


def site_bytes(site: Path) -> dict[Path, int]:
    """Each file of a built site, and its size."""
    return {path: path.stat().st_size for path in site.rglob("*") if path.is_file()}


def _by_kind(site: Path) -> dict[str, tuple[int, int]]:
    """Bytes and files of a built site by kind: a section's pages (its first folder), its
    further pages (page/2/...), the other files there, and the files at the top."""
    kinds: dict[str, tuple[int, int]] = {}
    for path, size in site_bytes(site).items():
        parts = path.relative_to(site).parts
        section = parts[0] if len(parts) > 1 else "top"
        if path.name != "index.html":
            kind = f"{section} (other files)"
        else:
            kind = f"{section} pages" + (" (page 2 on)" if "page" in parts[1:-1] else "")
        total, files = kinds.get(kind, (0, 0))
        kinds[kind] = (total + size, files + 1)
    return kinds


def _runs(results: list[tuple[float, float]]) -> str:
    return _seconds([seconds for seconds, _ in results])


def _seconds(runs: list[float]) -> str:
    return " ".join(f"{seconds:.2f}" for seconds in runs)


if __name__ == "__main__":
    main()
