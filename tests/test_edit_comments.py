"""Any comments anywhere near the edited task survive any sequence of edits, in place."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hazchem_cli.edit import task_edits as edits
from hazchem_cli.errors import HazchemError
from hazchem_cli.store.locate import DataPaths
from tests.conftest import DATA

TODAY = dt.date(2022, 12, 15)
_LINES = (DATA / "tasks.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
#: The shipped file cut to tasks 10 to 14, so that many examples run in a few seconds.
SHIPPED = (
    _LINES[: _LINES.index("  - id: 1\n")]
    + _LINES[_LINES.index("  - id: 10\n") : _LINES.index("  - id: 15\n")]
)
#: Tasks 11, 12 and 13, and the line after them (0-based, end exclusive).
FIRST, LAST = SHIPPED.index("  - id: 11\n"), SHIPPED.index("  - id: 14\n") + 1
#: Lines an edit of task 12 may delete or rewrite: its status, and a done_on it wrote.
REWRITABLE = ("    status:", "    done_on:")

Edit = Callable[[DataPaths], object]
EDITS: list[Edit] = [
    lambda paths: edits.start_task(paths, 12, today=TODAY),
    lambda paths: edits.mark_done(paths, 12, on=dt.date(2022, 11, 20), today=TODAY),
    lambda paths: edits.mark_done(paths, 12, on=TODAY, today=TODAY, note="完成", by="应急厅"),
    lambda paths: edits.reopen_task(paths, 12, reason="重新核查", today=TODAY),
    lambda paths: edits.add_note(paths, 12, text="进展", by="emergency", today=TODAY),
    lambda paths: edits.extend_deadline(
        paths, 12, to="2023年6月", reason="延期", approved_by="安委办", today=TODAY
    ),
    lambda paths: edits.extend_deadline(
        paths, 12, to="2023年9月", reason="再延", approved_by="安委办", today=TODAY
    ),
]


@st.composite
def commented(draw: st.DrawFn) -> tuple[str, list[str]]:
    """The shipped file with comment lines and end-of-line comments around task 12."""
    lines = list(SHIPPED)
    comments: list[str] = []
    for number in reversed(range(FIRST, LAST)):
        if draw(st.integers(0, 3)) == 0:
            text = f"# e{number}"
            comments.append(text)
            lines[number] = lines[number].rstrip("\n") + f"  {text}\n"
        if draw(st.integers(0, 3)) == 0:
            text = f"# c{number}"
            comments.append(text)
            indent = len(lines[number]) - len(lines[number].lstrip(" "))
            lines.insert(number, " " * indent + text + "\n")
    return "".join(lines), comments


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI never fails by chance
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(source=commented(), chosen=st.lists(st.sampled_from(EDITS), min_size=1, max_size=4))
def test_every_comment_survives_in_place(
    source: tuple[str, list[str]], chosen: list[Edit], monkeypatch: pytest.MonkeyPatch
) -> None:
    text, comments = source
    # Syncing to disk is tested elsewhere; here it would only make each example slow.
    monkeypatch.setattr(os, "fsync", lambda descriptor: None)
    with tempfile.TemporaryDirectory() as folder:
        paths = DataPaths(Path(folder) / "tasks.yaml", Path(folder) / "agencies.yaml")
        paths.tasks.write_text(text, encoding="utf-8")
        paths.agencies.write_bytes((DATA / "agencies.yaml").read_bytes())
        for edit in chosen:
            # An edit refused for the task as it stands writes nothing; the next one runs.
            with contextlib.suppress(HazchemError):
                edit(paths)
        after = paths.tasks.read_text(encoding="utf-8")

    for comment in comments:
        assert after.count(comment) == 1, comment
    removed = [
        line[2:]
        for line in difflib.ndiff(text.splitlines(), after.splitlines())
        if line.startswith("- ")
    ]
    assert all(line.startswith(REWRITABLE) for line in removed), removed
