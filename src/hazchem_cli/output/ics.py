"""Task deadlines as an iCalendar file (RFC 5545) that calendar programs import or subscribe to.

Each dated task becomes one all-day event on its due date, the deadline in force after
any extension. The file is made to be published again and again, so every choice below
keeps a new copy an *update* of the old one in the reader's calendar, never a duplicate:

- A task's UID is derived from its list (title, source document and, when several lists
  are read, the list's label) and its id, never random, so a re-import or a subscription
  refresh finds the event it made before.
- ``SEQUENCE`` is the number of recorded extensions: each one moves the event, and
  RFC 5545 asks for a higher sequence when an event is rescheduled.
- ``DTSTAMP`` is midnight (UTC) of ``--as-of``, not the clock, so the same data and the
  same ``--as-of`` give the same bytes; a file published every day changes once a day.
- Dates are ``VALUE=DATE`` with ``DTEND`` the next day and no time zone: an all-day event
  is the same day wherever it is read, so there is no zone to get wrong.

Finished tasks are left out unless asked for: a deadline calendar is for what is still to
do, and a reminder for finished work is noise. With ``include_done`` they are kept,
marked ✓ and without a reminder, so that a re-imported file updates the events people
imported before instead of leaving them as they were.

icalendar is imported inside :func:`build_calendar` only, so the CLI starts without it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hazchem_cli.errors import UsageError
from hazchem_cli.escape.terminal import visible
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.output.answers import task_row
from hazchem_cli.query.judge import JudgedTask
from hazchem_cli.store.collection import Collection

#: Identifies the program that wrote the file (RFC 5545 PRODID); fixed so bytes stay stable.
PRODID = "-//hazchem//Task deadlines//EN"
#: Task text shown in an event's title; calendars show about this much in a day cell.
SUMMARY_CHARS = 24
#: Reminders go off at this hour (local time) on the day they are due: a reminder at the
#: midnight an all-day event starts would wake no one; 09:00 is what Apple Calendar uses.
REMIND_HOUR = 9
#: Longest lead time accepted for a reminder.
MAX_REMIND_DAYS = 366
#: How often a subscribed calendar should be fetched again (RFC 7986 and Outlook's TTL).
REFRESH_INTERVAL = dt.timedelta(days=1)

_REMIND = re.compile(r"(?P<n>[0-9]+)(?P<unit>[dw])")
_UNIT_DAYS = {"d": 1, "w": 7}
# Where a shortened title may end: after a clause, not inside a list of names (、).
_CLAUSE_ENDS = "，。；：！？,;:"
_DONE_MARK = "✓ "


@dataclass(frozen=True)
class ListOrigin:
    """What identifies a task list across exports: its UIDs are derived from these."""

    title: str
    source: str
    label: str  # the list's label when several lists are read, else empty


@dataclass(frozen=True)
class CalendarOptions:
    """How to write the calendar; ``remind_days`` 0 means no reminder."""

    name: str
    as_of: dt.date
    lang: Lang
    remind_days: int = 7
    include_done: bool = False


def parse_remind(text: str) -> int:
    """Days before the deadline for ``--remind``: ``7d``, ``2w``, or ``0`` for none.

    Raises:
        UsageError: for anything else, or a lead time over ``MAX_REMIND_DAYS``.
    """
    value = text.strip().lower()
    if value == "0":
        return 0
    match = _REMIND.fullmatch(value)
    if match is None:
        raise UsageError(
            _(
                "--remind: {value} is not a lead time; write e.g. 7d or 2w, or 0 for no reminder",
                value=repr(text),
            )
        )
    days = int(match["n"]) * _UNIT_DAYS[match["unit"]]
    if days > MAX_REMIND_DAYS:
        raise UsageError(
            _(
                "--remind: {value} is more than {limit} days; write a shorter lead time",
                value=repr(text),
                limit=MAX_REMIND_DAYS,
            )
        )
    return days


def list_origins(collection: Collection) -> dict[str, ListOrigin]:
    """Each list's origin, keyed as ``JudgedTask.source`` names the list (empty for one list)."""
    origins: dict[str, ListOrigin] = {}
    for task_list in collection.lists:
        label = task_list.label if collection.many else ""
        task_file = task_list.dataset.task_file
        origins[label] = ListOrigin(task_file.title, task_file.source, label)
    return origins


def calendar_name(collection: Collection, lang: Lang) -> str:
    """The name calendar programs show: the list's title, with the count of lists if several."""
    titles = " / ".join(dict.fromkeys(tl.dataset.task_file.title for tl in collection.lists))
    if not collection.many:
        return titles
    return word("calendar_many_lists", lang, title=titles, count=len(collection.lists))


def task_uid(origin: ListOrigin, task_id: int) -> str:
    """A UID that stays the same for the same task of the same list, run after run.

    The list's title, source and label are hashed (they may hold any text) and the task
    id is kept readable; a separator that no text holds keeps the parts from running
    into each other.
    """
    key = "\x1f".join((origin.title, origin.source, origin.label))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"hazchem-{digest}-task-{task_id}"


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    """``text`` cut to about ``limit`` characters, at a clause end if one is near, with ….

    A cut inside the first half of the limit would say too little, so then the text is
    cut at the limit itself.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    end = max(head.rfind(mark) for mark in _CLAUSE_ENDS)
    return (head[:end] if end >= limit // 2 else head) + "…"


def event_summary(item: JudgedTask, lang: Lang) -> str:
    """``[危化治理] 18 全面排查…``: the tag, the task's id and the start of its text."""
    mark = _DONE_MARK if item.done_by_then else ""
    return f"{mark}[{word('calendar_tag', lang)}] {item.ref} {shorten(item.task.task)}"


def event_description(item: JudgedTask, origin: ListOrigin, lang: Lang) -> str:
    """The task in full, then one line per field, labelled in the user's language."""
    row = task_row(item, lang)
    fields: list[tuple[str, object]] = [
        ("measure", row["measure"]),
        ("lead", row["lead_text"]),
        ("responsible", row["responsible_text"] or "—"),
        ("deadline", row["deadline"]),
    ]
    if item.task.extensions:
        fields.append(("original_deadline", row["original_deadline"]))
    fields.append(("status", row["status_label"]))
    if item.task.done_on is not None:
        fields.append(("done_on", row["done_on"]))
    list_name = f"{origin.title} ({origin.label})" if origin.label else origin.title
    fields.append(("source", list_name))
    colon = "：" if lang is Lang.ZH else ": "
    lines = [f"{word(key, lang)}{colon}{value}" for key, value in fields]
    return "\n".join([item.task.task, "", *lines])


def calendar_items(items: Sequence[JudgedTask], include_done: bool) -> list[JudgedTask]:
    """The tasks that become events, in date order: dated ones, finished ones only if asked."""
    kept = [
        item for item in items if item.due is not None and (include_done or not item.done_by_then)
    ]
    return sorted(kept, key=lambda item: (item.due or dt.date.min, item.source, item.task.id))


def build_calendar(
    items: Sequence[JudgedTask], origins: Mapping[str, ListOrigin], options: CalendarOptions
) -> bytes:
    """The iCalendar file for ``items``: the same bytes for the same tasks and options."""
    from icalendar import Alarm, Calendar, Event, vDuration, vText

    stamp = dt.datetime.combine(options.as_of, dt.time(), tzinfo=dt.timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # As text values, which icalendar escapes (a line break becomes \n): given as plain
    # str, properties it does not know are written raw, and a line break would start a
    # line of the file's own (``python -O`` drops the assert that otherwise stops it).
    name = vText(visible(options.name))
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    for item in calendar_items(items, options.include_done):
        due = item.due or dt.date.min  # calendar_items keeps dated tasks only
        summary = visible(event_summary(item, options.lang))
        event = Event()
        event.add("uid", task_uid(origins[item.source], item.task.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", due)
        event.add("dtend", due + dt.timedelta(days=1))
        event.add("summary", summary)
        description = event_description(item, origins[item.source], options.lang)
        event.add("description", visible(description))
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        event.add("sequence", len(item.task.extensions))
        if options.remind_days and not item.done_by_then:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary)
            lead = dt.timedelta(days=options.remind_days) - dt.timedelta(hours=REMIND_HOUR)
            alarm.add("trigger", -lead)
            event.add_component(alarm)
        calendar.add_component(event)
    payload: bytes = calendar.to_ical()  # icalendar's own annotation says nothing
    return payload
