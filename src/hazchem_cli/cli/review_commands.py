"""``hazchem schema``: what editors need to check the data files as people type."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from hazchem_cli.cli.common import reports_errors
from hazchem_cli.schema import SchemaName


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
    from hazchem_cli.schema import schema_text

    sys.stdout.write(schema_text(which))
