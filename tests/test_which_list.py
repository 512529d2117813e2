"""Say which list answered: the copy shipped with hazchem is never used silently (issue 12, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

import hazchem_cli
from tests.conftest import Invoke

NOTICE_ZH = "提示：这里没有您自己的任务清单，以下回答来自 hazchem 自带的清单"
NOTICE_EN = "note: no task list of your own was found here; this answer comes from the list"


@pytest.mark.parametrize("command", [["show", "11"], ["overdue"], ["check"]])
def test_outside_a_checkout_the_shipped_list_is_named_on_stderr(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(*command, "--as-of", "2022-12-01", env={"HAZCHEM_LANG": "zh"})
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count(NOTICE_ZH) == 1
    english = invoke(*command, "--as-of", "2022-12-01", env={"HAZCHEM_LANG": "en"})
    assert NOTICE_EN in english.stderr


def test_a_list_of_ones_own_is_answered_without_a_notice(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data_dir: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    named = invoke("overdue", "--as-of", "2022-12-01", "--data", str(data_dir))
    assert named.exit_code == 0 and "hazchem" not in named.stderr
    monkeypatch.chdir(data_dir.parent)  # data/tasks.yaml here
    found = invoke("overdue", "--as-of", "2022-12-01")
    assert found.exit_code == 0 and found.stderr == ""


def test_the_api_says_so_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> None:
    monkeypatch.delenv("HAZCHEM_DATA", raising=False)
    monkeypatch.chdir(tmp_path_factory.mktemp("no-list-here"))  # data_dir's parent holds one
    loaded = hazchem_cli.load()
    assert loaded.shipped, loaded.files
    assert not hazchem_cli.load(data_dir).shipped


def test_show_names_the_file_it_read(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data_dir: Path
) -> None:
    monkeypatch.chdir(data_dir.parent)
    table = invoke("show", "11", "--as-of", "2022-12-01")
    assert "文件       data/tasks.yaml" in table.stdout
    english = invoke("show", "11", "--as-of", "2022-12-01", "--lang", "en", "-f", "json")
    assert '"file": "data/tasks.yaml"' in english.stdout
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    shipped = invoke("show", "11", "--as-of", "2022-12-01")
    file_line = next(line for line in shipped.stdout.splitlines() if line.startswith("文件"))
    assert Path(file_line.split()[-1]).is_absolute() and file_line.endswith("tasks.yaml")


def test_with_two_lists_show_names_the_one_that_holds_the_task(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data_dir: Path
) -> None:
    other = tmp_path / "hangzhou"
    other.mkdir()
    for name in ("tasks.yaml", "agencies.yaml"):
        (other / name).write_text((data_dir / name).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke(
        "show", "hangzhou:11", "--data", str(data_dir), "--data", str(other), "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    assert '"file": "hangzhou/tasks.yaml"' in result.stdout


@pytest.mark.parametrize("form", ["md", "html"])
def test_the_report_header_names_the_files_read(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, data_dir: Path, form: str
) -> None:
    monkeypatch.chdir(data_dir.parent)
    result = invoke("report", "--as-of", "2022-12-01", "-f", form, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "数据文件：data/tasks.yaml" in result.stdout
    english = invoke("report", "--as-of", "2022-12-01", "-f", form, "-o", "-", "--lang", "en")
    assert "Data files: data/tasks.yaml" in english.stdout
