"""The numbers behind related papers: each text's best matches, blended with shared facts.

Texts are compared by the cosine of their tf-idf vectors (scikit-learn); a list longer than
DIMENSIONS is first reduced to that many dimensions (latent semantic analysis), so that
comparing every paper with every other costs papers² x DIMENSIONS, not papers² x words.
Scores are made a block of ROWS rows at a time and only each row's best are kept: no
papers x papers matrix is ever held.

related.py runs it as `python -m generator.similarity`, in a process of its own.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

import numpy as np
import scipy.sparse
from numpy.typing import NDArray
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

DIMENSIONS = 256
ROWS = 256  # a block of ROWS x papers scores: 10 MB at 10,000 papers
DECIMALS = 5  # scores are rounded, so that last-bit float noise never reorders a tie

Facts = Sequence[tuple[str, float]]  # a paper's facts (a tag, an author), each with a weight
Matches = list[tuple[int, float]]  # a paper's best matches: (its row, their text's cosine)


def best_matches(texts: Sequence[str], facts: Sequence[Facts], count: int) -> list[Matches]:
    """For each text, the rows of the `count` others scoring highest above 0, best first,
    ties by row. A score is the texts' cosine plus, for each fact both rows hold, the
    product of its two weights."""
    # One thread: the same sums in the same order on every machine; the other core is
    # busy with the search index.
    with threadpool_limits(limits=1):
        vectors, shared = text_vectors(texts), fact_vectors(facts)
        return [matches for start in range(0, len(texts), ROWS)
                for matches in _block(vectors, shared, start, count)]


def text_vectors(texts: Sequence[str]) -> NDArray[np.float32]:
    """A unit vector per text, from its tf-idf; reduced to DIMENSIONS for a long list."""
    try:
        counts = TfidfVectorizer(stop_words="english", sublinear_tf=True,
                                 dtype=np.float32).fit_transform(texts)
    except ValueError:  # no text holds a word that is not a stop word
        return np.zeros((len(texts), 1), dtype=np.float32)
    if min(counts.shape) <= DIMENSIONS:
        return np.asarray(counts.toarray(), dtype=np.float32)
    reduced = TruncatedSVD(DIMENSIONS, random_state=0).fit_transform(counts)
    return np.asarray(normalize(reduced), dtype=np.float32)


def fact_vectors(facts: Sequence[Facts]) -> scipy.sparse.csr_matrix:
    """A sparse row per paper, a column per fact: dot products sum the shared facts."""
    columns: dict[str, int] = {}
    rows, cols, values = [], [], []
    for row, held in enumerate(facts):
        for fact, weight in held:
            rows.append(row)
            cols.append(columns.setdefault(fact, len(columns)))
            values.append(weight)
    return scipy.sparse.csr_matrix((np.asarray(values, dtype=np.float32), (rows, cols)),
                                   shape=(len(facts), max(1, len(columns))))


def _block(vectors: NDArray[np.float32], shared: scipy.sparse.csr_matrix, start: int,
           count: int) -> list[Matches]:
    """The best matches of rows start to start + ROWS."""
    end = min(start + ROWS, vectors.shape[0])
    scores = vectors[start:end] @ vectors.T
    scores += (shared[start:end] @ shared.T).toarray()
    scores = np.round(scores, DECIMALS)
    scores[np.arange(end - start), np.arange(start, end)] = -np.inf  # not itself
    return [[(column, float(vectors[row] @ vectors[column]))
             for column in _top(scores[row - start], count)]
            for row in range(start, end)]


def _top(scores: NDArray[np.float32], count: int) -> list[int]:
    """The columns of the `count` highest scores above 0, highest first, ties by column."""
    floor = np.float32(10 ** -DECIMALS)
    if scores.shape[0] > count:
        floor = max(floor, -np.partition(-scores, count - 1)[count - 1])
    candidates = np.flatnonzero(scores >= floor)
    order = np.lexsort((candidates, -scores[candidates]))
    return [int(column) for column in candidates[order][:count]]


def main() -> None:
    """Best matches as a command: texts, facts and a count as JSON on a line of stdin; the
    matches as JSON on stdout."""
    request = json.loads(sys.stdin.readline())
    # dumps, not dump: the answer is encoded whole, then written at once.
    sys.stdout.write(json.dumps(best_matches(request["texts"], request["facts"],
                                             request["count"])))


if __name__ == "__main__":
    main()
