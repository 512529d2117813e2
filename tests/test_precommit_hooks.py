"""``.pre-commit-hooks.yaml`` and docs/ci.md: what they name must exist and must pass.

Each hook is also run, as pre-commit runs it (at the repository root, no file names), on
a copy of the shipped data: a hook that fails on the shipped files would block every commit.
"""

from __future__ import annotations

import re
import shlex
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest

from hazchem_cli.cli.app import app
from tests.conftest import ROOT, Invoke

#: Keys pre-commit requires of every hook in a manifest.
REQUIRED = ("id", "name", "entry", "language")


def hooks() -> list[dict[str, Any]]:
    from ruamel.yaml import YAML

    loaded = YAML(typ="safe", pure=True).load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert isinstance(loaded, list) and all(isinstance(hook, dict) for hook in loaded)
    return loaded


def test_the_manifest_declares_both_hooks_with_pre_commit_s_required_keys() -> None:
    assert [hook["id"] for hook in hooks()] == ["hazchem-check", "hazchem-fmt"]
    for hook in hooks():
        assert all(hook.get(key) for key in REQUIRED), hook
        assert hook["language"] == "python" and hook["pass_filenames"] is False


@pytest.mark.parametrize("hook", hooks(), ids=lambda hook: str(hook["id"]))
def test_hooks_run_on_data_files_only(hook: dict[str, Any]) -> None:
    pattern = re.compile(hook["files"])
    assert all(pattern.search(path) for path in ("data/tasks.yaml", "data/agencies.yml"))
    assert not any(pattern.search(path) for path in ("src/hazchem_cli/models.py", "tasks.yaml"))


@pytest.mark.parametrize("hook", hooks(), ids=lambda hook: str(hook["id"]))
def test_each_hook_names_an_existing_command_that_passes_on_the_shipped_data(
    hook: dict[str, Any], data_dir: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    program, command, *arguments = shlex.split(hook["entry"])
    assert entry_points(group="console_scripts", name=program), f"no {program} script"
    assert command in {registered.name for registered in app.registered_commands}
    monkeypatch.chdir(data_dir.parent)  # pre-commit runs hooks at the repository's root
    result = invoke(command, *arguments)
    assert result.exit_code == 0, result.stdout + result.stderr


def _yaml_blocks(markdown: str) -> list[Any]:
    from ruamel.yaml import YAML

    blocks = re.findall(r"^```yaml\n(.*?)^```$", markdown, re.MULTILINE | re.DOTALL)
    return [YAML(typ="safe", pure=True).load(block) for block in blocks]


def test_the_ci_guide_s_workflow_and_config_use_real_commands_and_hooks() -> None:
    workflow, config = _yaml_blocks((ROOT / "docs" / "ci.md").read_text(encoding="utf-8"))
    runs = [step["run"] for step in workflow["jobs"]["check"]["steps"] if "run" in step]
    assert "hazchem check --format github" in runs
    assert any(run.startswith("hazchem diff origin/main --format md") for run in runs)
    assert any('>> "$GITHUB_STEP_SUMMARY"' in run for run in runs)
    commands = {registered.name for registered in app.registered_commands}
    for run in runs:
        words = shlex.split(run)
        assert words[0] != "hazchem" or words[1] in commands, run
    [repository] = config["repos"]
    assert [hook["id"] for hook in repository["hooks"]] == [hook["id"] for hook in hooks()]
