"""Faults during writes, with real processes: racing editors, a kill mid-write, random edits.

The unit-level failures (a full disk, an interrupt, a read-only folder) are simulated in
test_edit_files.py; here the other side of the promise is exercised the way it happens:
separate hazchem processes on one file, and a process killed at the worst moment.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from hazchem_cli.edit.task_edits import (
    add_note,
    extend_deadline,
    mark_done,
    reopen_task,
    start_task,
)
from hazchem_cli.errors import HazchemError
from hazchem_cli.model.registry import AgencyRegistry
from hazchem_cli.store.load import DataPaths
from hazchem_cli.store.validate import check_agency_text, check_task_text
from hazchem_cli.store.yaml_read import read_data_text
from tests.conftest import DATA

TODAY = dt.date(2026, 11, 29)


def hazchem(*args: str) -> list[str]:
    return [sys.executable, "-m", "hazchem_cli", *args]


def quiet_env() -> dict[str, str]:
    return {**os.environ, "HAZCHEM_NO_CACHE": "1"}


def test_racing_editors_lose_nothing(data_dir: Path) -> None:
    """Each editor either writes its note or says the file changed; no note is lost."""

    def note(number: int) -> list[str]:
        return hazchem(
            *("note", "12", f"进展{number}", "--by", "应急厅", "--on", "2022-10-01"),
            *("--data", str(data_dir)),
        )

    editors = [
        subprocess.Popen(note(number), env=quiet_env(), stderr=subprocess.PIPE, text=True)
        for number in range(4)
    ]
    outcomes = [(editor.wait(timeout=60), editor.communicate()[1]) for editor in editors]
    text = (data_dir / "tasks.yaml").read_text(encoding="utf-8")
    written = [n for n, (code, _) in enumerate(outcomes) if code == 0]
    assert written, outcomes
    for number, (code, said) in enumerate(outcomes):
        if code == 0:
            assert f"note: 进展{number}\n" in text
        else:
            assert code == 1 and "在磁盘上被改动了" in said, said
            assert f"进展{number}" not in text
    assert text.count("note: 进展") == len(written)
    check = subprocess.run(hazchem("check", "--data", str(data_dir)), env=quiet_env())
    assert check.returncode == 0


KILLED_BEFORE_RENAME = textwrap.dedent(
    """
    import os, sys, time
    def stall(*args, **kwargs):
        print("temporary file written", flush=True)
        time.sleep(120)
    os.replace = stall
    from hazchem_cli.cli.app import app
    app(["done", "12", "--on", "2022-11-20", "--data", sys.argv[1]])
    """
)


def test_a_process_killed_before_the_rename_leaves_the_file_intact(data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    original = tasks.read_bytes()
    editor = subprocess.Popen(
        [sys.executable, "-c", KILLED_BEFORE_RENAME, str(data_dir)],
        env=quiet_env(), stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert editor.stdout is not None
    assert editor.stdout.readline() == "temporary file written\n"
    editor.send_signal(signal.SIGKILL)
    editor.wait(timeout=30)

    assert tasks.read_bytes() == original
    strays = [path.name for path in data_dir.iterdir() if path.suffix == ".tmp"]
    assert len(strays) == 1 and strays[0].startswith(".tasks.yaml.")
    # The stray file is ignored: checks, folder reads and the next edit go on as usual.
    assert (
        subprocess.run(hazchem("check", "--data", str(data_dir)), env=quiet_env()).returncode == 0
    )
    folder = subprocess.run(
        hazchem("list", "--data", str(data_dir.parent), "--format", "json"),
        env=quiet_env(), capture_output=True, text=True,
    )  # fmt: skip
    assert folder.returncode == 0 and folder.stdout.count('"id":') == 50
    again = subprocess.run(
        hazchem("done", "12", "--on", "2022-11-20", "--data", str(data_dir)), env=quiet_env()
    )
    assert again.returncode == 0
    assert "    status: done\n    done_on: 2022-11-20\n" in tasks.read_text(encoding="utf-8")


# Random sequences of edits ------------------------------------------------------------

SMALL_IDS = (1, 2, 3, 6, 8)  # dated and ongoing tasks, with and without responsible units
edits = st.lists(
    st.tuples(
        st.sampled_from(["start", "done", "reopen", "note", "extend"]),
        st.sampled_from(SMALL_IDS),
        st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 11, 29)),
    ),
    min_size=1,
    max_size=5,
)


def small_list(folder: Path) -> DataPaths:
    """The first eight tasks of the shipped list, with a reviewer's comment in the middle."""
    text = (DATA / "tasks.yaml").read_text(encoding="utf-8")
    head = text[: text.index("  - id: 9\n")]
    head = head.replace("  - id: 3\n", "  # 审核意见：清单需按季度更新\n  - id: 3\n")
    (folder / "tasks.yaml").write_text(head, encoding="utf-8")
    (folder / "agencies.yaml").write_bytes((DATA / "agencies.yaml").read_bytes())
    return DataPaths(folder / "tasks.yaml", folder / "agencies.yaml")


def blocks(text: str) -> dict[int, str]:
    """Each task's lines (with the comment lines above it), keyed by id."""
    found: dict[int, str] = {}
    for chunk in text.split("\n  - id: ")[1:]:
        number = int(chunk.split("\n", 1)[0])
        found[number] = chunk
    return found


def apply(paths: DataPaths, kind: str, task_id: int, day: dt.date) -> None:
    if kind == "start":
        start_task(paths, task_id, today=TODAY)
    elif kind == "done":
        mark_done(paths, task_id, on=day, today=TODAY)
    elif kind == "reopen":
        reopen_task(paths, task_id, reason="复查发现问题", today=TODAY)
    elif kind == "note":
        add_note(paths, task_id, text="推进中", by="应急厅", on=day, today=TODAY)
    else:
        extend_deadline(
            paths,
            task_id,
            to="2030年12月",
            reason="延期",
            approved_by="安委办",
            on=day,
            today=TODAY,
        )


@settings(max_examples=25, deadline=None)
@given(chosen=edits)
def test_random_edits_leave_a_valid_file_and_the_rest_untouched(
    chosen: list[tuple[str, int, dt.date]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = small_list(Path(folder))
        before = blocks(paths.tasks.read_text(encoding="utf-8"))
        touched: set[int] = set()
        for kind, task_id, day in chosen:
            try:
                apply(paths, kind, task_id, day)
                touched.add(task_id)
            except HazchemError:
                pass  # a refusal (done twice, reopen a task not done…) must change nothing
            agencies = check_agency_text(read_data_text(paths.agencies)).model
            assert agencies is not None
            checked = check_task_text(
                read_data_text(paths.tasks), AgencyRegistry(agencies.agencies), TODAY
            )
            assert checked.problems == []
            after = blocks(paths.tasks.read_text(encoding="utf-8"))
            assert {n: after[n] for n in before if n not in touched} == {
                n: before[n] for n in before if n not in touched
            }
        assert "  # 审核意见：清单需按季度更新\n" in paths.tasks.read_text(encoding="utf-8")
