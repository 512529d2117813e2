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
    StrictOption,
    reports_errors,
)
from hazchem_cli.cli.completion import complete_agency
from hazchem_cli.model.defaults import DEFAULT_STALE_AFTER_DAYS


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
            "--output",
            "-o",
            metavar="<file>",
            help="Write to this file (replaced whole); - for stdout. Default: stdout, but an "
            "HTML page asked for on a terminal goes to hazchem-report-DAY.html here.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="<day or revision>",
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
            metavar="<agency>",
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
            metavar="<days>",
            help="Days without a progress note after which an ongoing task is stale.",
        ),
    ] = DEFAULT_STALE_AFTER_DAYS,
    data: DataSourcesOption = [],  # noqa: B006 - typer reads the default, never mutates it
    agencies_file: AgenciesOption = None,
    no_cache: NoCacheOption = False,
    strict: StrictOption = False,
) -> None:
    """A briefing for the weekly meeting: counts by warning level, overdue tasks by lead
    unit, what falls due in 30 days, what changed since --since, stale ongoing tasks, and
    charts. As HTML (one file, nothing fetched) or Markdown."""
    from hazchem_cli.cli.common import open_task_list, resolve_as_of, today
    from hazchem_cli.cli.terminal import stdout_is_terminal
    from hazchem_cli.edit.output_file import write_output
    from hazchem_cli.i18n.labels import detect_lang, word

    day = resolve_as_of(as_of)
    tasks = open_task_list(data, agencies_file, no_cache, strict=strict, lang=lang)
    report = tasks.report(
        day,
        lang or detect_lang(os.environ),
        agency=agency or [],
        since=since,
        today=today(),
        stale_after=stale_after,
    )
    if output_format is ReportFormat.HTML:
        from hazchem_cli.output.report_html import render_html

        text = render_html(report)
    else:
        from hazchem_cli.output.report_md import render_markdown

        text = render_markdown(report)
    if output is None and output_format is ReportFormat.HTML and stdout_is_terminal():
        # A page of HTML is no use poured into a terminal: keep it where a browser opens it.
        output = Path(f"hazchem-report-{day}.html")
    if output is None or str(output) == "-":
        sys.stdout.write(text)
    else:
        write_output(output, text)
        language = lang or detect_lang(os.environ)
        print(word("report_written", language, path=output), file=sys.stderr)
