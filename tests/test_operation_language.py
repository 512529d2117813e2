"""The operations speak the user's language: Chinese with no locale, English with ``--lang en``.

Each command family runs once in each language, on a repository of its own. The words
change; the exit code, what is written and the JSON keys do not.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from hazchem_cli.cli import common
from tests.conftest import SOURCE, Invoke
from tests.gitrepo import commit, make_repo

TODAY = dt.date(2022, 12, 15)
AS_OF = ("--as-of", "2022-12-01")


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "today", lambda: TODAY)


@dataclass(frozen=True)
class Said:
    """One run: its exit code, stdout and stderr, with the repository's path as ``<repo>``."""

    code: int
    out: str
    err: str
    tasks: bytes


def run_in(invoke: Invoke, repo: Path, args: tuple[str, ...], lang: str) -> Said:
    extra = ("--lang", "en") if lang == "en" else ()
    result = invoke(*args, "--data", str(repo), *extra)

    def shown(text: str) -> str:
        return text.replace(str(repo), "<repo>")

    tasks = (repo / "tasks.yaml").read_bytes()
    return Said(result.exit_code, shown(result.stdout), shown(result.stderr), tasks)


def in_both(
    invoke: Invoke, tmp_path: Path, *args: str, setup: tuple[tuple[str, ...], ...] = ()
) -> tuple[Said, Said]:
    """``args`` run on two identical repositories, in Chinese (the default) and in English."""
    said = []
    for lang in ("zh", "en"):
        repo = make_repo(tmp_path / lang)
        for step in setup:
            assert invoke(*step, "--data", str(repo)).exit_code == 0
        said.append(run_in(invoke, repo, args, lang))
    zh, en = said
    assert zh.code == en.code
    assert zh.tasks == en.tasks  # the language never changes what is written
    return zh, en


DONE_12 = ("done", "12", "--on", "2022-11-20")
EXTEND_13 = ("extend", "13", "--to", "2023年6月", "--reason", "因故", "--on", "2022-10-25")

EDITS = [
    pytest.param(
        (),
        ("start", "11"),
        0,
        "任务 11：进行中（原为未开始）",
        "task 11: in progress (was not started)",
        id="start",
    ),
    pytest.param(
        (("start", "11"),),
        ("start", "11"),
        0,
        "任务 11：已在进行中；未作改动",
        "task 11: already in progress; nothing changed",
        id="start-again",
    ),
    pytest.param(
        (),
        ("note", "12", "已起草", "--by", "应急厅", "--on", "2022-10-20"),
        0,
        "任务 12：新增进展（省应急管理厅，2022-10-20）",
        "task 12: note by 省应急管理厅 on 2022-10-20",
        id="note",
    ),
    pytest.param(
        (),
        DONE_12,
        0,
        "任务 12：已于 2022-11-20 完成",
        "task 12: done on 2022-11-20",
        id="done",
    ),
    pytest.param(
        (),
        (*DONE_12, "--note", "已印发", "--by", "应急厅"),
        0,
        "任务 12：已于 2022-11-20 完成；新增进展（省应急管理厅）",
        "task 12: done on 2022-11-20; note by 省应急管理厅",
        id="done-with-note",
    ),
    pytest.param(
        (DONE_12,),
        ("done", "12", "--on", "2022-11-25"),
        1,
        "hazchem：错误：任务 12 已是“已办结”状态（2022-11-20）；要记录别的日期，请先重新打开："
        "hazchem reopen 12 --reason 理由",
        "hazchem: error: task 12 is already done (on 2022-11-20); to record another date, "
        "reopen it first: hazchem reopen 12 --reason TEXT",
        id="done-twice",
    ),
    pytest.param(
        (),
        ("done", "12", "--by", "应急厅"),
        2,
        "hazchem：错误：--by 指的是报送 --note 或 --evidence 的单位；请同时给出 --note 或 --evidence",
        "hazchem: error: --by names who reports the --note or --evidence; give --note or "
        "--evidence too",
        id="done-by-alone",
    ),
    pytest.param(
        (DONE_12,),
        ("reopen", "12", "--reason", "需补充材料"),
        0,
        "任务 12：已重新打开（原于 2022-11-20 完成）；理由已由 省应急管理厅 记入进展",
        "task 12: reopened (was done on 2022-11-20); reason noted by 省应急管理厅",
        id="reopen",
    ),
    pytest.param(
        (),
        ("reopen", "13", "--reason", "x"),
        1,
        "hazchem：错误：任务 13 尚未完成（现为“未开始”）；只有已办结的任务才能重新打开",
        "hazchem: error: task 13 is not done (it is not started); only a done task can be reopened",
        id="reopen-not-done",
    ),
    pytest.param(
        (),
        (*EXTEND_13, "--approved-by", "安委办"),
        0,
        "任务 13：完成时限由 2022年6月 延期至 2023年6月（2022-10-25 批准）",
        "task 13: deadline extended from 2022年6月 to 2023年6月 (on 2022-10-25)",
        id="extend",
    ),
    pytest.param(
        (DONE_12,),
        ("extend", "12", "--to", "2023年6月", "--reason", "因故", "--approved-by", "安委办"),
        1,
        "hazchem：错误：任务 12 已是“已办结”状态（2022-11-20）；请先重新打开，再延期",
        "hazchem: error: task 12 is done (on 2022-11-20); reopen it before extending its deadline",
        id="extend-done",
    ),
    pytest.param(
        (),
        ("note", "12", "已起草", "--by", "应急厅", "--on", "2022-12-20"),
        1,
        "hazchem：错误：进展记录的日期不能是 2022-12-20：晚于今天（2022-12-15）",
        "hazchem: error: a note cannot be dated 2022-12-20: that is after today (2022-12-15)",
        id="note-after-today",
    ),
    pytest.param(
        (),
        ("note", "12", "  ", "--by", "应急厅"),
        2,
        "hazchem：错误：内容为空；请写明做了什么",
        "hazchem: error: the text is empty; say what happened",
        id="note-empty",
    ),
    pytest.param(
        (),
        ("start", "99"),
        2,
        "hazchem：错误：<repo>/tasks.yaml 中没有任务 99；任务编号为 1 至 50",
        "hazchem: error: no task 99 in <repo>/tasks.yaml; ids run from 1 to 50",
        id="no-such-task",
    ),
    pytest.param(
        (),
        ("fmt", "--check"),
        0,
        "通过：<repo>/agencies.yaml, <repo>/tasks.yaml 格式规范",
        "ok: <repo>/agencies.yaml, <repo>/tasks.yaml are canonical",
        id="fmt",
    ),
    pytest.param(
        (DONE_12,),
        ("review", "12", "--role", "lead", "--by", "应急厅"),
        2,
        "hazchem：错误：请写 --approve（通过），或 --return --reason 理由（退回），二者选一",
        "hazchem: error: say --approve, or --return with --reason TEXT (one of the two)",
        id="review-neither",
    ),
]


@pytest.mark.parametrize(("setup", "args", "code", "chinese", "english"), EDITS)
def test_an_edit_says_what_it_did_or_refused_in_the_users_language(
    invoke: Invoke,
    tmp_path: Path,
    setup: tuple[tuple[str, ...], ...],
    args: tuple[str, ...],
    code: int,
    chinese: str,
    english: str,
) -> None:
    zh, en = in_both(invoke, tmp_path, *args, setup=setup)

    assert zh.code == code
    assert (zh.out, en.out) == ("", "")
    assert zh.err == chinese + "\n"
    assert en.err == english + "\n"


def test_evidence_with_one_title_for_two_files_is_refused_in_both(
    invoke: Invoke, tmp_path: Path
) -> None:
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.4\n")
    files = (str(tmp_path / "a.pdf"), str(tmp_path / "b.pdf"))

    zh, en = in_both(invoke, tmp_path, "evidence", "add", "12", *files, "--title", "方案")

    assert zh.code == 2
    assert zh.err == "hazchem：错误：--title 是一份佐证材料的标题；与它一起只能给一个文件或链接\n"
    assert en.err == (
        "hazchem: error: --title names one piece of evidence; give one file or link with it\n"
    )


# Refusals worded by the data rules: the frame and the exit code are the operation's.


@pytest.mark.parametrize(
    ("setup", "args", "code", "english"),
    [
        pytest.param(
            (("note", "12", "已起草", "--by", "应急厅", "--on", "2022-10-20"),),
            ("done", "12", "--on", "2022-10-01"),
            1,
            "task 12 cannot be done on 2022-10-01: its progress note of 2022-10-20 is later",
            id="done-before-the-latest-note",
        ),
        pytest.param(
            (),
            ("extend", "12", "--to", "2023年1月", "--reason", "x", "--on", "2022-12-01"),
            1,
            "an extension needs approved_by",
            id="extend-without-approved-by",
        ),
        pytest.param(
            (), ("overdue", "--agency", "不存在", *AS_OF), 2, "'不存在'", id="unknown-agency"
        ),
    ],
)
def test_a_refusal_by_the_rules_is_framed_in_the_users_language(
    invoke: Invoke,
    tmp_path: Path,
    setup: tuple[tuple[str, ...], ...],
    args: tuple[str, ...],
    code: int,
    english: str,
) -> None:
    zh, en = in_both(invoke, tmp_path, *args, setup=setup)

    assert zh.code == code
    assert zh.err.startswith("hazchem：错误：") and zh.err.count("\n") == 1
    assert en.err.startswith("hazchem: error: ") and english in en.err
    assert (zh.out, en.out) == ("", "")


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        pytest.param(
            ("overdue", "--as-of", "7月1日"),
            "hazchem：错误：--as-of：“7月1日”不是日期；可以写：2022-07-01",
            "hazchem: error: --as-of: '7月1日' is not a date; use 2022-07-01",
            id="as-of",
        ),
        pytest.param(
            ("list", "--status", "完结", *AS_OF),
            "hazchem：错误：--status：'完结' 不可用；请写以下之一：未开始（not_started）、"
            "进行中（in_progress）、已办结（done）、已销号（closed）",
            "hazchem: error: --status: '完结' is not one of not_started (未开始)",
            id="status-word",
        ),
        pytest.param(
            ("list", "--ongoing", "--dated", *AS_OF),
            "hazchem：错误：--ongoing 与 --dated 不能同时使用；请只给其中一个",
            "hazchem: error: --ongoing and --dated exclude each other; give one",
            id="ongoing-and-dated",
        ),
        pytest.param(
            ("rounds", "--period", "fortnight", *AS_OF),
            "hazchem：错误：--period：'fortnight' 不可用；请写 week（按周）或 month（按月）",
            "hazchem: error: --period: 'fortnight' is not one of week, month",
            id="rounds",
        ),
        pytest.param(
            ("notices", "--format", "pdf", *AS_OF),
            "hazchem：错误：--format：'pdf' 不可用；请写 md、text 或 json",
            "hazchem: error: --format: 'pdf' is not one of md, text, json",
            id="notices",
        ),
        pytest.param(
            ("notices", "--dry-run", *AS_OF),
            "hazchem：错误：--dry-run 须与 --send 一起用：它显示将要发送的内容",
            "hazchem: error: --dry-run goes with --send: it shows what would be posted",
            id="notices-dry-run",
        ),
        pytest.param(
            ("calendar", "--remind", "1y", *AS_OF),
            "hazchem：错误：--remind：'1y' 不是提前时间；请写如 7d（7天）或 2w（2周），不提醒写 0",
            "hazchem: error: --remind: '1y' is not a lead time; write e.g. 7d or 2w, or 0 for "
            "no reminder",
            id="calendar",
        ),
        pytest.param(
            ("report", "-f", "md", "--since", "HEAD~1..HEAD", *AS_OF),
            "hazchem：错误：--since 'HEAD~1..HEAD'：请给一个版本（或一个日期），不要给范围",
            "hazchem: error: --since 'HEAD~1..HEAD': give one revision (or a day), not a range",
            id="report",
        ),
        pytest.param(
            ("sheet", "export"),
            "hazchem：错误：请用 --agency 单位 导出一个单位的表，或用 --all -o 文件夹 导出所有单位的表",
            "hazchem: error: give --agency UNIT for one sheet, or --all -o DIR for every unit's",
            id="sheet-export",
        ),
    ],
)
def test_a_command_line_mistake_is_explained_in_the_users_language(
    invoke: Invoke, tmp_path: Path, args: tuple[str, ...], chinese: str, english: str
) -> None:
    zh, en = in_both(invoke, tmp_path, *args)

    assert zh.code == en.code == 2
    assert zh.err.startswith(chinese)
    assert en.err.startswith(english)
    assert zh.err.count("\n") == en.err.count("\n") == 1


def test_a_revision_that_cannot_be_is_explained_in_the_users_language(
    invoke: Invoke, tmp_path: Path
) -> None:
    repo = make_repo(tmp_path / "repo")
    zh, en = (
        invoke("diff", *lang, "--data", str(repo), "--", "a..b..c")
        for lang in ((), ("--lang", "en"))
    )
    assert zh.exit_code == en.exit_code == 2
    assert zh.stderr == (
        "hazchem：错误：REV 'a..b..c'：只能给一个范围，写作 REV1..REV2 或 REV1...REV2\n"
    )
    assert en.stderr == "hazchem: error: REV 'a..b..c': give one range, REV1..REV2 or REV1...REV2\n"


def test_diff_between_two_revisions_speaks_both_and_keeps_its_json(
    invoke: Invoke, tmp_path: Path
) -> None:
    repo = make_repo(tmp_path / "repo")
    assert invoke("start", "11", "--data", str(repo)).exit_code == 0
    commit(repo, "task 11 started")

    def diff(*more: str) -> Said:
        return run_in(invoke, repo, ("diff", "HEAD~1..HEAD", *more), "zh")

    zh = diff()
    en = diff("--lang", "en")
    assert zh.code == en.code == 0
    assert "tasks.yaml 的变更：HEAD~1 → HEAD" in zh.out
    assert any(
        line.split() == ["任务", "11", "状态变更", "未开始", "进行中"]
        for line in zh.out.splitlines()
    )
    assert "Changes to tasks.yaml: HEAD~1 → HEAD" in en.out
    assert any(
        line.split() == ["Task", "11", "status", "changed", "not", "started", "in", "progress"]
        for line in en.out.splitlines()
    )
    zh_json, en_json = diff("-f", "json"), diff("-f", "json", "--lang", "en")
    assert zh_json.code == en_json.code == 0
    assert keys(json.loads(zh_json.out)) == keys(json.loads(en_json.out))


def test_log_speaks_both(invoke: Invoke, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    zh = run_in(invoke, repo, ("log", "12"), "zh")
    en = run_in(invoke, repo, ("log", "12"), "en")
    assert zh.code == en.code == 0
    assert zh.out.startswith("任务 12 的历史")
    assert en.out.startswith("History of task 12")
    missing = run_in(invoke, repo, ("log", "99"), "zh"), run_in(invoke, repo, ("log", "99"), "en")
    assert missing[0].code == missing[1].code == 2
    assert missing[0].err == "hazchem：错误：tasks.yaml 及其历史中都没有任务 99\n"
    assert missing[1].err == "hazchem: error: no task 99 in tasks.yaml or in its history\n"


def test_import_lists_its_changes_in_both(invoke: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "source.txt"
    shutil.copy(SOURCE, source)
    said = {}
    for lang in ("zh", "en"):
        out = tmp_path / lang
        extra = ("--lang", "en") if lang == "en" else ()
        first = invoke("import", str(source), "--data", str(out), *extra)
        again = invoke("import", str(source), "--data", str(out), *extra)
        said[lang] = first, again
        assert first.exit_code == again.exit_code == 0
    (zh, zh_again), (en, en_again) = said["zh"], said["en"]
    assert "任务 50：已添加" in zh.stdout.splitlines()
    assert "task 50: added" in en.stdout.splitlines()
    assert (tmp_path / "zh" / "tasks.yaml").read_bytes() == (
        tmp_path / "en" / "tasks.yaml"
    ).read_bytes()
    assert zh_again.stderr == "没有变化：文件已与源文件一致\n"
    assert en_again.stderr == "no changes: the files already hold the source\n"


def test_sheet_import_refuses_each_cell_in_the_users_language(
    invoke: Invoke, tmp_path: Path
) -> None:
    sheet = tmp_path / "省经信厅.xlsx"
    exported = make_repo(tmp_path / "source")
    result = invoke("sheet", "export", "--agency", "经信厅", "-o", str(sheet),
                    "--data", str(exported))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    book = load_workbook(sheet)
    book.worksheets[0]["I3"] = "=C3"  # a formula in an input cell
    book.worksheets[0]["I7"] = "已完成评估"
    book.worksheets[0]["N7"] = "下周一"  # a date nobody can read
    book.save(sheet)

    zh, en = in_both(invoke, tmp_path, "sheet", "import", str(sheet))

    assert zh.code == 1
    assert zh.err.splitlines()[:2] == [
        "省经信厅.xlsx!I3: 是公式（=C3）；请直接填写内容，不要使用公式",
        "省经信厅.xlsx!N7: “下周一”不是日期；请写成 2022-11-20 或 2022年11月20日",
    ]
    assert en.err.splitlines()[:2] == [
        "省经信厅.xlsx!I3: holds a formula (=C3); type the value itself",
        "省经信厅.xlsx!N7: '下周一' is not a date; write it as 2022-11-20",
    ]


def keys(value: Any) -> Any:
    """The shape of a JSON document: its keys, all the way down, without the values."""
    if isinstance(value, dict):
        return {key: keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [keys(item) for item in value]
    return None


@pytest.mark.parametrize(
    "args",
    [
        ("overdue", "-f", "json"),
        ("list", "-f", "json"),
        ("show", "12", "-f", "json"),
        ("agencies", "-f", "json"),
        ("summary", "-f", "json"),
        ("timeline", "-f", "json"),
        ("rounds", "-f", "json"),
        ("notices", "-f", "json"),
        ("log", "12", "-f", "json"),
    ],
)
def test_json_keys_and_exit_codes_do_not_change_with_the_language(
    invoke: Invoke, tmp_path: Path, args: tuple[str, ...]
) -> None:
    more = () if args[0] == "log" else AS_OF
    zh, en = in_both(invoke, tmp_path, *args, *more)

    assert zh.code == 0
    assert keys(json.loads(zh.out)) == keys(json.loads(en.out))
