"""``check`` speaks the users' language: Chinese by default, English with ``--lang en``.

Each rule gets a representative bad file; both languages must name the same place and
exit the same way, and JSON keys never change. No message is pydantic's own text.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import hazchem_cli
from hazchem_cli.i18n.catalogue import speaking
from hazchem_cli.i18n.language import Lang
from tests.conftest import Invoke
from tests.test_check import AS_OF, TASK, task_file

PROGRESS = "    progress:\n      - on: {on}\n        by: 省应急管理厅\n        note: 已部署\n"
EXTENSION = (
    '    extensions:\n      - on: {on}\n        to: "2022年9月"\n        reason: 延期\n'
    "{approved}    status: not_started\n"
)

#: (id, task file body, [(line:col, Chinese, English)], one case per rule.
CASES = [
    pytest.param(
        TASK.format(id=1).replace("    measure: 压实企业主体责任\n", ""),
        [
            (
                "5:5",
                "缺少必填项 measure：请在这里加一行“measure: …”，写上相应的文字",
                "missing required key 'measure': add a line \"measure: …\" here, with its text",
            )
        ],
        id="missing-key",
    ),
    pytest.param(
        TASK.format(id=1).replace("    status:", "    stauts:"),
        [
            (
                "12:5",
                "无法识别的项“stauts”；您是不是指 status？请改正拼写，或删去这一行",
                "unknown key 'stauts'; did you mean status? Correct the spelling, or remove "
                "the line",
            )
        ],
        id="unknown-key",
    ),
    pytest.param(
        TASK.format(id=1).replace("not_started", "finished"),
        [
            (
                "12:13",
                "status：这里不能写“finished”；请写以下之一：not_started（未开始）、"
                "in_progress（进行中）、done（已办结）、closed（已销号）",
                "status: 'finished' is not one of the words allowed here; write one of: "
                "not_started, in_progress, done, closed",
            )
        ],
        id="status-word",
    ),
    pytest.param(
        TASK.format(id=1) + PROGRESS.format(on="7月21日"),
        [
            (
                "14:13",
                "“7月21日”不是日期；请写成 2022-07-21（也可写 2022/7/21、2022.7.21 或 2022年7月21日）",
                "'7月21日' is not a date; write it as 2022-07-21 (2022/7/21, 2022.7.21 and "
                "2022年7月21日 are read too)",
            )
        ],
        id="date-form",
    ),
    pytest.param(
        TASK.format(id=1) + PROGRESS.format(on="2022-13-01"),
        [
            (
                "14:13",
                "“2022-13-01”中的月份 13 不存在；月份应在 1 到 12 之间",
                "month 13 does not exist in '2022-13-01'; months run from 1 to 12",
            )
        ],
        id="date-that-does-not-exist",
    ),
    pytest.param(
        TASK.format(id=1).replace('"2022年6月"', '"下个月"'),
        [
            (
                "11:15",
                "“下个月”不是完成时限；请写如 2022年11月、2022-11-30 或 持续推进",
                "'下个月' is not a deadline; write e.g. 2022年11月, 2022-11-30 or 持续推进 (ongoing)",
            )
        ],
        id="deadline",
    ),
    pytest.param(
        TASK.format(id=1).replace("      - 省应急管理厅", "      - 省应急管理局"),
        [
            (
                "9:9",
                "未知单位“省应急管理局”；您是不是指省应急管理厅或省市场监管局？"
                "请写 agencies.yaml 中的单位全称，或先在那里添加该单位",
                "unknown agency '省应急管理局'; did you mean 省应急管理厅 or 省市场监管局? "
                "Write a full name from agencies.yaml, or add the agency there",
            )
        ],
        id="unknown-agency",
    ),
    pytest.param(
        TASK.format(id=1).replace("      - 省应急管理厅", "      - 应急厅"),
        [
            (
                "9:9",
                "“应急厅”是省应急管理厅的别称；请写全称：省应急管理厅",
                "'应急厅' is another name for 省应急管理厅; write the full name 省应急管理厅",
            )
        ],
        id="short-agency-name",
    ),
    pytest.param(
        TASK.format(id=1) + TASK.format(id=1),
        [
            (
                "13:9",
                "任务编号 1 重复（清单中第 1 个任务也用了它）；请给这个任务改用下一个空闲编号 2",
                "duplicate task id 1 (task 1 in the list has it too); give this task the next "
                "free id, 2",
            )
        ],
        id="duplicate-id",
    ),
    pytest.param(
        TASK.format(id=1).replace(
            "    status: not_started\n", EXTENSION.format(on="2022-05-01", approved="")
        ),
        [
            (
                "13:13",
                "任务 1：延期须写明 approved_by（批准单位）：请加一行 approved_by: 写上批准单位的全称"
                "（用 hazchem extend --approved-by 单位 会自动写上）",
                "task 1: an extension needs approved_by, the agency that approved it: add a line "
                "approved_by: with its full name (hazchem extend --approved-by AGENCY writes it)",
            )
        ],
        id="extension-without-approver",
    ),
    pytest.param(
        TASK.format(id=1).replace(
            "    status: not_started\n",
            EXTENSION.format(on="2024-01-01", approved="        approved_by: 省安委办\n"),
        ),
        [
            (
                "13:13",
                "延期日期不能是 2024-01-01：晚于今天（2023-01-15）；请写批准延期的日期",
                "an extension cannot be dated 2024-01-01: that is after today (2023-01-15); "
                "write the day it was granted",
            )
        ],
        id="extension-in-the-future",
    ),
    pytest.param(
        TASK.format(id=1).replace("not_started", "done"),
        [
            (
                "12:13",
                "status 是 done，但缺少 done_on（办结日期）；请加一行 done_on: 写上实际办结的日期，"
                "如 done_on: 2022-07-21",
                "status is done but done_on is missing; add a line done_on: with the day the work "
                "ended, e.g. done_on: 2022-07-21",
            )
        ],
        id="done-without-day",
    ),
    pytest.param(
        TASK.format(id=1).replace("status: not_started", "status: closed\n    done_on: 2022-06-01"),
        [
            (
                "12:13",
                "已销号但没有佐证材料；用 hazchem evidence add 补充",
                "closed without evidence; add it with hazchem evidence add",
            ),
            (
                "12:13",
                "已销号但缺少审核通过：牵头单位、专委办",
                "closed without the approval of: lead unit、office",
            ),
        ],
        id="closed-without-evidence-or-approval",
    ),
]


def run_check(invoke: Invoke, data_dir: Path, *options: str) -> tuple[int, list[str]]:
    result = invoke("check", "--data", str(data_dir), "--as-of", AS_OF, *options)
    assert "Traceback" not in result.stderr
    prefix = f"{data_dir / 'tasks.yaml'}:"
    return result.exit_code, [line.removeprefix(prefix) for line in result.stdout.splitlines()]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_each_rule_speaks_chinese_by_default_and_english_when_asked(
    invoke: Invoke, data_dir: Path, body: str, expected: list[tuple[str, str, str]]
) -> None:
    task_file(data_dir, body)

    chinese = run_check(invoke, data_dir)
    english = run_check(invoke, data_dir, "--lang", "en")
    in_env = invoke("check", "--data", str(data_dir), "--as-of", AS_OF, env={"HAZCHEM_LANG": "en"})

    assert chinese == (1, [f"{place}: {zh}" for place, zh, _en in expected])
    assert english == (1, [f"{place}: {en}" for place, _zh, en in expected])
    assert in_env.exit_code == 1 and in_env.stdout.endswith(f"{expected[-1][2]}\n")


def test_json_keys_and_places_do_not_change_with_the_language(
    invoke: Invoke, data_dir: Path
) -> None:
    unknown = TASK.format(id=2).replace("      - 省应急管理厅", "      - 省应急管理局")
    task_file(data_dir, TASK.format(id=1).replace("not_started", "finished") + unknown)
    runs = [
        invoke("check", "--data", str(data_dir), "--as-of", AS_OF, "--format", "json", *lang)
        for lang in ((), ("--lang", "en"), ("--lang", "zh"))
    ]
    rows = [json.loads(run.stdout) for run in runs]

    assert [run.exit_code for run in runs] == [1, 1, 1]
    assert all(
        set(row) == {"path", "line", "col", "message", "detail"} for run in rows for row in run
    )
    places = [[(row["path"], row["line"], row["col"]) for row in run] for run in rows]
    assert places[0] == places[1] == places[2] and len(places[0]) == 2
    assert rows[0] == rows[2] and rows[0] != rows[1]
    assert rows[0][0]["message"].startswith("status：这里不能写“finished”")
    assert rows[1][0]["message"].startswith("status: 'finished' is not one of")


@pytest.mark.parametrize(
    ("args", "code", "chinese", "english"),
    [
        pytest.param(
            ("list", "--agency", "应急管里厅"),
            2,
            "未知单位“应急管里厅”；您是不是指省应急管理厅？运行 hazchem agencies 可查看全部单位",
            "unknown agency '应急管里厅'; did you mean 省应急管理厅? hazchem agencies lists "
            "every agency",
            id="unknown-agency",
        ),
        pytest.param(
            ("list", "--agency", "安全"),
            2,
            "“安全”可指多个单位：省危化安全专委办、省危化安全专委会成员单位、省安委办；"
            "请多写几个字，或写单位 id",
            "agency '安全' matches several agencies: 省危化安全专委办、省危化安全专委会成员单位、"
            "省安委办; give more of the name, or its id",
            id="ambiguous-agency",
        ),
        pytest.param(
            ("check", "--as-of", "2022-02-30"),
            2,
            "“2022-02-30”这一天不存在：2022-02 只有 28 天",
            "'2022-02-30' is not a real day: 2022-02 has 28 days",
            id="date-on-the-command-line",
        ),
        pytest.param(
            ("show", "99"),
            2,
            "没有任务 99；任务编号从 1 到 50",
            "no task 99; ids run from 1 to 50",
            id="no-such-task",
        ),
    ],
)
def test_command_line_mistakes_found_by_the_model_speak_both_languages(
    invoke: Invoke, args: tuple[str, ...], code: int, chinese: str, english: str
) -> None:
    zh = invoke(*args, "--as-of", "2022-12-01") if args[0] != "check" else invoke(*args)
    en = (
        invoke(*args, "--as-of", "2022-12-01", "--lang", "en")
        if args[0] != "check"
        else (invoke(*args, "--lang", "en"))
    )
    assert (zh.exit_code, en.exit_code) == (code, code)
    assert chinese in zh.stderr and english in en.stderr


#: pydantic's English, which no user should read (its messages and its error names).
PYDANTIC_PHRASES = (
    "Input should",
    "input should",
    "Field required",
    "field required",
    "input is too short",
    "String should",
    "should have at least",
    "Extra inputs",
    "Value error",
    "valid integer",
    "valid date",
    "valid dictionary",
    "valid string",
    "valid list",
    "instance of",
    "unable to parse",
)

#: Each breaks one kind of rule pydantic checks: every one must be told in our words.
BROKEN_TASKS = [
    ("    measure: 压实企业主体责任\n", ""),  # missing
    ("    measure: 压实企业主体责任\n", "    measure: 压实企业主体责任\n    colour: red\n"),
    ("    measure: 压实企业主体责任\n", "    measure: ''\n"),  # string_too_short
    ("    measure: 压实企业主体责任\n", "    measure:\n"),  # empty value
    ("    measure: 压实企业主体责任\n", "    measure: 12\n"),  # string_type
    ("    measure: 压实企业主体责任\n", "    measure: [a, b]\n"),
    ("  - id: 1\n", "  - id: x1\n"),  # int_parsing
    ("  - id: 1\n", "  - id: 0\n"),  # greater_than_equal
    ("  - id: 1\n", "  - id: 1.5\n"),  # int_from_float
    ("      - 省应急管理厅\n", "      - ''\n"),  # an empty list entry
    ("    lead:\n      - 省应急管理厅\n", "    lead: []\n"),  # too_short
    ("    lead:\n      - 省应急管理厅\n", "    lead: 省应急管理厅\n"),  # list_type
    ("status: not_started", "status: finished"),  # enum
    ("status: not_started", "status: not_started\n    open_list: boss"),  # literal_error
    ("status: not_started", "status: done\n    done_on: 2022-07-21 10:00:00"),  # datetime
    ("status: not_started", "status: done\n    done_on: 20220721"),  # a number
    ("status: not_started", "status: done\n    done_on: 2022-02-30"),
    ("status: not_started", "status: done\n    done_on: 86400"),  # not 1970-01-02
    ("status: not_started", "status: not_started\n    progress: [x]"),  # model_type
    ("status: not_started", "status: not_started\n    progress: x"),
    (
        "status: not_started",
        "status: not_started\n    signoffs:\n      - on: 2022-07-01\n        role: boss\n"
        "        by: 省应急管理厅\n        decision: ok\n        fingerprint: abc",
    ),
    (
        "status: not_started",
        "status: not_started\n    evidence:\n      - on: 2022-07-01\n        by: 省应急管理厅\n"
        "        title: 方案\n        path: /etc/passwd\n        size: -1\n        sha256: x",
    ),
    (
        "status: not_started",
        "status: not_started\n    evidence:\n      - on: 2022-07-01\n        by: 省应急管理厅\n"
        "        title: 方案\n        url: ftp://x\n",
    ),
]

BROKEN_AGENCIES = [
    ("id: fire\n", "id: Fire Corps\n"),  # pattern
    ("id: fire\n", "id: " + "a" * 50 + "\n"),  # string_too_long
    ("kind: provincial_department", "kind: ministry"),
    ("kind: provincial_department", "kind: provincial_department\n    members: [省应急管理厅]"),
    (
        "kind: provincial_department",
        "kind: provincial_department\n    contact:\n      phone: abc\n      email: x\n"
        "      robot: wecom\n      fax: 1",
    ),
]


@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
def test_no_message_is_pydantic_s_own_text(data_dir: Path, lang: Lang) -> None:
    told: list[str] = []
    base = TASK.format(id=1)
    for old, new in BROKEN_TASKS:
        assert old in base
        task_file(data_dir, base.replace(old, new, 1))
        with speaking(lang):
            told += [p.message for p in hazchem_cli.check(data_dir, today=dt.date(2023, 1, 15))]
    task_file(data_dir, base)
    agencies = data_dir / "agencies.yaml"
    shipped = agencies.read_text(encoding="utf-8")
    for old, new in BROKEN_AGENCIES:
        assert old in shipped
        agencies.write_text(shipped.replace(old, new, 1), encoding="utf-8")
        with speaking(lang):
            told += [p.message for p in hazchem_cli.check(data_dir, today=dt.date(2023, 1, 15))]

    assert len(told) >= len(BROKEN_TASKS) + len(BROKEN_AGENCIES)
    leaked = [message for message in told if any(p in message for p in PYDANTIC_PHRASES)]
    assert leaked == []
    if lang is Lang.ZH:  # every message is in Chinese (data and key names aside)
        assert all(any("\u4e00" <= c <= "\u9fff" for c in message) for message in told), told
