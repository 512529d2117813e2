"""One task's lines in a task file, cut out to be edited alone and put back.

ruamel.yaml's round-trip parser and emitter are pure Python: loading and writing a
5,000-task file takes seconds each, for an edit that changes two lines. In a block-style
file each task is a run of lines of its own (an item of the top-level ``tasks:`` list), so
an edit can round-trip just those lines; every other line is copied as it was.

Finding the lines is done on the text, by indentation, so it is only a proposal: the
caller confirms it by parsing the cut-out lines and the spliced result. Anything unusual
(a flow-style list, a second ``tasks:`` line, another number of items than tasks) makes
:func:`find_task_block` give up, and the whole document is edited instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

_TASKS_KEY = re.compile(r"tasks:[ \t]*(?:#.*)?\r?\n?")
_ITEM_START = re.compile(r"( *)-(?: |\r?\n|$)")
#: Line breaks other than LF and CR: ``splitlines`` breaks at them, YAML does not.
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@dataclass(frozen=True)
class TaskBlock:
    """Lines ``start`` to ``end`` (exclusive) of a file: one item of its ``tasks`` list.

    Comment and blank lines after the item's last line belong to whatever follows, and
    are not part of the block. The text around the block is kept as two strings, not as
    lines: a large file has a million of them.
    """

    before: str
    lines: tuple[str, ...]  # the block's own lines
    after: str
    start: int
    end: int
    newline: str

    @property
    def header(self) -> str:
        return "tasks:" + self.newline

    @property
    def text(self) -> str:
        """The block as a document of its own: the ``tasks`` key and this one item.

        The item keeps its place under the key, so it is read and written in the same
        context, and with the same indentation, as in the whole file.
        """
        return self.header + "".join(self.lines)

    def replaced_by(self, text: str) -> str:
        """The whole file with the block's lines replaced by those of ``text``, a document
        shaped like :attr:`text` (a changed header is kept, and fails any later check).
        """
        return self.before + text.removeprefix(self.header) + self.after

    def following(self) -> Iterator[str]:
        """The lines after the block, one by one."""
        offset = 0
        while offset < len(self.after):
            end = self.after.find("\n", offset)
            end = len(self.after) if end < 0 else end + 1
            yield self.after[offset:end]
            offset = end


def find_task_block(text: str, index: int, count: int) -> TaskBlock | None:
    """The lines of item ``index`` of the ``tasks`` list, if the text shows them plainly.

    ``count`` is the number of tasks the validated file holds; finding another number of
    items means the text is not what it seems, and None is returned.
    """
    lines = tuple(text.splitlines(keepends=True))
    keys = [number for number in _key_lines(text, lines) if _TASKS_KEY.fullmatch(lines[number])]
    if len(keys) != 1:
        return None
    starts, end = _items(lines, keys[0] + 1)
    if len(starts) != count or not 0 <= index < count:
        return None
    stop = starts[index + 1] if index + 1 < count else end
    last = max(n for n in range(starts[index], stop) if not _is_comment_or_blank(lines[n]))
    newline = "\r\n" if lines[keys[0]].endswith("\r\n") else "\n"
    start, end = starts[index], last + 1
    before = "".join(lines[:start])
    after = text[len(before) + sum(len(line) for line in lines[start:end]) :]
    return TaskBlock(before, lines[start:end], after, start, end, newline)


def _key_lines(text: str, lines: tuple[str, ...]) -> Iterable[int]:
    """The numbers of the lines that start with ``tasks:`` (or of all lines, when the text
    breaks lines where ``^`` would not see it)."""
    lone_cr = text.count("\r") != text.count("\r\n")
    if lone_cr or any(mark in text for mark in _OTHER_BREAKS):  # str.find: fast
        return range(len(lines))
    numbers = [0] if text.startswith("tasks:") else []
    line, offset = 0, 0
    found = text.find("\ntasks:")
    while found >= 0:
        line += text.count("\n", offset, found + 1)
        offset = found + 1
        numbers.append(line)
        found = text.find("\ntasks:", offset)
    return numbers


def _items(lines: tuple[str, ...], first: int) -> tuple[list[int], int]:
    """Where each item of the list starting at line ``first`` begins; where the list ends."""
    starts: list[int] = []
    indent = -1
    for number in range(first, len(lines)):
        line = lines[number]
        body = line.lstrip(" ")
        column = len(line) - len(body)
        if column > indent >= 0:
            continue  # inside an item: most lines, so decided first
        if _is_comment_or_blank(body):
            continue
        item = _ITEM_START.match(line)
        if indent < 0:
            if item is None:
                return [], number
            indent = column
        if item is not None and column == indent:
            starts.append(number)
        else:
            return starts, number
    return starts, len(lines)


def is_one_item(lines: Sequence[str], indent: int) -> bool:
    """Whether the scan above reads ``lines`` as exactly one item of a list whose items
    start at column ``indent``, ending on its own last line: put in place of an item
    between whole lines, they leave every other item, and the list's end, where they were.
    """
    if not lines or _ITEM_START.match(lines[0]) is None or _column(lines[0]) != indent:
        return False
    if _is_comment_or_blank(lines[-1]) or not lines[-1].endswith("\n"):
        return False
    return all(_column(line) > indent or _is_comment_or_blank(line) for line in lines[1:])


def _column(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_comment_or_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")
