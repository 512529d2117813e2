"""Edits change only the lines they mean to on any valid file, not only on a canonical one.

People write task files by hand: keys in another order, deadlines unquoted, lists inline,
comments between keys. An edit must leave all of that as it found it and add or replace
only its own lines (docs/editing.md promises it). Every layout below is valid, and each
edit kind is run on it; the diff of the file must hold exactly the lines the edit means.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from pathlib import Path

import pytest

from hazchem_cli.edit.task_edits import (
    EditResult,
    add_note,
    extend_deadline,
    mark_done,
    reopen_task,
    start_task,
)
from hazchem_cli.errors import DataError
from hazchem_cli.store.locate import DataPaths
from tests.conftest import Invoke

TODAY = dt.date(2022, 12, 15)

CANONICAL_TASK_12 = """\
  - id: 12
    measure: 防范建设项目安全风险
    task: 制定危化品建设项目分类入园意见，明确准入标准，优化危化品企业布局。
    lead:
      - 省应急管理厅
    responsible:
      - 省发展改革委
      - 省经信厅
    deadline: "2022年10月"
    status: not_started
"""

LAYOUTS = {
    "status above an unquoted deadline": """\
  - id: 12
    measure: 防范建设项目安全风险
    task: 制定危化品建设项目分类入园意见，明确准入标准，优化危化品企业布局。
    status: not_started
    lead:
      - 省应急管理厅
    responsible:
      - 省发展改革委
      - 省经信厅
    deadline: 2022年10月
""",
    "flow lists, single quotes, comments between keys": """\
  - id: 12
    # 牵头单位见附件二
    lead: [省应急管理厅]
    measure: '防范建设项目安全风险'
    responsible: [省发展改革委, 省经信厅]  # 会签单位
    task: 制定危化品建设项目分类入园意见，明确准入标准，优化危化品企业布局。
    deadline: '2022年10月'
    # 状态由应急厅报送
    status: not_started
""",
    "deadline last, status first, an empty flow progress list": """\
  - id: 12
    status: not_started
    progress: []
    task: 制定危化品建设项目分类入园意见，明确准入标准，优化危化品企业布局。
    measure: 防范建设项目安全风险
    responsible:
      - 省发展改革委
      - 省经信厅
    lead:
      - 省应急管理厅
    deadline: 2022年10月底前
""",
}

Edit = Callable[[DataPaths], EditResult]

EDITS: dict[str, tuple[Edit, list[str]]] = {
    # kind: (the edit, the lines of the original it may remove)
    "start": (lambda paths: start_task(paths, 12, today=TODAY), ["status: not_started"]),
    "note": (
        lambda paths: add_note(paths, 12, text="已起草", by="应急厅", on=TODAY, today=TODAY),
        [],
    ),
    "done with a note": (
        lambda paths: mark_done(paths, 12, on=TODAY, today=TODAY, note="已印发", by="应急厅"),
        ["status: not_started"],
    ),
    "extend": (
        lambda paths: extend_deadline(
            paths, 12, to="2023年3月", reason="会签", approved_by="省安委办", on=TODAY, today=TODAY
        ),
        [],
    ),
}


def write_layout(data_dir: Path, block: str) -> Path:
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    assert CANONICAL_TASK_12 in text
    tasks.write_text(text.replace(CANONICAL_TASK_12, block), encoding="utf-8")
    return tasks


def diff_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines removed and added, stripped of indentation."""
    removed: list[str] = []
    added: list[str] = []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:].strip())
        elif line.startswith("+ "):
            added.append(line[2:].strip())
    return removed, added


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("kind", sorted(EDITS))
def test_an_edit_changes_only_its_own_lines(data_dir: Path, layout: str, kind: str) -> None:
    tasks = write_layout(data_dir, LAYOUTS[layout])
    paths = DataPaths(tasks, data_dir / "agencies.yaml")
    before = tasks.read_text(encoding="utf-8")
    edit, may_remove = EDITS[kind]

    if "progress: []" in LAYOUTS[layout] and "note" in kind:
        may_remove = [*may_remove, "progress: []"]  # an empty inline list turns into a block

    result = edit(paths)

    after = tasks.read_text(encoding="utf-8")
    removed, added = diff_lines(before, after)
    assert result.written
    assert sorted(removed) == sorted(may_remove), f"{kind} on {layout}:\n{after}"
    kept = [line.strip() for line in before.splitlines() if line.strip() not in may_remove]
    assert all(line in after for line in kept)
    assert added, "the edit added nothing"
    assert not set(added) & set(kept), "an original line moved instead of staying put"


def test_a_note_keeps_an_unquoted_deadline_where_it_stands(data_dir: Path, invoke: Invoke) -> None:
    """The reproduction of the defect: the note alone is added, the deadline not touched."""
    tasks = write_layout(data_dir, LAYOUTS["status above an unquoted deadline"])
    before = tasks.read_text(encoding="utf-8")

    result = invoke("note", "12", "x", "--by", "应急厅", "--on", "2022-12-01", "--data", str(tasks))

    assert result.exit_code == 0, result.stderr
    removed, added = diff_lines(before, tasks.read_text(encoding="utf-8"))
    assert removed == []
    assert added == ["progress:", "- on: 2022-12-01", "by: 省应急管理厅", "note: x"]


def test_reopen_removes_only_what_done_wrote(data_dir: Path) -> None:
    tasks = write_layout(data_dir, LAYOUTS["flow lists, single quotes, comments between keys"])
    paths = DataPaths(tasks, data_dir / "agencies.yaml")
    mark_done(paths, 12, on=TODAY, today=TODAY)
    before = tasks.read_text(encoding="utf-8")

    reopen_task(paths, 12, reason="佐证材料不全", by="省安委办", today=TODAY)

    removed, added = diff_lines(before, tasks.read_text(encoding="utf-8"))
    assert sorted(removed) == ["done_on: 2022-12-15", "status: done"]
    assert "status: in_progress" in added
    assert "# 状态由应急厅报送" in tasks.read_text(encoding="utf-8")


def test_indentation_unlike_the_rest_of_the_file_is_refused_not_rewritten(data_dir: Path) -> None:
    """ruamel.yaml writes one indentation per document: a task indented unlike the others
    cannot be written back as it stands, so the edit says so and writes nothing."""
    odd = LAYOUTS["status above an unquoted deadline"].replace("      - ", "    - ")
    tasks = write_layout(data_dir, odd)
    before = tasks.read_bytes()

    with pytest.raises(DataError, match="这次修改还会改动这一行"):
        start_task(DataPaths(tasks, data_dir / "agencies.yaml"), 12, today=TODAY)

    assert tasks.read_bytes() == before
