"""Reading returned progress sheets into the task file, row by row, all or nothing.

A returned sheet is untrusted input: locks can be removed, cells merged, dates typed as
text or left as Excel serial numbers, formulas pasted in. Each row is judged on its own
and a bad one is refused with its cell (``省经信厅.xlsx!G7``) while the good ones go in,
unless ``strict``. What goes in goes through the ordinary edits of
:mod:`hazchem_cli.edit.task_edits`, so every change is validated as ``hazchem note`` and
``hazchem done`` validate it; they are applied to a private copy of the task file, and
the real file is replaced once, atomically, only when every edit succeeded.

Matching is by task id and the fingerprints written at export, never by row position,
so a sorted or filtered sheet reads the same. Importing a sheet twice changes nothing
the second time: a note already recorded, or a status already reached, is not repeated.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from hazchem_cli.edit.atomic import digest, require_editable, write_atomically
from hazchem_cli.edit.sheet_files import (
    ReturnedSheet,
    Row,
    Unreadable,
    cell_text,
    read_sheet,
    whole_number,
)
from hazchem_cli.edit.task_edits import add_note, mark_done, start_task
from hazchem_cli.errors import DataError, HazchemError, Problem
from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.model.dates import DateExpressionError, parse_date
from hazchem_cli.model.documents import Status, Task, TaskFile
from hazchem_cli.model.registry import AgencyRegistry
from hazchem_cli.model.sheet_layout import (
    LOCKED,
    SHEET_FORMAT,
    fingerprint,
    letter,
    list_identity,
    status_from_word,
    status_words,
)
from hazchem_cli.store.locate import DataPaths
from hazchem_cli.store.yaml_read import read_data_text

#: The first day of Excel's 1900 date system, as serial numbers count it (after 1900-02-28).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_LAST_SERIAL = 2_958_465  # 9999-12-31
_SERIAL = re.compile(r"[0-9]{1,7}(?:\.0+)?")
_STARTS_WITH_YEAR = re.compile(r"[0-9０-９]{4}")
_TIME_PART = re.compile(r"\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?$")


@dataclass(frozen=True)
class Refusal:
    """A row (or a whole file) not imported, with the place a person should look."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


@dataclass(frozen=True)
class SheetChange:
    """One change a row makes to one task, in words."""

    place: str
    task_id: int
    what: str

    def __str__(self) -> str:
        return f"{self.place}: {self.what}"


@dataclass(frozen=True)
class ImportOutcome:
    """What an import found to change and to refuse, and whether it wrote the file."""

    changes: list[SheetChange]
    refusals: list[Refusal]
    written: bool


@dataclass(frozen=True)
class ImportContext:
    """What rows are judged against: the list as it is now, its units, and today."""

    paths: DataPaths
    task_file: TaskFile
    registry: AgencyRegistry
    today: dt.date
    lang: Lang


class _Refused(Exception):
    """A row refused, with the cell (``G7``) that shows why."""

    def __init__(self, cell: str, message: str) -> None:
        super().__init__(message)
        self.cell = cell
        self.message = message


@dataclass(frozen=True)
class _Edit:
    place: str
    task_id: int
    agency: str
    note: tuple[dt.date, str] | None
    start: bool
    done_on: dt.date | None


def import_sheets(
    files: Sequence[Path], context: ImportContext, *, dry_run: bool = False, strict: bool = False
) -> ImportOutcome:
    """Judge every row of every file, then write the good ones in one atomic replacement.

    With ``strict``, one refusal anywhere writes nothing. With ``dry_run`` nothing is
    written either way; the outcome says what would change.
    """
    refusals: list[Refusal] = []
    edits: list[_Edit] = []
    seen_notes: set[tuple[int, dt.date, str, str]] = set()
    for path in files:
        try:
            sheet = read_sheet(path, context.lang)
        except Unreadable as unreadable:
            refusals.append(Refusal(path.name, str(unreadable)))
            continue
        found, refused_rows = _judge_sheet(path, sheet, context, seen_notes)
        edits += found
        refusals += refused_rows
    changes = [change for edit in edits for change in _described(edit, context.lang)]
    if not changes or dry_run or (strict and refusals):
        return ImportOutcome(changes, refusals, written=False)
    _apply(edits, context)
    return ImportOutcome(changes, refusals, written=True)


# Judging ----------------------------------------------------------------------------


def _judge_sheet(
    path: Path,
    sheet: ReturnedSheet,
    context: ImportContext,
    seen_notes: set[tuple[int, dt.date, str, str]],
) -> tuple[list[_Edit], list[Refusal]]:
    lang = context.lang
    meta = sheet.meta
    ours = list_identity(context.task_file)
    if not sheet.rows:
        return [], []  # nothing filled in: nothing to judge, whatever the sheet is
    if meta.get("format") != SHEET_FORMAT:
        found = meta.get("format") or "—"
        message = word("sheet_format", lang, found=found, expected=SHEET_FORMAT)
        return [], [Refusal(sheet.name, message)]
    if meta.get("list") != ours:
        title = meta.get("title") or meta.get("list") or "—"
        message = word("sheet_other_list", lang, title=title, ours=context.task_file.title)
        return [], [Refusal(sheet.name, message)]
    agency = context.registry.by_name(meta.get("agency", ""))
    if agency is None:
        message = word("sheet_unknown_agency", lang, agency=meta.get("agency", ""))
        return [], [Refusal(sheet.name, message)]
    tasks = {task.id: task for task in context.task_file.tasks}
    edits: list[_Edit] = []
    refusals: list[Refusal] = []
    for row in sheet.rows:
        try:
            edit = _judge_row(row, sheet, agency.name, tasks, context, seen_notes)
        except _Refused as refused:
            refusals.append(Refusal(f"{sheet.name}!{refused.cell}", refused.message))
            continue
        if edit is not None:
            edits.append(edit)
    return edits, refusals


def _judge_row(
    row: Row,
    sheet: ReturnedSheet,
    agency: str,
    tasks: dict[int, Task],
    context: ImportContext,
    seen_notes: set[tuple[int, dt.date, str, str]],
) -> _Edit | None:
    lang = context.lang
    number = row.number

    def cell(key: str) -> str:
        return f"{letter(key)}{number}"

    if row.merged is not None:
        top_left = row.merged.split(":")[0]
        raise _Refused(top_left, word("sheet_merged", lang, cells=row.merged))
    task_id = whole_number(row.values["id"])
    if task_id is None:
        raise _Refused(cell("id"), word("sheet_bad_id", lang, value=cell_text(row.values["id"])))
    expected = row.fingerprint if row.fingerprint is not None else sheet.fingerprints.get(task_id)
    if task_id not in tasks or not expected:
        raise _Refused(cell("id"), word("sheet_unknown_id", lang, id=task_id))
    locked = [cell_text(row.values[column.key]) for column in LOCKED]
    actual = fingerprint(sheet.meta["list"], agency, task_id, locked)
    for column, mine, theirs in zip(LOCKED, actual.split("."), expected.split("."), strict=False):
        if mine != theirs:
            label = column.heading(lang)
            raise _Refused(cell(column.key), word("sheet_locked_changed", lang, column=label))
    if len(actual.split(".")) != len(expected.split(".")):
        raise _Refused(cell("id"), word("sheet_unknown_id", lang, id=task_id))
    task = tasks[task_id]
    if task.task != cell_text(row.values["task"]):
        revision = sheet.meta.get("revision", "")[:10] or "—"
        raise _Refused(cell("task"), word("sheet_stale_task", lang, id=task_id, revision=revision))
    for key in row.formulas:
        shown = cell_text(row.values[key])
        raise _Refused(cell(key), word("sheet_formula", lang, formula=shown))
    progress = cell_text(row.values["progress"]).strip()
    new_status = _status(row, cell, lang)
    done_on = _day(row.values["done_on"], cell("done_on"), context)
    reported_on = _day(row.values["reported_on"], cell("reported_on"), context)
    if done_on is not None and new_status is None:
        new_status = Status.DONE  # a completion date says as much
    if done_on is not None and new_status is not Status.DONE:
        raise _Refused(cell("done_on"), word("sheet_date_needs_done", lang))
    if new_status is Status.DONE and done_on is None:
        raise _Refused(cell("done_on"), word("sheet_done_needs_date", lang))
    note = _notecell_text(row, progress, lang)
    if note and reported_on is None:
        raise _Refused(cell("reported_on"), word("sheet_no_report_date", lang))
    start, done = _status_change(task, new_status, done_on, cell, lang)
    planned_note: tuple[dt.date, str] | None = None
    if note and reported_on is not None:
        seen = (task_id, reported_on, agency, note)
        recorded = any((n.on, n.by, n.note) == (reported_on, agency, note) for n in task.progress)
        if not recorded and seen not in seen_notes:
            seen_notes.add(seen)
            planned_note = (reported_on, note)
    if planned_note is None and not start and done is None:
        return None
    return _Edit(f"{sheet.name}!{cell('id')}", task_id, agency, planned_note, start, done)


def _status(row: Row, cell: Any, lang: Lang) -> Status | None:
    text = cell_text(row.values["new_status"]).strip()
    if not text:
        return None
    status = status_from_word(text)
    if status is None:
        choices = "、".join(status_words(lang))
        raise _Refused(
            cell("new_status"), word("sheet_bad_status", lang, value=text, choices=choices)
        )
    return status


def _status_change(
    task: Task, new: Status | None, done_on: dt.date | None, cell: Any, lang: Lang
) -> tuple[bool, dt.date | None]:
    """(start it?, done on which day?) for the status a row asks for; refusals for the
    changes only the office makes (reopening, undoing a start, redating a completion)."""
    now = task.status
    if new is None:
        return False, None
    if now in (Status.DONE, Status.CLOSED):  # reported done: only a review changes it now
        if new is Status.DONE and done_on == task.done_on:
            return False, None
        if new is Status.DONE:
            refusal = word("sheet_done_other_day", lang, id=task.id, day=task.done_on)
            raise _Refused(cell("done_on"), refusal)
        raise _Refused(cell("new_status"), _no_going_back(task, new, lang))
    if new is Status.DONE:
        return False, done_on
    if new is Status.NOT_STARTED and now is not Status.NOT_STARTED:
        raise _Refused(cell("new_status"), _no_going_back(task, new, lang))
    return new is Status.IN_PROGRESS and now is Status.NOT_STARTED, None


def _no_going_back(task: Task, new: Status, lang: Lang) -> str:
    now, then = word(task.status.value, lang), word(new.value, lang)
    return word("sheet_no_going_back", lang, id=task.id, now=now, new=then)


def _notecell_text(row: Row, progress: str, lang: Lang) -> str:
    """The progress note as recorded: the unit's words, then evidence and reporter."""
    extra = [
        word(label, lang, text=value)
        for label, key in (("sheet_evidence_note", "evidence"), ("sheet_reporter_note", "reporter"))
        if (value := cell_text(row.values[key]).strip())
    ]
    if not progress and not extra:
        return ""
    separator = "；" if lang is Lang.ZH else "; "
    if not progress:
        return separator.join(extra)
    if not extra:
        return progress
    opening, closing = ("（", "）") if lang is Lang.ZH else (" (", ")")
    return f"{progress}{opening}{separator.join(extra)}{closing}"


def _day(value: Any, place: str, context: ImportContext) -> dt.date | None:
    """A date cell as Excel, WPS or a person left it: a date, a serial number or text."""
    lang = context.lang
    if value is None or value == "":
        return None
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        day = _serial(float(value))
    elif isinstance(value, str):
        text = _TIME_PART.sub("", value.strip())
        if _SERIAL.fullmatch(text):
            day = _serial(float(text))
        elif _STARTS_WITH_YEAR.match(text):
            try:
                day = parse_date(text, context.today)
            except DateExpressionError:
                day = None
    if day is None:
        raise _Refused(place, word("sheet_bad_date", lang, value=cell_text(value)))
    if day > context.today:
        raise _Refused(place, word("sheet_future_date", lang, day=day, today=context.today))
    return day


def _serial(number: float) -> dt.date | None:
    """An Excel serial day number (1900 date system), or None when it cannot be one."""
    if number != int(number) or not 61 <= number <= _LAST_SERIAL:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


# Describing and applying --------------------------------------------------------------


def _described(edit: _Edit, lang: Lang) -> Iterator[SheetChange]:
    if edit.note is not None:
        on, text = edit.note
        what = word("sheet_change_note", lang, id=edit.task_id, by=edit.agency, on=on, text=text)
        yield SheetChange(edit.place, edit.task_id, what)
    if edit.start:
        yield SheetChange(
            edit.place, edit.task_id, word("sheet_change_start", lang, id=edit.task_id)
        )
    if edit.done_on is not None:
        what = word("sheet_change_done", lang, id=edit.task_id, on=edit.done_on)
        yield SheetChange(edit.place, edit.task_id, what)


def _apply(edits: Sequence[_Edit], context: ImportContext) -> None:
    """Make every edit on a private copy, then replace the real file once.

    Each edit is the one ``hazchem note``, ``start`` and ``done`` make, validated the
    same way; if any of them fails, the real file is not touched.
    """
    real = context.paths.tasks
    require_editable(real)
    original = read_data_text(real)
    with tempfile.TemporaryDirectory(prefix="hazchem-sheet-") as folder:
        copy = Path(folder) / real.name
        shutil.copyfile(real, copy)
        private = DataPaths(copy, context.paths.agencies)
        try:
            for edit in edits:
                if edit.note is not None:
                    on, text = edit.note
                    add_note(
                        private, edit.task_id, text=text, by=edit.agency, today=context.today, on=on
                    )
                if edit.start:
                    start_task(private, edit.task_id, today=context.today)
                if edit.done_on is not None:
                    mark_done(private, edit.task_id, on=edit.done_on, today=context.today)
        except DataError as error:
            raise DataError(
                [_in_real_file(problem, copy, real) for problem in error.problems]
            ) from None
        except HazchemError as error:
            raise HazchemError(str(error).replace(str(copy), str(real))) from None
        result = read_data_text(copy)
    write_atomically(real, result.text, result.has_bom, expected_digest=digest(original))


def _in_real_file(problem: Problem, copy: Path, real: Path) -> Problem:
    path = str(real) if problem.path == str(copy) else problem.path
    return replace(problem, path=path)
