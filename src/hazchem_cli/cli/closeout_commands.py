"""``hazchem review`` and ``hazchem evidence add``: close-out (销号) with evidence.

Each parses its options and calls one function of ``hazchem_cli.edit``; like every edit,
it says what it did in one line on stderr and prints nothing on stdout.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

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
from hazchem_cli.cli.edit_commands import OnOption, TaskId, agency_option, said
from hazchem_cli.cli.examples import example
from hazchem_cli.i18n.catalogue import _


class RoleChoice(str, Enum):
    LEAD = "lead"
    OFFICE = "office"


@reports_errors
def review_command(
    task_id: TaskId,
    role: Annotated[
        RoleChoice,
        typer.Option(
            "--role",
            help="lead: the task's lead unit reviews (牵头单位审核); office: the list's office "
            "verifies (专委办核验), and its approval closes the task (销号).",
        ),
    ],
    by: Annotated[str, agency_option("The reviewing unit.")],
    approve: Annotated[
        bool, typer.Option("--approve", help="Approve the reported completion.")
    ] = False,
    return_: Annotated[
        bool,
        typer.Option(
            "--return", help="Return it (退回): the task goes back in progress. Needs --reason."
        ),
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            metavar="<text>",
            help="Why it is returned (kept in the progress log); with --approve, remarks.",
            show_default=False,
        ),
    ] = None,
    on: OnOption = "today",
    data: DataOption = None,
    agencies: AgenciesOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Review a completed task: approve it or return it, as the lead unit or the office.

    The lead unit reviews first; the office's approval then closes the task (销号). An
    ongoing task (持续推进) is never closed: its review is a stage review (阶段性审核).
    """
    from hazchem_cli.edit.review import review_task
    from hazchem_cli.errors import UsageError
    from hazchem_cli.model.records import SignoffRole

    if approve == return_:
        raise UsageError(_("say --approve, or --return with --reason TEXT (one of the two)"))
    result = review_task(
        data_paths(data, agencies),
        task_id,
        role=SignoffRole(role.value),
        by=by,
        approve=approve,
        reason=reason,
        on=common.resolve_date("--on", on),
        today=common.today(),
        cache=parse_cache(no_cache),
    )
    said(result)


evidence_app = typer.Typer(
    help="Evidence of completion (佐证材料): files kept in the repository, or links.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@evidence_app.command("add", epilog=example("evidence add"))
@reports_errors
def evidence_add_command(
    task_id: TaskId,
    items: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE_OR_LINK...",
            help="Files (copied to evidence/ID/ in the repository) or http(s) links.",
        ),
    ],
    by: Annotated[str | None, agency_option("Who adds it. Default: the lead unit.")] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            metavar="<text>",
            help="What it is; default: the file's name. Only with one item.",
            show_default=False,
        ),
    ] = None,
    on: OnOption = "today",
    data: DataOption = None,
    agencies: AgenciesOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Add evidence to a task: each file is copied and recorded with its size and SHA-256."""
    from hazchem_cli.edit.evidence import add_evidence

    result = add_evidence(
        data_paths(data, agencies),
        task_id,
        items,
        today=common.today(),
        by=by,
        on=common.resolve_date("--on", on),
        title=title,
        cache=parse_cache(no_cache),
    )
    said(result)
