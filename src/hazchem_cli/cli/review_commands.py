"""``hazchem diff`` and ``hazchem schema``: what reviewers and editors need around a change."""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated

import typer

from hazchem_cli.cli.common import (
    DataOption,
    LangOption,
    data_paths,
    parse_cache,
    reports_errors,
    today,
)
from hazchem_cli.i18n.labels import detect_lang
from hazchem_cli.model.schema import SchemaName


class DiffFormat(str, Enum):
    TABLE = "table"
    JSON = "json"
    MD = "md"


@reports_errors
def diff_command(
    rev: Annotated[
        str,
        typer.Argument(
            metavar="REV",
            help="Compare the task file at this git revision with the working file (default "
            "HEAD); REV1..REV2 compares two revisions, REV1...REV2 the merge base of both "
            "with REV2 (what a pull request changes).",
            show_default=False,
        ),
    ] = "HEAD",
    data: DataOption = None,
    output_format: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="table, json, or md (to paste into a pull request)."),
    ] = DiffFormat.TABLE,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when anything changed, 0 when nothing did.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """What changed in meaning in the task list and its agencies since a git revision.

    Tasks added or removed, text, units, deadlines (flagging any not explained by a recorded
    extension), status, progress and extensions; agencies added, changed or removed. Layout
    and comments do not count. Exit 1 for an unknown revision, a path outside git, or an
    invalid file on either side; 2 for REV text that cannot name a revision.
    """
    from hazchem_cli.cli.terminal import color_allowed, stdout_is_terminal, terminal_width
    from hazchem_cli.output.diff_report import attention_mark, render_comparison, summary
    from hazchem_cli.output.sections import OutputFormat
    from hazchem_cli.review.comparison import compare
    from hazchem_cli.review.git import parse_range

    wanted = parse_range(rev)
    comparison = compare(wanted, data_paths(data, None), today(), parse_cache(False))
    language = lang or detect_lang(os.environ)
    terminal = stdout_is_terminal()
    text = render_comparison(
        comparison,
        OutputFormat(output_format.value),
        language,
        terminal=terminal,
        width=terminal_width() if terminal else None,
        color=color_allowed(os.environ),
        mark=attention_mark(sys.stdout.encoding),
    )
    typer.echo(text, nl=not text.endswith("\n"))
    if output_format is DiffFormat.JSON or (
        output_format is DiffFormat.TABLE and comparison.changes
    ):
        # Markdown carries the summary itself, and an empty table says it in its place.
        print(summary(comparison, language), file=sys.stderr)
    if exit_code and comparison.changes:
        raise typer.Exit(1)


@reports_errors
def schema_command(
    which: Annotated[
        SchemaName,
        typer.Argument(metavar="FILE", help="tasks (tasks.yaml) or agencies (agencies.yaml)."),
    ] = SchemaName.TASKS,
) -> None:
    """Print the JSON Schema of a data file, for editors that check YAML as you type.

    The repository ships both under schema/; the data files name theirs in a first-line
    `# yaml-language-server: $schema=...` comment.
    """
    from hazchem_cli.model.schema import schema_text

    sys.stdout.write(schema_text(which))
