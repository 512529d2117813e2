"""``hazchem diff``: changes in meaning between git revisions of the data files.

Most tests edit the shipped files in a throwaway git repository the way a person would
(text edits, not model edits) and read what ``diff`` says about them; the pure functions
of ``semantic_diff`` are tested on their own for the subtler deadline cases.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from hazchem_cli.errors import UsageError
from hazchem_cli.model.documents import Extension, ProgressNote, Task
from hazchem_cli.review.git import RevisionRange, parse_range
from hazchem_cli.review.semantic_diff import ChangeKind, diff_tasks
from tests.conftest import DATA, Invoke

TASK_3 = (
    "    lead:\n      - 省安委办\n    responsible:\n      - 市、县（市、区）党委政府\n"
    '    deadline: "2022年4月"\n    status: not_started\n  - id: 4\n'
)
TASK_3_TAIL = '    deadline: "2022年4月"\n    status: not_started\n  - id: 4\n'
TASK_3_TEXT = "建立本地区突出问题（重大风险）和整改措施“两张清单”。"
EXTENDED = (
    '    deadline: "2022年4月"\n'
    "    extensions:\n"
    "      - on: 2022-04-20\n"
    '        to: "2022年6月"\n'
    "        reason: 地市清单汇总需要更多时间\n"
    "        approved_by: 省安委办\n"
    "    status: not_started\n  - id: 4\n"
)
NEW_AGENCY = (
    "  - name: 省水利厅\n"
    "    id: water\n"
    "    kind: provincial_department\n"
    "    name_en: Zhejiang Provincial Department of Water Resources\n"
    "    aliases: []\n"
)


def git(repo: Path, *args: str) -> str:
    """git with an identity and settings of the test's own, never the user's."""
    completed = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false",
         "-c", "core.autocrlf=false", *args],
        cwd=repo, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return completed.stdout


def commit(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", message)


def edit(path: Path, old: str, new: str) -> None:
    """Replace text that occurs exactly once, as a person editing the file would."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose one commit holds the shipped data under data/, and a docs/."""
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / "README.md").write_text("docs\n")
    for name in ("tasks.yaml", "agencies.yaml"):
        shutil.copy(DATA / name, root / "data" / name)
    # git must not find a repository above the temporary folder.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    git(root, "init", "--quiet")
    commit(root, "shipped data")
    return root


def tasks_of(repo: Path) -> Path:
    return repo / "data" / "tasks.yaml"


def diff_json(invoke: Invoke, repo: Path, *args: str) -> dict[str, Any]:
    result = invoke("diff", *args, "--data", str(repo / "data"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def kinds(document: dict[str, Any]) -> list[tuple[str, int | None]]:
    return [(change["kind"], change["task_id"]) for change in document["changes"]]


# No change ------------------------------------------------------------------------------


def test_no_change_exits_0_even_with_exit_code(repo: Path, invoke: Invoke) -> None:
    result = invoke("diff", "--data", str(repo / "data"), "--exit-code", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout == "Changes to data/tasks.yaml: HEAD → working tree\nNo changes in meaning.\n"
    )


def test_layout_quoting_key_order_and_comments_are_not_changes(repo: Path, invoke: Invoke) -> None:
    relaid = (
        "    # reviewer: confirmed with the province\n"
        "    status: not_started\n"
        "    lead: [省安委办]\n    responsible: [市、县（市、区）党委政府]\n"
        "    deadline: '2022年4月'  # as in the source\n  - id: 4\n"
    )
    edit(tasks_of(repo), TASK_3, relaid)
    result = invoke("diff", "--data", str(repo / "data"), "--exit-code")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert diff_json(invoke, repo)["changes"] == []


# Each kind of change --------------------------------------------------------------------


def test_an_added_extension_moves_the_deadline_by_extension(repo: Path, invoke: Invoke) -> None:
    edit(tasks_of(repo), TASK_3_TAIL, EXTENDED)
    document = diff_json(invoke, repo)
    assert document["changed"] is True
    assert kinds(document) == [("deadline_moved", 3), ("extension_added", 3)]
    moved, added = document["changes"]
    assert (moved["before"], moved["after"], moved["by_extension"]) == (
        "2022年4月",
        "2022年6月",
        True,
    )
    assert moved["attention"] is False
    assert added["entry"] == {
        "on": "2022-04-20",
        "to": "2022年6月",
        "reason": "地市清单汇总需要更多时间",
        "approved_by": "省安委办",
    }
    table = invoke("diff", "--data", str(repo / "data"), "--lang", "en").stdout
    assert "deadline moved by a recorded extension" in table
    assert (
        "2022年6月 (2022-04-20, reason: 地市清单汇总需要更多时间, approved by: 省安委办)" in table
    )


def test_a_directly_edited_deadline_is_flagged_for_review(repo: Path, invoke: Invoke) -> None:
    edit(tasks_of(repo), TASK_3_TAIL, TASK_3_TAIL.replace("2022年4月", "2022年6月"))
    [moved] = diff_json(invoke, repo)["changes"]
    assert moved["kind"] == "deadline_moved" and moved["by_extension"] is False
    assert moved["attention"] is True
    result = invoke("diff", "--data", str(repo / "data"), "--lang", "en", "--exit-code")
    assert result.exit_code == 1
    assert "deadline edited directly (no extension recorded)" in result.stdout
    assert "2022年4月" in result.stdout and "2022年6月" in result.stdout
    assert "1 change(s), 1 needing a reviewer's attention" in result.stderr


def test_status_done_reports_done_on(repo: Path, invoke: Invoke) -> None:
    edit(tasks_of(repo), TASK_3_TAIL, TASK_3_TAIL.replace(
        "status: not_started\n", "status: done\n    done_on: 2022-04-18\n"))  # fmt: skip
    [change] = diff_json(invoke, repo)["changes"]
    assert change["kind"] == "status_changed"
    assert (change["before"], change["after"], change["done_on"]) == (
        "not_started",
        "done",
        "2022-04-18",
    )
    table = invoke("diff", "--data", str(repo / "data"), "--lang", "zh").stdout
    assert "状态变更" in table and "未开始" in table and "已办结（2022-04-18）" in table


def test_text_change_gives_before_and_after(repo: Path, invoke: Invoke) -> None:
    edit(tasks_of(repo), TASK_3_TEXT, "建立本地区突出问题和整改措施“两张清单”。")
    [change] = diff_json(invoke, repo)["changes"]
    assert (change["kind"], change["task_id"], change["field"]) == ("text_changed", 3, "task")
    assert change["before"].startswith(TASK_3_TEXT)
    assert change["after"].startswith("建立本地区突出问题和整改措施")


def test_units_change_lists_both_sides(repo: Path, invoke: Invoke) -> None:
    edit(tasks_of(repo), TASK_3, TASK_3.replace("      - 市、县（市、区）党委政府\n",
                                                "      - 市、县（市、区）党委政府\n      - 省应急管理厅\n"))  # fmt: skip
    [change] = diff_json(invoke, repo)["changes"]
    assert (change["kind"], change["field"]) == ("units_changed", "responsible")
    assert change["before"] == ["市、县（市、区）党委政府"]
    assert change["after"] == ["市、县（市、区）党委政府", "省应急管理厅"]


def test_progress_added(repo: Path, invoke: Invoke) -> None:
    edit(tasks_of(repo), TASK_3_TAIL, TASK_3_TAIL.replace("  - id: 4\n", (
        "    progress:\n      - on: 2022-04-01\n        by: 省安委办\n        note: 两张清单已汇总 11 个地市\n"
        "  - id: 4\n")))  # fmt: skip
    [change] = diff_json(invoke, repo)["changes"]
    assert change["kind"] == "progress_added" and change["task_id"] == 3
    assert change["entry"] == {
        "on": "2022-04-01",
        "by": "省安委办",
        "note": "两张清单已汇总 11 个地市",
    }


def test_tasks_added_and_removed_are_matched_by_id(repo: Path, invoke: Invoke) -> None:
    edit(tasks_of(repo), "  - id: 50\n", "  - id: 51\n")
    document = diff_json(invoke, repo)
    assert kinds(document) == [("task_removed", 50), ("task_added", 51)]
    assert document["changes"][0]["attention"] is True
    assert document["changes"][1]["entry"]["deadline"] == "持续推进"


def test_agency_added(repo: Path, invoke: Invoke) -> None:
    agencies = repo / "data" / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8") + NEW_AGENCY, encoding="utf-8")
    [change] = diff_json(invoke, repo)["changes"]
    assert (change["kind"], change["agency"], change["task_id"]) == (
        "agency_added",
        "省水利厅",
        None,
    )
    assert change["entry"]["id"] == "water"


def test_agency_alias_change(repo: Path, invoke: Invoke) -> None:
    edit(repo / "data" / "agencies.yaml", "      - 人社厅\n", "")
    [change] = diff_json(invoke, repo)["changes"]
    assert (change["kind"], change["agency"], change["field"]) == (
        "agency_changed",
        "省人力社保厅",
        "aliases",
    )
    assert "人社厅" in change["before"] and "人社厅" not in change["after"]


# Revisions ------------------------------------------------------------------------------


def test_two_revisions_ignore_the_working_tree(repo: Path, invoke: Invoke) -> None:
    edit(tasks_of(repo), TASK_3_TAIL, EXTENDED)
    commit(repo, "extend task 3")
    edit(tasks_of(repo), TASK_3_TEXT, "改写的任务。")  # uncommitted: not in HEAD~1..HEAD
    document = diff_json(invoke, repo, "HEAD~1..HEAD")
    assert kinds(document) == [("deadline_moved", 3), ("extension_added", 3)]
    assert document["old"]["rev"] == "HEAD~1" and document["new"]["rev"] == "HEAD"
    assert document["old"]["commit"] == git(repo, "rev-parse", "HEAD~1").strip()
    assert diff_json(invoke, repo, "HEAD..HEAD")["changes"] == []


def test_merge_base_range_shows_only_the_branch_s_own_changes(repo: Path, invoke: Invoke) -> None:
    git(repo, "branch", "-M", "main")
    git(repo, "checkout", "--quiet", "-b", "feature")
    edit(tasks_of(repo), TASK_3_TAIL, EXTENDED)
    commit(repo, "feature: extend task 3")
    git(repo, "checkout", "--quiet", "main")
    edit(tasks_of(repo), "  - id: 50\n", "  - id: 51\n")
    commit(repo, "main moves on")
    document = diff_json(invoke, repo, "main...feature")
    assert kinds(document) == [("deadline_moved", 3), ("extension_added", 3)]
    two_dots = diff_json(invoke, repo, "main..feature")
    assert ("task_added", 50) in kinds(two_dots)  # main's own change, seen in reverse


def test_runs_from_a_subdirectory_of_the_repository(
    repo: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(tasks_of(repo), TASK_3_TAIL, TASK_3_TAIL.replace("2022年4月", "2022年5月"))
    monkeypatch.chdir(repo / "docs")
    result = invoke("diff", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["path"] == "data/tasks.yaml"
    assert kinds(document) == [("deadline_moved", 3)]


def test_a_file_missing_at_the_revision_counts_as_all_added(repo: Path, invoke: Invoke) -> None:
    git(repo, "rm", "--quiet", "-r", "--cached", "data")
    git(repo, "commit", "--quiet", "-m", "untrack the data")
    document = diff_json(invoke, repo)
    assert document["old"]["exists"] is False
    added = kinds(document)
    assert added.count(("agency_added", None)) == len(
        re.findall(r"^  - name:", (DATA / "agencies.yaml").read_text(), re.MULTILINE)
    )
    assert [task_id for kind, task_id in added if kind == "task_added"] == list(range(1, 51))


# Errors ---------------------------------------------------------------------------------


def test_not_a_git_repository(
    data_dir: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(data_dir.parent))
    result = invoke("diff", "--data", str(data_dir))
    assert result.exit_code == 1
    assert "不在 git 仓库中，没有历史可以比较" in result.stderr
    assert result.stdout == ""


def test_unknown_revision(repo: Path, invoke: Invoke) -> None:
    result = invoke("diff", "no-such-branch", "--data", str(repo / "data"), "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("unknown revision 'no-such-branch' in " + str(repo))


@pytest.mark.parametrize("rev", ["", "-p", "HEAD..-p", "a..b..c"])
def test_unusable_revision_text_is_a_usage_error(repo: Path, invoke: Invoke, rev: str) -> None:
    result = invoke("diff", "--data", str(repo / "data"), "--", rev)
    assert result.exit_code == 2
    assert result.stderr.startswith("hazchem：错误：")


def test_an_invalid_side_is_reported_with_its_problems(repo: Path, invoke: Invoke) -> None:
    edit(tasks_of(repo), TASK_3_TAIL, TASK_3_TAIL.replace("status: not_started", "stauts: done"))
    commit(repo, "a typo")
    git(repo, "checkout", "--quiet", "HEAD~1", "--", "data/tasks.yaml")
    result = invoke("diff", "--data", str(repo / "data"), "--lang", "en")
    assert result.exit_code == 1
    assert re.search(r"^HEAD:data/tasks\.yaml:\d+:5: unknown key 'stauts'", result.stderr, re.M)
    broken_now = invoke("diff", "HEAD~1", "--data", str(repo / "data"))
    assert broken_now.exit_code == 0  # both sides valid: the working file is the fixed one


# Formats --------------------------------------------------------------------------------


def test_markdown_for_a_pull_request(repo: Path, invoke: Invoke) -> None:
    tasks = tasks_of(repo)
    edit(tasks, TASK_3_TAIL, EXTENDED)
    edit(tasks, TASK_3_TEXT, "建立*两张清单*。")
    edit(tasks, '    deadline: "2022年6月"\n    status: not_started\n  - id: 5\n',
         '    deadline: "2022年9月"\n    status: not_started\n  - id: 5\n')  # fmt: skip
    result = invoke("diff", "--data", str(repo / "data"), "--format", "md", "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "### `data/tasks.yaml` 的变更：`HEAD` → 工作区"
    assert lines[2] == "共 4 处变更，其中 1 处需重点审核（⚠️）。"
    bullets = [line for line in lines if line.startswith("- ")]
    assert bullets == [
        "- **任务 3** — 文字修改（具体任务）",
        "- **任务 3** — 时限延期（有延期记录）：2022年4月 → 2022年6月",
        "- **任务 3** — 新增延期记录：2022年6月（2022-04-20，理由：地市清单汇总需要更多时间，批准单位：省安委办）",
        "- **任务 4** — ⚠️ **时限被直接修改（无延期记录）**：2022年6月 → 2022年9月",
    ]
    assert lines[5].startswith("  - 原：建立本地区突出问题（重大风险）")
    assert lines[6].startswith("  - 现：建立\\*两张清单\\*。将危化品")  # data is never markup
    assert result.stderr == ""


def test_markdown_without_changes(repo: Path, invoke: Invoke) -> None:
    result = invoke("diff", "--data", str(repo / "data"), "--format", "md", "--lang", "en")
    assert result.stdout == (
        "### Changes to `data/tasks.yaml`: `HEAD` → working tree\n\nNo changes in meaning.\n"
    )


def test_json_keeps_every_key_on_every_change(repo: Path, invoke: Invoke) -> None:
    edit(tasks_of(repo), TASK_3_TAIL, EXTENDED)
    document = diff_json(invoke, repo)
    assert set(document) == {"path", "changed_files", "old", "new", "changed", "changes"}
    assert document["new"] == {"rev": None, "commit": None, "exists": True}
    keys = {"kind", "task_id", "agency", "field", "before", "after", "by_extension",
            "done_on", "attention", "entry"}  # fmt: skip
    assert all(set(change) == keys for change in document["changes"])


# The pure comparison --------------------------------------------------------------------


def _task(**fields: Any) -> Task:
    base: dict[str, Any] = {"id": 7, "measure": "m", "task": "t", "lead": ["省安委办"],
                            "deadline": "2022年6月"}  # fmt: skip
    return Task.model_validate({**base, **fields})


def _extension(to: str, on: str = "2022-06-20") -> Extension:
    return Extension(on=dt.date.fromisoformat(on), to=to, reason="r")


def test_editing_deadline_under_an_extension_is_still_a_direct_edit() -> None:
    old = _task(extensions=[_extension("2022年9月")])
    new = _task(deadline="2022年7月", extensions=[_extension("2022年9月")])
    [change] = diff_tasks([old], [new])
    assert change.kind is ChangeKind.DEADLINE_MOVED and change.by_extension is False
    assert (change.before, change.after) == ("2022年6月", "2022年7月")


def test_rewriting_an_extension_is_not_a_move_by_extension() -> None:
    old = _task(extensions=[_extension("2022年9月")])
    new = _task(extensions=[_extension("2022年12月")])
    changes = diff_tasks([old], [new])
    assert [change.kind for change in changes] == [
        ChangeKind.DEADLINE_MOVED,
        ChangeKind.EXTENSION_ADDED,
        ChangeKind.EXTENSION_REMOVED,
    ]
    assert changes[0].by_extension is False


def test_a_second_extension_moves_by_extension_and_a_no_op_one_moves_nothing() -> None:
    first = _task(extensions=[_extension("2022年9月")])
    second = _task(extensions=[_extension("2022年9月"), _extension("2022年12月", "2022-09-25")])
    [moved, added] = diff_tasks([first], [second])
    assert moved.by_extension is True and (moved.before, moved.after) == ("2022年9月", "2022年12月")
    assert added.entry == _extension("2022年12月", "2022-09-25")
    same = _task(extensions=[_extension("2022年6月")])
    assert [change.kind for change in diff_tasks([_task()], [same])] == [ChangeKind.EXTENSION_ADDED]


def test_a_repeated_note_counts_once_per_copy() -> None:
    note = ProgressNote(on=dt.date(2022, 5, 1), by="省安委办", note="n")
    changes = diff_tasks([_task(progress=[note])], [_task(progress=[note, note])])
    assert [(change.kind, change.entry) for change in changes] == [
        (ChangeKind.PROGRESS_ADDED, note)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HEAD", RevisionRange("HEAD", None)),
        ("origin/main", RevisionRange("origin/main", None)),
        ("HEAD~2..HEAD", RevisionRange("HEAD~2", "HEAD")),
        ("v1..", RevisionRange("v1", "HEAD")),
        ("..v1", RevisionRange("HEAD", "v1")),
        ("origin/main...HEAD", RevisionRange("origin/main", "HEAD", merge_base=True)),
        ("HEAD@{2 days ago}", RevisionRange("HEAD@{2 days ago}", None)),
    ],
)
def test_parse_range(text: str, expected: RevisionRange) -> None:
    assert parse_range(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "--output=x", "a..b..c", "a...b..c", "x\x00y"])
def test_parse_range_refuses_what_cannot_name_a_revision(text: str) -> None:
    with pytest.raises(UsageError):
        parse_range(text)
