"""The coming months at a glance, as a section: a bar per month beside its counts.

The data (which deadlines fall in which month) is :mod:`hazchem_cli.query.timeline`'s;
this is how people and programs are shown it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.output.render import BAR_CELLS
from hazchem_cli.output.sections import Cell, Column, Section
from hazchem_cli.query.timeline import STANDINGS, TimelineRow, month_start

#: The bar glyph of each standing, in :data:`STANDINGS` order: distinct shades, so the bar
#: reads without colour, on a pipe or in Markdown.
GLYPHS = ("█", "▓", "▒", "░")


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
    for count, glyph in zip(counts, GLYPHS, strict=True):
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
        counts = [row.count(key) for key in STANDINGS]
        record: dict[str, Cell] = {"month": row.month, "backlog": row.backlog}
        record.update(dict(zip(STANDINGS, counts, strict=True)))
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
        keys = ["month", "backlog", *STANDINGS, "total", "task_refs"]
        return Section("timeline", title, [Column(key, key) for key in keys], records)
    shown = [
        (key, glyph)
        for key, glyph in zip(STANDINGS, GLYPHS, strict=True)
        if key != "done" or any(r["done"] for r in records)
    ]
    legend = "  ".join(f"{glyph} {word(key, lang)}" for key, glyph in shown)
    columns = [
        Column("month_label", word("month", lang)),
        *(Column(key, word(key, lang), justify="right") for key, _ in shown),
        Column("bar", word("total", lang)),
        Column("task_refs", word("task_refs", lang), wrap=True),
    ]
    return Section("timeline", f"{title}   {legend}", columns, records)
