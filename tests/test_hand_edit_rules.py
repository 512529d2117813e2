"""``check`` holds hand edits to the rules the edit commands follow, in the same words."""

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
            "an extension cannot be dated 2030-01-01: that is after today (2022-12-15)",
            id="extension-in-the-future",
        ),
        pytest.param(
            '    deadline: "2022年10月"\n    extensions:\n'
            + extension("2022-09-01", "2022年8月")
            + "    status: not_started\n",
            "126:13",  # to: "2022年8月
            "2022年8月 (due 2022-08-31) does not extend task 12, which is due 2022-10-31 "
            "(2022年10月); an extension moves the deadline later",
            id="extension-moves-the-deadline-earlier",
        ),
        pytest.param(
            '    deadline: "2022年10月"\n    extensions:\n'
            + extension("2022-09-01", "2022年12月", approved=False)
            + "    status: not_started\n",
            "125:13",  # on: 2022-09-01
            "task 12: an extension needs approved_by, the agency that approved it "
            "(hazchem extend --approved-by AGENCY)",
            id="extension-without-approver",
        ),
        pytest.param(
            '    deadline: "2022年10月"\n    extensions:\n'
            + extension("2022-10-25", "2022年12月")
            + "    status: done\n    done_on: 2022-10-20\n",
            "130:14",  # done_on: 2022-10-20
            "task 12 cannot be done on 2022-10-20: its extension of 2022-10-25 is later; "
            "done_on is the day the work ended, on or after everything recorded before it",
            id="done-before-an-extension",
        ),
        pytest.param(
            TAIL + "    progress:\n" + note("2022-10-20", "二") + note("2022-10-18", "一"),
            "129:13",  # on: 2022-10-18
            "progress note dated 2022-10-18 comes after one dated 2022-10-20; notes are kept "
            "oldest first: run hazchem fmt to sort them",
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
                        "--data", str(data_dir), "--lang", "en")  # fmt: skip
    assert unapproved.exit_code == 1
    assert unapproved.stderr == (
        "hazchem: error: task 12: an extension needs approved_by, the agency that approved it "
        "(hazchem extend --approved-by AGENCY)\n"
    )
    earlier = invoke("extend", "12", "--to", "2022年9月", "--reason", "x", "--approved-by",
                     "安委办", "--on", "2022-12-01", "--data", str(data_dir), "--lang", "en")  # fmt: skip
    assert earlier.exit_code == 1 and "an extension moves the deadline later" in earlier.stderr
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
    assert "task 12 cannot be done on 2022-10-01: its progress note of 2022-10-20" in refused.stderr


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
