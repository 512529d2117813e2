"""Dates typed on the command line (``--as-of``, ``--on``, ``--due-before``).

People type a date the way they think of it: ``2022.7.1``, ``2022年7月1日``, ``yesterday``,
``+30d``. ``today`` is always passed in rather than read from the clock, so a command run
with ``--as-of`` and every test see the same day the relative forms count from.
"""

import calendar
import re
from datetime import MINYEAR, date

from dateutil.relativedelta import relativedelta

from hazchem_cli.deadlines import month_end

# Text pasted from Chinese documents often carries full-width digits (２０２２年).
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

_WORDS: dict[str, int] = {
    "today": 0,
    "今天": 0,
    "yesterday": -1,
    "昨天": -1,
    "tomorrow": 1,
    "明天": 1,
}

# Calendar steps, not fixed lengths: +1m from 31 January is the end of February.
_UNITS: dict[str, relativedelta] = {
    "d": relativedelta(days=1),
    "w": relativedelta(weeks=1),
    "m": relativedelta(months=1),
    "y": relativedelta(years=1),
}

_OFFSET = re.compile(r"(?P<sign>[+-]?)(?P<n>[0-9]+)(?P<unit>[dwmy])")
_DAY_NUM = re.compile(r"(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})")
_DAY_ZH = re.compile(r"(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日")
_MONTH_NUM = re.compile(r"(?P<y>[0-9]{4})[-/.](?P<m>[0-9]{1,2})")
_MONTH_ZH = re.compile(r"(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})月")

_DAY_FORMS = (
    "2022-07-01, 2022/7/1, 2022.7.1, 2022年7月1日, today, yesterday, tomorrow "
    "(今天, 昨天, 明天), or an offset from today such as +30d, -1w, +2m, -1y "
    "(d days, w weeks, m months, y years; no sign means the future)"
)


class DateExpressionError(ValueError):
    """A date option that cannot be understood.

    The message names the text and lists the accepted forms, because it is shown to the
    user as is, and guessing what an unreadable date meant would answer the wrong question.
    """


def parse_date(text: str, today: date) -> date:
    """The day ``text`` names; relative forms (``+30d``, ``yesterday``) count from ``today``.

    Raises:
        DateExpressionError: for unknown forms and days that do not exist.
    """
    day = _parse_day(text, today)
    if day is None:
        raise DateExpressionError(f"'{text.strip()}' is not a date; use {_DAY_FORMS}")
    return day


def parse_period(text: str, today: date) -> tuple[date, date]:
    """First and last day of what ``text`` names: a month (``2022-11``, ``2022年11月``) or a day.

    Lets ``--on 2022-11`` mean the whole month while ``--on 2022-11-05`` stays one day.

    Raises:
        DateExpressionError: for unknown forms and months or days that do not exist.
    """
    core = _normalise(text)
    if match := _MONTH_NUM.fullmatch(core) or _MONTH_ZH.fullmatch(core):
        year, month = _year_month(match, text)
        return date(year, month, 1), month_end(year, month)
    day = _parse_day(text, today)
    if day is None:
        raise DateExpressionError(
            f"'{text.strip()}' is not a month or a date; use a month such as 2022-11 or "
            f"2022年11月, or a date: {_DAY_FORMS}"
        )
    return day, day


def _normalise(text: str) -> str:
    """Strip, turn full-width digits into ASCII and fold case (``Today``, ``+1M``)."""
    return text.strip().translate(_FULL_WIDTH_DIGITS).casefold()


def _parse_day(text: str, today: date) -> date | None:
    """The day ``text`` names, or None if it is in no known form (so callers can say which)."""
    core = _normalise(text)
    if (shift := _WORDS.get(core)) is not None:
        return _step(text, today, _UNITS["d"] * shift)
    if match := _OFFSET.fullmatch(core):
        count = int(match["n"]) * (-1 if match["sign"] == "-" else 1)
        return _step(text, today, _UNITS[match["unit"]] * count)
    if match := _DAY_NUM.fullmatch(core) or _DAY_ZH.fullmatch(core):
        year, month = _year_month(match, text)
        day = int(match["d"])
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateExpressionError(
                f"'{text.strip()}' is not a real day: {year}-{month:02d} has {last} days"
            )
        return date(year, month, day)
    return None


def _step(text: str, today: date, offset: relativedelta) -> date:
    """``today`` moved by ``offset``; a huge offset is a user error, not a crash."""
    try:
        return today + offset
    except (ValueError, OverflowError):
        raise DateExpressionError(
            f"'{text.strip()}' counted from {today.isoformat()} falls outside the calendar "
            "(years 1 to 9999)"
        ) from None


def _year_month(match: re.Match[str], text: str) -> tuple[int, int]:
    """Year and month of a match, checked, so no caller can build a nonexistent month."""
    year, month = int(match["y"]), int(match["m"])
    if year < MINYEAR:
        raise DateExpressionError(f"year {year} does not exist in '{text.strip()}'")
    if not 1 <= month <= 12:
        raise DateExpressionError(f"month {month} does not exist in '{text.strip()}'")
    return year, month
