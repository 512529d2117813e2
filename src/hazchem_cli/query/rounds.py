"""Reporting rounds (周调度、月通报): who reported on each open task this round, who did not.

The office asks every unit, each week or month, for word on every task it carries that
is still open. A unit has reported on a task in a round when the file records something
from it dated in the round: a progress note by that unit, a stage review (阶段性审核) it
signed, or the task's completion (``done_on``), which answers for every unit of the task. Status changes other than
completion carry no date in the file, so they cannot be placed in a round.

Units are those a task names as lead or responsible; a group stands for its listed
members (a group with no members listed is nobody who can report, and is left out).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from hazchem_cli.model.dates import month_end
from hazchem_cli.model.records import AgencyKind, AgencyView, Decision, TaskView
from hazchem_cli.model.registry import AgencyRegistry
from hazchem_cli.query.judge import JudgedTask


class Period(str, Enum):
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class Round:
    """One reporting round: a week (Monday to Sunday) or a calendar month."""

    period: Period
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        """``2022-W50`` (ISO week) or ``2022-12``."""
        if self.period is Period.WEEK:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start:%Y-%m}"


def round_of(day: dt.date, period: Period) -> Round:
    """The round ``day`` falls in."""
    if period is Period.WEEK:
        start = day - dt.timedelta(days=day.weekday())
        return Round(period, start, start + dt.timedelta(days=6))
    return Round(period, day.replace(day=1), month_end(day.year, day.month))


def rounds_until(as_of: dt.date, period: Period, count: int) -> list[Round]:
    """The round holding ``as_of`` and the ``count - 1`` before it, oldest first."""
    rounds = [round_of(as_of, period)]
    while len(rounds) < count:
        rounds.insert(0, round_of(rounds[0].start - dt.timedelta(days=1), period))
    return rounds


@dataclass(frozen=True)
class UnitRound:
    """One unit in one round: its open tasks, those it reported on, and those it did not."""

    round: Round
    agency: AgencyView
    open_tasks: tuple[str, ...]
    reported: tuple[str, ...]
    missing: tuple[str, ...]
    #: The unit's latest report on any of its tasks, up to the round's last day counted.
    last_report: dt.date | None
    #: The last day the round is judged on: its end, or the day asked about if earlier.
    judged_on: dt.date

    @property
    def days_since(self) -> int | None:
        return None if self.last_report is None else (self.judged_on - self.last_report).days


def reporting_units(task: TaskView, registry: AgencyRegistry) -> list[AgencyView]:
    """The units that report on ``task``: those it names, groups replaced by members."""
    units: dict[str, AgencyView] = {}
    for name in (*task.lead, *task.responsible):
        agency = registry.by_name(name)
        if agency is None:
            continue
        if agency.kind is AgencyKind.GROUP:
            for member in agency.members:
                found = registry.by_name(member)
                if found is not None:
                    units.setdefault(found.name, found)
        else:
            units.setdefault(agency.name, agency)
    return list(units.values())


def unit_rounds(
    judged: Sequence[JudgedTask],
    registry: AgencyRegistry,
    rounds: Iterable[Round],
    as_of: dt.date,
    only: Sequence[AgencyView] = (),
) -> list[UnitRound]:
    """Every unit with an open task in each round, the units with gaps first.

    A task is open in a round when it was not done before the round began. ``only``
    limits the units shown (``--agency``).
    """
    found: list[UnitRound] = []
    for each in rounds:
        last_day = min(each.end, as_of)
        per_unit: dict[str, tuple[AgencyView, list[str], list[str], dt.date | None]] = {}
        for item in judged:
            task = item.task
            if task.done_on is not None and task.done_on < each.start:
                continue
            done_in_round = task.done_on is not None and each.start <= task.done_on <= last_day
            for unit in reporting_units(task, registry):
                if only and unit not in only:
                    continue
                agency, open_tasks, reported, last = per_unit.setdefault(
                    unit.name, (unit, [], [], None)
                )
                days = [note.on for note in task.progress if note.by == unit.name]
                days += [
                    stamp.on
                    for stamp in task.signoffs
                    if stamp.by == unit.name and stamp.decision is Decision.STAGE
                ]
                in_round = any(each.start <= day <= last_day for day in days)
                latest = max((day for day in days if day <= last_day), default=None)
                if latest is not None and (last is None or latest > last):
                    per_unit[unit.name] = (agency, open_tasks, reported, latest)
                open_tasks.append(item.ref)
                if in_round or done_in_round:
                    reported.append(item.ref)
        for agency, open_tasks, reported, last in per_unit.values():
            missing = tuple(ref for ref in open_tasks if ref not in reported)
            found.append(
                UnitRound(each, agency, tuple(open_tasks), tuple(reported), missing, last, last_day)
            )
    order = {agency.name: index for index, agency in enumerate(registry.agencies)}
    return sorted(
        found,
        key=lambda row: (
            row.round.start,
            not row.missing,
            -(row.days_since if row.days_since is not None else 1_000_000),
            order.get(row.agency.name, 0),
        ),
    )
