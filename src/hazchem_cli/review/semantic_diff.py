"""What changed in meaning between two versions of the data files.

A line diff of ``tasks.yaml`` shows reindented lists and moved comments as changes and
hides what a reviewer must weigh: was a deadline moved by a recorded, approved extension,
or was ``deadline`` simply edited? These functions compare the validated models instead,
task by task (matched by id) and agency by agency (matched by name), so layout, key order
and comments never count, and every change in what the files say does.

Each function is pure: it takes two models and returns ``Change`` records in a fixed
order (the file's own fields, then tasks by id, then agencies), ready for any format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from hazchem_cli.model.documents import (
    Agency,
    Decision,
    Evidence,
    Extension,
    ProgressNote,
    Signoff,
    Task,
    TaskFile,
)
from hazchem_cli.store.signoff_rules import current_approvals

#: A value before or after a change: text, a list of names, or absent.
Value = str | tuple[str, ...] | None
ItemT = TypeVar("ItemT")

_FILE_FIELDS = ("title", "source", "issued_by")
_TEXT_FIELDS = ("measure", "task")
_UNIT_FIELDS = ("lead", "responsible")
_MARK_FIELDS = ("open_list", "divided_responsibility")
_AGENCY_FIELDS = ("id", "kind", "name_en", "aliases", "members")


class ChangeKind(str, Enum):
    """What sort of change; the values are the stable keys of ``--format json``."""

    FIELD_CHANGED = "field_changed"
    TASK_ADDED = "task_added"
    TASK_REMOVED = "task_removed"
    TEXT_CHANGED = "text_changed"
    UNITS_CHANGED = "units_changed"
    DEADLINE_MOVED = "deadline_moved"
    EXTENSION_ADDED = "extension_added"
    EXTENSION_REMOVED = "extension_removed"
    STATUS_CHANGED = "status_changed"
    PROGRESS_ADDED = "progress_added"
    PROGRESS_REMOVED = "progress_removed"
    EVIDENCE_ADDED = "evidence_added"
    EVIDENCE_REMOVED = "evidence_removed"
    SIGNOFF_ADDED = "signoff_added"
    SIGNOFF_REMOVED = "signoff_removed"
    SIGNOFF_VOIDED = "signoff_voided"
    TASK_RETURNED = "task_returned"
    AGENCY_ADDED = "agency_added"
    AGENCY_REMOVED = "agency_removed"
    AGENCY_CHANGED = "agency_changed"


@dataclass(frozen=True)
class Change:
    """One change in meaning.

    ``task_id`` is set for a task's changes, ``agency`` (the full name) for an agency's;
    neither for the task file's own fields. ``field`` names the key that changed and
    ``before``/``after`` its values. A ``DEADLINE_MOVED`` change says ``by_extension``:
    True only when a newly recorded extension explains the new deadline in force, False
    when ``deadline`` or the extension history was edited instead. A ``STATUS_CHANGED``
    change carries the new ``done_on``. Added or removed tasks, agencies, notes and
    extensions are given whole as ``entry``.
    """

    kind: ChangeKind
    task_id: int | None = None
    agency: str | None = None
    field: str | None = None
    before: Value = None
    after: Value = None
    by_extension: bool | None = None
    done_on: dt.date | None = None
    entry: Task | Agency | ProgressNote | Extension | Evidence | Signoff | None = None


def diff_task_files(old: TaskFile, new: TaskFile) -> list[Change]:
    """Every change in meaning from ``old`` to ``new``: the file's fields, then each task."""
    changes = [
        Change(ChangeKind.FIELD_CHANGED, field=name, before=before, after=after)
        for name in _FILE_FIELDS
        if (before := getattr(old, name)) != (after := getattr(new, name))
    ]
    return changes + diff_tasks(old.tasks, new.tasks)


def diff_tasks(old: Sequence[Task], new: Sequence[Task]) -> list[Change]:
    """Changes between two task lists, matching tasks by id; their order in the file is layout.

    Pass an empty ``old`` for a file that did not exist yet: every task is then added.
    """
    before = {task.id: task for task in old}
    after = {task.id: task for task in new}
    changes: list[Change] = []
    for task_id in sorted(before.keys() | after.keys()):
        was, now = before.get(task_id), after.get(task_id)
        if was is None and now is not None:
            changes.append(Change(ChangeKind.TASK_ADDED, task_id=task_id, entry=now))
        elif now is None and was is not None:
            changes.append(Change(ChangeKind.TASK_REMOVED, task_id=task_id, entry=was))
        elif was is not None and now is not None and was != now:
            changes.extend(_task_changes(was, now))
    return changes


def _task_changes(old: Task, new: Task) -> Iterator[Change]:
    task_id = new.id
    for name in (*_TEXT_FIELDS, *_UNIT_FIELDS, *_MARK_FIELDS):
        was, now = _value(getattr(old, name)), _value(getattr(new, name))
        if was != now:
            kind = (
                ChangeKind.TEXT_CHANGED
                if name in _TEXT_FIELDS
                else ChangeKind.UNITS_CHANGED
                if name in _UNIT_FIELDS
                else ChangeKind.FIELD_CHANGED
            )
            yield Change(kind, task_id=task_id, field=name, before=was, after=now)
    deadline = _deadline_change(old, new)
    if deadline is not None:
        yield deadline
    for extension in _added_items(old.extensions, new.extensions):
        yield Change(ChangeKind.EXTENSION_ADDED, task_id=task_id, field="extensions",
                     after=extension.to, entry=extension)  # fmt: skip
    for extension in _added_items(new.extensions, old.extensions):
        yield Change(ChangeKind.EXTENSION_REMOVED, task_id=task_id, field="extensions",
                     before=extension.to, entry=extension)  # fmt: skip
    status = _status_change(old, new)
    if status is not None:
        yield status
    for note in _added_items(old.progress, new.progress):
        yield Change(ChangeKind.PROGRESS_ADDED, task_id=task_id, field="progress",
                     after=note.note, entry=note)  # fmt: skip
    for note in _added_items(new.progress, old.progress):
        yield Change(ChangeKind.PROGRESS_REMOVED, task_id=task_id, field="progress",
                     before=note.note, entry=note)  # fmt: skip
    yield from _closeout_changes(old, new)


def _closeout_changes(old: Task, new: Task) -> Iterator[Change]:
    """Evidence added or removed; stamps added, returns, stamps removed, approvals a return
    voided."""
    task_id = new.id
    for item in _added_items(old.evidence, new.evidence):
        yield Change(ChangeKind.EVIDENCE_ADDED, task_id=task_id, field="evidence",
                     after=item.title, entry=item)  # fmt: skip
    for item in _added_items(new.evidence, old.evidence):
        yield Change(ChangeKind.EVIDENCE_REMOVED, task_id=task_id, field="evidence",
                     before=item.title, entry=item)  # fmt: skip
    for stamp in _added_items(old.signoffs, new.signoffs):
        returned = stamp.decision is Decision.RETURN
        kind = ChangeKind.TASK_RETURNED if returned else ChangeKind.SIGNOFF_ADDED
        yield Change(kind, task_id=task_id, field="signoffs", after=stamp.reason, entry=stamp)
    for stamp in _added_items(new.signoffs, old.signoffs):
        yield Change(ChangeKind.SIGNOFF_REMOVED, task_id=task_id, field="signoffs",
                     before=stamp.reason, entry=stamp)  # fmt: skip
    in_force = [new.signoffs[index] for index, _ in current_approvals(new)]
    for index, _ in current_approvals(old):
        approval = old.signoffs[index]
        if approval in new.signoffs and approval not in in_force:
            yield Change(ChangeKind.SIGNOFF_VOIDED, task_id=task_id, field="signoffs",
                         entry=approval)  # fmt: skip


def _deadline_change(old: Task, new: Task) -> Change | None:
    """A change of the deadline in force, or of ``deadline`` itself, and what explains it.

    The deadline in force is the last extension's ``to``. The move is "by extension" only
    when extensions were appended to an unchanged history and ``deadline`` itself was left
    alone; any other route (``deadline`` rewritten, an old extension edited or deleted) is
    reported as a direct edit, which reviewers must notice.
    """
    before, after = old.current_deadline.text, new.current_deadline.text
    original_edited = old.deadline != new.deadline
    if before == after and not original_edited:
        return None
    kept = len(old.extensions)
    appended = len(new.extensions) > kept and new.extensions[:kept] == old.extensions
    if before == after:
        # The extension in force hides the edit, but the history it extends was rewritten.
        before, after = old.deadline, new.deadline
    return Change(
        ChangeKind.DEADLINE_MOVED,
        task_id=new.id,
        field="deadline",
        before=before,
        after=after,
        by_extension=appended and not original_edited,
    )


def _status_change(old: Task, new: Task) -> Change | None:
    """A new status (with the new ``done_on``), or a ``done_on`` moved under the same status."""
    if old.status is not new.status:
        return Change(
            ChangeKind.STATUS_CHANGED,
            task_id=new.id,
            field="status",
            before=old.status.value,
            after=new.status.value,
            done_on=new.done_on,
        )
    if old.done_on != new.done_on:
        return Change(
            ChangeKind.STATUS_CHANGED,
            task_id=new.id,
            field="done_on",
            before=_value(old.done_on),
            after=_value(new.done_on),
            done_on=new.done_on,
        )
    return None


def diff_agencies(old: Sequence[Agency], new: Sequence[Agency]) -> list[Change]:
    """Agencies added, changed (matched by full name) and removed, in the files' order.

    A renamed agency is a removal and an addition: every task naming it must change too.
    """
    before = {agency.name: agency for agency in old}
    after_names = {agency.name for agency in new}
    changes: list[Change] = []
    for agency in new:
        was = before.get(agency.name)
        if was is None:
            changes.append(Change(ChangeKind.AGENCY_ADDED, agency=agency.name, entry=agency))
            continue
        for name in _AGENCY_FIELDS:
            previous, current = _value(getattr(was, name)), _value(getattr(agency, name))
            if previous != current:
                changes.append(
                    Change(
                        ChangeKind.AGENCY_CHANGED,
                        agency=agency.name,
                        field=name,
                        before=previous,
                        after=current,
                    )
                )
    changes.extend(
        Change(ChangeKind.AGENCY_REMOVED, agency=agency.name, entry=agency)
        for agency in old
        if agency.name not in after_names
    )
    return changes


def _added_items(old: Sequence[ItemT], new: Sequence[ItemT]) -> list[ItemT]:
    """The items of ``new`` that ``old`` does not hold, counting repeats, in ``new``'s order.

    An edited note is therefore one removed and one added: the history was rewritten.
    """
    remaining = list(old)
    added: list[ItemT] = []
    for item in new:
        if item in remaining:
            remaining.remove(item)
        else:
            added.append(item)
    return added


def _value(value: object) -> Value:
    """A field's value as a change records it: enums by value, dates in ISO form."""
    if isinstance(value, Enum):  # before str: the file's enums are str enums
        return str(value.value)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return tuple(str(item) for item in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


#: Kinds that remove or rewrite recorded history; a direct deadline edit is added per change.
_ALWAYS_ATTENTION = frozenset(
    {
        ChangeKind.TASK_REMOVED,
        ChangeKind.AGENCY_REMOVED,
        ChangeKind.PROGRESS_REMOVED,
        ChangeKind.EXTENSION_REMOVED,
        ChangeKind.EVIDENCE_REMOVED,
        ChangeKind.SIGNOFF_REMOVED,
    }
)


def needs_attention(change: Change) -> bool:
    """Whether a reviewer must look twice: history deleted, or a deadline edited directly."""
    if change.kind is ChangeKind.DEADLINE_MOVED:
        return change.by_extension is False
    return change.kind in _ALWAYS_ATTENTION
