"""The one date grammar: deadlines in the task file, and dates typed on the command line.

Tasks are copied from government documents, so deadlines arrive in the forms officials
use (``2022年6月底前``, ``2022年底``, ``持续推进``) as well as the dates YAML makes of an
unquoted ``2022-11-30``; people type dates on the command line the way they think of them
(``2022.7.1``, ``2022年7月1日``, ``yesterday``, ``+30d``). Both read days and months with the
same patterns and the same year limits here, so a form the command line accepts is never
refused in the file, or the other way round.

``today`` is always passed in rather than read from the clock, so a command run with
``--as-of`` and every test see the same day the relative forms count from.
"""

import calendar
import functools
import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

from hazchem_cli.i18n.catalogue import _

ONGOING_WORDS: frozenset[str] = frozenset({"持续推进", "持续开展", "长期坚持", "长期", "ongoing"})
"""Words for a standing duty: it has no due date, so it can never be overdue.

Matched after ``str.casefold``, which leaves the Chinese words alone and makes the English
word case-insensitive.
"""

#: Wide enough for any real plan, narrow enough that a typo such as 1022 or 2202 fails
#: loudly instead of scheduling a task centuries away (and far beyond them, date
#: arithmetic overflows).
YEARS = (1900, 2200)

# Text pasted from Chinese documents often carries full-width digits (２０２２年).
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

_DAY_NUM = re.compile(r"(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})")
_DAY_ZH = re.compile(r"(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})[日号]")
_MONTH_NUM = re.compile(r"(?P<y>[0-9]{4})[-/.](?P<m>[0-9]{1,2})")
_MONTH_ZH = re.compile(r"(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})月底?")
_YEAR_END_ZH = re.compile(r"(?P<y>[0-9]{4})年年?底")
_OFFSET = re.compile(r"(?P<sign>[+-]?)(?P<n>[0-9]+)(?P<unit>[dwmy])")

_RELATIVE_WORDS: dict[str, int] = {
    "today": 0,
    "今天": 0,
    "yesterday": -1,
    "昨天": -1,
    "tomorrow": 1,
    "明天": 1,
}


def _day_forms() -> str:
    """Every form a date may take on the command line, said in the run's language."""
    return _(
        "2022-07-01, 2022/7/1, 2022.7.1, 2022年7月1日, today, yesterday, tomorrow "
        "(今天, 昨天, 明天), or an offset from today such as +30d, -1w, +2m, -1y "
        "(d days, w weeks, m months, y years; no sign means the future)"
    )


class DateExpressionError(ValueError):
    """A date that cannot be understood.

    The message is a whole sentence naming the text and what to write instead, because it
    is shown to the user as is, and guessing what an unreadable date meant would answer
    the wrong question. A ``ValueError`` so that pydantic validators report it as an
    ordinary validation error.
    """


class DeadlineError(DateExpressionError):
    """A deadline in the task file that cannot be understood."""


class Deadline(NamedTuple):
    """A parsed deadline: ``text`` is kept for display, ``due`` is what the rules use.

    ``text`` is the deadline as written (surrounding whitespace removed), because the
    official wording (``2022年6月底前``) is what readers recognise; for a date object it
    is the ISO text. ``due`` is ``None`` for ongoing duties.
    """

    text: str
    due: date | None

    @property
    def ongoing(self) -> bool:
        """True for standing duties (持续推进 …), which have no due date."""
        return self.due is None


def month_end(year: int, month: int) -> date:
    """Last day of the month: a deadline of ``2022年11月`` leaves the whole month to act."""
    return date(year, month, calendar.monthrange(year, month)[1])


@functools.lru_cache(maxsize=4096)
def parse_deadline(value: str | date) -> Deadline:
    """Parse a deadline as written in the task file.

    A month (``2022年11月``, ``2022年11月底``, ``2022-11``, ``2022/11``, ``2022.11``) is due on
    its last day, a year end (``2022年底``, ``2022年年底``) on 31 December, and a day
    (``2022年11月30日``, ``2022-11-30``, ``2022/11/30``, ``2022.11.30``) on itself; a trailing
    ``前`` ("by") changes nothing. A ``datetime`` is refused rather than truncated: a time
    of day in a deadline means the file says something this tool would silently drop.

    Raises:
        DeadlineError: for anything else, and for months, days or years that do not exist.
    """
    if isinstance(value, datetime):
        raise DeadlineError(
            _(
                "'{text}' has a time of day; a deadline is a date, e.g. {day}",
                text=value.isoformat(sep=" "),
                day=value.date().isoformat(),
            )
        )
    if isinstance(value, date):
        text = value.isoformat()
        _check_year(value.year, text, DeadlineError)
        return Deadline(text, value)
    text = value.strip()
    if text.casefold() in ONGOING_WORDS:
        return Deadline(text, None)
    core = _normalise(text).removesuffix("前")
    due = _calendar_day(core, text, DeadlineError)
    if due is None and (match := _MONTH_ZH.fullmatch(core) or _MONTH_NUM.fullmatch(core)):
        due = month_end(*_year_month(match, text, DeadlineError))
    if due is None and (match := _YEAR_END_ZH.fullmatch(core)):
        year = int(match["y"])
        _check_year(year, text, DeadlineError)
        due = date(year, 12, 31)
    if due is not None:
        return Deadline(text, due)
    if not text:
        raise DeadlineError(
            _("the deadline is empty; write e.g. 2022年11月, 2022-11-30 or 持续推进 (ongoing)")
        )
    raise DeadlineError(
        _(
            "'{text}' is not a deadline; write e.g. 2022年11月, 2022-11-30 or 持续推进 (ongoing)",
            text=text,
        )
    )


def parse_day(text: str) -> date:
    """A calendar day written in any absolute form people use (``2022.7.21``, ``2022年7月21日``).

    For dates stored in the files (a note's ``on``), where "today" would change meaning
    from one day to the next, so relative forms are not accepted.

    Raises:
        DateExpressionError: for anything else, naming what to write.
    """
    day = _calendar_day(_normalise(text), text, DateExpressionError)
    if day is None:
        raise DateExpressionError(
            _(
                "'{text}' is not a date; write it as 2022-07-21 (2022/7/21, 2022.7.21 "
                "and 2022年7月21日 are read too)",
                text=text.strip(),
            )
        )
    return day


def parse_date(text: str, today: date) -> date:
    """The day ``text`` names; relative forms (``+30d``, ``yesterday``) count from ``today``.

    Raises:
        DateExpressionError: for unknown forms, days that do not exist and years outside
            :data:`YEARS`.
    """
    day = _relative_or_calendar_day(text, today)
    if day is None:
        raise DateExpressionError(
            _("'{text}' is not a date; use {forms}", text=text.strip(), forms=_day_forms())
        )
    return day


def parse_period(text: str, today: date) -> tuple[date, date]:
    """First and last day of what ``text`` names: a month (``2022-11``, ``2022年11月``) or a day.

    Lets ``--on 2022-11`` mean the whole month while ``--on 2022-11-05`` stays one day.

    Raises:
        DateExpressionError: for unknown forms and months or days that do not exist.
    """
    core = _normalise(text)
    if match := _MONTH_NUM.fullmatch(core) or _MONTH_ZH.fullmatch(core):
        year, month = _year_month(match, text, DateExpressionError)
        return date(year, month, 1), month_end(year, month)
    day = _relative_or_calendar_day(text, today)
    if day is None:
        raise DateExpressionError(
            _(
                "'{text}' is not a month or a date; use a month such as 2022-11 or "
                "2022年11月, or a date: {forms}",
                text=text.strip(),
                forms=_day_forms(),
            )
        )
    return day, day


def _normalise(text: str) -> str:
    """Strip, turn full-width digits into ASCII and fold case (``Today``, ``+1M``)."""
    return text.strip().translate(_FULL_WIDTH_DIGITS).casefold()


def _relative_or_calendar_day(text: str, today: date) -> date | None:
    """The day ``text`` names, or None if it is in no known form (so callers can say which)."""
    core = _normalise(text)
    if (shift := _RELATIVE_WORDS.get(core)) is not None:
        return _step(text, today, "d", shift)
    if match := _OFFSET.fullmatch(core):
        digits = match["n"].lstrip("0") or "0"
        # More digits than any reach of years (int() refuses thousands): outside all the same.
        count = int(digits) if len(digits) <= 12 else 10**12
        count *= -1 if match["sign"] == "-" else 1
        return _step(text, today, match["unit"], count)
    return _calendar_day(core, text, DateExpressionError)


def _calendar_day(core: str, text: str, error: type[DateExpressionError]) -> date | None:
    """The day a normalised absolute form names, or None when ``core`` is not a day form."""
    match = _DAY_NUM.fullmatch(core) or _DAY_ZH.fullmatch(core)
    if match is None:
        return None
    year, month = _year_month(match, text, error)
    day = int(match["d"])
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        shown_month = f"{year}-{month:02d}"
        raise error(
            _(
                "'{text}' is not a real day: {month} has {days} days",
                text=text.strip(),
                month=shown_month,
                days=last,
            )
        )
    return date(year, month, day)


def _step(text: str, today: date, unit: str, count: int) -> date:
    """``today`` moved by ``count`` units (d, w, m, y), within :data:`YEARS`; a huge offset
    is a user error. Days and weeks are fixed lengths; months and years are calendar steps
    (+1m from 31 January is the end of February), which dateutil's ``relativedelta``
    counts, imported only then."""
    try:
        if unit in ("d", "w"):
            day = today + timedelta(days=count * (7 if unit == "w" else 1))
        else:
            from dateutil.relativedelta import relativedelta

            months = count * (12 if unit == "y" else 1)
            day = today + relativedelta(months=months)
    except (ValueError, OverflowError):
        day = None
    if day is None or not YEARS[0] <= day.year <= YEARS[1]:
        raise DateExpressionError(
            _(
                "'{text}' counted from {today} falls outside the years {first}–{last}",
                text=text.strip(),
                today=today.isoformat(),
                first=YEARS[0],
                last=YEARS[1],
            )
        )
    return day


def _year_month(
    match: re.Match[str], text: str, error: type[DateExpressionError]
) -> tuple[int, int]:
    """Year and month of a match, checked, so no caller can build a nonexistent month."""
    year, month = int(match["y"]), int(match["m"])
    _check_year(year, text, error)
    if not 1 <= month <= 12:
        raise error(
            _(
                "month {month} does not exist in '{text}'; months run from 1 to 12",
                month=month,
                text=text.strip(),
            )
        )
    return year, month


def _check_year(year: int, text: str, error: type[DateExpressionError]) -> None:
    """Refuse years outside :data:`YEARS`, quoting ``text``."""
    if not YEARS[0] <= year <= YEARS[1]:
        raise error(
            _(
                "year {year} in '{text}' is outside {first}–{last}; is it a typo?",
                year=year,
                text=text.strip(),
                first=YEARS[0],
                last=YEARS[1],
            )
        )
