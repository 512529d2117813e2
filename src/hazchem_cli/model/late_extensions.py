"""Extensions asked for too late (超期申请): granted after the deadline they extend had
passed. The extension moves the deadline, but the days the task stood overdue before it
still happened; ``check`` warns of them and the briefing counts them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from hazchem_cli.model.dates import parse_deadline
from hazchem_cli.model.records import TaskData


@dataclass(frozen=True)
class LateExtension:
    """Extension ``number`` of a task, granted ``days`` after the deadline it extends."""

    number: int
    due: dt.date
    on: dt.date
    to: str

    @property
    def days(self) -> int:
        return (self.on - self.due).days


def late_extensions(task: TaskData) -> Iterator[LateExtension]:
    """Each extension granted after the deadline it extends had passed, oldest first."""
    extended = task.deadline
    for number, extension in enumerate(task.extensions):
        due = parse_deadline(extended).due
        if due is not None and extension.on > due:
            yield LateExtension(number, due, extension.on, extension.to)
        extended = extension.to
