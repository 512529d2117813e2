"""Counting judged tasks: each agency's share, and counts by level per measure, list or month.

Plain functions of judged tasks, so the summary board, the agencies table and the
briefing count the same way.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from hazchem_cli.model.levels import Level
from hazchem_cli.model.records import AgencyView
from hazchem_cli.model.registry import AgencyRegistry
from hazchem_cli.query.judge import JudgedTask


@dataclass(frozen=True)
class AgencyStanding:
    """One agency's share of the list on a day."""

    agency: AgencyView
    led: int
    responsible: int
    overdue: int
    next_due: dt.date | None
    levels: Counter[Level] = field(default_factory=Counter)


def agency_standings(
    judged: Sequence[JudgedTask], registry: AgencyRegistry, as_of: dt.date
) -> list[AgencyStanding]:
    """For every agency: tasks led, tasks as responsible, overdue now, the next due date.

    Counts are of tasks that name the agency itself; a group's tasks are counted on the
    group (its members are listed beside it), so no task is counted twice.
    """
    standings: list[AgencyStanding] = []
    for agency in registry.agencies:
        mine = [j for j in judged if agency.name in (*j.task.lead, *j.task.responsible)]
        pending = [j.due for j in mine if j.due is not None and not j.done_by_then]
        future = [due for due in pending if due >= as_of]
        standings.append(
            AgencyStanding(
                agency=agency,
                led=sum(agency.name in j.task.lead for j in mine),
                responsible=sum(agency.name in j.task.responsible for j in mine),
                overdue=sum(j.level is Level.RED for j in mine),
                next_due=min(future, default=None),
                levels=Counter(j.level for j in mine),
            )
        )
    return standings


@dataclass(frozen=True)
class Tally:
    """Counts by warning level for one line of the summary board."""

    label: str
    levels: Counter[Level]

    @property
    def total(self) -> int:
        return sum(self.levels.values())


def tally_by(judged: Sequence[JudgedTask], label_of: Callable[[JudgedTask], str]) -> list[Tally]:
    """Counts by warning level per label, labels in order of first appearance."""
    counts: dict[str, Counter[Level]] = {}
    for item in judged:
        counts.setdefault(label_of(item), Counter())[item.level] += 1
    return [Tally(label, levels) for label, levels in counts.items()]


def tally_by_measure(judged: Sequence[JudgedTask]) -> list[Tally]:
    return tally_by(judged, lambda item: item.task.measure)


def tally_by_source(judged: Sequence[JudgedTask]) -> list[Tally]:
    return tally_by(judged, lambda item: item.source)


def deadlines_by_month(judged: Sequence[JudgedTask]) -> list[Tally]:
    """Dated tasks per month of their current deadline, in calendar order."""
    dated = sorted(
        (item for item in judged if item.due is not None), key=lambda i: i.due or dt.date.min
    )
    return tally_by(dated, lambda item: f"{item.due:%Y-%m}")
