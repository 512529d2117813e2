"""The edit commands, judged by ``git diff`` on a repository with reviewer comments."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from hazchem_cli.cli import common
from tests.conftest import ROOT, Invoke
from tests.gitrepo import COMMENTS, commit, diff_lines, make_repo, numstat

TODAY = dt.date(2022, 12, 15)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command sees the same today, whatever the clock says."""
    monkeypatch.setattr(common, "today", lambda: TODAY)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def run(invoke: Invoke, repo: Path, *args: str, code: int = 0) -> str:
    """Run an edit on ``repo``; it must print nothing on stdout. Returns stderr."""
    result = invoke(*args, "--data", str(repo), "--lang", "en")
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    return result.stderr


def tasks_text(repo: Path) -> str:
    return (repo / "tasks.yaml").read_text(encoding="utf-8")


def assert_valid_and_canonical(invoke: Invoke, repo: Path) -> None:
    assert invoke("check", "--data", str(repo)).exit_code == 0
    assert invoke("fmt", "--check", "--data", str(repo)).exit_code == 0


def assert_comments_kept(repo: Path) -> None:
    text = tasks_text(repo)
    for comment in COMMENTS:
        assert text.count(comment) == 1, comment
    # The comment written above task 13 still stands directly above it.
    lines = text.splitlines()
    above_13 = lines[lines.index("  - id: 13") - 1]
    assert above_13 == "  # reviewer: tasks 13 and 14 are reported together"


# --- each command, line by line -------------------------------------------------------


def test_done_changes_the_status_line_and_adds_the_date(invoke: Invoke, repo: Path) -> None:
    said = run(invoke, repo, "done", "12", "--on", "2022-11-20")

    assert said == "task 12: done on 2022-11-20\n"
    assert numstat(repo) == {"tasks.yaml": (2, 1)}
    assert diff_lines(repo) == [
        "-    status: not_started  # owner: hazchem section",
        "+    status: done         # owner: hazchem section",
        "+    done_on: 2022-11-20",
    ]
    assert_comments_kept(repo)
    assert_valid_and_canonical(invoke, repo)


def test_done_with_a_note_records_it_in_the_progress_log(invoke: Invoke, repo: Path) -> None:
    said = run(
        invoke, repo, "done", "12", "--on", "2022/11/20", "--note", "意见已印发", "--by", "应急厅"
    )

    assert said == "task 12: done on 2022-11-20; note by 省应急管理厅\n"
    assert numstat(repo) == {"tasks.yaml": (6, 1)}
    assert diff_lines(repo)[3:] == [
        "+    progress:",
        "+      - on: 2022-11-20",
        "+        by: 省应急管理厅",
        "+        note: 意见已印发",
    ]
    assert_comments_kept(repo)
    assert_valid_and_canonical(invoke, repo)


def test_a_note_without_by_is_the_lead_units(invoke: Invoke, repo: Path) -> None:
    said = run(invoke, repo, "done", "11", "--note", "评价认定完成")

    assert said == "task 11: done on 2022-12-15; note by 省经信厅\n"


def test_start_changes_one_line(invoke: Invoke, repo: Path) -> None:
    said = run(invoke, repo, "start", "12")

    assert said == "task 12: in progress (was not started)\n"
    assert numstat(repo) == {"tasks.yaml": (1, 1)}
    assert_comments_kept(repo)


def test_start_on_a_task_in_progress_changes_nothing(invoke: Invoke, repo: Path) -> None:
    run(invoke, repo, "start", "12")
    commit(repo, "started")
    before = (repo / "tasks.yaml").read_bytes()

    said = run(invoke, repo, "start", "12")

    assert said == "task 12: already in progress; nothing changed\n"
    assert (repo / "tasks.yaml").read_bytes() == before


def test_reopen_restores_progress_and_keeps_the_reason(invoke: Invoke, repo: Path) -> None:
    run(invoke, repo, "done", "12", "--on", "2022-11-20")
    commit(repo, "done")

    said = run(invoke, repo, "reopen", "12", "--reason", "园区复核发现遗漏", "--by", "emergency")

    assert said == "task 12: reopened (was done on 2022-11-20); reason noted by 省应急管理厅\n"
    assert numstat(repo) == {"tasks.yaml": (5, 2)}
    assert diff_lines(repo) == [
        "-    status: done         # owner: hazchem section",
        "-    done_on: 2022-11-20",
        "+    status: in_progress  # owner: hazchem section",
        "+    progress:",
        "+      - on: 2022-12-15",
        "+        by: 省应急管理厅",
        "+        note: 园区复核发现遗漏",
    ]
    assert_comments_kept(repo)
    assert_valid_and_canonical(invoke, repo)


def test_notes_are_appended_to_the_log(invoke: Invoke, repo: Path) -> None:
    said = run(
        invoke, repo, "note", "12", "已完成初稿", "--by", "省应急管理厅", "--on", "2022-12-01"
    )
    assert said == "task 12: note by 省应急管理厅 on 2022-12-01\n"
    assert numstat(repo) == {"tasks.yaml": (4, 0)}
    commit(repo, "first note")

    run(invoke, repo, "note", "12", "征求意见中", "--by", "应急管理厅")

    assert diff_lines(repo) == [
        "+      - on: 2022-12-15",
        "+        by: 省应急管理厅",
        "+        note: 征求意见中",
    ]
    assert_comments_kept(repo)
    assert_valid_and_canonical(invoke, repo)


def test_a_note_over_several_lines_is_written_as_a_block(invoke: Invoke, repo: Path) -> None:
    run(invoke, repo, "note", "12", "第一条\n第二条", "--by", "emergency")

    assert "        note: |-\n          第一条\n          第二条\n" in tasks_text(repo)
    assert_valid_and_canonical(invoke, repo)


def test_extend_keeps_the_original_deadline(invoke: Invoke, repo: Path) -> None:
    said = run(
        invoke, repo, "extend", "13", "--to", "2023年3月", "--reason", "等待国家标准", "--approved-by", "安委办",
        "--approved-by", "安委办", "--on", "2022-06-20",
    )  # fmt: skip

    assert said == "task 13: deadline extended from 2022年6月 to 2023年3月 (on 2022-06-20)\n"
    assert diff_lines(repo) == [
        "+    extensions:",
        "+      - on: 2022-06-20",
        '+        to: "2023年3月"',
        "+        reason: 等待国家标准",
        "+        approved_by: 省安委办",
    ]
    assert '    deadline: "2022年6月"\n    extensions:\n' in tasks_text(repo)
    assert_comments_kept(repo)
    assert_valid_and_canonical(invoke, repo)


def test_a_second_extension_is_added_after_the_first(invoke: Invoke, repo: Path) -> None:
    run(
        invoke,
        repo,
        "extend",
        "12",
        "--to",
        "2023年3月",
        "--reason",
        "一",
        "--approved-by",
        "安委办",
        "--on",
        "2022-10-01",
    )
    commit(repo, "extended")

    run(
        invoke,
        repo,
        "extend",
        "12",
        "--to",
        "2023年6月底前",
        "--reason",
        "二",
        "--approved-by",
        "安委办",
    )

    assert diff_lines(repo) == [
        "+      - on: 2022-12-15",
        '+        to: "2023年6月底前"',
        "+        reason: 二",
        "+        approved_by: 省安委办",
    ]
    assert_comments_kept(repo)


def test_an_ongoing_task_can_be_given_a_date(invoke: Invoke, repo: Path) -> None:
    said = run(
        invoke,
        repo,
        "extend",
        "14",
        "--to",
        "2023-06-30",
        "--reason",
        "改为限期完成",
        "--approved-by",
        "安委办",
    )

    assert said == "task 14: deadline extended from 持续开展 to 2023-06-30 (on 2022-12-15)\n"
    assert '        to: "2023-06-30"\n' in tasks_text(repo)
    assert_valid_and_canonical(invoke, repo)


# --- what the answers say after an edit -----------------------------------------------


def overdue_ids(invoke: Invoke, repo: Path, as_of: str) -> list[int]:
    result = invoke("overdue", "--as-of", as_of, "--format", "json", "--data", str(repo))
    assert result.exit_code == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)]


def test_a_task_done_late_is_overdue_until_the_day_it_was_done(invoke: Invoke, repo: Path) -> None:
    assert 12 in overdue_ids(invoke, repo, "2022-12-15")  # due 2022-10-31

    run(invoke, repo, "done", "12", "--on", "2022-12-10")

    assert 12 not in overdue_ids(invoke, repo, "2022-12-15")
    assert 12 in overdue_ids(invoke, repo, "2022-12-05")


def test_overdue_is_judged_on_the_extended_deadline(invoke: Invoke, repo: Path) -> None:
    assert 11 in overdue_ids(invoke, repo, "2022-12-15")  # due 2022-09-30

    run(
        invoke,
        repo,
        "extend",
        "11",
        "--to",
        "2023年3月",
        "--reason",
        "扩大评价范围",
        "--approved-by",
        "安委办",
    )

    assert 11 not in overdue_ids(invoke, repo, "2022-12-15")
    assert 11 in overdue_ids(invoke, repo, "2023-04-01")


# --- refusals: a message, an exit code, and the file exactly as it was -----------------


@pytest.mark.parametrize(
    ("setup", "args", "code", "message"),
    [
        (
            ("done", "12", "--on", "2022-11-20"),
            ("done", "12"),
            1,
            "task 12 is already done (on 2022-11-20)",
        ),
        (
            ("done", "12", "--on", "2022-11-20"),
            ("start", "12"),
            1,
            "hazchem reopen 12 --reason",
        ),
        ((), ("reopen", "12", "--reason", "x"), 1, "task 12 is not done (it is not started)"),
        ((), ("done", "12", "--on", "2022-12-16"), 1, "after today (2022-12-15)"),
        ((), ("note", "12", "x", "--by", "emergency", "--on", "+1d"), 1, "after today"),
        ((), ("done", "99"), 2, "no task 99 in"),
        ((), ("note", "12", "x", "--by", "应急部"), 2, "未知单位“应急部”；您是不是指"),
        ((), ("note", "12", "  ", "--by", "emergency"), 2, "the text is empty"),
        ((), ("done", "12", "--on", "2022-02-30"), 2, "“2022-02-30”这一天不存在"),
        ((), ("done", "12", "--by", "emergency"), 2, "give --note or --evidence too"),
        (
            (),
            ("extend", "12", "--to", "2022年13月", "--reason", "x", "--approved-by", "安委办"),
            2,
            "“2022年13月”中的月份 13 不存在",
        ),
        (
            (),
            ("extend", "12", "--to", "下个月", "--reason", "x", "--approved-by", "安委办"),
            2,
            "下个月",
        ),
        (
            (),
            ("extend", "12", "--to", "2022年9月", "--reason", "x", "--approved-by", "安委办"),
            1,
            "延期应把时限往后推",
        ),
        (
            (),
            ("extend", "14", "--to", "长期", "--reason", "x", "--approved-by", "安委办"),
            1,
            "已是持续性任务",
        ),
        (
            ("done", "12", "--on", "2022-11-20"),
            ("extend", "12", "--to", "2023年1月", "--reason", "x", "--approved-by", "安委办"),
            1,
            "reopen it before extending",
        ),
        (
            (
                "extend",
                "12",
                "--to",
                "2023年1月",
                "--reason",
                "x",
                "--approved-by",
                "安委办",
                "--on",
                "2022-12-01",
            ),
            (
                "extend",
                "12",
                "--to",
                "2023年2月",
                "--reason",
                "y",
                "--approved-by",
                "安委办",
                "--on",
                "2022-11-01",
            ),
            1,
            "上一次延期在 2022-12-01",
        ),
    ],
)
def test_refusals_change_nothing(
    invoke: Invoke,
    repo: Path,
    setup: tuple[str, ...],
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    if setup:
        run(invoke, repo, *setup)
    before = (repo / "tasks.yaml").read_bytes()
    # Each message is asserted in the language it is written in (Chinese is the default).
    in_english = ("--lang", "en") if message.isascii() else ()

    result = invoke(*args, "--data", str(repo), *in_english)

    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""
    assert (repo / "tasks.yaml").read_bytes() == before


def test_an_invalid_file_is_not_edited(invoke: Invoke, repo: Path) -> None:
    tasks = repo / "tasks.yaml"
    tasks.write_text(tasks_text(repo).replace("    status: not_started\n", "    stauts: x\n", 1))
    before = tasks.read_bytes()

    result = invoke("done", "12", "--data", str(repo))

    assert result.exit_code == 1
    assert (
        result.stderr
        == f"{tasks}:15:5: 无法识别的项“stauts”；您是不是指 status？请改正拼写，或删去这一行\n"
    )
    assert tasks.read_bytes() == before


def test_an_edit_that_would_leave_the_file_invalid_is_not_written(
    invoke: Invoke, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last line of defence: the edited text is checked as `hazchem check` would."""
    from hazchem_cli.edit import task_edits as edits

    # A fault that slips a date past the edit's own checks.
    monkeypatch.setattr(edits, "_fresh", lambda day: day + dt.timedelta(days=30))
    before = (repo / "tasks.yaml").read_bytes()

    result = invoke("done", "12", "--on", "2022-12-01", "--data", str(repo))

    assert result.exit_code == 1
    assert "done_on（办结日期）2022-12-31 晚于今天（2022-12-15）" in result.stderr
    assert (repo / "tasks.yaml").read_bytes() == before


def test_a_task_that_cannot_be_written_back_faithfully_is_refused(
    invoke: Invoke, repo: Path
) -> None:
    tasks = repo / "tasks.yaml"
    tasks.write_text(
        tasks_text(repo).replace('    deadline: "2022年9月"\n', '    deadline:   "2022年9月"\n')
    )
    before = tasks.read_bytes()

    result = invoke("done", "11", "--data", str(repo), "--lang", "en")

    assert result.exit_code == 1
    assert "tasks.yaml:113:1: an edit would also change this line" in result.stderr
    assert "Run `hazchem fmt`" in result.stderr
    assert tasks.read_bytes() == before


def test_an_odd_line_in_another_task_is_left_as_it_is(invoke: Invoke, repo: Path) -> None:
    tasks = repo / "tasks.yaml"
    odd = '    deadline:   "2022年9月"\n'  # task 11's; ruamel.yaml would write one space
    tasks.write_text(tasks_text(repo).replace('    deadline: "2022年9月"\n', odd))
    commit(repo, "an odd line")

    said = run(invoke, repo, "done", "12", "--on", "2022-11-30")

    assert said == "task 12: done on 2022-11-30\n"
    assert numstat(repo) == {"tasks.yaml": (2, 1)}
    assert tasks_text(repo).splitlines(keepends=True)[112] == odd


@pytest.mark.parametrize("command", ["start", "done", "reopen", "note", "extend", "fmt"])
def test_every_edit_command_is_documented(invoke: Invoke, command: str) -> None:
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")

    assert f"## `hazchem {command} " in guide
    assert invoke(command, "--help").exit_code == 0
