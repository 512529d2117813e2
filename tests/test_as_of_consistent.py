"""A past --as-of shows every part of a task as it stood that day (issue 12, item 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke


@pytest.fixture
def finished_late(invoke: Invoke, data_dir: Path) -> Path:
    """Task 13 (due 2022-06-30): noted in October and November, done on 2022-11-10."""
    for args in (
        ("note", "13", "细则已起草", "--by", "应急厅", "--on", "2022-10-20"),
        ("note", "13", "细则已送审", "--by", "应急厅", "--on", "2022-11-05"),
        ("done", "13", "--on", "2022-11-10"),
    ):
        result = invoke(*args, "--data", str(data_dir))
        assert result.exit_code == 0, result.stderr
    return data_dir


def show(invoke: Invoke, data: Path, as_of: str) -> dict[str, object]:
    result = invoke("show", "13", "--as-of", as_of, "-f", "json", "--data", str(data))
    assert result.exit_code == 0, result.stderr
    record: dict[str, object] = json.loads(result.stdout)
    return record


def test_show_at_a_past_day_shows_the_task_as_it_stood(invoke: Invoke, finished_late: Path) -> None:
    then = show(invoke, finished_late, "2022-11-01")
    assert (then["status"], then["done_on"]) == ("in_progress", None)
    assert [note["on"] for note in then["progress"]] == ["2022-10-20"]  # type: ignore[attr-defined]
    now = show(invoke, finished_late, "2022-12-01")
    assert (now["status"], now["done_on"]) == ("done", "2022-11-10")
    assert [note["on"] for note in now["progress"]] == ["2022-10-20", "2022-11-05"]  # type: ignore[attr-defined]


def test_a_task_done_late_is_never_on_track(invoke: Invoke, finished_late: Path) -> None:
    result = invoke(
        "list", "--status", "done", "--as-of", "2022-12-01", "-f", "json", "--lang", "zh",
        "--data", str(finished_late),
    )  # fmt: skip
    [row] = json.loads(result.stdout)
    assert (row["id"], row["done_late"], row["level_label"]) == (13, True, "逾期完成")
    table = invoke("list", "--status", "done", "--as-of", "2022-12-01", "--lang", "zh",
                   "--data", str(finished_late)).stdout  # fmt: skip
    assert "逾期完成" in table and "正常" not in table
