"""The progress sheet (进展情况表) as both sides of the round trip must agree on it.

The office exports one sheet per unit and reads it back weeks later, possibly with a newer
hazchem, so the column order, the hidden sheets and the fingerprints are defined once here
and versioned by ``SHEET_FORMAT``. Rows are matched by task id, never by position.

Sheet protection only stops accidents: anyone can unprotect a sheet. What the import
trusts is a fingerprint of every locked cell, taken at export, so a changed task text is
noticed whether or not the lock was removed, and the cell that changed can be named.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.model.records import STATUS_WORDS, Status, TaskFileView

#: Written into every sheet; an import refuses a format it does not know.
SHEET_FORMAT = "hazchem-progress-sheet/1"
#: The hidden sheet holding the list's identity, the revision and the fingerprints.
META_SHEET = "_hazchem"
#: The hidden sheet the status dropdown takes its words from (inline lists stop at 255
#: characters, and a sheet keeps the words readable for whoever unhides it).
LISTS_SHEET = "_lists"
#: Row of the column headings; task rows follow it.
HEADER_ROW = 1
#: Meta keys, in the order they are written (key in column A, value in column B).
META_KEYS = ("format", "list", "title", "revision", "agency", "exported_on", "lang")
#: The heading above the fingerprint rows of the meta sheet.
FINGERPRINT_HEADING = "id"


@dataclass(frozen=True)
class SheetColumn:
    """One column: its stable key, its label key in labels.py, width, and who writes it."""

    key: str
    label: str
    width: int
    locked: bool

    def heading(self, lang: Lang) -> str:
        return word(self.label, lang)


COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn("id", "id", 6, True),
    SheetColumn("measure", "measure", 14, True),
    SheetColumn("task", "task", 44, True),
    SheetColumn("lead", "lead", 16, True),
    SheetColumn("responsible", "responsible", 20, True),
    SheetColumn("deadline", "deadline", 12, True),
    SheetColumn("status", "status", 9, True),
    SheetColumn("latest", "sheet_latest", 32, True),
    SheetColumn("progress", "sheet_progress", 40, False),
    SheetColumn("new_status", "sheet_new_status", 11, False),
    SheetColumn("done_on", "done_on", 13, False),
    SheetColumn("evidence", "sheet_evidence", 22, False),
    SheetColumn("reporter", "sheet_reporter", 10, False),
    SheetColumn("reported_on", "sheet_reported_on", 13, False),
)
LOCKED = tuple(column for column in COLUMNS if column.locked)
INPUT = tuple(column for column in COLUMNS if not column.locked)
#: CSV has no hidden sheet: each row carries what the meta sheet would hold.
CSV_EXTRA = ("fingerprint", "list", "revision", "agency", "format")


def letter(key: str) -> str:
    """The column letter of ``key`` (A for id): cell references name cells by it."""
    return chr(ord("A") + _ORDER.index(key))


_ORDER = [*(column.key for column in COLUMNS), *CSV_EXTRA]


def list_identity(task_file: TaskFileView) -> str:
    """Which list a sheet belongs to: the document's title, source and issuing body.

    A city's list has its own title and source, so its sheets are told apart from the
    province's; the identity does not change when tasks are edited or progress is noted.
    """
    return _hash(task_file.title, task_file.source, task_file.issued_by)[:16]


def fingerprint(identity: str, agency: str, task_id: int, locked_cells: list[str]) -> str:
    """One short hash per locked cell, joined by dots: a mismatch names its column.

    Each hash covers the list, the unit and the task too, so a row copied from another
    unit's sheet, or a sheet relabelled for another unit, does not match.
    """
    return ".".join(
        _hash(identity, agency, str(task_id), column.key, text)[:8]
        for column, text in zip(LOCKED, locked_cells, strict=True)
    )


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


#: What a unit may report on its sheet. Closing (销号) is not among them: it follows the
#: lead unit's and the office's review (``hazchem review``), never a unit's own word.
SHEET_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.DONE)


def status_words(lang: Lang) -> list[str]:
    """The dropdown's words, in the order a task moves through them."""
    return [word(status.value, lang) for status in SHEET_STATUSES]


def status_from_word(text: str) -> Status | None:
    """The status a unit chose, in Chinese, English or as the file writes it; else None."""
    folded = text.strip().casefold().replace(" ", "_")
    for status in SHEET_STATUSES:
        names = {
            status.value,
            *(word(status.value, lang).replace(" ", "_") for lang in Lang),
            *(said for said, meant in STATUS_WORDS.items() if meant == status.value),
        }
        if folded in {name.casefold() for name in names}:
            return status
    return None
