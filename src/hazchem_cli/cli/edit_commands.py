"""The commands that change the files: start, done, reopen, note, extend, and fmt.

Each parses its options and calls one function of ``hazchem_cli.edit.task_edits`` or
``hazchem_cli.edit.fmt``. An edit says what it did in one line on stderr and prints
nothing on stdout, so it can run in scripts whose output is collected.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hazchem_cli.cli import common
from hazchem_cli.cli.common import (
    AgenciesOption,
    DataOption,
    NoCacheOption,
    data_paths,
    parse_cache,
    reports_errors,
)
from hazchem_cli.cli.completion import complete_agency, complete_task_id
from hazchem_cli.i18n.catalogue import _

if TYPE_CHECKING:
    from hazchem_cli.edit.task_edits import EditResult

_DATE_FORMS = "2022-11-20, 2022/11/20, 2022年11月20日, today, yesterday, -3d"

TaskId = Annotated[
    int,
    typer.Argument(
        metavar="ID",
        help="The task's number (序号).",
        show_default=False,
        autocompletion=complete_task_id,
    ),
]
OnOption = Annotated[str, typer.Option("--on", metavar="<day>", help=f"The day: {_DATE_FORMS}.")]


def _agency_option(help_text: str, name: str = "--by") -> Any:
    return typer.Option(
        name,
        metavar="<agency>",
        help=f"{help_text} Full name, id, alias, or name without 省.",
        show_default=False,
        autocompletion=complete_agency,
    )


@reports_errors
def start_command(
    task_id: TaskId,
    data: DataOption = None,
    agencies: AgenciesOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Mark a task as in progress."""
    from hazchem_cli.edit.task_edits import start_task

    paths = data_paths(data, agencies)
    _said(start_task(paths, task_id, today=common.today(), cache=parse_cache(no_cache)))


@reports_errors
def done_command(
    task_id: TaskId,
    on: OnOption = "today",
    note: Annotated[
        str | None,
        typer.Option(
            "--note",
            metavar="<text>",
            help="A progress note saying what was done.",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str | None,
        _agency_option("Who reports the completion (note, evidence). Default: the lead unit."),
    ] = None,
    evidence: Annotated[
        list[str],
        typer.Option(
            "--evidence",
            metavar="<file or link>",
            help="Evidence (佐证材料): a file, copied to evidence/ID/ in the repository, or an "
            "http(s) link. Repeatable.",
            show_default=False,
        ),
    ] = [],  # noqa: B006 - Typer reads the default, never mutates it
    data: DataOption = None,
    agencies: AgenciesOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Mark a task as done (办结, on a day, default today), with a progress note and
    evidence if given; it then awaits review (hazchem review)."""
    from hazchem_cli.edit.evidence import plan_evidence, recorded_evidence, with_copies
    from hazchem_cli.edit.task_edits import mark_done
    from hazchem_cli.errors import UsageError

    if by is not None and note is None and not evidence:
        raise UsageError(
            _("--by names who reports the --note or --evidence; give --note or --evidence too")
        )
    today = common.today()
    paths = data_paths(data, agencies)
    day = common.resolve_date("--on", on)
    cache = parse_cache(no_cache)
    recorded = recorded_evidence(paths, task_id, today, cache) if evidence else []
    planned = plan_evidence(evidence, task_id, paths.tasks, recorded)
    result = with_copies(
        planned,
        lambda: mark_done(
            paths,
            task_id,
            on=day,
            today=today,
            note=note,
            by=by,
            cache=cache,
            evidence=[entry.made_on(day) for entry in planned],
        ),
    )
    _said(result)


@reports_errors
def reopen_command(
    task_id: TaskId,
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            metavar="<text>",
            help="Why the task is not done after all (kept as a progress note).",
        ),
    ],
    by: Annotated[str | None, _agency_option("Who reopens it. Default: the lead unit.")] = None,
    data: DataOption = None,
    agencies: AgenciesOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Put a done task back in progress; its done date is removed, the reason noted."""
    from hazchem_cli.edit.task_edits import reopen_task

    paths = data_paths(data, agencies)
    today = common.today()
    cache = parse_cache(no_cache)
    _said(reopen_task(paths, task_id, reason=reason, today=today, by=by, cache=cache))


@reports_errors
def note_command(
    task_id: TaskId,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What happened, in a sentence.")],
    by: Annotated[str, _agency_option("Who reports it.")],
    on: OnOption = "today",
    data: DataOption = None,
    agencies: AgenciesOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Add a dated progress note to a task."""
    from hazchem_cli.edit.task_edits import add_note

    today = common.today()
    result = add_note(
        data_paths(data, agencies),
        task_id,
        text=text,
        by=by,
        today=today,
        on=common.resolve_date("--on", on),
        cache=parse_cache(no_cache),
    )
    _said(result)


@reports_errors
def extend_command(
    task_id: TaskId,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="<deadline>",
            help="The new deadline, written as the province writes one: 2023年6月, "
            "2023年6月底前, 2023-06-30, 持续推进.",
        ),
    ],
    reason: Annotated[
        str, typer.Option("--reason", metavar="<text>", help="Why the deadline moves.")
    ],
    approved_by: Annotated[
        str | None, _agency_option("Who approved it (required).", "--approved-by")
    ] = None,
    on: Annotated[
        str, typer.Option("--on", metavar="<day>", help=f"The day it was granted: {_DATE_FORMS}.")
    ] = "today",
    data: DataOption = None,
    agencies: AgenciesOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Extend a task's deadline (延期); the original and every extension stay on record."""
    from hazchem_cli.edit.task_edits import extend_deadline

    today = common.today()
    result = extend_deadline(
        data_paths(data, agencies),
        task_id,
        to=to,
        reason=reason,
        today=today,
        on=common.resolve_date("--on", on),
        approved_by=approved_by,
        cache=parse_cache(no_cache),
    )
    _said(result)


@reports_errors
def fmt_command(
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Change nothing; show a diff and exit 1 if a file is not canonical."
        ),
    ] = False,
    data: DataOption = None,
    agencies: AgenciesOption = None,
) -> None:
    """Rewrite the task and agency files in canonical form (key order, quoting, indentation).

    Comments are kept. A file with problems is not formatted: fix what `hazchem check` says.
    """
    from hazchem_cli.edit.fmt import format_files, write_formatted

    files = format_files(data_paths(data, agencies), common.today())
    unformatted = [file for file in files if file.changed]
    if check:
        for file in unformatted:
            sys.stdout.write(file.diff())
        if unformatted:
            names = ", ".join(str(file.path) for file in unformatted)
            print(_("not canonical: {files}; run `hazchem fmt`", files=names), file=sys.stderr)
            raise typer.Exit(1)
        shown = ", ".join(str(file.path) for file in files)
        print(_("ok: {files} are canonical", files=shown), file=sys.stderr)
        return
    written = write_formatted(files)
    if written:
        shown = ", ".join(str(path) for path in written)
        print(_("formatted {files}", files=shown), file=sys.stderr)
    else:
        print(_("nothing to do: both files are canonical"), file=sys.stderr)


def _said(result: EditResult) -> None:
    print(_("task {id}: {summary}", id=result.task_id, summary=result.summary), file=sys.stderr)


# For the edit commands kept in modules of their own (closeout_commands).
agency_option = _agency_option
said = _said
