"""Work shared between the machine's cores: a forked process for each extra core takes a
share of the items.

Forked, not spawned: the process starts in milliseconds holding everything this one has
loaded, so nothing is sent to it. It writes each result to a temporary file as it goes, and
this process reads them when done with its own share: neither holds a second copy of them
all, pickled.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import pickle
import tempfile
import threading
from collections.abc import Callable, Sequence
from typing import IO, TypeVar

BATCH = 100  # results pickled together
Item = TypeVar("Item")
Result = TypeVar("Result")


def map_shared(function: Callable[[Item], Result], items: Sequence[Item], least: int,
               ) -> list[Result]:
    """[function(item) for item in items], split between the cores when each gets at least
    `least` items (fewer are done sooner here than a process is started and heard from), and
    when this process runs no other thread (a fork copies none, and a lock one of them held
    would stay locked in the copy: under `mkdocs serve`, the server's)."""
    cores = min(len(os.sched_getaffinity(0)), len(items) // least)
    if (cores < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    size = -(-len(items) // cores)
    shares = [items[start:start + size] for start in range(0, len(items), size)]
    workers = []
    with contextlib.ExitStack() as files:
        for share in shares[1:]:
            results = files.enter_context(tempfile.TemporaryFile())
            process = context.Process(target=_write, args=(results, function, share),
                                      daemon=True)
            process.start()
            workers.append((process, results, share))
        done = [[function(item) for item in shares[0]]]
        for process, results, share in workers:
            process.join()
            # A process that died leaves its share to this one, which then fails as it did.
            done.append(_read(results, len(share)) if process.exitcode == 0
                        else [function(item) for item in share])
    return list(itertools.chain.from_iterable(done))


def _write(results: IO[bytes], function: Callable[[Item], Result], share: Sequence[Item],
           ) -> None:
    for start in range(0, len(share), BATCH):  # one pickle of all would hold them all
        pickle.dump([function(item) for item in share[start:start + BATCH]], results,
                    protocol=pickle.HIGHEST_PROTOCOL)
    results.flush()


def _read(results: IO[bytes], count: int) -> list[Result]:
    results.seek(0)
    return [result for _ in range(0, count, BATCH) for result in pickle.load(results)]
