"""The checked-papers cache: a second `papers check` reads again only what changed, and
says exactly what the first said."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Callable

from conftest import VALID, papers, write_paper

from generator import cache, load, parallel
from generator.cache import PER_CORE, wait_for_saving
from generator.load import check_paper, load_list


def check(folder) -> tuple[int, str, str]:
    """`papers check` with a cache of the test's own, beside the repository."""
    home = cache_home(folder)
    result = papers("check", cwd=folder.parent, env={"XDG_CACHE_HOME": str(home)})
    return result.returncode, result.stdout, result.stderr


def cache_home(folder):
    """A cache folder for the test alone, beside its repository (not in it)."""
    return folder.parent.with_name(folder.parent.name + "-cache")


def cache_files(folder):
    return sorted(path.relative_to(cache_home(folder)).as_posix()
                  for path in cache_home(folder).rglob("*") if path.is_file())


def test_a_second_check_says_what_the_first_said_and_the_cache_stays_out_of_the_list(folder):
    write_paper(folder, "good.md", VALID)
    write_paper(folder, "no-abstract.md", VALID.replace("abstract: An abstract.\n", "")
                .replace("A Valid", "Another"))
    write_paper(folder, "bad-date.md", VALID.replace("2020-01-02", "2020-13-01")
                .replace("A Valid", "A Third"))
    before = sorted(folder.parent.rglob("*"))
    first = check(folder)
    assert first[0] == 1 and "papers/bad-date.md:4: 'date'" in first[1]
    assert "papers/no-abstract.md:1: warning:" in first[1]
    [cache] = cache_files(folder)
    assert cache.startswith("papershelf/checked-") and cache.endswith(".pickle")
    assert check(folder) == first
    assert sorted(folder.parent.rglob("*")) == before


def test_a_paper_changed_after_a_check_is_checked_again(folder):
    path = write_paper(folder, "good.md", VALID)
    assert check(folder)[0] == 0
    path.write_text(path.read_text().replace("2020-01-02", "2020-02-31"))
    code, out, _ = check(folder)
    assert code == 1 and "papers/good.md:4: 'date'" in out
    path.write_text(path.read_text().replace("2020-02-31", "2020-02-28"))
    assert check(folder)[0] == 0


def test_a_changed_vocabulary_checks_every_paper_again(folder):
    write_paper(folder, "good.md", VALID)
    assert check(folder)[0] == 0
    tags = folder / "tags.yml"
    tags.write_text(tags.read_text().replace("vision:", "pictures:"))
    code, out, _ = check(folder)
    assert code == 1 and "papers/good.md:5: 'tags': unknown tag 'vision'" in out


def test_a_library_installed_anew_checks_every_paper_again(folder, tmp_path, monkeypatch):
    library = tmp_path / "site" / "some_library" / "__init__.py"
    library.parent.mkdir(parents=True)
    library.write_text("version = 1\n")
    monkeypatch.syspath_prepend(library.parent.parent)
    monkeypatch.setattr(cache, "_LIBRARIES", ("yaml", "some_library"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home(folder)))
    checked = []
    monkeypatch.setattr(load, "check_paper", lambda path, *rest, **vocabularies: checked.append(
        path.name) or check_paper(path, *rest, **vocabularies))
    write_paper(folder, "good.md", VALID)
    runs = []
    for reinstall in (False, False, True):
        if reinstall:  # same size, written again
            library.write_text("version = 2\n")
        checked.clear()
        assert load_list(folder).papers
        wait_for_saving()
        runs.append(list(checked))
    assert runs == [["good.md"], [], ["good.md"]]


def read_cache(file) -> tuple[bytes, dict]:
    """A cache file's stamp, and its checked papers by key (its runs one after another)."""
    known = {}
    with file.open("rb") as stream:
        stamp = pickle.load(stream)
        while stream.peek(1):
            known.update(pickle.load(stream))
    return stamp, known


def test_a_broken_cache_or_one_of_another_stamp_is_not_trusted(folder):
    path = write_paper(folder, "good.md", VALID)
    assert check(folder)[0] == 0
    [name] = cache_files(folder)
    cache = cache_home(folder) / name
    stamp, known = read_cache(cache)
    [good] = known.values()
    path.write_text(path.read_text().replace("[vision]", "[nonsense]"))
    assert check(folder)[0] == 1
    # The cache now says what the changed file holds; made to say it holds the good paper,
    # it is believed with the right stamp (what the forgery needs), and not with another.
    [bad_key] = read_cache(cache)[1]
    for kept_stamp, code in ((stamp, 0), (b"another stamp", 1)):
        cache.write_bytes(pickle.dumps(kept_stamp) + pickle.dumps([(bad_key, good)]))
        assert check(folder)[0] == code
    cache.write_bytes(pickle.dumps(stamp) + b"not a pickle")
    assert check(folder)[0] == 1


def test_a_cache_folder_that_cannot_be_written_only_costs_time(folder, tmp_path):
    write_paper(folder, "good.md", VALID)
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    result = papers("check", cwd=folder.parent, env={"XDG_CACHE_HOME": str(blocked)})
    assert (result.returncode, result.stdout) == (0, "")


def test_a_long_list_checked_on_two_cores_gives_what_one_core_gives(folder, monkeypatch):
    for number in range(2 * PER_CORE + 1):
        text = VALID.replace("A Valid Paper", f"Paper {number}")
        if number % 97 == 0:
            text = text.replace("2020-01-02", "2020-13-01")
        if number % 89 == 0:
            text = text.replace("abstract: An abstract.\n", "")
        write_paper(folder, f"paper-{number:04d}.md", text)
    slugs, problems = on_one_and_two_cores(folder, monkeypatch)
    assert len(slugs) == 2 * PER_CORE + 1 - len(range(0, 2 * PER_CORE + 1, 97))
    assert len([problem for problem in problems if "'date'" in problem]) == 21
    assert len([problem for problem in problems if "'abstract'" in problem]) == 23
    # Again with the caches full and two papers changed, one in each core's share: those
    # two are checked again, the others taken from the cache.
    changed = (1, 2 * PER_CORE - 1)
    for number in changed:
        path = folder / f"paper-{number:04d}.md"
        path.write_text(path.read_text().replace("2020-01-02", "2020-02-30"))
    slugs_now, problems_now = on_one_and_two_cores(folder, monkeypatch)
    assert slugs_now == [slug for slug in slugs
                         if slug not in [f"paper-{number:04d}" for number in changed]]
    assert [problem for problem in problems_now if problem not in problems] == [
        f"papers/paper-{number:04d}.md:4: 'date': '2020-02-30' is not a real date"
        for number in changed]


def on_one_and_two_cores(folder, monkeypatch) -> tuple[list[str], list[str]]:
    """The slugs of a list's valid papers and its problems, as load_list gives them on one
    core and on two (each with a cache of its own, kept from the last call): the same."""
    runs, kept = {}, {}
    for cores in (1, 2):
        monkeypatch.setenv("XDG_CACHE_HOME", str(folder.parent / f"cache-{cores}"))
        shared_between(monkeypatch, cores)
        found = load_list(folder)
        wait_for_saving()
        runs[cores] = ([paper.slug for paper in found.papers],
                       [problem.format(folder.parent) for problem in found.problems])
        [file] = (folder.parent / f"cache-{cores}").rglob("*.pickle")
        kept[cores] = read_cache(file)
    assert runs[2] == runs[1]
    # The other process's runs are kept as it sent them: the same cache, paper for paper.
    assert kept[2] == kept[1] and len(kept[1][1]) == 2 * PER_CORE + 1
    return runs[1]


def shared_between(monkeypatch, cores):
    """map_shared as on a machine of `cores` cores, whatever threads earlier tests left."""
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _: set(range(cores)))
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)


def taking_turns(monkeypatch, folder, cores: int) -> Callable[[list[int]], list[tuple[int, int]]]:
    """A function of runs of 3 items, on `cores` cores: each process writes down its runs, and
    waits in its first until every process has taken one (else the first to start could take
    them all)."""
    shared_between(monkeypatch, cores)
    monkeypatch.setattr(parallel, "RUN", 3)

    def function(run):
        (folder / f"{os.getpid()}-{run[0]}").touch()
        for _ in range(1000):
            if len({name.name.split("-")[0] for name in folder.iterdir()}) == cores:
                break
            time.sleep(0.01)
        return [(item * item, os.getpid()) for item in run]
    return function


def test_runs_taken_in_turn_by_every_core_come_back_in_order(monkeypatch, tmp_path):
    items = list(range(30))
    pickled = {}
    found = parallel.map_shared(taking_turns(monkeypatch, tmp_path, 3), items, least=10,
                                pickled=pickled)
    assert [square for square, _ in found] == [item * item for item in items]
    assert len({pid for _, pid in found}) == 3
    # Each process was given whole runs of RUN items, and no run was done twice.
    runs = sorted(int(name.name.split("-")[1]) for name in tmp_path.iterdir())
    assert runs == list(range(0, 30, 3))
    assert all(len({pid for _, pid in found[start:start + 3]}) == 1 for start in runs)
    # The runs the other processes did come pickled too, as they sent them.
    elsewhere = [start // 3 for start in runs if found[start][1] != os.getpid()]
    assert sorted(pickled) == elsewhere and elsewhere
    assert all(pickle.loads(pickled[number]) == found[3 * number:3 * number + 3]
               for number in elsewhere)


def test_too_few_items_for_each_core_are_done_here(monkeypatch):
    shared_between(monkeypatch, 3)
    assert parallel.map_shared(lambda run: [os.getpid()] * len(run), list(range(30)),
                               least=16) == [os.getpid()] * 30


def test_a_run_whose_process_dies_is_done_here(monkeypatch, tmp_path):
    function = taking_turns(monkeypatch, tmp_path, 2)
    here = os.getpid()
    items = list(range(20))
    found = parallel.map_shared(lambda run: function(run) if os.getpid() == here else (
        function(run), os._exit(1)), items, least=10)
    assert found == [(item * item, here) for item in items]
    # The other process took a run (and died in it); this one did that run again.
    assert len({name.name.split("-")[0] for name in tmp_path.iterdir()}) == 2


def test_nothing_is_forked_while_another_thread_runs(monkeypatch):
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _: {0, 1})
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel.map_shared(lambda run: [os.getpid()] * len(run), range(20),
                                   least=10) == [os.getpid()] * 20
    finally:
        stop.set()
        other.join()


def test_work_in_the_background_is_done_by_another_process_before_this_one_exits(tmp_path):
    """What CheckedPapers.save hands over: a check with the cache empty returns about 0.03 s
    sooner at 10,000 papers (0.80 s against 0.83, medians of 5: the writer pickles only this
    process's runs), and a check that starts after it ends finds the cache written."""
    done = tmp_path / "done"
    script = ("import os, sys, time\nfrom generator import parallel\n"
              "parallel.os.sched_getaffinity = lambda _: set(range(int(sys.argv[1])))\n"
              f"parallel.in_background(lambda: (time.sleep(0.5), open({str(done)!r}, 'w')"
              ".write(str(os.getpid()))))\nprint(os.getpid())")
    for cores in (2, 1):
        done.unlink(missing_ok=True)
        ran = subprocess.run([sys.executable, "-c", script, str(cores)], capture_output=True,
                             text=True, check=True)
        assert done.exists()
        assert (done.read_text() == ran.stdout.strip()) is (cores == 1)
