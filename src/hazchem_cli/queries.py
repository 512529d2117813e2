"""Questions asked of the task list: which tasks, judged on which day, for whom.

Everything here is a plain function of the data and a date, so every answer the CLI
prints can be computed, and tested, without a terminal.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from hazchem_cli.deadlines import (
    DEFAULT_STALE_AFTER_DAYS,
    Level,
    days_overdue,
    is_done_late,
    warning_level,
)
from hazchem_cli.models import Agency, Decision, SignoffRole, Status, Task
from hazchem_cli.problems import UsageError
from hazchem_cli.registry import AgencyRegistry, did_you_mean
from hazchem_cli.store.signoff_rules import approval_by

DEFAULT_WITHIN_DAYS = 30


class Role(str, Enum):
    LEAD = "lead"
    RESPONSIBLE = "responsible"
    ANY = "any"


class JudgedTask(NamedTuple):
    """A task as it stands on one day: the level and lateness are computed, never stored.

    A named tuple rather than a frozen dataclass: as immutable, and built in half the
    time, which counts because every query judges every task of the list.
    """

    task: Task
    as_of: dt.date
    due: dt.date | None
    level: Level
    days_overdue: int | None
    done_late: bool
    #: Groups through which a filtered agency reaches this task (empty when named directly).
    reached_via: tuple[str, ...] = ()
    #: The list the task comes from when several are read (``hangzhou``), else empty.
    source: str = ""

    @property
    def status(self) -> Status:
        """The status on the day judged: a task done later was still in progress then."""
        if self.task.status.completed and not self.done_by_then:
            return Status.IN_PROGRESS
        if self.task.status is Status.CLOSED:
            closing = approval_by(self.task, SignoffRole.OFFICE)
            if closing is not None and closing.on > self.as_of:
                return Status.DONE  # reported done then, not yet closed
        return self.task.status

    @property
    def ref(self) -> str:
        """The task's id, qualified by its list when several lists are read."""
        return f"{self.source}:{self.task.id}" if self.source else str(self.task.id)

    @property
    def done_by_then(self) -> bool:
        """Done on or before the day judged; a later ``done_on`` is still in the future."""
        done_on = self.task.done_on
        return done_on is not None and done_on <= self.as_of


@dataclass(frozen=True)
class TaskFilter:
    """Filters that combine: a task must pass every one that is set."""

    agencies: tuple[Agency, ...] = ()
    role: Role = Role.ANY
    direct: bool = False
    measure: str | None = None
    status: Status | None = None
    due_before: dt.date | None = None  # due on or before
    due_after: dt.date | None = None  # due on or after
    dated: bool | None = None  # True: only tasks with a due date; False: only ongoing
    search: str | None = None
    levels: tuple[Level, ...] = ()
    extended: bool = False


def judge(
    task: Task,
    as_of: dt.date,
    within_days: int = DEFAULT_WITHIN_DAYS,
    source: str = "",
    stale_after: int = DEFAULT_STALE_AFTER_DAYS,
) -> JudgedTask:
    due = task.deadline_on(as_of).due
    done_on = task.done_on if task.status.completed else None
    # Only an ongoing task can go stale, so only its progress notes need looking through.
    last_note = latest_note_day(task, as_of) if due is None else None
    level = warning_level(due, done_on, as_of, within_days, last_note, stale_after)
    return JudgedTask(
        task=task,
        as_of=as_of,
        due=due,
        level=level,
        days_overdue=days_overdue(due, done_on, as_of),
        done_late=is_done_late(due, done_on, as_of),
        source=source,
    )


def latest_note_day(task: Task, as_of: dt.date) -> dt.date | None:
    """The day of the task's latest progress note or stage review (阶段性审核) written by
    ``as_of``: later ones had not been written on the day judged."""
    days = [note.on for note in task.progress]
    days += [stamp.on for stamp in task.signoffs if stamp.decision is Decision.STAGE]
    return max((day for day in days if day <= as_of), default=None)


def resolve_agencies(registry: AgencyRegistry, names: Iterable[str]) -> tuple[Agency, ...]:
    """The agencies named on the command line, by any accepted name, or a usage error."""
    found: list[Agency] = []
    for name in names:
        agency = registry.resolve(name)
        if agency is None:
            raise UsageError(f"unknown agency {name!r}{did_you_mean(registry.suggest(name))}")
        if agency not in found:
            found.append(agency)
    return tuple(found)


def select(
    tasks: Sequence[Task],
    registry: AgencyRegistry,
    task_filter: TaskFilter,
    as_of: dt.date,
    within_days: int = DEFAULT_WITHIN_DAYS,
    source: str = "",
    stale_after: int = DEFAULT_STALE_AFTER_DAYS,
) -> list[JudgedTask]:
    """The tasks that pass ``task_filter``, judged on ``as_of``, in list order."""
    selected: list[JudgedTask] = []
    filtering = task_filter != TaskFilter()  # the default lets every task through
    for task in tasks:
        judged = judge(task, as_of, within_days, source, stale_after)
        if filtering and not _passes(judged, task_filter):
            continue
        if task_filter.agencies:
            reached = _reached(task, task_filter, registry)
            if reached is None:
                continue
            judged = judged._replace(reached_via=reached)
        selected.append(judged)
    return selected


def _passes(judged: JudgedTask, task_filter: TaskFilter) -> bool:
    task = judged.task
    due = judged.due
    checks = (
        task_filter.measure is None or task_filter.measure.casefold() in task.measure.casefold(),
        task_filter.status is None or judged.status is task_filter.status,
        task_filter.due_before is None or (due is not None and due <= task_filter.due_before),
        task_filter.due_after is None or (due is not None and due >= task_filter.due_after),
        task_filter.dated is None or (due is not None) is task_filter.dated,
        task_filter.search is None or task_filter.search.casefold() in task.task.casefold(),
        not task_filter.levels or judged.level in task_filter.levels,
        not task_filter.extended or bool(task.extensions),
    )
    return all(checks)


def _reached(
    task: Task, task_filter: TaskFilter, registry: AgencyRegistry
) -> tuple[str, ...] | None:
    """How a filtered agency reaches ``task``: () directly, (group, ...) via groups, or None."""
    if task_filter.role is Role.ANY:
        named = {*task.lead, *task.responsible}
    else:
        named = set(task.lead if task_filter.role is Role.LEAD else task.responsible)
    via: list[str] = []
    for agency in task_filter.agencies:
        if agency.name in named:
            return ()
        if not task_filter.direct:
            via += [g.name for g in registry.groups_containing(agency) if g.name in named]
    return tuple(dict.fromkeys(via)) or None


def overdue(judged: Iterable[JudgedTask]) -> list[JudgedTask]:
    """Overdue tasks, most overdue first (then by id)."""
    late = [item for item in judged if item.level is Level.RED]
    return sorted(late, key=lambda item: (-(item.days_overdue or 0), item.source, item.task.id))


def upcoming(judged: Iterable[JudgedTask]) -> list[JudgedTask]:
    """Tasks due soon, soonest first (then by id)."""
    soon = [item for item in judged if item.level is Level.YELLOW]
    return sorted(soon, key=lambda item: (item.due or dt.date.max, item.source, item.task.id))


@dataclass(frozen=True)
class AgencyStanding:
    """One agency's share of the list on a day."""

    agency: Agency
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
