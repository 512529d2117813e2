"""Every output format as a pure function of made-up sections, and the terminal probes."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from hazchem_cli.cli.terminal import color_allowed, stdout_is_terminal, terminal_width
from hazchem_cli.escape.terminal import visible
from hazchem_cli.output.render import BAR_CELLS, render_text
from hazchem_cli.output.sections import Cell, Column, Columns, OutputFormat, Section

COLUMNS = (
    Column("id", "序号"),
    Column("task", "具体任务", wrap=True),
    Column("lead", "牵头单位"),
    Column("days", "天数", justify="right"),
)
LONG_TASK = (
    "开展危险化学品安全风险集中治理，全面排查化工园区和危险化学品企业的重大危险源，"
    "建立健全安全风险监测预警体系，推动企业落实安全生产主体责任"
)


def section(
    rows: Sequence[dict[str, Cell]],
    *,
    key: str = "overdue",
    title: str = "逾期任务",
    columns: tuple[Column, ...] = COLUMNS,
) -> Section:
    return Section(key, title, columns, rows, level_key="level", empty="没有逾期任务")


def two_rows() -> list[dict[str, Cell]]:
    return [
        {"id": "1", "task": "排查重大危险源", "lead": ["省应急管理厅", "省公安厅"], "days": 12},
        {"id": "2", "task": "a|b\n第二行", "lead": [], "days": None, "done": True},
    ]


def table(sections: list[Section], *, terminal: bool, width: int = 100, color: bool = True) -> str:
    return render_text(sections, OutputFormat.TABLE, terminal=terminal, width=width, color=color)


def lines_with(text: str, needle: str) -> list[str]:
    return [line for line in text.splitlines() if needle in line]


def is_subsequence(needle: str, haystack: str) -> bool:
    rest = iter(haystack)
    return all(char in rest for char in needle)


# JSON -------------------------------------------------------------------------------


def test_json_one_section_is_an_array_of_whole_rows_with_types_kept() -> None:
    text = render_text([section(two_rows())], OutputFormat.JSON, terminal=True)
    assert text == (
        "[\n"
        "  {\n"
        '    "id": "1",\n'
        '    "task": "排查重大危险源",\n'
        '    "lead": [\n'
        '      "省应急管理厅",\n'
        '      "省公安厅"\n'
        "    ],\n"
        '    "days": 12\n'
        "  },\n"
        "  {\n"
        '    "id": "2",\n'
        '    "task": "a|b\\n第二行",\n'
        '    "lead": [],\n'
        '    "days": null,\n'
        '    "done": true\n'
        "  }\n"
        "]\n"
    )


def test_json_several_sections_are_an_object_by_key() -> None:
    sections = [section(two_rows()[:1]), section([], key="due_soon", title="临期任务")]
    text = render_text(sections, OutputFormat.JSON, terminal=False)
    assert json.loads(text) == {"overdue": two_rows()[:1], "due_soon": []}
    assert text.endswith("]\n}\n")


def test_json_escapes_del_and_c1_controls_but_keeps_their_meaning() -> None:
    text = render_text(
        [section([{"task": "a\x1b[31m\x7f\x9bb"}])], OutputFormat.JSON, terminal=False
    )
    assert not re.search("[\x00-\x1f\x7f-\x9f]", text.replace("\n", ""))
    assert json.loads(text) == [{"task": "a\x1b[31m\x7f\x9bb"}]


# CSV --------------------------------------------------------------------------------


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_csv_has_bom_crlf_every_key_and_plain_values() -> None:
    text = render_text([section(two_rows())], OutputFormat.CSV, terminal=True)
    assert text == (
        "\ufeffid,task,lead,days,done\r\n"
        "1,排查重大危险源,省应急管理厅、省公安厅,12,\r\n"
        '2,"a|b\n第二行",,,true\r\n'
    )
    assert read_csv(text) == [
        ["id", "task", "lead", "days", "done"],
        ["1", "排查重大危险源", "省应急管理厅、省公安厅", "12", ""],
        ["2", "a|b\n第二行", "", "", "true"],
    ]


def test_csv_quotes_what_needs_quoting_and_round_trips() -> None:
    awkward = 'say "hi", then\r\nleave'
    rows: list[dict[str, Cell]] = [{"id": "1", "task": awkward, "done": False}]
    assert read_csv(render_text([section(rows)], OutputFormat.CSV, terminal=False)) == [
        ["id", "task", "done"],
        ["1", awkward, "false"],
    ]


def test_csv_of_no_rows_is_the_column_keys() -> None:
    text = render_text([section([])], OutputFormat.CSV, terminal=False)
    assert text == "\ufeffid,task,lead,days\r\n"


def test_csv_several_sections_share_one_table_with_a_section_column() -> None:
    other = Section(
        "groups", "分组", [Column("agency", "单位")], [{"agency": "省应急管理厅", "count": 3}]
    )
    text = render_text([section(two_rows()), other], OutputFormat.CSV, terminal=False)
    assert read_csv(text) == [
        ["section", "id", "task", "lead", "days", "done", "agency", "count"],
        ["overdue", "1", "排查重大危险源", "省应急管理厅、省公安厅", "12", "", "", ""],
        ["overdue", "2", "a|b\n第二行", "", "", "true", "", ""],
        ["groups", "", "", "", "", "", "省应急管理厅", "3"],
    ]


# Markdown ---------------------------------------------------------------------------


def test_markdown_table_escapes_pipes_and_aligns_numbers_right() -> None:
    text = render_text([section(two_rows())], OutputFormat.MD, terminal=True)
    assert text == (
        "### 逾期任务\n"
        "\n"
        "| 序号 | 具体任务 | 牵头单位 | 天数 |\n"
        "| --- | --- | --- | ---: |\n"
        "| 1 | 排查重大危险源 | 省应急管理厅、省公安厅 | 12 |\n"
        "| 2 | a\\|b<br>第二行 | — | — |\n"
    )


def test_markdown_backslash_before_a_pipe_cannot_end_the_cell() -> None:
    rows: list[dict[str, Cell]] = [{"id": "C:\\x|y", "task": "t", "lead": ["l"], "days": 1}]
    text = render_text([section(rows, title="")], OutputFormat.MD, terminal=False)
    assert text.splitlines()[2] == "| C:\\\\x\\|y | t | l | 1 |"


def test_markdown_single_untitled_section_has_no_heading() -> None:
    text = render_text([section(two_rows()[:1], title="")], OutputFormat.MD, terminal=False)
    assert text.startswith("| 序号 |")


def test_markdown_several_sections_each_get_a_heading_and_empty_text() -> None:
    sections = [section(two_rows()[:1]), section([], key="due_soon", title="")]
    text = render_text(sections, OutputFormat.MD, terminal=False)
    assert text == (
        "### 逾期任务\n"
        "\n"
        "| 序号 | 具体任务 | 牵头单位 | 天数 |\n"
        "| --- | --- | --- | ---: |\n"
        "| 1 | 排查重大危险源 | 省应急管理厅、省公安厅 | 12 |\n"
        "\n"
        "### due\\_soon\n"
        "\n"
        "没有逾期任务\n"
    )


def test_markdown_neutralises_control_characters() -> None:
    rows: list[dict[str, Cell]] = [{"id": "1", "task": "\x1b[2Jgone", "lead": [], "days": 0}]
    text = render_text([section(rows)], OutputFormat.MD, terminal=False)
    assert "\x1b" not in text
    assert "^\\[\\[2Jgone" in text  # shown, and escaped so Markdown cannot read it as a link


# Table, piped -----------------------------------------------------------------------


def test_cjk_characters_are_two_cells_wide() -> None:
    assert cell_len("危险化学品") == 10
    assert cell_len("abc") == 3


def test_piped_table_is_plain_one_line_per_row_and_cjk_aligned() -> None:
    rows: list[dict[str, Cell]] = [
        {"id": "1", "task": LONG_TASK, "lead": ["省应急管理厅"], "days": 3},
        {"id": "2", "task": "短任务", "lead": ["省公安厅", "省交通运输厅"], "days": 120},
    ]
    text = table([section(rows)], terminal=False, width=40)
    assert "\x1b" not in text
    assert all(line == line.rstrip() for line in text.splitlines())
    assert text.splitlines()[0] == "逾期任务"
    (long_line,) = lines_with(text, LONG_TASK)
    (short_line,) = lines_with(text, "短任务")
    # The lead column starts at the same display column after tasks of different lengths.
    lead_long = cell_len(long_line[: long_line.index("省应急管理厅")])
    lead_short = cell_len(short_line[: short_line.index("省公安厅")])
    assert lead_long == lead_short > cell_len(LONG_TASK)
    # Right-justified days end in the same display column.
    assert cell_len(long_line) == cell_len(short_line)
    assert long_line.endswith("  3") and short_line.endswith("120")


def test_piped_table_keeps_a_multiline_cell_on_its_row_line() -> None:
    text = table([section(two_rows())], terminal=False)
    assert lines_with(text, "a|b") == lines_with(text, "第二行")
    assert text == (
        "逾期任务\n"
        "序号   具体任务         牵头单位                 天数\n"
        "─────────────────────────────────────────────────────\n"
        "1      排查重大危险源   省应急管理厅、省公安厅     12\n"
        "2      a|b 第二行       —                           —\n"
    )


def test_piped_table_measures_cells_as_rich_does() -> None:
    """ASCII, CJK and a tab (no cells wide to rich) in one column, and an ASCII column."""
    rows: list[dict[str, Cell]] = [
        {"id": "1", "task": "plain ascii", "lead": ["省公安厅"], "days": 1},
        {"id": "22", "task": "tab\there", "lead": [], "days": 22},
        {"id": "333", "task": "危险化学品", "lead": ["省应急管理厅"], "days": 333},
    ]
    header, rule, *body = table([section(rows)], terminal=False).splitlines()[1:]
    assert {cell_len(line) for line in body} == {cell_len(header)} == {len(rule)}
    starts = {cell_len(line[: line.index(lead)]) for line, lead in zip(body, "省—省", strict=True)}
    assert starts == {cell_len("序号   plain ascii   ")}


def test_piped_table_ignores_color() -> None:
    assert "\x1b" not in table([section(two_rows())], terminal=False, color=True)


# Table, terminal --------------------------------------------------------------------


def test_terminal_table_with_color_has_escape_codes_and_colours_the_level() -> None:
    columns = (*COLUMNS, Column("level", "预警"))
    rows: list[dict[str, Cell]] = [{"id": "1", "task": "t", "lead": [], "level": "red"}]
    text = table([section(rows, columns=columns)], terminal=True)
    assert "\x1b[" in text
    assert "\x1b[31mred" in text
    assert "╭" in text


@pytest.mark.parametrize(
    ("level", "code"),
    [("red", "31"), ("yellow", "33"), ("green", "32"), ("ongoing", "36"), ("stale", "35")],
)
def test_each_level_has_its_colour_even_when_its_column_is_not_shown(level: str, code: str) -> None:
    rows: list[dict[str, Cell]] = [{"id": "9", "task": "t", "lead": [], "level": level}]
    text = table([section(rows)], terminal=True)
    assert f"\x1b[{code}m" in text


def test_terminal_table_without_color_has_no_escape_codes() -> None:
    rows: list[dict[str, Cell]] = [*two_rows(), {"id": "3", "task": "t", "level": "red"}]
    text = table([section(rows)], terminal=True, color=False)
    assert "\x1b" not in text
    assert "│ 1    │ 排查重大危险源 │" in text


def test_terminal_table_folds_the_task_and_keeps_other_columns_whole() -> None:
    rows: list[dict[str, Cell]] = [
        {"id": "1", "task": LONG_TASK, "lead": ["省应急管理厅", "省公安厅"], "days": 3}
    ]
    text = table([section(rows)], terminal=True, width=70, color=False)
    assert max(cell_len(line) for line in text.splitlines()) == 70
    assert lines_with(text, "省应急管理厅、省公安厅")
    assert LONG_TASK not in text
    assert is_subsequence(LONG_TASK, text)


def test_terminal_table_too_narrow_folds_everything_but_loses_nothing() -> None:
    rows: list[dict[str, Cell]] = [
        {"id": "1", "task": LONG_TASK, "lead": ["省应急管理厅", "省公安厅"], "days": 12345}
    ]
    text = table([section(rows)], terminal=True, width=30, color=False)
    assert max(cell_len(line) for line in text.splitlines()) <= 30
    assert is_subsequence(LONG_TASK, text)
    assert is_subsequence("省应急管理厅、省公安厅", text)
    assert is_subsequence("12345", text)


def test_terminal_width_defaults_to_100() -> None:
    rows: list[dict[str, Cell]] = [{"id": "1", "task": LONG_TASK * 2, "lead": [], "days": 1}]
    text = render_text([section(rows)], OutputFormat.TABLE, terminal=True, color=False)
    assert max(cell_len(line) for line in text.splitlines()) == 100


def test_bars_scale_to_the_largest_count() -> None:
    columns = (Column("agency", "单位"), Column("count", "任务数", bar=True))
    rows: list[dict[str, Cell]] = [
        {"agency": "甲", "count": 40},
        {"agency": "乙", "count": 10},
        {"agency": "丙", "count": 0},
        {"agency": "丁", "count": None},
    ]
    text = table([section(rows, columns=columns)], terminal=False)
    assert lines_with(text, "甲")[0].endswith("40 " + "█" * BAR_CELLS)
    assert lines_with(text, "乙")[0].endswith("10 " + "█" * 3)
    assert lines_with(text, "丙")[0].endswith(" 0")
    assert lines_with(text, "丁")[0].endswith("—")


# Table, hostile cell text -----------------------------------------------------------


@pytest.mark.parametrize(("terminal", "color"), [(True, True), (True, False), (False, False)])
def test_markup_in_cells_prints_literally(terminal: bool, color: bool) -> None:
    rows: list[dict[str, Cell]] = [
        {"id": "[red]1", "task": "[bold red]x[/] :warning:", "lead": ["[link=http://e]a[/]"]}
    ]
    text = table([section(rows, title="[b]t[/b]")], terminal=terminal, color=color)
    for literal in ("[red]1", "[bold red]x[/] :warning:", "[link=http://e]a[/]", "[b]t[/b]"):
        assert literal in text


@pytest.mark.parametrize(("terminal", "color"), [(True, True), (True, False), (False, False)])
def test_escape_sequences_in_cells_are_neutralised(terminal: bool, color: bool) -> None:
    rows: list[dict[str, Cell]] = [
        {"id": "1", "task": "\x1b[31mevil\x1b]0;title\x07\x9b2J\x7f", "lead": [], "days": 0}
    ]
    text = table([section(rows)], terminal=terminal, color=color)
    assert "^[[31mevil^[]0;title^G\ufffd2J^?" in text
    for raw in ("\x1b[31mevil", "\x1b]", "\x07", "\x9b", "\x7f"):
        assert raw not in text


def test_visible_keeps_tab_and_newline_and_shows_other_controls() -> None:
    assert visible("a\tb\nc\x00\r\x1f\x7f\x80\x9f") == "a\tb\nc^@^M^_^?\ufffd\ufffd"


# Empty and several sections ---------------------------------------------------------


@pytest.mark.parametrize("terminal", [True, False])
def test_empty_section_shows_its_empty_text_not_a_table(terminal: bool) -> None:
    text = table([section([])], terminal=terminal, color=False)
    assert text == "逾期任务\n没有逾期任务\n"


def test_several_sections_print_one_table_each() -> None:
    sections = [section(two_rows()[:1]), section([], key="due_soon", title="临期任务")]
    piped = table(sections, terminal=False)
    assert piped == (
        "逾期任务\n"
        "序号   具体任务         牵头单位                 天数\n"
        "─────────────────────────────────────────────────────\n"
        "1      排查重大危险源   省应急管理厅、省公安厅     12\n"
        "\n"
        "临期任务\n"
        "没有逾期任务\n"
    )
    on_terminal = table(sections, terminal=True, color=False)
    assert on_terminal.count("╭") == 1
    assert "临期任务\n没有逾期任务\n" in on_terminal


# Start-up cost ----------------------------------------------------------------------


def test_json_and_csv_do_not_import_rich() -> None:
    code = (
        "import sys\n"
        "from hazchem_cli.output.render import render_text\n"
        "from hazchem_cli.output.sections import Column, OutputFormat, Section\n"
        "s = Section('k', 't', [Column('a', 'A')], [{'a': '甲'}])\n"
        "render_text([s], OutputFormat.JSON, terminal=True)\n"
        "render_text([s], OutputFormat.CSV, terminal=True)\n"
        "render_text([s], OutputFormat.MD, terminal=True)\n"
        "assert not any(m == 'rich' or m.startswith('rich.') for m in sys.modules), 'rich'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# Terminal probes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "allowed"),
    [
        ({}, True),
        ({"TERM": "xterm-256color"}, True),
        ({"NO_COLOR": "1"}, False),
        ({"NO_COLOR": ""}, True),
        ({"TERM": "dumb"}, False),
    ],
)
def test_color_allowed(environ: dict[str, str], allowed: bool) -> None:
    assert color_allowed(environ) is allowed


class _BrokenStdout(io.StringIO):
    def isatty(self) -> bool:
        raise ValueError("I/O operation on closed file")


def test_stdout_is_terminal_is_false_for_a_file_and_on_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert stdout_is_terminal() is False
    monkeypatch.setattr(sys, "stdout", _BrokenStdout())
    assert stdout_is_terminal() is False


def test_terminal_width_follows_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "123")
    assert terminal_width() == 123


_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10_000),
    st.text(max_size=12),
    st.lists(st.text(max_size=6), max_size=3),
)
_KEYS = ("id", "task", "lead", "days", "level")


@settings(derandomize=True, database=None, max_examples=60)
@given(
    rows=st.lists(
        st.tuples(*[_CELL] * len(_KEYS)).map(lambda row: dict(zip(_KEYS, row, strict=True))),
        max_size=4,
    ),
    fmt=st.sampled_from(list(OutputFormat)),
    terminal=st.booleans(),
)
def test_rows_held_as_columns_print_as_the_same_rows_do(
    rows: list[dict[str, Cell]], fmt: OutputFormat, terminal: bool
) -> None:
    """``Columns`` is the rows it holds, to every format (alone or with another section),
    and to anyone reading it as rows."""
    held = Columns({key: [row[key] for row in rows] for key in _KEYS}, len(rows))

    assert list(held) == rows == held[:]
    assert [held[index] for index in range(-len(rows), len(rows))] == rows + rows
    for sections in ([section(rows)], [section(rows), section(rows, key="more")]):
        as_columns = [section(held), *sections[1:]]
        expected = render_text(sections, fmt, terminal=terminal, width=80)
        assert render_text(as_columns, fmt, terminal=terminal, width=80) == expected
