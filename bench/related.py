"""Benchmark: related papers by tf-idf (scikit-learn, what the site uses) against static
embeddings (wordllama, when installed), on the seed list and a synthetic list.

    .venv/bin/python bench/related.py [N] [--runs R]
    (.venv/bin/pip install wordllama==0.4.0.post1 to compare; the site does not need it)

Each run is a fresh process per method and list, which loads the papers, then measures
three stages: importing the text library, making the text vectors, and scoring every paper
against every other (generator/similarity.py's blocks, the same for both methods). Prints
the median seconds of each stage, the peak memory each adds (VmHWM over the resident
memory before it, the peak reset between stages), each method's installed size, and on
the seed list how often a related paper shares a tag with its paper (text alone, and
blended with tags, authors and venue), and its related papers for a few papers to read.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
METHODS = ("tfidf", "wordllama")
SHOWN = ("probing-the-representational-power-of-sparse",
         "hovle-unleashing-the-power-of-monolithic-vision",
         "starbucks-improved-training-for-2d-matryoshka", "attention-is-all-you-need",
         "hydra-bidirectional-state-space-models-through")
# The packages each method installs beyond the site's others (numpy for both).
PACKAGES = {"tfidf": ("scikit-learn", "scipy", "numpy", "joblib", "threadpoolctl", "narwhals"),
            "wordllama": ("wordllama", "tokenizers", "safetensors", "numpy", "huggingface-hub",
                          "hf-xet", "pydantic", "pydantic-core", "requests", "toml")}


def _memory(key: str) -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(key + r":\s+(\d+)", status)[1]) / 1024


def _stage(run, results: dict, name: str):
    """Run a stage: its seconds and the peak memory it adds, into results[name]."""
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM starts again from VmRSS
    before, start = _memory("VmRSS"), time.perf_counter()
    value = run()
    results[name] = (time.perf_counter() - start, _memory("VmHWM") - before)
    return value


def _tfidf_vectors(texts):
    from generator.similarity import text_vectors
    return text_vectors(texts)


def _wordllama_vectors(texts):
    """wordllama's own inference on the files its wheel ships. WordLlama.load looks for the
    tokenizer in wordllama/tokenizer/, not tokenizers/ where the wheel has it, and would
    download it: the files are read here as load would."""
    import numpy as np
    import wordllama
    from safetensors import safe_open
    from tokenizers import Tokenizer

    root = Path(wordllama.__file__).parent
    with safe_open(str(root / "weights" / "l2_supercat_256.safetensors"), framework="np") as f:
        weights = f.get_tensor("embedding.weight")
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    vectors = wordllama.WordLlamaInference(weights, tokenizer).embed(list(texts), norm=True)
    vectors -= vectors.mean(axis=0)  # centred: raw mean-pooled vectors are all alike
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


IMPORTS = {"tfidf": "import sklearn.feature_extraction.text, sklearn.decomposition",
           "wordllama": "import wordllama, tokenizers, safetensors"}


def worker(method: str, request: Path) -> None:
    """One run: the stages' seconds and added MB, and the matches, as JSON on stdout."""
    from threadpoolctl import threadpool_limits

    data = json.loads(request.read_text())
    results: dict[str, tuple[float, float]] = {}
    _stage(lambda: exec(IMPORTS[method]), results, "import")
    make = _tfidf_vectors if method == "tfidf" else _wordllama_vectors
    with threadpool_limits(limits=1):  # as similarity.best_matches runs
        vectors = _stage(lambda: make(data["texts"]), results, "vectors")
        from generator.similarity import ROWS, _block, fact_vectors
        matches = _stage(lambda: [found for start in range(0, len(vectors), ROWS)
                                  for found in _block(vectors, fact_vectors(data["facts"]),
                                                      start, 5)], results, "scoring")
        alone = [found for start in range(0, len(vectors), ROWS)
                 for found in _block(vectors, fact_vectors([[]] * len(vectors)), start, 5)]
    print(json.dumps({"stages": results, "matches": matches, "text_alone": alone}))


def _request(folder: Path, path: Path) -> list:
    """Write a list's texts and facts for the workers; the papers, by slug."""
    from generator.index import check_list
    from generator.related import _facts

    index = check_list(folder)[0]
    ordered = sorted(index.papers, key=lambda paper: paper.slug)
    path.write_text(json.dumps({
        "texts": [f"{paper.title}\n{paper.abstract}\n{paper.notes}" for paper in ordered],
        "facts": [_facts(paper, index.author_of) for paper in ordered]}))
    return ordered


def _run(method: str, request: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--worker", method, str(request)],
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{method} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def _installed_mb(method: str) -> float:
    total = 0
    for name in PACKAGES[method]:
        try:
            files = metadata.distribution(name).files or []
        except metadata.PackageNotFoundError:
            continue
        total += sum(Path(file.locate()).stat().st_size for file in files
                     if Path(file.locate()).is_file())
    return total / 2**20


def _agreement(papers, matches) -> float:
    """How often a related paper shares a tag with its paper."""
    pairs = [(papers[row], papers[other]) for row, found in enumerate(matches)
             for other, _ in found]
    return sum(bool(set(a.tags) & set(b.tags)) for a, b in pairs) / max(1, len(pairs))


def _report(name: str, papers, runs: dict[str, list[dict]]) -> None:
    print(f"\n{name}: {len(papers)} papers, {len(next(iter(runs.values())))} runs, medians")
    for method, results in runs.items():
        stages = {stage: [result["stages"][stage] for result in results]
                  for stage in ("import", "vectors", "scoring")}
        cells = [f"{stage} {statistics.median(s for s, _ in values):5.2f} s "
                 f"+{max(mb for _, mb in values):4.0f} MB" for stage, values in stages.items()]
        total = statistics.median(sum(result["stages"][stage][0] for stage in stages)
                                  for result in results)
        line = f"  {method:9}  " + "   ".join(cells) + f"   total {total:5.2f} s"
        if name == "seed":
            alone, blended = (_agreement(papers, results[0][key])
                              for key in ("text_alone", "matches"))
            line += f"   shares a tag: text alone {alone:.0%}, blended {blended:.0%}"
        print(line)
    if name == "seed":
        _show(papers, runs)


def _show(papers, runs: dict[str, list[dict]]) -> None:
    slugs = [paper.slug for paper in papers]
    for slug in (slug for slug in SHOWN if slug in slugs):
        print(f"\n  {slug}")
        for method, results in runs.items():
            found = results[0]["matches"][slugs.index(slug)]
            print(f"    {method:9}  " + ", ".join(papers[row].slug[:28] for row, _ in found))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("papers", type=int, nargs="?", default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker[0], Path(args.worker[1]))
    from build import write_list

    methods = [method for method in METHODS if method == "tfidf" or _has(method)]
    if len(methods) == 1:
        print("wordllama is not installed: tf-idf alone (see the docstring)")
    print("installed size  " + "  ".join(f"{m} {_installed_mb(m):.0f} MB" for m in methods))
    with tempfile.TemporaryDirectory() as temp:
        write_list(Path(temp) / "list", args.papers, random.Random(2026))
        for name, folder in (("seed", REPO / "papers"), ("synthetic", Path(temp) / "list")):
            request = Path(temp) / f"{name}.json"
            papers = _request(folder, request)
            runs = {method: [] for method in methods}
            for _ in range(args.runs):  # alternating, so that machine noise hits both alike
                for method in methods:
                    runs[method].append(_run(method, request))
            _report(name, papers, runs)
    print("\ntarget at 10,000 papers: at most 10 s and 400 MB added to the build")


def _has(module: str) -> bool:
    from importlib.util import find_spec
    return find_spec(module) is not None


if __name__ == "__main__":
    main()
