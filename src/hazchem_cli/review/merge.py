"""Merging two versions of a task file by meaning, for git's merge driver.

Two agencies adding a note to the same task in the same week touch neighbouring lines,
and git's line merge calls that a conflict that non-programmers cannot resolve. Merged
task by task and field by field instead, against the version both branched from, most
concurrent edits are simply both kept: notes and extensions added on either side (in
date order, once each), and changes to different fields or different tasks. Only the
same field changed differently on both sides is a real conflict; it is written with
git's own markers around just that field's lines, so editors offer "accept ours/theirs"
and ``hazchem check`` names it.

This module merges by meaning and marks conflicts; writing the merged file, from "ours"
and in canonical form, is the edit layer's (``hazchem_cli.edit.merge_file``).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError

from hazchem_cli.errors import DataError
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model.documents import Extension, ProgressNote, Task, TaskFile
from hazchem_cli.store.yaml_read import DataText, parse_plain

ItemT = TypeVar("ItemT", ProgressNote, Extension)

FILE_FIELDS = ("title", "source", "issued_by")
#: The parts of a task merged as one value each. ``status`` and ``done_on`` go together:
#: one side's "done on the 3rd" and the other's "done on the 5th" are one disagreement.
_SCALAR_FIELDS = (
    "measure",
    "task",
    "lead",
    "responsible",
    "open_list",
    "divided_responsibility",
    "deadline",
)
MARKER_SIZE = 7


class NotMergeable(Exception):
    """A side is not a valid task file, so it cannot be merged by meaning."""


@dataclass(frozen=True)
class Conflict:
    """The same thing changed differently on both sides: a task's field, or a whole task
    (``field`` None: added with the same id on both sides, or removed on one side and
    changed on the other), or a field of the file itself (``task_id`` None)."""

    task_id: int | None
    field: str | None


@dataclass(frozen=True)
class ModelMerge:
    """The merge by meaning: ``ours`` and ``theirs`` are equal unless there are conflicts,
    where each holds its own side's value."""

    ours: TaskFile
    theirs: TaskFile
    conflicts: list[Conflict]


def read_task_file(data: DataText) -> TaskFile:
    """A side of the merge as a model: it must be a task file whose ids are unique.

    The data rules of ``check`` are not applied here: a merge joins what both branches
    hold, and the result is checked as a whole afterwards.
    """
    try:
        plain = parse_plain(data)
        model = TaskFile.model_validate(plain)
    except (DataError, ValidationError) as exc:
        raise NotMergeable(_("{path} is not a valid task file", path=data.path)) from exc
    ids = [task.id for task in model.tasks]
    if len(set(ids)) != len(ids):
        raise NotMergeable(_("{path} gives a task id twice", path=data.path))
    return model


def merge_models(base: TaskFile, ours: TaskFile, theirs: TaskFile) -> ModelMerge:
    """Three-way merge of the file's fields and of each task (matched by id)."""
    conflicts: list[Conflict] = []
    ours_fields: dict[str, Any] = {}
    theirs_fields: dict[str, Any] = {}
    for name in FILE_FIELDS:
        merged = _three_way(getattr(base, name), getattr(ours, name), getattr(theirs, name))
        if merged is None:
            conflicts.append(Conflict(None, name))
            ours_fields[name], theirs_fields[name] = getattr(ours, name), getattr(theirs, name)
        else:
            ours_fields[name] = theirs_fields[name] = merged[0]
    was = {task.id: task for task in base.tasks}
    mine = {task.id: task for task in ours.tasks}
    other = {task.id: task for task in theirs.tasks}
    ours_tasks: list[Task] = []
    theirs_tasks: list[Task] = []
    for task_id in _task_order(ours.tasks, theirs.tasks):
        one, two, conflicted = _merge_task(was.get(task_id), mine.get(task_id), other.get(task_id))
        conflicts += conflicted
        if one is not None:
            ours_tasks.append(one)
        if two is not None:
            theirs_tasks.append(two)
    return ModelMerge(
        TaskFile(**ours_fields, tasks=ours_tasks),
        TaskFile(**theirs_fields, tasks=theirs_tasks),
        conflicts,
    )


def _task_order(ours: Sequence[Task], theirs: Sequence[Task]) -> list[int]:
    """Ours' order; a task only theirs has goes after the task it follows there."""
    order = [task.id for task in ours]
    for position, task in enumerate(theirs):
        if task.id in order:
            continue
        earlier = [t.id for t in theirs[:position] if t.id in order]
        order.insert(order.index(earlier[-1]) + 1 if earlier else 0, task.id)
    return order


def _merge_task(
    base: Task | None, ours: Task | None, theirs: Task | None
) -> tuple[Task | None, Task | None, list[Conflict]]:
    if ours == theirs:
        return ours, theirs, []
    if base is None or ours is None or theirs is None:
        # Added on one side, removed on one side, or added differently on both.
        if ours == base:
            return theirs, theirs, []
        if theirs == base:
            return ours, ours, []
        task_id = next(t.id for t in (ours, theirs) if t is not None)
        return ours, theirs, [Conflict(task_id, None)]
    conflicts: list[Conflict] = []
    mine: dict[str, Any] = {}
    other: dict[str, Any] = {}
    units: list[tuple[str, tuple[str, ...]]] = [(name, (name,)) for name in _SCALAR_FIELDS]
    units.append(("status", ("status", "done_on")))
    for label, names in units:
        values = [tuple(getattr(task, name) for name in names) for task in (base, ours, theirs)]
        merged = _three_way(*values)
        if merged is None:
            conflicts.append(Conflict(ours.id, label))
            mine.update(zip(names, values[1], strict=True))
            other.update(zip(names, values[2], strict=True))
        else:
            mine.update(zip(names, merged[0], strict=True))
            other.update(zip(names, merged[0], strict=True))
    for name in ("extensions", "progress"):
        items = merge_dated(getattr(base, name), getattr(ours, name), getattr(theirs, name))
        mine[name] = other[name] = items
    return (
        ours.model_copy(update=mine),
        theirs.model_copy(update=other),
        conflicts,
    )


def _three_way(base: Any, ours: Any, theirs: Any) -> tuple[Any] | None:
    """The merged value (in a 1-tuple, since None is a value), or None for a conflict."""
    if ours == theirs or theirs == base:
        return (ours,)
    if ours == base:
        return (theirs,)
    return None


def merge_dated(
    base: Sequence[ItemT], ours: Sequence[ItemT], theirs: Sequence[ItemT]
) -> list[ItemT]:
    """Notes or extensions: what both kept, plus what either added (once), by date.

    An item removed on one side is removed; the same item added on both is kept once.
    The sort is stable, so items of one day keep the order they were written in.
    """
    kept: list[ItemT] = [item for item in base if item in ours and item in theirs]
    added_here: list[ItemT] = _without(ours, base)
    added_there: list[ItemT] = _without(_without(theirs, base), added_here)
    return sorted(kept + added_here + added_there, key=_day)


def _day(item: ProgressNote | Extension) -> dt.date:
    return item.on


def _without(items: Sequence[ItemT], others: Sequence[ItemT]) -> list[ItemT]:
    """``items`` less ``others``, counting repeats."""
    remaining = list(others)
    left: list[ItemT] = []
    for item in items:
        if item in remaining:
            remaining.remove(item)
        else:
            left.append(item)
    return left


def with_markers(ours: str, theirs: str, newline: str = "\n") -> str:
    """One text from two that differ only where they conflict, git's markers around each
    difference: ``<<<<<<< ours``, ours' lines, ``=======``, theirs' lines, ``>>>>>>> theirs``."""
    mine = ours.splitlines(keepends=True)
    other = theirs.splitlines(keepends=True)
    lines: list[str] = []
    matcher = difflib.SequenceMatcher(None, mine, other, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += mine[i1:i2]
            continue
        lines.append("<" * MARKER_SIZE + " ours" + newline)
        lines += _ended(mine[i1:i2], newline)
        lines.append("=" * MARKER_SIZE + newline)
        lines += _ended(other[j1:j2], newline)
        lines.append(">" * MARKER_SIZE + " theirs" + newline)
    return "".join(lines)


def _ended(lines: list[str], newline: str) -> list[str]:
    return [line if line.endswith("\n") else line + newline for line in lines]
