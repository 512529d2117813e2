"""What ``hazchem merge-driver`` does when git hands it a task file to merge.

git runs the driver with three temporary files (the common ancestor, ours, theirs) and
the file's path; the merged text must be left in "ours", and a non-zero exit tells git
the file still has conflicts. A side that hazchem cannot read as a task list (an older
format, a file that is not a task list at all) is merged line by line by git's own
``git merge-file``, so registering the driver never makes a merge worse than before.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from hazchem_cli.edit.atomic import write_atomically
from hazchem_cli.edit.merge_file import merge_texts
from hazchem_cli.errors import DataError, Problem
from hazchem_cli.model.registry import AgencyRegistry
from hazchem_cli.review.merge import Conflict
from hazchem_cli.store.locate import AGENCIES_NAME
from hazchem_cli.store.validate import check_agency_text
from hazchem_cli.store.yaml_read import decode_data, read_data_text


@dataclass(frozen=True)
class DriverOutcome:
    """How the merge went: ``exit_code`` is what git is told (0 clean)."""

    exit_code: int
    by_meaning: bool
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def run_merge_driver(
    base: Path, ours: Path, theirs: Path, shown: str, *, today: dt.date, cwd: Path
) -> DriverOutcome:
    """Merge ``theirs`` into ``ours`` (written in place) against ``base``.

    ``shown`` is the path of the file in the repository (git's ``%P``); the agencies file
    beside it in the working tree ``cwd``, when valid, checks the merged agency names.
    """
    try:
        sides = [decode_data(path.read_bytes(), Path(shown)) for path in (base, ours, theirs)]
        merged = merge_texts(*sides, registry=_registry(cwd / shown), today=today)
    except Exception:
        # A side that is not a task list (NotMergeable), or anything else going wrong:
        # git must still get a merge. A driver that stops without writing leaves "ours"
        # as it was, and theirs' changes could be committed away unseen; git's line
        # merge keeps both sides.
        return DriverOutcome(_line_merge(base, ours, theirs, cwd), by_meaning=False)
    write_atomically(ours, merged.text, merged.has_bom)
    return DriverOutcome(0 if merged.clean else 1, True, merged.conflicts, merged.problems)


def _registry(tasks: Path) -> AgencyRegistry | None:
    agencies = tasks.with_name(AGENCIES_NAME)
    try:
        checked = check_agency_text(read_data_text(agencies))
    except DataError:
        return None
    return AgencyRegistry(checked.model.agencies) if checked.model is not None else None


def _line_merge(base: Path, ours: Path, theirs: Path, cwd: Path) -> int:
    """git's own line merge, markers and all; its exit status counts the conflicts."""
    completed = subprocess.run(
        [
            "git",
            "merge-file",
            "-L",
            "ours",
            "-L",
            "base",
            "-L",
            "theirs",
            "--",
            str(ours),
            str(base),
            str(theirs),
        ],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    return 0 if completed.returncode == 0 else 1
