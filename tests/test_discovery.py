"""Where the data comes from: --data, then $HAZCHEM_DATA, then the nearest data/, then shipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from hazchem_cli.store.load import find_data, shipped_tasks_path
from tests.conftest import Invoke


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HAZCHEM_DATA", raising=False)


def test_explicit_data_wins_over_everything(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAZCHEM_DATA", str(tmp_path / "elsewhere.yaml"))
    paths = find_data(data_dir / "tasks.yaml", cwd=data_dir)
    assert paths.tasks == data_dir / "tasks.yaml"
    assert paths.agencies == data_dir / "agencies.yaml"


def test_a_folder_means_the_tasks_yaml_in_it(data_dir: Path) -> None:
    assert find_data(data_dir).tasks == data_dir / "tasks.yaml"


def test_environment_comes_before_the_working_tree(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAZCHEM_DATA", str(tmp_path / "other" / "list.yaml"))
    paths = find_data(cwd=data_dir.parent)
    assert paths.tasks == tmp_path / "other" / "list.yaml"
    assert paths.agencies == tmp_path / "other" / "agencies.yaml"


def test_the_nearest_parent_data_folder_is_found(data_dir: Path) -> None:
    deep = data_dir.parent / "reports" / "2022" / "week-48"
    deep.mkdir(parents=True)
    assert find_data(cwd=deep).tasks == data_dir / "tasks.yaml"


def test_outside_any_project_the_shipped_list_is_used(tmp_path: Path) -> None:
    paths = find_data(cwd=tmp_path)
    assert paths.tasks == shipped_tasks_path()
    assert paths.tasks.is_file() and paths.agencies.is_file()


def test_explicit_agencies_file(data_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "registry.yaml"
    assert find_data(data_dir, other).agencies == other


def test_check_follows_the_environment_variable(invoke: Invoke, data_dir: Path) -> None:
    (data_dir / "tasks.yaml").write_text("tasks: oops\n")
    result = invoke("check", env={"HAZCHEM_DATA": str(data_dir)})
    assert result.exit_code == 1
    assert str(data_dir / "tasks.yaml") in result.stdout


def test_import_writes_where_the_search_finds_the_list(
    invoke: Invoke,
    data_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.conftest import SOURCE

    deep = data_dir.parent / "sub" / "folder"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = invoke("import", str(SOURCE))
    assert result.exit_code == 0 and "没有变化" in result.stderr  # found ../../data
    elsewhere = tmp_path_factory.mktemp("fresh")  # no data/ here or in any parent
    monkeypatch.chdir(elsewhere)
    assert invoke("import", str(SOURCE)).exit_code == 0
    assert (elsewhere / "data" / "tasks.yaml").is_file()  # never the installed copy
    monkeypatch.setenv("HAZCHEM_DATA", str(elsewhere / "env-list"))
    assert invoke("import", str(SOURCE)).exit_code == 0
    assert (elsewhere / "env-list" / "tasks.yaml").is_file()
