"""Merging two versions of a task file by meaning, for git's merge driver.

Two agencies adding a note to the same task in the same week touch neighbouring lines,
and git's line merge calls that a conflict that non-programmers cannot resolve. Merged
task by task and field by field instead, against the version both branched from, most
concurrent edits are simply both kept: notes and extensions added on either side (in
date order, once each), and changes to different fields or different tasks. Only the
same field changed differently on both sides is a real conflict; it is written with
git's own markers around just that field's lines, so editors offer "accept ours/theirs"
and ``hazchem check`` names it.

The merged file is written from "ours" (the branch being merged into), changing only what
the merge changed and in canonical form, so the merge commit's diff is the other
branch's changes and nothing else.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError

from hazchem_cli.canonical import canonicalise_task, quoted_deadline
from hazchem_cli.layout import (
    EXTENSION_KEY_ORDER,
    PROGRESS_KEY_ORDER,
    TASK_FILE_KEY_ORDER,
    TASK_KEY_ORDER,
    append_to,
    delete_key,
    reorder,
    set_in_order,
)
from hazchem_cli.models import Extension, ProgressNote, Status, Task, TaskFile
from hazchem_cli.problems import DataError, Problem
from hazchem_cli.registry import AgencyRegistry
from hazchem_cli.validation import check_task_text
from hazchem_cli.yamlfile import DataText, parse_plain, parse_roundtrip
from hazchem_cli.yamlwrite import detect_style, render

ItemT = TypeVar("ItemT", ProgressNote, Extension)

_FILE_FIELDS = ("title", "source", "issued_by")
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


@dataclass(frozen=True)
class TextMerge:
    """The file to write (with conflict markers when there are conflicts)."""

    text: str
    has_bom: bool
    conflicts: list[Conflict]
    problems: list[Problem]

    @property
    def clean(self) -> bool:
        return not self.conflicts and not self.problems


def read_task_file(data: DataText) -> TaskFile:
    """A side of the merge as a model: it must be a task file whose ids are unique.

    The data rules of ``check`` are not applied here: a merge joins what both branches
    hold, and the result is checked as a whole afterwards.
    """
    try:
        plain = parse_plain(data)
        model = TaskFile.model_validate(plain)
    except (DataError, ValidationError) as exc:
        raise NotMergeable(f"{data.path} is not a valid task file") from exc
    ids = [task.id for task in model.tasks]
    if len(set(ids)) != len(ids):
        raise NotMergeable(f"{data.path} gives a task id twice")
    return model


def merge_models(base: TaskFile, ours: TaskFile, theirs: TaskFile) -> ModelMerge:
    """Three-way merge of the file's fields and of each task (matched by id)."""
    conflicts: list[Conflict] = []
    ours_fields: dict[str, Any] = {}
    theirs_fields: dict[str, Any] = {}
    for name in _FILE_FIELDS:
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


def merge_texts(
    base: DataText,
    ours: DataText,
    theirs: DataText,
    *,
    registry: AgencyRegistry | None,
    today: dt.date,
) -> TextMerge:
    """Merge three versions of a task file into the text to write over ``ours``.

    Raises:
        NotMergeable: when a side is not a valid task file (merge it line by line).
    """
    merged = merge_models(read_task_file(base), read_task_file(ours), read_task_file(theirs))
    current = read_task_file(ours)
    ours_text = _written(ours, current, merged.ours)
    if merged.conflicts:
        theirs_text = _written(ours, current, merged.theirs)
        text = with_markers(ours_text, theirs_text, ours.newline)
        return TextMerge(text, ours.has_bom, merged.conflicts, [])
    checked = check_task_text(
        DataText(ours.path, ours_text, ours.has_bom, ours.newline), registry, today
    )
    before = check_task_text(ours, registry, today)
    # A rule the branch being merged into already breaks is not the merge's doing.
    problems = checked.problems if not before.problems else []
    return TextMerge(ours_text, ours.has_bom, [], problems)


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


def _written(ours: DataText, current: TaskFile, target: TaskFile) -> str:
    """Ours' text changed to mean ``target``: only the tasks and fields that differ are
    touched, comments stay, and the result is in canonical form."""
    document = parse_roundtrip(ours)
    style = detect_style(ours, document)
    for name in _FILE_FIELDS:
        if getattr(current, name) != getattr(target, name):
            document[name] = getattr(target, name)
    reorder(document, TASK_FILE_KEY_ORDER)
    mappings = {
        task.id: (mapping, task)
        for mapping, task in zip(document["tasks"], current.tasks, strict=True)
    }
    wanted: list[Any] = []
    for task in target.tasks:
        if task.id in mappings:
            mapping, was = mappings[task.id]
            if was != task:
                _patch_task(mapping, was, task)
        else:
            mapping = _new_task(task)
        wanted.append(mapping)
    _arrange(document, "tasks", wanted, TASK_FILE_KEY_ORDER)
    for mapping, task in zip(document["tasks"], target.tasks, strict=True):
        canonicalise_task(mapping, task)
    return render(document, style)


def _patch_task(mapping: Any, was: Task, task: Task) -> None:
    for key in TASK_KEY_ORDER[1:]:
        old, new = getattr(was, key), getattr(task, key)
        if old == new:
            continue
        if key in ("extensions", "progress"):
            _patch_items(mapping, key, old, new)
        elif new is None:
            if key in mapping:
                delete_key(mapping, key)
        else:
            set_in_order(mapping, key, _yaml_value(key, new))


def _patch_items(mapping: Any, key: str, old: Sequence[ItemT], new: Sequence[ItemT]) -> None:
    """Make the list under ``key`` hold ``new``, keeping the lines of items that stay."""
    if not new:
        if key in mapping:
            delete_key(mapping, key)
        return
    existing = list(mapping.get(key) or [])
    unused = list(zip(old, existing, strict=True))
    wanted: list[Any] = []
    for item in new:
        match = next((pair for pair in unused if pair[0] == item), None)
        if match is not None:
            unused.remove(match)
            wanted.append(match[1])
        else:
            wanted.append(_new_item(item))
    if key not in mapping or not existing:
        from ruamel.yaml.comments import CommentedSeq

        set_in_order(mapping, key, CommentedSeq(wanted))
        return
    _arrange(mapping, key, wanted, TASK_KEY_ORDER)


def _arrange(parent: Any, key: str, wanted: list[Any], order: Sequence[str]) -> None:
    """Make ``parent[key]`` hold exactly the nodes ``wanted``, in order, moving as few as
    possible: new items at the end are appended the way edits append them."""
    items = parent[key]
    keep = {id(node) for node in wanted}
    for index in reversed(range(len(items))):
        if id(items[index]) not in keep:
            del items[index]
    for index, node in enumerate(wanted):
        if index < len(items) and items[index] is node:
            continue
        later = next((j for j in range(index + 1, len(items)) if items[j] is node), None)
        if later is not None:
            del items[later]
        if index == len(items):
            append_to(parent, key, node, order)
        else:
            items.insert(index, node)


def _yaml_value(key: str, value: Any) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    if key == "deadline":
        return quoted_deadline(value)
    if isinstance(value, Status):
        return value.value
    if isinstance(value, list):
        names = CommentedSeq(value)
        if not value:
            names.fa.set_flow_style()
        return names
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    return value


def _new_item(item: ProgressNote | Extension) -> Any:
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import LiteralScalarString

    def text(value: str) -> Any:
        return LiteralScalarString(value) if "\n" in value else value

    if isinstance(item, ProgressNote):
        values: dict[str, Any] = {"on": item.on, "by": item.by, "note": text(item.note)}
        order: tuple[str, ...] = PROGRESS_KEY_ORDER
    else:
        values = {
            "on": item.on,
            "to": quoted_deadline(item.to),
            "reason": text(item.reason),
            "approved_by": item.approved_by,
        }
        order = EXTENSION_KEY_ORDER
    return CommentedMap(
        (key, _yaml_value(key, values[key])) for key in order if values[key] is not None
    )


def _new_task(task: Task) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    mapping = CommentedMap()
    for key in TASK_KEY_ORDER:
        value = getattr(task, key)
        if key in ("extensions", "progress"):
            if value:
                mapping[key] = CommentedSeq(_new_item(item) for item in value)
        elif value is not None:
            mapping[key] = _yaml_value(key, value)
    return mapping
