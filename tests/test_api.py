"""The Python API answers what the command line answers, with the same words and errors."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import hazchem_cli
from hazchem_cli.i18n.catalogue import speaking
from hazchem_cli.i18n.language import Lang
from tests.conftest import ROOT, Invoke

DAY = dt.date(2022, 12, 1)


def test_the_documented_example_prints_what_its_comments_say() -> None:
    """Every ``print(...)  # expected`` line of docs/api.md prints what its comment says."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S)
    assert code is not None
    expected = [
        line.split("  # ", 1)[1].strip()
        for line in code[1].splitlines()
        if "print(" in line and "  # " in line
    ]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code[1], "docs/api.md", "exec"), {})
    lines = printed.getvalue().splitlines()
    assert lines == [line.split("  (")[0] for line in expected]


def test_overdue_is_what_the_cli_prints(invoke: Invoke) -> None:
    tasks = hazchem_cli.load()
    result = invoke("overdue", "--as-of", "2022-12-01", "--format", "json", "--agency", "应急厅")
    assert result.exit_code == 0
    from_cli = [row["id"] for row in json.loads(result.stdout)]
    assert from_cli == [t.id for t in tasks.overdue(DAY, agency="应急厅")]


def test_filters_take_words_or_enums_and_several_values() -> None:
    tasks = hazchem_cli.load()
    by_word = tasks.select(DAY, level=["red", "yellow"], role="lead", agency=["经信厅", "教育厅"])
    by_enum = tasks.select(
        DAY,
        level=[hazchem_cli.Level.RED, hazchem_cli.Level.YELLOW],
        role=hazchem_cli.Role.LEAD,
        agency=("经信厅", "教育厅"),
    )
    assert by_word == by_enum
    assert by_word and all(t.level.value in ("red", "yellow") for t in by_word)
    assert all(t.due is None for t in tasks.select(DAY, ongoing=True))
    november = tasks.select(DAY, due_after="2022-11", due_before="2022-11")
    assert november and all(t.due and t.due.month == 11 for t in november)


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (
            {"role": "boss"},
            "--role: 'boss' is not one of lead (牵头单位), responsible (责任单位), any (全部)",
        ),
        ({"status": "finished"}, "--status: 'finished' is not one of"),
        ({"ongoing": True, "dated": True}, "--ongoing and --dated exclude each other"),
        ({"agency": "不存在厅"}, "unknown agency '不存在厅'"),
        ({"due_before": "next month"}, "--due-before: 'next month' is not a month or a date"),
    ],
)
@pytest.mark.usefixtures("english")
def test_a_wrong_filter_raises_the_cli_s_usage_error(
    filters: dict[str, object], message: str
) -> None:
    with speaking(Lang.EN), pytest.raises(hazchem_cli.UsageError) as caught:
        hazchem_cli.load().select(DAY, **filters)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)


@pytest.mark.usefixtures("english")
def test_invalid_files_raise_data_error_with_located_problems(data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("status: not_started", "status: finished", 1),
        encoding="utf-8",
    )
    with pytest.raises(hazchem_cli.DataError) as caught:
        hazchem_cli.load(data_dir)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.col) == (str(tasks), 15, 13)
    assert problem.message.startswith("status: 'finished' is not one of the words allowed here")
    assert hazchem_cli.check(data_dir) == [problem]


@pytest.mark.usefixtures("english")
def test_one_task_and_the_report() -> None:
    tasks = hazchem_cli.load()
    assert tasks.task("12", DAY).id == 12
    with pytest.raises(hazchem_cli.UsageError, match="no task 99"):
        tasks.task(99, DAY)
    report = tasks.report(DAY, agency="经信厅")
    assert report.agencies == ("省经信厅",)
    assert report.total == len(tasks.select(DAY, agency="经信厅"))


def test_importing_the_package_does_not_load_the_api() -> None:
    """The CLI imports the package on every run: pydantic and ruamel come only when used."""
    code = (
        "import sys, hazchem_cli\n"
        "assert 'pydantic' not in sys.modules and 'hazchem_cli.api' not in sys.modules\n"
        "hazchem_cli.load\n"
        "assert 'hazchem_cli.api' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
