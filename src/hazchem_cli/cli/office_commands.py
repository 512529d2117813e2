"""The office's chasing: ``rounds`` (who has not reported) and ``notices`` (督办单).

Both take the shared query options, so ``--agency`` and the other filters select the
tasks as they do for ``list``. The work is done in ``query.rounds`` and
``output.notices``; these functions read options and write the answer.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hazchem_cli.cli.common import (
    AgenciesOption,
    AsOfOption,
    DataSourcesOption,
    NoCacheOption,
    reports_errors,
)
from hazchem_cli.cli.completion import complete_agency
from hazchem_cli.cli.query_options import (
    QueryOptions,
    build_filter,
    emit,
    open_query,
    query_command,
)
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.i18n.labels import Lang
from hazchem_cli.model.defaults import DEFAULT_STALE_AFTER_DAYS

if TYPE_CHECKING:
    from hazchem_cli.query.notices import Notice


@query_command
def rounds_command(
    options: QueryOptions,
    period: Annotated[
        str,
        typer.Option(
            "--period",
            metavar="<week|month>",
            help="The reporting round: week (Monday–Sunday) or month.",
        ),
    ] = "week",
    last: Annotated[
        int,
        typer.Option(
            "--last",
            min=1,
            max=520,
            metavar="<number>",
            help="How many rounds, up to the current one.",
        ),
    ] = 1,
) -> None:
    """Which units reported on each of their open tasks this round (a progress note, or
    the task's completion), which have not, and the days since each last reported."""
    from hazchem_cli.errors import UsageError
    from hazchem_cli.output.round_sections import rounds_section
    from hazchem_cli.query.rounds import Period, rounds_until, unit_rounds

    try:
        chosen = Period(period)
    except ValueError:
        raise UsageError(
            _("--period: {value} is not one of week, month", value=repr(period))
        ) from None
    tasks, as_of = open_query(options)
    task_filter = build_filter(options, tasks, as_of)
    judged = tasks.judged(task_filter, as_of, stale_after=options.stale_after)
    rounds = rounds_until(as_of, chosen, last)
    rows = unit_rounds(judged, tasks.registry, rounds, as_of, task_filter.agencies)
    emit([rounds_section(rows, rounds, as_of, options.language)], options)


@reports_errors
def notices_command(
    as_of: AsOfOption = "today",
    agency: Annotated[
        list[str],
        typer.Option(
            "--agency",
            "-a",
            metavar="<agency>",
            help="Only this unit's notice (full name, id, alias, or name without 省); repeatable.",
            show_default=False,
            autocompletion=complete_agency,
        ),
    ] = [],  # noqa: B006 (Typer reads the default; it is never mutated)
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="<folder>",
            help="Write one file per unit into this folder instead of printing.",
            show_default=False,
        ),
    ] = None,
    notice_format: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="<md|text|json>", help="md (Markdown), text or json."
        ),
    ] = "md",
    lang: Annotated[
        Lang, typer.Option("--lang", help="Language of the notices: zh or en.")
    ] = Lang.ZH,
    send: Annotated[
        bool,
        typer.Option("--send", help="Post each notice to the unit's group robot (agencies.yaml)."),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="With --send: print what would be posted; post nothing."),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0.1, max=300, metavar="<seconds>", help="Seconds to wait for a robot."
        ),
    ] = 10.0,
    retries: Annotated[
        int,
        typer.Option(
            "--retries",
            min=0,
            max=10,
            metavar="<times>",
            help="Retries after a network or server error.",
        ),
    ] = 2,
    stale_after: Annotated[
        int,
        typer.Option(
            "--stale-after",
            min=0,
            metavar="<days>",
            help="Days without a note after which an ongoing task is behind.",
        ),
    ] = DEFAULT_STALE_AFTER_DAYS,
    data: DataSourcesOption = [],  # noqa: B006
    agencies: AgenciesOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Graded notices (督办单), one per unit: tasks overdue (red), due within 7 days or
    behind (yellow), due within 30 days (blue). --send posts them to DingTalk or WeCom
    group robots; exit 1 if any was not delivered."""
    from hazchem_cli.cli.common import open_task_list, resolve_as_of
    from hazchem_cli.errors import UsageError
    from hazchem_cli.model.registry import resolve_agencies
    from hazchem_cli.query.judge import TaskFilter
    from hazchem_cli.query.notices import build_notices

    if notice_format not in _NOTICE_SUFFIXES:
        raise UsageError(
            _("--format: {value} is not one of md, text, json", value=repr(notice_format))
        )
    if dry_run and not send:
        raise UsageError(_("--dry-run goes with --send: it shows what would be posted"))
    day = resolve_as_of(as_of)
    tasks = open_task_list(data, agencies, no_cache)
    only = resolve_agencies(tasks.registry, agency)
    judged = tasks.judged(TaskFilter(agencies=only), day, stale_after=stale_after)
    notices = build_notices(judged, tasks.registry, day, only)
    office = tasks.collection.lists[0].dataset.task_file.issued_by
    if send:
        _send(notices, lang, office, dry_run=dry_run, timeout=timeout, retries=retries)
    elif output is not None:
        _write(notices, output, notice_format, lang, office)
    else:
        _print(notices, notice_format, lang, office)


_NOTICE_SUFFIXES = {"md": ".md", "text": ".txt", "json": ".json"}


def _rendered(notice: Notice, notice_format: str, lang: Lang, office: str) -> str:
    from hazchem_cli.output.notices import notice_markdown, notice_record, notice_text

    if notice_format == "json":
        return json.dumps(notice_record(notice, lang), ensure_ascii=False, indent=2) + "\n"
    if notice_format == "text":
        return notice_text(notice, lang, office)
    return notice_markdown(notice, lang, office)


def _print(notices: list[Notice], notice_format: str, lang: Lang, office: str) -> None:
    from hazchem_cli.i18n.labels import word
    from hazchem_cli.output.notices import notice_record

    if notice_format == "json":
        records = [notice_record(notice, lang) for notice in notices]
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    if not notices:
        print(word("notices_none", lang), file=sys.stderr)
        return
    separator = "\n---\n\n" if notice_format == "md" else "\n" + "─" * 40 + "\n\n"
    typer.echo(separator.join(_rendered(n, notice_format, lang, office) for n in notices), nl=False)


def _write(
    notices: list[Notice], folder: Path, notice_format: str, lang: Lang, office: str
) -> None:
    from hazchem_cli.errors import HazchemError
    from hazchem_cli.i18n.labels import word
    from hazchem_cli.output.progress_sheet import sheet_file_name

    try:
        folder.mkdir(parents=True, exist_ok=True)
        for notice in notices:
            path = folder / sheet_file_name(notice.agency, _NOTICE_SUFFIXES[notice_format])
            path.write_text(_rendered(notice, notice_format, lang, office), encoding="utf-8")
    except OSError as exc:
        raise HazchemError(
            _("{path}: cannot be written: {reason}", path=folder, reason=exc.strerror or exc)
        ) from None
    print(word("notices_written", lang, count=len(notices), path=folder), file=sys.stderr)


def _send(
    notices: list[Notice], lang: Lang, office: str, *, dry_run: bool, timeout: float, retries: int
) -> None:
    """Post each notice to its unit's robot and say, per unit, what became of it."""
    import time

    from hazchem_cli.i18n.labels import word
    from hazchem_cli.model.records import RobotKind
    from hazchem_cli.output.notices import notice_markdown, notice_title
    from hazchem_cli.output.robots import (
        MissingSetting,
        dingtalk_message,
        post,
        setting,
        wecom_message,
    )

    delivered = failed = skipped = 0
    for notice in notices:
        name = notice.agency.name
        contact = notice.agency.contact
        if contact is None or contact.webhook is None or contact.robot is None:
            skipped += 1
            print(word("send_no_webhook", lang, agency=name), file=sys.stderr)
            continue
        markdown = notice_markdown(notice, lang, office)
        try:
            webhook = setting(contact.webhook)
            secret = setting(contact.secret) if contact.secret else None
        except MissingSetting as exc:
            failed += 1
            print(word("send_failed", lang, agency=name, reason=exc.reason(lang)), file=sys.stderr)
            continue
        if contact.robot is RobotKind.DINGTALK:
            now_ms = int(time.time() * 1000)
            message = dingtalk_message(
                webhook, notice_title(notice, lang), markdown, secret, now_ms
            )
        else:
            message = wecom_message(webhook, markdown)
        robot = contact.robot.value
        if dry_run:
            typer.echo(word("send_would", lang, agency=name, robot=robot, url=message.shown_url))
            typer.echo(json.dumps(message.payload, ensure_ascii=False, indent=2))
            continue
        result = post(message, timeout=timeout, retries=retries)
        if result.delivered:
            delivered += 1
            print(word("send_delivered", lang, agency=name, robot=robot), file=sys.stderr)
        else:
            failed += 1
            reason = result.reason(lang)
            print(word("send_failed", lang, agency=name, reason=reason), file=sys.stderr)
    if not dry_run:
        summary = word("send_summary", lang, delivered=delivered, failed=failed, skipped=skipped)
        print(summary, file=sys.stderr)
    if failed:
        raise typer.Exit(1)
