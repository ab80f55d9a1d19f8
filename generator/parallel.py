"""Work shared between the machine's cores: forked processes, one for each extra core, take
runs of the items in turn with this one (map_shared), or do work this process need not wait
for (in_background).

Forked, not spawned: the process starts in milliseconds holding everything this one has
loaded, so nothing is sent to it. It writes each run's results to a temporary file, and
tells this process where, which reads them in between its own runs.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import tempfile
import threading
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # loaded only when work is shared (with hmac, and OpenSSL: ms of every start)
    from multiprocessing.connection import Connection

RUN = 100  # items given to the function, and their results sent back, together
Item = TypeVar("Item")
Result = TypeVar("Result")


def map_shared(function: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item],
               least: int, pickled: dict[int, bytes] | None = None) -> list[Result]:
    """The results of function on runs of RUN consecutive items (one result per item, in
    order), the runs taken in turn by every core when each core gets at least `least` items
    (fewer are done sooner here than a process is started and heard from), and when this
    process runs no other thread (a fork copies none, and a lock one of them held would stay
    locked in the copy: under `mkdocs serve`, the server's).

    A process takes the next run when done with one, so that none waits for another: the
    others take longer over a run, as they pickle its results, and this process unpickles
    them between its own. `pickled`, when given, gets those pickles, by run number (a caller
    that keeps the results on disk need not pickle them again)."""
    runs = [items[start:start + RUN] for start in range(0, len(items), RUN)]
    cores = min(len(os.sched_getaffinity(0)), len(items) // least)
    if cores < 2 or not _can_fork():
        return [result for run in runs for result in function(run)]
    context = multiprocessing.get_context("fork")
    done: dict[int, list[Result]] = {}
    with contextlib.ExitStack() as files:
        # The numbers of the runs, read in turn by every process: each read moves the offset
        # they all share, at once (no shared memory or semaphore is needed).
        taken = files.enter_context(tempfile.TemporaryFile(buffering=0))
        taken.write(b"".join(number.to_bytes(4, "little") for number in range(len(runs))))
        taken.seek(0)
        heard: dict[Connection, IO[bytes]] = {}
        for _ in range(cores - 1):
            results = files.enter_context(tempfile.TemporaryFile())
            reader, writer = context.Pipe(duplex=False)
            context.Process(target=_work, args=(function, runs, taken, results, writer),
                            daemon=True).start()
            writer.close()  # the process's copy is the last: its end is this one's EOFError
            heard[reader] = results
        while (number := _take(taken)) is not None:
            done[number] = function(runs[number])
            _receive(heard, done, pickled, until_ended=False)
        _receive(heard, done, pickled, until_ended=True)
    # A run taken by a process that died is done here, and fails as it did there.
    return [result for number, run in enumerate(runs)
            for result in (done[number] if number in done else function(run))]


def _take(taken: IO[bytes]) -> int | None:
    """The number of the next run no process has taken, or None when all are."""
    number = os.read(taken.fileno(), 4)
    return int.from_bytes(number, "little") if number else None


def _work(function: Callable[[Sequence[Item]], list[Result]], runs: list[Sequence[Item]],
          taken: IO[bytes], results: IO[bytes], writer: Connection) -> None:
    """Take runs until none is left; write each one's results, then say where they are."""
    written = 0
    while (number := _take(taken)) is not None:
        data = pickle.dumps(function(runs[number]), protocol=pickle.HIGHEST_PROTOCOL)
        results.write(data)
        results.flush()
        writer.send((number, written, len(data)))
        written += len(data)


def _receive(heard: dict[Connection, IO[bytes]], done: dict[int, list[Result]],
             pickled: dict[int, bytes] | None, until_ended: bool) -> None:
    """Read the runs the other processes have written (and, until_ended, those they will
    write until they end)."""
    from multiprocessing.connection import wait

    while heard and (ready := wait(list(heard), timeout=None if until_ended else 0)):
        for reader in [reader for reader in heard if reader in ready]:
            try:
                number, start, length = reader.recv()
            except EOFError:  # it ended
                del heard[reader]
                continue
            data = os.pread(heard[reader].fileno(), length, start)
            done[number] = pickle.loads(data)
            if pickled is not None:
                pickled[number] = data


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
