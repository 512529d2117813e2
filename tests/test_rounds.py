"""Reporting rounds on fixed days: who reported on each open task, who did not."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from hazchem_cli.cli import common
from hazchem_cli.query.rounds import Period, round_of, rounds_until
from tests.conftest import Invoke

TODAY = dt.date(2022, 12, 15)  # a Thursday


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "today", lambda: TODAY)


@pytest.fixture
def noted(invoke: Invoke, data_dir: Path) -> Path:
    """The shipped list with a few reports: 经信厅 last week and this week, 生态环境厅
    this week on one task, and task 12 done this week."""
    edits = [
        ("note", "11", "评价方案起草中", "--by", "经信厅", "--on", "2022-12-07"),
        ("note", "9", "复核认定已启动", "--by", "经信厅", "--on", "2022-12-12"),
        ("note", "11", "已征求意见", "--by", "生态环境厅", "--on", "2022-12-13"),
        ("done", "12", "--on", "2022-12-14"),
    ]
    for edit in edits:
        result = invoke(*edit, "--data", str(data_dir))
        assert result.exit_code == 0, result.stderr
    return data_dir


def rounds(invoke: Invoke, data: Path, *args: str) -> list[dict[str, object]]:
    result = invoke("rounds", "--as-of", "2022-12-15", "-f", "json", *args, "--data", str(data))
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_rounds_are_weeks_from_monday_or_calendar_months() -> None:
    week = round_of(TODAY, Period.WEEK)
    month = round_of(TODAY, Period.MONTH)

    assert (week.start, week.end, week.label) == (
        dt.date(2022, 12, 12),
        dt.date(2022, 12, 18),
        "2022-W50",
    )
    assert (month.start, month.end, month.label) == (
        dt.date(2022, 12, 1),
        dt.date(2022, 12, 31),
        "2022-12",
    )
    assert [r.label for r in rounds_until(dt.date(2023, 1, 2), Period.MONTH, 3)] == [
        "2022-11", "2022-12", "2023-01",
    ]  # fmt: skip


def test_this_week_says_who_reported_on_which_open_task(invoke: Invoke, noted: Path) -> None:
    rows = {row["agency"]: row for row in rounds(invoke, noted, "-a", "经信厅", "-a", "生态环境厅")}

    industry, environment = rows["省经信厅"], rows["省生态环境厅"]
    # 9 noted this week; 12 was done this week, which answers for every unit of it.
    assert industry["reported"] == ["9", "12"]
    assert industry["missing"] == ["10", "11", "14", "18", "23", "30", "47"]
    assert industry["last_report"] == "2022-12-12"
    assert industry["days_since"] == 3
    assert environment["reported"] == ["11"]
    assert environment["missing"] == ["9", "10", "33", "34", "46"]
    assert environment["days_since"] == 2


def test_a_unit_that_never_reported_comes_first_with_no_last_report(
    invoke: Invoke, noted: Path
) -> None:
    rows = rounds(invoke, noted)

    first = rows[0]
    assert first["missing"]
    assert first["last_report"] is None and first["days_since"] is None
    assert {row["agency"] for row in rows} >= {"省经信厅", "省应急管理厅"}
    assert "省级相关部门" not in {row["agency"] for row in rows}  # a group reports as nobody


def test_last_rounds_judge_each_week_on_its_own_days(invoke: Invoke, noted: Path) -> None:
    rows = rounds(invoke, noted, "--last", "2", "-a", "经信厅")

    assert [
        (row["round"], row["reported"], row["last_report"], row["days_since"]) for row in rows
    ] == [
        ("2022-W49", ["11"], "2022-12-07", 4),
        ("2022-W50", ["9", "12"], "2022-12-12", 3),
    ]


def test_a_task_done_before_the_round_is_not_asked_about(invoke: Invoke, noted: Path) -> None:
    result = invoke("rounds", "--as-of", "2022-12-26", "-f", "json", "-a", "经信厅",
                    "--data", str(noted))  # fmt: skip

    row = json.loads(result.stdout)[0]
    assert "12" not in row["open_tasks"]
    assert row["reported"] == []


def test_a_month_round_and_the_table_in_chinese(invoke: Invoke, noted: Path) -> None:
    result = invoke("rounds", "--period", "month", "--as-of", "2022-12-15", "--lang", "zh",
                    "-a", "生态环境厅", "--data", str(noted))  # fmt: skip

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "报送情况（按月，截至 2022-12-15）"
    assert "省生态环境厅" in lines[3] and "未报齐" in lines[3] and "2022-12-13" in lines[3]


def test_a_wrong_period_is_a_command_line_error(invoke: Invoke, noted: Path) -> None:
    result = invoke("rounds", "--period", "fortnight", "--data", str(noted))

    assert result.exit_code == 2
    assert "--period：'fortnight' 不可用；请写 week（按周）或 month（按月）" in result.stderr


def test_the_briefing_lists_who_has_not_reported_this_week(invoke: Invoke, noted: Path) -> None:
    result = invoke("report", "--format", "md", "--as-of", "2022-12-15", "--lang", "zh",
                    "-a", "生态环境厅", "--data", str(noted))  # fmt: skip
    html = invoke("report", "--format", "html", "--as-of", "2022-12-15", "--lang", "zh",
                  "-a", "生态环境厅", "--data", str(noted))  # fmt: skip

    part = result.stdout.split("## 未报送（2022-12-12 至 2022-12-18）\n\n", 1)[1].split("\n\n")[0]
    assert part.splitlines() == [
        "| 单位 | 未报送的任务 | 最近报送 | 距今天数 |",
        "| --- | --- | --- | ---: |",
        "| 省生态环境厅 | 9、10、33、34、46 | 2022-12-13 | 2 |",
    ]
    assert '<section id="unreported"><h2>未报送（2022-12-12 至 2022-12-18）</h2>' in html.stdout


def test_a_stage_review_signed_in_the_round_counts_as_reporting(
    invoke: Invoke, noted: Path
) -> None:
    """An ongoing task is never closed; its lead unit's stage review (阶段性审核) is its report."""
    review = invoke(
        "review", "30", "--role", "lead", "--by", "经信厅", "--approve", "--on", "2022-12-13",
        "--data", str(noted),
    )  # fmt: skip
    assert review.exit_code == 0, review.stderr

    [industry] = rounds(invoke, noted, "-a", "经信厅")
    assert isinstance(industry["reported"], list) and isinstance(industry["missing"], list)
    assert "30" in industry["reported"]
    assert "30" not in industry["missing"]
    assert industry["last_report"] == "2022-12-13"
