"""What an edit keeps of the file it rewrites, and how it fails without harming it.

Failures are made real where the test can: the second writer is a separate process
writing the real file, and a read-only folder is a real chmod (except as root, where
chmod stops nothing, so the system's refusal is simulated instead).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import hazchem_cli
from hazchem_cli.cli import common
from hazchem_cli.edit.atomic import require_editable
from hazchem_cli.errors import UsageError
from tests.conftest import Invoke

TODAY = dt.date(2022, 12, 15)
STATUS_12 = "    status: not_started\n  - id: 13\n"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "today", lambda: TODAY)


def done_12(invoke: Invoke, data_dir: Path, code: int = 0) -> str:
    result = invoke("done", "12", "--on", "2022-11-20", "--data", str(data_dir))
    assert result.exit_code == code, result.stderr
    return result.stderr


def edited_lf(data_dir: Path, invoke: Invoke) -> str:
    """The LF file as ``done 12`` leaves it: what every variant must match, line for line."""
    done_12(invoke, data_dir)
    return (data_dir / "tasks.yaml").read_text(encoding="utf-8")


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


# --- the file's own form is kept ------------------------------------------------------


def test_the_shipped_files_round_trip_byte_for_byte(data_dir: Path) -> None:
    from hazchem_cli.edit.yaml_write import detect_style, render
    from hazchem_cli.store.yaml_read import CANONICAL_INDENT, parse_roundtrip, read_data_text

    for name in ("tasks.yaml", "agencies.yaml"):
        data = read_data_text(data_dir / name)
        document = parse_roundtrip(data)
        style = detect_style(data, document)
        assert style.indent == CANONICAL_INDENT
        assert render(document, style) == data.text


def test_crlf_line_ends_are_kept(invoke: Invoke, data_dir: Path, tmp_path: Path) -> None:
    expected = edited_lf(make_copy(data_dir, tmp_path / "lf"), invoke)
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8").replace(
        STATUS_12, "    status: not_started  # checked\n  # next\n  - id: 13\n"
    )
    tasks.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))

    done_12(invoke, data_dir)

    raw = tasks.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n")
    expected = expected.replace(
        "    status: done\n    done_on: 2022-11-20\n  - id: 13\n",
        "    status: done         # checked\n    done_on: 2022-11-20\n  # next\n  - id: 13\n",
    )
    assert raw.decode("utf-8") == expected.replace("\n", "\r\n")


def test_a_bom_is_kept(invoke: Invoke, data_dir: Path, tmp_path: Path) -> None:
    expected = edited_lf(make_copy(data_dir, tmp_path / "lf"), invoke)
    tasks = data_dir / "tasks.yaml"
    tasks.write_bytes(b"\xef\xbb\xbf" + tasks.read_bytes())

    done_12(invoke, data_dir)

    assert tasks.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")


def test_the_files_own_indentation_is_kept(invoke: Invoke, data_dir: Path) -> None:
    """Lists flush with their key (``- id:`` under ``tasks:``), as many editors write them."""
    tasks = data_dir / "tasks.yaml"
    flush = "".join(
        FLUSH_LEFT[len(line) - len(line.lstrip(" "))] * " " + line.lstrip(" ")
        for line in tasks.read_text(encoding="utf-8").splitlines(keepends=True)
    )
    tasks.write_text(flush, encoding="utf-8")
    assert "\n- id: 12\n  measure:" in flush

    done_12(invoke, data_dir)

    after = tasks.read_text(encoding="utf-8").splitlines(keepends=True)
    before = flush.splitlines(keepends=True)
    assert [line for line in after if line not in before] == [
        "  status: done\n",
        "  done_on: 2022-11-20\n",
    ]
    assert len(after) == len(before) + 1


#: Old column to new: tasks' dashes to 0, their keys to 2, the dashes of their lists to 2.
FLUSH_LEFT = {0: 0, 2: 0, 4: 2, 6: 2}


def test_a_missing_final_newline_stays_missing(invoke: Invoke, data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    tasks.write_bytes(tasks.read_bytes().rstrip(b"\n"))

    done_12(invoke, data_dir)

    assert not tasks.read_bytes().endswith(b"\n")


def test_permissions_and_a_symlink_are_kept(invoke: Invoke, data_dir: Path) -> None:
    real = data_dir / "real-tasks.yaml"
    (data_dir / "tasks.yaml").rename(real)
    real.chmod(0o640)
    (data_dir / "tasks.yaml").symlink_to(real.name)

    done_12(invoke, data_dir)

    assert (data_dir / "tasks.yaml").is_symlink()
    assert "done_on: 2022-11-20" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_the_copy_installed_with_the_package_is_never_edited() -> None:
    installed = Path(hazchem_cli.__file__).parent / "_data" / "tasks.yaml"

    with pytest.raises(UsageError, match="是随 hazchem 安装的副本，不能修改"):
        require_editable(installed)


# --- a change made by someone else meanwhile -------------------------------------------

SECOND_WRITER = """
import pathlib, sys
path = pathlib.Path(sys.argv[1])
path.write_bytes(path.read_bytes() + "# added by another editor\\n".encode())
"""


def another_process_appends_to(path: Path) -> None:
    subprocess.run([sys.executable, "-c", SECOND_WRITER, str(path)], check=True)


def test_a_change_during_the_edit_stops_it(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process rewrites the file while the edited text is being checked."""
    from hazchem_cli.edit import splice
    from hazchem_cli.edit import task_edits as edits

    tasks = data_dir / "tasks.yaml"
    original = tasks.read_bytes()
    real_check = splice.confirmed_locally
    calls: list[int] = []

    def check_then_interfere(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:  # the check of the edited text, before writing
            another_process_appends_to(tasks)
        return real_check(*args)

    monkeypatch.setattr(edits, "confirmed_locally", check_then_interfere)

    said = done_12(invoke, data_dir, code=1)

    assert "hazchem 修改期间" in said and "在磁盘上被改动了" in said
    assert tasks.read_bytes() == original + b"# added by another editor\n"
    assert leftovers(data_dir) == []


def test_a_change_just_before_the_rename_stops_it(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The latest moment: the new text is on disk in the temporary file, not yet renamed."""
    tasks = data_dir / "tasks.yaml"
    original = tasks.read_bytes()
    real_fsync = os.fsync

    def fsync_then_interfere(descriptor: int) -> None:
        real_fsync(descriptor)
        if leftovers(data_dir):  # the temporary file, not the folder
            another_process_appends_to(tasks)

    monkeypatch.setattr(os, "fsync", fsync_then_interfere)

    said = done_12(invoke, data_dir, code=1)

    assert "在磁盘上被改动了" in said
    assert tasks.read_bytes() == original + b"# added by another editor\n"
    assert leftovers(data_dir) == []


# --- the system refuses ---------------------------------------------------------------


def failing(exception: BaseException) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise exception

    return fail


@pytest.mark.parametrize("function", ["fsync", "replace"])
def test_a_full_disk_leaves_the_file_intact(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch, function: str
) -> None:
    tasks = data_dir / "tasks.yaml"
    original = tasks.read_bytes()
    monkeypatch.setattr(os, function, failing(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))

    said = done_12(invoke, data_dir, code=1)

    assert said == (f"hazchem：错误：无法写入 {tasks}：No space left on device；文件未改动\n")
    assert tasks.read_bytes() == original
    assert leftovers(data_dir) == []


def test_an_interrupted_write_leaves_the_file_intact(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = data_dir / "tasks.yaml"
    original = tasks.read_bytes()
    monkeypatch.setattr(os, "fsync", failing(KeyboardInterrupt()))

    done_12(invoke, data_dir, code=130)  # click's exit status for an interrupt

    assert tasks.read_bytes() == original
    assert leftovers(data_dir) == []


def test_a_read_only_folder_simulated(
    invoke: Invoke, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the system says when the folder cannot take a new file."""
    original = (data_dir / "tasks.yaml").read_bytes()
    monkeypatch.setattr(
        tempfile, "mkstemp", failing(PermissionError(errno.EACCES, "Permission denied"))
    )

    said = done_12(invoke, data_dir, code=1)

    assert "Permission denied（文件夹是否只读？）；文件未改动" in said
    assert (data_dir / "tasks.yaml").read_bytes() == original


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes despite chmod"
)
def test_a_read_only_folder(invoke: Invoke, data_dir: Path) -> None:
    original = (data_dir / "tasks.yaml").read_bytes()
    data_dir.chmod(0o555)
    try:
        said = done_12(invoke, data_dir, code=1)
    finally:
        data_dir.chmod(0o755)

    assert "(is the folder read-only?); the file is unchanged" in said
    assert (data_dir / "tasks.yaml").read_bytes() == original
    assert leftovers(data_dir) == []


def make_copy(data_dir: Path, target: Path) -> Path:
    target.mkdir()
    for name in ("tasks.yaml", "agencies.yaml"):
        (target / name).write_bytes((data_dir / name).read_bytes())
    return target
