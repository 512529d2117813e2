"""``hazchem check``: every problem, all at once, each at its exact file:line:col."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, Invoke

AS_OF = "2023-01-15"
HEADER = "title: 任务清单\nsource: list.txt\nissued_by: 省危化安全专委办\ntasks:\n"
TASK = """\
  - id: {id}
    measure: 压实企业主体责任
    task: 制定清单。
    lead:
      - 省应急管理厅
    responsible: []
    deadline: "2022年6月"
    status: not_started
"""


def task_file(data_dir: Path, body: str, header: str = HEADER) -> Path:
    path = data_dir / "tasks.yaml"
    path.write_text(header + body, encoding="utf-8")
    return path


def check(invoke: Invoke, data_dir: Path, *extra: str) -> tuple[int, list[str]]:
    """``check``'s exit code and lines, in English (tests/test_check_language.py: Chinese)."""
    result = invoke("check", "--data", str(data_dir), "--as-of", AS_OF, "--lang", "en", *extra)
    assert "Traceback" not in result.stderr
    prefix = f"{data_dir}/"
    return result.exit_code, [line.removeprefix(prefix) for line in result.stdout.splitlines()]


def test_shipped_data_is_valid(invoke: Invoke) -> None:
    result = invoke("check", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "" and result.stderr.startswith("检查通过：")
    english = invoke("check", "--as-of", AS_OF, "--lang", "en")
    assert english.stderr.startswith("ok: ") and english.stderr.endswith(" valid\n")


def test_the_count_of_problems_is_said_in_the_users_language(
    invoke: Invoke, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("tasks.yaml", "agencies.yaml"):
        text = (ROOT / "data" / name).read_text(encoding="utf-8")
        (data / name).write_text(
            text.replace("status: not_started", "status: 未知", 1), encoding="utf-8"
        )
    chinese = invoke("check", "--as-of", AS_OF, "--data", str(data))
    assert chinese.exit_code == 1
    assert chinese.stderr.endswith("共 1 个问题，涉及 1 个文件\n")
    english = invoke("check", "--as-of", AS_OF, "--data", str(data), "--lang", "en")
    assert english.stderr.endswith("1 problem(s) in 1 file(s)\n")


def test_a_minimal_valid_file_passes(invoke: Invoke, data_dir: Path) -> None:
    task_file(data_dir, TASK.format(id=1))
    assert check(invoke, data_dir) == (0, [])


def test_all_problems_are_reported_at_once_each_at_its_line(invoke: Invoke, data_dir: Path) -> None:
    body = (
        TASK.format(id=1).replace("    task:", "    tsk:")  # line 7
        + TASK.format(id=2).replace("      - 省应急管理厅", "      - 应急厅")  # line 17
        + TASK.format(id=2).replace("      - 省应急管理厅", "      - 省应急管理局")  # 21, 25
        + TASK.format(id=4).replace('"2022年6月"', '"2022年13月"')  # line 35
        + TASK.format(id=5).replace("status: not_started", "status: done")  # line 44
        + TASK.format(id=6).replace(
            "status: not_started",
            "status: in_progress\n    done_on: 2022-05-01\n    progress:\n"
            "      - on: 2022-05-01\n        by: 省应急\n        note: 进展",
        )  # done_on line 53, progress by line 56
        + TASK.format(id=7).replace(
            "status: not_started", "status: done\n    done_on: 2023-02-01"
        )  # line 66
    )
    task_file(data_dir, body)
    code, lines = check(invoke, data_dir)
    assert code == 1
    assert lines == [
        "tasks.yaml:5:5: missing required key 'task': add a line \"task: …\" here, with its text",
        "tasks.yaml:7:5: unknown key 'tsk'; did you mean task? Correct the spelling, or remove "
        "the line",
        "tasks.yaml:17:9: '应急厅' is another name for 省应急管理厅; "
        "write the full name 省应急管理厅",
        "tasks.yaml:21:9: duplicate task id 2 (task 2 in the list has it too); "
        "give this task the next free id, 8",
        "tasks.yaml:25:9: unknown agency '省应急管理局'; did you mean 省应急管理厅 or 省市场监管局? "
        "Write a full name from agencies.yaml, or add the agency there",
        "tasks.yaml:35:15: month 13 does not exist in '2022年13月'; months run from 1 to 12",
        "tasks.yaml:44:13: status is done but done_on is missing; add a line done_on: with the "
        "day the work ended, e.g. done_on: 2022-07-21",
        "tasks.yaml:53:14: done_on is set but status is in_progress; "
        "set status: done, or remove done_on",
        "tasks.yaml:56:13: '省应急' is another name for 省应急管理厅; write the full name 省应急管理厅",
        f"tasks.yaml:66:14: done_on 2023-02-01 is after today ({AS_OF}); write the day the "
        "work ended",
    ]


def test_a_name_is_reported_wherever_it_is_written(invoke: Invoke, data_dir: Path) -> None:
    extension = (
        'extensions:\n      - on: 2022-05-01\n        to: "2022年9月"\n'
        "        reason: 延期\n        approved_by: 省应急管理局"
    )
    body = (
        TASK.format(id=1).replace("responsible: []", "responsible:\n      - 省应急管理局")
        + TASK.format(id=2)
        + TASK.format(id=3).replace("      - 省应急管理厅", "      - 省应急管理局")
        + TASK.format(id=4).replace("status: not_started", extension)
    )
    task_file(data_dir, body)
    unknown = (
        "unknown agency '省应急管理局'; did you mean 省应急管理厅 or 省市场监管局? "
        "Write a full name from agencies.yaml, or add the agency there"
    )
    assert check(invoke, data_dir) == (
        1,
        [f"tasks.yaml:{line}: {unknown}" for line in ("11:9", "26:9", "41:22")],
    )


def test_an_unquoted_iso_deadline_is_accepted(invoke: Invoke, data_dir: Path) -> None:
    task_file(data_dir, TASK.format(id=1).replace('"2022年6月"', "2022-06-30"))
    assert check(invoke, data_dir) == (0, [])


def test_an_impossible_unquoted_date_is_located(invoke: Invoke, data_dir: Path) -> None:
    task_file(data_dir, TASK.format(id=1).replace('"2022年6月"', "2022-02-30"))
    code, lines = check(invoke, data_dir)
    assert code == 1
    assert lines[0].startswith("tasks.yaml:11:15: '2022-02-30' is not a real day")


def test_a_wrong_status_value_names_the_field(invoke: Invoke, data_dir: Path) -> None:
    task_file(data_dir, TASK.format(id=1).replace("not_started", "finished"))
    code, lines = check(invoke, data_dir)
    assert code == 1
    assert lines == [
        "tasks.yaml:12:13: status: 'finished' is not one of the words allowed here; write one "
        "of: not_started, in_progress, done, closed"
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            "",
            "tasks.yaml:1:1: the file is empty; it should hold a mapping with title:, source:, "
            "issued_by: and tasks:",
            id="empty",
        ),
        pytest.param(
            "- id: 1\n",
            "tasks.yaml:1:1: the file starts with a list; it should hold a mapping with title:, "
            "source:, issued_by: and tasks:, each key at the start of its line",
            id="top-level-list",
        ),
        pytest.param(
            HEADER + "  - id: 1\n    task: [unclosed\n",
            "tasks.yaml:7:1: this is not valid YAML; look here and on the line above for a "
            "missing colon or space, a stray quote, or indentation that does not line up",
            id="not-yaml",
        ),
        pytest.param(
            HEADER
            + "<<<<<<< HEAD\n"
            + TASK.format(id=1)
            + "=======\n"
            + TASK.format(id=2)
            + ">>>>>>> branch\n",
            "tasks.yaml:5:1: unresolved merge conflict: one side has '- id: 1 / measure: "
            "压实企业主体责任 / task: 制定清单。 / lead: / - 省应急管理厅 / responsible: [] / "
            "deadline: \"2022年6月\" / status: not_star…', the other has '- id: 2 / measure: "
            "压实企业主体责任 / task: 制定清单。 / lead: / - 省应急管理厅 / responsible: [] / "
            'deadline: "2022年6月" / status: not_star…\'; keep the lines you want and '
            "delete the marker lines (<<<<<<<, =======, >>>>>>>)",
            id="merge-conflict",
        ),
        pytest.param(
            HEADER + "  - !!python/object/apply:os.system ['echo pwned']\n",
            "tasks.yaml:5:5: YAML tag !!python/object/apply:os.system is not "
            "allowed: data files hold plain values only (text, numbers, dates, lists and "
            "mappings)",
            id="python-tag",
        ),
        pytest.param(
            HEADER + TASK.format(id=1).replace("    status:", "\tstatus:"),
            "tasks.yaml:12:1: line 12, column 1: a tab is used for indentation; YAML indents "
            "with ordinary spaces only: replace the tab with spaces",
            id="tab",
        ),
        pytest.param(
            HEADER + TASK.format(id=1) + "    status: done\n",
            "tasks.yaml:13:5: duplicate key 'status': it is already given on line 12; keep one",
            id="duplicate-key",
        ),
    ],
)
def test_bad_files_get_one_located_message(
    invoke: Invoke, data_dir: Path, content: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAZCHEM_LANG", "en")
    (data_dir / "tasks.yaml").write_text(content, encoding="utf-8")
    code, lines = check(invoke, data_dir)
    assert code == 1
    assert lines[0] == expected


def test_every_merge_conflict_marker_is_reported(invoke: Invoke, data_dir: Path) -> None:
    body = "<<<<<<< HEAD\n" + TASK.format(id=1) + "=======\n" + TASK.format(id=2) + ">>>>>>> b\n"
    task_file(data_dir, body)
    _, lines = check(invoke, data_dir)
    assert [line.split(": ")[0] for line in lines] == [
        "tasks.yaml:5:1",
        "tasks.yaml:14:1",
        "tasks.yaml:23:1",
    ]


def test_invalid_utf8_is_located(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAZCHEM_LANG", "en")
    path = task_file(data_dir, TASK.format(id=1))
    path.write_bytes(path.read_bytes().replace("制定清单".encode(), b"\xff\xfe\xfa"))
    _, lines = check(invoke, data_dir)
    assert lines == ["tasks.yaml:7:11: not valid UTF-8 (byte 0xff); save as UTF-8"]


def test_utf16_is_refused_with_advice(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAZCHEM_LANG", "en")
    path = task_file(data_dir, TASK.format(id=1))
    path.write_bytes(path.read_text().encode("utf-16"))
    _, lines = check(invoke, data_dir)
    assert lines == ["tasks.yaml:1:1: file is UTF-16; save it as UTF-8"]


def test_windows_bom_and_crlf_are_valid(invoke: Invoke, data_dir: Path) -> None:
    path = task_file(data_dir, TASK.format(id=1))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert check(invoke, data_dir) == (0, [])


def test_a_missing_agencies_file_says_where_it_was_looked_for(
    invoke: Invoke, data_dir: Path
) -> None:
    (data_dir / "agencies.yaml").unlink()
    code, lines = check(invoke, data_dir)
    assert code == 1
    assert lines == [
        "agencies.yaml:1:1: agencies file not found; keep agencies.yaml beside tasks.yaml "
        "or name it with --agencies"
    ]


def test_a_directory_in_place_of_the_task_file(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAZCHEM_LANG", "en")
    (data_dir / "tasks.yaml").unlink()
    (data_dir / "tasks.yaml").mkdir()
    assert check(invoke, data_dir) == (1, ["tasks.yaml:1:1: is a directory, not a YAML file"])


def test_agency_registry_problems(invoke: Invoke, data_dir: Path) -> None:
    path = data_dir / "agencies.yaml"
    text = path.read_text()
    text = text.replace("id: fire\n", "id: Fire Corps\n")
    text = text.replace("      - 省交通厅\n", "      - 省交通厅\n      - 应急厅\n")
    text = text.replace(
        "kind: provincial_department\n    name_en: Zhejiang Provincial Department of Education",
        "kind: ministry\n    name_en: Zhejiang Provincial Department of Education",
        1,
    )
    path.write_text(text)
    code, lines = check(invoke, data_dir)
    assert code == 1
    assert any(
        "id 'Fire Corps' must be lowercase ASCII letters, digits and hyphens, e.g. fire-corps"
        in line
        for line in lines
    )
    assert any("kind: 'ministry' is not one of the words allowed here" in line for line in lines)
    assert any("'应急厅' already names 省应急管理厅" in line for line in lines)
    assert all(line.startswith("agencies.yaml:") for line in lines)


def test_json_and_github_formats(invoke: Invoke, data_dir: Path) -> None:
    task_file(data_dir, TASK.format(id=1).replace("    task:", "    tsk:"))
    result = invoke(
        "check", "--data", str(data_dir), "--format", "json", "--as-of", AS_OF, "--lang", "en"
    )
    rows = json.loads(result.stdout)
    assert result.exit_code == 1
    assert {(row["line"], row["col"]) for row in rows} == {(5, 5), (7, 5)}
    assert set(rows[0]) == {"path", "line", "col", "message", "detail"}
    assert rows[0]["detail"] is None  # only a parser's own words are a detail
    github = invoke(
        "check",
        "--data",
        str(data_dir),
        "--as-of",
        AS_OF,
        "--lang",
        "en",
        env={"GITHUB_ACTIONS": "true"},
    )
    assert github.stdout.splitlines()[1].endswith(
        "tasks.yaml,line=7,col=5::unknown key 'tsk'; did you mean task? Correct the spelling, "
        "or remove the line"
    )
    assert github.stdout.startswith("::error file=")


def test_a_bad_as_of_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("check", "--as-of", "someday")
    assert result.exit_code == 2
    assert "--as-of" in result.stderr


def test_an_alias_may_not_be_another_agencys_name_without_province(
    invoke: Invoke, data_dir: Path
) -> None:
    path = data_dir / "agencies.yaml"
    path.write_text(
        path.read_text().replace(
            "      - 省经济和信息化厅\n", "      - 省经济和信息化厅\n      - 应急管理厅\n"
        )
    )
    code, lines = check(invoke, data_dir)
    assert code == 1
    assert lines[0].endswith(
        "'应急管理厅' already names 省应急管理厅; names, ids, aliases and names without 省 "
        "must each point to one agency: change or remove one"
    )
