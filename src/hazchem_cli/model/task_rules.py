"""The rules a task's dated records follow, whoever writes them.

The edit commands refuse an extension dated in the future, one that does not move the
deadline later, or one nobody approved; a hand edit or a merge can write all of these.
Both ask the same functions here, so ``hazchem check`` holds hand edits to exactly the
rules the commands apply, in the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model.dates import Deadline, parse_deadline
from hazchem_cli.model.records import TaskData

#: Where in a task a breach is: a key path below the task (``("extensions", 1, "to")``).
Place = tuple[str | int, ...]


def extension_breaches(
    task_id: int,
    in_force: Deadline,
    last_on: dt.date | None,
    on: dt.date,
    to: Deadline,
    approved_by: str | None,
    today: dt.date,
) -> Iterator[tuple[str, str]]:
    """Why an extension granted ``on``, to ``to``, may not follow the deadline ``in_force``
    (and an extension granted ``last_on``): the extension's key, and the reason."""
    if on > today:
        yield (
            "on",
            _(
                "an extension cannot be dated {on}: that is after today ({today}); write the day "
                "it was granted",
                on=on,
                today=today,
            ),
        )
    if last_on is not None and on < last_on:
        yield (
            "on",
            _(
                "task {id} was last extended on {last_on}; extensions are recorded oldest "
                "first, so this one cannot be dated {on}: put the extensions in date order",
                id=task_id,
                last_on=last_on,
                on=on,
            ),
        )
    if in_force.due is None and to.due is None:
        yield (
            "to",
            _(
                "task {id} is already ongoing ({deadline}); an ongoing task needs no extension: "
                "remove it",
                id=task_id,
                deadline=in_force.text,
            ),
        )
    if in_force.due is not None and to.due is not None and to.due <= in_force.due:
        yield (
            "to",
            _(
                "{to} (due {to_due}) does not extend task {id}, which is due {due} "
                "({deadline}); an extension moves the deadline later: write a later to:",
                to=to.text,
                to_due=to.due,
                id=task_id,
                due=in_force.due,
                deadline=in_force.text,
            ),
        )
    if approved_by is None:
        yield (
            "on",
            _(
                "task {id}: an extension needs approved_by, the agency that approved it: add "
                "a line approved_by: with its full name (hazchem extend --approved-by AGENCY "
                "writes it)",
                id=task_id,
            ),
        )


def task_breaches(
    task: TaskData, today: dt.date, *, note_order: bool = True
) -> Iterator[tuple[Place, str]]:
    """Every rule ``task``'s extensions, ``done_on`` and notes break, where and why.

    ``note_order`` False leaves out notes out of date order, which ``hazchem fmt`` sorts.
    """
    if task.extensions:  # most tasks have none: their deadline need not be parsed here
        yield from _extension_breaches(task, today)
    if task.done_on is not None:
        late = done_breach(task, task.done_on, notes=False)
        if late is not None:
            yield ("done_on",), late
    if note_order:
        for number in notes_out_of_order(task):
            yield (
                ("progress", number, "on"),
                _(
                    "progress note dated {on} comes after one dated {earlier}; notes are kept "
                    "oldest first: run hazchem fmt to sort them",
                    on=task.progress[number].on,
                    earlier=task.progress[number - 1].on,
                ),
            )


def _extension_breaches(task: TaskData, today: dt.date) -> Iterator[tuple[Place, str]]:
    in_force = parse_deadline(task.deadline)
    last_on: dt.date | None = None
    for number, extension in enumerate(task.extensions):
        to = parse_deadline(extension.to)
        for key, why in extension_breaches(
            task.id, in_force, last_on, extension.on, to, extension.approved_by, today
        ):
            yield ("extensions", number, key), why
        in_force, last_on = to, extension.on


def done_breach(task: TaskData, done_on: dt.date, *, notes: bool = True) -> str | None:
    """Why ``task`` cannot have been done on ``done_on``: an extension (or note) dated later.

    When ``hazchem done`` records a completion, every note already written comes before
    it, so a later one means a wrong day. In a file (``notes`` False) a note dated after
    ``done_on`` is a follow-up: units report on a task awaiting review (办结 → 销号) and
    after it is closed (回头看), so only an extension, which cannot follow completion,
    is a mistake there.
    """
    # On the same day a note is named before an extension: (day, 1) beats (day, 0).
    dated = [(note.on, 1) for note in task.progress] if notes else []
    dated += [(extension.on, 0) for extension in task.extensions]
    if not dated:
        return None
    latest, is_note = max(dated)
    if done_on >= latest:
        return None
    if not is_note:
        return _(
            "task {id} cannot be done on {done_on}: its extension of {latest} is later; "
            "done_on is the day the work ended, on or after everything recorded before it",
            id=task.id,
            done_on=done_on,
            latest=latest,
        )
    return _(
        "task {id} cannot be done on {done_on}: its progress note of {latest} is later; "
        "done_on is the day the work ended, on or after everything recorded before it",
        id=task.id,
        done_on=done_on,
        latest=latest,
    )


def notes_out_of_order(task: TaskData) -> list[int]:
    """The positions of notes dated before the note above them."""
    notes = task.progress
    return [n for n in range(1, len(notes)) if notes[n].on < notes[n - 1].on]
