"""Deadlines as the province writes them, and the rules that judge them.

Tasks are copied from government documents, so deadlines arrive in the forms officials
use (``2022年6月底前``, ``2022年底``, ``持续推进``) as well as the dates YAML makes of an
unquoted ``2022-11-30``. All of them are turned into one shape, :class:`Deadline`, so the
rules below are written once, against plain dates.

The rules take ``as_of`` instead of reading the clock: a report must be reproducible for
any past day, and a task's colour is derived every time rather than stored, so it can
never go stale.
"""

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

ONGOING_WORDS: frozenset[str] = frozenset({"持续推进", "持续开展", "长期坚持", "长期", "ongoing"})
"""Words for a standing duty: it has no due date, so it can never be overdue.

Matched after ``str.casefold``, which leaves the Chinese words alone and makes the English
word case-insensitive.
"""

# Wide enough for any real plan, narrow enough that a typo such as 1022 or 2202 fails
# loudly instead of scheduling a task centuries away.
_MIN_YEAR = 1900
_MAX_YEAR = 2200

# Text pasted from Chinese documents often carries full-width digits (２０２２年).
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

_EXAMPLES = "write e.g. 2022年11月, 2022-11-30 or 持续推进"

_DAY_ZH = re.compile(r"(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日")
_DAY_NUM = re.compile(r"(?P<y>[0-9]{4})(?P<sep>[-/])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})")
_MONTH_ZH = re.compile(r"(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})月底?")
_MONTH_NUM = re.compile(r"(?P<y>[0-9]{4})[-/](?P<m>[0-9]{1,2})")
_YEAR_END_ZH = re.compile(r"(?P<y>[0-9]{4})年年?底")


class DeadlineError(ValueError):
    """A deadline that cannot be understood.

    The message is a whole sentence naming the offending text, because it is shown to
    the person editing the task file as is. A ``ValueError`` so that pydantic validators
    report it as an ordinary validation error.
    """


@dataclass(frozen=True)
class Deadline:
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

    A month (``2022年11月``, ``2022年11月底``, ``2022-11``, ``2022/11``) is due on its last
    day, a year end (``2022年底``, ``2022年年底``) on 31 December, and a day
    (``2022年11月30日``, ``2022-11-30``, ``2022/11/30``) on itself; a trailing ``前``
    ("by") changes nothing. A ``datetime`` is refused rather than truncated: a time of day
    in a deadline means the file says something this tool would silently drop.

    Raises:
        DeadlineError: for anything else, and for months, days or years that do not exist.
    """
    if isinstance(value, datetime):
        raise DeadlineError(
            f"'{value.isoformat(sep=' ')}' has a time of day; a deadline is a date, "
            f"e.g. {value.date().isoformat()}"
        )
    if isinstance(value, date):
        text = value.isoformat()
        _check_year(value.year, text)
        return Deadline(text, value)
    text = value.strip()
    if text.casefold() in ONGOING_WORDS:
        return Deadline(text, None)
    return Deadline(text, _due_date(text))


def _due_date(text: str) -> date:
    """The due date of a dated deadline; ``text`` is quoted in any error."""
    core = text.translate(_FULL_WIDTH_DIGITS).removesuffix("前")
    if match := _DAY_ZH.fullmatch(core) or _DAY_NUM.fullmatch(core):
        year, month = _year_month(match, text)
        day = int(match["d"])
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DeadlineError(f"'{text}' is not a real day: {year}-{month:02d} has {last} days")
        return date(year, month, day)
    if match := _MONTH_ZH.fullmatch(core) or _MONTH_NUM.fullmatch(core):
        return month_end(*_year_month(match, text))
    if match := _YEAR_END_ZH.fullmatch(core):
        year = int(match["y"])
        _check_year(year, text)
        return date(year, 12, 31)
    if not text:
        raise DeadlineError(f"the deadline is empty; {_EXAMPLES}")
    raise DeadlineError(f"'{text}' is not a deadline; {_EXAMPLES}")


def _year_month(match: re.Match[str], text: str) -> tuple[int, int]:
    """Year and month of a match, checked, so no caller can build a nonexistent month."""
    year, month = int(match["y"]), int(match["m"])
    _check_year(year, text)
    if not 1 <= month <= 12:
        raise DeadlineError(f"month {month} does not exist in '{text}'")
    return year, month


def _check_year(year: int, text: str) -> None:
    """Refuse years outside the plausible range (see ``_MIN_YEAR``), quoting ``text``."""
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise DeadlineError(
            f"year {year} in '{text}' is outside {_MIN_YEAR}–{_MAX_YEAR}; is it a typo?"
        )


class Level(str, Enum):
    """A task's warning colour on a given day.

    A ``str`` enum so it prints and serialises as its plain value (``"red"``).
    """

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    ONGOING = "ongoing"
    STALE = "stale"


def _done_by(done_on: date | None, as_of: date) -> bool:
    """Whether the task was finished on or before ``as_of``.

    A completion recorded after ``as_of`` had not happened yet on that day, so reports
    for past days show what was really open then.
    """
    return done_on is not None and done_on <= as_of


def is_overdue(due: date | None, done_on: date | None, as_of: date) -> bool:
    """Whether the task is past its due date and still unfinished on ``as_of``.

    A task finished late counts as overdue on every day from the day after its due date
    until the day before it was done; ongoing duties are never overdue.
    """
    return due is not None and due < as_of and not _done_by(done_on, as_of)


def days_overdue(due: date | None, done_on: date | None, as_of: date) -> int | None:
    """Days past due on ``as_of`` (1 on the day after the due date), or None if not overdue."""
    if due is None or not is_overdue(due, done_on, as_of):
        return None
    return (as_of - due).days


def is_done_late(due: date | None, done_on: date | None, as_of: date) -> bool:
    """Whether the task had been finished by ``as_of``, but after its due date.

    Kept apart from :func:`is_overdue` because a finished task is no longer overdue, yet
    the fact that it missed its deadline still has to be reportable.
    """
    return due is not None and done_on is not None and due < done_on <= as_of


def is_due_soon(due: date | None, done_on: date | None, as_of: date, within_days: int = 30) -> bool:
    """Whether an unfinished task falls due between ``as_of`` and ``within_days`` later.

    Both ends are included: a task due today is due soon (it is not overdue until
    tomorrow), and so is one due exactly ``within_days`` from now.
    """
    return (
        due is not None
        and not _done_by(done_on, as_of)
        and as_of <= due <= as_of + timedelta(days=within_days)
    )


#: Days without a progress note after which an ongoing task counts as stale.
DEFAULT_STALE_AFTER_DAYS = 90


def is_stale(last_note: date | None, done_on: date | None, as_of: date, stale_after: int) -> bool:
    """An ongoing task not done by ``as_of`` whose last progress note is over N days old.

    Ongoing tasks have no deadline to miss, so silence is how they fail; a task with no
    note at all has never shown progress and is stale too.
    """
    if done_on is not None and done_on <= as_of:
        return False
    return last_note is None or (as_of - last_note).days > stale_after


def warning_level(
    due: date | None,
    done_on: date | None,
    as_of: date,
    within_days: int = 30,
    last_note: date | None = None,
    stale_after: int | None = None,
) -> Level:
    """The task's colour on ``as_of``: red overdue, yellow due soon, ongoing, else green.

    Ongoing duties get their own level whether done or not, since "on track" means
    nothing without a due date; green covers both tasks on track and finished ones.
    With ``stale_after``, an ongoing task silent for longer than that is ``stale``.
    """
    if due is None:
        if stale_after is not None and is_stale(last_note, done_on, as_of, stale_after):
            return Level.STALE
        return Level.ONGOING
    if is_overdue(due, done_on, as_of):
        return Level.RED
    if is_due_soon(due, done_on, as_of, within_days):
        return Level.YELLOW
    return Level.GREEN
