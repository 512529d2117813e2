"""Judging tasks on a day and selecting them: which tasks, judged on which day, for whom.

Everything here is a plain function of the data and a date, so every answer the CLI
prints can be computed, and tested, without a terminal.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import NamedTuple

from hazchem_cli.model.defaults import DEFAULT_STALE_AFTER_DAYS, DEFAULT_WITHIN_DAYS
from hazchem_cli.model.levels import Level, days_overdue, is_done_late, warning_level
from hazchem_cli.model.records import AgencyView, Decision, SignoffRole, Status, TaskView
from hazchem_cli.model.registry import AgencyRegistry
from hazchem_cli.store.collection import Collection
from hazchem_cli.store.signoff_rules import approval_by

_new_tuple = tuple.__new__


class Role(str, Enum):
    LEAD = "lead"
    RESPONSIBLE = "responsible"
    ANY = "any"


class JudgedTask(NamedTuple):
    """A task as it stands on one day: the level and lateness are computed, never stored.

    A named tuple rather than a frozen dataclass: as immutable, and built in half the
    time, which counts because every query judges every task of the list.
    """

    task: TaskView
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
        status = self.task.status
        if not status.completed:
            return status  # most tasks: nothing else to look at
        if not self.done_by_then:
            return Status.IN_PROGRESS
        if status is Status.CLOSED:
            closing = approval_by(self.task, SignoffRole.OFFICE)
            if closing is not None and closing.on > self.as_of:
                return Status.DONE  # reported done then, not yet closed
        return self.task.status

    @property
    def id(self) -> int:
        """The task's number (序号) within its list."""
        return self.task.id

    @property
    def lead(self) -> list[str]:
        """The lead units (牵头单位), as the list names them."""
        return self.task.lead

    @property
    def responsible(self) -> list[str]:
        """The responsible units (责任单位), as the list names them."""
        return self.task.responsible

    @property
    def ref(self) -> str:
        """The task's id, qualified by its list when several lists are read."""
        return f"{self.source}:{self.task.id}" if self.source else str(self.task.id)

    @property
    def done_by_then(self) -> bool:
        """Done on or before the day judged; a later ``done_on`` is still in the future."""
        done_on = self.task.done_on
        return done_on is not None and done_on <= self.as_of


class TaskFilter(NamedTuple):
    """Filters that combine: a task must pass every one that is set."""

    agencies: tuple[AgencyView, ...] = ()
    role: Role = Role.ANY
    direct: bool = False
    measure: str | None = None
    status: Status | None = None
    due_before: dt.date | None = None  # due on or before
    due_after: dt.date | None = None  # due on or after
    dated: bool | None = None  # True: only tasks with a due date; False: only ongoing
    search: tuple[str, ...] = ()  # every text must be in the task
    levels: tuple[Level, ...] = ()
    extended: bool = False


def judge(
    task: TaskView,
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
    late = days_overdue(due, done_on, as_of)
    fields = (task, as_of, due, level, late, is_done_late(due, done_on, as_of), (), source)
    # The tuple's own constructor: a named tuple's is a Python function, called per task.
    return _new_tuple(JudgedTask, fields)


def latest_note_day(task: TaskView, as_of: dt.date) -> dt.date | None:
    """The day of the task's latest progress note or stage review (阶段性审核) written by
    ``as_of``: later ones had not been written on the day judged."""
    days = [note.on for note in task.progress]
    days += [stamp.on for stamp in task.signoffs if stamp.decision is Decision.STAGE]
    return max((day for day in days if day <= as_of), default=None)


def select(
    tasks: Sequence[TaskView],
    registry: AgencyRegistry,
    task_filter: TaskFilter,
    as_of: dt.date,
    within_days: int = DEFAULT_WITHIN_DAYS,
    source: str = "",
    stale_after: int = DEFAULT_STALE_AFTER_DAYS,
) -> list[JudgedTask]:
    """The tasks that pass ``task_filter``, judged on ``as_of``, in list order."""
    filtering = task_filter != TaskFilter()  # the default lets every task through
    if not filtering:
        return [judge(task, as_of, within_days, source, stale_after) for task in tasks]
    selected: list[JudgedTask] = []
    for task in tasks:
        judged = judge(task, as_of, within_days, source, stale_after)
        if not _passes(judged, task_filter):
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
        all(text.casefold() in task.task.casefold() for text in task_filter.search),
        not task_filter.levels or judged.level in task_filter.levels,
        not task_filter.extended or bool(task.extensions),
    )
    return all(checks)


def _reached(
    task: TaskView, task_filter: TaskFilter, registry: AgencyRegistry
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
    # Two stable sorts by keys read in C, not one by a key made in Python a task: by list
    # and id, then most overdue first (a red task's days overdue is a number).
    late.sort(key=operator.attrgetter("source", "task.id"))
    late.sort(key=operator.attrgetter("days_overdue"), reverse=True)
    return late


def upcoming(judged: Iterable[JudgedTask]) -> list[JudgedTask]:
    """Tasks due soon, soonest first (then by id)."""
    soon = [item for item in judged if item.level is Level.YELLOW]
    return sorted(soon, key=lambda item: (item.due or dt.date.max, item.source, item.task.id))


def judged_tasks(
    collection: Collection,
    task_filter: TaskFilter,
    as_of: dt.date,
    within_days: int = DEFAULT_WITHIN_DAYS,
    stale_after: int = DEFAULT_STALE_AFTER_DAYS,
    *,
    overdue_only: bool = False,
) -> list[JudgedTask]:
    """The tasks of every list that pass ``task_filter``, each marked with its list.

    ``overdue_only`` says only the overdue ones are wanted (``overdue``): others may be
    left out, and the lists read from the records leave out most of them unread.
    """
    judged: list[JudgedTask] = []
    for task_list in collection.lists:
        source = task_list.label if collection.many else ""
        tasks = task_list.tasks(as_of if overdue_only else None)
        judged += select(
            tasks, collection.registry, task_filter, as_of, within_days, source, stale_after
        )
    return judged
