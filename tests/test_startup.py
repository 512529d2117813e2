"""What the command line does not pay for at start-up, and that skipping it changes nothing.

Running only the named command must parse the command line exactly as the whole app does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from hazchem_cli.cli.app import COMMANDS, GROUPS, app, app_for
from tests.conftest import DATA

NAMES = [info.name or "" for info in app.registered_commands]


def outcome(runs: typer.Typer, args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(runs, args, env={"COLUMNS": "100"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("extra", [["--help"], ["--no-such-option"]])
def test_a_named_command_alone_answers_as_the_whole_app(name: str, extra: list[str]) -> None:
    args = [name, *extra]

    assert app_for(args) is not app
    assert outcome(app_for(args), args) == outcome(app, args)


@pytest.mark.parametrize("args", [[], ["--help"], ["no-such-command"], ["--show-completion"]])
def test_without_a_command_name_the_whole_app_runs(args: list[str]) -> None:
    assert app_for(args) is app


def test_shell_completion_gets_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_HAZCHEM_COMPLETE", "complete_bash")

    assert app_for(["overdue"]) is app


PLUGINS_LOOKED_FOR = (
    "import sys\n"
    "sys.argv = ['hazchem', 'overdue', '--as-of', '2022-12-01']\n"
    "from hazchem_cli.cli.app import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "import pydantic.plugin._loader as loader\n"
    "print(loader._plugins is not None, file=sys.stderr)\n"
)


@pytest.mark.parametrize(("setting", "looked_for"), [(None, "False"), ("", "True")])
def test_pydantic_plugins_are_not_looked_for_unless_asked(
    setting: str | None, looked_for: str
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    run = subprocess.run(
        [sys.executable, "-c", PLUGINS_LOOKED_FOR], env=env, capture_output=True, text=True
    )

    assert run.stderr.strip().splitlines()[-1] == looked_for, run.stderr


WARM_IMPORTS = (
    "import sys\n"
    "sys.argv = ['hazchem', 'overdue', '--as-of', '2022-12-01', *sys.argv[2:]]\n"
    "from hazchem_cli.cli.app import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "heavy = ('pydantic', 'pydantic_core', 'ruamel')\n"
    "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy}),"
    " sorted(m for m in sys.argv[0].split(',') if m in sys.modules), file=sys.stderr)\n"
)
#: Modules only ``show``, ``summary``, edits, month steps or writing need: a question about
#: many tasks does not pay for importing them.
NOT_FOR_A_QUESTION = (
    "hazchem_cli.edit",
    "hazchem_cli.query.closeout",
    "hazchem_cli.query.tally",
    "hazchem_cli.cli.usage_errors",
    "dateutil",
    "secrets",
    "tempfile",
)


@pytest.mark.parametrize("extra", [[], ["--format", "json"], ["--format", "md", "--lang", "en"]])
def test_a_warm_question_imports_no_validation_nor_what_other_commands_need(
    tmp_path: Path, extra: list[str]
) -> None:
    """The warm path answers from the record cache; Typer 0.29+ would import pydantic."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "HAZCHEM_DATA": str(DATA)}
    env.pop("HAZCHEM_NO_CACHE", None)
    runs = [
        subprocess.run(
            [sys.executable, "-c", WARM_IMPORTS, ",".join(NOT_FOR_A_QUESTION), *extra],
            env=env,
            capture_output=True,
            text=True,
        )
        for _ in range(2)
    ]

    cold, warm = (run.stderr.strip().splitlines()[-1] for run in runs)
    assert cold.startswith("['pydantic', 'pydantic_core', 'ruamel'] ")  # the test sees them
    assert warm == "[] []", runs[1].stderr
    assert runs[0].stdout == runs[1].stdout != ""


COMMAND_MODULES = (
    "import sys\n"
    "from hazchem_cli.cli.app import app_for\n"
    "app_for(sys.argv[1:])\n"
    "print(sorted(m for m in sys.modules if m.endswith('_commands')))\n"
)


@pytest.mark.parametrize(
    ("args", "modules"),
    [
        (["overdue", "--help"], ["hazchem_cli.cli.query_commands"]),
        (["done", "1"], ["hazchem_cli.cli.edit_commands"]),
        (["--help"], sorted({f"hazchem_cli.cli.{module}" for _, module, _ in COMMANDS + GROUPS})),
    ],
)
def test_a_named_command_imports_its_own_module_alone(args: list[str], modules: list[str]) -> None:
    run = subprocess.run(
        [sys.executable, "-c", COMMAND_MODULES, *args], capture_output=True, text=True, check=True
    )

    assert run.stdout.strip() == str(modules)


FROZEN_AT_EXIT = (
    "import atexit, gc, sys\n"
    "atexit.register(lambda: print(gc.get_freeze_count() > 0, file=sys.stderr))\n"
    "sys.argv = ['hazchem', *sys.argv[1:]]\n"
    "from hazchem_cli.cli.app import main\n"
    "main()\n"
)


@pytest.mark.parametrize("args", [["overdue", "--as-of", "2022-12-01"], ["show", "999"]])
def test_the_exit_walks_no_objects_and_loses_no_output(tmp_path: Path, args: list[str]) -> None:
    """What a run leaves is frozen, not collected at exit; output and exit handlers stay."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "HAZCHEM_DATA": str(DATA)}
    run = subprocess.run(
        [sys.executable, "-c", FROZEN_AT_EXIT, *args], env=env, capture_output=True, text=True
    )

    assert run.stderr.strip().splitlines()[-1] == "True"
    if args[0] == "overdue":
        assert run.returncode == 0
        assert run.stdout.endswith("\n") and len(run.stdout.splitlines()) > 20
    else:
        assert run.returncode == 2  # no task 999: the message still reaches stderr
        assert "999" in run.stderr
