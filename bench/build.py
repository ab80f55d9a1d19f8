"""Benchmark: build a synthetic list of N papers, and plain MkDocs on as many pages.

    .venv/bin/python bench/build.py N [--runs R]

Writes N papers (about N/2 distinct authors, 150 tags, abstracts of 150 to 250 words) to a
temporary folder and builds it with Papershelf, then builds the baseline: plain MkDocs +
Material (search plugin on, no navigation) with as many pages as the Papershelf site has,
each a paper-sized Markdown page (a title heading, an author line, a date and tags line, an
abstract of 150 to 250 words, a short note). Builds alternate, so machine noise hits both
sides alike. Prints, from the same run: each side's build time (median of R runs) and peak
memory (the resident memory of the build and every process it starts, summed, sampled every
20 ms), their ratio, the page count, the largest HTML page, the search index's size, the
bytes a first query fetches in Chromium (cold cache) for three queries, and the time of
`papers check` (medians of 5 runs with its cache of checked papers empty, then of 5 with
it full, on the list as just written, before any build). Builds start with that cache
empty, and, when the bench runs as root, with the kernel's page cache flushed and dropped:
on this project's machine the page cache the earlier builds filled slows each later build
more than the last (by up to a third), and the side that keeps both cores busy more than
the other.
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


def abstract(rng: random.Random) -> str:
    """150 to 250 words, in sentences of 12 to 20."""
    left, sentences = rng.randint(150, 250), []
    while left:
        length = min(left, rng.randint(12, 20))
        sentences.append(sentence(rng, length))
        left -= length
    return " ".join(sentences)


def write_list(folder: Path, count: int, rng: random.Random) -> None:
    """N synthetic papers, a 150-tag vocabulary and the live list's venues in folder."""
    folder.mkdir(parents=True)
    shutil.copy(REPO / "papers" / "venues.yml", folder / "venues.yml")
    tags = [f"topic-{number:03d}" for number in range(TAGS)]
    (folder / "tags.yml").write_text("".join(
        f"{tag}:\n  name: Topic {tag[-3:]}\n  description: {sentence(rng, 8)}\n" for tag in tags))
    names = [f"{first} {last}" for first in FIRST for last in LAST]
    rng.shuffle(names)
    people = names[: max(2, count // 2)]
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
            "abstract": abstract(rng),
        }
        (folder / f"paper-{number:05d}.md").write_text(paper_text(fields, sentence(rng, 30)))


def write_plain_project(root: Path, pages: int, rng: random.Random) -> None:
    """Plain MkDocs + Material, themed like ours, search on, no navigation: as many
    paper-sized pages (title, authors, date and tags, abstract, a short note)."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    shutil.copytree(REPO / "overrides", root / "overrides")
    for number in range(pages):
        authors = ", ".join(f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                            for _ in range(rng.randint(2, 8)))
        tags = ", ".join(f"Topic {rng.randrange(TAGS):03d}" for _ in range(rng.randint(2, 4)))
        text = (f"# {sentence(rng, rng.randint(5, 10))[:-1]}\n\n{authors}\n\n"
                f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} · "
                f"{tags}\n\n{abstract(rng)}\n\n{sentence(rng, 30)}\n")
        (docs / ("index.md" if number == 0 else f"page-{number:05d}.md")).write_text(text)
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=_ConfigLoader)
    config |= {"docs_dir": "docs", "nav": ["index.md"], "not_in_nav": "*.md", "plugins": ["search"]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config))


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
    the resident memory of that process and of every process it starts, summed. The cache
    of checked papers starts empty and there is no site folder yet, as on a fresh clone
    (MkDocs would otherwise first delete the last build's pages, in the build's time)."""
    shutil.rmtree(project / "site", ignore_errors=True)
    _drop_page_cache()
    with tempfile.TemporaryFile("w+") as errors, tempfile.TemporaryDirectory() as cache:
        process = subprocess.Popen([sys.executable, "-c", MEASURE], cwd=project, text=True,
                                   stdout=subprocess.PIPE, stderr=errors,
                                   env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(BIN),
                                        "XDG_CACHE_HOME": cache})
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


def check_seconds(folder: Path, runs: int) -> tuple[list[float], list[float]]:
    """Wall times of `papers check` on the list, as a user runs it: `runs` runs with its
    cache of checked papers empty (each as on a fresh clone), then `runs` with it full; each
    after one run left out, as hyperfine's --warmup does (the first run after the list was
    written took 1.0 to 1.7 s where the next took 0.9)."""
    def seconds(cache: str) -> float:
        start = time.perf_counter()
        subprocess.run([BIN / "papers", "check", folder], check=True, capture_output=True,
                       env={"PATH": str(BIN), "XDG_CACHE_HOME": cache})
        return time.perf_counter() - start

    os.sync()  # the list's files written out first: the disk's writeback would share the CPU
    time.sleep(2)
    empty = []
    for _ in range(runs + 1):
        with tempfile.TemporaryDirectory() as cache:
            empty.append(seconds(cache))
    with tempfile.TemporaryDirectory() as cache:
        seconds(cache)
        return empty[1:], [seconds(cache) for _ in range(runs)]


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
    args = parser.parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        write_list(temp / "list", args.papers, rng)
        make_papershelf_project(temp / "papershelf", temp / "list")
        # Timed first, as a user's check runs: not beside this process once it holds the
        # list's index and pages (timed there at 10,000 papers, the checks took 1.01 to 1.08 s,
        # and 0.86 to 0.91 s on the same list run alone later).
        cold, warm = check_seconds(temp / "papershelf" / "papers", 5)
        index, problems = check_list(temp / "papershelf" / "papers")
        assert not problems, problems[0].format()
        pages = len(render_pages(index, read_site(temp / "papershelf" / "mkdocs.yml")))
        write_plain_project(temp / "plain", pages, rng)
        ours, plain = [], []
        for _ in range(args.runs):
            ours.append(build(temp / "papershelf"))
            plain.append(build(temp / "plain"))
        site = temp / "papershelf" / "site"
        built = sum(1 for _ in site.rglob("index.html"))
        largest = max((path.stat().st_size, path.relative_to(site).as_posix())
                      for path in site.rglob("*.html"))
        search = [path.stat().st_size for path in (site / "pagefind").rglob("*") if path.is_file()]
        prolific = max(index.authors, key=lambda author: len(author.papers))
        queries = first_query_bytes(site, [index.tags[42 % len(index.tags)][0].name,
                                           prolific.name.split()[-1], "transformer"])
    ours_median = statistics.median(seconds for seconds, _ in ours)
    plain_median = statistics.median(seconds for seconds, _ in plain)
    print(f"papers {args.papers}, authors {len(index.authors)}, tags {len(index.tags)}, "
          f"runs {args.runs}, page cache dropped before each build: "
          f"{'yes' if os.access(DROP_CACHES, os.W_OK) else 'no (not root)'}")
    print(f"papershelf build    median {ours_median:6.2f} s  runs {_runs(ours)}  "
          f"peak memory {max(peak for _, peak in ours):.0f} MB  pages {built}")
    print(f"plain mkdocs build  median {plain_median:6.2f} s  runs {_runs(plain)}  "
          f"peak memory {max(peak for _, peak in plain):.0f} MB  pages {pages}")
    print(f"ratio papershelf / plain  {ours_median / plain_median:.2f}")
    print(f"largest HTML page   {largest[1]}  {largest[0] / 1024:.0f} KB")
    print(f"search index        {sum(search) / 2**20:.1f} MB in {len(search)} files")
    print("first query         " + "  ".join(f"{query!r} {size / 1024:.0f} KB"
                                            for query, size in queries.items()))
    print(f"papers check        median {statistics.median(cold):.2f} s with the cache empty  "
          f"runs {_seconds(cold)}")
    print(f"                    median {statistics.median(warm):.2f} s with it full  "
          f"runs {_seconds(warm)}")
    print("targets at 10,000 papers: build < 50 s, peak memory < 600 MB, ratio <= 1.0, no page "
          "over 300 KB, a first query <= 1 MB, papers check <= 1 s")


def _runs(results: list[tuple[float, float]]) -> str:
    return _seconds([seconds for seconds, _ in results])


def _seconds(runs: list[float]) -> str:
    return " ".join(f"{seconds:.2f}" for seconds in runs)


if __name__ == "__main__":
    main()
