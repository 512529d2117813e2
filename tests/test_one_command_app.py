"""Running only the named command parses the command line exactly as the whole app does."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from hazchem_cli.cli.app import app, app_for

NAMES = [info.name or "" for info in app.registered_commands]


def outcome(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app_for(args), args, env={"COLUMNS": "100"})
    return result.exit_code, result.stdout, result.stderr


def whole_app_outcome(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, env={"COLUMNS": "100"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("extra", [["--help"], ["--no-such-option"]])
def test_a_named_command_alone_answers_as_the_whole_app(name: str, extra: list[str]) -> None:
    args = [name, *extra]

    assert app_for(args) is not app
    assert outcome(args) == whole_app_outcome(args)


@pytest.mark.parametrize("args", [[], ["--help"], ["no-such-command"], ["--show-completion"]])
def test_without_a_command_name_the_whole_app_runs(args: list[str]) -> None:
    assert app_for(args) is app


def test_shell_completion_gets_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_HAZCHEM_COMPLETE", "complete_bash")

    assert app_for(["overdue"]) is app
