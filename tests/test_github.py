"""The repository's GitHub setup: workflows that cannot be abused, forms contributors see."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tomllib

import pytest
import yaml
from conftest import BIN, EXE, FIXTURE_LIST, REPO, make_project, write_paper
from packaging.requirements import Requirement
from packaging.version import Version

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true


def read_workflow(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps_of(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def local(command: str) -> list[str]:
    """A workflow's `.venv/bin/COMMAND ARGS` as the same command of the environment running
    the tests, without a shell."""
    program, *args = shlex.split(command)
    assert program.startswith(".venv/bin/"), command
    return [str(BIN / f"{program.removeprefix('.venv/bin/')}{EXE}"), *args]


# `uses: owner/repo[/path]@<full commit SHA> # v1.2.3`: the form Dependabot keeps current.
PINNED_USES = re.compile(
    r"^\s*(?:-\s+)?uses:\s+[A-Za-z0-9-]+/[A-Za-z0-9._-]+(?:/[A-Za-z0-9._/-]+)?"
    r"@[0-9a-f]{40}\s+#\s+v\d+(?:\.\d+)*\s*$")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_workflows_read_only_and_never_run_untrusted_code_with_secrets(path):
    workflow = read_workflow(path)
    assert "pull_request_target" not in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}


def test_each_pull_request_step_fails_on_a_broken_paper_and_the_check_marks_its_line(tmp_path):
    workflow = read_workflow(REPO / ".github" / "workflows" / "check.yml")
    assert list(triggers(workflow)) == ["pull_request"]
    steps = [step for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    assert [step["run"] for step in steps][::len(steps) - 1] == ["make install", "make test"]
    project = make_project(tmp_path / "repo", FIXTURE_LIST)
    write_paper(project / "papers", "broken.md", "title: Broken\nauthors: [A]\ndate: 2024-02-30\n"
                                                 "tags: [vision]\n")
    for step in steps[1:-1]:  # what lies between installing and the test suite
        result = subprocess.run(local(step["run"]), cwd=project, capture_output=True, text=True,
                                env=os.environ | step.get("env", {}))
        assert result.returncode == 1, step["run"]
        assert step.get("if") == "success() || failure()" or step is steps[1]  # all run, all report
    annotate = subprocess.run(local(steps[1]["run"]), cwd=project, capture_output=True, text=True)
    assert ("::error file=papers/broken.md,line=4::'date': '2024-02-30' is not a real date"
            in annotate.stdout.splitlines())


def test_suggest_paper_form_asks_for_link_reason_and_tags():
    form_file = REPO / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml"
    form = yaml.safe_load(form_file.read_text(encoding="utf-8"))
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert list(fields) == ["link", "why", "tags"]
    assert fields["link"]["validations"]["required"] and fields["why"]["validations"]["required"]


def test_pages_workflow_builds_then_deploys_with_the_official_actions():
    workflow = read_workflow(REPO / ".github" / "workflows" / "pages.yml")
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] is False
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"] + deploy["steps"]]
    assert [u for u in uses if u.startswith("actions/")] == [
        "actions/checkout", "actions/setup-python", "actions/configure-pages",
        "actions/upload-pages-artifact", "actions/deploy-pages"]
    [site_build] = [step for step in build["steps"] if step.get("run", "").endswith("build --strict")]
    assert site_build["env"]["PAPERSHELF_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert "!ENV [PAPERSHELF_SITE_URL" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_no_run_restores_or_saves_a_cache(path):
    # Caches are shared between runs: the site published from main would be built with what
    # a pull request's run had saved.
    steps = steps_of(read_workflow(path))
    assert [step["uses"] for step in steps if step.get("uses", "").startswith("actions/cache")] == []
    assert [step["uses"] for step in steps if "cache" in step.get("with", {})] == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_checkout_leaves_no_credentials_in_the_working_copy(path):
    # Else the job's token sits in .git/config, for every later step (and artifact) to read.
    checkouts = [step for step in steps_of(read_workflow(path))
                 if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    assert [step.get("with", {}).get("persist-credentials") for step in checkouts] == [
        False] * len(checkouts)


@pytest.mark.parametrize("path", [path for path in WORKFLOWS
                                  if "pull_request" in triggers(read_workflow(path))],
                         ids=lambda path: path.name)
def test_a_new_push_to_a_pull_request_stops_the_run_of_the_one_before(path):
    for job in read_workflow(path)["jobs"].values():
        assert "${{ github.event.pull_request.number }}" in job["concurrency"]["group"]
        assert job["concurrency"]["cancel-in-progress"] is True


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version(path):
    text = path.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    parsed = [step["uses"] for job in workflow["jobs"].values()
              for step in job.get("steps", []) if "uses" in step]
    parsed += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]  # reusable workflows
    lines = [line for line in text.splitlines() if re.match(r"^\s*(?:-\s+)?uses:", line)]
    assert parsed and len(lines) == len(parsed)  # every `uses:` is on a line of its own
    assert [line for line in lines if not PINNED_USES.match(line)] == []
    # A job runs on the runner itself, or in an image pinned by its digest.
    images = [container if isinstance(container, str) else container["image"]
              for job in workflow["jobs"].values()
              for container in [job.get("container"), *job.get("services", {}).values()] if container]
    assert [image for image in images if not re.search(r"@sha256:[0-9a-f]{64}$", image)] == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_workflows_run_by_pull_requests_use_no_secrets(path):
    text = path.read_text(encoding="utf-8")
    on = triggers(yaml.safe_load(text))
    if "pull_request" in on or "pull_request_target" in on:
        assert not re.search(r"\bsecrets\s*[.\[]", text)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_only_the_pages_deploy_job_is_granted_more_than_reading(path):
    workflow = read_workflow(path)
    granted = {name: job["permissions"] for name, job in workflow["jobs"].items() if "permissions" in job}
    expected = {"pages.yml": {"deploy": {"pages": "write", "id-token": "write"}},
                "refresh.yml": {"refresh": {"contents": "write", "pull-requests": "write"}}}
    assert granted == expected.get(path.name, {})


def test_the_refresh_workflow_only_ever_opens_a_pull_request():
    workflow = read_workflow(REPO / ".github" / "workflows" / "refresh.yml")
    assert set(triggers(workflow)) == {"schedule", "workflow_dispatch"}
    script = "\n".join(step.get("run", "") for job in workflow["jobs"].values()
                       for step in job["steps"])
    pushes = [line.strip() for line in script.splitlines() if "git push" in line]
    assert pushes == ['git push origin "$branch"'] and 'branch="refresh/' in script
    assert "gh pr create --base main" in script and "gh pr merge" not in script


def test_dependabot_keeps_actions_and_python_dependencies_current_in_grouped_pull_requests():
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    for update in updates.values():
        assert update["directory"] == "/"
        assert update["schedule"]["interval"] == "weekly"
        assert 1 <= update["open-pull-requests-limit"] <= 5
        [(name, group)] = update["groups"].items()  # one pull request for the ecosystem
        assert re.fullmatch(r"[A-Za-z](?:[A-Za-z|_-]*[A-Za-z])?", name)
        assert sorted(group["update-types"]) == ["minor", "patch"]  # a major update comes alone
        assert group.get("patterns", ["*"]) == ["*"]
    assert (REPO / "pyproject.toml").exists()  # the manifest Dependabot's pip reads at "/"


def requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = project["dependencies"] + [
        line for extra in project.get("optional-dependencies", {}).values() for line in extra]
    return [Requirement(line) for line in listed]


def test_every_requirement_has_an_upper_bound():
    reqs = requirements()
    assert reqs
    unbounded = [str(req) for req in reqs
                 if req.specifier.contains(Version("99999"), prereleases=True)]
    assert unbounded == []


def test_mkdocs_stays_below_2_which_drops_plugins():
    [mkdocs] = [req for req in requirements() if req.name.lower() == "mkdocs"]
    assert Version("1.6.1") in mkdocs.specifier
    for version in ("2.0.0a1", "2.0", "2.1"):
        assert not mkdocs.specifier.contains(Version(version), prereleases=True)
