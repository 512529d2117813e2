"""Edits that round-trip only the edited task's lines write what a whole-document edit writes.

The whole-document round trip is the reference: it is slow but sees everything. Each
edit is made both ways on the same file and the bytes compared, over layouts that could
fool a search by indentation; where the lines cannot be cut out, the edit still works.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from hazchem_cli.edit import task_edits as edits
from hazchem_cli.edit.task_edits import (
    EditResult,
    add_note,
    extend_deadline,
    mark_done,
    reopen_task,
    start_task,
)
from hazchem_cli.edit.task_lines import find_task_block
from hazchem_cli.edit.yaml_write import dump_text
from hazchem_cli.errors import DataError
from hazchem_cli.store.cache import ParseCache
from hazchem_cli.store.locate import DataPaths
from hazchem_cli.store.records import records_beside
from hazchem_cli.store.yaml_read import Indent
from tests.conftest import DATA
from tests.gitrepo import REVIEWER_COMMENTS

TODAY = dt.date(2022, 12, 15)
Edit = Callable[[DataPaths, int], EditResult]

EDITS: dict[str, Edit] = {
    "start": lambda paths, task: start_task(paths, task, today=TODAY),
    "done": lambda paths, task: mark_done(paths, task, on=TODAY, today=TODAY),
    "done with a note": lambda paths, task: mark_done(
        paths, task, on=TODAY, today=TODAY, note="第一行\n第二行", by="应急厅"
    ),
    "note": lambda paths, task: add_note(paths, task, text="已部署", by="省安委办", today=TODAY),
    "extend": lambda paths, task: extend_deadline(
        paths, task, to="2030年6月", reason="等待立法", approved_by="安委办", today=TODAY
    ),
}


def shipped_text() -> str:
    return (DATA / "tasks.yaml").read_text(encoding="utf-8")


def with_reviewer_comments(text: str) -> str:
    for plain, commented in REVIEWER_COMMENTS:
        text = text.replace(plain, commented)
    return text


def tasks_key_first(text: str) -> str:
    """The same file with ``tasks:`` first and the title, source and issuer after it."""
    head, tasks = text.split("tasks:\n", 1)
    lines = head.splitlines(keepends=True)
    comments = "".join(line for line in lines if line.startswith("#"))
    keys = "".join(line for line in lines if not line.startswith("#"))
    return comments + "tasks:\n" + tasks + keys


def dash_under_the_key(text: str) -> str:
    """Every block list written with its dash under its key (indentation 2/2/0)."""
    document = YAML(typ="rt").load(text)
    return dump_text(document, indent=Indent(mapping=2, sequence=2, offset=0))


LAYOUTS: dict[str, Callable[[str], str]] = {
    "shipped": lambda text: text,
    "reviewer comments": with_reviewer_comments,
    "CRLF": lambda text: with_reviewer_comments(text).replace("\n", "\r\n"),
    "no final newline": lambda text: text.rstrip("\n"),
    "tasks key first": tasks_key_first,
    "dash under the key": dash_under_the_key,
    "comment at column 0 between tasks": lambda text: text.replace(
        "  - id: 13\n", "# 二、以下任务\n\n  - id: 13\n"
    ),
    "comment after a block note": lambda text: text.replace(
        "    status: not_started\n  - id: 13\n",
        "    status: in_progress\n    progress:\n      - on: 2022-12-01\n        by: 省应急管理厅\n"
        "        note: |\n          已部署\n  # after\n  - id: 13\n",
    ),
}


def write_data(folder: Path, text: str, bom: bool = False) -> DataPaths:
    folder.mkdir()
    shutil.copy(DATA / "agencies.yaml", folder / "agencies.yaml")
    (folder / "tasks.yaml").write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return DataPaths(folder / "tasks.yaml", folder / "agencies.yaml")


def edited_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, edit: Edit, task: int
) -> tuple[bytes, bytes]:
    """The file after ``edit`` by its task's lines, and after it by the whole document."""
    by_lines = write_data(tmp_path / "by-lines", text)
    whole = write_data(tmp_path / "whole", text)
    edit(by_lines, task)
    with monkeypatch.context() as patch:
        patch.setattr(edits, "_task_lines", lambda *_: None)
        edit(whole, task)
    return by_lines.tasks.read_bytes(), whole.tasks.read_bytes()


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("task", [1, 12, 13, 50])
def test_editing_a_tasks_lines_writes_what_editing_the_document_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str, edit: str, task: int
) -> None:
    text = LAYOUTS[layout](shipped_text())

    by_lines, whole = edited_both_ways(tmp_path, monkeypatch, text, EDITS[edit], task)

    started_already = edit == "start" and layout == "comment after a block note" and task == 12
    assert (by_lines == text.encode("utf-8")) is started_already
    assert by_lines == whole


def test_a_reopened_task_loses_its_done_date_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = write_data(tmp_path / "done", with_reviewer_comments(shipped_text()))
    mark_done(done, 12, on=TODAY, today=TODAY, note="已印发", by="应急厅")

    def reopen(paths: DataPaths, task: int) -> EditResult:
        return reopen_task(paths, task, reason="复查发现问题", today=TODAY)

    by_lines, whole = edited_both_ways(
        tmp_path, monkeypatch, done.tasks.read_text(encoding="utf-8"), reopen, 12
    )

    assert by_lines == whole


def test_the_document_is_not_round_tripped_when_the_tasks_lines_suffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_data(tmp_path / "data", with_reviewer_comments(shipped_text()), bom=True)

    def whole_document(*_: object) -> None:
        raise AssertionError("the whole document was round-tripped")

    monkeypatch.setattr(edits, "_whole_document", whole_document)
    result = mark_done(paths, 12, on=TODAY, today=TODAY)

    assert result.after.done_on == TODAY
    assert paths.tasks.read_bytes().startswith(b"\xef\xbb\xbf")


KEEP_TRAILING_BLANK_LINES = (
    "    status: not_started\n  - id: 13\n",
    "    status: in_progress\n"
    "    progress:\n"
    "      - on: 2022-12-01\n"
    "        by: 省应急管理厅\n"
    "        note: |+\n"
    "          已部署\n"
    "\n"
    "  - id: 13\n",
)


def test_lines_that_mean_more_alone_fall_back_to_the_whole_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ``|+`` keeps the blank line after it: the note is "已部署\n\n" in the file, but
    # the task's lines end before the blank line, where alone they mean "已部署\n".
    old, new = KEEP_TRAILING_BLANK_LINES
    text = shipped_text()
    assert text.count(old) == 1
    text = text.replace(old, new)

    by_lines, whole = edited_both_ways(tmp_path, monkeypatch, text, EDITS["note"], 12)

    assert by_lines == whole
    assert "已部署\n\n      - on: 2022-12-15" in by_lines.decode("utf-8")


def test_an_edit_leaves_the_new_file_in_the_record_cache(tmp_path: Path) -> None:
    """The next question about the edited file is answered warm."""
    paths = write_data(tmp_path / "data", shipped_text())
    cache = ParseCache(tmp_path / "cache")

    mark_done(paths, 12, on=TODAY, today=TODAY, cache=cache)

    records = records_beside(cache)
    assert records is not None
    found = records.load(paths, TODAY)
    assert found is not None
    assert found.task_file.tasks[11].done_on == TODAY


# --- finding the lines ----------------------------------------------------------------


def test_a_task_block_runs_from_its_dash_to_its_last_line_not_the_comments_after() -> None:
    text = with_reviewer_comments(shipped_text())
    lines = text.splitlines(keepends=True)

    block = find_task_block(text.encode("utf-8"), 11, 50)  # task 12

    assert block is not None
    assert lines[block.start] == "  - id: 12\n"
    assert lines[block.end - 1] == "    status: not_started  # owner: hazchem section\n"
    assert lines[block.end] == "  # reviewer: tasks 13 and 14 are reported together\n"
    assert block.text.startswith("tasks:\n  - id: 12\n")
    assert b"".join(block.replaced_by(block.text)) == text.encode("utf-8")


def test_the_last_task_block_ends_where_the_list_ends() -> None:
    text = tasks_key_first(shipped_text())

    block = find_task_block(text.encode("utf-8"), 49, 50)

    assert block is not None
    assert text.splitlines()[block.end] == "title: 浙江省危险化学品安全风险集中治理任务清单"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("title: x\ntasks: [{id: 1}]\n", 1),  # a flow list has no lines of its own
        ("tasks:\n  - id: 1\n  - id: 2\n", 3),  # not the number of tasks validated
        ("tasks:\n  - id: 1\ntasks:\n  - id: 2\n", 1),  # two tasks keys
    ],
)
def test_no_block_is_proposed_where_the_text_is_not_plain(text: str, count: int) -> None:
    assert find_task_block(text.encode("utf-8"), 0, count) is None


def test_a_yaml_1_1_directive_is_refused_before_any_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAZCHEM_LANG", "en")
    # Under %YAML 1.1 a note "on" would be read back as true by some readers and as text by
    # others; hazchem reads and writes YAML 1.2 only (issue 16), so the file is refused.
    paths = write_data(tmp_path / "data", "%YAML 1.1\n---\n" + shipped_text())
    before = paths.tasks.read_bytes()

    with pytest.raises(DataError, match=r"tasks.yaml:1:1: %YAML 1.1 directive: hazchem reads"):
        add_note(paths, 2, text="on", by="省安委办", today=TODAY)

    assert paths.tasks.read_bytes() == before


def test_a_file_the_round_trip_parser_cannot_read_is_refused_where_it_stops(
    tmp_path: Path,
) -> None:
    # The C parser accepts a tab inside a plain value; the round-trip parser does not.
    text = shipped_text().replace(
        "    task: 开展化工重点监控点评价认定。", "    task: 开展\t化工重点监控点评价认定。"
    )
    paths = write_data(tmp_path / "data", text)

    with pytest.raises(DataError, match=r"tasks.yaml:\d+:\d+: hazchem 无法修改此文件"):
        mark_done(paths, 11, on=TODAY, today=TODAY)

    assert paths.tasks.read_text(encoding="utf-8") == text
