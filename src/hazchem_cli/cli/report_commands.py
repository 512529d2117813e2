"""``hazchem report``: the briefing for the committee office's weekly leadership meeting.

Not a ``@query_command``: the shared ``--format`` means table/json/csv/md, while a
briefing is HTML or Markdown. The agency filter is the queries' own (``resolve_agencies``
and ``TaskFilter``), so ``--agency`` accepts every name the other commands accept and
reaches tasks through groups alike.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from hazchem_cli.cli.common import (
    AgenciesOption,
    AsOfOption,
    DataSourcesOption,
    LangOption,
    NoCacheOption,
    reports_errors,
)
from hazchem_cli.cli.completion import complete_agency


class ReportFormat(str, Enum):
    HTML = "html"
    MD = "md"


@reports_errors
def report_command(
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="html: one self-contained page (phone, print, mail); md: for GitHub or GitLab.",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file (replaced whole) instead of stdout."
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Also list what changed since this day (notes, completions and extensions "
            "dated after it; -1w counts back from --as-of) or this git revision (HEAD~3, "
            "a tag: compared as `hazchem diff` does).",
            show_default=False,
        ),
    ] = None,
    agency: Annotated[
        list[str] | None,
        typer.Option(
            "--agency",
            "-a",
            autocompletion=complete_agency,
            help="Only tasks of this agency (any of its names); repeat for several.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = "today",
    lang: LangOption = None,
    stale_after: Annotated[
        int,
        typer.Option(
            "--stale-after",
            min=0,
            help="Days without a progress note after which an ongoing task is stale.",
        ),
    ] = 90,
    data: DataSourcesOption = [],  # noqa: B006 - typer reads the default, never mutates it
    agencies_file: AgenciesOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """A briefing for the weekly meeting: counts by warning level, overdue tasks by lead
    unit, what falls due in 30 days, what changed since --since, stale ongoing tasks, and
    charts. As HTML (one file, nothing fetched) or Markdown."""
    from hazchem_cli.cli.common import open_collection, parse_cache, resolve_as_of, today
    from hazchem_cli.edit.output_file import write_output
    from hazchem_cli.labels import detect_lang
    from hazchem_cli.queries import TaskFilter, resolve_agencies
    from hazchem_cli.report import build_report

    day = resolve_as_of(as_of)
    collection = open_collection(data, agencies_file, no_cache)
    task_filter = TaskFilter(agencies=resolve_agencies(collection.registry, agency or []))
    report = build_report(
        collection,
        task_filter,
        day,
        lang or detect_lang(os.environ),
        since=since,
        today=today(),
        cache=parse_cache(no_cache),
        stale_after=stale_after,
    )
    if output_format is ReportFormat.HTML:
        from hazchem_cli.report_html import render_html

        text = render_html(report)
    else:
        from hazchem_cli.report_md import render_markdown

        text = render_markdown(report)
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(output, text)
