"""Hostile files: whatever arrives in a data file, hazchem answers with a located message.

Data files come from many hands, editors and merges. Nothing in one may crash hazchem,
hang it, run code, or reach a terminal or spreadsheet as anything but text.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Invoke


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests assert hazchem's words in English (the suite's default is Chinese)."""
    monkeypatch.setenv("HAZCHEM_LANG", "en")


HEADER = "title: 清单\nsource: s.txt\nissued_by: 省危化安全专委办\ntasks:\n"
TASK = """\
  - id: 1
    measure: 压实企业主体责任
    task: {task}
    lead:
      - 省应急管理厅
    deadline: "2022年6月"
"""
quick = settings(
    max_examples=40,
    deadline=2000,  # a hang or a blow-up fails the example
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def check_lines(invoke: Invoke, data_dir: Path) -> tuple[int, list[str]]:
    result = invoke("check", "--data", str(data_dir), "--no-cache")
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout.splitlines()


@quick
@given(content=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_check(invoke: Invoke, data_dir: Path, content: bytes) -> None:
    (data_dir / "tasks.yaml").write_bytes(content)
    code, lines = check_lines(invoke, data_dir)
    assert code == 1
    # each problem at its place; a parser's own words follow on an indented line
    assert all(line.startswith((str(data_dir), "    ")) for line in lines)
    assert lines[0].startswith(str(data_dir))


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20))
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@quick
@given(document=st.dictionaries(st.sampled_from(["title", "tasks", "x", "source"]), yaml_values))
def test_arbitrary_yaml_documents_get_clear_errors(
    invoke: Invoke, data_dir: Path, document: dict[str, object]
) -> None:
    (data_dir / "tasks.yaml").write_text(json.dumps(document, ensure_ascii=False))  # JSON is YAML
    code, lines = check_lines(invoke, data_dir)
    assert code == 1
    assert all(":" in line and line.startswith(str(data_dir)) for line in lines)


def billion_laughs() -> str:
    text = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    return text + "tasks: *i\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(billion_laughs(), "YAML aliases expand this file to more than", id="bomb"),
        pytest.param("a: &a [1, *a]\n", "a YAML alias refers to a node that contains it",
                     id="alias-loop"),
        pytest.param("[" * 50_000 + "]" * 50_000, "nested too deeply", id="deep-flow"),
        pytest.param("- " * 20_000 + "x\n", "nested too deeply", id="deep-block"),
        pytest.param(HEADER + "  - !!python/object/new:os.system [echo pwned]\n",
                     "YAML tag !!python/object/new:os.system is not allowed", id="python-tag"),
        pytest.param(HEADER + "  - !custom {id: 1}\n", "YAML tag !custom is not allowed",
                     id="local-tag"),
        pytest.param(HEADER + TASK.format(task="x" * 200_000), None, id="long-line"),
        pytest.param(HEADER + TASK.format(task="a\x00b"), "NUL character", id="nul"),
        # issue 16: depth that a bracket count cannot see, merge keys, other YAML versions
        pytest.param("title: " + '["]", ' * 150 + "1" + "]" * 150, "nested too deeply",
                     id="deep-behind-quotes"),
        pytest.param("title: " + "[ # ]\n  " * 150 + "1" + "]" * 150, "nested too deeply",
                     id="deep-behind-comments"),
        pytest.param("title: " + '["[]", {}, ' * 150 + "1" + "]" * 150, "nested too deeply",
                     id="deep-behind-empty-brackets"),
        pytest.param(HEADER + "  - &t {id: 1}\n  - <<: *t\n", "merge key <<: is not allowed",
                     id="merge-key"),
        pytest.param("%YAML 1.1\n---\n" + HEADER, "%YAML 1.1 directive", id="yaml-1.1"),
        pytest.param("%YAML 1.0\n---\n" + HEADER, "%YAML 1.0 directive", id="yaml-1.0"),
    ],
)  # fmt: skip
def test_corpus_of_hostile_files(
    invoke: Invoke, data_dir: Path, content: str, message: str | None
) -> None:
    (data_dir / "tasks.yaml").write_text(content, encoding="utf-8")
    code, lines = check_lines(invoke, data_dir)
    if message is None:
        assert code == 0
    else:
        assert code == 1 and message in lines[0], lines


def test_nothing_in_a_data_file_runs_code(invoke: Invoke, data_dir: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"!!python/object/apply:os.system ['touch {marker}']"
    (data_dir / "tasks.yaml").write_text(HEADER + f"  - {payload}\n")
    check_lines(invoke, data_dir)
    invoke("overdue", "--data", str(data_dir))
    assert not marker.exists()


def test_a_file_over_the_size_limit_is_refused_unread(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hazchem_cli.store import yaml_read as yamlfile

    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 1000)
    code, lines = check_lines(invoke, data_dir)
    assert code == 1
    assert "tasks.yaml:1:1: file is" in lines[-1] and "the limit is 1,000 bytes" in lines[-1]


def test_a_symlink_loop_is_a_clear_error(invoke: Invoke, data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.unlink()
    os.symlink(tasks, tasks)
    code, lines = check_lines(invoke, data_dir)
    assert code == 1 and lines[0] == f"{tasks}:1:1: is a link that loops back on itself"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_a_clear_error(invoke: Invoke, data_dir: Path) -> None:
    (data_dir / "tasks.yaml").chmod(0)
    code, lines = check_lines(invoke, data_dir)
    assert code == 1 and "permission denied" in lines[0]


# Output that cannot be abused --------------------------------------------------------

HOSTILE_TEXT = "[bold red]红色[/] \x1b[2J\x1b]0;title\x07 =cmd|' /C calc'!A0"


@pytest.fixture
def hostile_data(data_dir: Path) -> Path:
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text().replace(
        "    task: 建立完善省、市、县三级危化品安全专委会专家组。\n",
        f"    task: {json.dumps(HOSTILE_TEXT)}\n",
    )
    tasks.write_text(text.replace("task: 对52个化工园区开展复核认定。", "task: '=1+2'"))
    return data_dir


def test_markup_and_escape_sequences_print_literally(invoke: Invoke, hostile_data: Path) -> None:
    result = invoke("show", "2", "--data", str(hostile_data))
    assert result.exit_code == 0
    assert "[bold red]红色[/]" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "^[[2J" in result.stdout  # made visible, not obeyed
    markdown = invoke("list", "--data", str(hostile_data), "--format", "md").stdout
    assert "\x1b" not in markdown


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(
    invoke: Invoke, hostile_data: Path
) -> None:
    result = invoke("list", "--data", str(hostile_data), "--format", "csv", "--lang", "en")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")))}
    assert rows["9"]["task"] == "'=1+2"
    assert rows["2"]["task"].startswith("[bold red]")  # not a formula: left as it is
    assert rows["1"]["id"] == "1"  # numbers stay numbers


def test_an_edit_never_reaches_another_task_through_an_alias(
    invoke: Invoke, data_dir: Path
) -> None:
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text()
    text = text.replace(
        '    deadline: "2022年10月"\n    status: not_started\n',
        '    deadline: "2022年10月"\n    status: in_progress\n    progress: &shared\n'
        "      - on: 2022-06-01\n        by: 省应急管理厅\n        note: 已部署\n",
        1,
    )
    text = text.replace(
        '    deadline: "2022年6月"\n    status: not_started\n  - id: 14',
        '    deadline: "2022年6月"\n    status: in_progress\n    progress: *shared\n  - id: 14',
    )
    tasks.write_text(text)
    assert invoke("check", "--data", str(data_dir)).exit_code == 0
    before = tasks.read_bytes()
    result = invoke("note", "12", "新进展", "--by", "应急厅", "--on", "2022-07-01",
                    "--data", str(data_dir))  # fmt: skip
    assert result.exit_code == 1
    assert "through a YAML alias (*name); an edit would change both" in result.stderr
    assert tasks.read_bytes() == before
    assert invoke("note", "20", "新进展", "--by", "应急厅", "--data", str(data_dir)).exit_code == 0
