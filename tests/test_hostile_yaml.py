"""Hostile YAML (issue 16, classes 1, 4, 5, 6, 11): crashes, unbounded work, changed meaning.

Depth is measured by the parser's own events, so brackets in quotes or comments hide
nothing; the work of ``check`` is bounded by values and by time; one YAML version is read
and written; merge keys are refused; and every character of a note is kept.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hazchem_cli.edit import fmt as canonical
from hazchem_cli.model.documents import TaskFile
from hazchem_cli.store import validate as validation
from hazchem_cli.store import yaml_read as yamlfile
from hazchem_cli.store.yaml_read import DataText
from tests.conftest import Invoke


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests assert hazchem's words in English (the suite's default is Chinese)."""
    monkeypatch.setenv("HAZCHEM_LANG", "en")


HEADER = "title: 清单\nsource: s.txt\nissued_by: 省危化安全专委办\ntasks:\n"
TASK = (
    "  - id: {id}\n    measure: 压实企业主体责任\n    task: 开展检查\n"
    '    lead:\n      - 省应急管理厅\n    deadline: "2022年6月"\n'
)
AS_OF = ("--as-of", "2022-12-01")


def check(invoke: Invoke, data_dir: Path, *options: str) -> tuple[int, list[str]]:
    """``check``'s exit code and lines, in English."""
    result = invoke(
        "check", "--data", str(data_dir), "--no-cache", *AS_OF, "--lang", "en", *options
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout.splitlines()


# class 1: depth hidden in quotes and comments --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # The reproduction: quoted "]" made bracket counting see no depth at all.
        "title: " + '["]", ' * 60_000 + "1" + "]" * 60_000,
        "title: " + "['}', " * 60_000 + "1" + "]" * 60_000,
        "title: " + "[ # ]]\n  " * 60_000 + "1" + "]" * 60_000,
        "title: " + "{a: '}}', b: " * 60_000 + "1" + "}" * 60_000,
    ],
    ids=["double-quoted", "single-quoted", "comments", "flow-mappings"],
)
def test_deep_nesting_hidden_from_a_bracket_count_is_refused_not_a_crash(
    tmp_path: Path, text: str
) -> None:
    """In a real process: the crash it guards against is a SIGSEGV, not an exception."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "tasks.yaml").write_text(text, encoding="utf-8")
    env = {**os.environ, "HAZCHEM_NO_CACHE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "hazchem_cli", "check", "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 1, (result.returncode, result.stderr[-500:])
    assert "nested too deeply (more than 100 levels)" in result.stdout


def test_deep_block_nesting_is_refused_where_it_passes_the_bound(
    invoke: Invoke, data_dir: Path
) -> None:
    lines = [" " * (2 * level) + "k:" for level in range(150)]
    (data_dir / "tasks.yaml").write_text("\n".join(lines) + " 1\n")
    code, out = check(invoke, data_dir)
    assert code == 1
    assert out == [f"{data_dir / 'tasks.yaml'}:101:201: nested too deeply (more than 100 levels): "
                   "far more than any task list (is this the right file?)"]  # fmt: skip


def test_nesting_within_the_bound_is_read(invoke: Invoke, data_dir: Path) -> None:
    deep = "[" * 60 + "1" + "]" * 60
    text = HEADER + TASK.format(id=1) + f"    x: {deep}\n"
    (data_dir / "tasks.yaml").write_text(text)
    code, out = check(invoke, data_dir)
    assert code == 1 and "unknown key 'x'" in out[0]


# class 4: bounded work --------------------------------------------------------------------


def test_locating_stops_at_the_time_bound_with_the_first_problem(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validation, "LOCATE_SECONDS", 0.0)
    (data_dir / "tasks.yaml").write_text(HEADER.replace("tasks:\n", "tasks: [1, 2, 3, 4]\n"))
    code, out = check(invoke, data_dir)
    assert code == 1
    assert len(out) == 2
    assert out[0].endswith(
        "tasks.yaml:4:9: each entry of tasks must be keys with values (key: value, one per "
        "line); found '1'"
    )
    assert out[1].endswith("and 3 more problems not shown; fix these and run check again")


def test_locating_stops_after_the_most_problems_shown(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validation, "MAX_LOCATED", 10)
    items = ", ".join(["1"] * 1000)
    (data_dir / "tasks.yaml").write_text(HEADER.replace("tasks:\n", f"tasks: [{items}]\n"))
    code, out = check(invoke, data_dir)
    assert code == 1 and len(out) == 11
    assert out[-1].endswith(
        "and at least 990 more problems not shown; fix these and run check again"
    )


def test_plainly_wrong_items_beyond_those_shown_are_only_counted(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two million ``{}`` would be ten million problems for pydantic to word."""
    monkeypatch.setattr(validation, "MAX_LOCATED", 10)
    items = ", ".join(["{}"] * 1000)
    (data_dir / "tasks.yaml").write_text(HEADER.replace("tasks:\n", f"tasks: [{items}]\n"))
    code, out = check(invoke, data_dir)
    assert code == 1 and len(out) == 11
    assert "tasks.yaml:4:9: missing required key 'id'" in out[0]
    assert out[-1].endswith(
        "and at least 1,030 more problems not shown; fix these and run check again"
    )


def test_a_file_holding_more_values_than_any_list_is_refused(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hazchem_cli.store import shape

    monkeypatch.setattr(shape, "MAX_VALUES", 1000)
    (data_dir / "tasks.yaml").write_text("title: [" + "1," * 2000 + "1]\n")
    code, out = check(invoke, data_dir)
    assert code == 1
    assert out == [f"{data_dir / 'tasks.yaml'}:1:2003: holds more than 1,000 values: "
                   "far more than any task list (is this the right file?)"]  # fmt: skip


def test_duplicate_keys_are_bounded_too(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlfile, "MAX_DUPLICATES_SHOWN", 3)
    (data_dir / "tasks.yaml").write_text(HEADER + TASK.format(id=1) + "    note: x\n" * 50)
    code, out = check(invoke, data_dir)
    assert code == 1 and len(out) == 4
    assert out[-1].endswith("and 46 more duplicate keys not shown")


def test_a_large_file_is_told_the_c_parsers_error(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pure-Python parser's better words cost a minute on tens of megabytes."""
    monkeypatch.setattr(yamlfile, "MAX_PURE_PARSER_CHARS", 10)
    (data_dir / "tasks.yaml").write_text(HEADER + TASK.format(id=1) + "  - id: [unclosed\n")
    code, out = check(invoke, data_dir)
    assert code == 1
    assert out == [
        f"{data_dir / 'tasks.yaml'}:12:1: this is not valid YAML; look here and on the line "
        "above for a missing colon or space, a stray quote, or indentation that does not line up",
        "    YAML parser: while parsing a flow sequence at 11:9; did not find expected ',' or ']' "
        "at 12:1",
    ]


def test_only_the_first_unknown_names_get_suggestions(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validation, "MAX_SUGGESTED", 1)
    tasks = [TASK.format(id=n).replace("省应急管理厅", f"省应急管理{n}") for n in (1, 2)]
    (data_dir / "tasks.yaml").write_text(HEADER + "".join(tasks))
    code, out = check(invoke, data_dir)
    assert code == 1 and len(out) == 2
    assert "did you mean" in out[0] and "did you mean" not in out[1]


def test_a_registry_too_large_to_search_gives_no_suggestions(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validation, "MAX_SUGGESTION_WORK", 1)  # as if it held millions
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(tasks.read_text().replace("省应急管理厅", "省应急管理厅x", 1))
    code, out = check(invoke, data_dir)
    assert code == 1 and len(out) == 1
    assert "unknown agency '省应急管理厅x': write a full name from agencies.yaml" in out[0]
    agencies = data_dir / "agencies.yaml"
    agencies.write_text(agencies.read_text().replace("members: []", "members: [省应急管理厅y]", 1))
    code, out = check(invoke, data_dir)
    assert code == 1 and "unknown member '省应急管理厅y': members are" in out[0]


def test_many_lists_with_the_same_problem_are_reported_once_each(
    invoke: Invoke, tmp_path: Path
) -> None:
    root = tmp_path / "lists"
    for number in range(30):
        folder = root / f"city{number}"
        folder.mkdir(parents=True)
        (folder / "tasks.yaml").write_text("title: x\ntasks: broken\n")  # a task list, broken
    code = invoke("check", "--data", str(root), "--no-cache", "--format", "json", *AS_OF)
    problems = json.loads(code.stdout)
    assert len(problems) == len({json.dumps(p, sort_keys=True) for p in problems})


# class 5: one YAML version; fmt re-checks what it writes -----------------------------------


@pytest.mark.parametrize("version", ["1.1", "1.0", "2.0"])
def test_a_yaml_version_other_than_1_2_is_refused_by_every_command(
    invoke: Invoke, data_dir: Path, version: str
) -> None:
    tasks = data_dir / "tasks.yaml"
    text = f"# comment\n%YAML {version}\n---\n" + tasks.read_text()
    tasks.write_text(text)
    for command in (("check",), ("fmt",), ("list",), ("start", "1")):
        result = invoke(*command, "--data", str(data_dir))
        assert result.exit_code == 1, command
        said = result.stdout + result.stderr
        assert (
            f"tasks.yaml:2:1: %YAML {version} directive: hazchem reads and writes YAML 1.2" in said
        )
        assert "Traceback" not in said
    assert tasks.read_text() == text


def test_a_yaml_1_2_directive_is_fine(invoke: Invoke, data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.write_text("%YAML 1.2\n---\n" + tasks.read_text())
    assert check(invoke, data_dir)[0] == 0


def test_fmt_writes_nothing_that_would_change_what_the_file_says(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = data_dir / "tasks.yaml"
    before = tasks.read_bytes()
    real = canonical.canonical_task_text

    def a_formatter_with_a_bug(data: DataText, model: TaskFile) -> str:
        done = "  - id: 2\n    status: done\n    done_on: 2022-06-01\n"
        text: str = real(data, model)
        return text.replace("  - id: 2\n", done, 1)

    monkeypatch.setattr(canonical, "canonical_task_text", a_formatter_with_a_bug)
    result = invoke("fmt", "--data", str(data_dir))
    assert result.exit_code == 1
    assert "formatting would change what the file says; nothing was written" in result.stderr
    assert tasks.read_bytes() == before
    assert not list(data_dir.glob(".*.tmp"))


# class 6: merge keys ----------------------------------------------------------------------


def with_merge_key(text: str, merge: str) -> str:
    text = text.replace("  - id: 1\n", "  - &t1\n    id: 1\n", 1)
    return text.replace("  - id: 2\n", f"  - {merge}\n    id: 2\n", 1)


@pytest.mark.parametrize("merge", ["<<: *t1", "<<: [*t1]", "<<: {status: in_progress}"])
def test_merge_keys_are_refused_with_their_place(
    invoke: Invoke, data_dir: Path, merge: str
) -> None:
    tasks = data_dir / "tasks.yaml"
    text = with_merge_key(tasks.read_text(), merge)
    tasks.write_text(text)
    line = text.splitlines().index(f"  - {merge}") + 1
    code, out = check(invoke, data_dir)
    assert code == 1
    assert out == [f"{tasks}:{line}:5: merge key <<: is not allowed: it copies values from "
                   "another mapping, so editing one task would change another; write the "
                   "values out in full"]  # fmt: skip
    result = invoke("start", "1", "--data", str(data_dir))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert tasks.read_text() == text


# class 11: text kept exactly -------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["上报\x85完成", "a\u2028b", "a\u2029b", "a\x85\x85\nb", "a\rb", "a\r\nb"]
)
def test_a_note_with_another_line_break_is_kept_exactly(
    invoke: Invoke, data_dir: Path, text: str
) -> None:
    result = invoke("note", "1", text, "--by", "省应急管理厅", "--on", "2022-11-01",
                    "--data", str(data_dir))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    shown = invoke("show", "1", "--data", str(data_dir), "--format", "json", "--no-cache")
    assert json.loads(shown.stdout)["progress"][-1]["note"] == text
    assert check(invoke, data_dir)[0] == 0
