"""Help laid out by display width: a Chinese character takes two columns of a terminal.

Click measures text in characters and breaks lines only at spaces, so Chinese help runs
past the edge of the console and its columns drift. This formatter measures in columns
and may break a line between any two Chinese characters (never before a closing
punctuation mark), as Chinese typesetting does; English wraps at spaces as before.
Click's ``\\b`` paragraphs (examples) are kept line for line. Widths are rich's, as
for every table hazchem prints.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from typer import _click as click

from hazchem_cli.i18n.catalogue import _

#: Marks that must not start a line: they stay with the character before them.
_CLOSING = frozenset("，。、；：！？）》」』】”’])")
#: Marks that must not end a line: they stay with the character after them.
_OPENING = frozenset("（《「『【“‘[(")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"。|\.(?=\s|$)")


def _is_wide(char: str) -> bool:
    """A character of a script written without spaces (Chinese): lines may break, and
    joined lines need no space, between two of them. Widths on screen are rich's."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _pieces(text: str) -> Iterator[tuple[bool, str]]:
    """(space before, piece): a run of narrow characters, or one wide character.

    Narrow punctuation stays inside its run: ``agencies.yaml`` is one piece.
    """
    space = False
    run = ""
    for char in text:
        if char.isspace():
            if run:
                yield space, run
                run, space = "", False
            space = True
        elif _is_wide(char):
            if run:
                yield space, run
                run, space = "", False
            yield space, char
            space = False
        else:
            run += char
    if run:
        yield space, run


def _tokens(text: str) -> list[tuple[bool, str]]:
    """Pieces that must stay on one line glued together: a closing mark to the piece
    before it, an opening mark to the piece after it, and a bracketed note such as
    ``[默认：today]`` whole."""
    tokens: list[tuple[bool, str]] = []
    glue_next = False
    depth = 0
    for space, piece in _pieces(text):
        if tokens and (glue_next or depth > 0 or (not space and piece[0] in _CLOSING)):
            before_space, before = tokens[-1]
            tokens[-1] = (before_space, before + (" " if space else "") + piece)
        else:
            tokens.append((space, piece))
        glue_next = piece[-1] in _OPENING
        depth = max(depth + piece.count("[") - piece.count("]"), 0)
    return tokens


def fill(text: str, width: int, first_indent: str = "", next_indent: str = "") -> list[str]:
    """``text`` as lines of at most ``width`` columns (longer words stand alone)."""
    from rich.cells import cell_len as cells  # only when help is shown, not at start-up

    lines: list[str] = []
    line, used, empty = first_indent, cells(first_indent), True
    for space, word in _tokens(text):
        piece = (" " if space and not empty else "") + word
        if not empty and used + cells(piece) > width:
            lines.append(line)
            line, used = next_indent + word, cells(next_indent) + cells(word)
        else:
            line, used = line + piece, used + cells(piece)
        empty = False
    lines.append(line)
    return lines


def first_sentence(text: str) -> str:
    """The first sentence of the first paragraph: a command's line in the list of commands."""
    paragraph = _joined_lines(_BLANK_LINE.split(text.strip("\n"))[0].split("\n"))
    match = _SENTENCE_END.search(paragraph)
    return paragraph[: match.end()].rstrip() if match else paragraph


def _joined_lines(lines: Sequence[str]) -> str:
    """The lines of a paragraph as one text: no space between two Chinese characters."""
    text = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if text and not (_is_wide(text[-1]) and _is_wide(line[0])):
            text += " "
        text += line
    return text


def wrap(text: str, width: int, first_indent: str = "", next_indent: str = "") -> str:
    """Paragraphs rewrapped to ``width`` columns, ``\\b`` paragraphs kept as written."""
    out: list[str] = []
    indent = first_indent
    for paragraph in _BLANK_LINE.split(text.strip("\n")):
        lines = paragraph.split("\n")
        if lines[0].strip() == "\b":
            out.append("\n".join(next_indent + line for line in lines[1:]))
        else:
            out.append("\n".join(fill(_joined_lines(lines), width, indent, next_indent)))
        indent = next_indent
    return "\n\n".join(out)


class WideHelpFormatter(click.HelpFormatter):
    """Click's help formatter, measuring in terminal columns and speaking the run's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(" " * self.current_indent + _("{heading}:", heading=heading) + "\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(wrap(text, self.width, indent, indent) + "\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        from rich.cells import cell_len as cells

        rows = list(rows)
        first_width = min(max((cells(first) for first, _second in rows), default=0), col_max)
        first_col = first_width + col_spacing
        margin = " " * self.current_indent
        for first, second in rows:
            self.write(margin + first)
            if not second:
                self.write("\n")
                continue
            if cells(first) <= first_width:
                self.write(" " * (first_col - cells(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            text_width = max(self.width - first_col - 2, 10)
            lines = wrap(second, text_width).splitlines() or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write((" " * (first_col + self.current_indent) + line).rstrip() + "\n")
