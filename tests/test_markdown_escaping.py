"""Markdown from every command shows data as written: markup, HTML and links never act.

Task text is written by many hands and pasted into wikis and pull requests; one escaping
rule (hazchem_cli.escape.markdown) serves every command, so ``list --format md`` shows a
task exactly as ``report --format md`` and ``diff --format md`` do.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hazchem_cli.escape.markdown import inline, table_cell
from tests.conftest import Invoke
from tests.gitrepo import make_repo

HOSTILE = "**加粗** <img src=x onerror=alert(1)> [点我](http://example.com) `code` _斜体_ #3"
ORIGINAL_TASK_3 = "建立本地区突出问题（重大风险）和整改措施“两张清单”。将危化品安全风险集中治理确定的重点任务纳入领导干部年度任务清单。"


@pytest.fixture
def hostile_data(data_dir: Path) -> Path:
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    assert ORIGINAL_TASK_3 in text
    tasks.write_text(text.replace(ORIGINAL_TASK_3, f"'{HOSTILE}'"), encoding="utf-8")
    return data_dir


def assert_shown_as_written(markdown: str) -> None:
    """No markup character of the data is left unescaped, and the text is all there."""
    for markup in (r"<img", r"\]\(http", r"\*\*加粗", r"`code", r"_斜体"):
        assert not re.search(rf"(?<!\\){markup}", markdown), markup
    assert table_cell(HOSTILE) in markdown or inline(HOSTILE) in markdown


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["overdue"],
        ["upcoming", "--within", "3660", "--as-of", "2022-03-01"],
        ["show", "3"],
    ],
)
def test_query_markdown_escapes_task_text(
    hostile_data: Path, invoke: Invoke, command: list[str]
) -> None:
    as_of = [] if "--as-of" in command else ["--as-of", "2022-12-01"]
    result = invoke(*command, *as_of, "--format", "md", "--data", str(hostile_data))
    assert result.exit_code == 0, result.stderr
    assert_shown_as_written(result.stdout)


def test_summary_markdown_escapes_measures(data_dir: Path, invoke: Invoke) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace(
            "measure: 压实属地管理责任", f"measure: '{HOSTILE}'"
        ),
        encoding="utf-8",
    )
    result = invoke("summary", "--as-of", "2022-12-01", "--format", "md", "--data", str(data_dir))
    assert result.exit_code == 0, result.stderr
    assert_shown_as_written(result.stdout)


def test_report_and_diff_escape_the_same_text_the_same_way(tmp_path: Path, invoke: Invoke) -> None:
    repo = make_repo(tmp_path / "repo")
    tasks = repo / "tasks.yaml"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace(ORIGINAL_TASK_3, f"'{HOSTILE}'"),
        encoding="utf-8",
    )
    day = ["--as-of", "2022-12-01"]
    report = invoke("report", "--format", "md", *day, "--since", "HEAD", "--data", str(repo))
    diff = invoke("diff", "--format", "md", "--data", str(tasks))
    listed = invoke("list", "--format", "md", *day, "--data", str(repo))
    for result in (report, diff, listed):
        assert result.exit_code == 0, result.stderr
        assert_shown_as_written(result.stdout)
