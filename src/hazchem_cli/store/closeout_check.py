"""What ``hazchem check`` adds to validation for close-out: the evidence files themselves,
and extensions asked for too late.

Validation judges the text of the list on every load. These findings need more (the
evidence files on disk) or are warnings that must not stop a query (an extension granted
after the deadline it extends had passed, 超期申请), so only ``check`` looks for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from hazchem_cli.errors import Problem
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model.documents import TaskFile
from hazchem_cli.model.late_extensions import late_extensions
from hazchem_cli.store.cache import ParseCache
from hazchem_cli.store.evidence_files import evidence_faults, repository_root
from hazchem_cli.store.load import load_dataset
from hazchem_cli.store.locate import DataPaths
from hazchem_cli.store.signoff_rules import say
from hazchem_cli.store.validate import Finding, located_problems
from hazchem_cli.store.yaml_read import read_data_text


@dataclass(frozen=True)
class CloseoutCheck:
    """Errors (evidence files missing or changed) and warnings (late extensions)."""

    errors: list[Problem]
    warnings: list[Problem]


def check_closeout(paths: DataPaths, task_file: TaskFile) -> CloseoutCheck:
    """The close-out findings about a valid list, each at its line."""
    root = repository_root(paths.tasks)
    errors = [
        Finding(
            ("tasks", index, "evidence", number, "path" if fault == "missing" else "sha256"),
            say(f"evidence_{fault}_file", path=path),
        )
        for index, number, path, fault in evidence_faults(task_file, root)
    ]
    warnings = [
        Finding(
            ("tasks", index, "extensions", late.number, "on"),
            _(
                "warning: {message}",
                message=say("late_extension", on=late.on, due=late.due, days=late.days),
            ),
        )
        for index, task in enumerate(task_file.tasks)
        for late in late_extensions(task)
    ]
    if not errors and not warnings:
        return CloseoutCheck([], [])
    data = read_data_text(paths.tasks)
    return CloseoutCheck(located_problems(data, errors), located_problems(data, warnings))


def check_closeout_lists(
    files: Sequence[DataPaths], today: dt.date, cache: ParseCache | None, invalid: set[str]
) -> CloseoutCheck:
    """The close-out findings of every list that is valid (its path not in ``invalid``)."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for paths in files:
        if str(paths.tasks) in invalid or str(paths.agencies) in invalid:
            continue
        found = check_closeout(paths, load_dataset(paths, today, cache).task_file)
        errors += found.errors
        warnings += found.warnings
    return CloseoutCheck(errors, warnings)
