"""Mistakes on the command line are explained in the user's language (issue 12)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len as cells

from hazchem_cli.cli.help_format import wrap
from tests.conftest import Invoke


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (
            ["overdu"],
            "错误：没有 'overdu' 这个命令。你是不是想用 'overdue'？",
            "Error: No such command 'overdu'. Did you mean 'overdue'?",
        ),
        (["note", "11"], "错误：缺少参数", "Error: Missing argument"),
        (
            ["note", "11", "进展"],
            "错误：缺少选项 '--by'：这个命令必须写上它。",
            "Error: Missing option '--by': this command needs it.",
        ),
        (["overdue", "--bogus"], "没有这个选项：--bogus", "No such option: --bogus"),
        (
            ["overdue", "--stale-after", "x"],
            "'--stale-after' 的值不对：“x”不是整数。",
            "Invalid value for '--stale-after': 'x' is not a whole number.",
        ),
        (
            ["overdue", "--stale-after", "-3"],
            "-3 超出了允许的范围",
            "-3 is outside the allowed range",
        ),
        (["overdue", "-f", "xml"], "“xml”不是可选的值", "'xml' is not one of"),
        (["overdue", "--as-of"], "选项 --as-of 后面要写一个值。", "needs a value after it"),
        (["show", "11", "12"], "多出了这些内容：12。", "Unexpected extra words: 12."),
    ],
)
def test_usage_errors_speak_the_users_language(
    invoke: Invoke, args: list[str], chinese: str, english: str
) -> None:
    in_chinese = invoke(*args)
    assert in_chinese.exit_code == 2
    assert chinese in in_chinese.stderr
    assert "Error:" not in in_chinese.stderr and "Usage:" not in in_chinese.stderr
    english_run = invoke(*args, env={"HAZCHEM_LANG": "en"})
    assert english_run.exit_code == 2
    assert english in english_run.stderr


def test_the_usage_line_and_hint_are_translated(invoke: Invoke) -> None:
    result = invoke("overdue", "--bogus")
    assert result.stderr.startswith(
        "用法：hazchem overdue [选项]\n输入“hazchem overdue -h”查看帮助。"
    )
    english = invoke("overdue", "--bogus", "--lang", "en")
    assert english.stderr.startswith("Usage: hazchem overdue [OPTIONS]\nTry 'hazchem overdue -h'")


def test_the_language_of_the_environment_reaches_the_usage_error(invoke: Invoke) -> None:
    assert "Error:" in invoke("overdu", env={"LANG": "en_US.UTF-8"}).stderr
    assert "错误：" in invoke("overdu", env={"LANG": "zh_CN.UTF-8"}).stderr
    assert "错误：" in invoke("overdu", env={"LANG": "C"}).stderr


def test_a_bad_language_word_is_itself_a_usage_error(invoke: Invoke) -> None:
    result = invoke("overdue", "--lang", "fr")
    assert result.exit_code == 2
    assert "--lang" in result.stderr


CHINESE = "各单位按月报送进展，逾期任务由专委办督办；销号需牵头单位审核、专委办核验，并附佐证材料。"


def test_chinese_wraps_by_display_columns() -> None:
    lines = wrap(CHINESE * 2, 30).splitlines()
    assert all(cells(line) <= 30 for line in lines)
    assert "".join(lines) == CHINESE * 2
    assert not any(line[0] in "，。；、" for line in lines)


def test_english_wraps_at_spaces_and_examples_stay_as_written() -> None:
    text = "Task file, or a folder holding tasks.yaml.\n\n\b\n  hazchem overdue --agency 应急 --as-of 2022-12-01"
    lines = wrap(text, 20).splitlines()
    assert lines[:3] == ["Task file, or a", "folder holding", "tasks.yaml."]
    assert lines[-1] == "  hazchem overdue --agency 应急 --as-of 2022-12-01"


def test_help_columns_line_up_in_chinese(invoke: Invoke) -> None:
    """Every option's description starts at the same column, and no line passes the edge."""
    for args in (["overdue", "-h"], ["-h"], ["sheet", "export", "-h"]):
        help_text = invoke(*args).stdout
        lines = help_text.splitlines()
        assert all(cells(line) <= 80 for line in lines if " " in line.strip()), help_text
        starts = set()
        for line in lines:
            if line.startswith("  -") and "  " in line.strip():
                _name, _gap, rest = line.strip().partition("  ")
                starts.add(cells(line) - cells(rest.lstrip()))
        assert len(starts) <= 1, help_text


def test_english_output_names_units_by_their_english_names(invoke: Invoke) -> None:
    english = invoke("show", "7", "--as-of", "2022-12-01", "--lang", "en", "-f", "json")
    assert (
        '"lead_text": "Zhejiang Provincial Department of Emergency Management; ' in english.stdout
    )
    assert '"lead": [\n    "省应急管理厅"' in english.stdout  # the data stays as written
    chinese = invoke("show", "7", "--as-of", "2022-12-01", "-f", "json")
    assert '"lead_text": "省应急管理厅、省消防救援总队"' in chinese.stdout


def test_a_bracketed_note_is_never_broken() -> None:
    text = "以哪一天为准判断是否逾期：2022-12-01、2022/12/1、今天。 [默认：today]"
    for width in range(20, 60):
        lines = wrap(text, width).splitlines()
        assert sum("[默认：today]" in line for line in lines) == 1, (width, lines)


@pytest.mark.parametrize("spelled", ["EN", "En", "en"])
def test_the_language_is_named_in_any_case(invoke: Invoke, spelled: str) -> None:
    result = invoke("overdue", "--as-of", "2022-12-01", "--lang", spelled)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Overdue tasks")


def test_the_last_lang_wins_for_the_answer_and_its_errors_alike(invoke: Invoke) -> None:
    answer = invoke("overdue", "--as-of", "2022-12-01", "--lang", "en", "--lang", "zh")
    assert answer.stdout.startswith("逾期任务")
    mistake = invoke("overdue", "--lang", "en", "--lang", "zh", "--bogus")
    assert "错误：没有这个选项：--bogus" in mistake.stderr


def test_one_command_object_run_twice_speaks_each_runs_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The API keeps a click command and runs it again: each run starts from English."""
    import typer.main

    from hazchem_cli.cli.app import app

    command = typer.main.get_command(app)

    def run(*args: str) -> tuple[str, str]:
        with pytest.raises(SystemExit):
            command.main(list(args), prog_name="hazchem")
        captured = capsys.readouterr()
        return captured.out, captured.err

    chinese, _ = run("overdue", "-h")
    _, english = run("overdue", "--bogus", "--lang", "en")
    again, _ = run("overdue", "-h")
    assert chinese.startswith("用法：hazchem overdue [选项]")
    assert english.startswith("Usage: hazchem overdue [OPTIONS]")
    assert again == chinese


def test_english_briefings_and_notices_head_each_unit_by_its_english_name(
    invoke: Invoke,
) -> None:
    report = invoke("report", "--as-of", "2022-12-01", "-f", "md", "-o", "-", "--lang", "en")
    assert "### Office of the Zhejiang Provincial Work Safety Committee: 3 overdue" in report.stdout
    notices = invoke("notices", "--as-of", "2022-12-01", "--lang", "en")
    assert "Reminder notice: Office of the Zhejiang Provincial Work Safety Committee" in (
        notices.stdout
    )
    chinese = invoke("report", "--as-of", "2022-12-01", "-f", "md", "-o", "-")
    assert "### 省安委办：3 项逾期" in chinese.stdout


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (["-h"], "overdue       列出逾期任务", "Overdue tasks, most overdue first"),
        (["sheet", "-h"], "export  把一个单位的任务生成一张进展情况表", "Write a unit's tasks"),
    ],
)
def test_the_list_of_commands_is_in_the_readers_language(
    invoke: Invoke, args: list[str], chinese: str, english: str
) -> None:
    listing = invoke(*args).stdout
    assert chinese in listing and english not in listing
    assert english in invoke(*args, env={"HAZCHEM_LANG": "en"}).stdout
