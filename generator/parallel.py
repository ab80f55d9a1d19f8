"""Work shared between the machine's cores: a forked process for each extra core takes a
share of the items.

Forked, not spawned: the process starts in milliseconds holding everything this one has
loaded, so nothing is sent to it and only its results come back, pickled through a pipe.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

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
    for share in shares[1:]:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_send, args=(sender, function, share), daemon=True)
        process.start()
        sender.close()
        workers.append((process, receiver, share))
    done = [[function(item) for item in shares[0]]]
    for process, receiver, share in workers:
        try:
            done.append(receiver.recv())
        except EOFError:  # the process died: its share is done here, failing as it did there
            done.append([function(item) for item in share])
        process.join()
    return list(itertools.chain.from_iterable(done))


def _send(sender: Connection, function: Callable[[Item], Result], share: Sequence[Item]) -> None:
    sender.send([function(item) for item in share])
    sender.close()
