"""Every cell of the source document is in the shipped tasks.yaml.

The source is read here with the simplest possible code, independent of the importer,
so that a mistake in the importer's reading cannot hide itself.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML

from tests.conftest import DATA, SOURCE

UNIT_LIST_ENDINGS = {"open_list": "等", "divided_responsibility": "分工负责"}


def source_rows() -> list[list[str]]:
    rows: list[list[str]] = []
    cells: list[str] = []
    for line in [*SOURCE.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("\t"):
            cells.append(line[1:])
        elif cells:
            rows.append(cells)
            cells = []
    assert rows[0] == ["序号", "治理措施", "具体任务", "牵头单位", "责任单位", "完成时限"]
    return rows[1:]


def shipped_tasks() -> list[dict[str, Any]]:
    document = YAML(typ="safe").load((DATA / "tasks.yaml").read_text(encoding="utf-8"))
    tasks: list[dict[str, Any]] = document["tasks"]
    return tasks


def unit_cell(task: dict[str, Any], column: str) -> str:
    """The cell as the source writes it: names joined by 、 and any closing words."""
    text = "、".join(task[column])
    for flag, ending in UNIT_LIST_ENDINGS.items():
        if task.get(flag) == column:
            text += ending
    return text


def test_the_source_has_fifty_rows_of_six_cells() -> None:
    rows = source_rows()
    assert len(rows) == 50
    assert all(len(row) == 6 for row in rows)


def test_every_cell_of_the_source_is_in_tasks_yaml() -> None:
    tasks = shipped_tasks()
    assert len(tasks) == 50
    checked = 0
    measure = ""
    for row, task in zip(source_rows(), tasks, strict=True):
        number, measure_cell, text, lead, responsible, deadline = row
        measure = measure_cell or measure  # an empty cell continues the measure above
        assert task["id"] == int(number)
        assert task["measure"] == measure
        assert task["task"] == text
        assert unit_cell(task, "lead") == lead
        assert unit_cell(task, "responsible") == responsible
        assert task["deadline"] == deadline
        checked += 6
    assert checked == 300


def test_compound_and_closing_words_are_read_as_the_source_means_them() -> None:
    tasks = {task["id"]: task for task in shipped_tasks()}
    assert tasks[3]["responsible"] == ["市、县（市、区）党委政府"]
    assert tasks[10]["open_list"] == "responsible"
    assert tasks[10]["responsible"][-1] == "省消防救援总队"
    for task_id in (28, 30, 32):
        assert tasks[task_id]["divided_responsibility"] == "lead"
        assert not any(name.endswith("分工负责") for name in tasks[task_id]["lead"])
    assert tasks[23]["measure"] == tasks[22]["measure"] == "深化生产环节安全治理"


def test_every_unit_in_the_tasks_is_a_registered_agency() -> None:
    agencies = YAML(typ="safe").load((DATA / "agencies.yaml").read_text(encoding="utf-8"))
    registered = {agency["name"] for agency in agencies["agencies"]}
    used = {name for task in shipped_tasks() for name in (*task["lead"], *task["responsible"])}
    assert used == registered
