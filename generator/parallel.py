"""Work shared between the machine's cores: a forked process for each extra core takes a
share of the items (map_shared), or work this process need not wait for (in_background).

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

RUN = 100  # items given to the function, and their results pickled, together
Item = TypeVar("Item")
Result = TypeVar("Result")


def map_shared(function: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item],
               least: int) -> list[Result]:
    """The results of function on runs of RUN consecutive items (one result per item, in
    order), the runs split between the cores when each core gets at least `least` items
    (fewer are done sooner here than a process is started and heard from), and when this
    process runs no other thread (a fork copies none, and a lock one of them held would stay
    locked in the copy: under `mkdocs serve`, the server's)."""
    cores = min(len(os.sched_getaffinity(0)), len(items) // least)
    if cores < 2 or not _can_fork():
        return _in_runs(function, items)
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
        done = [_in_runs(function, shares[0])]
        for process, results, share in workers:
            process.join()
            # A process that died leaves its share to this one, which then fails as it did.
            done.append(_read(results, len(share)) if process.exitcode == 0
                        else _in_runs(function, share))
    return list(itertools.chain.from_iterable(done))


def in_background(function: Callable[[], None]) -> Callable[[], None]:
    """function() in a forked process on another core, and what waits for it to end; this
    process also waits for it when it exits (multiprocessing joins its children then). Here
    and now when there is no other core or no fork (see map_shared)."""
    if len(os.sched_getaffinity(0)) < 2 or not _can_fork():
        function()
        return lambda: None
    process = multiprocessing.get_context("fork").Process(target=function)
    process.start()
    return process.join


def _can_fork() -> bool:
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def _in_runs(function: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item],
            ) -> list[Result]:
    return [result for start in range(0, len(items), RUN)
            for result in function(items[start:start + RUN])]


def _write(results: IO[bytes], function: Callable[[Sequence[Item]], list[Result]],
           share: Sequence[Item]) -> None:
    for start in range(0, len(share), RUN):  # one pickle of all would hold them all
        pickle.dump(function(share[start:start + RUN]), results, protocol=pickle.HIGHEST_PROTOCOL)
    results.flush()


def _read(results: IO[bytes], count: int) -> list[Result]:
    results.seek(0)
    return [result for _ in range(0, count, RUN) for result in pickle.load(results)]
