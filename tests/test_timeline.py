"""``hazchem timeline``: deadlines per month from --as-of, the backlog before it summarised."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from hazchem_cli.output.timeline import stacked_bar
from tests.conftest import Invoke
from tests.test_calendar import DONE, EXTENSION, rewrite_task

AS_OF = ("--as-of", "2022-11-15")
#: Overdue on 2022-11-15, by due date: April, June, September, October 2022.
BACKLOG = ["3", "4", "7", "10", "13", "44", "46", "11", "12", "38"]
NOVEMBER = ["1", "2", "18", "19", "20", "21", "22", "24", "26", "27", "32", "33", "36", "37"]
NOVEMBER += ["43", "47", "48", "49"]
DECEMBER = ["5", "9", "16", "29", "35", "39", "40", "41", "42", "45"]


def months(invoke: Invoke, *args: str) -> list[dict[str, object]]:
    result = invoke("timeline", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def test_counts_per_month_with_the_backlog_summarised(invoke: Invoke) -> None:
    rows = months(invoke, *AS_OF)
    assert [row["month"] for row in rows] == [
        "2022-04/2022-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03", "2023-04",
    ]  # fmt: skip
    backlog, november, december, *later = rows
    assert backlog == {
        "month": "2022-04/2022-10", "backlog": True, "red": 10, "yellow": 0, "green": 0,
        "done": 0, "total": 10, "task_refs": BACKLOG,
    }  # fmt: skip
    assert (november["yellow"], november["total"], november["task_refs"]) == (18, 18, NOVEMBER)
    assert (december["green"], december["total"], december["task_refs"]) == (10, 10, DECEMBER)
    assert not november["backlog"] and all(row["total"] == 0 for row in later)


def test_extensions_move_and_done_tasks_count_apart(invoke: Invoke, data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    rewrite_task(tasks, 18, '    deadline: "2022年11月"\n', EXTENSION)  # to 2023年1月
    rewrite_task(tasks, 1, "    status: not_started\n", DONE)  # done 2022-11-10
    rewrite_task(
        tasks, 3, "    status: not_started\n", "    status: done\n    done_on: 2022-05-02\n"
    )
    rows = {row["month"]: row for row in months(invoke, *AS_OF, "--data", str(data_dir))}
    # Task 3 (April) was done late: history, not backlog, so the backlog starts in June.
    assert rows["2022-06/2022-10"]["task_refs"] == BACKLOG[1:]
    november = rows["2022-11"]
    assert (november["yellow"], november["done"], november["total"]) == (16, 1, 17)
    assert "18" not in november["task_refs"]  # type: ignore[operator]
    assert rows["2023-01"]["task_refs"] == ["18"] and rows["2023-01"]["green"] == 1
    table = invoke("timeline", *AS_OF, "--data", str(data_dir), "--lang", "en").stdout
    assert table.splitlines()[0].endswith("▒ on track  ░ done")  # shown once something is
    assert table.splitlines()[4].split()[:7] == [
        "2022-11",
        "0",
        "16",
        "0",
        "1",
        "17",
        "▓" * 11 + "░",
    ]


def test_no_backlog_row_when_nothing_before_is_overdue(invoke: Invoke) -> None:
    rows = months(invoke, "--as-of", "2022-04-01", "--months", "3")
    assert [row["month"] for row in rows] == ["2022-04", "2022-05", "2022-06"]
    assert rows[0]["task_refs"] == ["3"] and rows[0]["yellow"] == 1
    assert rows[2]["task_refs"] == ["4", "7", "10", "13", "44", "46"] and rows[2]["green"] == 6


def test_months_option_and_filters(invoke: Invoke) -> None:
    rows = months(invoke, *AS_OF, "--months", "1", "--agency", "科技厅")
    assert [row["month"] for row in rows] == ["2022-11"]
    assert rows[0]["task_refs"] == ["32"]
    assert invoke("timeline", *AS_OF, "--months", "0").exit_code == 2


def test_piped_table_is_plain_text(invoke: Invoke) -> None:
    result = invoke("timeline", *AS_OF, "--lang", "en", env={"TERM": "xterm-256color"})
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == "Deadlines by month from 2022-11-15   █ overdue  ▓ due soon  ▒ on track"
    assert lines[2].startswith("───")
    assert lines[3].split() == ["before", "2022-11", "10", "0", "0", "10", "███████", *BACKLOG]
    assert lines[4].split()[:6] == ["2022-11", "0", "18", "0", "18", "▓" * 12]
    assert lines[-1].split() == ["2023-04", "0", "0", "0", "0"]


def test_markdown_and_csv(invoke: Invoke) -> None:
    markdown = invoke("timeline", *AS_OF, "--lang", "zh", "--format", "md").stdout
    assert "| 月份 | 逾期 | 临期 | 正常 | 合计 | 任务序号 |" in markdown
    assert "| 2022-11 之前 | 10 | 0 | 0 | 10 ███████ | 3 4 7 10 13 44 46 11 12 38 |" in markdown
    text = invoke("timeline", *AS_OF, "--format", "csv", "--lang", "en").stdout.removeprefix(
        "\ufeff"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["month"] == "2022-04/2022-10" and rows[0]["backlog"] == "true"
    assert rows[1]["task_refs"] == "、".join(NOVEMBER)


@pytest.mark.parametrize(
    ("counts", "top", "bar"),
    [
        ((0, 0, 0, 0), 10, ""),
        ((10, 0, 0, 0), 10, "█" * 12),
        ((2, 2, 2, 0), 12, "██▓▓▒▒"),
        ((1, 0, 1, 1), 3, "████▒▒▒▒░░░░"),
        ((1, 0, 0, 0), 100, "█"),  # never less than one cell for a month with deadlines
    ],
)
def test_stacked_bar(counts: tuple[int, int, int, int], top: int, bar: str) -> None:
    assert stacked_bar(counts, top) == bar
