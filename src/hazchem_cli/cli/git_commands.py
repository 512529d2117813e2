"""``hazchem merge-driver``, ``hazchem setup-git`` and ``hazchem log``: the list in git."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hazchem_cli.cli.common import (
    DataOption,
    LangOption,
    data_paths,
    reports_errors,
    today,
)
from hazchem_cli.i18n.labels import Lang, detect_lang, word

if TYPE_CHECKING:
    from hazchem_cli.review.merge import Conflict


@reports_errors
def merge_driver_command(
    base: Annotated[Path, typer.Argument(metavar="BASE", help="git's %O: the common ancestor.")],
    ours: Annotated[
        Path, typer.Argument(metavar="OURS", help="git's %A: our version; the result goes here.")
    ],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="git's %B: their version.")],
    path: Annotated[str, typer.Argument(metavar="PATH", help="git's %P: the file's path.")],
    lang: LangOption = None,
) -> None:
    """Merge a task file by meaning; git runs this during a merge (see hazchem setup-git).

    Notes and extensions added on both sides are kept, in date order; changes to
    different fields or tasks are both taken. The same field changed differently on both
    sides is a conflict: git's markers are written around that field only and the exit
    status is 1, so git reports the file as conflicted.
    """
    from hazchem_cli.edit.merge_driver import run_merge_driver

    words = lang or detect_lang(os.environ)
    outcome = run_merge_driver(base, ours, theirs, path, today=today(), cwd=Path.cwd())
    if not outcome.by_meaning:
        print(word("merge_line_by_line", words, path=path), file=sys.stderr)
    for conflict in outcome.conflicts:
        what = _conflict_words(conflict, words)
        print(word("merge_conflict", words, path=path, what=what), file=sys.stderr)
    if outcome.problems:
        print(word("merge_invalid", words, path=path), file=sys.stderr)
        for problem in outcome.problems:
            print(f"  {problem}", file=sys.stderr)
    if outcome.by_meaning and outcome.exit_code == 0:
        print(word("merge_clean", words, path=path), file=sys.stderr)
    if outcome.exit_code:
        raise typer.Exit(outcome.exit_code)


def _conflict_words(conflict: Conflict, lang: Lang) -> str:
    """What both branches changed differently: a task's field, a whole task, or a file field."""
    if conflict.task_id is None:
        labels = {"title": "list_title", "source": "source_document"}
        field = conflict.field or ""
        return f"{word('task_list', lang)} {word(labels.get(field, field), lang)}"
    task = word("title_task", lang, id=conflict.task_id)
    if conflict.field is None:
        return task + word("merge_whole_task", lang)
    return f"{task}{'：' if lang is Lang.ZH else ': '}{word(conflict.field, lang)}"


@reports_errors
def setup_git_command(
    global_config: Annotated[
        bool,
        typer.Option(
            "--global",
            help="Register the driver in your own git configuration (~/.gitconfig), for every "
            "repository, instead of this repository's.",
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Make git merge task files by meaning in this repository (safe to run again).

    Adds `tasks.yaml merge=hazchem` to .gitattributes (commit it, so every clone has it)
    and registers `hazchem merge-driver %O %A %B %P` in git's configuration.
    """
    from hazchem_cli.review.git_setup import setup_git

    words = lang or detect_lang(os.environ)
    for step in setup_git(Path.cwd(), global_config=global_config):
        key = "setup_changed" if step.changed else "setup_unchanged"
        print(word(key, words, what=step.what), file=sys.stderr)
    print(word("setup_done", words), file=sys.stderr)


class LogFormat(str, Enum):
    TABLE = "table"
    JSON = "json"
    MD = "md"


@reports_errors
def log_command(
    task_id: Annotated[int, typer.Argument(metavar="ID", help="The task's id.", min=1)],
    data: DataOption = None,
    output_format: Annotated[
        LogFormat, typer.Option("--format", "-f", help="table, json, or md.")
    ] = LogFormat.TABLE,
    lang: LangOption = None,
) -> None:
    """A task's history from git: one line per commit that changed its meaning, newest first.

    Day, author, commit and what changed, in the words of hazchem diff. Renames of the
    file are followed; in a shallow clone it says how far back the history reaches.
    """
    from hazchem_cli.cli.terminal import color_allowed, stdout_is_terminal, terminal_width
    from hazchem_cli.output.render import render_text
    from hazchem_cli.output.sections import OutputFormat
    from hazchem_cli.output.task_log import history_json, history_section, horizon_note
    from hazchem_cli.review.history import task_history

    words = lang or detect_lang(os.environ)
    history = task_history(data_paths(data, None).tasks, task_id)
    if output_format is LogFormat.JSON:
        text = history_json(history)
    else:
        terminal = stdout_is_terminal()
        text = render_text(
            [history_section(history, words)],
            OutputFormat(output_format.value),
            terminal=terminal,
            width=terminal_width() if terminal else None,
            color=color_allowed(os.environ),
        )
    typer.echo(text, nl=not text.endswith("\n"))
    note = horizon_note(history, words)
    if note is not None:
        print(note, file=sys.stderr)
