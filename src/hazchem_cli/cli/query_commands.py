"""The questions: overdue, upcoming, list, show, agencies, summary."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from hazchem_cli.cli.completion import complete_task_id
from hazchem_cli.cli.query_options import (
    FILTER_OPTIONS,
    QueryOptions,
    build_filter,
    emit,
    open_query,
    query_command,
    select_tasks,
)
from hazchem_cli.model.defaults import DEFAULT_WITHIN_DAYS

if TYPE_CHECKING:
    import datetime as dt

    from hazchem_cli.query.judge import JudgedTask

WithinOption = Annotated[
    int,
    typer.Option(
        "--within",
        min=0,
        max=3660,
        metavar="<days>",
        help="Days ahead (up to ten years) that count as due soon.",
    ),
]


@query_command
def overdue_command(
    options: QueryOptions,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when anything is overdue (for cron and CI).")
    ] = False,
) -> None:
    """Overdue tasks, most overdue first, with days overdue and their units."""
    from hazchem_cli.output.answers import overdue_section
    from hazchem_cli.query.judge import overdue

    judged, as_of = _judged(options, overdue_only=True)
    found = overdue(judged)
    emit([overdue_section(found, as_of, options.language, every_key=options.every_key)], options)
    if exit_code and found:
        raise typer.Exit(1)


@query_command
def upcoming_command(options: QueryOptions, within: WithinOption = DEFAULT_WITHIN_DAYS) -> None:
    """Tasks due within the next N days (default 30, --within), soonest first."""
    from hazchem_cli.output.answers import upcoming_section
    from hazchem_cli.query.judge import upcoming

    judged, as_of = _judged(options, within)
    found = upcoming(judged)
    section = upcoming_section(found, as_of, within, options.language, every_key=options.every_key)
    emit([section], options)


@query_command
def list_command(options: QueryOptions, within: WithinOption = DEFAULT_WITHIN_DAYS) -> None:
    """All tasks, or those the filters select, with their warning level."""
    from hazchem_cli.output.answers import list_section

    found, as_of = _judged(options, within)
    emit([list_section(found, as_of, options.language, every_key=options.every_key)], options)


@query_command(without=FILTER_OPTIONS)
def show_command(
    options: QueryOptions,
    reference: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The task's number (序号); list:ID when several lists are read.",
            autocompletion=complete_task_id,
        ),
    ],
    within: WithinOption = DEFAULT_WITHIN_DAYS,
) -> None:
    """One task in full: every field, the progress log, extensions and its warning level."""
    from hazchem_cli.output.answers import task_record, task_row, task_sections
    from hazchem_cli.output.sections import Column, OutputFormat, Section
    from hazchem_cli.store.shown_path import shown_path

    tasks, as_of = open_query(options)
    judged = tasks.task(reference, as_of, within, options.stale_after)
    file = shown_path(tasks.file_of(judged))
    if options.output_format is OutputFormat.JSON:
        record = task_record(judged, options.language, file)
        typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
    elif options.output_format is OutputFormat.CSV:
        row = {**task_row(judged, options.language), "file": file}
        emit([Section("task", "", [Column(key, key) for key in row], [row])], options)
    else:
        emit(task_sections(judged, options.language, file), options)


@query_command
def agencies_command(options: QueryOptions, within: WithinOption = DEFAULT_WITHIN_DAYS) -> None:
    """Every agency: kind, tasks led and as responsible, overdue now, next due date; groups
    with their members. With --agency, only those agencies."""

    from hazchem_cli.output.answers import agencies_section
    from hazchem_cli.query.tally import agency_standings

    tasks, as_of = open_query(options)
    wanted = build_filter(options, tasks, as_of)
    everything = tasks.judged(wanted._replace(agencies=()), as_of, within, options.stale_after)
    standings = agency_standings(everything, tasks.registry, as_of)
    if wanted.agencies:
        standings = [s for s in standings if s.agency in wanted.agencies]
    emit([agencies_section(standings, as_of, options.language)], options)


@query_command
def summary_command(
    options: QueryOptions,
    within: WithinOption = DEFAULT_WITHIN_DAYS,
    by_file: Annotated[
        bool, typer.Option("--by-file", help="Also count by task list, when several are read.")
    ] = False,
) -> None:
    """A board for the weekly meeting: counts by warning level per agency, per measure,
    and deadlines per month."""
    from hazchem_cli.output.answers import summary_sections
    from hazchem_cli.output.closeout_sections import closeout_sections
    from hazchem_cli.query.closeout import closeout_tally
    from hazchem_cli.query.tally import (
        agency_standings,
        deadlines_by_month,
        tally_by_measure,
        tally_by_source,
    )

    tasks, as_of = open_query(options)
    judged = select_tasks(options, tasks, as_of, within)
    sections = summary_sections(
        agency_standings(judged, tasks.registry, as_of),
        tally_by_measure(judged),
        deadlines_by_month(judged),
        as_of,
        options.language,
        by_source=tally_by_source(judged) if by_file and tasks.collection.many else (),
    )
    offices = {
        (task_list.label if tasks.collection.many else ""): task_list.dataset.task_file.office_unit
        for task_list in tasks.collection.lists
    }
    tally = closeout_tally(judged, lambda item: offices[item.source])
    emit([*sections, *closeout_sections(tally, as_of, options.language)], options)


def _judged(
    options: QueryOptions, within: int = DEFAULT_WITHIN_DAYS, *, overdue_only: bool = False
) -> tuple[list[JudgedTask], dt.date]:
    """The selected tasks and the day they were judged on (``--as-of`` parsed once)."""
    tasks, as_of = open_query(options)
    return select_tasks(options, tasks, as_of, within, overdue_only=overdue_only), as_of
