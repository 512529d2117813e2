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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hazchem_cli.edit.atomic import digest, require_editable, write_atomically
from hazchem_cli.edit.layout import (
    AGENCY_FILE_KEY_ORDER,
    AGENCY_KEY_ORDER,
    EVIDENCE_KEY_ORDER,
    EXTENSION_KEY_ORDER,
    PROGRESS_KEY_ORDER,
    SIGNOFF_KEY_ORDER,
    TASK_FILE_KEY_ORDER,
    TASK_KEY_ORDER,
    reorder,
)
from hazchem_cli.edit.yaml_write import FileStyle, render
from hazchem_cli.errors import HazchemError
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model.documents import Task, TaskFile
from hazchem_cli.store.load import load_dataset
from hazchem_cli.store.locate import DataPaths
from hazchem_cli.store.shown_path import shown_path
from hazchem_cli.store.validate import Checked, check_agency_text, check_task_text
from hazchem_cli.store.yaml_read import DataText, parse_roundtrip


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
        name = shown_path(self.path)
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
    dataset = load_dataset(paths, today, note_order=False)  # fmt sorts the notes
    agencies_data, tasks_data = dataset.agencies_text, dataset.tasks_text
    registry = dataset.registry
    return [
        _formatted(
            agencies_data,
            canonical_agency_text(agencies_data),
            _verifier(agencies_data, dataset.agency_file, lambda data: check_agency_text(data)),
        ),
        _formatted(
            tasks_data,
            canonical_task_text(tasks_data, dataset.task_file),
            _verifier(
                tasks_data,
                _notes_in_date_order(dataset.task_file),
                lambda data: check_task_text(data, registry, today),
            ),
        ),
    ]


def _notes_in_date_order(model: TaskFile) -> TaskFile:
    """What the file means once ``fmt`` has sorted the notes (the one change of meaning it
    makes on purpose, since notes are a log read oldest first)."""
    tasks = [
        task.model_copy(update={"progress": sorted(task.progress, key=lambda note: note.on)})
        for task in model.tasks
    ]
    return model.model_copy(update={"tasks": tasks})


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
                _(
                    "{path}: formatting would change what the file says; nothing was "
                    "written. Please report this with the file attached",
                    path=data.path,
                )
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
    for key, order, days in (
        ("evidence", EVIDENCE_KEY_ORDER, [item.on for item in task.evidence]),
        ("signoffs", SIGNOFF_KEY_ORDER, [stamp.on for stamp in task.signoffs]),
    ):
        for item, day in zip(mapping.get(key) or [], days, strict=True):
            reorder(item, order)
            _plain_date(item, "on", day)
    _sort_notes(mapping, task)


def _sort_notes(mapping: Any, task: Task) -> None:
    """Progress notes oldest first (a merge or a hand edit may leave them otherwise);
    notes of one day keep their order. Nothing moves when they are in order already."""
    notes = mapping.get("progress")
    if not notes or all(
        a.on <= b.on for a, b in zip(task.progress, task.progress[1:], strict=False)
    ):
        return
    order = sorted(range(len(task.progress)), key=lambda n: task.progress[n].on)
    items = [notes[n] for n in order]
    for position, item in enumerate(items):
        notes[position] = item


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
