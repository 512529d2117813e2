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
