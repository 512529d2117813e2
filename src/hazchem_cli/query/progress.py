"""The latest word on a task: what a reader needs to tell a task in progress from an
untouched one."""

from __future__ import annotations

import datetime as dt

from hazchem_cli.model.records import NoteView, TaskView


def latest_note(task: TaskView, as_of: dt.date) -> NoteView | None:
    """The task's latest progress note written by ``as_of`` (the last of a day's notes)."""
    latest: NoteView | None = None
    for note in task.progress:
        if note.on <= as_of and (latest is None or note.on >= latest.on):
            latest = note
    return latest
