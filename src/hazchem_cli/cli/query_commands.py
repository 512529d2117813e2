"""The questions: overdue, upcoming, list, show, agencies, summary."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from hazchem_cli.cli.common import open_dataset, resolve_as_of
from hazchem_cli.cli.query_options import QueryOptions, build_filter, emit, query_command

WithinOption = Annotated[
    int, typer.Option("--within", min=0, help="Days ahead that count as due soon.")
]


@query_command
def overdue_command(
    options: QueryOptions,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when anything is overdue (for cron and CI).")
    ] = False,
) -> None:
    """Overdue tasks, most overdue first, with days overdue and their units."""
    from hazchem_cli.answers import overdue_section
    from hazchem_cli.queries import overdue, select

    dataset, as_of = _open(options)
    found = overdue(select(dataset.task_file.tasks, dataset.registry,
                           build_filter(options, dataset, as_of), as_of))  # fmt: skip
    emit([overdue_section(found, as_of, options.language)], options)
    if exit_code and found:
        raise typer.Exit(1)


@query_command
def upcoming_command(options: QueryOptions, within: WithinOption = 30) -> None:
    """Tasks due within the next N days (default 30), soonest first."""
    from hazchem_cli.answers import upcoming_section
    from hazchem_cli.queries import select, upcoming

    dataset, as_of = _open(options)
    task_filter = build_filter(options, dataset, as_of)
    found = upcoming(select(dataset.task_file.tasks, dataset.registry, task_filter, as_of, within))
    emit([upcoming_section(found, as_of, within, options.language)], options)


@query_command
def list_command(options: QueryOptions, within: WithinOption = 30) -> None:
    """All tasks, or those the filters select, with their warning level."""
    from hazchem_cli.answers import list_section
    from hazchem_cli.queries import select

    dataset, as_of = _open(options)
    task_filter = build_filter(options, dataset, as_of)
    found = select(dataset.task_file.tasks, dataset.registry, task_filter, as_of, within)
    emit([list_section(found, as_of, options.language)], options)


@query_command
def show_command(
    options: QueryOptions,
    task_id: Annotated[int, typer.Argument(metavar="ID", help="The task's number (序号).")],
    within: WithinOption = 30,
) -> None:
    """One task in full: every field, the progress log, extensions and its warning level."""
    from hazchem_cli.answers import task_record, task_row, task_sections
    from hazchem_cli.problems import UsageError
    from hazchem_cli.queries import judge
    from hazchem_cli.tabular import Column, OutputFormat, Section

    dataset, as_of = _open(options)
    task = next((t for t in dataset.task_file.tasks if t.id == task_id), None)
    if task is None:
        ids = [t.id for t in dataset.task_file.tasks]
        raise UsageError(f"no task {task_id}; ids run from {min(ids)} to {max(ids)}")
    judged = judge(task, as_of, within)
    if options.output_format is OutputFormat.JSON:
        typer.echo(json.dumps(task_record(judged, options.language), ensure_ascii=False, indent=2))
    elif options.output_format is OutputFormat.CSV:
        row = task_row(judged, options.language)
        emit([Section("task", "", [Column(key, key) for key in row], [row])], options)
    else:
        emit(task_sections(judged, options.language), options)


@query_command
def agencies_command(options: QueryOptions, within: WithinOption = 30) -> None:
    """Every agency: kind, tasks led and as responsible, overdue now, next due date; groups
    with their members."""
    from hazchem_cli.answers import agencies_section
    from hazchem_cli.queries import agency_standings

    dataset, as_of = _open(options)
    standings = agency_standings(dataset.task_file.tasks, dataset.registry, as_of, within)
    if options.agency:
        wanted = build_filter(options, dataset, as_of).agencies
        standings = [s for s in standings if s.agency in wanted]
    emit([agencies_section(standings, as_of, options.language)], options)


@query_command
def summary_command(options: QueryOptions, within: WithinOption = 30) -> None:
    """A board for the weekly meeting: counts by warning level per agency, per measure,
    and deadlines per month."""
    from hazchem_cli.answers import summary_sections
    from hazchem_cli.queries import (
        agency_standings,
        deadlines_by_month,
        select,
        tally_by_measure,
    )

    dataset, as_of = _open(options)
    task_filter = build_filter(options, dataset, as_of)
    judged = select(dataset.task_file.tasks, dataset.registry, task_filter, as_of, within)
    chosen = [item.task for item in judged]
    standings = agency_standings(chosen, dataset.registry, as_of, within)
    sections = summary_sections(
        standings, tally_by_measure(judged), deadlines_by_month(judged), as_of, options.language
    )
    emit(sections, options)


def _open(options: QueryOptions):  # type: ignore[no-untyped-def]
    as_of = resolve_as_of(options.as_of)
    return open_dataset(options.data, options.agencies_file, options.no_cache), as_of
