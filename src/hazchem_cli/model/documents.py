"""The pydantic models of the two data files: what a valid file may hold.

These models check each value on its own. Checks that need the whole picture (ids that
repeat, agency names that must exist in the registry, dates that must not lie in the
future) live in ``validation``, which also turns every finding into ``file:line:col``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cached_property
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model import records
from hazchem_cli.model.dates import Deadline, parse_day, parse_deadline
from hazchem_cli.model.records import (
    FROM_ENVIRONMENT,
    AgencyKind,
    Decision,
    ListName,
    RobotKind,
    SignoffRole,
    Status,
)

__all__ = [
    "FROM_ENVIRONMENT",
    "Agency",
    "AgencyFile",
    "AgencyKind",
    "Contact",
    "Decision",
    "Evidence",
    "Extension",
    "ListName",
    "ProgressNote",
    "RobotKind",
    "Signoff",
    "SignoffRole",
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
    ISO text (what the parse cache holds) goes straight to pydantic; text that only looks
    like it (``2022-13-01``) is read by the one grammar, which says what is wrong in words.
    A time of day (YAML reads ``2022-07-21 10:00`` as one) is refused, not dropped.
    """
    if isinstance(value, dt.datetime):
        raise ValueError(
            _(
                "'{text}' has a time of day; write the day alone, e.g. {day}",
                text=value.isoformat(sep=" "),
                day=value.date().isoformat(),
            )
        )
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_day(str(value))  # never seconds since 1970, as pydantic would read it
    if isinstance(value, str):
        if len(value) == 10 and value[4] == value[7] == "-":
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass  # 2022-13-01: said in words below
        return parse_day(value)
    return value


#: A calendar day in a data file, in any absolute form the command line accepts.
Day = Annotated[dt.date, BeforeValidator(_day)]


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


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


class Evidence(_Strict):
    """Proof of completion (佐证材料): a file kept in the repository, or a link.

    A file is recorded with its size and SHA-256, so a changed or lost file is noticed.
    """

    on: Day = Field(description="The day it was added (YYYY-MM-DD).")
    by: NonEmptyText = Field(
        description="The agency that added it: a full name from agencies.yaml."
    )
    title: NonEmptyText = Field(description="What it is, in words.")
    path: str | None = Field(
        default=None,
        pattern=r"^[^/\\][^\\:]*$",
        description="The file, relative to the repository root, with / between folders "
        "(evidence/12/方案.pdf). Either path or url.",
    )
    url: str | None = Field(
        default=None,
        pattern=r"^https?://\S+$",
        description="A link to evidence kept elsewhere (http or https). Either path or url.",
    )
    size: int | None = Field(default=None, ge=0, description="The file's size in bytes.")
    sha256: Sha256 | None = Field(
        default=None, description="The SHA-256 of the file's bytes, 64 lowercase hex digits."
    )

    @model_validator(mode="after")
    def _file_or_link(self) -> Evidence:
        if (self.path is None) == (self.url is None):
            raise ValueError(
                _(
                    "evidence needs exactly one of path (a file) or url (a link); "
                    "add evidence with hazchem evidence add, which writes both for you"
                )
            )
        if self.path is not None and ".." in self.path.split("/"):
            raise ValueError(
                _(
                    "evidence path '{path}' leaves the repository (..); keep evidence files "
                    "under evidence/ in this repository",
                    path=self.path,
                )
            )
        if self.path is not None and (self.size is None or self.sha256 is None):
            raise ValueError(
                _(
                    "evidence kept as a file needs its size and sha256; add the file again "
                    "with hazchem evidence add, which records both"
                )
            )
        if self.url is not None and (self.size is not None or self.sha256 is not None):
            raise ValueError(_("a link has no size or sha256; those are for files: remove them"))
        return self


class Signoff(_Strict):
    """A review stamp: who signed, in which role, what they decided, and what they saw.

    ``fingerprint`` is the SHA-256 of the task's meaning when it was signed
    (:mod:`hazchem_cli.model.fingerprint`); a later change of meaning voids the stamp.
    """

    on: Day = Field(description="The day of the review (YYYY-MM-DD).")
    role: SignoffRole = Field(description="lead (牵头单位审核) or office (专委办核验).")
    by: NonEmptyText = Field(description="The reviewing agency: a full name from agencies.yaml.")
    decision: Decision = Field(
        description="approve, return (退回, with a reason) or stage (阶段性审核, ongoing tasks)."
    )
    reason: NonEmptyText | None = Field(default=None, description="Why; required for a return.")
    fingerprint: Sha256 = Field(description="SHA-256 of the task's meaning as reviewed.")

    @model_validator(mode="after")
    def _return_has_reason(self) -> Signoff:
        if self.decision is Decision.RETURN and self.reason is None:
            raise ValueError(_("a return (退回) needs a reason: add reason: and say why"))
        return self


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
        description="The day the task was done (YYYY-MM-DD): present exactly when status is "
        "done or closed.",
    )
    evidence: list[Evidence] = Field(
        default_factory=list, description="Proof of completion (佐证材料), oldest first."
    )
    signoffs: list[Signoff] = Field(
        default_factory=list, description="Review stamps (审核), oldest first; never rewritten."
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
    office: NonEmptyText | None = Field(
        default=None,
        description="The office that verifies completed tasks and closes them (销号): a full "
        "name from agencies.yaml. Default: issued_by.",
    )
    tasks: list[Task] = Field(description="The tasks, each with a unique id.")

    @property
    def office_unit(self) -> str:
        """The unit whose approval closes a task."""
        return records.office_unit(self)


AgencyId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=40)]


def _matching(pattern: str, refusal: Callable[[str], str]) -> Callable[[str], str]:
    """A check refusing text that does not match ``pattern``, in words a person can act on.

    ``refusal`` words the refusal of a value when it happens, in the run's language.
    """
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(refusal(value))
        return value

    return check


def _schema(pattern: str) -> WithJsonSchema:
    """The same rule for the JSON Schema, so editors flag the same mistakes."""
    return WithJsonSchema({"type": "string", "pattern": f"^(?:{pattern})$"})


_PHONE = r"[0-9+()\- ]{5,30}"
_EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
_WEBHOOK = r"https?://\S+|env:[A-Za-z_][A-Za-z0-9_]*"
_Phone = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(
        _matching(
            _PHONE,
            lambda value: _(
                "'{value}' is not a telephone number; write digits, spaces, +, -, ( and ) only",
                value=value,
            ),
        )
    ),
    _schema(_PHONE),
]
_Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(
        _matching(
            _EMAIL,
            lambda value: _(
                "'{value}' is not an e-mail address; write one such as name@example.cn",
                value=value,
            ),
        )
    ),
    _schema(_EMAIL),
]
_Webhook = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(
        _matching(
            _WEBHOOK,
            lambda value: _(
                "'{value}' is not a webhook; write an https:// address, or env:NAME to read it "
                "from the environment variable NAME",
                value=value,
            ),
        )
    ),
    _schema(_WEBHOOK),
]


class Contact(_Strict):
    """Whom the office writes to about a unit's tasks, and its group robot, if any."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        # What the validator below checks, said so editors check it as well.
        json_schema_extra={"dependentRequired": {"webhook": ["robot"], "robot": ["webhook"]}},
    )
    person: NonEmptyText | None = Field(default=None, description="The contact person.")
    phone: _Phone | None = Field(
        default=None, description="Telephone number: digits, spaces, +, -, ( and )."
    )
    email: _Email | None = Field(default=None, description="E-mail address.")
    webhook: _Webhook | None = Field(
        default=None,
        description="The group robot's webhook URL (https://oapi.dingtalk.com/robot/send?"
        "access_token=…, https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…), or "
        "env:NAME to read it from the environment variable NAME when sending.",
    )
    robot: RobotKind | None = Field(
        default=None, description="The kind of robot: dingtalk or wecom; needed with webhook."
    )
    secret: NonEmptyText | None = Field(
        default=None,
        description="A DingTalk robot's signing secret (SEC…), or env:NAME to read it from "
        "the environment; notices are then sent on a signed URL.",
    )

    @model_validator(mode="after")
    def _robot_goes_with_webhook(self) -> Contact:
        if self.webhook is not None and self.robot is None:
            raise ValueError(
                _("webhook is given without robot: add robot: dingtalk or robot: wecom")
            )
        if self.robot is not None and self.webhook is None:
            raise ValueError(
                _(
                    "robot is {robot} but no webhook is given: add webhook: with the "
                    "robot's address",
                    robot=self.robot.value,
                )
            )
        if self.secret is not None and self.robot is not RobotKind.DINGTALK:
            raise ValueError(
                _(
                    "secret signs DingTalk robot messages; this robot is not dingtalk: "
                    "remove secret, or set robot: dingtalk"
                )
            )
        return self


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
    contact: Contact | None = Field(
        default=None, description="Whom notices go to: person, phone, e-mail, group robot."
    )

    @model_validator(mode="after")
    def _only_groups_have_members(self) -> Agency:
        if self.members and self.kind is not AgencyKind.GROUP:
            raise ValueError(
                _(
                    "members are listed but kind is {kind}, not group: set kind: group, "
                    "or remove members",
                    kind=self.kind.value,
                )
            )
        return self


class AgencyFile(_Strict):
    """``agencies.yaml``: the registry every agency name in the task file must appear in."""

    agencies: list[Agency] = Field(
        description="Every unit the task list names; names, ids and aliases each point to one."
    )
