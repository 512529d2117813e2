"""``hazchem review``: the lead unit's review and the office's verification of a reported
completion, written as sign-off stamps (审核签章).

The order is the one Chinese 督办 practice follows: the responsible unit reports the task
done (办结) with evidence; the lead unit reviews it; the office verifies it, and its
approval closes the task (销号). Either may return it (退回) with a reason: the task goes
back in progress and the reason joins the progress log. Ongoing tasks (持续推进) are never
closed: a review of one is a stage review (阶段性审核), which keeps it from going stale.

Each stamp keeps the task's fingerprint, so ``hazchem check`` notices a change made after
it was signed. The rules are those validation holds every file to
(:mod:`hazchem_cli.store.signoff_rules`); here they are said before anything is written,
in words that tell the reviewer what to do.
"""

from __future__ import annotations

import datetime as dt

from hazchem_cli.edit.layout import SIGNOFF_KEY_ORDER, append_to, delete_key, set_in_order
from hazchem_cli.edit.task_edits import (
    EditRefused,
    EditResult,
    EditTarget,
    edit_task,
    fresh_date,
    new_mapping,
    not_after_today,
    note_text,
    progress_note,
)
from hazchem_cli.errors import UsageError
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model.documents import Decision, SignoffRole, Status
from hazchem_cli.model.fingerprint import task_fingerprint
from hazchem_cli.store.cache import ParseCache
from hazchem_cli.store.locate import DataPaths
from hazchem_cli.store.signoff_rules import approval_by, may_sign, say

#: How a return is introduced in the progress log (the data is kept in Chinese).
RETURN_NOTE = "退回（{role}）：{reason}"
_ROLE_WORDS = {SignoffRole.LEAD: "牵头单位审核", SignoffRole.OFFICE: "专委办核验"}


def review_task(
    paths: DataPaths,
    task_id: int,
    *,
    role: SignoffRole,
    by: str,
    approve: bool,
    today: dt.date,
    reason: str | None = None,
    on: dt.date | None = None,
    cache: ParseCache | None = None,
) -> EditResult:
    """Record a review of task ``task_id`` by ``by`` in ``role``: approve or return it.

    An office approval closes a task the lead unit has approved; a return sends it back
    in progress. On an ongoing task the review is a stage review.
    """
    day = on or today
    why = note_text(reason) if reason is not None else None
    if not approve and why is None:
        raise UsageError(say("review_needs_reason"))

    def change(target: EditTarget) -> str:
        task = target.task
        unit = target.agency(by)
        not_after_today(day, today, _("a review cannot be dated {day}", day=day))
        refusal = may_sign(task, role, unit, target.office)
        if refusal is not None:
            raise EditRefused(refusal)
        if task.current_deadline.due is None:
            if not approve:
                raise EditRefused(say("review_ongoing_return", id=task_id))
            _stamp(target, role, unit, day, Decision.STAGE, why)
            return say("review_stage", by=unit)
        if task.status is Status.CLOSED:
            raise EditRefused(say("review_already_closed", id=task_id, on=_closed_on(target)))
        if task.status is not Status.DONE or task.done_on is None:
            status = say(task.status.value)
            raise EditRefused(say("review_not_done", id=task_id, status=status))
        if day < task.done_on:
            raise EditRefused(say("review_before_done", on=day, done_on=task.done_on))
        if not approve:
            assert why is not None
            _stamp(target, role, unit, day, Decision.RETURN, why)
            set_in_order(target.mapping, "status", Status.IN_PROGRESS.value)
            delete_key(target.mapping, "done_on")
            note = RETURN_NOTE.format(role=_ROLE_WORDS[role], reason=why)
            append_to(target.mapping, "progress", progress_note(day, unit, note))
            return say("review_returned", by=unit, reason=why)
        earlier = approval_by(task, role)
        if earlier is not None:
            role_word = say(f"closeout_role_{role.value}")
            raise EditRefused(
                say("review_twice", by=earlier.by, on=earlier.on, role=role_word, id=task_id)
            )
        if role is SignoffRole.OFFICE:
            if approval_by(task, SignoffRole.LEAD) is None:
                raise EditRefused(say("review_needs_lead", id=task_id))
            if not task.evidence:
                raise EditRefused(say("review_needs_evidence", id=task_id))
        _stamp(target, role, unit, day, Decision.APPROVE, why)
        summary = say("review_approved", by=unit, role=say(f"closeout_role_{role.value}"))
        if role is SignoffRole.OFFICE:
            set_in_order(target.mapping, "status", Status.CLOSED.value)
            summary = _("{summary}; {more}", summary=summary, more=say("review_closed"))
        return summary

    return edit_task(paths, task_id, today, change, cache)


def _stamp(
    target: EditTarget,
    role: SignoffRole,
    unit: str,
    day: dt.date,
    decision: Decision,
    reason: str | None,
) -> None:
    """Append a stamp holding the fingerprint of the task as it stands when signed."""
    stamp = new_mapping(
        SIGNOFF_KEY_ORDER,
        on=fresh_date(day),
        role=role.value,
        by=unit,
        decision=decision.value,
        reason=reason,
        fingerprint=task_fingerprint(target.task),
    )
    append_to(target.mapping, "signoffs", stamp)


def _closed_on(target: EditTarget) -> dt.date | None:
    """The day of the office approval that closed the task."""
    stamp = approval_by(target.task, SignoffRole.OFFICE)
    return stamp.on if stamp is not None else None
