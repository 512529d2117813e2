"""``hazchem diff`` read without colour: marks on the rows, and the files named."""

from __future__ import annotations

from pathlib import Path

import pytest

from hazchem_cli.output.diff_report import attention_mark
from tests.conftest import Invoke
from tests.test_diff import NEW_AGENCY, TASK_3_TAIL, edit, repo, tasks_of

__all__ = ["repo"]  # the fixture, shared with test_diff


def test_piped_output_marks_each_row_needing_attention(repo: Path, invoke: Invoke) -> None:
    edit(tasks_of(repo), TASK_3_TAIL, TASK_3_TAIL.replace("2022年4月", "2022年6月"))
    result = invoke("diff", "--data", str(repo / "data"), "--lang", "en", env={"NO_COLOR": "1"})
    rows = [line for line in result.stdout.splitlines() if line.startswith("Task 3")]
    assert len(rows) == 1
    assert "⚠ deadline edited directly (no extension recorded)" in rows[0]
    assert "\x1b[" not in result.stdout


def test_rows_not_needing_attention_carry_no_mark(repo: Path, invoke: Invoke) -> None:
    edit(tasks_of(repo), TASK_3_TAIL, TASK_3_TAIL.replace("not_started", "in_progress"))
    result = invoke("diff", "--data", str(repo / "data"), "--lang", "en")
    assert "status changed" in result.stdout
    assert "⚠" not in result.stdout


@pytest.mark.parametrize(
    ("encoding", "mark"),
    [("utf-8", "⚠"), ("cp1252", "!"), ("ascii", "!"), (None, "!"), ("no-such-codec", "!")],
)
def test_the_mark_falls_back_where_the_console_cannot_print_it(
    encoding: str | None, mark: str
) -> None:
    assert attention_mark(encoding) == mark


def test_a_change_only_to_agencies_is_headed_by_that_file(repo: Path, invoke: Invoke) -> None:
    agencies = repo / "data" / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8") + NEW_AGENCY, encoding="utf-8")
    table = invoke("diff", "--data", str(repo / "data"), "--lang", "zh")
    assert table.stdout.splitlines()[0].strip() == "data/agencies.yaml 的变更：HEAD → 工作区"
    markdown = invoke("diff", "--data", str(repo / "data"), "--lang", "en", "--format", "md")
    assert markdown.stdout.startswith("### Changes to `data/agencies.yaml`: `HEAD` →")


def test_changes_to_both_files_name_both(repo: Path, invoke: Invoke) -> None:
    agencies = repo / "data" / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8") + NEW_AGENCY, encoding="utf-8")
    edit(tasks_of(repo), TASK_3_TAIL, TASK_3_TAIL.replace("not_started", "in_progress"))
    result = invoke("diff", "--data", str(repo / "data"), "--lang", "en")
    assert (
        result.stdout.splitlines()[0]
        .strip()
        .startswith("Changes to data/tasks.yaml, data/agencies.yaml:")
    )
