"""Writing a merge by meaning as a file: "ours" changed only where the merge changed it.

The merged file is written from ours (the branch being merged into), through ruamel.yaml's
round trip, touching only the tasks and fields the merge changed and leaving every comment
in place, then put in canonical form (``hazchem fmt``'s), so the merge commit's diff is the
other branch's changes and nothing else. Where both branches changed the same thing, the
file is written once with ours' values and once with theirs', and git's markers are put
around the lines where the two differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from hazchem_cli.edit.fmt import canonicalise_task, quoted_deadline
from hazchem_cli.edit.layout import (
    EXTENSION_KEY_ORDER,
    PROGRESS_KEY_ORDER,
    TASK_FILE_KEY_ORDER,
    TASK_KEY_ORDER,
    append_to,
    delete_key,
    reorder,
    set_in_order,
)
from hazchem_cli.edit.yaml_write import detect_style, render
from hazchem_cli.errors import Problem
from hazchem_cli.model.documents import Extension, ProgressNote, Status, Task, TaskFile
from hazchem_cli.model.registry import AgencyRegistry
from hazchem_cli.review.merge import (
    FILE_FIELDS,
    Conflict,
    merge_models,
    read_task_file,
    with_markers,
)
from hazchem_cli.store.validate import check_task_text
from hazchem_cli.store.yaml_read import DataText, parse_roundtrip

ItemT = TypeVar("ItemT", ProgressNote, Extension)


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
    ours_text = rewritten(ours, current, merged.ours)
    if merged.conflicts:
        theirs_text = rewritten(ours, current, merged.theirs)
        text = with_markers(ours_text, theirs_text, ours.newline)
        return TextMerge(text, ours.has_bom, merged.conflicts, [])
    checked = check_task_text(
        DataText(ours.path, ours_text, ours.has_bom, ours.newline), registry, today
    )
    before = check_task_text(ours, registry, today)
    # A rule the branch being merged into already breaks is not the merge's doing.
    problems = checked.problems if not before.problems else []
    return TextMerge(ours_text, ours.has_bom, [], problems)


def rewritten(ours: DataText, current: TaskFile, target: TaskFile) -> str:
    """Ours' text changed to mean ``target``: only the tasks and fields that differ are
    touched, comments stay, and the result is in canonical form."""
    document = parse_roundtrip(ours)
    style = detect_style(ours, document)
    for name in FILE_FIELDS:
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
