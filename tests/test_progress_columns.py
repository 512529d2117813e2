"""``overdue``, ``upcoming`` and the briefing show each task's status and latest note, so a
task in progress reads differently from an untouched one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from hazchem_cli.cli import common
from tests.conftest import Invoke

TODAY = dt.date(2022, 11, 15)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "today", lambda: TODAY)


@pytest.fixture
def worked_on(invoke: Invoke, data_dir: Path) -> Path:
    """Task 11 started with two notes (the later one counts); task 18 noted after the day
    asked about below, which must not show."""
    for edit in [
        ("start", "11"),
        ("note", "11", "评价方案起草中", "--by", "经信厅", "--on", "2022-10-20"),
        ("note", "11", "已征求意见", "--by", "生态环境厅", "--on", "2022-11-10"),
        ("note", "18", "排查过半", "--by", "经信厅", "--on", "2022-11-14"),
    ]:
        assert invoke(*edit, "--data", str(data_dir)).exit_code == 0
    return data_dir


def test_overdue_rows_carry_status_and_the_latest_note(invoke: Invoke, worked_on: Path) -> None:
    result = invoke("overdue", "--as-of", "2022-11-15", "-a", "经信厅", "-f", "json",
                    "--data", str(worked_on))  # fmt: skip

    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows[11]["status"] == "in_progress"
    assert (rows[11]["latest_note_on"], rows[11]["latest_note_by"], rows[11]["latest_note_text"]) == (
        "2022-11-10", "省生态环境厅", "已征求意见",
    )  # fmt: skip
    assert rows[12]["status"] == "not_started" and rows[12]["latest_note"] is None


def test_upcoming_shows_the_note_in_a_table_but_not_one_written_later(
    invoke: Invoke, worked_on: Path
) -> None:
    now = invoke("upcoming", "--as-of", "2022-11-15", "-a", "经信厅", "-f", "md", "--lang", "zh",
                 "--data", str(worked_on))  # fmt: skip
    before = invoke("upcoming", "--as-of", "2022-11-13", "-a", "经信厅", "-f", "md",
                    "--lang", "zh", "--data", str(worked_on))  # fmt: skip

    header = "| 序号 | 截止日期 | 剩余天数 | 状态 | 牵头单位 | 责任单位 | 具体任务 | 最近进展 |"
    assert header in now.stdout.splitlines()
    row_18 = next(line for line in now.stdout.splitlines() if line.startswith("| 18 |"))
    assert "| 未开始 | 省应急管理厅 |" in row_18
    assert row_18.endswith(" | 2022-11-14 省经信厅：排查过半 |")
    row_18_before = next(row for row in before.stdout.splitlines() if row.startswith("| 18 |"))
    assert row_18_before.endswith(" | — |")


def test_the_briefing_tables_show_status_and_latest_note(invoke: Invoke, worked_on: Path) -> None:
    result = invoke("report", "-f", "md", "--as-of", "2022-11-15", "--lang", "zh",
                    "-a", "经信厅", "--data", str(worked_on))  # fmt: skip

    row_11 = next(line for line in result.stdout.splitlines() if line.startswith("| 11 |"))
    assert "| 进行中 |" in row_11
    assert row_11.endswith("| 2022-11-10 省生态环境厅：已征求意见 |")
