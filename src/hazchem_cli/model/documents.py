"""The pydantic models of the two data files: what a valid file may hold.

These models check each value on its own. Checks that need the whole picture (ids that
repeat, agency names that must exist in the registry, dates that must not lie in the
future) live in ``validation``, which also turns every finding into ``file:line:col``.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from hazchem_cli.model import records
from hazchem_cli.model.dates import Deadline, parse_day, parse_deadline
from hazchem_cli.model.records import AgencyKind, ListName, Status

__all__ = [
    "Agency",
    "AgencyFile",
    "AgencyKind",
    "Extension",
    "ListName",
    "ProgressNote",
    "Status",
    "Task",
    "TaskFile",
]

NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _deadline_text(value: object) -> object:
    """Accept what YAML makes of an unquoted ``2022-11-30`` (a date) and check the text.

    The file keeps the deadline as written, so the model stores text; parsing it here
    means a bad deadline is reported where it stands, with the parser's explanation.
    """
    if isinstance(value, (str, dt.date)):
        return parse_deadline(value).text
    return value


DeadlineText = Annotated[str, BeforeValidator(_deadline_text)]


def _day(value: object) -> object:
    """Read a day the way the command line reads it (``2022.7.21``, ``2022年7月21日``).

    YAML makes a date of an unquoted ``2022-07-21`` only; people also write the other
    forms by hand, and a note dated ``2022.7.21`` is as clear as one dated ``2022-07-21``.
    ISO text (what the parse cache holds) goes straight to pydantic.
    """
    if isinstance(value, str) and not (len(value) == 10 and value[4] == "-"):
        return parse_day(value)
    return value


#: A calendar day in a data file, in any absolute form the command line accepts.
Day = Annotated[dt.date, BeforeValidator(_day)]


class _Strict(BaseModel):
    """Unknown keys are errors: a misspelt key would otherwise be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ProgressNote(_Strict):
    """A dated line in a task's progress log, said by one agency."""

    on: Day = Field(description="The day of the note (YYYY-MM-DD); never after today.")
    by: NonEmptyText = Field(description="The agency reporting it: a full name from agencies.yaml.")
    note: NonEmptyText = Field(description="What was done, in the reporting agency's words.")


class Extension(_Strict):
    """A recorded deadline extension (延期). The history is kept, never rewritten."""

    on: Day = Field(description="The day the extension was granted (YYYY-MM-DD).")
    to: DeadlineText = Field(
        description="The new deadline, written like deadline; it is in force until a later "
        "extension.",
        examples=["2022年12月", "2023-03-31"],
    )
    reason: NonEmptyText = Field(description="Why the deadline was extended.")
    approved_by: NonEmptyText | None = Field(
        default=None, description="The agency that approved it: a full name from agencies.yaml."
    )


class Task(_Strict):
    """One row of the task list plus what people track about it."""

    id: int = Field(ge=1, description="The task number (序号), unique in the file.")
    measure: NonEmptyText = Field(description="The governance measure (治理措施), written out.")
    task: NonEmptyText = Field(description="The task text (具体任务).")
    lead: list[NonEmptyText] = Field(
        min_length=1, description="Lead units (牵头单位): full names from agencies.yaml."
    )
    responsible: list[NonEmptyText] = Field(
        default_factory=list,
        description="Responsible units (责任单位): full names from agencies.yaml; [] when none.",
    )
    open_list: ListName | None = Field(
        default=None, description="The named unit list ends in 等 (and others) in the source."
    )
    divided_responsibility: ListName | None = Field(
        default=None,
        description="The named unit list ends in 分工负责 (each responsible for its own part).",
    )
    deadline: DeadlineText = Field(
        description="The deadline (完成时限) as the source writes it: 2022年11月, 2022年11月底前, "
        "2022-11-30 or 持续推进 (ongoing). Quote it, so YAML keeps a date as written.",
        examples=["2022年11月", "2022年底前", "2022-11-30", "持续推进"],
    )
    extensions: list[Extension] = Field(
        default_factory=list,
        description="Recorded deadline extensions (延期), oldest first; the last one's `to` is "
        "the deadline in force.",
    )
    status: Status = Field(default=Status.NOT_STARTED, description="Where the task stands.")
    done_on: Day | None = Field(
        default=None,
        description="The day the task was done (YYYY-MM-DD): present exactly when status is done.",
    )
    progress: list[ProgressNote] = Field(default_factory=list, description="Dated progress notes.")

    # The rules live in ``records``, once, for this model and the plain record alike.

    @cached_property
    def current_deadline(self) -> Deadline:
        """The deadline in force: the last extension's, else the original."""
        return records.current_deadline(self)

    def deadline_on(self, day: dt.date) -> Deadline:
        """The deadline in force on ``day``: extensions granted later do not count yet."""
        return records.deadline_on(self, day, self.current_deadline if self.extensions else None)

    @property
    def due(self) -> dt.date | None:
        return self.current_deadline.due

    def units(self, role: ListName) -> list[str]:
        return records.units(self, role)


class TaskFile(_Strict):
    """``tasks.yaml``: the list's provenance and its tasks."""

    title: NonEmptyText = Field(description="The source document's title.")
    source: NonEmptyText = Field(description="The document the tasks were imported from.")
    issued_by: NonEmptyText = Field(description="The body that issued the task list.")
    tasks: list[Task] = Field(description="The tasks, each with a unique id.")


AgencyId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=40)]


class Agency(_Strict):
    """A unit that leads or carries out tasks, with the names people call it by."""

    name: NonEmptyText = Field(description="The full name, exactly as the source writes it.")
    id: AgencyId = Field(description="Short ASCII id, easy to type: lowercase, digits, hyphens.")
    kind: AgencyKind = Field(description="What sort of unit this is.")
    name_en: str = Field(default="", description="The name in English.")
    aliases: list[NonEmptyText] = Field(
        default_factory=list,
        description="Other names people type; the name without 省 works without being listed.",
    )
    members: list[NonEmptyText] = Field(
        default_factory=list, description="For a group: the agencies it stands for, where known."
    )

    @model_validator(mode="after")
    def _only_groups_have_members(self) -> Agency:
        if self.members and self.kind is not AgencyKind.GROUP:
            raise ValueError(f"members are listed but kind is {self.kind.value}, not group")
        return self


class AgencyFile(_Strict):
    """``agencies.yaml``: the registry every agency name in the task file must appear in."""

    agencies: list[Agency] = Field(
        description="Every unit the task list names; names, ids and aliases each point to one."
    )
