"""The latest word on a task: what a reader needs to tell a task in progress from an
untouched one."""

from __future__ import annotations

import datetime as dt

from hazchem_cli.model.documents import ProgressNote, Task


def latest_note(task: Task, as_of: dt.date) -> ProgressNote | None:
    """The task's latest progress note written by ``as_of`` (the last of a day's notes)."""
    latest: ProgressNote | None = None
    for note in task.progress:
        if note.on <= as_of and (latest is None or note.on >= latest.on):
            latest = note
    return latest
