"""Every path that uses more than one process works under `spawn`, the start method of
macOS and Windows (and the one Papershelf asks for everywhere), and gives what one process
gives."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, VALID, write_paper

from generator.load import load_list

# Run as a program of its own: spawn starts each process anew from the program's files,
# so the test's own imports and patches cannot help it.
CHECK_ON_TWO_CORES = """
import sys
from pathlib import Path
from generator import load

given = []
class Counting(load.ProcessPoolExecutor):
    def submit(self, function, paths, *args):
        given.extend(paths)
        return super().submit(function, paths, *args)

load.ProcessPoolExecutor, load.PER_PROCESS, load._cores = Counting, 2, lambda: 2
reading_list = load.load_list(Path(sys.argv[1]))
print(len(given))
print(repr(reading_list.papers))
print(repr(reading_list.problems))
"""


def test_a_list_checked_on_two_cores_under_spawn_is_the_list_checked_here(folder):
    for number in range(4):
        write_paper(folder, f"paper-{number}.md", VALID.replace("A Valid", f"Paper {number}"))
    write_paper(folder, "bad-date.md", VALID.replace("2020-01-02", "2020-13-01"))
    write_paper(folder, "twice.md", VALID.replace("A Valid", "Paper 3"))
    result = subprocess.run([sys.executable, "-c", CHECK_ON_TWO_CORES, str(folder)], cwd=REPO,
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    checked_elsewhere, papers, problems = result.stdout.splitlines()
    here = load_list(folder)
    assert int(checked_elsewhere) == 3, "another process checks one share of the six files"
    assert (papers, problems) == (repr(here.papers), repr(here.problems))
    assert len(here.papers) == 5 and any("'date'" in str(p) for p in here.problems)

