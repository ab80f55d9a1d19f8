"""The repository's GitHub setup: workflows that cannot be abused, forms contributors see."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_workflows_read_only_and_never_run_untrusted_code_with_secrets(path):
    workflow = yaml.safe_load(path.read_text())
    assert "pull_request_target" not in triggers(workflow)
    assert workflow["permissions"] == {"contents": "read"}


def test_pull_requests_get_annotations_format_check_build_and_tests():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "check.yml").read_text())
    assert list(triggers(workflow)) == ["pull_request"]
    commands = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    assert commands == ["make install", ".venv/bin/papers check --format github",
                        ".venv/bin/papers fmt --check", ".venv/bin/mkdocs build --strict", "make test"]
    makefile = (REPO / "Makefile").read_text()
    for target in ("install", "test"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE)


def test_suggest_paper_form_asks_for_link_reason_and_tags():
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml").read_text())
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert list(fields) == ["link", "why", "tags"]
    assert fields["link"]["validations"]["required"] and fields["why"]["validations"]["required"]


def test_contributing_opens_with_the_three_steps():
    first_screen = (REPO / "CONTRIBUTING.md").read_text().split("\n## ")[0]
    steps = re.findall(r"^\d\. \*\*.*?`([^`]+)`", first_screen, re.MULTILINE)
    assert steps == ["papers add 2004.12297 --tag retrieval --tag long-sequences", "papers check"]
    assert "3. **Open the pull request.**" in first_screen


def test_pages_workflow_builds_then_deploys_with_the_official_actions():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text())
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] is False
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"] + deploy["steps"]]
    assert [u for u in uses if u.startswith("actions/")] == [
        "actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact",
        "actions/deploy-pages"]
    [site_build] = [step for step in build["steps"] if step.get("run", "").endswith("build --strict")]
    assert site_build["env"]["PAPERSHELF_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert "!ENV [PAPERSHELF_SITE_URL" in (REPO / "mkdocs.yml").read_text()
