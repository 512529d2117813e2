"""The coming months as data: which deadlines fall in each, and how they stand.

A row per month from the month of ``--as-of`` on, each counting its deadlines by where
they stand (overdue, due soon, on track, done) and naming the tasks. Months before the
window are summarised in one row of the tasks still overdue from them: what was done
then is history, what was not is the backlog the meeting has to hear about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from hazchem_cli.model.defaults import DEFAULT_MONTHS
from hazchem_cli.model.levels import Level
from hazchem_cli.query.judge import JudgedTask

#: Where a task stands, in the order rows count them and bars draw them.
STANDINGS: tuple[str, ...] = (Level.RED.value, Level.YELLOW.value, Level.GREEN.value, "done")


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
