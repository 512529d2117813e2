"""Many task lists read as one: every unit's copy, qualified ids, checks across all."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hazchem_cli.store.collection import find_task_files, list_labels
from tests.conftest import DATA, Invoke

AS_OF = ("--as-of", "2022-07-01")


@pytest.fixture
def province(tmp_path: Path) -> Path:
    """Checkouts of two cities' lists; Ningbo has done task 3 already."""
    root = tmp_path / "checkouts"
    for city in ("hangzhou", "ningbo"):
        folder = root / city / "data"
        folder.mkdir(parents=True)
        for name in ("tasks.yaml", "agencies.yaml"):
            shutil.copy(DATA / name, folder / name)
    ningbo = root / "ningbo" / "data" / "tasks.yaml"
    ningbo.write_text(
        ningbo.read_text().replace(
            '    deadline: "2022年4月"\n    status: not_started\n',
            '    deadline: "2022年4月"\n    status: done\n    done_on: 2022-04-20\n',
        )
    )
    (root / ".git").mkdir()
    (root / ".git" / "junk.yaml").write_text("not: a task list\n")
    return root


def rows(invoke: Invoke, *args: str) -> list[dict[str, object]]:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert isinstance(loaded, list)
    return loaded


def test_a_folder_stands_for_every_task_file_below_it(province: Path) -> None:
    files = find_task_files([province])
    assert [paths.tasks.relative_to(province).as_posix() for paths in files] == [
        "hangzhou/data/tasks.yaml",
        "ningbo/data/tasks.yaml",
    ]
    assert all(paths.agencies == paths.tasks.with_name("agencies.yaml") for paths in files)
    assert list_labels(files) == ["hangzhou", "ningbo"]


def test_labels_are_short_and_distinct(province: Path, tmp_path: Path) -> None:
    files = find_task_files([province / "hangzhou" / "data", province / "ningbo" / "data"])
    assert list_labels(files) == ["hangzhou", "ningbo"]
    flat = tmp_path / "flat"
    flat.mkdir()
    for name in ("wenzhou.yaml", "jiaxing.yaml"):
        shutil.copy(DATA / "tasks.yaml", flat / name)
    assert list_labels(find_task_files([flat])) == ["jiaxing", "wenzhou"]
    renamed = [province / "hangzhou" / "data" / "tasks.yaml"]
    (province / "ningbo" / "data" / "tasks.yaml").rename(province / "ningbo" / "data" / "nb.yaml")
    renamed.append(province / "ningbo" / "data" / "nb.yaml")
    assert list_labels(find_task_files(renamed)) == ["data", "nb"]


def test_overdue_across_lists_is_qualified_by_list(invoke: Invoke, province: Path) -> None:
    found = rows(invoke, "overdue", "--data", str(province), *AS_OF)
    refs = [row["ref"] for row in found]
    assert "hangzhou:3" in refs
    assert not any(str(ref).startswith("ningbo") and str(ref).endswith(":3") for ref in refs)
    assert len(found) == 7 + 6  # Ningbo has done task 3
    assert found[0]["source"] == "hangzhou" and found[0]["id"] == 3


def test_several_data_options_and_the_table_shows_qualified_ids(
    invoke: Invoke, province: Path
) -> None:
    hangzhou, ningbo = province / "hangzhou" / "data", province / "ningbo" / "data"
    result = invoke("overdue", "--data", str(hangzhou), "--data", str(ningbo), *AS_OF)
    assert result.exit_code == 0
    assert "hangzhou:3" in result.stdout


def test_show_needs_the_list_when_an_id_is_in_several(invoke: Invoke, province: Path) -> None:
    ambiguous = invoke("show", "3", "--data", str(province), "--lang", "en")
    assert ambiguous.exit_code == 2
    assert "task 3 is in several lists; name one: hangzhou:3" in ambiguous.stderr
    record = json.loads(
        invoke("show", "ningbo:3", "--data", str(province), "--format", "json").stdout
    )
    assert record["status"] == "done" and record["source"] == "ningbo"
    unknown = invoke("show", "wenzhou:3", "--data", str(province), "--lang", "en")
    assert unknown.exit_code == 2 and "no list named 'wenzhou'" in unknown.stderr


def test_check_reports_problems_in_every_list(invoke: Invoke, province: Path) -> None:
    for city in ("hangzhou", "ningbo"):
        tasks = province / city / "data" / "tasks.yaml"
        tasks.write_text(tasks.read_text().replace("status: not_started", "status: todo", 1))
    result = invoke("check", "--data", str(province))
    assert result.exit_code == 1
    assert [line.split(":")[0].split("/checkouts/")[1] for line in result.stdout.splitlines()] == [
        "hangzhou/data/tasks.yaml",
        "ningbo/data/tasks.yaml",
    ]


def test_summary_groups_by_file(invoke: Invoke, province: Path) -> None:
    result = invoke("summary", "--data", str(province), "--by-file", *AS_OF, "--format", "json")
    board = json.loads(result.stdout)
    by_source = {row["source"]: row for row in board["by_source"]}
    assert by_source["hangzhou"]["red"] == 7
    assert by_source["ningbo"]["red"] == 6
    assert sum(row["total"] for row in board["by_measure"]) == 100


def test_agency_filters_work_across_lists(invoke: Invoke, province: Path) -> None:
    found = rows(invoke, "list", "--data", str(province), "-a", "能源局", "--role", "lead")
    assert [row["ref"] for row in found] == [
        "hangzhou:27",
        "hangzhou:28",
        "ningbo:27",
        "ningbo:28",
    ]


def test_a_folder_without_task_files_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke("overdue", "--data", str(tmp_path / "empty"), "--lang", "en")
    assert result.exit_code == 2
    assert "no task files (*.yaml) below this folder" in result.stderr
