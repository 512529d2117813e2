"""``hazchem log ID``: a task's history from git, by meaning."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from hazchem_cli.cli import common
from hazchem_cli.edit.task_edits import add_note, mark_done
from hazchem_cli.store.locate import DataPaths
from tests.conftest import Invoke
from tests.gitrepo import commit, git, make_repo

TODAY = dt.date(2022, 12, 15)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "today", lambda: TODAY)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Three commits: the list; a note on task 12 (and a comment); task 12 done."""
    root = make_repo(tmp_path / "repo")
    paths = DataPaths(root / "tasks.yaml", root / "agencies.yaml")
    add_note(paths, 12, text="已起草", by="应急厅", on=dt.date(2022, 10, 20), today=TODAY)
    commit(root, "note on 12")
    text = paths.tasks.read_text(encoding="utf-8").replace(
        "  - id: 20\n", "  # layout only\n  - id: 20\n"
    )
    paths.tasks.write_text(text, encoding="utf-8")
    commit(root, "a comment: no change in meaning")
    mark_done(paths, 12, on=dt.date(2022, 11, 1), today=TODAY)
    mark_done(paths, 13, on=dt.date(2022, 11, 2), today=TODAY)
    commit(root, "12 and 13 done")
    return root


def log(invoke: Invoke, data: Path, *args: str) -> tuple[int, str, str]:
    result = invoke("log", *args, "--data", str(data), "--lang", "en")
    return result.exit_code, result.stdout, result.stderr


def test_one_line_per_commit_that_changed_the_task_newest_first(repo: Path, invoke: Invoke) -> None:
    code, out, _ = log(invoke, repo, "12")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "History of task 12: tasks.yaml"
    rows = lines[3:]
    assert all("hazchem tests" in row for row in rows)
    assert "status changed: not started → done (2022-11-01)" in rows[0]
    assert "progress added: 2022-10-20 省应急管理厅: 已起草" in rows[1]
    assert "task added to the list" in rows[2]
    assert len(rows) == 3  # the comment-only commit is not there


def test_json_and_markdown(repo: Path, invoke: Invoke) -> None:
    code, out, _ = log(invoke, repo, "13", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["shallow"] is False
    kinds = [[c["kind"] for c in entry["changes"]] for entry in document["entries"]]
    assert kinds == [["status_changed"], ["task_added"]]
    assert len(document["entries"][0]["commit"]) == 40
    _, markdown, _ = log(invoke, repo, "13", "--format", "md")
    assert markdown.startswith("### History of task 13: tasks.yaml\n")
    assert "| status changed: not started → done (2022-11-02) |" in markdown


def test_history_follows_a_renamed_file(repo: Path, invoke: Invoke) -> None:
    git(repo, "mv", "tasks.yaml", "list.yaml")
    git(repo, "commit", "-q", "-m", "rename")
    _, out, _ = log(invoke, repo / "list.yaml", "12")
    assert out.splitlines()[0] == "History of task 12: list.yaml"
    assert len(out.splitlines()) == 6


def test_a_shallow_clone_says_how_far_it_can_see(
    repo: Path, invoke: Invoke, tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", repo.as_uri(), str(clone)], check=True)
    code, out, err = log(invoke, clone, "12")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 4 and "status changed" in lines[3]  # the note's commit is beyond
    assert "shallow clone: history is visible only back to" in err
    assert "task added" not in out


def test_outside_git_is_an_error(data_dir: Path, invoke: Invoke) -> None:
    code, _, err = log(invoke, data_dir, "12")
    assert code == 1
    assert "not in a git repository" in err


def test_a_task_the_history_never_held_is_a_usage_error(repo: Path, invoke: Invoke) -> None:
    code, _, err = log(invoke, repo, "99")
    assert code == 2
    assert "no task 99 in tasks.yaml or in its history" in err
