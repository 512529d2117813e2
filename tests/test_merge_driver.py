"""``hazchem merge-driver`` and ``setup-git``, judged by real ``git merge`` runs."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hazchem_cli.cli import common
from hazchem_cli.edit.task_edits import add_note, extend_deadline, mark_done
from hazchem_cli.store.locate import DataPaths
from tests.conftest import Invoke
from tests.gitrepo import COMMENTS, commit, git, make_repo

TODAY = dt.date(2022, 12, 15)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "today", lambda: TODAY)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke) -> Path:
    """A repository with commented data, the driver set up and committed, on ``main``."""
    root = make_repo(tmp_path / "repo")
    git(root, "branch", "-M", "main")
    monkeypatch.chdir(root)
    # git runs the driver as a program: the hazchem installed beside this Python.
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert invoke("setup-git").exit_code == 0
    git(root, "add", ".gitattributes")
    commit(root, "merge task lists by meaning")
    return root


def paths(repo: Path) -> DataPaths:
    return DataPaths(repo / "tasks.yaml", repo / "agencies.yaml")


def merge(repo: Path, branch: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "merge",
            "--no-edit",
            branch,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )


def two_branches(repo: Path, theirs: object, ours: object) -> None:
    """Branch ``other`` gets ``theirs``' edit, ``main`` gets ``ours``'; each committed."""
    git(repo, "checkout", "-q", "-b", "other")
    theirs_edit = theirs
    assert callable(theirs_edit)
    theirs_edit()
    commit(repo, "theirs")
    git(repo, "checkout", "-q", "main")
    assert callable(ours)
    ours()
    commit(repo, "ours")


def test_setup_git_writes_attributes_and_config_once(repo: Path, invoke: Invoke) -> None:
    again = invoke("setup-git")
    assert again.exit_code == 0
    assert "already set up" in again.stderr
    attributes = (repo / ".gitattributes").read_text(encoding="utf-8")
    assert attributes.count("tasks.yaml merge=hazchem") == 1
    assert git(repo, "config", "merge.hazchem.driver").strip() == (
        "hazchem merge-driver %O %A %B %P"
    )
    assert git(repo, "status", "--porcelain") == ""


def test_notes_from_two_branches_on_the_same_task_merge_cleanly(repo: Path, invoke: Invoke) -> None:
    two_branches(
        repo,
        lambda: add_note(
            paths(repo),
            12,
            text="经信厅已反馈意见",
            by="经信厅",
            on=dt.date(2022, 10, 18),
            today=TODAY,
        ),
        lambda: add_note(
            paths(repo),
            12,
            text="已起草分类入园意见",
            by="应急厅",
            on=dt.date(2022, 10, 20),
            today=TODAY,
        ),
    )
    merged = merge(repo, "other")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = (repo / "tasks.yaml").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    # Both notes, in date order, once each; the reviewers' comments untouched.
    assert text.index("经信厅已反馈意见") < text.index("已起草分类入园意见")
    assert text.count("经信厅已反馈意见") == 1
    for comment in COMMENTS:
        assert text.count(comment) == 1
    assert invoke("check", "--data", str(repo)).exit_code == 0
    assert invoke("fmt", "--check", "--data", str(repo)).exit_code == 0
    # The merge changed only task 12's lines, relative to either side.
    changed = git(repo, "diff", "--unified=0", "HEAD^1", "HEAD", "--", "tasks.yaml")
    added = [ln for ln in changed.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    assert not [
        ln for ln in changed.splitlines() if ln.startswith("-") and not ln.startswith("---")
    ]
    assert added == [
        "+      - on: 2022-10-18",
        "+        by: 省经信厅",
        "+        note: 经信厅已反馈意见",
    ]


def test_different_fields_and_tasks_merge(repo: Path, invoke: Invoke) -> None:
    two_branches(
        repo,
        lambda: mark_done(paths(repo), 3, on=dt.date(2022, 4, 28), today=TODAY),
        lambda: extend_deadline(
            paths(repo),
            3,
            to="2022年6月",
            reason="汇总需要时间",
            approved_by="安委办",
            on=dt.date(2022, 4, 20),
            today=TODAY,
        ),
    )
    assert merge(repo, "other").returncode == 0
    shown = invoke("show", "3", "--data", str(repo), "--format", "json")
    assert shown.exit_code == 0
    assert '"status": "done"' in shown.stdout
    assert '"deadline": "2022年6月"' in shown.stdout


def test_the_same_field_changed_differently_is_a_conflict_check_names(
    repo: Path, invoke: Invoke
) -> None:
    two_branches(
        repo,
        lambda: mark_done(paths(repo), 12, on=dt.date(2022, 11, 3), today=TODAY),
        lambda: mark_done(paths(repo), 12, on=dt.date(2022, 11, 1), today=TODAY),
    )
    merged = merge(repo, "other")
    assert merged.returncode != 0
    assert "CONFLICT" in merged.stdout
    assert "tasks.yaml: conflict: Task 12: Status (both branches changed it differently" in (
        merged.stderr
    )
    assert git(repo, "diff", "--name-only", "--diff-filter=U").split() == ["tasks.yaml"]
    text = (repo / "tasks.yaml").read_text(encoding="utf-8")
    assert (
        "<<<<<<< ours\n    done_on: 2022-11-01\n=======\n    done_on: 2022-11-03\n>>>>>>> theirs\n"
        in text
    )
    checked = invoke("check", "--data", str(repo))
    assert checked.exit_code == 1
    assert (
        "unresolved merge conflict in task 12: one side has 'done_on: 2022-11-01', "
        "the other has 'done_on: 2022-11-03'" in checked.stdout
    )


def test_a_merge_that_breaks_a_rule_is_reported_as_a_conflict(repo: Path, invoke: Invoke) -> None:
    """Each branch's extension is valid alone; together the later one moves the deadline
    earlier than the earlier one did."""
    two_branches(
        repo,
        lambda: extend_deadline(
            paths(repo),
            12,
            to="2022年12月",
            reason="乙",
            approved_by="安委办",
            on=dt.date(2022, 10, 25),
            today=TODAY,
        ),
        lambda: extend_deadline(
            paths(repo),
            12,
            to="2023年3月",
            reason="甲",
            approved_by="安委办",
            on=dt.date(2022, 10, 20),
            today=TODAY,
        ),
    )
    merged = merge(repo, "other")
    assert merged.returncode != 0
    assert "tasks.yaml: the merged file does not pass check" in merged.stderr
    assert "an extension moves the deadline later" in merged.stderr
    text = (repo / "tasks.yaml").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    assert text.index("reason: 甲") < text.index("reason: 乙")  # both kept, by date
    checked = invoke("check", "--data", str(repo))
    assert checked.exit_code == 1
    assert "2022年12月 (due 2022-12-31) does not extend task 12" in checked.stdout


def test_a_side_that_is_not_a_task_list_is_merged_line_by_line(
    tmp_path: Path, invoke: Invoke
) -> None:
    base, ours, theirs = (tmp_path / name for name in ("base", "ours", "theirs"))
    base.write_text("a: 1\nb: 2\nc: 3\n")
    ours.write_text("a: 10\nb: 2\nc: 3\n")
    theirs.write_text("a: 1\nb: 2\nc: 30\n")
    result = invoke("merge-driver", str(base), str(ours), str(theirs), "tasks.yaml",
                    "--lang", "en")  # fmt: skip
    assert result.exit_code == 0
    assert "merged line by line" in result.stderr
    assert ours.read_text() == "a: 10\nb: 2\nc: 30\n"


def test_without_a_locale_the_driver_speaks_chinese(tmp_path: Path, invoke: Invoke) -> None:
    sides = [tmp_path / name for name in ("base", "ours", "theirs")]
    for side in sides:
        side.write_text("a: 1\n")
    result = invoke(*("merge-driver", *map(str, sides), "data/tasks.yaml"),
                    env={"LANG": "", "LC_ALL": "", "LC_MESSAGES": ""})  # fmt: skip
    assert result.stderr == "data/tasks.yaml：有一方不是 hazchem 能读的任务清单，已按行合并\n"


def test_setup_git_global_registers_the_driver_for_the_user(
    repo: Path, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_config = tmp_path / "user.gitconfig"
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(user_config))
    assert invoke("setup-git", "--global").exit_code == 0
    text = user_config.read_text(encoding="utf-8")
    assert '[merge "hazchem"]' in text
    assert "driver = hazchem merge-driver %O %A %B %P" in text
    again = invoke("setup-git", "--global")
    assert "already set up: git config --global merge.hazchem.driver" in again.stderr
    assert user_config.read_text(encoding="utf-8") == text
