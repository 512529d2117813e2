"""``hazchem fmt``: the canonical form, its idempotence, and ``--check``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from hazchem_cli.cli import common
from hazchem_cli.edit.fmt import canonical_task_text
from hazchem_cli.edit.layout import TASK_KEY_ORDER
from hazchem_cli.model.documents import TaskFile
from hazchem_cli.store.validate import check_task_text
from hazchem_cli.store.yaml_read import DataText
from tests.conftest import DATA, Invoke

TODAY = dt.date(2022, 12, 15)

MESSY = """\
# reviewed 2022-12-01
tasks:
  # the first task
  - status: in_progress  # owner: 应急厅
    id: 1
    deadline: 2022-11-30
    measure: 强化专委会统筹协调
    task: 建立完善制度。
    # about the lead
    lead: [省危化安全专委办]
    responsible: []
    # the log
    progress:
      - note: 已开会
        by: 省应急管理厅
        on: "2022-05-20"
    extensions:
      - to: '2023年3月'
        on: 2022-06-01
        reason: 延期
        approved_by: 省安委办
  # the second task
  - id: 2
    measure: 压实属地管理责任
    task: 建立两张清单。
    lead:
      - 省安委办
    deadline: 持续推进
    status: done
    done_on: "2022-06-01"
title: 浙江省危险化学品安全风险集中治理任务清单
source: zhejiang-hazchem-task-list.txt
issued_by: 省危化安全专委办
# end
"""

CANONICAL = """\
# reviewed 2022-12-01
title: 浙江省危险化学品安全风险集中治理任务清单
source: zhejiang-hazchem-task-list.txt
issued_by: 省危化安全专委办
tasks:
  # the first task
  - id: 1
    measure: 强化专委会统筹协调
    task: 建立完善制度。
    # about the lead
    lead: [省危化安全专委办]
    responsible: []
    deadline: "2022-11-30"
    extensions:
      - on: 2022-06-01
        to: "2023年3月"
        reason: 延期
        approved_by: 省安委办
    status: in_progress  # owner: 应急厅
    # the log
    progress:
      - on: 2022-05-20
        by: 省应急管理厅
        note: 已开会
  # the second task
  - id: 2
    measure: 压实属地管理责任
    task: 建立两张清单。
    lead:
      - 省安委办
    deadline: "持续推进"
    status: done
    done_on: 2022-06-01
# end
"""


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "today", lambda: TODAY)


def fmt(invoke: Invoke, folder: Path, *options: str) -> Any:
    return invoke("fmt", *options, "--data", str(folder))


def test_the_shipped_files_are_canonical(invoke: Invoke) -> None:
    result = fmt(invoke, DATA, "--check")

    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith("通过：") and result.stderr.endswith(" 格式规范\n")


def test_fmt_on_canonical_files_writes_nothing(invoke: Invoke, data_dir: Path) -> None:
    before = {path.name: path.stat().st_mtime_ns for path in data_dir.iterdir()}

    result = fmt(invoke, data_dir)

    assert result.exit_code == 0
    assert result.stderr == "无需整理：两个文件格式都已规范\n"
    assert {path.name: path.stat().st_mtime_ns for path in data_dir.iterdir()} == before


def test_fmt_writes_the_canonical_form(invoke: Invoke, data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(MESSY, encoding="utf-8")

    result = fmt(invoke, data_dir)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"已整理格式：{tasks}\n"
    assert tasks.read_text(encoding="utf-8") == CANONICAL


def test_fmt_is_idempotent(invoke: Invoke, data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(MESSY, encoding="utf-8")
    fmt(invoke, data_dir)
    once = tasks.read_bytes()

    again = fmt(invoke, data_dir)

    assert again.stderr == "无需整理：两个文件格式都已规范\n"
    assert tasks.read_bytes() == once
    assert fmt(invoke, data_dir, "--check").exit_code == 0


def test_check_prints_a_diff_and_changes_nothing(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(MESSY, encoding="utf-8")
    monkeypatch.chdir(data_dir.parent)

    result = fmt(invoke, Path("data"), "--check")

    assert result.exit_code == 1
    assert result.stdout.startswith("--- a/data/tasks.yaml\n+++ b/data/tasks.yaml\n@@ ")
    assert "-    deadline: 2022-11-30\n" in result.stdout
    assert '+    deadline: "2022-11-30"\n' in result.stdout
    assert result.stderr == "格式不规范：data/tasks.yaml；请运行 `hazchem fmt`\n"
    assert tasks.read_text(encoding="utf-8") == MESSY


def test_agencies_are_put_in_canonical_key_order(invoke: Invoke, data_dir: Path) -> None:
    agencies = data_dir / "agencies.yaml"
    shipped = agencies.read_text(encoding="utf-8")
    shuffled = shipped.replace(
        "  - name: 省安委办\n    id: safety-office\n    kind: committee_office\n",
        "  - id: safety-office\n    # the office of the safety committee\n"
        "    kind: committee_office\n    name: 省安委办\n",
    )
    assert shuffled != shipped
    agencies.write_text(shuffled, encoding="utf-8")

    assert fmt(invoke, data_dir).exit_code == 0

    assert agencies.read_text(encoding="utf-8") == shipped.replace(
        "    id: safety-office\n    kind: committee_office\n",
        "    id: safety-office\n    # the office of the safety committee\n"
        "    kind: committee_office\n",
    )


def test_line_ends_and_bom_are_the_files_own(invoke: Invoke, data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.write_bytes(b"\xef\xbb\xbf" + MESSY.replace("\n", "\r\n").encode("utf-8"))

    check = fmt(invoke, data_dir, "--check")
    assert "\r" not in check.stdout
    assert fmt(invoke, data_dir).exit_code == 0

    assert tasks.read_bytes() == b"\xef\xbb\xbf" + CANONICAL.replace("\n", "\r\n").encode()
    assert fmt(invoke, data_dir, "--check").exit_code == 0


def test_indentation_becomes_two_four_two(invoke: Invoke, data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    wide = "".join(_widened(line) for line in CANONICAL.splitlines(keepends=True))
    tasks.write_text(wide, encoding="utf-8")
    assert "\n    -   id: 1\n        measure:" in wide

    assert fmt(invoke, data_dir).exit_code == 0

    assert _structure(tasks.read_text(encoding="utf-8")) == _structure(CANONICAL)


def _structure(text: str) -> list[str]:
    """The lines without comments: comments keep the columns their author gave them."""
    return [line.split(" #")[0].rstrip() for line in text.splitlines() if line.strip()[:2] != "# "]


def _widened(line: str) -> str:
    """The line in 4/8/4 indentation: every indent doubled, a dash followed by 3 spaces."""
    body = line.lstrip(" ")
    if body.startswith("- "):
        body = "-   " + body[2:]
    return " " * 2 * (len(line) - len(line.lstrip(" "))) + body


def test_an_invalid_file_is_not_formatted(invoke: Invoke, data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(MESSY.replace("status: done", "status: finished"), encoding="utf-8")

    result = fmt(invoke, data_dir)

    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tasks}:29:13: status：这里不能写“finished”")
    assert tasks.read_text(encoding="utf-8") == MESSY.replace("status: done", "status: finished")


# --- any key order, any comments: the same canonical form, every comment kept ---------

_SHIPPED = YAML(typ="safe").load((DATA / "tasks.yaml").read_text(encoding="utf-8"))
_TASKS: list[dict[str, Any]] = _SHIPPED["tasks"][8:13]  # with open_list and an empty list
_WORDS = st.text(alphabet="abcdef 评审意见", min_size=1, max_size=8).map(str.strip).filter(bool)


@st.composite
def shuffled_files(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A valid task file with its keys in any order and comments anywhere; and the comments."""
    lines = ["title: t", "source: s", "issued_by: 省危化安全专委办", "tasks:"]
    comments: list[str] = []

    def comment(indent: int) -> None:
        if draw(st.booleans()):
            text = f"# c{len(comments)} {draw(_WORDS)}"
            comments.append(text)
            lines.append(" " * indent + text)

    for task in _TASKS:
        values = dict(task)
        if draw(st.booleans()):
            values.update(status="done", done_on="2022-06-01")
        keys = draw(st.permutations(list(values)))
        comment(2)
        for number, key in enumerate(keys):
            if number:
                comment(4)
            lines.extend(_entry("  - " if number == 0 else "    ", key, values[key], draw))
    comment(0)
    return "\n".join(lines) + "\n", comments


def _entry(prefix: str, key: str, value: Any, draw: st.DrawFn) -> list[str]:
    if isinstance(value, list) and (not value or draw(st.booleans())):
        return [f"{prefix}{key}: [{', '.join(value)}]"]
    if isinstance(value, list):
        return [f"{prefix}{key}:", *(f"      - {item}" for item in value)]
    if key == "deadline":
        value = draw(st.sampled_from([f'"{value}"', f"'{value}'", value]))
    return [f"{prefix}{key}: {value}"]


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI never fails by chance
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(shuffled_files())
def test_any_file_formats_to_one_form_keeping_every_comment(
    generated: tuple[str, list[str]],
) -> None:
    text, comments = generated
    once = _canonical(text)
    assert _canonical(once) == once
    assert all(once.count(comment) == 1 for comment in comments)
    assert YAML(typ="safe").load(once) == YAML(typ="safe").load(text)
    for task in YAML(typ="rt").load(once)["tasks"]:
        assert list(task) == [key for key in TASK_KEY_ORDER if key in task]


def _canonical(text: str) -> str:
    data = DataText(Path("tasks.yaml"), text, has_bom=False, newline="\n")
    model = check_task_text(data, None, TODAY).model
    assert isinstance(model, TaskFile), check_task_text(data, None, TODAY).problems
    return canonical_task_text(data, model)
