"""Mistakes people make editing tasks.yaml by hand: told at their own line, in plain words.

Each finding of issue 12 is reproduced as written there, in task 12 of the shipped list:
the advice in Chinese (the default) and in English, at the mistake's line and column, the
parser's own words on a second line, and the file with the advice applied passing check.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hazchem_cli.errors import Problem
from hazchem_cli.output.problems import ProblemFormat, render_problems
from tests.conftest import Invoke

AS_OF = ("--as-of", "2022-12-15")
TAIL = '    deadline: "2022年10月"\n    status: not_started\n  - id: 13\n'
NOTE_TAIL = (
    '    deadline: "2022年10月"\n    status: in_progress\n    progress:\n'
    "      - on: 2022-10-20\n        by: 省应急管理厅\n{note}  - id: 13\n"
)
ENGLISH = {"HAZCHEM_LANG": "en"}


def write_task_12(data_dir: Path, tail: str) -> tuple[Path, str]:
    """Task 12 ending in ``tail`` instead of its own last lines; the path and the text."""
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    at = text.index(TAIL, text.index("  - id: 12\n"))
    text = text[:at] + tail + text[at + len(TAIL) :]
    tasks.write_text(text, encoding="utf-8")
    return tasks, text


def line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


def check(
    invoke: Invoke, data_dir: Path, env: dict[str, str] | None = None
) -> tuple[int, list[str]]:
    result = invoke("check", "--data", str(data_dir), *AS_OF, env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout.splitlines()


@dataclass(frozen=True)
class Finding:
    tail: str  # task 12's last lines, with the mistake
    marker: str  # text on the line of the mistake
    col: int
    chinese: str  # the whole message; {line} is the mistake's line
    english: str
    parser: str | None  # the parser's words on the second line; None: no second line
    fixed: str  # the tail with the advice applied


FINDINGS = {
    "full-width-colon": Finding(
        TAIL.replace("status: not_started", "status：in_progress"),
        "status：in_progress",
        11,
        "第{line}行第11列的“：”是全角（中文）冒号；键 status 后面要用英文半角冒号“:”，"
        "冒号后再空一格：status: in_progress",
        "line {line}, column 11: '：' is a full-width (Chinese) colon; after the key status "
        "type the ASCII colon ':' and a space: status: in_progress",
        "could not find expected ':'",
        TAIL.replace("status: not_started", "status: in_progress"),
    ),
    "full-width-space-as-indent": Finding(
        TAIL.replace("  - id: 13", "\u3000\u3000- id: 13"),
        "\u3000\u3000- id: 13",
        1,
        "第{line}行第1列用全角空格（U+3000）缩进了；YAML 只认半角空格缩进：请改成半角空格，"
        "让这一行和上面几行对齐。",
        "line {line}, column 1: a full-width space (U+3000) is used for indentation; YAML "
        "indents with ordinary (half-width) spaces only: replace it with spaces so that this "
        "line lines up with the lines above",
        "mapping values are not allowed here",
        TAIL,
    ),
    "full-width-space-after-colon": Finding(
        TAIL.replace("status: not_started", "status:\u3000in_progress"),
        "status:\u3000in_progress",
        12,
        "第{line}行第12列，status 的冒号后面是全角空格（U+3000）；请改成半角空格：status: in_progress",
        "line {line}, column 12: a full-width space (U+3000) follows the colon after status; "
        "type an ordinary (half-width) space instead: status: in_progress",
        "could not find expected ':'",
        TAIL.replace("status: not_started", "status: in_progress"),
    ),
    "colon-in-text": Finding(
        NOTE_TAIL.format(note="        note: 结论: 通过\n"),
        "note: 结论: 通过",
        17,
        "note 的文字里有英文冒号加空格（“: ”），YAML 会把它当成另一个键的开始；"
        "请把整段文字放进引号：note: '结论: 通过'",
        "the text of note holds a colon followed by a space, which YAML reads as the start of "
        "another key; put the whole text in quotes: note: '结论: 通过'",
        "mapping values are not allowed here",
        NOTE_TAIL.format(note="        note: '结论: 通过'\n"),
    ),
    "leading-quote": Finding(
        NOTE_TAIL.format(note='        note: "五个一体化"已完成\n'),
        'note: "五个一体化"已完成',
        22,
        "note 的文字以引号开头，YAML 读到配对的引号就认为文字结束了，后面的内容读不下去；"
        "请把整段文字放进引号：note: '\"五个一体化\"已完成'",
        "the text of note starts with a quote, so YAML ends the text at the closing quote and "
        "cannot read what follows; put the whole text in quotes: note: '\"五个一体化\"已完成'",
        "expected <block end>, but found '<scalar>'",
        NOTE_TAIL.format(note="        note: '\"五个一体化\"已完成'\n"),
    ),
    "tab-as-indent": Finding(
        TAIL.replace("    status: not_started", "\tstatus: not_started"),
        "\tstatus",
        1,
        "第{line}行第1列用制表符（Tab）缩进了；YAML 只认空格缩进：请把制表符换成空格。",
        "line {line}, column 1: a tab is used for indentation; YAML indents with ordinary "
        "spaces only: replace the tab with spaces",
        "found character '\\t' that cannot start any token",
        TAIL,
    ),
    "empty-note": Finding(
        NOTE_TAIL.format(note="").replace(
            "        by: 省应急管理厅\n", "        note:\n        by: 省应急管理厅\n"
        ),
        "note:\n",
        14,
        "note 是空的：请在“note:”后面写上相应的文字",
        "note is empty; after note: write its text",
        None,
        NOTE_TAIL.format(note="        note: 已起草\n"),
    ),
    "comment-hides-text": Finding(
        NOTE_TAIL.format(note="        note: 完成 #3 号监控点认定\n"),
        "note: 完成 #3",
        18,
        "“ #”后面的文字被当成了注释，note 只读到了“完成”；请把整段文字放进引号："
        "note: '完成 #3 号监控点认定'（如果确实是注释，请单独写一行）",
        "the text after ' #' is read as a comment, so note holds only '完成'; put the whole "
        "text in quotes: note: '完成 #3 号监控点认定' (a comment of your own goes on a line of "
        "its own)",
        None,
        NOTE_TAIL.format(note="        note: '完成 #3 号监控点认定'\n"),
    ),
}


@pytest.mark.parametrize("name", FINDINGS)
def test_each_mistake_is_told_at_its_place_in_chinese(
    invoke: Invoke, data_dir: Path, name: str
) -> None:
    finding = FINDINGS[name]
    tasks, text = write_task_12(data_dir, finding.tail)
    line = line_of(text, finding.marker)
    code, lines = check(invoke, data_dir)
    assert code == 1
    assert lines[0] == f"{tasks}:{line}:{finding.col}: {finding.chinese.format(line=line)}"
    if finding.parser is None:
        assert lines[1:] == []
    else:
        assert lines[1].startswith("    YAML 解析器原文：") and finding.parser in lines[1]
        assert len(lines) == 2


@pytest.mark.parametrize("name", FINDINGS)
def test_each_mistake_is_told_in_english_when_asked(
    invoke: Invoke, data_dir: Path, name: str
) -> None:
    finding = FINDINGS[name]
    tasks, text = write_task_12(data_dir, finding.tail)
    line = line_of(text, finding.marker)
    code, lines = check(invoke, data_dir, ENGLISH)
    assert code == 1
    assert lines[0] == f"{tasks}:{line}:{finding.col}: {finding.english.format(line=line)}"
    if finding.parser is not None:
        assert lines[1].startswith("    YAML parser: ") and finding.parser in lines[1]


@pytest.mark.parametrize("name", FINDINGS)
def test_the_advice_applied_passes_check(invoke: Invoke, data_dir: Path, name: str) -> None:
    write_task_12(data_dir, FINDINGS[name].fixed)
    assert check(invoke, data_dir) == (0, [])


@pytest.mark.parametrize(
    "name", ["full-width-colon", "colon-in-text", "leading-quote", "tab-as-indent"]
)
def test_a_large_file_gets_the_same_advice_from_the_c_parser(
    invoke: Invoke, data_dir: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond the size the pure-Python parser reads, the C parser's words differ: the advice
    does not, because it is read from the file's text."""
    from hazchem_cli.store import yaml_read

    monkeypatch.setattr(yaml_read, "MAX_PURE_PARSER_CHARS", 10)
    finding = FINDINGS[name]
    tasks, text = write_task_12(data_dir, finding.tail)
    line = line_of(text, finding.marker)
    code, lines = check(invoke, data_dir)
    assert code == 1
    assert lines[0] == f"{tasks}:{line}:{finding.col}: {finding.chinese.format(line=line)}"
    assert lines[1].startswith("    YAML 解析器原文：")


def test_the_parser_s_words_are_a_field_in_json_and_left_out_of_annotations(
    invoke: Invoke, data_dir: Path
) -> None:
    finding = FINDINGS["full-width-colon"]
    _, text = write_task_12(data_dir, finding.tail)
    line = line_of(text, finding.marker)
    result = invoke("check", "--data", str(data_dir), *AS_OF, "--format", "json", env=ENGLISH)
    [row] = json.loads(result.stdout)
    assert (row["line"], row["col"]) == (line, 11)
    assert row["message"].startswith(f"line {line}, column 11: '：' is a full-width")
    assert row["detail"] == (
        f"YAML parser: while scanning a simple key at {line}:5; could not find expected ':' "
        f"at {line + 1}:3"
    )
    github = invoke(
        "check", "--data", str(data_dir), *AS_OF, env={**ENGLISH, "GITHUB_ACTIONS": "true"}
    )
    assert github.exit_code == 1
    [annotation] = github.stdout.splitlines()
    assert annotation.endswith(f",line={line},col=11::{row['message']}")


def test_a_problem_without_detail_is_one_line_in_every_format() -> None:
    problem = Problem("tasks.yaml", 3, 4, "wrong")
    assert render_problems([problem], ProblemFormat.TEXT) == "tasks.yaml:3:4: wrong\n"
    assert json.loads(render_problems([problem], ProblemFormat.JSON)) == [
        {"path": "tasks.yaml", "line": 3, "col": 4, "message": "wrong", "detail": None}
    ]
    detailed = Problem("tasks.yaml", 3, 4, "wrong", "parser: said\nso")
    assert str(detailed) == "tasks.yaml:3:4: wrong\n    parser: said so"


# The comment that hides text ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "key", "kept", "fixed"),
    [
        pytest.param(
            "    status: not_started\n",
            '    extensions:\n      - on: 2022-09-01\n        to: "2022年12月"\n'
            "        reason: 等待 #2 号文件\n        approved_by: 省安委办\n"
            "    status: not_started\n",
            "reason",
            "等待",
            "reason: '等待 #2 号文件'",
            id="extension-reason",
        ),
        pytest.param(
            "    measure: 防范建设项目安全风险\n",
            "    measure: 防范 #1 建设项目安全风险\n",
            "measure",
            "防范",
            "measure: '防范 #1 建设项目安全风险'",
            id="measure",
        ),
        pytest.param(
            "    task: 制定危化品建设项目分类入园意见，",
            "    task: 制定 #12 危化品建设项目分类入园意见，",
            "task",
            "制定",
            "task: '制定 #12 危化品建设项目分类入园意见，明确准入标准，优化危化品企业布局。'",
            id="task",
        ),
    ],
)
def test_a_comment_after_any_free_text_is_a_problem(
    invoke: Invoke, data_dir: Path, old: str, new: str, key: str, kept: str, fixed: str
) -> None:
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    at = text.index(old, text.index("  - id: 12\n"))
    text = text[:at] + new + text[at + len(old) :]
    tasks.write_text(text, encoding="utf-8")
    line = line_of(text, f"{key}: {kept} #")
    col = text.splitlines()[line - 1].index(" #") + 2
    code, lines = check(invoke, data_dir, ENGLISH)
    assert code == 1
    assert lines == [
        f"{tasks}:{line}:{col}: the text after ' #' is read as a comment, so {key} holds only "
        f"'{kept}'; put the whole text in quotes: {fixed} (a comment of your own goes on a line "
        "of its own)"
    ]


def test_comments_that_hide_no_text_stay_fine(invoke: Invoke, data_dir: Path) -> None:
    tail = (
        '    deadline: "2022年10月"  # 原定时限\n'
        "    status: in_progress # 已启动\n"
        "    progress:\n"
        "      # 第一次报送\n"
        "      - on: 2022-10-20  # 周报\n"
        "        by: 省应急管理厅 # 牵头\n"
        "        note: '完成 #3 号监控点认定'  # 已核实\n"
        "      - on: 2022-10-21\n"
        "        by: 省应急管理厅\n"
        '        note: "第 #4 号也已完成"\n'
        "      - on: 2022-10-22\n"
        "        by: 省应急管理厅\n"
        "        note: |\n"
        "          完成 #5 号\n"
        "      - on: 2022-10-23\n"
        "        by: 省应急管理厅\n"
        "        note: 编号#6不算注释\n"
        "  - id: 13 # 下一项\n"
    )
    write_task_12(data_dir, tail)
    assert check(invoke, data_dir) == (0, [])


def test_every_command_that_reads_the_file_refuses_it_warm_or_cold(
    invoke: Invoke, data_dir: Path
) -> None:
    """The caches never skip the rule: nothing that failed is cached, so a second run of a
    command goes the whole way again, and a list that was valid a moment ago is read anew."""
    assert invoke("list", "--data", str(data_dir), *AS_OF).exit_code == 0  # caches filled
    tasks, _ = write_task_12(data_dir, FINDINGS["comment-hides-text"].tail)
    before = tasks.read_bytes()
    for command in (
        ("list", *AS_OF),
        ("list", *AS_OF),
        ("show", "12", *AS_OF),
        ("overdue", *AS_OF),
        ("start", "13"),
        ("check", *AS_OF),
        ("check", *AS_OF),
    ):
        result = invoke(*command, "--data", str(data_dir))
        assert result.exit_code == 1, command
        assert "“ #”后面的文字被当成了注释" in result.stdout + result.stderr, command
    assert tasks.read_bytes() == before  # start 13 wrote nothing


def test_every_text_field_of_the_models_is_placed() -> None:
    """A new text field is free text (a comment after it hides text) or it is not, on purpose."""
    from pydantic import BaseModel

    from hazchem_cli.model import documents
    from hazchem_cli.store.text_fields import PROSE_KEYS

    not_prose = {"lead", "responsible", "by", "approved_by", "office", "path", "url", "sha256",
                 "deadline", "to", "name", "id", "aliases", "members", "phone", "email",
                 "webhook", "secret", "fingerprint"}  # fmt: skip
    text_fields = set()
    for model in vars(documents).values():
        if isinstance(model, type) and issubclass(model, BaseModel) and model is not BaseModel:
            for name, field in model.model_fields.items():
                if "str" in str(field.annotation):
                    text_fields.add(name)
    assert text_fields - not_prose == set(PROSE_KEYS)


# Dates written as on the command line ---------------------------------------------------------


@pytest.mark.parametrize("written", ["2022.7.21", "2022/7/21", "2022年7月21日", "2022-7-21"])
def test_a_day_is_read_as_the_command_line_reads_it(
    invoke: Invoke, data_dir: Path, written: str
) -> None:
    tail = NOTE_TAIL.format(note="        note: 已起草\n").replace(
        "on: 2022-10-20", f"on: {written}"
    )
    tail = tail.replace("    status: in_progress\n", f"    status: done\n    done_on: {written}\n")
    write_task_12(data_dir, tail)
    assert check(invoke, data_dir) == (0, [])
    shown = json.loads(invoke("show", "12", "--data", str(data_dir), *AS_OF, "-f", "json").stdout)
    task = shown[0] if isinstance(shown, list) else shown
    assert task["done_on"] == "2022-07-21"
    assert [note["on"] for note in task["progress"]] == ["2022-07-21"]


def test_a_deadline_that_yaml_would_take_for_a_number_is_read_as_written(
    invoke: Invoke, data_dir: Path
) -> None:
    """``2022.10`` is October: YAML alone would read the number 2022.1."""
    write_task_12(data_dir, TAIL.replace('deadline: "2022年10月"', "deadline: 2022.10"))
    assert check(invoke, data_dir) == (0, [])
    shown = json.loads(invoke("show", "12", "--data", str(data_dir), *AS_OF, "-f", "json").stdout)
    task = shown[0] if isinstance(shown, list) else shown
    assert (task["deadline"], task["due"]) == ("2022.10", "2022-10-31")


@pytest.mark.parametrize("written", ["2022.7", "20220721"])
def test_a_day_without_its_day_says_what_to_write(
    invoke: Invoke, data_dir: Path, written: str
) -> None:
    tail = NOTE_TAIL.format(note="        note: 已起草\n").replace(
        "on: 2022-10-20", f"on: {written}"
    )
    tasks, text = write_task_12(data_dir, tail)
    code, lines = check(invoke, data_dir, ENGLISH)
    assert code == 1
    assert lines == [
        f"{tasks}:{line_of(text, f'on: {written}')}:13: '{written}' is not a date; write it as "
        "2022-07-21 (2022/7/21, 2022.7.21 and 2022年7月21日 are read too)"
    ]


def test_an_empty_value_is_placed_on_its_own_line_by_either_parser() -> None:
    """The pure-Python parser (where the C one is not installed) puts an empty value at
    the next token, on the following line; the place reported is the key's line."""
    from ruamel.yaml import YAML

    from hazchem_cli.store.yaml_advice import value_mark

    text = "- on: 2022-10-20\n  note:\n  by: x\n"
    for pure in (True, False):
        root = YAML(typ="safe", pure=pure).compose(text)
        key, value = root.value[0].value[1]
        assert tuple(value_mark(key, value)) == (1, 7), pure


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=30))
def test_the_quoted_text_advised_reads_back_as_written(text: str) -> None:
    from ruamel.yaml import YAML

    from hazchem_cli.store.text_fields import quoted

    assert YAML(typ="safe", pure=True).load(f"note: {quoted(text)}\n")["note"] == text
