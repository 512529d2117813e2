"""What a query answers with, independent of how it is shown.

A command builds one or more ``Section``s of rows; each output format (rich table, JSON,
CSV, Markdown) renders the same sections, so every command prints every format the same
way and a format is tested once, as a pure function.

Tables and Markdown show a section's ``columns`` under their labels; JSON and CSV carry
every key of every row under its stable English key, for programs and spreadsheets.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import NamedTuple

#: A cell value: JSON keeps its type; text formats show lists joined with 、.
Cell = str | int | float | bool | None | list[str]


#: How list cells (several agencies) read in text: joined with 、 as the source writes them.
LIST_SEPARATOR = "、"
#: What an empty cell shows in text meant for people, so it is not mistaken for a gap.
MISSING = "—"


def cell_text(value: Cell, missing: str = MISSING) -> str:
    """A cell as people read it in text: the one rule for tables, Markdown, HTML and reports.

    ``missing`` (a dash by default) stands for None and empty lists; a bool is a tick or
    nothing; lists are joined with 、.
    """
    if type(value) is str:
        return value  # most cells: checked first, as rendering calls this once a cell
    if value is None or value == []:
        return missing
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


class OutputFormat(str, Enum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MD = "md"


class Column(NamedTuple):
    """One column: ``key`` names it in JSON and CSV headers; ``label`` is what people read."""

    key: str
    label: str
    wrap: bool = False  # long text (a task) that wraps in a table instead of widening it
    bar: bool = False  # a count shown with a bar beside it in a table
    justify: str = "left"


class Section(NamedTuple):
    """A titled table of rows; each row maps column keys to cells (and may hold more keys)."""

    key: str
    title: str
    columns: Sequence[Column]
    rows: Sequence[dict[str, Cell]]
    #: Row key whose value ("red", "yellow", ...) colours the row in a table, if any.
    level_key: str | None = None
    #: Text shown in a table when there are no rows.
    empty: str = ""
    #: Every key a row holds, for CSV headers that stay the same when nothing matched (a
    #: spreadsheet built on this week's file still reads next week's); () to take them
    #: from the rows.
    keys: Sequence[str] = ()
