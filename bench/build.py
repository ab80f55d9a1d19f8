"""Benchmark: build a synthetic list of N papers, and plain MkDocs on as many pages.

    .venv/bin/python bench/build.py N [--runs R]

Writes N papers (about N/2 distinct authors, 150 tags, abstracts of 150 to 250 words) to a
temporary folder, then prints, from the same run: the Papershelf build time (median of R
runs), its page count and peak memory; the time of plain MkDocs + Material (search on,
no navigation) building the same number of plain Markdown pages of the same sizes; the
ratio of the two medians (what the generator costs on top of MkDocs); and the time of
`papers check` on the list. Builds alternate, so machine noise hits both sides alike.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from generator.canonical import paper_text
from generator.index import check_list
from generator.model import Site
from generator.render import render_pages

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
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
        abstract = " ".join(sentence(rng, rng.randint(12, 20)) for _ in range(rng.randint(10, 14)))
        fields = {
            "title": f"{sentence(rng, rng.randint(5, 10))[:-1]} ({number})",
            "authors": rng.sample(people, rng.randint(2, 8)),
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "venue": rng.choice(["NeurIPS", "ICML", "ICLR", "CVPR", "ACL"]) + f" {year}",
            "arxiv": f"{year % 100:02d}{rng.randint(1, 12):02d}.{number:05d}",
            "links": {"code": f"https://github.com/example/paper-{number}"},
            "tags": rng.sample(tags, rng.randint(2, 4)),
            "abstract": abstract,
        }
        (folder / f"paper-{number:05d}.md").write_text(paper_text(fields, sentence(rng, 30)))


def write_plain_project(root: Path, sizes: list[int], rng: random.Random) -> None:
    """Plain MkDocs + Material, themed like ours: one Markdown page per size, no navigation."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    shutil.copytree(REPO / "overrides", root / "overrides")
    for number, size in enumerate(sizes):
        name = "index.md" if number == 0 else f"page-{number:05d}.md"
        text = f"# Page {number}\n\n"
        while len(text) < size:
            text += (f"## {sentence(rng, 3)[:-1]}\n\n" if rng.random() < 0.15
                     else sentence(rng, 40) + "\n\n")
        (docs / name).write_text(text)
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
import resource, runpy, sys, time
sys.argv = ["mkdocs", "build", "--quiet"]
start = time.perf_counter()
try:
    runpy.run_module("mkdocs", run_name="__main__")
except SystemExit as exit:
    if exit.code:
        raise
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def build(project: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one `mkdocs build` of a project, in a fresh process."""
    result = subprocess.run([sys.executable, "-c", MEASURE], cwd=project, capture_output=True,
                            text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(BIN)})
    if result.returncode:
        sys.exit(f"build failed in {project}:\n{result.stderr}")
    seconds, peak_kb = result.stdout.split()
    return float(seconds), int(peak_kb) / 1024


def check_seconds(folder: Path) -> float:
    """Wall time of `papers check` on the list, as a user runs it."""
    command = f"import subprocess, time; t = time.perf_counter(); " \
              f"subprocess.run([{str(BIN / 'papers')!r}, 'check', {str(folder)!r}], check=True, " \
              f"capture_output=True); print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", command], capture_output=True, text=True,
                                check=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("papers", type=int)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        write_list(temp / "list", args.papers, rng)
        index, problems = check_list(temp / "list")
        assert not problems, problems[0].format()
        sizes = [len(page.inline(page.text))
                 for page in render_pages(index, Site("https://example.org/", "Bench"))]
        make_papershelf_project(temp / "papershelf", temp / "list")
        write_plain_project(temp / "plain", sizes, rng)
        ours, plain, checks = [], [], []
        for _ in range(args.runs):
            ours.append(build(temp / "papershelf"))
            plain.append(build(temp / "plain"))
            checks.append(check_seconds(temp / "papershelf" / "papers"))
        pages = sum(1 for _ in (temp / "papershelf" / "site").rglob("index.html"))
    ours_median = statistics.median(seconds for seconds, _ in ours)
    plain_median = statistics.median(seconds for seconds, _ in plain)
    print(f"papers: {args.papers}, authors: {len(index.authors)}, tags: {len(index.tags)}, "
          f"runs: {args.runs}")
    print(f"papershelf build:  median {ours_median:6.2f} s  runs {_runs(ours)}  pages {pages}  "
          f"peak memory {max(peak for _, peak in ours):.0f} MB")
    print(f"plain mkdocs build: median {plain_median:6.2f} s  runs {_runs(plain)}  "
          f"pages {len(sizes)}  peak memory {max(peak for _, peak in plain):.0f} MB")
    print(f"ratio papershelf / plain: {ours_median / plain_median:.2f}  "
          "(target at N = 2000: <= 1.3)")
    print(f"papers check: median {statistics.median(checks):.2f} s  runs "
          f"{' '.join(f'{s:.2f}' for s in checks)}  (target at N = 2000: < 2 s)")


def _runs(results: list[tuple[float, float]]) -> str:
    return " ".join(f"{seconds:.2f}" for seconds, _ in results)


if __name__ == "__main__":
    main()
