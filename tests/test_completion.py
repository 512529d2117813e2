"""Shell completion, answered through the same environment variables the shells set."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hazchem_cli.cli.app import app


def complete(words: str, shell: str = "zsh", env: dict[str, str] | None = None) -> str:
    """What hazchem prints when zsh asks it to complete the command line ``words``."""
    variables = {"_HAZCHEM_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": words}
    if shell == "bash":
        parts = words.split(" ")
        variables = {
            "_HAZCHEM_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
        }
    result = CliRunner().invoke(app, [], env={**variables, **(env or {})}, prog_name="hazchem")
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    return result.stdout.strip()


@pytest.fixture(autouse=True)
def shipped_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HAZCHEM_DATA", raising=False)
    monkeypatch.chdir(tmp_path)  # no data/ here: the shipped list is found


def test_agency_ids_complete_with_the_full_name_as_help() -> None:
    assert complete("hazchem list --agency em") == (
        """_arguments '*: :(("emergency":"省应急管理厅"))'"""
    )


def test_chinese_prefixes_complete_names_and_aliases() -> None:
    answer = complete("hazchem overdue --agency 应急")
    assert '"应急厅":"省应急管理厅"' in answer
    assert '"应急管理厅":"省应急管理厅"' in answer
    assert complete("hazchem list -a 省应急", shell="bash").splitlines() == [
        "省应急厅",
        "省应急管理厅",
    ]


def test_task_ids_complete_with_the_start_of_their_text() -> None:
    lines = complete("hazchem show 4", shell="bash").splitlines()
    assert lines == ["4", "40", "41", "42", "43", "44", "45", "46", "47", "48", "49"]
    assert '"5":"逐条落实省委办公厅、省政府办公厅' in complete("hazchem show 5")


def test_completion_follows_the_data_option(data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(tasks.read_text().replace("  - id: 50\n", "  - id: 500\n"))
    assert "500" in complete(f"hazchem show --data {data_dir} 50", shell="bash").split()


def test_a_broken_file_completes_nothing_and_prints_no_error(data_dir: Path) -> None:
    (data_dir / "agencies.yaml").write_text("agencies: [unclosed\n")
    (data_dir / "tasks.yaml").write_bytes(b"\xff\xfe\x00")
    assert complete(f"hazchem list --data {data_dir} --agency em", shell="bash") == ""
    assert complete(f"hazchem show --data {data_dir} 1", shell="bash") == ""


def test_the_completion_script_can_be_shown_for_each_shell() -> None:
    """Through the installed console script, as ``hazchem --install-completion`` runs it."""
    script = Path(sys.executable).with_name("hazchem")
    for shell in ("bash", "zsh", "fish", "powershell"):
        shown = subprocess.run(
            [str(script), "--show-completion", shell], capture_output=True, text=True, check=True
        )
        assert "_HAZCHEM_COMPLETE" in shown.stdout
