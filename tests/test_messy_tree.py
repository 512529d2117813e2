"""Reading every unit's checkout when the tree holds more than task lists."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from hazchem_cli.cli.app import main
from hazchem_cli.cli.arguments import spread_data_paths
from tests.conftest import DATA, Invoke

AS_OF = ("--as-of", "2022-07-01")


@pytest.fixture
def checkouts(tmp_path: Path) -> Path:
    """Two cities' checkouts, one with an mkdocs.yaml and a workflow beside its data."""
    root = tmp_path / "checkouts"
    for city in ("hangzhou", "ningbo"):
        folder = root / city / "data"
        folder.mkdir(parents=True)
        for name in ("tasks.yaml", "agencies.yaml"):
            shutil.copy(DATA / name, folder / name)
    (root / "hangzhou" / "mkdocs.yaml").write_text("site_name: 杭州\nnav: []\n", encoding="utf-8")
    workflows = root / "ningbo" / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "check.yml").write_text("on: push\n", encoding="utf-8")
    return root


def refs(stdout: str) -> list[str]:
    return [str(row["ref"]) for row in json.loads(stdout)]


def test_other_yaml_in_a_folder_is_skipped_with_one_warning(
    invoke: Invoke, checkouts: Path
) -> None:
    result = invoke("overdue", "--data", str(checkouts), *AS_OF, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert refs(result.stdout)[:2] == ["hangzhou:3", "ningbo:3"]
    mkdocs = checkouts / "hangzhou" / "mkdocs.yaml"
    assert result.stderr.splitlines() == [f"{mkdocs}: not a task list (no tasks), skipped"]


def test_a_task_file_is_known_by_its_content_not_its_name(invoke: Invoke, checkouts: Path) -> None:
    data = checkouts / "ningbo" / "data"
    (data / "tasks.yaml").rename(data / "ningbo-2022.yaml")
    result = invoke("overdue", "--data", str(checkouts), *AS_OF, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "ningbo-2022:3" in refs(result.stdout)


def test_a_broken_list_is_reported_and_the_rest_still_answer(
    invoke: Invoke, checkouts: Path
) -> None:
    broken = checkouts / "ningbo" / "data" / "tasks.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "  - id: [\n", encoding="utf-8")
    result = invoke("overdue", "--data", str(checkouts), *AS_OF, "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    assert refs(result.stdout)[0] == "hangzhou:3"
    assert all(ref.startswith("hangzhou:") for ref in refs(result.stdout))
    said = result.stderr.splitlines()
    assert any(line.startswith(f"{broken}:") for line in said)
    assert said[-1] == "1 list(s) have problems and were skipped; the other 1 answered"
    strict = invoke("overdue", "--data", str(checkouts), *AS_OF, "--strict", "--format", "json")
    assert strict.exit_code == 1
    assert strict.stdout == ""


def test_several_paths_after_one_data_option(
    checkouts: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("gc.disable", lambda: None)
    monkeypatch.setattr("gc.freeze", lambda: None)
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "__all__")
    globbed = [str(path) for path in sorted(checkouts.glob("*/data"))]
    monkeypatch.setattr(
        sys, "argv", ["hazchem", "overdue", "--data", *globbed, *AS_OF, "-f", "json"]
    )
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 0
    assert refs(capsys.readouterr().out)[:2] == ["hangzhou:3", "ningbo:3"]


def test_only_existing_paths_after_data_are_spread(tmp_path: Path) -> None:
    one, two = tmp_path / "a", tmp_path / "b"
    one.mkdir()
    two.mkdir()
    assert spread_data_paths(["show", "--data", str(one), str(two), "12"]) == [
        "show", "--data", str(one), "--data", str(two), "12",
    ]  # fmt: skip
    assert spread_data_paths(["overdue", f"--data={one}", str(two)]) == [
        "overdue", f"--data={one}", "--data", str(two),
    ]  # fmt: skip
    # Commands that read one list only are left to say what is wrong.
    assert spread_data_paths(["note", "--data", str(one), str(two)]) == [
        "note", "--data", str(one), str(two),
    ]  # fmt: skip
