"""The papers checked by earlier runs, by file and content: `papers check` and the build
check again only the files that changed (at 10,000 papers, reading YAML and checking every
field takes seconds; looking up a file's content takes microseconds).

Kept in the user's cache folder, one file per list folder, never in the repository, where a
pull request could plant one: unpickling runs code. A change to the tag or venue
vocabulary, the generator's code or the libraries it reads with throws it all away.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from generator.model import Paper, Problem
from generator.parallel import RUN, in_background, map_shared

_CODE = Path(__file__).parent
_LIBRARIES = ("yaml", "markdown", "nh3", "pymdownx")
Checked = tuple[Paper | None, list[Problem]]
Key = tuple[str, bytes]  # a file's path, and a hash of its content
_READ = 16 * 1024  # bytes read at a time: a paper file fits (asking for far more costs time)
PER_CORE = 1000  # paper files, below which another process costs more than it saves
_SAVING: dict[Path, Callable[[], None]] = {}  # per cache file, what waits for its writing


def cache_home() -> Path:
    """Where caches live: $XDG_CACHE_HOME/papershelf, else ~/.cache/papershelf."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "papershelf"


@dataclass
class CheckedPapers:
    """The checked papers of the last run of one list folder, and those of this run.

    The file holds the stamp, then runs of (key, checked) pairs, each pickled on its own: the
    runs other processes checked are kept as they sent them (at 10,000 papers, pickling all
    the results again took 0.15 s, and the check waited for it)."""

    file: Path
    stamp: bytes  # what the results depend on besides the paper file itself
    known: dict[Key, Checked]
    used: dict[Key, Checked] = field(default_factory=dict)
    # This run's lookups in file order (None: known already), and the runs of them that other
    # processes checked, as they pickled them: what the file is written from.
    looked_up: list[tuple[Key, Checked | None]] = field(default_factory=list)
    pickled: dict[int, bytes] = field(default_factory=dict)

    @classmethod
    def open(cls, folder: Path, vocabularies: bytes) -> CheckedPapers:
        """The cache of a list folder, empty unless made with the same vocabularies, code
        and libraries."""
        name = hashlib.blake2b(str(folder.resolve()).encode(), digest_size=12).hexdigest()
        file, stamp = cache_home() / f"checked-{name}.pickle", _stamp(vocabularies)
        _SAVING.pop(file, lambda: None)()  # a run in this process is still writing it
        known: dict[Key, Checked] = {}
        try:
            with file.open("rb") as stream:
                if pickle.load(stream) == stamp:
                    while stream.peek(1):
                        known.update(pickle.load(stream))
        except Exception:  # none yet, or unreadable: every file is checked
            return cls(file, stamp, {})
        return cls(file, stamp, known)

    def check(self, folder: Path, names: list[str], check: Callable[[Path, bytes], Checked],
              ) -> list[Checked]:
        """The paper in each file of the folder and its problems: as checked before, or
        checked now (on every core when they are many)."""
        self.looked_up = map_shared(partial(self._look_up, check, folder), names,
                                    least=PER_CORE, pickled=self.pickled)
        for key, checked in self.looked_up:
            self.used[key] = self.known[key] if checked is None else checked
        return [self.used[key] for key, _ in self.looked_up]

    def _look_up(self, check: Callable[[Path, bytes], Checked], folder: Path,
                 names: Sequence[str]) -> list[tuple[Key, Checked | None]]:
        """Each file's key, and what checking it gives unless that is known already. The files
        are all read before any is checked: reading one between checks makes the checks 10%
        slower (at 10,000 papers, 0.06 s of each core's share). Their paths are made here,
        each by the process that checks it (the others' come back with their papers)."""
        paths = [folder / name for name in names]
        read = [(path, _read_bytes(path)) for path in paths]
        # SHA-256 runs on the processor's own instructions: 1.8 µs a paper file, BLAKE2's 3.1.
        keys = [(str(path), hashlib.sha256(data).digest()) for path, data in read]
        return [(key, None if key in self.known else check(path, data))
                for key, (path, data) in zip(keys, read, strict=True)]

    def save(self) -> None:
        """Keep this run's results for the next, if they differ from the last run's, written
        on another core while this one goes on."""
        if self.used.keys() != self.known.keys():
            _SAVING[self.file] = in_background(self._write)
        self.looked_up, self.pickled = [], {}

    def _write(self) -> None:
        """Replace the cache file; a folder that cannot be written to only makes the next run
        slower."""
        part = self.file.with_name(f"{self.file.name}.{os.getpid()}.part")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            with part.open("wb") as stream:
                pickle.dump(self.stamp, stream, protocol=pickle.HIGHEST_PROTOCOL)
                for number, start in enumerate(range(0, len(self.looked_up), RUN)):
                    run = self.looked_up[start:start + RUN]
                    whole = all(checked is not None for _, checked in run)
                    stream.write(self.pickled[number] if whole and number in self.pickled
                                 else pickle.dumps([(key, self.used[key]) for key, _ in run],
                                                   protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(part, self.file)  # whole or not at all, for a run reading it meanwhile
        except OSError:
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)


def wait_for_saving() -> None:
    """Return when every cache this process is saving is written."""
    while _SAVING:
        _SAVING.popitem()[1]()


def _read_bytes(path: Path) -> bytes:
    """A file's bytes, read with the system's calls: Path.read_bytes makes a file object and
    asks the file's size first (10,000 paper files: 7.0 µs each, not 9.4)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        parts = []
        while part := os.read(descriptor, _READ):
            parts.append(part)
        return b"".join(parts)
    finally:
        os.close(descriptor)


def _stamp(vocabularies: bytes) -> bytes:
    digest = hashlib.blake2b(vocabularies, digest_size=16)
    for source in sorted(_CODE.glob("*.py")):
        digest.update(source.read_bytes())
    for library in _LIBRARIES:
        # An install writes the files anew: a change of version changes when they were written.
        # (importlib.metadata takes 20 ms to load: a fifth of starting the command.)
        spec = importlib.util.find_spec(library)
        found = os.stat(spec.origin) if spec and spec.origin else None
        digest.update(f"{library} {found and (found.st_size, found.st_mtime_ns)}".encode())
    digest.update(sys.version.encode())
    return digest.digest()
