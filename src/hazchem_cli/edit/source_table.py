"""Reading the task table out of the source document's text export.

The source is a word-processor table exported as text: one cell per line, each line
starting with a tab, a blank line after each row (see data/source/README.md). Reading it
with code, never retyping it, is what lets a test prove the YAML holds every cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model.records import DIVIDED_MARK, OPEN_LIST_MARK

HEADER = ("序号", "治理措施", "具体任务", "牵头单位", "责任单位", "完成时限")

_UNIT_SEPARATOR = "、"
_OPENING_PARENS = "（("
_CLOSING_PARENS = "）)"


class SourceFormatError(ValueError):
    """The text does not have the table layout the importer understands."""


@dataclass(frozen=True)
class SourceRow:
    """One row of the table, cells exactly as written, with its line in the source."""

    line: int
    number: str
    measure: str
    task: str
    lead: str
    responsible: str
    deadline: str


@dataclass(frozen=True)
class SourceTable:
    """The document's title (the last line of text above the table) and its rows."""

    title: str
    rows: list[SourceRow]


@dataclass(frozen=True)
class UnitList:
    """A unit cell split into names, with the closing words kept apart from the last name."""

    names: tuple[str, ...]
    open_list: bool = False
    divided: bool = False

    def as_cell(self) -> str:
        """The cell text this list was read from."""
        text = _UNIT_SEPARATOR.join(self.names)
        if self.open_list:
            text += OPEN_LIST_MARK
        if self.divided:
            text += DIVIDED_MARK
        return text


def read_table(path: Path) -> SourceTable:
    """Read the title and every data row of the table in ``path``."""
    from hazchem_cli.store.files import MAX_FILE_BYTES, UnreadableFile, read_regular

    try:
        # Named on the command line, so it may be a link anywhere; never a FIFO or device.
        text = read_regular(path, MAX_FILE_BYTES, contained=False).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceFormatError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except UnreadableFile as exc:
        raise SourceFormatError(f"{path}: {exc}") from None
    return SourceTable(_title(text) or path.stem, parse_rows(text, str(path)))


def _title(text: str) -> str:
    title = ""
    for line in text.splitlines():
        if line.startswith("\t"):
            break
        title = line.strip() or title
    return title


def parse_rows(text: str, origin: str = "<source>") -> list[SourceRow]:
    """Parse the table text; the row of column titles is checked and skipped."""
    rows: list[SourceRow] = []
    block: list[tuple[int, str]] = []
    header_seen = False
    lines = text.replace("\r\n", "\n").split("\n")
    for number, line in enumerate([*lines, ""], start=1):
        if line.startswith("\t"):
            block.append((number, line[1:].strip()))
            continue
        if line.strip() and block:
            raise SourceFormatError(
                _(
                    "{origin}:{line}: a table cell must start with a tab; found {found}",
                    origin=origin,
                    line=number,
                    found=repr(line[:20]),
                )
            )
        if not block:
            continue  # title lines before the table, or blank lines between rows
        cells = [cell for _number, cell in block]
        first_line = block[0][0]
        block = []
        if len(cells) != len(HEADER):
            raise SourceFormatError(
                _(
                    "{origin}:{line}: a row must have {expected} cells, found {found}",
                    origin=origin,
                    line=first_line,
                    expected=len(HEADER),
                    found=len(cells),
                )
            )
        if not header_seen:
            if tuple(cells) != HEADER:
                raise SourceFormatError(
                    _(
                        "{origin}:{line}: expected the column titles {titles}",
                        origin=origin,
                        line=first_line,
                        titles="|".join(HEADER),
                    )
                )
            header_seen = True
            continue
        rows.append(SourceRow(first_line, *cells))
    if not rows:
        raise SourceFormatError(_("{origin}: no table rows found", origin=origin))
    return rows


def split_units(cell: str) -> UnitList:
    """Split a unit cell on 、 into assignee names, keeping compound names whole.

    ``市、县（市、区）党委政府`` is one assignee (the city and county Party committees and
    governments): a 、 inside parentheses never separates, and a bare place word such as
    市 is never a unit on its own, so it joins the name that follows it.
    """
    text = cell.strip()
    divided = text.endswith(DIVIDED_MARK)
    if divided:
        text = text[: -len(DIVIDED_MARK)]
    open_list = text.endswith(OPEN_LIST_MARK)
    if open_list:
        text = text[: -len(OPEN_LIST_MARK)]
    if not text:
        return UnitList((), open_list, divided)
    pieces = _split_outside_parens(text)
    return UnitList(tuple(_join_compound_names(pieces)), open_list, divided)


def _split_outside_parens(text: str) -> list[str]:
    pieces: list[str] = []
    depth = 0
    current = ""
    for char in text:
        if char in _OPENING_PARENS:
            depth += 1
        elif char in _CLOSING_PARENS:
            depth = max(0, depth - 1)
        if char == _UNIT_SEPARATOR and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += char
    pieces.append(current)
    return [piece.strip() for piece in pieces]


def _join_compound_names(pieces: list[str]) -> list[str]:
    """Rejoin ``市`` + ``县（市、区）党委政府``: a bare one-character place word is never a unit."""
    names: list[str] = []
    for piece in pieces:
        if names and names[-1] in _BARE_PLACE_WORDS:
            names[-1] = names[-1] + _UNIT_SEPARATOR + piece
        else:
            names.append(piece)
    return names


_BARE_PLACE_WORDS = frozenset({"省", "市", "县", "区", "乡", "镇"})
