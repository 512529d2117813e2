"""The coming months at a glance: how many deadlines fall in each, and how they stand.

A row per month from the month of ``--as-of`` on, each counting its deadlines by where
they stand (overdue, due soon, on track, done) and naming the tasks. Months before the
window are summarised in one row of the tasks still overdue from them: what was done
then is history, what was not is the backlog the meeting has to hear about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from hazchem_cli.deadlines import Level
from hazchem_cli.labels import Lang, word
from hazchem_cli.queries import JudgedTask
from hazchem_cli.tabular import Cell, Column, Section

DEFAULT_MONTHS = 6
#: Longest bar, in terminal cells: short enough for the table to fit 100 columns unfolded.
BAR_CELLS = 12
#: Where a task stands, in the order rows count and bars draw them, with the bar glyph of
#: each: distinct shades, so the bar reads without colour, on a pipe or in Markdown.
STANDINGS: tuple[tuple[str, str], ...] = (
    (Level.RED.value, "█"),
    (Level.YELLOW.value, "▓"),
    (Level.GREEN.value, "▒"),
    ("done", "░"),
)


@dataclass(frozen=True)
class TimelineRow:
    """The deadlines of one month, or of the months before the window (``backlog``)."""

    first: dt.date  # the first day of the first month the row covers
    last: dt.date  # the first day of the last month it covers
    backlog: bool
    items: tuple[JudgedTask, ...]

    @property
    def month(self) -> str:
        """``2022-11``; a span of months as an ISO 8601 interval, ``2022-04/2022-10``."""
        first, last = f"{self.first:%Y-%m}", f"{self.last:%Y-%m}"
        return first if first == last else f"{first}/{last}"

    def count(self, standing: str) -> int:
        return sum(standing_of(item) == standing for item in self.items)


def standing_of(item: JudgedTask) -> str:
    """``done`` for a task finished by the day judged, else its warning level."""
    return "done" if item.done_by_then else item.level.value


def month_start(day: dt.date, months_later: int = 0) -> dt.date:
    """The first day of ``day``'s month, ``months_later`` months on."""
    years, month = divmod(day.month - 1 + months_later, 12)
    return dt.date(day.year + years, month + 1, 1)


def timeline_rows(
    judged: Sequence[JudgedTask], as_of: dt.date, months: int = DEFAULT_MONTHS
) -> list[TimelineRow]:
    """A row per month for ``months`` months from ``as_of``'s, after a backlog row if needed.

    Ongoing tasks have no month and are left out; so are tasks due after the window.
    """
    dated = sorted(
        ((item.due, item) for item in judged if item.due is not None),
        key=lambda pair: (pair[0], pair[1].source, pair[1].task.id),
    )
    start = month_start(as_of)
    rows: list[TimelineRow] = []
    backlog = [(due, item) for due, item in dated if due < start and not item.done_by_then]
    if backlog:
        first, last = month_start(backlog[0][0]), month_start(backlog[-1][0])
        rows.append(TimelineRow(first, last, True, tuple(item for _, item in backlog)))
    for offset in range(months):
        month = month_start(as_of, offset)
        items = tuple(item for due, item in dated if month_start(due) == month)
        rows.append(TimelineRow(month, month, False, items))
    return rows


def stacked_bar(counts: Sequence[int], top: int, cells: int = BAR_CELLS) -> str:
    """One bar for ``counts``, each in its glyph, as long as their sum is beside ``top``.

    Segment ends are rounded from the running total, so the bar's length is the total's,
    rounded, whatever the split; a count too small for half a cell draws nothing (the
    number is printed beside it).
    """
    total = sum(counts)
    if not total or not top:
        return ""
    length = max(1, round(total / top * cells))
    bar, drawn, running = "", 0, 0
    for count, (_, glyph) in zip(counts, STANDINGS, strict=True):
        running += count
        end = round(running / total * length)
        bar += glyph * (end - drawn)
        drawn = end
    return bar


def timeline_section(
    rows: Sequence[TimelineRow], as_of: dt.date, lang: Lang, *, for_people: bool
) -> Section:
    """The rows as a section: with bars and words for people, plain values for programs.

    ``for_people`` (tables and Markdown) adds a bar beside each total and its legend to
    the title, labels the backlog row ``before 2022-11``, lists the task ids spaced (a
    long list wraps between them), and leaves out the done column when nothing is done,
    so the table fits a terminal. JSON and CSV carry every count, the month as an ISO
    month or interval (``2022-04/2022-10``) and a ``backlog`` flag.
    """
    top = max((len(row.items) for row in rows), default=0)
    digits = len(str(top))
    records: list[dict[str, Cell]] = []
    for row in rows:
        counts = [row.count(key) for key, _ in STANDINGS]
        record: dict[str, Cell] = {"month": row.month, "backlog": row.backlog}
        record.update({key: count for (key, _), count in zip(STANDINGS, counts, strict=True)})
        record["total"] = len(row.items)
        record["task_refs"] = [item.ref for item in row.items]
        if for_people:
            before = word("timeline_earlier", lang, month=f"{month_start(as_of):%Y-%m}")
            record["month_label"] = before if row.backlog else row.month
            record["bar"] = f"{len(row.items):>{digits}} {stacked_bar(counts, top)}".rstrip()
            # Spaced, not joined with 、, so a long list wraps between ids, not inside one.
            record["task_refs"] = " ".join(item.ref for item in row.items)
        records.append(record)
    title = word("title_timeline", lang, as_of=as_of)
    if not for_people:
        keys = ["month", "backlog", *(key for key, _ in STANDINGS), "total", "task_refs"]
        return Section("timeline", title, [Column(key, key) for key in keys], records)
    shown = [
        (key, glyph) for key, glyph in STANDINGS if key != "done" or any(r["done"] for r in records)
    ]
    legend = "  ".join(f"{glyph} {word(key, lang)}" for key, glyph in shown)
    columns = [
        Column("month_label", word("month", lang)),
        *(Column(key, word(key, lang), justify="right") for key, _ in shown),
        Column("bar", word("total", lang)),
        Column("task_refs", word("task_refs", lang), wrap=True),
    ]
    return Section("timeline", f"{title}   {legend}", columns, records)
