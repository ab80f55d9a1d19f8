"""The `papers` command as a contributor meets it: where it finds the list, what it says
when called bare, with --version or --help. Called in process, as `main(argv)`."""

from __future__ import annotations

import os
import socket
import subprocess

import pytest
from conftest import BIN, EXE, NEEDS_MAKE, REPO, VALID, run, write_paper

from generator import cli


def test_it_finds_the_list_from_any_folder_inside_the_repository(folder, monkeypatch, capsys):
    write_paper(folder, "p.md", VALID.replace("2020-01-02", "2020-02-30"))
    deeper = folder.parent / "notes" / "drafts"
    deeper.mkdir(parents=True)
    for where, shown in ((folder.parent, "papers/p.md"), (folder, "p.md"),
                         (deeper, "../../papers/p.md")):
        monkeypatch.chdir(where)
        assert cli.main(["check"]) == 1
        assert capsys.readouterr().out == f"{shown}:4: 'date': '2020-02-30' is not a real date\n"


def test_outside_a_repository_it_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for command in (["check"], ["fmt"], ["import", "x.bib"], ["add", "2004.12297", "--tag", "x"]):
        assert cli.main(command) == 1
        out, err = capsys.readouterr()
        assert out == ""
        assert err == ("papers: not inside a Papershelf repository (no mkdocs.yml here or in any "
                       "folder above); run it in the repository, or name the paper files\n")


def test_alone_it_prints_its_usage_and_commands(capsys):
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: papers [-h] [--version] COMMAND ...")
    for command in ("check", "fmt", "import", "add"):
        assert f"\n    {command} " in out


def test_version_is_the_installed_package_version(capsys):
    from importlib import metadata

    with pytest.raises(SystemExit) as exit:
        cli.main(["--version"])
    assert exit.value.code == 0
    assert capsys.readouterr().out == f"papers {metadata.version('papershelf')}\n"


@pytest.mark.parametrize("command", ["check", "fmt", "import", "add"])
def test_every_argument_of_every_command_is_described(command, capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main([command, "--help"])
    assert exit.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    [commands] = [action for action in cli._parser()._actions if action.dest == "command"]
    for action in commands.choices[command]._actions:
        assert action.help and " ".join(action.help.split()) in shown, action.dest


def test_the_installed_command_runs(folder):
    result = run("papers", "check", cwd=folder)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "0 errors, 0 warnings\n")


def test_the_installed_command_writes_utf8_whatever_the_code_page_of_its_output(folder):
    # Windows writes a pipe in its ANSI code page (cp1252 here), which has no 視覚.
    write_paper(folder, "p.md", VALID.replace("tags: [vision]", "tags: [視覚]"))
    result = subprocess.run([str(BIN / f"papers{EXE}"), "check"], cwd=folder,
                            capture_output=True, env=os.environ | {"PYTHONIOENCODING": "cp1252"})
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert result.stdout.decode("utf-8").startswith("p.md:5: 'tags': unknown tag '視覚'")


def make(*args: str) -> subprocess.CompletedProcess:
    # -o: take .venv as installed (these tests run in it), whatever the age of pyproject.toml.
    return subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed", *args],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


@NEEDS_MAKE
def test_make_alone_lists_the_targets():
    result = make()
    assert result.returncode == 0
    targets = [line.split()[1] for line in result.stdout.splitlines()]
    assert {"serve", "test", "check", "fmt", "site"} <= set(targets)


@NEEDS_MAKE
def test_make_serve_on_a_busy_port_says_so_in_one_line():
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = make("serve", f"PORT={port}")
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == (f"make serve: port {port} is busy; pick another: "
                                             f"make serve PORT={port + 1}")
    assert "Traceback" not in result.stderr
