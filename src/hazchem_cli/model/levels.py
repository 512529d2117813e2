"""The warning rules: how a task's deadline, completion and notes make its colour on a day.

The rules take ``as_of`` instead of reading the clock: a report must be reproducible for
any past day, and a task's colour is derived every time rather than stored, so it can
never go stale.
"""

from datetime import date, timedelta
from enum import Enum

from hazchem_cli.model.defaults import DEFAULT_WITHIN_DAYS


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


def is_due_soon(
    due: date | None, done_on: date | None, as_of: date, within_days: int = DEFAULT_WITHIN_DAYS
) -> bool:
    """Whether an unfinished task falls due between ``as_of`` and ``within_days`` later.

    Both ends are included: a task due today is due soon (it is not overdue until
    tomorrow), and so is one due exactly ``within_days`` from now.
    """
    return (
        due is not None
        and not _done_by(done_on, as_of)
        and as_of <= due <= as_of + timedelta(days=within_days)
    )


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
    within_days: int = DEFAULT_WITHIN_DAYS,
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
