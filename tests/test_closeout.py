"""Close-out (销号): done with evidence, lead review, office verification, returns, and
``check`` catching what changed after a sign-off; on a copy of the shipped list in git."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from hazchem_cli.cli import common
from hazchem_cli.model.documents import Evidence, ProgressNote, Status, Task
from hazchem_cli.model.fingerprint import task_fingerprint
from hazchem_cli.store import evidence_files
from hazchem_cli.store.load import find_data, load_dataset
from tests.conftest import Invoke
from tests.gitrepo import COMMENTS, diff_lines, git, make_repo

TODAY = dt.date(2022, 12, 15)
REPORT = "分类入园意见（印发稿）\n".encode()


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same today and English messages, whatever the clock and the locale say."""
    monkeypatch.setattr(common, "today", lambda: TODAY)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    """The unit's completion report, outside the repository, as on a user's desktop."""
    path = tmp_path / "desk" / "分类入园意见.pdf"
    path.parent.mkdir()
    path.write_bytes(REPORT)
    return path


def run(invoke: Invoke, repo: Path, *args: str, code: int = 0) -> str:
    result = invoke(*args, "--data", str(repo))
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    return result.stderr


def check(invoke: Invoke, repo: Path, code: int) -> list[str]:
    result = invoke("check", "--data", str(repo))
    assert result.exit_code == code, (result.stdout, result.stderr)
    return [line.removeprefix(f"{repo}/") for line in result.stdout.splitlines()]


def tasks_bytes(repo: Path) -> bytes:
    return (repo / "tasks.yaml").read_bytes()


def line_of(repo: Path, text: str, after: str = "  - id: 12\n") -> int:
    """The 1-based number of the first line holding ``text`` after the line ``after``."""
    lines = tasks_bytes(repo).decode().splitlines(keepends=True)
    start = lines.index(after)
    return next(n for n, line in enumerate(lines[start:], start + 1) if text in line)


def done_with_evidence(invoke: Invoke, repo: Path, report: Path) -> None:
    run(
        invoke,
        repo,
        "done",
        "12",
        "--on",
        "2022-11-20",
        "--by",
        "应急厅",
        "--evidence",
        str(report),
        "--evidence",
        "https://yjt.zj.gov.cn/art/2022/11/20/1.html",
    )


# --- the whole flow ------------------------------------------------------------------------


def test_done_with_evidence_copies_the_file_and_records_it(
    invoke: Invoke, repo: Path, report_file: Path
) -> None:
    done_with_evidence(invoke, repo, report_file)
    sha = hashlib.sha256(REPORT).hexdigest()
    assert diff_lines(repo) == [
        "-    status: not_started  # owner: hazchem section",
        "+    status: done         # owner: hazchem section",
        "+    done_on: 2022-11-20",
        "+    evidence:",
        "+      - on: 2022-11-20",
        "+        by: 省应急管理厅",
        "+        title: 分类入园意见",
        "+        path: evidence/12/分类入园意见.pdf",
        f"+        size: {len(REPORT)}",
        f"+        sha256: {sha}",
        "+      - on: 2022-11-20",
        "+        by: 省应急管理厅",
        "+        title: https://yjt.zj.gov.cn/art/2022/11/20/1.html",
        "+        url: https://yjt.zj.gov.cn/art/2022/11/20/1.html",
    ]
    assert (repo / "evidence" / "12" / "分类入园意见.pdf").read_bytes() == REPORT
    check(invoke, repo, 0)
    assert invoke("fmt", "--check", "--data", str(repo)).exit_code == 0


def test_lead_approval_then_office_approval_closes_the_task(
    invoke: Invoke, repo: Path, report_file: Path
) -> None:
    done_with_evidence(invoke, repo, report_file)
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "task 12 done")
    said = run(
        invoke,
        repo,
        "review",
        "12",
        "--role",
        "lead",
        "--by",
        "emergency",
        "--approve",
        "--on",
        "2022-11-25",
    )
    assert said == "task 12: approved by 省应急管理厅 (lead unit)\n"
    said = run(
        invoke,
        repo,
        "review",
        "12",
        "--role",
        "office",
        "--by",
        "专委办",
        "--approve",
        "--on",
        "2022-12-01",
    )
    assert said == "task 12: approved by 省危化安全专委办 (office); closed (销号)\n"
    fingerprint = task_fingerprint(task_12(repo))
    assert diff_lines(repo) == [
        "-    status: done         # owner: hazchem section",
        "+    status: closed       # owner: hazchem section",
        "+    signoffs:",
        "+      - on: 2022-11-25",
        "+        role: lead",
        "+        by: 省应急管理厅",
        "+        decision: approve",
        f"+        fingerprint: {fingerprint}",
        "+      - on: 2022-12-01",
        "+        role: office",
        "+        by: 省危化安全专委办",
        "+        decision: approve",
        f"+        fingerprint: {fingerprint}",
    ]
    check(invoke, repo, 0)
    assert invoke("fmt", "--check", "--data", str(repo)).exit_code == 0
    text = tasks_bytes(repo).decode()
    for comment in COMMENTS:
        assert text.count(comment) == 1
    listed = invoke("list", "--status", "已销号", "--data", str(repo), "--format", "json")
    assert [row["id"] for row in json.loads(listed.stdout)] == [12]


def test_a_return_sends_the_task_back_and_keeps_the_stamp(
    invoke: Invoke, repo: Path, report_file: Path
) -> None:
    done_with_evidence(invoke, repo, report_file)
    run(invoke, repo, "review", "12", "--role", "lead", "--by", "emergency", "--approve")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "done and approved by the lead unit")
    said = run(
        invoke,
        repo,
        "review",
        "12",
        "--role",
        "office",
        "--by",
        "专委办",
        "--return",
        "--reason",
        "缺少化工园区名单",
    )
    assert said == "task 12: returned by 省危化安全专委办: 缺少化工园区名单\n"
    lines = diff_lines(repo)
    assert lines[:3] == [
        "-    status: done         # owner: hazchem section",
        "-    done_on: 2022-11-20",
        "+    status: in_progress  # owner: hazchem section",
    ]
    assert "+        decision: return" in lines
    assert "+        reason: 缺少化工园区名单" in lines
    assert lines[-4:] == [
        "+    progress:",
        "+      - on: 2022-12-15",
        "+        by: 省危化安全专委办",
        "+        note: 退回（专委办核验）：缺少化工园区名单",
    ]
    check(invoke, repo, 0)
    # Reported again: the lead unit's approval before the return no longer counts.
    run(invoke, repo, "done", "12", "--on", "2022-12-15")
    office = ("review", "12", "--role", "office", "--by", "专委办", "--approve")
    assert "no lead approval yet" in run(invoke, repo, *office, code=1)
    run(invoke, repo, "review", "12", "--role", "lead", "--by", "emergency", "--approve")
    run(invoke, repo, *office)
    check(invoke, repo, 0)


def test_a_hand_edit_of_a_closed_tasks_text_is_caught_by_check(
    invoke: Invoke, repo: Path, report_file: Path
) -> None:
    close_task_12(invoke, repo, report_file)
    path = repo / "tasks.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("明确准入标准，", "明确准入标准（试行），"), encoding="utf-8")
    found = check(invoke, repo, 1)
    fingerprint_line = line_of(repo, "fingerprint:")
    assert found == [
        f"tasks.yaml:{fingerprint_line}:22: signed by 省应急管理厅 on 2022-12-10; changed since "
        "(text, units, deadline, completion or evidence): have it reviewed again "
        "(hazchem review) or undo the change",
        f"tasks.yaml:{fingerprint_line + 5}:22: signed by 省危化安全专委办 on 2022-12-12; "
        "changed since (text, units, deadline, completion or evidence): have it reviewed "
        "again (hazchem review) or undo the change",
    ]
    # A progress note or a reformatted line changes no meaning and voids nothing.
    path.write_text(text, encoding="utf-8")
    run(invoke, repo, "note", "12", "已在全省推广", "--by", "emergency")
    check(invoke, repo, 0)


def test_a_changed_or_missing_evidence_file_is_caught_by_check(
    invoke: Invoke, repo: Path, report_file: Path
) -> None:
    close_task_12(invoke, repo, report_file)
    copy = repo / "evidence" / "12" / "分类入园意见.pdf"
    copy.write_bytes(REPORT + b"tampered")
    assert check(invoke, repo, 1) == [
        f"tasks.yaml:{line_of(repo, 'sha256:')}:17: evidence file evidence/12/分类入园意见.pdf "
        "has changed (its SHA-256 differs from the record); restore the original, or add "
        "it again as new evidence and have it reviewed again"
    ]
    copy.unlink()
    assert check(invoke, repo, 1) == [
        f"tasks.yaml:{line_of(repo, 'path: evidence')}:15: evidence file "
        "evidence/12/分类入园意见.pdf is missing; restore it, or remove this record"
    ]


def task_12(repo: Path) -> Task:
    dataset = load_dataset(find_data(repo, None), TODAY)
    return next(task for task in dataset.task_file.tasks if task.id == 12)


def close_task_12(invoke: Invoke, repo: Path, report_file: Path) -> None:
    done_with_evidence(invoke, repo, report_file)
    lead = ("review", "12", "--role", "lead", "--by", "emergency", "--approve")
    run(invoke, repo, *lead, "--on", "2022-12-10")
    office = ("review", "12", "--role", "office", "--by", "专委办", "--approve")
    run(invoke, repo, *office, "--on", "2022-12-12")
    check(invoke, repo, 0)


# --- evidence added later ------------------------------------------------------------------


def test_evidence_add_records_files_under_readable_names(
    invoke: Invoke, repo: Path, tmp_path: Path
) -> None:
    first = tmp_path / "a" / "照片 1.jpg"
    second = tmp_path / "b" / "照片 1.jpg"
    for path, content in ((first, b"one"), (second, b"two")):
        path.parent.mkdir()
        path.write_bytes(content)
    said = run(invoke, repo, "evidence", "add", "12", str(first), str(second), "--by", "经信厅")
    assert said == "task 12: 2 evidence item(s) added\n"
    assert (repo / "evidence" / "12" / "照片 1.jpg").read_bytes() == b"one"
    assert (repo / "evidence" / "12" / "照片 1-2.jpg").read_bytes() == b"two"
    text = tasks_bytes(repo).decode()
    assert "        path: evidence/12/照片 1-2.jpg\n" in text
    assert "        by: 省经信厅\n" in text
    check(invoke, repo, 0)
    said = run(invoke, repo, "evidence", "add", "12", str(first), code=1)
    assert "already records evidence with the same content (照片 1)" in said


def test_evidence_added_after_a_lead_approval_would_void_it_and_is_refused(
    invoke: Invoke, repo: Path, report_file: Path, tmp_path: Path
) -> None:
    done_with_evidence(invoke, repo, report_file)
    run(invoke, repo, "review", "12", "--role", "lead", "--by", "emergency", "--approve")
    before = tasks_bytes(repo)
    extra = tmp_path / "补充.pdf"
    extra.write_bytes(b"more")
    said = run(invoke, repo, "evidence", "add", "12", str(extra), code=1)
    assert "not written: after this edit, signed by 省应急管理厅 on 2022-12-15; changed" in said
    assert tasks_bytes(repo) == before
    assert not (repo / "evidence" / "12" / "补充.pdf").exists()


# --- bad input: a clear error, and nothing changes ------------------------------------------


@pytest.fixture
def done_repo(invoke: Invoke, repo: Path, report_file: Path) -> Path:
    done_with_evidence(invoke, repo, report_file)
    return repo


def _unchanged(invoke: Invoke, repo: Path, args: tuple[str, ...], code: int) -> str:
    before = tasks_bytes(repo)
    files_before = sorted(p.relative_to(repo) for p in repo.rglob("*") if ".git" not in p.parts)
    said = run(invoke, repo, *args, code=code)
    assert tasks_bytes(repo) == before
    assert sorted(p.relative_to(repo) for p in repo.rglob("*") if ".git" not in p.parts) == (
        files_before
    )
    return said


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--role", "lead", "--by", "发展改革委", "--approve"), 1, "is not a lead unit of task 12"),
        (("--role", "office", "--by", "emergency", "--approve"), 1, "is not this list's office"),
        (("--role", "office", "--by", "专委办", "--approve"), 1, "no lead approval yet"),
        (("--role", "lead", "--by", "emergency", "--return"), 2, "a return needs --reason"),
        (("--role", "lead", "--by", "emergency"), 2, "say --approve, or --return"),
        (("--role", "lead", "--by", "nobody", "--approve"), 2, "unknown agency 'nobody'"),
        (
            ("--role", "lead", "--by", "emergency", "--approve", "--on", "2022-11-19"),
            1,
            "a review on 2022-11-19 comes before the completion on 2022-11-20",
        ),
    ],
)
def test_review_refuses(
    invoke: Invoke, done_repo: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    assert message in _unchanged(invoke, done_repo, ("review", "12", *args), code)


def test_approving_twice_is_refused(invoke: Invoke, done_repo: Path) -> None:
    lead = ("review", "12", "--role", "lead", "--by", "emergency", "--approve")
    run(invoke, done_repo, *lead)
    said = _unchanged(invoke, done_repo, lead, 1)
    assert "省应急管理厅 already approved task 12 as lead unit on 2022-12-15" in said


def test_reviewing_a_task_that_is_not_done_is_refused(invoke: Invoke, repo: Path) -> None:
    said = _unchanged(
        invoke, repo, ("review", "12", "--role", "lead", "--by", "emergency", "--approve"), 1
    )
    assert "task 12 is not done (it is not started)" in said


def test_closing_without_evidence_is_refused(invoke: Invoke, repo: Path) -> None:
    run(invoke, repo, "done", "12", "--on", "2022-11-20")
    run(invoke, repo, "review", "12", "--role", "lead", "--by", "emergency", "--approve")
    said = _unchanged(
        invoke, repo, ("review", "12", "--role", "office", "--by", "专委办", "--approve"), 1
    )
    assert "task 12 has no evidence and cannot be closed" in said


def test_a_signed_task_is_not_reopened_behind_the_reviewers_back(
    invoke: Invoke, done_repo: Path
) -> None:
    run(invoke, done_repo, "review", "12", "--role", "lead", "--by", "emergency", "--approve")
    said = _unchanged(invoke, done_repo, ("reopen", "12", "--reason", "x"), 1)
    assert "a reviewed completion goes back by a return" in said


def test_evidence_that_does_not_exist_or_is_a_folder_is_a_command_line_error(
    invoke: Invoke, repo: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.pdf"
    said = _unchanged(invoke, repo, ("evidence", "add", "12", str(missing)), 2)
    assert f"evidence {missing} not found" in said
    said = _unchanged(invoke, repo, ("done", "12", "--evidence", str(tmp_path)), 2)
    assert f"{tmp_path} is a folder" in said


def test_a_link_leading_out_of_the_repository_is_refused(
    invoke: Invoke, repo: Path, report_file: Path
) -> None:
    link = repo / "report.pdf"
    link.symlink_to(report_file)
    said = _unchanged(invoke, repo, ("evidence", "add", "12", str(link)), 2)
    assert "is a link to a place outside the repository" in said


def test_a_file_over_the_size_limit_is_refused_with_advice(
    invoke: Invoke, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("hazchem_cli.edit.evidence.MAX_EVIDENCE_BYTES", 1024 * 1024)
    big = tmp_path / "scan.pdf"
    big.write_bytes(b"\0" * (1024 * 1024 + 1))
    said = _unchanged(invoke, repo, ("evidence", "add", "12", str(big)), 1)
    assert "is 1.0 MiB, over the 1.0 MiB limit; keep large files in git LFS" in said


def test_a_failed_edit_removes_the_copies_it_made(
    invoke: Invoke, repo: Path, report_file: Path
) -> None:
    # Task 12 cannot be done tomorrow: the edit is refused after the file was planned.
    said = _unchanged(
        invoke, repo, ("done", "12", "--on", "2022-12-16", "--evidence", str(report_file)), 1
    )
    assert "after today" in said
    assert not (repo / "evidence").exists()


# --- ongoing tasks: stage reviews, never closed ---------------------------------------------


def test_an_ongoing_task_gets_a_stage_review_that_keeps_it_from_going_stale(
    invoke: Invoke, repo: Path
) -> None:
    stale = invoke("list", "--level", "stale", "--data", str(repo), "--format", "json")
    assert 8 in [row["id"] for row in json.loads(stale.stdout)]
    said = run(invoke, repo, "review", "8", "--role", "lead", "--by", "emergency", "--approve")
    assert said == "task 8: stage review by 省应急管理厅\n"
    assert "        decision: stage\n" in tasks_bytes(repo).decode()
    stale = invoke("list", "--level", "stale", "--data", str(repo), "--format", "json")
    assert 8 not in [row["id"] for row in json.loads(stale.stdout)]
    said = _unchanged(
        invoke,
        repo,
        ("review", "8", "--role", "lead", "--by", "emergency", "--return", "--reason", "x"),
        1,
    )
    assert "task 8 is ongoing and is not returned" in said


# --- hand edits held to the same rules ------------------------------------------------------


def _hand_edit(repo: Path, old: str, new: str) -> None:
    path = repo / "tasks.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_check_finds_a_closed_task_without_evidence_or_approvals(
    invoke: Invoke, repo: Path
) -> None:
    _hand_edit(
        repo,
        "    status: not_started  # owner: hazchem section\n",
        "    status: closed  # owner: hazchem section\n    done_on: 2022-11-20\n",
    )
    line = line_of(repo, "status: closed")
    assert check(invoke, repo, 1) == [
        f"tasks.yaml:{line}:13: closed without evidence; add it with hazchem evidence add",
        f"tasks.yaml:{line}:13: closed without the approval of: lead unit、office",
    ]


def test_check_finds_stamps_that_may_not_stand(
    invoke: Invoke, repo: Path, report_file: Path
) -> None:
    close_task_12(invoke, repo, report_file)
    _hand_edit(
        repo, "        by: 省应急管理厅\n        decision", "        by: 省经信厅\n        decision"
    )
    _hand_edit(repo, "      - on: 2022-12-12\n", "      - on: 2022-11-01\n")
    found = "\n".join(check(invoke, repo, 1))
    assert "省经信厅 is not a lead unit of task 12 and may not sign as lead" in found
    assert "review dated 2022-11-01, before the completion it reviews (done_on 2022-11-20)" in (
        found
    )


def test_check_warns_of_an_extension_asked_for_after_the_deadline(
    invoke: Invoke, repo: Path
) -> None:
    run(
        invoke,
        repo,
        "extend",
        "11",
        "--to",
        "2023年3月",
        "--reason",
        "扩大范围",
        "--approved-by",
        "省安委办",
        "--on",
        "2022-10-15",
    )
    result = invoke("check", "--data", str(repo))
    assert result.exit_code == 0
    line = line_of(repo, "- on: 2022-10-15", after="  - id: 11\n")
    assert check(invoke, repo, 0) == [
        f"tasks.yaml:{line}:13: warning: extension requested late (超期申请): granted on "
        "2022-10-15, 15 days after the deadline it extends (2022-09-30) had passed"
    ]
    assert "1 warning(s)" in result.stderr


def test_messages_are_chinese_where_no_locale_says_otherwise(
    invoke: Invoke, done_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LANG")
    said = run(
        invoke, done_repo, "review", "12", "--role", "lead", "--by", "经信厅", "--approve", code=1
    )
    assert "省经信厅 不是任务 12 的牵头单位，不能作牵头单位审核；牵头单位：省应急管理厅" in said


# --- the fingerprint hashes meaning, not bytes ----------------------------------------------


def _task(**changes: object) -> Task:
    base: dict[str, object] = {
        "id": 12,
        "measure": "防范建设项目安全风险",
        "task": "制定意见",
        "lead": ["省应急管理厅"],
        "deadline": "2022年10月",
        "status": "done",
        "done_on": dt.date(2022, 11, 20),
    }
    return Task.model_validate({**base, **changes})


def test_the_fingerprint_ignores_notes_and_closing_and_sees_everything_else() -> None:
    plain = task_fingerprint(_task())
    note = ProgressNote(on=dt.date(2022, 12, 1), by="省应急管理厅", note="已推广")
    assert task_fingerprint(_task(progress=[note])) == plain
    assert task_fingerprint(_task(status=Status.CLOSED)) == plain
    evidence = Evidence(
        on=dt.date(2022, 11, 20), by="省应急管理厅", title="t", url="https://example.org/a"
    )
    for changed in (
        _task(task="制定意见。"),
        _task(lead=["省经信厅"]),
        _task(deadline="2022年11月"),
        _task(done_on=dt.date(2022, 11, 21)),
        _task(evidence=[evidence]),
        _task(status="in_progress", done_on=None),
    ):
        assert task_fingerprint(changed) != plain
    assert len(plain) == 64


def test_the_repository_root_is_found_without_git(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "data").mkdir()
    assert evidence_files.repository_root(tmp_path / "data" / "tasks.yaml") == tmp_path.resolve()


# --- what the queries say -------------------------------------------------------------------


def test_summary_counts_waits_by_who_must_act_and_closed_tasks_apart(
    invoke: Invoke, repo: Path, report_file: Path, tmp_path: Path
) -> None:
    done_with_evidence(invoke, repo, report_file)  # task 12, done 2022-11-20
    run(invoke, repo, "done", "13", "--on", "2022-12-01")
    run(invoke, repo, "review", "13", "--role", "lead", "--by", "emergency", "--approve",
        "--on", "2022-12-05")  # fmt: skip
    board = json.loads(
        invoke("summary", "--data", str(repo), "--format", "json", "--as-of", "2022-12-15").stdout
    )
    assert board["closeout"] == [
        {"closeout_stage": "awaiting review (lead unit)", "count": 1},
        {"closeout_stage": "awaiting review (office)", "count": 1},
        {"closeout_stage": "closed", "count": 0},
    ]
    waits = [
        (row["id"], row["role"], row["closeout_units"], row["closeout_since"], row["days_waiting"])
        for row in board["awaiting_review"]
    ]
    assert waits == [
        ("12", "lead", ["省应急管理厅"], "2022-11-20", 25),
        ("13", "office", ["省危化安全专委办"], "2022-12-05", 10),
    ]
    # Judged before the lead unit's review, task 13 was still waiting for it.
    earlier = json.loads(
        invoke("summary", "--data", str(repo), "--format", "json", "--as-of", "2022-12-02").stdout
    )
    assert [row["role"] for row in earlier["awaiting_review"]] == ["lead", "lead"]
    listed = invoke("list", "--status", "已办结", "--data", str(repo), "--format", "json")
    assert [row["id"] for row in json.loads(listed.stdout)] == [12, 13]


def test_show_lists_evidence_and_stamps(invoke: Invoke, repo: Path, report_file: Path) -> None:
    close_task_12(invoke, repo, report_file)
    shown = json.loads(invoke("show", "12", "--data", str(repo), "--format", "json").stdout)
    assert [item["evidence_where"] for item in shown["evidence"]] == [
        "evidence/12/分类入园意见.pdf",
        "https://yjt.zj.gov.cn/art/2022/11/20/1.html",
    ]
    assert shown["evidence"][0]["sha256"] == hashlib.sha256(REPORT).hexdigest()
    assert [(s["role"], s["decision"], s["signoff_standing"]) for s in shown["signoffs"]] == [
        ("lead", "approve", "in force"),
        ("office", "approve", "in force"),
    ]
    assert shown["status"] == "closed"
    table = invoke("show", "12", "--data", str(repo), "--lang", "zh").stdout
    assert "佐证材料" in table and "审核签章" in table and "已销号" in table


def test_diff_lists_evidence_stamps_returns_and_the_approvals_a_return_voids(
    invoke: Invoke, repo: Path, report_file: Path
) -> None:
    done_with_evidence(invoke, repo, report_file)
    run(invoke, repo, "review", "12", "--role", "lead", "--by", "emergency", "--approve")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "done and approved")
    office = ("review", "12", "--role", "office", "--by", "专委办")
    run(invoke, repo, *office, "--return", "--reason", "缺少园区名单")
    result = invoke("diff", "--data", str(repo), "--format", "json")
    changes = json.loads(result.stdout)["changes"]
    assert [(c["kind"], c["attention"]) for c in changes] == [
        ("status_changed", False),
        ("progress_added", False),
        ("task_returned", False),
        ("signoff_voided", False),
    ]
    assert changes[2]["after"] == "缺少园区名单"
    assert changes[3]["entry"]["by"] == "省应急管理厅"
    git(repo, "checkout", "--quiet", "tasks.yaml")
    run(invoke, repo, "evidence", "add", "12", "https://example.org/more", code=1)  # voids
    since_start = invoke("diff", "HEAD~1", "--data", str(repo), "--format", "md").stdout
    assert (
        "- **Task 12** — evidence added: 2022-11-20 省应急管理厅: 分类入园意见 (evidence/12/"
        in (since_start)
    )
    assert "- **Task 12** — sign-off added: 2022-12-15 省应急管理厅 (lead unit): approved" in (
        since_start
    )


def test_the_briefing_has_a_section_of_tasks_waiting_for_sign_off(
    invoke: Invoke, repo: Path, report_file: Path
) -> None:
    done_with_evidence(invoke, repo, report_file)
    args = ("report", "--data", str(repo), "--as-of", "2022-12-15", "--lang")
    html = invoke(*args, "zh", "--format", "html").stdout
    waiting = html[html.index('<section id="awaiting-review">') :]
    waiting = waiting[: waiting.index("</section>")]
    assert "<h2>待审核的办结任务</h2>" in waiting
    assert "省应急管理厅" in waiting and "2022-11-20" in waiting and ">25<" in waiting
    assert '<section id="closeout">' in html
    markdown = invoke(*args, "en", "--format", "md").stdout
    assert "## Completed tasks awaiting sign-off" in markdown
    assert "| awaiting review (lead unit) | 1 |" in markdown


def test_fmt_puts_evidence_and_stamps_in_canonical_order(
    invoke: Invoke, repo: Path, report_file: Path
) -> None:
    done_with_evidence(invoke, repo, report_file)
    run(invoke, repo, "review", "12", "--role", "lead", "--by", "emergency", "--approve")
    canonical = tasks_bytes(repo)
    _hand_edit(
        repo,
        "      - on: 2022-12-15\n        role: lead\n",
        "      - role: lead\n        on: '2022-12-15'\n",
    )
    _hand_edit(repo, "        title: 分类入园意见\n", "")
    _hand_edit(repo, "      - on: 2022-11-20\n        by: 省应急管理厅\n        path:",
               "      - title: 分类入园意见\n        on: 2022-11-20\n        by: 省应急管理厅\n        path:")  # fmt: skip
    check(invoke, repo, 0)
    assert invoke("fmt", "--check", "--data", str(repo)).exit_code == 1
    assert invoke("fmt", "--data", str(repo)).exit_code == 0
    assert tasks_bytes(repo) == canonical


def test_check_refuses_to_see_an_ongoing_task_closed(invoke: Invoke, repo: Path) -> None:
    text = tasks_bytes(repo).decode()
    start = text.index("  - id: 8\n")
    end = text.index("  - id: 9\n")
    block = text[start:end].replace(
        "    status: not_started\n", "    status: closed\n    done_on: 2022-11-01\n"
    )
    (repo / "tasks.yaml").write_text(text[:start] + block + text[end:], encoding="utf-8")
    found = check(invoke, repo, 1)
    assert found[0].endswith(
        "an ongoing task (持续推进) is never closed, only reviewed in stages; set status to "
        "in_progress or done"
    )


def test_the_office_can_be_named_in_the_header(invoke: Invoke, done_repo: Path) -> None:
    _hand_edit(
        done_repo, "issued_by: 省危化安全专委办\n", "issued_by: 省危化安全专委办\noffice: 安委办\n"
    )
    assert check(invoke, done_repo, 1) == [
        "tasks.yaml:6:9: '安委办' is another name for 省安委办; write the full name 省安委办"
    ]
    _hand_edit(done_repo, "office: 安委办\n", "office: 省安委办\n")
    run(invoke, done_repo, "review", "12", "--role", "lead", "--by", "emergency", "--approve")
    office = ("review", "12", "--role", "office", "--approve", "--by")
    assert "is not this list's office (省安委办)" in run(
        invoke, done_repo, *office, "专委办", code=1
    )
    run(invoke, done_repo, *office, "安委办")
    check(invoke, done_repo, 0)


def test_the_briefing_counts_the_days_overdue_before_a_late_extension(
    invoke: Invoke, repo: Path
) -> None:
    run(
        invoke,
        repo,
        "extend",
        "11",
        "--to",
        "2023年3月",
        "--reason",
        "扩大范围",
        "--approved-by",
        "省安委办",
        "--on",
        "2022-10-15",
    )
    args = ("report", "--data", str(repo), "--as-of", "2022-12-15", "--format", "md", "--lang")
    markdown = invoke(*args, "en").stdout
    part = markdown[markdown.index("## Extensions asked for late") :]
    assert "| 11 |" in part and "| 2022-09-30 | 2022-10-15 | 15 | 2023年3月 |" in part
    before = invoke("report", "--data", str(repo), "--as-of", "2022-10-14", "--format", "md").stdout
    assert "Extensions asked for late" not in before


def test_check_finds_an_approval_twice_and_an_office_approval_without_a_lead_one(
    invoke: Invoke, repo: Path, report_file: Path
) -> None:
    close_task_12(invoke, repo, report_file)
    text = tasks_bytes(repo).decode()
    start = text.index("    signoffs:\n") + len("    signoffs:\n")
    lead_stamp = text[start : text.index("      - on: 2022-12-12\n")]
    (repo / "tasks.yaml").write_text(text[:start] + lead_stamp + text[start:], encoding="utf-8")
    assert any("approved twice: 省应急管理厅 already approved on 2022-12-10" in line
               for line in check(invoke, repo, 1))  # fmt: skip
    (repo / "tasks.yaml").write_text(text.replace(lead_stamp, ""), encoding="utf-8")
    found = check(invoke, repo, 1)
    assert any("an office approval needs a lead approval before it" in line for line in found)
    assert any("closed without the approval of: lead unit" in line for line in found)


def test_reporting_again_after_a_return_does_not_record_the_same_file_twice(
    invoke: Invoke, done_repo: Path, report_file: Path
) -> None:
    run(invoke, done_repo, "review", "12", "--role", "lead", "--by", "emergency",
        "--return", "--reason", "缺少名单")  # fmt: skip
    again = ("done", "12", "--evidence", str(report_file))
    assert "already records evidence with the same content (分类入园意见)" in _unchanged(
        invoke, done_repo, again, 1
    )
