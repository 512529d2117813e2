"""An edit confirmed on its own lines agrees with parsing the whole new file.

Files and edits are generated: items at two indentations, block and plain notes with
every chomping indicator, comments between items at every depth, blank lines, the file's
own keys before or after its tasks. Whenever the local confirmation accepts a splice, the
whole new file, parsed and validated from scratch, must be the old one with only that task
changed, to exactly the task the confirmation saw; and the bytes written must be those the
whole-document path writes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from hazchem_cli.edit import splice
from hazchem_cli.edit import task_edits as edits
from hazchem_cli.edit.evidence import add_evidence
from hazchem_cli.edit.review import review_task
from hazchem_cli.edit.task_edits import EditRefused, add_note, extend_deadline, mark_done
from hazchem_cli.edit.task_lines import TaskBlock, find_task_block
from hazchem_cli.errors import DataError
from hazchem_cli.model.documents import Task
from hazchem_cli.model.records import SignoffRole
from hazchem_cli.store.cache import ParseCache
from hazchem_cli.store.load import load_dataset
from hazchem_cli.store.locate import DataPaths
from hazchem_cli.store.records import task_line
from tests.conftest import DATA

TODAY = dt.date(2022, 12, 15)
NAMES = ["省应急管理厅", "省经信厅", "省公安厅"]
Edit = Callable[[DataPaths, int], object]

EDITS: dict[str, Edit] = {
    "done": lambda paths, task: mark_done(paths, task, on=TODAY, today=TODAY),
    "done, a note": lambda paths, task: mark_done(
        paths, task, on=TODAY, today=TODAY, note="第一行\n第二行", by="省经信厅"
    ),
    "note": lambda paths, task: add_note(paths, task, text="已部署", by="省公安厅", today=TODAY),
    "note, blank lines kept": lambda paths, task: add_note(
        paths, task, text="末尾空行\n\n", by="省公安厅", today=TODAY
    ),
    "extend": lambda paths, task: extend_deadline(
        paths, task, to="2030年6月", reason="等待立法", approved_by="安委办", today=TODAY
    ),
}
#: Close-out edits: each refused unless the drawn task allows it (done, led by 应急厅).
CLOSEOUT_EDITS: dict[str, Edit] = {
    "evidence": lambda paths, task: add_evidence(
        paths, task, ["https://example.cn/report"], by="省公安厅", today=TODAY
    ),
    "lead approves": lambda paths, task: review_task(
        paths, task, role=SignoffRole.LEAD, by="应急厅", approve=True, today=TODAY
    ),
    "lead returns": lambda paths, task: review_task(
        paths, task, role=SignoffRole.LEAD, by="应急厅", approve=False, reason="缺材料", today=TODAY
    ),
}
ALL_EDITS = EDITS | CLOSEOUT_EDITS

GAPS = [
    "",
    "\n",
    "# 注释\n",
    "\n# 注释\n\n",
    "  # 注释\n",
    "      # 深注释\n",
    "          # 更深\n",
]


@st.composite
def task_files(draw: st.DrawFn) -> str:
    """A valid task file in one of many layouts."""
    dash = draw(st.sampled_from(["", "  "]))
    key = dash + "  "
    inner = key if dash == "" else key + "  "  # the dashes of inner lists, in one style
    issuer_last = draw(st.booleans())
    lines = ["title: 测试清单\n", "source: 测试来源\n"]
    if not issuer_last:
        lines.append("issued_by: 省安委会\n")
    lines.append("tasks:\n")
    for number in range(1, draw(st.integers(2, 4)) + 1):
        lines += [
            f"{dash}- id: {number}\n",
            f"{key}measure: 措施{number}\n",
            f"{key}task: 任务{number}\n",
            f"{key}lead:\n",
            f"{inner}- {draw(st.sampled_from(NAMES))}\n",
            f'{key}deadline: "{draw(st.sampled_from(["2022年11月", "持续推进", "2023-03-31"]))}"\n',
        ]
        status = draw(st.sampled_from(["not_started", "in_progress", "done"]))
        lines.append(f"{key}status: {status}\n")
        if status == "done":
            lines.append(f"{key}done_on: 2022-10-01\n")
            if draw(st.booleans()):
                lines += [
                    f"{key}evidence:\n",
                    f"{inner}- on: 2022-10-01\n",
                    f"{inner}  by: 省应急管理厅\n",
                    f"{inner}  title: 报告\n",
                    f"{inner}  url: https://example.cn/{number}\n",
                ]
        for day in range(1, draw(st.integers(0, 2)) + 1):
            lines += [f"{key}progress:\n"] if day == 1 else []
            lines += [f"{inner}- on: 2022-09-0{day}\n", f"{inner}  by: 省应急管理厅\n"]
            style = draw(st.sampled_from(["plain", "|", "|-", "|+", ">"]))
            if style == "plain":
                lines.append(f"{inner}  note: 进展{day}\n")
            else:
                lines += [
                    f"{inner}  note: {style}\n",
                    f"{inner}    第一行\n",
                    f"{inner}    第二行\n",
                ]
        lines.append(draw(st.sampled_from(GAPS)))
    if issuer_last:
        lines.append("issued_by: 省安委会\n")
    return "".join(lines)


def recording(verdicts: list[bool]) -> Callable[..., bool]:
    """The local confirmation, each verdict kept in ``verdicts``."""

    def confirm(*args: Any) -> bool:
        verdicts.append(splice.confirmed_locally(*args))
        return verdicts[-1]

    return confirm


def write(folder: Path, text: str) -> DataPaths:
    folder.mkdir()
    shutil.copy(DATA / "agencies.yaml", folder / "agencies.yaml")
    (folder / "tasks.yaml").write_text(text, encoding="utf-8")
    return DataPaths(folder / "tasks.yaml", folder / "agencies.yaml")


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=task_files(), edit=st.sampled_from(sorted(ALL_EDITS)), task=st.integers(1, 4))
def test_a_locally_confirmed_edit_is_what_the_whole_parse_finds(
    text: str, edit: str, task: int
) -> None:
    with tempfile.TemporaryDirectory() as temporary, pytest.MonkeyPatch.context() as patch:
        root = Path(temporary)
        local, whole = write(root / "local", text), write(root / "whole", text)
        before = load_dataset(local, TODAY).task_file
        if task > len(before.tasks):
            return
        verdicts: list[tuple[bool, Task]] = []
        confirm = splice.confirmed_locally

        def recorded(*args: Any) -> bool:
            verdict = confirm(*args)
            verdicts.append((verdict, args[3]))
            return verdict

        patch.setattr(edits, "confirmed_locally", recorded)
        try:
            ALL_EDITS[edit](local, task)
        except (EditRefused, DataError) as error:  # refused: nothing written, nothing to compare
            event(f"{edit}: refused ({type(error).__name__})")
            return
        patch.setattr(edits, "confirmed_locally", lambda *_: False)
        try:
            ALL_EDITS[edit](whole, task)
        except DataError:  # the whole document cannot be written back faithfully
            assert verdicts and verdicts[0][0]
        else:
            assert local.tasks.read_bytes() == whole.tasks.read_bytes()

        after = load_dataset(local, TODAY).task_file  # parsed and validated from scratch
        decided = "confirmed locally" if verdicts and verdicts[0][0] else "the whole parse decided"
        event(f"{edit}: {decided}")
        if verdicts and verdicts[0][0]:
            index = task - 1
            assert after.tasks[index] == verdicts[0][1]
            assert after.tasks[:index] == before.tasks[:index]
            assert after.tasks[index + 1 :] == before.tasks[index + 1 :]
            assert after.model_dump(exclude={"tasks"}) == before.model_dump(exclude={"tasks"})


def test_the_local_confirmation_is_used_on_an_ordinary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The property above would hold if the confirmation never said yes; it does say yes."""
    paths = write(tmp_path / "data", (DATA / "tasks.yaml").read_text(encoding="utf-8"))
    verdicts: list[bool] = []
    monkeypatch.setattr(edits, "confirmed_locally", recording(verdicts))

    for task, edit in enumerate(EDITS.values(), start=12):
        edit(paths, task)

    assert verdicts == [True] * len(EDITS)


@pytest.mark.parametrize(
    ("gap", "confirmed"),
    [("", True), ("# 注释\n", True), ("  # 注释\n", True), ("          # 深注释\n", False)],
)
def test_a_comment_a_block_note_could_swallow_sends_the_edit_the_long_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gap: str, confirmed: bool
) -> None:
    text = (
        "title: t\nsource: s\nissued_by: i\ntasks:\n"
        '  - id: 1\n    measure: m\n    task: t\n    lead:\n      - 省经信厅\n    deadline: "持续推进"\n'
        f"{gap}"
        '  - id: 2\n    measure: m\n    task: t\n    lead:\n      - 省经信厅\n    deadline: "持续推进"\n'
    )
    paths = write(tmp_path / "data", text)
    verdicts: list[bool] = []
    monkeypatch.setattr(edits, "confirmed_locally", recording(verdicts))

    EDITS["done, a note"](paths, 1)

    assert verdicts == [confirmed]


def test_an_edit_starts_from_the_records_without_validating_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write(tmp_path / "data", (DATA / "tasks.yaml").read_text(encoding="utf-8"))
    cache = ParseCache(tmp_path / "cache")
    mark_done(paths, 12, on=TODAY, today=TODAY, cache=cache)  # validates, records, edits

    def no_validation(*_: object, **__: object) -> None:
        raise AssertionError("the file was validated again")

    monkeypatch.setattr("hazchem_cli.edit.splice.load_dataset", no_validation)
    add_note(paths, 12, text="复核", by="省公安厅", today=TODAY, cache=cache)
    monkeypatch.undo()

    assert load_dataset(paths, TODAY).task_file.tasks[11].progress[-1].note == "复核"


def line_by_line(text: str, index: int, count: int) -> TaskBlock | None:
    """What ``find_task_block`` finds, the plain way: every line split off and looked at."""
    lines = text.splitlines(keepends=True)
    keys = [n for n, line in enumerate(lines) if re.fullmatch(r"tasks:[ \t]*(?:#.*)?\r?\n?", line)]
    if len(keys) != 1 or any(line.startswith(("%", "---", "...")) for line in lines):
        return None
    starts: list[int] = []
    indent, end = -1, len(lines)
    for number in range(keys[0] + 1, len(lines)):
        line = lines[number]
        column = len(line) - len(line.lstrip(" "))
        if column > indent >= 0 or not line.strip() or line.strip().startswith("#"):
            continue
        item = re.match(r"( *)-(?: |\r?\n|$)", line)
        indent = column if indent < 0 else indent
        if item is None or column != indent:
            end = number
            break
        starts.append(number)
    if len(starts) != count or not 0 <= index < count:
        return None
    stop = starts[index + 1] if index + 1 < count else end
    last = max(n for n in range(starts[index], stop) if lines[n].strip()[:1] not in ("", "#"))
    start, end = starts[index], last + 1
    newline = "\r\n" if lines[keys[0]].endswith("\r\n") else "\n"
    first = len("".join(lines[:start]).encode("utf-8"))
    stop = first + len("".join(lines[start:end]).encode("utf-8"))
    return TaskBlock(text.encode("utf-8"), first, stop, tuple(lines[start:end]), newline)


# Lines after the list: another key and more items, a comment, a second key, a mark,
# a blank line between items (with and without a line break at the end).
@example(pieces=["tasks:", "  - id: 1", "title: t", "  - id: 1"], newline="\n", end="\n")
@example(pieces=["tasks:", "  - id: 1", "# x", "  - id: 1"], newline="\n", end="")
@example(pieces=["tasks:", "  - id: 1", "tasks:"], newline="\r\n", end="\n")
@example(pieces=["tasks:", "  - id: 1", "---"], newline="\n", end="")
@example(pieces=["tasks:", "- e", "", "- e"], newline="\n", end="\n")
@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(
        st.sampled_from(
            ["tasks:", "tasks: # c", "  - id: 1", "    a: b", "# x", "", "title: t", "tasks:x",
             " tasks:", "\u2028", "\r", "\x85", "  - ", "-", "  -", "    - b", " \t# y", "  ",
             "  \u3000c", "\t- d", "- e", "    # z", "\u2029", "\x1c", "  # ·“”",
             "  -x", " - f", "\u3000", "  \u3000# k", "---", "...", "%YAML 1.1", " ---"]
        ),
        max_size=12,
    ),
    newline=st.sampled_from(["\n", "\r\n"]),
    end=st.sampled_from(["", "\n"]),
)  # fmt: skip
def test_task_lines_are_found_as_a_line_by_line_scan_finds_them(
    pieces: list[str], newline: str, end: str
) -> None:
    """The search through the text proposes the block a scan of every line proposes, or
    none when the text breaks lines where a search by LF would not see it, or has a line
    starting with a document mark."""
    text = newline.join(pieces) + end
    plain = text.count("\r") == text.count("\r\n") and not re.search(
        "[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", text
    )
    for count in {text.count("- "), text.count("-")}:
        for index in range(max(count, 1)):
            found = find_task_block(text.encode("utf-8"), index, count)
            assert found == (line_by_line(text, index, count) if plain else None)


def test_a_stamp_is_judged_against_the_files_office() -> None:
    """The local confirmation holds sign-offs to the office named in the file's header,
    as the whole parse does: an office approval by any other unit is not confirmed."""
    from hazchem_cli.model.fingerprint import task_fingerprint
    from hazchem_cli.store.validate import task_fits_list

    done = Task.model_validate(
        {
            "id": 1,
            "measure": "m",
            "task": "t",
            "lead": ["省应急管理厅"],
            "deadline": "2022年11月",
            "status": "closed",
            "done_on": "2022-11-20",
            "evidence": [
                {"on": "2022-11-20", "by": "省应急管理厅", "title": "r", "url": "https://e.cn/r"}
            ],
        }
    )
    stamps = [
        {"on": "2022-11-21", "role": role, "by": by, "decision": "approve",
         "fingerprint": task_fingerprint(done)}
        for role, by in (("lead", "省应急管理厅"), ("office", "省安委办"))
    ]  # fmt: skip
    closed = Task.model_validate(done.model_dump() | {"signoffs": stamps})
    registry = load_dataset(DataPaths(DATA / "tasks.yaml", DATA / "agencies.yaml"), TODAY).registry

    assert task_fits_list(closed, registry, TODAY, "省安委办")
    assert not task_fits_list(closed, registry, TODAY, "省危化安全专委办")


@settings(max_examples=100, deadline=None)
@given(
    ids=st.lists(st.integers(1, 40), min_size=1, max_size=25, unique=True),
    texts=st.lists(st.sampled_from(["", "x", "\n[3,", "[12,", "任务\n[7,\n"]), min_size=25),
)
def test_a_task_line_is_found_wherever_its_search_starts(ids: list[int], texts: list[str]) -> None:
    """The record line of a task is the line a split of the entry finds, whatever offset
    the search is started from (and none for an id no task has)."""
    head = json.dumps({"title": "[5,\n[6,"}).encode()
    rows = [json.dumps([id, texts[n]], ensure_ascii=False).encode() for n, id in enumerate(ids)]
    body = b"\n".join([head, *rows])
    lines, offset = {}, len(head) + 1
    for row in rows:
        lines[int(row[1 : row.index(b",")])] = (offset, offset + len(row))
        offset += len(row) + 1
    nears = {0, len(body), len(body) + 5} | {
        at + step for at, _ in lines.values() for step in (-2, -1, 0, 1)
    }
    for wanted in range(1, 42):
        for near in nears:
            assert task_line(body, wanted, near) == lines.get(wanted)
