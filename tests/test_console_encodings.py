"""Never a traceback on any console encoding: output degrades instead (issue 12, item 3).

A Chinese Windows console writes GBK, a redirect may be ASCII; the bars of ``timeline``
(▒), the ⚠ of ``diff`` and every Chinese word must then come out as ``?`` or be left
out, never stop the command. Each command runs as a real process, as on such a console.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = [
    ["timeline"],
    ["list"],
    ["overdue"],
    ["upcoming"],
    ["summary"],
    ["agencies"],
    ["show", "11"],
    ["rounds"],
    ["notices"],
    ["report", "-f", "md"],
    ["calendar", "-o", "-"],
    ["list", "-f", "csv"],
]


@pytest.mark.parametrize("encoding", ["gbk", "ascii"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_console_that_cannot_show_a_character_gets_no_traceback(
    data_dir: Path, command: list[str], encoding: str
) -> None:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "HAZCHEM_LANG": "zh"}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "hazchem_cli",
            *command,
            "--as-of",
            "2022-12-01",
            "--data",
            str(data_dir),
        ],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode(encoding, "replace")
    assert b"Traceback" not in completed.stderr
    assert completed.stdout  # an answer, degraded where it must be
