"""One date grammar for the files and the command line; one annotation escape for CI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hazchem_cli.errors import Problem
from hazchem_cli.model.dates import (
    DateExpressionError,
    DeadlineError,
    parse_date,
    parse_day,
    parse_deadline,
)
from hazchem_cli.output.problems import ProblemFormat, github_annotation, render_problems
from tests.conftest import Invoke
from tests.test_check import TASK, check, task_file

# These tests read the English wording; tests/test_check_language.py reads the Chinese.
pytestmark = pytest.mark.usefixtures("english")

TODAY = dt.date(2022, 11, 15)


@pytest.mark.parametrize(
    "text", ["2022-07-21", "2022/7/21", "2022.7.21", "2022年7月21日", "２０２２年７月２１日"]
)
def test_a_day_reads_the_same_in_the_file_and_on_the_command_line(text: str) -> None:
    assert parse_day(text) == parse_date(text, TODAY) == dt.date(2022, 7, 21)
    assert parse_deadline(text).due == dt.date(2022, 7, 21)


@pytest.mark.parametrize("text", ["2022.11", "2022年11月", "2022年11月底前", "2022/11"])
def test_months_with_any_separator_are_deadlines(text: str) -> None:
    assert parse_deadline(text).due == dt.date(2022, 11, 30)


@pytest.mark.parametrize("text", ["1022-01-01", "2202年1月1日", "3022.1.1"])
def test_the_year_limits_are_the_same_everywhere(text: str) -> None:
    with pytest.raises(DeadlineError, match="outside 1900–2200"):
        parse_deadline(text)
    with pytest.raises(DateExpressionError, match="outside 1900–2200"):
        parse_date(text, TODAY)
    with pytest.raises(DateExpressionError, match="outside 1900–2200"):
        parse_day(text)


def test_relative_forms_are_for_the_command_line_only() -> None:
    assert parse_date("yesterday", TODAY) == dt.date(2022, 11, 14)
    with pytest.raises(DateExpressionError, match="write it as 2022-07-21"):
        parse_day("yesterday")


def test_a_note_dated_with_dots_in_the_file_is_valid(invoke: Invoke, data_dir: Path) -> None:
    note = "    progress:\n      - on: 2022.7.21\n        by: 省应急管理厅\n        note: 已部署\n"
    task_file(data_dir, TASK.format(id=1) + note)
    assert check(invoke, data_dir) == (0, [])


def test_a_day_the_grammar_cannot_read_is_located_with_what_to_write(
    invoke: Invoke, data_dir: Path
) -> None:
    note = "    progress:\n      - on: 7月21日\n        by: 省应急管理厅\n        note: 已部署\n"
    task_file(data_dir, TASK.format(id=1) + note)
    code, lines = check(invoke, data_dir)
    assert code == 1
    assert lines == [
        "tasks.yaml:14:13: '7月21日' is not a date; write it as 2022-07-21 "
        "(2022/7/21, 2022.7.21 and 2022年7月21日 are read too)"
    ]


def test_github_annotations_escape_properties_and_message() -> None:
    """A folder named with a newline, colon or comma cannot write a workflow command."""
    problem = Problem("evil\n::warning file=x::pwned,a:b/tasks.yaml", 3, 5, "100% wrong\r\nsecond")
    line = github_annotation(problem)
    assert "\n" not in line and "\r" not in line
    assert line == (
        "::error file=evil%0A%3A%3Awarning file=x%3A%3Apwned%2Ca%3Ab/tasks.yaml,line=3,col=5"
        "::100%25 wrong%0D%0Asecond"
    )
    assert render_problems([problem], ProblemFormat.GITHUB) == line + "\n"
    assert render_problems([], ProblemFormat.JSON) == "[]\n"
