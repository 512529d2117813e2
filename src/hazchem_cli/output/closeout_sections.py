"""The close-out parts of ``show``, ``summary`` and the briefing: evidence, stamps, and
the tasks waiting for sign-off by who must act next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.model.late_extensions import LateExtension
from hazchem_cli.model.records import Decision, SignoffRole, TaskView
from hazchem_cli.output.sections import Cell, Column, Section
from hazchem_cli.query.closeout import CloseoutTally
from hazchem_cli.query.judge import JudgedTask
from hazchem_cli.store.signoff_rules import current_approvals


def _columns(lang: Lang, *keys: str) -> list[Column]:
    return [Column(key, word(key, lang), wrap=key in {"task", "title", "reason"}) for key in keys]


def evidence_section(task: TaskView, lang: Lang) -> Section:
    rows: list[dict[str, Cell]] = [
        {
            "on": item.on.isoformat(),
            "by": item.by,
            "evidence_title": item.title,
            "evidence_where": item.path or item.url,
            "evidence_size": item.size,
            "sha256": item.sha256,
        }
        for item in task.evidence
    ]
    columns = _columns(lang, "on", "by", "evidence_title", "evidence_where", "evidence_size")
    return Section(
        "evidence", word("title_evidence", lang), columns, rows, empty=word("none_evidence", lang)
    )


def signoffs_section(task: TaskView, lang: Lang) -> Section:
    """Every stamp, oldest first; an approval is in force, or history from before a return.

    (A loaded list has no void stamps: a stamp its task no longer matches is an error.)
    """
    in_force = {index for index, _ in current_approvals(task)}
    rows: list[dict[str, Cell]] = []
    for index, stamp in enumerate(task.signoffs):
        standing = ""
        if stamp.decision is Decision.APPROVE:
            standing = "signoff_in_force" if index in in_force else "signoff_history"
        rows.append(
            {
                "on": stamp.on.isoformat(),
                "signoff_role": word(f"closeout_role_{stamp.role.value}", lang),
                "by": stamp.by,
                "signoff_decision": word(f"closeout_decision_{stamp.decision.value}", lang),
                "reason": stamp.reason,
                "signoff_standing": word(standing, lang) if standing else "",
                "role": stamp.role.value,
                "decision": stamp.decision.value,
                "fingerprint": stamp.fingerprint,
            }
        )
    columns = _columns(
        lang, "on", "signoff_role", "by", "signoff_decision", "reason", "signoff_standing"
    )
    return Section(
        "signoffs", word("title_signoffs", lang), columns, rows, empty=word("none_signoffs", lang)
    )


def late_extensions_section(
    pairs: Sequence[tuple[JudgedTask, LateExtension]], lang: Lang
) -> Section:
    """Extensions asked for late (超期申请): the days overdue before them still count."""
    rows: list[dict[str, Cell]] = [
        {
            "id": item.ref,
            "task": item.task.task,
            "late_extension_due": late.due.isoformat(),
            "late_extension_on": late.on.isoformat(),
            "late_extension_days": late.days,
            "to": late.to,
        }
        for item, late in pairs
    ]
    columns = _columns(
        lang, "id", "task", "late_extension_due", "late_extension_on", "late_extension_days", "to"
    )
    return Section("late_extensions", word("title_late_extensions", lang), columns, rows)


def closeout_sections(tally: CloseoutTally, as_of: dt.date, lang: Lang) -> list[Section]:
    """The counts (待审核 by whom, 已销号) and the waiting tasks, longest wait first."""
    counts: list[dict[str, Cell]] = [
        {
            "closeout_stage": word(
                "closeout_waiting_for", lang, role=word(f"closeout_role_{role.value}", lang)
            ),
            "count": tally.waiting_for(role),
        }
        for role in SignoffRole
    ]
    counts.append({"closeout_stage": word("closed", lang), "count": tally.closed})
    waiting: list[dict[str, Cell]] = [
        {
            "id": wait.item.ref,
            "task": wait.item.task.task,
            "closeout_next": word(f"closeout_role_{wait.role.value}", lang),
            "closeout_units": list(wait.units),
            "closeout_since": wait.since.isoformat(),
            "days_waiting": wait.days_waiting,
            "role": wait.role.value,
        }
        for wait in tally.awaiting
    ]
    return [
        Section(
            "closeout",
            word("title_closeout", lang, as_of=as_of),
            _columns(lang, "closeout_stage", "count"),
            counts,
        ),
        Section(
            "awaiting_review",
            word("title_awaiting_review", lang),
            _columns(
                lang,
                "id",
                "task",
                "closeout_next",
                "closeout_units",
                "closeout_since",
                "days_waiting",
            ),
            waiting,
            empty=word("none_awaiting_review", lang),
        ),
    ]
