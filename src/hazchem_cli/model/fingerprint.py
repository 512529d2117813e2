"""The fingerprint a sign-off stamp keeps: what the task meant when it was signed.

Doorstop stamped the raw bytes of an item and made people re-review after whitespace-only
changes; this hashes meaning instead. The canonical JSON holds what a reviewer vouches
for (measure, task text, units, the deadline in force, whether and when it was done, the
evidence by hash) and leaves out what may change without voiding a review: progress notes,
comments, layout, the stamps themselves, and the step from ``done`` to ``closed``, which
the stamps make.
"""

from __future__ import annotations

import hashlib
import json

from hazchem_cli.model.records import Status, TaskView


def task_meaning(task: TaskView) -> dict[str, object]:
    """The parts of a task a sign-off vouches for, as plain JSON values."""
    return {
        "id": task.id,
        "measure": task.measure,
        "task": task.task,
        "lead": task.lead,
        "responsible": task.responsible,
        "open_list": task.open_list,
        "divided_responsibility": task.divided_responsibility,
        "deadline": task.current_deadline.text,
        # closed is done with the stamps added: closing must not void the stamps that close it
        "status": Status.DONE.value if task.status.completed else task.status.value,
        "done_on": task.done_on.isoformat() if task.done_on is not None else None,
        "evidence": sorted(item.sha256 or item.url or "" for item in task.evidence),
    }


def task_fingerprint(task: TaskView) -> str:
    """SHA-256 (hex) of the task's meaning as canonical JSON: sorted keys, no spaces, UTF-8."""
    text = json.dumps(task_meaning(task), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
