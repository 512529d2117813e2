"""The office's chasing: ``rounds`` (who has not reported) and ``notices`` (督办单).

Both take the shared query options, so ``--agency`` and the other filters select the
tasks as they do for ``list``. The work is done in ``query.rounds`` and
``output.notices``; these functions read options and write the answer.
"""

from __future__ import annotations

from typing import Annotated

import typer

from hazchem_cli.cli.query_options import (
    QueryOptions,
    build_filter,
    emit,
    open_query,
    query_command,
)


@query_command
def rounds_command(
    options: QueryOptions,
    period: Annotated[
        str, typer.Option("--period", help="The reporting round: week (Monday–Sunday) or month.")
    ] = "week",
    last: Annotated[
        int,
        typer.Option("--last", min=1, max=520, help="How many rounds, up to the current one."),
    ] = 1,
) -> None:
    """Which units reported on each of their open tasks this round (a progress note, or
    the task's completion), which have not, and the days since each last reported."""
    from hazchem_cli.collection import judged_tasks
    from hazchem_cli.output.round_sections import rounds_section
    from hazchem_cli.problems import UsageError
    from hazchem_cli.query.rounds import Period, rounds_until, unit_rounds

    try:
        chosen = Period(period)
    except ValueError:
        raise UsageError(f"--period: {period!r} is not one of week, month") from None
    collection, as_of = open_query(options)
    task_filter = build_filter(options, collection, as_of)
    judged = judged_tasks(collection, task_filter, as_of, stale_after=options.stale_after)
    rounds = rounds_until(as_of, chosen, last)
    rows = unit_rounds(judged, collection.registry, rounds, as_of, task_filter.agencies)
    emit([rounds_section(rows, rounds, as_of, options.language)], options)
