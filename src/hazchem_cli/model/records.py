"""What a valid task and agency look like to a reader, without the validation machinery.

Questions are asked of tasks in two shapes: the pydantic models of ``documents`` (what a
file is checked with) and the plain records of ``store.records`` (what a warm run reads
back from the trusted record cache, never importing pydantic). The query and output
layers are written against the protocols here, so both shapes answer them alike, and the
rules a task's data implies (the deadline in force on a day) are written here once and
used by both. Nothing here imports pydantic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum
from typing import Literal, NamedTuple, Protocol

from hazchem_cli.model.dates import Deadline, parse_deadline

ListName = Literal["lead", "responsible"]

#: Words that close a unit list without naming a unit: 等 (and others), 分工负责 (the
#: units divide the task among them). The source writes them; tables show them again.
OPEN_LIST_MARK = "等"
DIVIDED_MARK = "分工负责"


class Status(str, Enum):
    """Where a task stands. ``done`` (办结, reported and awaiting review) and ``closed``
    (已销号, approved by the lead unit and the office) go with a ``done_on`` date, and only
    they do."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CLOSED = "closed"

    @property
    def completed(self) -> bool:
        """Reported done, reviewed or not: the task stops being overdue on ``done_on``."""
        return self is Status.DONE or self is Status.CLOSED  # asked of every task judged


#: Words people use for a status besides the tables' own labels (已办结 / done, …); the
#: command line and returned progress sheets read them alike. 已完成 was the tables' word
#: for ``done`` before 已办结, and sheets exported then still say it.
STATUS_WORDS = {
    "未开始": "not_started",
    "进行中": "in_progress",
    "已办结": "done",
    "办结": "done",
    "已完成": "done",
    "完成": "done",
    "待审核": "done",
    "销号": "closed",
}


class SignoffRole(str, Enum):
    """Who signs: the task's lead unit (牵头单位) first, then the list's office."""

    LEAD = "lead"
    OFFICE = "office"


class Decision(str, Enum):
    """What a sign-off says: approved, returned (退回), or a stage review (阶段性审核) of
    an ongoing task, which is never closed."""

    APPROVE = "approve"
    RETURN = "return"
    STAGE = "stage"


class AgencyKind(str, Enum):
    """What sort of unit an agency is; only a ``group`` stands for other agencies."""

    PROVINCIAL_DEPARTMENT = "provincial_department"
    COMMITTEE_OFFICE = "committee_office"
    CENTRAL_BRANCH = "central_branch"
    LOCAL_GOVERNMENT = "local_government"
    GROUP = "group"


class RobotKind(str, Enum):
    """Which group robot a webhook belongs to; each takes its own message format."""

    DINGTALK = "dingtalk"
    WECOM = "wecom"


#: ``env:NAME`` reads the value from the environment when a notice is sent, so a webhook
#: token or signing secret need not be committed to the repository.
FROM_ENVIRONMENT = "env:"


class NoteView(Protocol):
    """A dated progress note."""

    @property
    def on(self) -> dt.date: ...
    @property
    def by(self) -> str: ...
    @property
    def note(self) -> str: ...


class ExtensionView(Protocol):
    """A recorded deadline extension."""

    @property
    def on(self) -> dt.date: ...
    @property
    def to(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def approved_by(self) -> str | None: ...


class EvidenceView(Protocol):
    """Proof of completion: a file (with its size and SHA-256) or a link."""

    @property
    def on(self) -> dt.date: ...
    @property
    def by(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def path(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def size(self) -> int | None: ...
    @property
    def sha256(self) -> str | None: ...


class SignoffView(Protocol):
    """A review stamp."""

    @property
    def on(self) -> dt.date: ...
    @property
    def role(self) -> SignoffRole: ...
    @property
    def by(self) -> str: ...
    @property
    def decision(self) -> Decision: ...
    @property
    def reason(self) -> str | None: ...
    @property
    def fingerprint(self) -> str: ...


class TaskData(Protocol):
    """The fields of a valid task."""

    @property
    def id(self) -> int: ...
    @property
    def measure(self) -> str: ...
    @property
    def task(self) -> str: ...
    @property
    def lead(self) -> list[str]: ...
    @property
    def responsible(self) -> list[str]: ...
    @property
    def open_list(self) -> ListName | None: ...
    @property
    def divided_responsibility(self) -> ListName | None: ...
    @property
    def deadline(self) -> str: ...
    @property
    def extensions(self) -> Sequence[ExtensionView]: ...
    @property
    def status(self) -> Status: ...
    @property
    def done_on(self) -> dt.date | None: ...
    @property
    def evidence(self) -> Sequence[EvidenceView]: ...
    @property
    def signoffs(self) -> Sequence[SignoffView]: ...
    @property
    def progress(self) -> Sequence[NoteView]: ...


class TaskView(TaskData, Protocol):
    """A valid task with the rules its data implies: what queries and answers read."""

    @property
    def current_deadline(self) -> Deadline: ...
    @property
    def due(self) -> dt.date | None: ...
    def deadline_on(self, day: dt.date) -> Deadline: ...
    def units(self, role: ListName) -> list[str]: ...


class TaskFileView(Protocol):
    """A valid task file: its provenance, its office and its tasks."""

    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def issued_by(self) -> str: ...
    @property
    def office(self) -> str | None: ...
    @property
    def office_unit(self) -> str: ...
    @property
    def tasks(self) -> Sequence[TaskView]: ...


class ContactView(Protocol):
    """Whom the office writes to about a unit's tasks, and its group robot."""

    @property
    def person(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def webhook(self) -> str | None: ...
    @property
    def robot(self) -> RobotKind | None: ...
    @property
    def secret(self) -> str | None: ...


class AgencyView(Protocol):
    """A valid agency of the registry."""

    @property
    def name(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> AgencyKind: ...
    @property
    def name_en(self) -> str: ...
    @property
    def aliases(self) -> list[str]: ...
    @property
    def members(self) -> list[str]: ...
    @property
    def contact(self) -> ContactView | None: ...


# The rules, once: the model and the record both delegate to these.


def current_deadline(task: TaskData) -> Deadline:
    """The deadline in force: the last extension's, else the original."""
    return parse_deadline(task.extensions[-1].to if task.extensions else task.deadline)


def deadline_on(task: TaskData, day: dt.date, current: Deadline | None = None) -> Deadline:
    """The deadline in force on ``day``: extensions granted later do not count yet.

    ``current`` is the task's deadline in force today when the caller has it at hand.
    """
    if not task.extensions:
        return parse_deadline(task.deadline)  # most tasks, so nothing else is looked at
    granted = [ext for ext in task.extensions if ext.on <= day]
    if len(granted) == len(task.extensions):
        return current if current is not None else current_deadline(task)
    return parse_deadline(granted[-1].to if granted else task.deadline)


def earliest_due(task: TaskData) -> dt.date | None:
    """The earliest day any of the task's deadlines falls due (the original, each
    extension's), or None when none has a due date. The deadline in force on any day is
    one of them, so the task is not overdue on a day it would not be with this one."""
    days = [parse_deadline(to).due for to in (task.deadline, *(e.to for e in task.extensions))]
    return min((day for day in days if day is not None), default=None)


def units(task: TaskData, role: ListName) -> list[str]:
    """The units of one of the task's two lists."""
    return task.lead if role == "lead" else task.responsible


class _HasOffice(Protocol):
    @property
    def issued_by(self) -> str: ...
    @property
    def office(self) -> str | None: ...


def office_unit(task_file: _HasOffice) -> str:
    """The unit whose approval closes a task: the file's office, else its issuer."""
    return task_file.office or task_file.issued_by


# Plain records: what a warm run answers from. Named tuples, because a large list makes
# hundreds of thousands of them and a tuple is the cheapest immutable object to build.


class NoteRecord(NamedTuple):
    """A progress note, as validated."""

    on: dt.date
    by: str
    note: str


class ExtensionRecord(NamedTuple):
    """A deadline extension, as validated."""

    on: dt.date
    to: str
    reason: str
    approved_by: str | None


class EvidenceRecord(NamedTuple):
    """Evidence, as validated."""

    on: dt.date
    by: str
    title: str
    path: str | None
    url: str | None
    size: int | None
    sha256: str | None


class SignoffRecord(NamedTuple):
    """A sign-off stamp, as validated."""

    on: dt.date
    role: SignoffRole
    by: str
    decision: Decision
    reason: str | None
    fingerprint: str


class TaskRecord(NamedTuple):
    """A task, as validated: the fields of ``documents.Task`` and the same rules."""

    id: int
    measure: str
    task: str
    lead: list[str]
    responsible: list[str]
    open_list: ListName | None
    divided_responsibility: ListName | None
    deadline: str
    extensions: tuple[ExtensionRecord, ...]
    status: Status
    done_on: dt.date | None
    evidence: tuple[EvidenceRecord, ...]
    signoffs: tuple[SignoffRecord, ...]
    progress: tuple[NoteRecord, ...]

    @property
    def current_deadline(self) -> Deadline:
        return current_deadline(self)

    @property
    def due(self) -> dt.date | None:
        return current_deadline(self).due

    def deadline_on(self, day: dt.date) -> Deadline:
        return deadline_on(self, day)

    def units(self, role: ListName) -> list[str]:
        return units(self, role)


class ContactRecord(NamedTuple):
    """An agency's contact, as validated."""

    person: str | None
    phone: str | None
    email: str | None
    webhook: str | None
    robot: RobotKind | None
    secret: str | None


class AgencyRecord(NamedTuple):
    """An agency, as validated."""

    name: str
    id: str
    kind: AgencyKind
    name_en: str
    aliases: list[str]
    members: list[str]
    contact: ContactRecord | None


class TaskFileRecord(NamedTuple):
    """``tasks.yaml``, as validated."""

    title: str
    source: str
    issued_by: str
    office: str | None
    tasks: list[TaskRecord]

    @property
    def office_unit(self) -> str:
        return office_unit(self)


class AgencyFileRecord(NamedTuple):
    """``agencies.yaml``, as validated."""

    agencies: list[AgencyRecord]
