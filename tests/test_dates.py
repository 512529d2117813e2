from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hazchem_cli.model.dates import DateExpressionError, parse_date, parse_period

# These tests read the English wording; tests/test_check_language.py reads the Chinese.
pytestmark = pytest.mark.usefixtures("english")

TODAY = date(2022, 11, 15)

# Deterministic property tests that leave no .hypothesis directory behind.
deterministic = settings(derandomize=True, database=None, max_examples=100)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-07-01", date(2022, 7, 1)),
        ("2022-7-1", date(2022, 7, 1)),
        ("2022/7/1", date(2022, 7, 1)),
        ("2022/07/01", date(2022, 7, 1)),
        ("2022.7.1", date(2022, 7, 1)),
        ("2022年7月1日", date(2022, 7, 1)),
        ("２０２２年７月１日", date(2022, 7, 1)),
        ("  2022-07-01 ", date(2022, 7, 1)),
        ("2024-02-29", date(2024, 2, 29)),
        ("today", TODAY),
        ("Today", TODAY),
        ("今天", TODAY),
        ("yesterday", date(2022, 11, 14)),
        ("昨天", date(2022, 11, 14)),
        ("tomorrow", date(2022, 11, 16)),
        ("明天", date(2022, 11, 16)),
        ("+30d", date(2022, 12, 15)),
        ("30d", date(2022, 12, 15)),
        ("-30d", date(2022, 10, 16)),
        ("0d", TODAY),
        ("-1w", date(2022, 11, 8)),
        ("+2W", date(2022, 11, 29)),
        ("+2m", date(2023, 1, 15)),
        ("-1m", date(2022, 10, 15)),
        ("-1y", date(2021, 11, 15)),
        ("1y", date(2023, 11, 15)),
    ],
)
def test_parse_date_forms(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("+1m", date(2024, 1, 31), date(2024, 2, 29)),
        ("+1m", date(2023, 1, 31), date(2023, 2, 28)),
        ("-1m", date(2022, 3, 31), date(2022, 2, 28)),
        ("+2m", date(2022, 12, 31), date(2023, 2, 28)),
        ("-1y", date(2024, 2, 29), date(2023, 2, 28)),
        ("+4y", date(2024, 2, 29), date(2028, 2, 29)),
        ("+1d", date(2024, 2, 28), date(2024, 2, 29)),
        ("+1d", date(2023, 2, 28), date(2023, 3, 1)),
        ("tomorrow", date(2022, 12, 31), date(2023, 1, 1)),
    ],
)
def test_relative_forms_follow_the_calendar(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-02-30", "'2022-02-30' is not a real day: 2022-02 has 28 days"),
        ("2023年2月29日", "'2023年2月29日' is not a real day: 2023-02 has 28 days"),
        ("2022.4.31", "'2022.4.31' is not a real day: 2022-04 has 30 days"),
        ("2022-13-01", "month 13 does not exist in '2022-13-01'"),
        ("0000-01-01", "year 0 in '0000-01-01' is outside 1900–2200"),
        ("+99999y", "'+99999y' counted from 2022-11-15 falls outside the years 1900–2200"),
        ("+9999999999d", "'+9999999999d' counted from 2022-11-15 falls outside"),
        ("+" + "9" * 5000 + "d", "'+" + "9" * 5000 + "d' counted from 2022-11-15 falls outside"),
        ("next week", "'next week' is not a date; use 2022-07-01, 2022/7/1, 2022.7.1"),
        ("2022-11", "'2022-11' is not a date"),
        ("+5x", "'+5x' is not a date"),
        ("2022-07/01", "'2022-07/01' is not a date"),
        ("", "'' is not a date"),
    ],
)
def test_parse_date_errors(text: str, message: str) -> None:
    with pytest.raises(DateExpressionError) as caught:
        parse_date(text, TODAY)
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, ValueError)


def test_unknown_form_message_lists_every_form() -> None:
    with pytest.raises(DateExpressionError) as caught:
        parse_date("soon", TODAY)
    for form in ("2022年7月1日", "today", "昨天", "+30d", "-1w", "+2m", "-1y"):
        assert form in str(caught.value)


def test_step_before_the_first_day_is_an_error() -> None:
    with pytest.raises(DateExpressionError, match="outside the years 1900–2200"):
        parse_date("yesterday", date(1900, 1, 1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-11", (date(2022, 11, 1), date(2022, 11, 30))),
        ("2022/11", (date(2022, 11, 1), date(2022, 11, 30))),
        ("2022.2", (date(2022, 2, 1), date(2022, 2, 28))),
        ("2024年2月", (date(2024, 2, 1), date(2024, 2, 29))),
        ("２０２２年１２月", (date(2022, 12, 1), date(2022, 12, 31))),
        ("2022-11-05", (date(2022, 11, 5), date(2022, 11, 5))),
        ("2022年11月5日", (date(2022, 11, 5), date(2022, 11, 5))),
        ("today", (TODAY, TODAY)),
        ("-1w", (date(2022, 11, 8), date(2022, 11, 8))),
    ],
)
def test_parse_period(text: str, expected: tuple[date, date]) -> None:
    assert parse_period(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-13", "month 13 does not exist in '2022-13'"),
        ("2022年0月", "month 0 does not exist in '2022年0月'"),
        ("2022-02-30", "'2022-02-30' is not a real day"),
        ("next month", "'next month' is not a month or a date; use a month such as 2022-11"),
    ],
)
def test_parse_period_errors(text: str, message: str) -> None:
    with pytest.raises(DateExpressionError) as caught:
        parse_period(text, TODAY)
    assert str(caught.value).startswith(message)


@deterministic
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_written_dates_round_trip(day: date) -> None:
    assert parse_date(day.isoformat(), TODAY) == day
    assert parse_date(f"{day.year}/{day.month}/{day.day}", TODAY) == day
    assert parse_date(f"{day.year}.{day.month}.{day.day}", TODAY) == day
    assert parse_date(f"{day.year}年{day.month}月{day.day}日", TODAY) == day
    assert parse_period(day.isoformat(), TODAY) == (day, day)


@deterministic
@given(st.integers(0, 3000))
def test_day_offsets_are_plain_arithmetic(days: int) -> None:
    assert parse_date(f"+{days}d", TODAY) == TODAY + timedelta(days=days)
    assert parse_date(f"{days}d", TODAY) == TODAY + timedelta(days=days)
    assert parse_date(f"-{days}d", TODAY) == TODAY - timedelta(days=days)
    assert parse_date(f"-{days}w", TODAY) == TODAY - timedelta(weeks=days)
