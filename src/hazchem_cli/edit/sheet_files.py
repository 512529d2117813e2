"""Reading a returned progress sheet, .xlsx or CSV, into rows of raw cell values.

Nothing is judged here beyond what makes a file unreadable as a sheet: values come as
Excel, WPS or a text editor left them (text, numbers, dates, formulas), with the merged
ranges and formulas noted, for :mod:`hazchem_cli.edit.sheet_import` to judge row by row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.model.sheet_layout import (
    COLUMNS,
    CSV_EXTRA,
    FINGERPRINT_HEADING,
    HEADER_ROW,
    LISTS_SHEET,
    META_SHEET,
)

_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class Unreadable(Exception):
    """The file cannot be read as a progress sheet at all; the message says why."""


@dataclass(frozen=True)
class Row:
    """One filled-in row: its number in the sheet and each column's raw value."""

    number: int
    values: dict[str, Any]
    #: Keys of the cells holding formulas.
    formulas: tuple[str, ...] = ()
    #: The merged range covering the row, if any (``L6:M6``).
    merged: str | None = None
    #: A CSV row's own fingerprint; an .xlsx sheet keeps them in ``fingerprints``.
    fingerprint: str | None = None


@dataclass
class ReturnedSheet:
    name: str
    meta: dict[str, str]
    rows: list[Row]
    fingerprints: dict[int, str] = field(default_factory=dict)


def read_sheet(path: Path, lang: Lang) -> ReturnedSheet:
    """The sheet's rows and what its export recorded, or ``Unreadable``."""
    if path.suffix.lower() == ".csv":
        return _read_csv(path, lang)
    return _read_xlsx(path, lang)


def _read_xlsx(path: Path, lang: Lang) -> ReturnedSheet:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    from openpyxl.worksheet.formula import ArrayFormula

    try:
        book = load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise Unreadable(word("sheet_bad_file", lang, reason=reason)) from None
    if META_SHEET not in book.sheetnames:
        raise Unreadable(word("sheet_not_ours", lang, sheet=META_SHEET))
    meta, fingerprints = _meta_of(book[META_SHEET])
    mains = [name for name in book.sheetnames if name not in (META_SHEET, LISTS_SHEET)]
    if not mains:
        raise Unreadable(word("sheet_not_ours", lang, sheet=META_SHEET))
    sheet = book[mains[0]]
    merged: dict[int, str] = {}
    for cells in sheet.merged_cells.ranges:
        for number in range(max(cells.min_row, HEADER_ROW + 1), cells.max_row + 1):
            merged.setdefault(number, cells.coord)
    rows: list[Row] = []
    for number in range(HEADER_ROW + 1, sheet.max_row + 1):
        values: dict[str, Any] = {}
        formulas: list[str] = []
        for index, column in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=number, column=index)
            value = cell.value
            if cell.data_type == "f" or isinstance(value, ArrayFormula):
                formulas.append(column.key)
                value = value.text if isinstance(value, ArrayFormula) else value
            values[column.key] = value
        if all(cell_text(value) == "" for value in values.values()) and number not in merged:
            continue
        rows.append(Row(number, values, tuple(formulas), merged.get(number)))
    return ReturnedSheet(path.name, meta, rows, fingerprints)


def _meta_of(sheet: Any) -> tuple[dict[str, str], dict[int, str]]:
    meta: dict[str, str] = {}
    fingerprints: dict[int, str] = {}
    listing = False
    for key, value, *_ in sheet.iter_rows(min_col=1, max_col=2, values_only=True):
        if listing:
            number = whole_number(key)
            if number is not None and isinstance(value, str):
                fingerprints[number] = value
        elif key == FINGERPRINT_HEADING:
            listing = True
        elif isinstance(key, str):
            meta[key] = cell_text(value)
    return meta, fingerprints


def _read_csv(path: Path, lang: Lang) -> ReturnedSheet:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise Unreadable(word("sheet_bad_file", lang, reason=reason)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on a Chinese Windows saves "CSV" in the local code page.
        text = raw.decode("gb18030", errors="replace")
    records = list(csv.reader(io.StringIO(text, newline="")))
    width = len(COLUMNS) + len(CSV_EXTRA)
    headings = {word("id", language) for language in Lang}
    if not records or len(records[0]) < width or records[0][0].strip() not in headings:
        raise Unreadable(word("sheet_csv_not_ours", lang))
    rows: list[Row] = []
    meta: dict[str, str] = {}
    for number, record in enumerate(records[1:], start=HEADER_ROW + 1):
        record = record + [""] * (width - len(record))
        if not any(cell.strip() for cell in record):
            continue
        values = {column.key: _inert(record[index]) for index, column in enumerate(COLUMNS)}
        extra = dict(zip(CSV_EXTRA, record[len(COLUMNS) :], strict=False))
        if not meta:
            meta = {key: extra[key] for key in ("list", "revision", "agency", "format")}
        elif any(meta[key] != extra[key] for key in ("list", "agency")):
            raise Unreadable(word("sheet_mixed", lang, row=number))
        formulas = tuple(
            column.key
            for column in COLUMNS
            if not column.locked and str(values[column.key]).startswith("=")
        )
        rows.append(Row(number, values, formulas, None, extra["fingerprint"]))
    return ReturnedSheet(path.name, meta, rows)


def _inert(text: str) -> str:
    """Undo the apostrophe the export put before text a spreadsheet would run."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_TRIGGERS):
        return text[1:]
    return text


def whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, float) and value.is_integer() and value > 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdecimal() and value.strip().isascii():
        return int(value.strip()) or None
    return None


def cell_text(value: Any) -> str:
    """A cell as the text it shows; whole numbers without ``.0``, as the export wrote them."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
