"""The rules of close-out (销号) that need only the task list: who may sign, in what order,
and whether a stamp still matches what it signed.

``hazchem check`` and every edit (before it writes) hold the file to these rules, so a
hand edit is judged exactly as a ``hazchem review`` is. The rules about evidence *files*
(present, unchanged) need the disk and live in :mod:`hazchem_cli.store.evidence_files`.

A task's stamps are a history, oldest first. A return (退回) ends a round of review: the
approvals after the last return are the ones in force, and each must still match the
task's fingerprint. Earlier approvals are kept as history and no longer judged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from hazchem_cli.i18n.catalogue import current_lang
from hazchem_cli.i18n.labels import word
from hazchem_cli.model.fingerprint import task_fingerprint
from hazchem_cli.model.records import Decision, SignoffRole, SignoffView, Status, TaskView

Loc = tuple[str | int, ...]


def say(key: str, **values: object) -> str:
    """A close-out message in the run's language (``--lang``, else the environment's)."""
    return word(key, current_lang(), **values)


def current_approvals(task: TaskView) -> list[tuple[int, SignoffView]]:
    """The approvals in force (index, stamp): those after the task's last return."""
    start = 0
    for index, stamp in enumerate(task.signoffs):
        if stamp.decision is Decision.RETURN:
            start = index + 1
    return [
        (index, stamp)
        for index, stamp in enumerate(task.signoffs)
        if index >= start and stamp.decision is Decision.APPROVE
    ]


def approval_by(task: TaskView, role: SignoffRole) -> SignoffView | None:
    """The approval in force for ``role``, if any."""
    return next((s for _, s in current_approvals(task) if s.role is role), None)


def may_sign(task: TaskView, role: SignoffRole, unit: str, office: str) -> str | None:
    """Why ``unit`` may not sign ``task`` in ``role``; None when it may."""
    if role is SignoffRole.LEAD and unit not in task.lead:
        return say("closeout_not_lead", unit=unit, id=task.id, leads="、".join(task.lead))
    if role is SignoffRole.OFFICE and unit != office:
        return say("closeout_not_office", unit=unit, office=office)
    return None


def stale_message(stamp: SignoffView) -> str:
    return say("closeout_stale", by=stamp.by, on=stamp.on)


def signoff_findings(
    task: TaskView, here: Loc, office: str | None, today: dt.date
) -> Iterator[tuple[Loc, str]]:
    """Where ``task`` breaks a close-out rule, and what is wrong, at the line."""
    for number, item in enumerate(task.evidence):
        if item.on > today:
            yield (
                (*here, "evidence", number, "on"),
                say("closeout_after_today", on=item.on, today=today),
            )
    for number, stamp in enumerate(task.signoffs):
        at: Loc = (*here, "signoffs", number)
        if stamp.on > today:
            yield (*at, "on"), say("closeout_after_today", on=stamp.on, today=today)
        if office is not None:
            why = may_sign(task, stamp.role, stamp.by, office)
            if why is not None:
                yield (*at, "by"), why
    yield from _approval_findings(task, here)
    if task.status is Status.CLOSED:
        yield from _closed_findings(task, here)


def _approval_findings(task: TaskView, here: Loc) -> Iterator[tuple[Loc, str]]:
    fingerprint = task_fingerprint(task)
    seen: dict[SignoffRole, SignoffView] = {}
    for number, stamp in current_approvals(task):
        at: Loc = (*here, "signoffs", number)
        if stamp.role in seen:
            yield at, say("closeout_twice", by=seen[stamp.role].by, on=seen[stamp.role].on)
        if stamp.role is SignoffRole.OFFICE and SignoffRole.LEAD not in seen:
            yield at, say("closeout_office_first")
        seen.setdefault(stamp.role, stamp)
        if task.done_on is not None and stamp.on < task.done_on:
            yield (*at, "on"), say("closeout_before_done", on=stamp.on, done_on=task.done_on)
        if stamp.fingerprint != fingerprint:
            yield (*at, "fingerprint"), stale_message(stamp)


def _closed_findings(task: TaskView, here: Loc) -> Iterator[tuple[Loc, str]]:
    at: Loc = (*here, "status")
    if task.current_deadline.due is None:
        yield at, say("closeout_ongoing_closed", deadline=task.current_deadline.text)
    if not task.evidence:
        yield at, say("closeout_closed_no_evidence")
    missing: Sequence[SignoffRole] = [
        role for role in SignoffRole if approval_by(task, role) is None
    ]
    if missing:
        roles = "、".join(say(f"closeout_role_{role.value}") for role in missing)
        yield at, say("closeout_closed_unsigned", roles=roles)
