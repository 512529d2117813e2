"""What a query answers with, independent of how it is shown.

A command builds one or more ``Section``s of rows; each output format (rich table, JSON,
CSV, Markdown) renders the same sections, so every command prints every format the same
way and a format is tested once, as a pure function.

Tables and Markdown show a section's ``columns`` under their labels; JSON and CSV carry
every key of every row under its stable English key, for programs and spreadsheets.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from enum import Enum
from typing import NamedTuple, overload

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


class Columns(Sequence[dict[str, Cell]]):
    """Rows held a column at a time: for each key, its cells in row order.

    An answer of many rows is made a column at a time, each step running once over a
    whole column rather than once a cell; the piped table reads it so (``cells``), and
    every other reader gets rows, each made when it is reached.
    """

    def __init__(self, cells: dict[str, Sequence[Cell]], length: int) -> None:
        self.cells = cells
        self._length = length

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> dict[str, Cell]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Cell]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Cell] | list[dict[str, Cell]]:
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(self._length))]
        return {key: cells[index] for key, cells in self.cells.items()}

    def __iter__(self) -> Iterator[dict[str, Cell]]:
        rows = zip(*self.cells.values(), strict=True)
        return map(dict, map(zip, itertools.repeat(list(self.cells)), rows))


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
