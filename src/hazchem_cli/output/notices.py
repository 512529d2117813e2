"""Notices (督办单) as Markdown, plain text and JSON: one per unit.

Markdown is what DingTalk and WeCom group robots show (headings, bold, lists) and what a
wiki or mail client takes; plain text is for SMS or a letter; JSON for integrators.
Data (task text, notes) is escaped in Markdown so it shows as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hazchem_cli.escape.markdown import inline
from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.output.unit_names import shown_unit
from hazchem_cli.query.notices import GRADES, Grade, GradedTask, Notice
from hazchem_cli.query.progress import latest_note

_MARKS = {Grade.RED: "🔴", Grade.YELLOW: "🟡", Grade.BLUE: "🔵"}


def notice_title(notice: Notice, lang: Lang) -> str:
    return word("notice_title", lang, agency=shown_unit(notice.agency.name))


def notice_markdown(notice: Notice, lang: Lang, office: str) -> str:
    """The notice as Markdown: a heading, one part per grade, the office's signature."""
    lines = [f"### {inline(notice_title(notice, lang))}", ""]
    lines.append(inline(word("notice_intro", lang, as_of=notice.as_of)))
    for grade in GRADES:
        tasks = notice.graded(grade)
        if not tasks:
            continue
        heading = word(f"notice_{grade.value}", lang, count=len(tasks))
        lines += ["", f"#### {_MARKS[grade]} {inline(heading)}", ""]
        for task in tasks:
            head, *details = _task_lines(task, lang)
            lines.append(f"- **{inline(head)}**")
            lines += [f"  {inline(detail)}" for detail in details]
    lines += ["", inline(word("notice_ask", lang)), "", inline(office)]
    lines += [inline(line) for line in _contact_lines(notice, lang)]
    # A Markdown line break inside a list item needs two trailing spaces.
    return "\n".join(_hard_breaks(lines)) + "\n"


def _hard_breaks(lines: list[str]) -> Iterator[str]:
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        continues = line.strip() and following.startswith("  ") and not line.startswith("#")
        yield line + "  " if continues else line


def notice_text(notice: Notice, lang: Lang, office: str) -> str:
    """The notice as plain text: the same content, grades in brackets instead of colours."""
    lines = [notice_title(notice, lang), "", word("notice_intro", lang, as_of=notice.as_of)]
    for grade in GRADES:
        tasks = notice.graded(grade)
        if not tasks:
            continue
        lines += ["", f"【{word(f'notice_{grade.value}', lang, count=len(tasks))}】"]
        for task in tasks:
            head, *details = _task_lines(task, lang)
            lines.append(f"{head}")
            lines += [f"    {detail}" for detail in details]
    lines += ["", word("notice_ask", lang), "", office, *_contact_lines(notice, lang)]
    return "\n".join(lines) + "\n"


def notice_record(notice: Notice, lang: Lang) -> dict[str, Any]:
    """The notice as a JSON object; contact details but never webhooks or secrets."""
    contact = notice.agency.contact
    return {
        "agency": notice.agency.name,
        "agency_id": notice.agency.id,
        "as_of": notice.as_of.isoformat(),
        "title": notice_title(notice, lang),
        "contact": {
            "person": contact.person if contact else None,
            "phone": contact.phone if contact else None,
            "email": contact.email if contact else None,
        },
        "counts": {grade.value: len(notice.graded(grade)) for grade in GRADES},
        "tasks": [_task_record(task) for task in notice.tasks],
    }


def _task_record(graded: GradedTask) -> dict[str, Any]:
    item = graded.item
    note = latest_note(item.task, item.as_of)
    return {
        "grade": graded.grade.value,
        "id": item.task.id,
        "ref": item.ref,
        "task": item.task.task,
        "deadline": item.task.deadline_on(item.as_of).text,
        "due": item.due.isoformat() if item.due else None,
        "days_overdue": item.days_overdue,
        "days_left": graded.days_left,
        "status": item.status.value,
        "latest_note": (
            {"on": note.on.isoformat(), "by": note.by, "note": note.note} if note else None
        ),
    }


def _task_lines(graded: GradedTask, lang: Lang) -> list[str]:
    """The task's line, then its deadline and standing, then its latest progress note."""
    item = graded.item
    deadline = item.task.deadline_on(item.as_of).text
    if item.days_overdue:
        when = word("notice_overdue_by", lang, deadline=deadline, days=item.days_overdue)
    elif graded.days_left is not None:
        when = word("notice_due_in", lang, deadline=deadline, days=graded.days_left)
    else:
        when = word("notice_ongoing", lang, deadline=deadline)
    note = latest_note(item.task, item.as_of)
    latest = (
        word("notice_latest", lang, on=note.on, by=note.by, note=note.note)
        if note
        else word("notice_no_progress", lang)
    )
    status = word("notice_status", lang, status=word(item.status.value, lang))
    head = word("notice_task", lang, ref=item.ref, task=item.task.task)
    return [head, f"{when}{_SEPARATOR[lang]}{status}", latest]


_SEPARATOR = {Lang.ZH: "；", Lang.EN: "; "}


def _contact_lines(notice: Notice, lang: Lang) -> list[str]:
    contact = notice.agency.contact
    if contact is None or not (contact.person or contact.phone or contact.email):
        return []
    parts = [part for part in (contact.person, contact.phone, contact.email) if part]
    return [word("notice_contact", lang, contact=" ".join(parts))]
