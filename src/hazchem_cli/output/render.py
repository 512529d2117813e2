"""Turn sections into the exact text a command prints, one pure function per format.

Rendering is kept free of I/O and of the real terminal so every format is tested as a
string. Only the table format needs rich; it is imported there, so ``--format json`` and
``--format csv`` start without paying for it.

Cell text comes from a data file that anyone may edit, so the human-readable formats
(table, Markdown) never let it act: rich markup is shown literally and control
characters are made visible, so a task note cannot recolour or rewrite the terminal.
"""

from __future__ import annotations

import csv
import io
import itertools
import operator
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from hazchem_cli.escape.csv import neutralise_formula
from hazchem_cli.escape.markdown import inline, table_cell
from hazchem_cli.escape.terminal import has_controls, visible
from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.output.json_text import json_pieces
from hazchem_cli.output.sections import (
    LIST_SEPARATOR,
    MISSING,
    Cell,
    Column,
    Columns,
    OutputFormat,
    Section,
    cell_text,
)

if TYPE_CHECKING:
    from rich.console import Console, JustifyMethod
    from rich.table import Table

#: Excel and WPS only read a CSV file as UTF-8 when it starts with a byte-order mark.
CSV_BOM = "\ufeff"
#: Longest bar beside a count, in terminal cells.
BAR_CELLS = 12
#: Narrowest a wrap column (task text) is squeezed to before other columns fold too.
WRAP_MIN_WIDTH = 20
#: A width no table reaches: for measuring a table's natural width.
UNBOUNDED_WIDTH = 100_000
#: Warning level (as stored in a row) to the colour its cell is shown in.
LEVEL_STYLES = {
    "red": "red",
    "yellow": "yellow",
    "green": "green",
    "ongoing": "cyan",
    "stale": "magenta",
}


def render_text(
    sections: Sequence[Section],
    fmt: OutputFormat,
    *,
    terminal: bool,
    width: int | None = None,
    color: bool = True,
    lang: Lang = Lang.EN,
) -> str:
    """Return exactly what a command prints on stdout for ``sections`` in ``fmt``.

    ``terminal``, ``width`` and ``color`` only matter for tables: a terminal gets a
    boxed table fitted to ``width`` (default 100), anything else gets plain lines that
    programs can cut and grep. ``lang`` names CSV columns: Chinese headers for a
    spreadsheet read by people, the JSON keys in English.
    """
    if fmt is OutputFormat.JSON:
        return _render_json(sections)
    if fmt is OutputFormat.CSV:
        return _render_csv(sections, lang)
    if fmt is OutputFormat.MD:
        return _render_markdown(sections)
    return _render_table(sections, terminal=terminal, width=width, color=color)


# JSON -------------------------------------------------------------------------------


def _render_json(sections: Sequence[Section]) -> str:
    return "".join(json_answer(sections))


def json_answer(sections: Sequence[Section]) -> Iterator[str]:
    """The JSON answer in pieces, a row each, to be printed as they come: a list of rows,
    or with several sections an object of them by key."""
    if len(sections) == 1:
        return json_pieces(sections[0].rows)
    return json_pieces({section.key: section.rows for section in sections})


# CSV --------------------------------------------------------------------------------


def _csv_value(value: Cell) -> str:
    """A cell as a spreadsheet should hold it: None is an empty cell, bools are words."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = LIST_SEPARATOR.join(value) if isinstance(value, list) else value
    return neutralise_formula(text)


def _csv_column(values: Sequence[Cell]) -> list[str]:
    """``_csv_value`` of each cell of a column; by maps for a column of one kind (most)."""
    kinds = set(map(type, values))
    if kinds == {str}:
        return list(map(neutralise_formula, values))  # type: ignore[arg-type]
    if kinds <= {type(None)}:
        return [""] * len(values)
    if kinds == {int}:
        return list(map(str, values))
    return list(map(_csv_value, values))


def _csv_keys(section: Section) -> list[str]:
    """The section's keys when it declares them; else every key its rows hold, first seen
    first, or its columns when it has no rows."""
    if section.keys:
        return list(section.keys)
    if not section.rows:
        return [column.key for column in section.columns]
    return list(dict.fromkeys(key for row in section.rows for key in row))


def csv_header(key: str, lang: Lang) -> str:
    """A CSV column's name: the JSON key in English, its Chinese name in Chinese."""
    if lang is Lang.EN:
        return key
    name = word(f"csv:{key}", lang)
    return key if name == f"csv:{key}" else name


def _render_csv(sections: Sequence[Section], lang: Lang) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if len(sections) == 1:
        keys = _csv_keys(sections[0])
        writer.writerow([csv_header(key, lang) for key in keys])
        rows = sections[0].rows
        if isinstance(rows, Columns):  # made a column at a time: written so
            empty = [None] * len(rows)
            columns = [_csv_column(rows.cells.get(key, empty)) for key in keys]
            writer.writerows(zip(*columns, strict=True))
        else:
            for row in rows:
                writer.writerow([_csv_value(row.get(key)) for key in keys])
    else:
        # One sheet, not several concatenated ones: a spreadsheet filters on `section`.
        keys = list(dict.fromkeys(key for section in sections for key in _csv_keys(section)))
        writer.writerow([csv_header(key, lang) for key in ("section", *keys)])
        for section in sections:
            for row in section.rows:
                writer.writerow([section.key, *(_csv_value(row.get(key)) for key in keys)])
    return CSV_BOM + buffer.getvalue()


# Markdown ---------------------------------------------------------------------------

_MD_ALIGN = {"left": "---", "right": "---:", "center": ":---:"}


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_section(section: Section, *, heading: bool) -> list[str]:
    lines = [f"### {inline(section.title or section.key)}", ""] if heading else []
    if not section.rows:
        return [*lines, inline(section.empty)]
    columns = section.columns
    lines.append(_md_row([table_cell(column.label) for column in columns]))
    lines.append(_md_row([_MD_ALIGN.get(column.justify, "---") for column in columns]))
    for row in section.rows:
        lines.append(_md_row([table_cell(cell_text(row.get(column.key))) for column in columns]))
    return lines


def _render_markdown(sections: Sequence[Section]) -> str:
    blocks = [
        "\n".join(_md_section(section, heading=len(sections) > 1 or bool(section.title)))
        for section in sections
    ]
    return "\n\n".join(blocks) + "\n" if blocks else ""


# Table ------------------------------------------------------------------------------

_JUSTIFY: dict[str, JustifyMethod] = {"left": "left", "right": "right", "center": "center"}


def _bar_texts(column: Column, rows: Sequence[dict[str, Cell]]) -> list[str]:
    """Counts right-aligned with a bar scaled to the column's largest, so they compare."""
    values = [row.get(column.key) for row in rows]
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    top = max(numbers, default=0)
    digits = max((len(cell_text(n)) for n in numbers), default=0)
    texts = []
    for value in values:
        if not isinstance(value, int | float) or isinstance(value, bool):
            texts.append(cell_text(value))
            continue
        cells = max(1, round(value / top * BAR_CELLS)) if value > 0 and top > 0 else 0
        texts.append(f"{cell_text(value):>{digits}} {'█' * cells}".rstrip())
    return texts


def _section_table(section: Section, *, fold_all: bool = False) -> Table:
    """One rich table for a terminal, where long text folds.

    Only ``wrap`` columns fold, so ids, dates and agency names stay whole
    while the task text takes whatever width is left; ``fold_all`` lets every column
    fold, for terminals too narrow for that (rich would otherwise crop, losing text).
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(visible(section.title)) if section.title else None,
        box=box.ROUNDED,
        header_style="bold",
    )
    for column in section.columns:
        folds = fold_all or (column.wrap and not column.bar)
        table.add_column(
            Text(visible(column.label)),
            justify=_JUSTIFY.get(column.justify, "left"),
            no_wrap=not folds,
            overflow="fold",
        )
    bars = {
        column.key: _bar_texts(column, section.rows) for column in section.columns if column.bar
    }
    level_shown = any(column.key == section.level_key for column in section.columns)
    for index, row in enumerate(section.rows):
        level = row.get(section.level_key) if section.level_key else None
        style = LEVEL_STYLES.get(level, "") if isinstance(level, str) else ""
        texts = [
            bars[column.key][index] if column.bar else cell_text(row.get(column.key))
            for column in section.columns
        ]
        cells = [
            Text(visible(text), style=style if column.key == section.level_key else "")
            for text, column in zip(texts, section.columns, strict=True)
        ]
        # Colour the level cell; a section that does not show its level colours the row.
        table.add_row(*cells, style=None if level_shown else style)
    return table


def _fits_unfolded(table: Table, console: Console) -> bool:
    """Whether the table fits with only its wrap columns folded, each still this wide."""
    from rich.measure import Measurement

    folding = [column for column in table.columns if not column.no_wrap]
    for column in folding:
        column.max_width = WRAP_MIN_WIDTH
    needed = Measurement.get(console, console.options.update_width(UNBOUNDED_WIDTH), table)
    for column in folding:
        column.max_width = None
    return needed.maximum <= console.width


def _render_plain(sections: Sequence[Section]) -> str:
    return "".join(plain_lines(sections))


def plain_lines(sections: Sequence[Section]) -> Iterator[str]:
    """The piped table, a line at a time (each with its line break), to be printed as
    they come: aligned columns, one row a line, no escape codes.

    Written out directly rather than through rich's table layout, which costs seconds
    for thousands of rows; the text is what rich draws with its SIMPLE box. It is built a
    column at a time, so each step runs once over a whole column rather than per cell;
    only the rows' lines are made one by one, and never held all at once.
    """
    for number, section in enumerate(sections):
        if number:
            yield "\n"
        if section.title:
            yield visible(section.title) + "\n"
        if not section.rows:
            yield visible(section.empty) + "\n"
            continue
        last = len(section.columns) - 1
        columns = [
            _plain_column(column, section.rows, pad=index < last)
            for index, column in enumerate(section.columns)
        ]
        widths = [width for width, _ in columns]
        grid = zip(*(cells for _, cells in columns), strict=True)
        yield "   ".join(next(grid)).rstrip(" ") + "\n"
        yield "─" * (sum(widths) + 3 * (len(widths) - 1)) + "\n"
        # Each row's line as the header's, by maps rather than a loop: no Python runs a row.
        lines = map(str.rstrip, map("   ".join, grid), itertools.repeat(" "))
        yield from map(operator.add, lines, itertools.repeat("\n"))


def _plain_column(
    column: Column, rows: Sequence[dict[str, Cell]], *, pad: bool = True
) -> tuple[int, list[str]]:
    """A column's width in terminal cells, and its label and cells padded to that width.

    ``pad=False`` (the last column) leaves left-justified cells as they are: each line is
    stripped of trailing spaces anyway, and padding the widest column only to strip it
    again is slow.
    """
    texts = _bar_texts(column, rows) if column.bar else _column_texts(column.key, rows)
    texts, joined = _one_line(texts)
    label = visible(column.label)
    # The label apart: a Chinese label must not cost an all-ASCII column its fast measure.
    sizes = [*_cell_widths([label], label), *_cell_widths(texts, joined)]
    cells = [label, *texts]
    width = max(sizes)
    if not pad and column.justify != "right":
        return width, cells
    # Padded to ``width`` cells: ``rjust``/``ljust`` to that many characters plus those a
    # text has fewer than its cells (wide characters), mapped over the column in C.
    lengths = map(operator.add, map(operator.sub, itertools.repeat(width), sizes), map(len, cells))
    justify = str.rjust if column.justify == "right" else str.ljust
    return width, list(map(justify, cells, lengths))


def _column_texts(key: str, rows: Sequence[dict[str, Cell]]) -> list[str]:
    """The cells of column ``key`` as text (``cell_text``): a column of text alone (most)
    as it is, and columns of text or nothing, or of whole numbers, without a call a cell."""
    if isinstance(rows, Columns) and key in rows.cells:
        values = list(rows.cells[key])  # made a column at a time: read so
    else:
        values = list(map(dict.get, rows, itertools.repeat(key)))
    kinds = set(map(type, values))
    if kinds <= {str}:
        return values  # type: ignore[return-value]
    if kinds <= {str, type(None)}:
        return [MISSING if value is None else value for value in values]  # type: ignore[misc]
    if kinds == {int}:
        return list(map(str, values))
    return list(map(cell_text, values))


def _one_line(texts: list[str]) -> tuple[list[str], str]:
    """Cells made safe for one line (controls made visible, line breaks as spaces), and
    all of them joined, which the measuring reads again.

    One search over the whole column nearly always finds nothing to change, which spares
    a search per cell.
    """
    joined = "".join(texts)
    if not has_controls(joined) and "\n" not in joined:
        return texts, joined
    safe = [visible(text).replace("\n", " ") for text in texts]
    return safe, "".join(safe)


def _cell_widths(texts: list[str], joined: str) -> list[int]:
    """How many terminal cells each text takes, as rich measures it (``joined``: all of
    them in one).

    Printable ASCII is one cell a character, so an all-ASCII column (ids, dates, counts)
    needs no lookup; other text is measured once per distinct value, since agency names
    repeat on every row.
    """
    if joined.isascii() and joined.isprintable():
        return list(map(len, texts))
    from rich.cells import cell_len

    sizes = {text: cell_len(text) for text in set(texts)}
    return [sizes[text] for text in texts]


def _render_table(
    sections: Sequence[Section], *, terminal: bool, width: int | None, color: bool
) -> str:
    if not terminal:
        return _render_plain(sections)
    from rich.console import Console
    from rich.text import Text

    colored = color
    buffer = io.StringIO()
    # Everything is explicit so neither the environment (COLUMNS, FORCE_COLOR, Jupyter,
    # Windows consoles) nor rich's markup, emoji or highlighting changes the output.
    console = Console(
        file=buffer,
        width=width or 100,
        force_terminal=colored,
        color_system="standard" if colored else None,
        no_color=not colored,
        force_jupyter=False,
        legacy_windows=False,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for number, section in enumerate(sections):
        if number:
            console.print()
        if section.title and not section.rows:
            console.print(Text(visible(section.title), style="italic"))
        if not section.rows:
            console.print(Text(visible(section.empty), style="dim"))
            continue
        table = _section_table(section)
        if not _fits_unfolded(table, console):
            table = _section_table(section, fold_all=True)
        console.print(table)
    return buffer.getvalue()
