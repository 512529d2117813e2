"""``check`` holds hand edits to the rules the edit commands follow, in the same words.

The words are the users' own (Chinese, the default); the English ones are in test_check.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke

TAIL = '    deadline: "2022年10月"\n    status: not_started\n'
AS_OF = ("--as-of", "2022-12-15")


def extension(on: str, to: str, approved: bool = True) -> str:
    line = f'      - on: {on}\n        to: "{to}"\n        reason: 延期\n'
    return line + ("        approved_by: 省安委办\n" if approved else "")


def note(on: str, text: str) -> str:
    return f"      - on: {on}\n        by: 省应急管理厅\n        note: {text}\n"


def write_task_12(data_dir: Path, tail: str) -> Path:
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    start = text.index("  - id: 12\n")
    at = text.index(TAIL, start)
    tasks.write_text(text[:at] + tail + text[at + len(TAIL) :], encoding="utf-8")
    return tasks


def check_messages(invoke: Invoke, data_dir: Path) -> list[str]:
    result = invoke("check", "--data", str(data_dir), *AS_OF)
    assert result.exit_code == 1
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    ("tail", "place", "message"),
    [
        pytest.param(
            '    deadline: "2022年10月"\n    extensions:\n'
            + extension("2030-01-01", "2031年1月")
            + "    status: not_started\n",
            "125:13",  # on: 2030-01-01
            "延期日期不能是 2030-01-01：晚于今天（2022-12-15）；请写批准延期的日期",
            id="extension-in-the-future",
        ),
        pytest.param(
            '    deadline: "2022年10月"\n    extensions:\n'
            + extension("2022-09-01", "2022年8月")
            + "    status: not_started\n",
            "126:13",  # to: "2022年8月
            "2022年8月（截止 2022-08-31）没有推迟任务 12 的时限（原截止 2022-10-31，2022年10月）；"
            "延期应把时限往后推：请在 to: 写一个更晚的时限",
            id="extension-moves-the-deadline-earlier",
        ),
        pytest.param(
            '    deadline: "2022年10月"\n    extensions:\n'
            + extension("2022-09-01", "2022年12月", approved=False)
            + "    status: not_started\n",
            "125:13",  # on: 2022-09-01
            "任务 12：延期须写明 approved_by（批准单位）：请加一行 approved_by: 写上批准单位的全称"
            "（用 hazchem extend --approved-by 单位 会自动写上）",
            id="extension-without-approver",
        ),
        pytest.param(
            '    deadline: "2022年10月"\n    extensions:\n'
            + extension("2022-10-25", "2022年12月")
            + "    status: done\n    done_on: 2022-10-20\n",
            "130:14",  # done_on: 2022-10-20
            "任务 12 的办结日期不能是 2022-10-20：它有一次 2022-10-25 的延期，比这更晚；"
            "办结日期是工作完成的那一天，应不早于此前记录的所有事项",
            id="done-before-an-extension",
        ),
        pytest.param(
            TAIL + "    progress:\n" + note("2022-10-20", "二") + note("2022-10-18", "一"),
            "129:13",  # on: 2022-10-18
            "日期为 2022-10-18 的进展记录排在 2022-10-20 的记录之后；进展记录应按日期从早到晚排列："
            "运行 hazchem fmt 自动排序",
            id="notes-out-of-order",
        ),
    ],
)
def test_check_reports_what_the_edit_commands_refuse(
    invoke: Invoke, data_dir: Path, tail: str, place: str, message: str
) -> None:
    tasks = write_task_12(data_dir, tail)
    assert check_messages(invoke, data_dir) == [f"{tasks}:{place}: {message}"]


def test_fmt_sorts_notes_into_date_order(invoke: Invoke, data_dir: Path) -> None:
    write_task_12(
        data_dir, TAIL + "    progress:\n" + note("2022-10-20", "二") + note("2022-10-18", "一")
    )
    result = invoke("fmt", "--data", str(data_dir))
    assert result.exit_code == 0, result.stderr
    text = (data_dir / "tasks.yaml").read_text(encoding="utf-8")
    assert text.index("note: 一") < text.index("note: 二")
    assert invoke("check", "--data", str(data_dir), *AS_OF).exit_code == 0


def test_the_edit_commands_refuse_in_the_same_words(invoke: Invoke, data_dir: Path) -> None:
    before = (data_dir / "tasks.yaml").read_bytes()
    unapproved = invoke("extend", "12", "--to", "2023年1月", "--reason", "x", "--on", "2022-12-01",
                        "--data", str(data_dir))  # fmt: skip
    assert unapproved.exit_code == 1
    assert unapproved.stderr == (
        "hazchem：错误：任务 12：延期须写明 approved_by（批准单位）：请加一行 approved_by: "
        "写上批准单位的全称（用 hazchem extend --approved-by 单位 会自动写上）\n"
    )
    earlier = invoke("extend", "12", "--to", "2022年9月", "--reason", "x", "--approved-by",
                     "安委办", "--on", "2022-12-01", "--data", str(data_dir))  # fmt: skip
    assert earlier.exit_code == 1 and "延期应把时限往后推" in earlier.stderr
    assert (data_dir / "tasks.yaml").read_bytes() == before


def test_done_before_the_latest_note_is_refused(invoke: Invoke, data_dir: Path) -> None:
    assert (
        invoke(
            "note", "12", "已起草", "--on", "2022-10-20", "--by", "应急厅", "--data", str(data_dir)
        ).exit_code
        == 0
    )
    refused = invoke("done", "12", "--on", "2022-10-01", "--data", str(data_dir))
    assert refused.exit_code == 1
    assert "任务 12 的办结日期不能是 2022-10-01：它有一条 2022-10-20 的进展记录" in refused.stderr


def test_a_backdated_note_goes_in_date_order(invoke: Invoke, data_dir: Path) -> None:
    for day, text in (("2022-10-20", "二"), ("2022-10-25", "三"), ("2022-10-18", "一")):
        assert (
            invoke(
                "note", "12", text, "--on", day, "--by", "应急厅", "--data", str(data_dir)
            ).exit_code
            == 0
        )
    shown = (data_dir / "tasks.yaml").read_text(encoding="utf-8")
    assert shown.index("note: 一") < shown.index("note: 二") < shown.index("note: 三")
    assert invoke("check", "--data", str(data_dir), *AS_OF).exit_code == 0


def test_a_note_after_completion_is_a_follow_up_not_a_mistake(
    invoke: Invoke, data_dir: Path
) -> None:
    """Units keep reporting on a task awaiting review, and after it is closed (回头看)."""
    for args in (
        ("done", "12", "--on", "2022-10-01"),
        ("note", "12", "已报送佐证材料", "--on", "2022-10-20", "--by", "应急厅"),
    ):
        result = invoke(*args, "--data", str(data_dir))
        assert result.exit_code == 0, result.stderr
    checked = invoke("check", "--data", str(data_dir), "--as-of", "2022-12-15")
    assert checked.exit_code == 0, checked.stdout
