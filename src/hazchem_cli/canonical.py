"""``hazchem fmt``: one way to write each data file, so a diff shows only real changes.

The canonical form is what ``hazchem import`` writes: keys in a fixed order, deadlines
double-quoted (an unquoted ``2022-11-30`` would be read as a date), dates unquoted, and
indentation 2/4/2. Comments, other quoting, flow lists, the BOM and the line ends are the
author's and are kept: a Windows checkout with CRLF line ends is canonical too.

Only a valid file is formatted: the canonical form is taken from the validated values.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hazchem_cli.layout import (
    AGENCY_FILE_KEY_ORDER,
    AGENCY_KEY_ORDER,
    EXTENSION_KEY_ORDER,
    PROGRESS_KEY_ORDER,
    TASK_FILE_KEY_ORDER,
    TASK_KEY_ORDER,
    reorder,
)
from hazchem_cli.locate import DataPaths
from hazchem_cli.models import Task, TaskFile
from hazchem_cli.problems import DataError, HazchemError, Problem
from hazchem_cli.registry import AgencyRegistry
from hazchem_cli.validation import Checked, check_agency_text, check_task_text
from hazchem_cli.yamlfile import DataText, parse_roundtrip, read_data_text
from hazchem_cli.yamlwrite import FileStyle, digest, render, require_editable, write_atomically


@dataclass(frozen=True)
class Formatted:
    """A file's text as read and in canonical form."""

    path: Path
    before: str
    after: str
    has_bom: bool
    read_digest: str
    #: Raises unless the text written means exactly what the file meant (see ``_verifier``).
    verify: Callable[[str], None] | None = field(default=None, compare=False)

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        """A unified diff from the file to its canonical form, as ``git diff`` names files."""
        name = _shown(self.path)
        return "".join(
            difflib.unified_diff(
                self.before.replace("\r\n", "\n").splitlines(keepends=True),
                self.after.replace("\r\n", "\n").splitlines(keepends=True),
                fromfile=f"a/{name}",
                tofile=f"b/{name}",
            )
        )


def format_files(paths: DataPaths, today: dt.date) -> list[Formatted]:
    """Both files in canonical form, agencies first; nothing is written.

    Raises:
        DataError: with every problem in both files, when either is invalid.
    """
    require_editable(paths.tasks)
    problems: list[Problem] = []
    agencies_data = read_data_text(paths.agencies)
    checked_agencies = check_agency_text(agencies_data)
    problems += checked_agencies.problems
    registry = AgencyRegistry(checked_agencies.model.agencies) if checked_agencies.model else None
    tasks_data = read_data_text(paths.tasks)
    checked_tasks = check_task_text(tasks_data, registry, today)
    problems += checked_tasks.problems
    if checked_agencies.model is None or checked_tasks.model is None or problems:
        raise DataError(problems)
    agencies_model, tasks_model = checked_agencies.model, checked_tasks.model
    agencies_text = canonical_agency_text(agencies_data)
    tasks_text = canonical_task_text(tasks_data, tasks_model)
    return [
        _formatted(
            agencies_data,
            agencies_text,
            _verifier(agencies_data, agencies_model, lambda data: check_agency_text(data)),
        ),
        _formatted(
            tasks_data,
            tasks_text,
            _verifier(tasks_data, tasks_model, lambda data: check_task_text(data, registry, today)),
        ),
    ]


def _verifier(
    data: DataText, meaning: object, check: Callable[[DataText], Checked[Any]]
) -> Callable[[str], None]:
    """A check of the written text: valid, and the same values as the file it replaces.

    Formatting changes only layout; if ruamel.yaml ever wrote a value differently (a YAML
    version, a line break in text), the file would say something else. Then nothing is
    written, and the user is told.
    """

    def verify(text: str) -> None:
        checked = check(DataText(data.path, text, data.has_bom, data.newline))
        if checked.model is None or checked.model != meaning:
            raise HazchemError(
                f"{data.path}: formatting would change what the file says; nothing was "
                "written. Please report this with the file attached"
            )

    return verify


def write_formatted(files: list[Formatted]) -> list[Path]:
    """Write the files whose canonical form differs; each is left alone if it changed since."""
    written: list[Path] = []
    for file in files:
        if file.changed:
            write_atomically(
                file.path,
                file.after,
                file.has_bom,
                expected_digest=file.read_digest,
                verify=file.verify,
            )
            written.append(file.path)
    return written


def canonical_task_text(data: DataText, model: TaskFile) -> str:
    """The task file's canonical text; ``model`` is the file's validated content."""
    document = parse_roundtrip(data)
    reorder(document, TASK_FILE_KEY_ORDER)
    for mapping, task in zip(document["tasks"], model.tasks, strict=True):
        canonicalise_task(mapping, task)
    return render(document, _canonical_style(data))


def canonical_agency_text(data: DataText) -> str:
    """The agency file's canonical text; the file must be valid."""
    document = parse_roundtrip(data)
    reorder(document, AGENCY_FILE_KEY_ORDER)
    for mapping in document["agencies"]:
        reorder(mapping, AGENCY_KEY_ORDER)
    return render(document, _canonical_style(data))


def canonicalise_task(mapping: Any, task: Task) -> None:
    """Put one task's mapping in canonical form, in place; ``task`` is its validated value.

    Values are only replaced where their form is not canonical, so a line that is
    already right is never rewritten (and keeps its end-of-line comment's column).
    """
    reorder(mapping, TASK_KEY_ORDER)
    _quote_deadline(mapping, "deadline", task.deadline)
    _plain_date(mapping, "done_on", task.done_on)
    for item, extension in zip(mapping.get("extensions") or [], task.extensions, strict=True):
        reorder(item, EXTENSION_KEY_ORDER)
        _plain_date(item, "on", extension.on)
        _quote_deadline(item, "to", extension.to)
    for item, note in zip(mapping.get("progress") or [], task.progress, strict=True):
        reorder(item, PROGRESS_KEY_ORDER)
        _plain_date(item, "on", note.on)


def quoted_deadline(text: str) -> Any:
    """A deadline as the file writes it: double-quoted, so YAML never reads it as a date."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def _quote_deadline(mapping: Any, key: str, text: str) -> None:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    value = mapping[key]
    if not (isinstance(value, DoubleQuotedScalarString) and value == text):
        mapping[key] = quoted_deadline(text)


def _plain_date(mapping: Any, key: str, day: dt.date | None) -> None:
    """A date written unquoted (``2022-11-20``), whatever form the file gave it in."""
    if day is not None and type(mapping.get(key)) is not dt.date:
        mapping[key] = dt.date(day.year, day.month, day.day)


def _canonical_style(data: DataText) -> FileStyle:
    return FileStyle(newline=data.newline, has_bom=data.has_bom)


def _formatted(data: DataText, text: str, verify: Callable[[str], None] | None = None) -> Formatted:
    return Formatted(data.path, data.text, text, data.has_bom, digest(data), verify)


def _shown(path: Path) -> str:
    """The path relative to the working directory, as a patch would name it."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive, on Windows
        return path.as_posix()
