from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hazchem_cli.model.dates import (
    ONGOING_WORDS,
    Deadline,
    DeadlineError,
    month_end,
    parse_deadline,
)
from hazchem_cli.model.levels import (
    Level,
    days_overdue,
    is_done_late,
    is_due_soon,
    is_overdue,
    warning_level,
)

# These tests read the English wording; tests/test_check_language.py reads the Chinese.
pytestmark = pytest.mark.usefixtures("english")

# Deterministic property tests that leave no .hypothesis directory behind.
deterministic = settings(derandomize=True, database=None, max_examples=100)

valid_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("2022年11月", date(2022, 11, 30)),
        ("2022年2月", date(2022, 2, 28)),
        ("2024年2月", date(2024, 2, 29)),
        ("2022年6月底", date(2022, 6, 30)),
        ("2022年6月底前", date(2022, 6, 30)),
        ("2022年6月前", date(2022, 6, 30)),
        ("2022年6月5日", date(2022, 6, 5)),
        ("2022年06月05日前", date(2022, 6, 5)),
        ("2024年2月29日", date(2024, 2, 29)),
        ("2022年底", date(2022, 12, 31)),
        ("2022年年底", date(2022, 12, 31)),
        ("2022年底前", date(2022, 12, 31)),
        ("2022-11", date(2022, 11, 30)),
        ("2022/11", date(2022, 11, 30)),
        ("2022-2", date(2022, 2, 28)),
        ("2022-11-30", date(2022, 11, 30)),
        ("2022/6/5", date(2022, 6, 5)),
        ("2022/06/05", date(2022, 6, 5)),
        ("2000-02-29", date(2000, 2, 29)),
        ("２０２２年１１月", date(2022, 11, 30)),
        ("1900年1月", date(1900, 1, 31)),
        ("2200年底", date(2200, 12, 31)),
    ],
)
def test_dated_forms(text: str, due: date) -> None:
    deadline = parse_deadline(text)
    assert deadline == Deadline(text, due)
    assert not deadline.ongoing


def test_text_is_kept_as_written_without_surrounding_space() -> None:
    assert parse_deadline("  2022年6月底前\n") == Deadline("2022年6月底前", date(2022, 6, 30))


@pytest.mark.parametrize("text", [*sorted(ONGOING_WORDS), "Ongoing", "ONGOING", " 持续推进 "])
def test_ongoing_words(text: str) -> None:
    deadline = parse_deadline(text)
    assert deadline == Deadline(text.strip(), None)
    assert deadline.ongoing


def test_date_object_gives_iso_text() -> None:
    assert parse_deadline(date(2022, 11, 30)) == Deadline("2022-11-30", date(2022, 11, 30))


def test_datetime_is_refused() -> None:
    with pytest.raises(DeadlineError, match=r"time of day.*e\.g\. 2022-11-30"):
        parse_deadline(datetime(2022, 11, 30, 10, 0))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2022年13月", "month 13 does not exist in '2022年13月'"),
        ("2022年0月", "month 0 does not exist in '2022年0月'"),
        ("2022-13", "month 13 does not exist in '2022-13'"),
        ("2022年13月1日", "month 13 does not exist in '2022年13月1日'"),
        ("2022年2月30日", "'2022年2月30日' is not a real day: 2022-02 has 28 days"),
        ("2022-02-30", "'2022-02-30' is not a real day: 2022-02 has 28 days"),
        ("2023年2月29日", "'2023年2月29日' is not a real day: 2023-02 has 28 days"),
        ("2100-02-29", "'2100-02-29' is not a real day: 2100-02 has 28 days"),
        ("2022/4/31", "'2022/4/31' is not a real day: 2022-04 has 30 days"),
        ("2022-01-00", "'2022-01-00' is not a real day"),
        ("1899年12月", "year 1899 in '1899年12月' is outside 1900–2200"),
        ("2201年底", "year 2201 in '2201年底' is outside 1900–2200"),
        (date(1850, 1, 1), "year 1850 in '1850-01-01' is outside 1900–2200"),
        ("下个月", "'下个月' is not a deadline; write e.g. 2022年11月, 2022-11-30 or 持续推进"),
        ("2022-11/30", "'2022-11/30' is not a deadline"),
        ("2022年", "'2022年' is not a deadline"),
        ("持续推进前", "'持续推进前' is not a deadline"),
        ("前", "'前' is not a deadline"),
        ("   ", "the deadline is empty"),
    ],
)
def test_bad_deadlines(value: str | date, message: str) -> None:
    with pytest.raises(DeadlineError) as caught:
        parse_deadline(value)
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [(2022, 1, 31), (2022, 2, 28), (2024, 2, 29), (2000, 2, 29), (2100, 2, 28), (2022, 4, 30)],
)
def test_month_end(year: int, month: int, last: int) -> None:
    assert month_end(year, month) == date(year, month, last)


NOV = date(2022, 11, 30)


def test_month_end_boundary() -> None:
    due = parse_deadline("2022年11月").due
    assert due == date(2022, 11, 30)
    last_day, next_day = date(2022, 11, 30), date(2022, 12, 1)
    assert not is_overdue(due, None, last_day)
    assert days_overdue(due, None, last_day) is None
    assert warning_level(due, None, last_day) is Level.YELLOW
    assert is_overdue(due, None, next_day)
    assert days_overdue(due, None, next_day) == 1
    assert warning_level(due, None, next_day) is Level.RED


def test_done_late() -> None:
    done = date(2022, 12, 10)
    before = date(2022, 12, 5)
    assert is_overdue(NOV, done, before)
    assert days_overdue(NOV, done, before) == 5
    assert not is_done_late(NOV, done, before)
    assert warning_level(NOV, done, before) is Level.RED
    assert is_overdue(NOV, done, done - timedelta(days=1))
    for day in (done, date(2023, 6, 1)):
        assert not is_overdue(NOV, done, day)
        assert days_overdue(NOV, done, day) is None
        assert is_done_late(NOV, done, day)
        assert warning_level(NOV, done, day) is Level.GREEN


@pytest.mark.parametrize("done", [date(2022, 11, 20), date(2022, 11, 30)])
def test_done_on_time(done: date) -> None:
    for day in (done, date(2022, 12, 5), date(2023, 6, 1)):
        assert not is_overdue(NOV, done, day)
        assert not is_done_late(NOV, done, day)
        assert not is_due_soon(NOV, done, day)
        assert warning_level(NOV, done, day) is Level.GREEN
    # Before it was done it was an ordinary open task, due within 30 days.
    assert warning_level(NOV, done, date(2022, 11, 10)) is Level.YELLOW


@pytest.mark.parametrize("done", [None, date(2022, 1, 1)])
def test_ongoing_is_never_overdue(done: date | None) -> None:
    for day in (date(1900, 1, 1), date(2022, 11, 30), date(2200, 12, 31)):
        assert not is_overdue(None, done, day)
        assert days_overdue(None, done, day) is None
        assert not is_done_late(None, done, day)
        assert not is_due_soon(None, done, day)
        assert warning_level(None, done, day) is Level.ONGOING


def test_due_soon_window_edges() -> None:
    today = date(2022, 11, 1)
    assert is_due_soon(today, None, today)
    assert not is_overdue(today, None, today)
    assert is_due_soon(today + timedelta(days=30), None, today)
    assert warning_level(today + timedelta(days=30), None, today) is Level.YELLOW
    assert not is_due_soon(today + timedelta(days=31), None, today)
    assert warning_level(today + timedelta(days=31), None, today) is Level.GREEN
    assert not is_due_soon(today - timedelta(days=1), None, today)
    assert is_due_soon(today + timedelta(days=7), None, today, within_days=7)
    assert not is_due_soon(today + timedelta(days=8), None, today, within_days=7)
    assert warning_level(today + timedelta(days=8), None, today, within_days=7) is Level.GREEN


def test_done_task_is_not_due_soon_but_one_done_later_is() -> None:
    today, due = date(2022, 11, 1), date(2022, 11, 10)
    assert not is_due_soon(due, today, today)
    assert is_due_soon(due, date(2022, 11, 5), today)


def test_level_is_its_plain_string() -> None:
    assert [level.value for level in Level] == ["red", "yellow", "green", "ongoing", "stale"]
    assert isinstance(Level.RED, str)
    assert Level("red") is Level.RED


@deterministic
@given(valid_dates)
def test_iso_text_round_trips(day: date) -> None:
    assert parse_deadline(day.isoformat()).due == day
    assert parse_deadline(day).due == day
    assert parse_deadline(f"{day.year}年{day.month}月{day.day}日").due == day


@deterministic
@given(st.integers(1900, 2200), st.integers(1, 12))
def test_chinese_month_is_due_on_month_end(year: int, month: int) -> None:
    end = month_end(year, month)
    assert parse_deadline(f"{year}年{month}月").due == end
    assert parse_deadline(f"{year}年{month}月底前").due == end
    assert (end.year, end.month) == (year, month)
    assert (end + timedelta(days=1)).day == 1


@deterministic
@given(valid_dates, st.none() | valid_dates, valid_dates)
def test_rules_agree(due: date, done_on: date | None, as_of: date) -> None:
    overdue = is_overdue(due, done_on, as_of)
    assert (days_overdue(due, done_on, as_of) is not None) == overdue
    assert (warning_level(due, done_on, as_of) is Level.RED) == overdue
    assert not (overdue and is_due_soon(due, done_on, as_of))
    assert not (overdue and is_done_late(due, done_on, as_of))
