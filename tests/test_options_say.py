"""Options mean what they say: none offered that a command refuses or ignores (issue 12, item 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hazchem_cli.cli import terminal
from hazchem_cli.version import __version__
from tests.conftest import Invoke

DAY = ("--as-of", "2022-12-01")


def test_h_is_help_everywhere(invoke: Invoke) -> None:
    assert invoke("-h").stdout == invoke("--help").stdout
    assert invoke("overdue", "-h").stdout == invoke("overdue", "--help").stdout
    assert "用法：hazchem overdue" in invoke("overdue", "-h").stdout


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"hazchem {__version__}\n")


@pytest.mark.parametrize("option", [["--agency", "经信"], ["--level", "red"], ["-s", "园区"]])
def test_show_refuses_filters_it_would_ignore(invoke: Invoke, option: list[str]) -> None:
    result = invoke("show", "11", *option, *DAY)
    assert result.exit_code == 2
    assert "没有这个选项" in result.stderr
    offered = invoke("show", "--help").stdout.split()
    assert option[0] not in offered


def test_repeated_search_texts_must_all_match(invoke: Invoke) -> None:
    def ids(*searches: str) -> set[int]:
        args = [arg for text in searches for arg in ("-s", text)]
        result = invoke("list", *args, *DAY, "--format", "json")
        return {row["id"] for row in json.loads(result.stdout)}

    both = ids("化工", "园区")
    assert both and both == ids("化工") & ids("园区")
    assert both < ids("化工")


def test_an_html_report_asked_for_on_a_terminal_goes_to_a_file(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(terminal, "stdout_is_terminal", lambda: True)
    result = invoke("report", "-f", "html", *DAY, "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    written = tmp_path / "hazchem-report-2022-12-01.html"
    assert result.stderr.splitlines()[-1] == f"简报已写入 {written.name}"
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    dashed = invoke("report", "-f", "html", *DAY, "-o", "-")
    assert dashed.stdout.startswith("<!DOCTYPE html>")


def test_a_piped_html_report_goes_to_stdout(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("report", "-f", "html", *DAY)
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
