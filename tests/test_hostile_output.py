"""Output that cannot be forged or lost (issue 16, classes 9 and 10).

GitHub reads workflow commands from every line of a job's log, and calendar programs
read one property per line: text from the data or the command line must never start a
line of its own there. A full disk or a closed standard output is a one-line error.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest

from tests.conftest import DATA, Invoke

AS_OF = ("--as-of", "2022-12-01")


def test_annotation_properties_and_messages_are_escaped_as_github_specifies() -> None:
    from hazchem_cli.escape.github import annotation, escape_data, escape_property

    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    assert (
        annotation("d,e:f.yaml", 3, 4, "x\n::error::forged")
        == "::error file=d%2Ce%3Af.yaml,line=3,col=4::x%0A::error::forged"
    )


def test_a_folder_name_cannot_forge_workflow_commands(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "x,line=1\n::warning file=forged.yaml::all good%0A"
    folder.mkdir()
    for name in ("tasks.yaml", "agencies.yaml"):
        shutil.copy(DATA / name, folder / name)
    tasks = folder / "tasks.yaml"
    tasks.write_text(tasks.read_text().replace("status: not_started", "status: unknown", 1))
    result = invoke("check", "--data", str(folder), "--format", "github", "--no-cache", *AS_OF)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("::error file=")
    assert "/x%2Cline=1%0A%3A%3Awarning file=forged.yaml%3A%3Aall good%250A/tasks.yaml," in lines[0]


def test_github_is_the_default_format_in_actions(invoke: Invoke, data_dir: Path) -> None:
    (data_dir / "tasks.yaml").write_text("title: [1\n")
    result = invoke("check", "--data", str(data_dir), "--no-cache", env={"GITHUB_ACTIONS": "true"})
    escaped = str(data_dir).replace(",", "%2C").replace(":", "%3A")
    assert result.stdout.startswith(f"::error file={escaped}")


def calendar_lines(result_stdout: str) -> list[str]:
    text = result_stdout.replace("\r\n", "\n")
    return text.replace("\n ", "").split("\n")  # unfolded content lines


@pytest.mark.parametrize("name", ["a\nX-INJECT:evil", "a\r\nBEGIN:VEVENT", "a;b,c\\"])
def test_a_calendar_name_with_line_breaks_is_escaped(
    invoke: Invoke, data_dir: Path, name: str
) -> None:
    result = invoke("calendar", "--name", name, "--data", str(data_dir), *AS_OF)
    assert result.exit_code == 0, result.stderr
    lines = calendar_lines(result.stdout)
    assert not any(line.startswith(("X-INJECT", "BEGIN:VEVENT\\")) for line in lines)
    assert sum(line == "BEGIN:VEVENT" for line in lines) == 38
    named = [line for line in lines if line.startswith("X-WR-CALNAME:")]
    assert len(named) == 1 and "\n" not in named[0]


def test_a_list_title_with_a_line_break_is_escaped(invoke: Invoke, data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text()
    title_line = next(line for line in text.splitlines() if line.startswith("title:"))
    tasks.write_text(text.replace(title_line, 'title: "清单\\nX-INJECT:evil"', 1))
    result = invoke("calendar", "--data", str(data_dir), *AS_OF)
    assert result.exit_code == 0, result.stderr
    assert not any(line.startswith("X-INJECT") for line in calendar_lines(result.stdout))


def test_without_asserts_nothing_is_injected_either(data_dir: Path) -> None:
    """``python -O`` drops icalendar's asserts: the escaping must not depend on them."""
    result = subprocess.run(
        [sys.executable, "-O", "-m", "hazchem_cli", "calendar", "--name", "a\nX-INJECT:evil",
         "--data", str(data_dir), *AS_OF],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert b"\nX-INJECT" not in result.stdout and b"\rX-INJECT" not in result.stdout
    assert b"X-WR-CALNAME:a\\nX-INJECT:evil\r\n" in result.stdout


# class 10: output that cannot be written ------------------------------------------------


def hazchem(*args: str, stdout: IO[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HAZCHEM_NO_CACHE": "1", "LANG": "en_US.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "hazchem_cli", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("output_format", ["table", "json", "csv"])
def test_a_full_disk_is_a_one_line_error(data_dir: Path, output_format: str) -> None:
    with open("/dev/full", "w") as full:
        result = hazchem("overdue", "--data", str(data_dir), "--format", output_format, *AS_OF,
                         stdout=full)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        "hazchem: error: cannot write the output (No space left on device); "
        "check the disk space or where the output goes\n"
    )


def test_a_closed_standard_output_is_a_one_line_error(data_dir: Path) -> None:
    args = [sys.executable, "-m", "hazchem_cli", "overdue", "--data", str(data_dir), *AS_OF]
    result = subprocess.run(
        ["sh", "-c", '"$@" >&-', "sh", *args],
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        env={**os.environ, "LANG": "zh_CN.UTF-8"},
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == (
        "hazchem：错误：无法写出结果（标准输出已关闭）；请检查磁盘空间或输出去向\n"
    )
