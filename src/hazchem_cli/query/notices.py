"""Graded notices (督办单): each unit's tasks that need chasing, red, yellow or blue.

The grades follow the office's practice of escalating reminders:

- red: overdue;
- yellow: due within 7 days, or behind: an ongoing task with no progress note for the
  stale period (``--stale-after``), which has no deadline to miss but has gone silent;
- blue: due within 30 days.

A unit gets a notice for the tasks it carries as lead or responsible unit (a group's
tasks reach its listed members); a unit with nothing graded gets none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from hazchem_cli.model.levels import Level
from hazchem_cli.model.records import AgencyView
from hazchem_cli.model.registry import AgencyRegistry
from hazchem_cli.query.judge import JudgedTask
from hazchem_cli.query.rounds import reporting_units

#: Days before the due date that make a task yellow, and blue.
YELLOW_WITHIN_DAYS = 7
BLUE_WITHIN_DAYS = 30


class Grade(str, Enum):
    RED = "red"
    YELLOW = "yellow"
    BLUE = "blue"


GRADES = (Grade.RED, Grade.YELLOW, Grade.BLUE)


@dataclass(frozen=True)
class GradedTask:
    grade: Grade
    item: JudgedTask

    @property
    def days_left(self) -> int | None:
        return None if self.item.due is None else (self.item.due - self.item.as_of).days


@dataclass(frozen=True)
class Notice:
    """One unit's notice: its graded tasks, red first, each grade soonest due first."""

    agency: AgencyView
    as_of: dt.date
    tasks: tuple[GradedTask, ...]

    def graded(self, grade: Grade) -> list[GradedTask]:
        return [task for task in self.tasks if task.grade is grade]


def grade_of(item: JudgedTask) -> Grade | None:
    """The grade of a judged task, or None when it needs no notice."""
    if item.done_by_then:
        return None
    if item.level is Level.RED:
        return Grade.RED
    if item.level is Level.STALE:
        return Grade.YELLOW
    if item.due is None:
        return None
    days = (item.due - item.as_of).days
    if days <= YELLOW_WITHIN_DAYS:
        return Grade.YELLOW
    if days <= BLUE_WITHIN_DAYS:
        return Grade.BLUE
    return None


def build_notices(
    judged: Sequence[JudgedTask],
    registry: AgencyRegistry,
    as_of: dt.date,
    only: Sequence[AgencyView] = (),
) -> list[Notice]:
    """A notice for every unit with a graded task, in the registry's order."""
    per_unit: dict[str, list[GradedTask]] = {}
    for item in judged:
        grade = grade_of(item)
        if grade is None:
            continue
        for unit in reporting_units(item.task, registry):
            if not only or unit in only:
                per_unit.setdefault(unit.name, []).append(GradedTask(grade, item))
    notices = []
    for agency in registry.agencies:
        tasks = per_unit.get(agency.name)
        if tasks:
            ordered = sorted(
                tasks,
                key=lambda t: (
                    GRADES.index(t.grade),
                    t.item.due or dt.date.max,
                    t.item.source,
                    t.item.task.id,
                ),
            )
            notices.append(Notice(agency, as_of, tuple(ordered)))
    return notices
