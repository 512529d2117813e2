"""Writing progress sheets (进展情况表): one workbook per unit, to fill in and send back.

Most units will never run hazchem; they get a sheet, fill in the unlocked columns and
return it. The sheet therefore reads as the office's own paper form (Chinese headings, a
frozen header, readable widths, A4 landscape) while carrying what the import needs to
trust it: the list's identity, the git revision exported, and per row a fingerprint of
the locked cells (see :mod:`hazchem_cli.model.sheet_layout`).

XlsxWriter writes the workbook; it is imported only when a sheet is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hazchem_cli.errors import HazchemError
from hazchem_cli.escape.csv import neutralise_formula
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.model.records import AgencyKind, AgencyView, TaskFileView
from hazchem_cli.model.registry import AgencyRegistry
from hazchem_cli.model.sheet_layout import (
    COLUMNS,
    CSV_EXTRA,
    FINGERPRINT_HEADING,
    HEADER_ROW,
    LISTS_SHEET,
    META_SHEET,
    SHEET_FORMAT,
    fingerprint,
    list_identity,
    status_words,
)
from hazchem_cli.output.answers import task_row
from hazchem_cli.output.render import CSV_BOM
from hazchem_cli.query.judge import JudgedTask, TaskFilter, select
from hazchem_cli.query.progress import latest_note

#: Characters Windows does not allow in a file name, replaced in a unit's file name.
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_A4 = 9  # Excel's paper size code for A4


@dataclass(frozen=True)
class SheetSource:
    """What every sheet of one export is made from."""

    task_file: TaskFileView
    registry: AgencyRegistry
    #: The git commit the export was made from; empty outside a git repository.
    revision: str
    exported_on: dt.date
    lang: Lang


@dataclass(frozen=True)
class SheetRow:
    """One task as the sheet shows it: the locked cells' text and their fingerprint."""

    task_id: int
    locked: list[str]
    fingerprint: str


def sheet_units(source: SheetSource) -> list[AgencyView]:
    """The units an ``--all`` export writes a sheet for: every unit with a task.

    Groups (省级相关部门) are nobody who fills in a form; their tasks reach the sheets of
    their listed members.
    """
    return [
        agency
        for agency in source.registry.agencies
        if agency.kind is not AgencyKind.GROUP and sheet_rows(source, agency)
    ]


def sheet_rows(source: SheetSource, agency: AgencyView) -> list[SheetRow]:
    """The unit's tasks, as lead or responsible unit, directly or through a group."""
    chosen = select(
        source.task_file.tasks,
        source.registry,
        TaskFilter(agencies=(agency,)),
        source.exported_on,
    )
    identity = list_identity(source.task_file)
    rows = []
    for item in chosen:
        cells = _locked_cells(item, source.lang)
        rows.append(
            SheetRow(item.task.id, cells, fingerprint(identity, agency.name, item.task.id, cells))
        )
    return rows


def _locked_cells(item: JudgedTask, lang: Lang) -> list[str]:
    row = task_row(item, lang)
    latest = latest_note(item.task, item.as_of)
    latest_text = f"{latest.on.isoformat()} {latest.by}：{latest.note}" if latest else ""
    return [
        str(item.task.id),
        item.task.measure,
        item.task.task,
        str(row["lead_text"]),
        str(row["responsible_text"]),
        str(row["deadline"]),
        str(row["status_label"]),
        latest_text,
    ]


def sheet_file_name(agency: AgencyView, suffix: str) -> str:
    """``省经信厅.xlsx``: the unit's full name, as the office files returned sheets."""
    return _UNSAFE_IN_FILE_NAMES.sub("_", agency.name) + suffix


def _meta(source: SheetSource, agency: AgencyView) -> dict[str, str]:
    return {
        "format": SHEET_FORMAT,
        "list": list_identity(source.task_file),
        "title": source.task_file.title,
        "revision": source.revision,
        "agency": agency.name,
        "exported_on": source.exported_on.isoformat(),
        "lang": source.lang.value,
    }


def write_workbook(path: Path, source: SheetSource, agency: AgencyView) -> int:
    """Write the unit's sheet as ``.xlsx``; returns the number of task rows."""
    rows = sheet_rows(source, agency)
    _write_replacing(path, lambda temporary: _workbook(temporary, source, agency, rows))
    return len(rows)


def _workbook(target: Path, source: SheetSource, agency: AgencyView, rows: list[SheetRow]) -> None:
    import xlsxwriter

    lang = source.lang
    book = xlsxwriter.Workbook(
        str(target),
        # Task text is text: never a formula, a link or a number, whatever it starts with.
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    base = {"text_wrap": True, "valign": "top", "border": 1, "font_size": 10}
    header = book.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "locked": True})
    locked = book.add_format({**base, "bg_color": "#F2F2F2", "locked": True})
    unlocked = book.add_format({**base, "locked": False})
    unlocked_date = book.add_format({**base, "locked": False, "num_format": "yyyy-mm-dd"})

    sheet = book.add_worksheet(word("sheet_name", lang))
    lists = book.add_worksheet(LISTS_SHEET)
    meta = book.add_worksheet(META_SHEET)

    top = HEADER_ROW - 1
    for index, column in enumerate(COLUMNS):
        sheet.set_column(index, index, column.width)
        sheet.write_string(top, index, column.heading(lang), header)
    for offset, row in enumerate(rows, start=1):
        for index, text in enumerate(row.locked):
            if index == 0:
                sheet.write_number(top + offset, index, row.task_id, locked)
            else:
                sheet.write_string(top + offset, index, text, locked)
        for index, column in enumerate(COLUMNS):
            if not column.locked:
                dated = column.key in ("done_on", "reported_on")
                sheet.write_blank(top + offset, index, None, unlocked_date if dated else unlocked)
    last = top + len(rows)
    if rows:
        _validations(sheet, top + 1, last, lang)
    sheet.set_row(top, 30)
    sheet.freeze_panes(HEADER_ROW, 1)
    sheet.autofilter(top, 0, max(last, top), len(COLUMNS) - 1)
    sheet.protect("", {"format_columns": True, "format_rows": True, "autofilter": True})
    sheet.set_landscape()
    sheet.set_paper(_A4)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(top)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    title = f"{source.task_file.title} {word('sheet_heading', lang, agency=agency.name)}"
    sheet.set_header("&C" + title.replace("&", "&&"))
    sheet.set_footer("&C&P / &N")
    sheet.activate()

    lists.write_column(0, 0, status_words(lang))
    lists.hide()
    lists.protect()

    for number, (key, value) in enumerate(_meta(source, agency).items()):
        meta.write_string(number, 0, key)
        meta.write_string(number, 1, value)
    start = len(_meta(source, agency)) + 1
    meta.write_string(start, 0, FINGERPRINT_HEADING)
    meta.write_string(start, 1, "fingerprint")
    for number, row in enumerate(rows, start=start + 1):
        meta.write_number(number, 0, row.task_id)
        meta.write_string(number, 1, row.fingerprint)
    meta.hide()
    meta.protect()
    book.close()


def _validations(sheet: Any, first: int, last: int, lang: Lang) -> None:
    """The status dropdown (from the hidden sheet) and the date checks on input columns."""
    status = COLUMNS.index(next(c for c in COLUMNS if c.key == "new_status"))
    count = len(status_words(lang))
    sheet.data_validation(
        first,
        status,
        last,
        status,
        {
            "validate": "list",
            "source": f"='{LISTS_SHEET}'!$A$1:$A${count}",
            "error_title": word("sheet_new_status", lang),
            "error_message": word("sheet_pick_status", lang),
        },
    )
    for key in ("done_on", "reported_on"):
        index = [c.key for c in COLUMNS].index(key)
        sheet.data_validation(
            first,
            index,
            last,
            index,
            {
                "validate": "date",
                "criteria": "between",
                "minimum": dt.date(2000, 1, 1),
                "maximum": dt.date(2099, 12, 31),
                "input_message": word("sheet_date_hint", lang),
                "error_type": "warning",
                "error_message": word("sheet_date_hint", lang),
            },
        )


def write_csv(path: Path, source: SheetSource, agency: AgencyView) -> int:
    """Write the unit's sheet as CSV, for units without Excel; returns the task rows.

    CSV has no hidden sheet, so every row carries the list, revision, unit and its own
    fingerprint in trailing columns. Text a spreadsheet would run as a formula is written
    inert (with a leading apostrophe), and read back as written.
    """
    rows = sheet_rows(source, agency)
    meta = _meta(source, agency)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [column.heading(source.lang) for column in COLUMNS]
        + [word(f"sheet_csv_{key}", source.lang) for key in CSV_EXTRA]
    )
    blanks = [""] * (len(COLUMNS) - len(rows[0].locked)) if rows else []
    for row in rows:
        writer.writerow(
            [neutralise_formula(text) for text in row.locked]
            + blanks
            + [row.fingerprint, meta["list"], meta["revision"], meta["agency"], meta["format"]]
        )
    text = CSV_BOM + out.getvalue()
    _write_replacing(path, lambda temporary: temporary.write_bytes(text.encode("utf-8")))
    return len(rows)


def _write_replacing(path: Path, write: Callable[[Path], object]) -> None:
    """Write beside ``path`` and rename over it: a failed export leaves no half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.close(handle)
        temporary = Path(name)
        try:
            write(temporary)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as exc:
        raise HazchemError(
            _("{path}: cannot be written: {reason}", path=path, reason=exc.strerror or exc)
        ) from None
