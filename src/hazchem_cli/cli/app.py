"""The ``hazchem`` command: registers each command module's functions on one Typer app.

Only typer is imported here; a run that names a command imports that command's module
alone (see ``app_for``), and each command imports what it needs when it runs, so that
``--help`` and shell completion start fast.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence
from functools import cache
from typing import Annotated, Any

import typer

from hazchem_cli.cli.examples import example
from hazchem_cli.cli.speaking import SpeakingGroup


def _print_version(asked: bool) -> None:
    if asked:
        from hazchem_cli.version import __version__

        typer.echo(f"hazchem {__version__}")
        raise typer.Exit()


def _typer_app() -> typer.Typer:
    return typer.Typer(
        name="hazchem",
        help="Keep the hazardous-chemicals governance task list as YAML and ask it questions.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        cls=SpeakingGroup,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


#: Every command: its name, and the module of ``hazchem_cli.cli`` and function that run it.
#: A run that names one of them imports that module alone (``app_for``).
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("overdue", "query_commands", "overdue_command"),
    ("upcoming", "query_commands", "upcoming_command"),
    ("list", "query_commands", "list_command"),
    ("show", "query_commands", "show_command"),
    ("agencies", "query_commands", "agencies_command"),
    ("summary", "query_commands", "summary_command"),
    ("rounds", "office_commands", "rounds_command"),
    ("notices", "office_commands", "notices_command"),
    ("report", "report_commands", "report_command"),
    ("calendar", "calendar_commands", "calendar_command"),
    ("timeline", "calendar_commands", "timeline_command"),
    ("check", "data_commands", "check_command"),
    ("import", "data_commands", "import_command"),
    ("start", "edit_commands", "start_command"),
    ("done", "edit_commands", "done_command"),
    ("reopen", "edit_commands", "reopen_command"),
    ("note", "edit_commands", "note_command"),
    ("extend", "edit_commands", "extend_command"),
    ("fmt", "edit_commands", "fmt_command"),
    ("review", "closeout_commands", "review_command"),
    ("diff", "review_commands", "diff_command"),
    ("schema", "review_commands", "schema_command"),
    ("merge-driver", "git_commands", "merge_driver_command"),
    ("setup-git", "git_commands", "setup_git_command"),
    ("log", "git_commands", "log_command"),
)
#: Commands with subcommands of their own, each a Typer app of its module.
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("evidence", "closeout_commands", "evidence_app"),
    ("sheet", "sheet_commands", "app"),
)


def _hazchem(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_print_version, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Keep the hazardous-chemicals governance task list as YAML and ask it questions."""


def _function(module: str, name: str) -> Any:
    return getattr(importlib.import_module(f"hazchem_cli.cli.{module}"), name)


@cache
def whole_app() -> typer.Typer:
    """The app with every command: for ``hazchem --help``, shell completion, unknown names."""
    whole = _typer_app()
    whole.callback()(_hazchem)
    for name, module, function in COMMANDS:
        whole.command(name, epilog=example(name))(_function(module, function))
    for name, module, group in GROUPS:
        whole.add_typer(_function(module, group), name=name, epilog=example(name))
    return whole


def __getattr__(name: str) -> typer.Typer:
    """``app``, the whole app (for tests and tools), built when first asked for."""
    if name == "app":
        return whole_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def app_for(args: Sequence[str]) -> typer.Typer:
    """The app that runs ``hazchem ARGS``: when ARGS name a command, that command alone.

    Before it parses anything, Typer turns every registered command into a click command,
    reading each function's signature: 20–30 ms for all the commands, and importing every
    command's module costs 10 ms more, a tenth of a query on a small list. A group holding
    only the named command, from its module alone, parses ``hazchem NAME ...`` exactly as
    the whole app does (same usage lines, same errors); ``hazchem``, ``hazchem --help``,
    the commands with subcommands, unknown names and shell completion get the whole app.
    """
    named = [entry for entry in COMMANDS if args and entry[0] == args[0]]
    if not named or "_HAZCHEM_COMPLETE" in os.environ:
        return whole_app()
    name, module, function = named[0]
    alone = _typer_app()
    alone.callback()(_group_of_one)
    alone.command(name, epilog=example(name))(_function(module, function))
    return alone


def _group_of_one() -> None:
    """Without a callback, Typer would run a lone command as the whole program."""


def main() -> None:
    """The console script.

    The cyclic garbage collector is switched off for the life of the process: loading a
    large list allocates millions of objects and none of them form cycles that must be
    freed before a command that lives for seconds exits. Measured on 50,000 tasks it
    made ``hazchem overdue`` 30% faster, with the same peak memory. For the same reason
    what the run leaves is frozen (``gc.freeze``) before the interpreter exits, so that
    its last collection does not walk every object only to hand memory back that the
    operating system takes back anyway: 10–13 ms of a question about 50 tasks. Output is
    flushed and exit handlers run as before; only ``__del__`` of objects caught in cycles
    is skipped, which Python never promises at exit.

    Pydantic plugins (validation observers such as tracing tools) are not looked for:
    the lookup reads the entry points of every installed package, 15–35 ms per run, and
    hazchem uses none. Typer does the same for its own adapters. Setting
    ``PYDANTIC_DISABLE_PLUGINS`` yourself (even to an empty value) is respected.
    """
    from hazchem_cli.cli.arguments import spread_data_paths

    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from hazchem_cli.cli.stdout_guard import run_guarded

    args = spread_data_paths(sys.argv[1:])
    try:
        run_guarded(lambda: app_for(args)(args=args, prog_name="hazchem"))
    finally:
        gc.freeze()
