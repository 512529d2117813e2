"""The query commands through the CLI: formats parse back, labels in both languages."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import Invoke

JULY = ("--as-of", "2022-07-01")
OVERDUE_IN_JULY = [3, 4, 7, 10, 13, 44, 46]


def as_json(invoke: Invoke, *args: str) -> object:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_overdue_json_has_the_documented_keys(invoke: Invoke) -> None:
    rows = as_json(invoke, "overdue", *JULY)
    assert isinstance(rows, list)
    assert [row["id"] for row in rows] == OVERDUE_IN_JULY
    first = rows[0]
    assert first["days_overdue"] == 62 and first["due"] == "2022-04-30"
    assert first["deadline"] == "2022年4月" and first["level"] == "red"
    assert first["lead"] == ["省安委办"] and first["responsible"] == ["市、县（市、区）党委政府"]
    assert first["status"] == "not_started"
    assert isinstance(first["id"], int)


def test_overdue_exit_code_for_cron(invoke: Invoke) -> None:
    assert invoke("overdue", *JULY, "--exit-code").exit_code == 1
    assert invoke("overdue", "--as-of", "2022-04-01", "--exit-code").exit_code == 0
    assert invoke("overdue", *JULY).exit_code == 0


def test_csv_parses_back_with_lists_joined_and_a_bom_for_excel(invoke: Invoke) -> None:
    result = invoke("list", *JULY, "--agency", "省科技厅", "--format", "csv", "--lang", "en")
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert [row["id"] for row in rows] == ["32"]
    assert rows[0]["lead"] == "省卫生健康委、省教育厅、省科技厅"
    assert rows[0]["lead_text"] == (  # the registry's English names, in English
        "Zhejiang Provincial Health Commission; Zhejiang Provincial Department of Education; "
        "Zhejiang Provincial Department of Science and Technology (each for its own part)"
    )
    assert rows[0]["divided_responsibility"] == "lead"


def test_markdown_is_a_table_ready_to_paste(invoke: Invoke) -> None:
    result = invoke("overdue", *JULY, "--format", "md", "--lang", "zh")
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("| 序号"))
    assert (
        header
        == "| 序号 | 逾期天数 | 截止日期 | 状态 | 牵头单位 | 责任单位 | 具体任务 | 最近进展 |"
    )
    body = [line for line in lines if line.startswith("| ") and line != header][1:]
    assert lines[lines.index(header) + 1].startswith("| ---: |")
    assert [int(line.split("|")[1]) for line in body] == OVERDUE_IN_JULY
    assert all(line.count("|") == 9 for line in body)


def test_piped_table_is_plain_text_and_whole(invoke: Invoke) -> None:
    result = invoke("list", *JULY, "--lang", "en", env={"TERM": "xterm-256color"})
    assert "\x1b" not in result.stdout
    longest = "推动化工园区以“五个一体化”为重点的安全整治提升，实施整治提升过程安全风险指数管理"
    assert longest in result.stdout  # not cut, not folded
    assert len([line for line in result.stdout.splitlines() if line[:3].strip().isdigit()]) == 50


@pytest.mark.parametrize(
    ("env", "flag", "title"),
    [
        ({"LANG": "zh_CN.UTF-8"}, [], "逾期任务（截至 2022-07-01）"),
        ({"LANG": "en_US.UTF-8"}, [], "Overdue tasks as of 2022-07-01"),
        ({"LANG": "en_US.UTF-8"}, ["--lang", "zh"], "逾期任务（截至 2022-07-01）"),
        ({"LANG": "zh_CN.UTF-8"}, ["--lang", "en"], "Overdue tasks as of 2022-07-01"),
    ],
)
def test_labels_follow_the_locale_and_lang(
    invoke: Invoke, env: dict[str, str], flag: list[str], title: str
) -> None:
    result = invoke("overdue", *JULY, *flag, env={**env, "LC_ALL": "", "LC_MESSAGES": ""})
    assert result.stdout.splitlines()[0] == title
    # The task text is never translated; units go by the registry's English names in English.
    assert "建立本地区突出问题" in result.stdout
    office = "省安委办" if title.startswith("逾期") else "Office of the Zhejiang Provincial Work"
    assert office in result.stdout


def test_agency_typo_is_a_usage_error_with_a_suggestion(invoke: Invoke) -> None:
    result = invoke("list", "--agency", "应急管里厅", "--lang", "en")
    assert result.exit_code == 2
    assert "unknown agency '应急管里厅'; did you mean 省应急管理厅" in result.stderr


def test_bad_option_values_are_usage_errors(invoke: Invoke) -> None:
    assert invoke("list", "--ongoing", "--dated").exit_code == 2
    assert invoke("list", "--level", "purple").exit_code == 2
    assert invoke("list", "--status", "finished").exit_code == 2
    assert invoke("list", "--role", "boss", "-a", "应急厅").exit_code == 2
    assert invoke("list", "--due-before", "someday").exit_code == 2
    assert invoke("overdue", "--as-of", "2022-13-01").exit_code == 2
    assert invoke("overdue", "--format", "pdf").exit_code == 2


def test_filters_on_the_command_line(invoke: Invoke) -> None:
    def listed(*args: str) -> list[int]:
        rows = as_json(invoke, "list", *JULY, *args)
        assert isinstance(rows, list)
        return [row["id"] for row in rows]

    assert listed("-a", "能源局", "--role", "lead") == [27, 28]
    assert listed("-a", "emergency", "--level", "red") == [7, 10, 13, 44, 46]
    assert listed("-a", "应急厅", "--role", "responsible", "--level", "red") == [10]
    assert listed("--ongoing", "--measure", "运输") == [28, 30]
    assert listed("--dated", "--due-after", "2022-12", "--search", "培训") == [40, 41]
    assert listed("--due-before", "2022年4月") == [3]
    assert listed("--status", "not_started", "--level", "stale", "-a", "消防总队") == [17]
    assert listed("--level", "ongoing") == []  # no progress noted anywhere: all stale
    assert len(listed("--level", "stale")) == 12


def test_upcoming_soonest_first(invoke: Invoke) -> None:
    rows = as_json(invoke, "upcoming", "--as-of", "2022-09-01", "--within", "60")
    assert isinstance(rows, list)
    assert [(row["id"], row["days_left"]) for row in rows] == [(11, 29), (12, 60), (38, 60)]


def test_show_prints_every_field_and_its_level(invoke: Invoke) -> None:
    result = invoke("show", "10", *JULY, "--lang", "en")
    assert result.exit_code == 0
    assert "Zhejiang Provincial Fire and Rescue Corps etc." in result.stdout
    assert "overdue" in result.stdout and "No progress noted yet." in result.stdout
    record = as_json(invoke, "show", "28", *JULY)
    assert isinstance(record, dict)
    assert record["divided_responsibility"] == "lead" and record["progress"] == []
    assert record["level"] == "stale"


def test_show_unknown_task(invoke: Invoke) -> None:
    result = invoke("show", "99", "--lang", "en")
    assert result.exit_code == 2
    assert "no task 99; ids run from 1 to 50" in result.stderr


def test_agencies_lists_counts_and_groups(invoke: Invoke) -> None:
    rows = as_json(invoke, "agencies", *JULY)
    assert isinstance(rows, list)
    by_id = {row["agency_id"]: row for row in rows}
    assert len(rows) == 21
    emergency = by_id["emergency"]
    assert (emergency["tasks_led"], emergency["tasks_responsible"]) == (34, 6)
    assert emergency["overdue_now"] == 5 and emergency["next_due"] == "2022-09-30"
    assert by_id["provincial-depts"]["kind"] == "group"
    assert by_id["provincial-depts"]["members"] == []


def test_summary_has_three_boards_and_the_close_out(invoke: Invoke) -> None:
    board = as_json(invoke, "summary", *JULY)
    assert isinstance(board, dict)
    assert set(board) == {"by_agency", "by_measure", "by_month", "closeout", "awaiting_review"}
    months = {row["month"]: row["total"] for row in board["by_month"]}
    assert months["2022-11"] == 18
    assert sum(row["total"] for row in board["by_measure"]) == 50
    assert sum(row["red"] for row in board["by_measure"]) == 7
    table = invoke("summary", *JULY)
    assert "█" in table.stdout


@pytest.mark.parametrize(
    ("env", "title"),
    [
        ({}, "逾期任务（截至 2022-07-01）"),
        ({"LANG": "C"}, "逾期任务（截至 2022-07-01）"),
        ({"LANG": "POSIX"}, "逾期任务（截至 2022-07-01）"),
        ({"LANG": "C.UTF-8"}, "逾期任务（截至 2022-07-01）"),
        ({"LANG": "de_DE.UTF-8"}, "逾期任务（截至 2022-07-01）"),
        ({"LANG": "zh_CN.UTF-8", "HAZCHEM_LANG": "en"}, "Overdue tasks as of 2022-07-01"),
        ({"LANG": "en_US.UTF-8", "HAZCHEM_LANG": "zh"}, "逾期任务（截至 2022-07-01）"),
    ],
)
def test_chinese_unless_hazchem_lang_or_the_locale_says_otherwise(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], title: str
) -> None:
    for variable in ("LANG", "LC_ALL", "LC_MESSAGES", "HAZCHEM_LANG"):
        monkeypatch.delenv(variable, raising=False)
    result = invoke("overdue", *JULY, env=env)
    assert result.stdout.splitlines()[0].strip() == title


def test_csv_in_chinese_has_chinese_headers_and_the_same_columns_when_nothing_matches(
    invoke: Invoke,
) -> None:
    def header(*args: str) -> list[str]:
        result = invoke(*args, *JULY, "--format", "csv", "--lang", "zh")
        return next(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))

    full = header("list")
    assert full[:5] == ["序号", "清单", "编号", "治理措施", "具体任务"]
    assert "状态" in full and "状态代码" in full and len(set(full)) == len(full)
    assert header("list", "--status", "done") == full  # a quiet week: the same columns
    assert header("overdue", "--agency", "省科技厅", "--level", "green") == header("overdue")
    english = invoke("list", *JULY, "--format", "csv", "--lang", "en").stdout
    assert english.lstrip("\ufeff").startswith("id,source,ref,measure,task,")


@pytest.mark.parametrize(
    "command",
    [["overdue"], ["upcoming"], ["list"], ["show", "11"], ["agencies"], ["summary"],
     ["timeline"], ["rounds"]],
)  # fmt: skip
def test_every_csv_header_has_a_chinese_name(invoke: Invoke, command: list[str]) -> None:
    result = invoke(*command, *JULY, "--format", "csv", "--lang", "zh")
    header = next(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    untranslated = [name for name in header if name.isascii()]
    assert untranslated == []
