"""Who must act next on a completed task: the lead unit's review, or the office's.

A task reported done (办结) waits first for its lead unit, then for the office; the
office's approval closes it (已销号). The briefing counts the two waits apart from the
closed tasks, and lists each waiting task with the days it has waited, so a meeting can
see whose desk a completion is lying on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hazchem_cli.model.records import SignoffRole, Status
from hazchem_cli.query.judge import JudgedTask
from hazchem_cli.store.signoff_rules import current_approvals


@dataclass(frozen=True)
class AwaitingReview:
    """A completed task waiting for ``role`` (units ``units``) since ``since``."""

    item: JudgedTask
    role: SignoffRole
    units: tuple[str, ...]
    since: dt.date

    @property
    def days_waiting(self) -> int:
        return (self.item.as_of - self.since).days


@dataclass(frozen=True)
class CloseoutTally:
    """The close-out standing of a set of tasks on the day judged."""

    awaiting: list[AwaitingReview]
    closed: int

    def waiting_for(self, role: SignoffRole) -> int:
        return sum(1 for wait in self.awaiting if wait.role is role)


def closeout_tally(
    items: Sequence[JudgedTask], office_of: Callable[[JudgedTask], str]
) -> CloseoutTally:
    """Tasks awaiting review, grouped by who must act (lead units first, then the office),
    oldest wait first; and how many are closed.

    Ongoing tasks are never closed and wait for no one. Judged as of each item's day:
    a stamp dated later had not been made then.
    """
    awaiting: list[AwaitingReview] = []
    closed = 0
    for item in items:
        status = item.status
        if status is Status.CLOSED:
            closed += 1
        if status is not Status.DONE or item.due is None or item.task.done_on is None:
            continue
        approvals = [s for _, s in current_approvals(item.task) if s.on <= item.as_of]
        lead = next((s for s in approvals if s.role is SignoffRole.LEAD), None)
        if lead is None:
            wait = AwaitingReview(item, SignoffRole.LEAD, tuple(item.task.lead), item.task.done_on)
        else:
            wait = AwaitingReview(item, SignoffRole.OFFICE, (office_of(item),), lead.on)
        awaiting.append(wait)
    awaiting.sort(key=lambda w: (w.role is SignoffRole.OFFICE, w.units, w.since, w.item.task.id))
    return CloseoutTally(awaiting, closed)
