"""``hazchem import`` and ``hazchem check``: getting the data in, and proving it valid."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from hazchem_cli.cli.common import (
    AgenciesOption,
    AsOfOption,
    DataOption,
    DataSourcesOption,
    NoCacheOption,
    parse_cache,
    reports_errors,
    resolve_as_of,
    today,
)
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.output.problems import ProblemFormat


@reports_errors
def import_command(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="The source document's table text (see data/source/README.md)."
        ),
    ],
    data: DataOption = None,
    agencies: AgenciesOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change; write nothing.")
    ] = False,
) -> None:
    """Import the source table into tasks.yaml and agencies.yaml, merging with what is there.

    The files are found as by every command (--data, $HAZCHEM_DATA, data/ here or in a
    parent); where there are none yet, they are created in data/ here.

    Source columns are updated; statuses, progress, extensions and curated agency fields
    are kept. Every change is listed.
    """
    from hazchem_cli.edit.importer import import_source
    from hazchem_cli.store.locate import find_data_to_write

    paths = find_data_to_write(data, agencies)
    report = import_source(source, paths.tasks, paths.agencies, today(), dry_run=dry_run)
    for change in report.changes:
        print(change)
    count = len(report.changes)
    if not report.changes and not report.written:
        print(_("no changes: the files already hold the source"), file=sys.stderr)
    elif dry_run:
        print(_("{count} changes would be made; nothing written", count=count), file=sys.stderr)
    elif report.written:
        written = ", ".join(str(path) for path in report.written)
        print(_("{count} changes; wrote {files}", count=count, files=written), file=sys.stderr)
    else:
        print(_("{count} changes; nothing written", count=count), file=sys.stderr)


@reports_errors
def check_command(
    data: DataSourcesOption = [],  # noqa: B006 - Typer reads the default, never mutates it
    agencies: AgenciesOption = None,
    output_format: Annotated[
        ProblemFormat | None,
        typer.Option(
            "--format",
            help="text (file:line:col: message), json, or github (workflow annotations; "
            "the default when GITHUB_ACTIONS is set).",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = "today",
    no_cache: NoCacheOption = False,
    follow_links: Annotated[
        bool,
        typer.Option(
            "--follow-links",
            help="Read data files that are links to files outside their repository "
            "(refused by default: a pull request could link to a secret).",
        ),
    ] = False,
) -> None:
    """Validate the task and agency files; report every problem with its file:line:col.

    Exit 0 when valid, 1 when not.
    """
    from hazchem_cli.store.files import following_links

    if follow_links:
        with following_links():
            _check(data, agencies, output_format, as_of, no_cache)
    else:
        _check(data, agencies, output_format, as_of, no_cache)


def _check(
    data: list[Path],
    agencies: Path | None,
    output_format: ProblemFormat | None,
    as_of: str,
    no_cache: bool,
) -> None:
    from hazchem_cli.cli.common import task_files
    from hazchem_cli.output.problems import render_problems
    from hazchem_cli.store.closeout_check import check_closeout_lists
    from hazchem_cli.store.collection import check_collection
    from hazchem_cli.store.signoff_rules import say

    chosen = output_format or (
        ProblemFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else ProblemFormat.TEXT
    )
    files = task_files(data, agencies)
    day, cache = resolve_as_of(as_of), parse_cache(no_cache)
    problems = check_collection(files, day, cache)
    closeout = check_closeout_lists(files, day, cache, {problem.path for problem in problems})
    problems += closeout.errors
    sys.stdout.write(render_problems(problems, chosen, closeout.warnings))
    if closeout.warnings:
        print(say("check_warnings", count=len(closeout.warnings)), file=sys.stderr)
    if problems:
        bad_files = len({problem.path for problem in problems})
        print(
            _("{count} problem(s) in {files} file(s)", count=len(problems), files=bad_files),
            file=sys.stderr,
        )
        raise typer.Exit(1)
    checked = {str(path) for paths in files for path in (paths.tasks, paths.agencies)}
    print(_("ok: {files} valid", files=", ".join(sorted(checked))), file=sys.stderr)
