"""Reports people look at: ``calendar`` (an .ics file) and ``timeline`` (the coming months).

Both take the shared query options, so ``--agency``, ``--level`` and the rest select the
tasks as they do for ``list``. The work is done in ``calendar_export`` and ``timeline``;
these functions only read options and write the answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hazchem_cli.cli.query_commands import WithinOption
from hazchem_cli.cli.query_options import (
    QueryOptions,
    emit,
    open_query,
    query_command,
    select_tasks,
)
from hazchem_cli.model.defaults import DEFAULT_MONTHS, DEFAULT_WITHIN_DAYS

#: ``-o -`` writes to standard output.
STDOUT = Path("-")


@query_command(without=frozenset({"output_format"}))  # it always writes iCalendar
def calendar_command(
    options: QueryOptions,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="<file>",
            help="The .ics file to write (replaced whole), or - for stdout.",
        ),
    ] = STDOUT,
    remind: Annotated[
        str,
        typer.Option(
            "--remind",
            metavar="<how early>",
            help="Reminder before each deadline, at 09:00: 7d, 2w, or 0 for none.",
        ),
    ] = "7d",
    include_done: Annotated[
        bool,
        typer.Option(
            "--include-done", help="Keep finished tasks, marked ✓ and without a reminder."
        ),
    ] = False,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", metavar="<name>", help="Calendar name. Default: the task list's title."
        ),
    ] = None,
) -> None:
    """An iCalendar (.ics) file of the deadlines, for Outlook, Apple, Google Calendar or
    DingTalk: one all-day event per dated task on its due date. See docs/calendar.md."""
    from hazchem_cli.i18n.labels import word
    from hazchem_cli.output.ics import (
        CalendarOptions,
        build_calendar,
        calendar_items,
        calendar_name,
        list_origins,
        parse_remind,
    )

    remind_days = parse_remind(remind)
    tasks, as_of = open_query(options)
    collection = tasks.collection
    judged = select_tasks(options, tasks, as_of)
    lang = options.language
    settings = CalendarOptions(
        name=name or calendar_name(collection, lang),
        as_of=as_of,
        lang=lang,
        remind_days=remind_days,
        include_done=include_done,
    )
    payload = build_calendar(judged, list_origins(collection), settings)
    if output == STDOUT:
        typer.echo(payload, nl=False)
        return
    from hazchem_cli.edit.output_file import write_output

    write_output(output, payload.decode("utf-8"))
    count = len(calendar_items(judged, include_done))
    typer.echo(word("calendar_written", lang, count=count, path=output), err=True)


@query_command
def timeline_command(
    options: QueryOptions,
    months: Annotated[
        int,
        typer.Option(
            "--months", min=1, max=120, metavar="<months>", help="Months to show, from --as-of's."
        ),
    ] = DEFAULT_MONTHS,
    within: WithinOption = DEFAULT_WITHIN_DAYS,
) -> None:
    """Deadlines per month for the coming months, by warning level, with the task ids;
    earlier months' overdue tasks summarised in one row."""
    from hazchem_cli.output.sections import OutputFormat
    from hazchem_cli.output.timeline import timeline_section
    from hazchem_cli.query.timeline import timeline_rows

    tasks, as_of = open_query(options)
    rows = timeline_rows(select_tasks(options, tasks, as_of, within), as_of, months)
    for_people = options.output_format in (OutputFormat.TABLE, OutputFormat.MD)
    emit([timeline_section(rows, as_of, options.language, for_people=for_people)], options)
