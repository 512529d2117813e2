"""One task's lines in a task file, cut out to be edited alone and put back.

ruamel.yaml's round-trip parser and emitter are pure Python: loading and writing a
5,000-task file takes seconds each, for an edit that changes two lines. In a block-style
file each task is a run of lines of its own (an item of the top-level ``tasks:`` list), so
an edit can round-trip just those lines; every other line is copied as it was.

Finding the lines is done on the text, by indentation, so it is only a proposal: the
caller confirms it by parsing the cut-out lines and the spliced result. Anything unusual
(a flow-style list, a second ``tasks:`` line, another number of items than tasks, a line
break other than LF or CRLF) makes
:func:`find_task_block` give up, and the whole document is edited instead.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from hazchem_cli.edit.atomic import Pieces

_TASKS_KEY = re.compile(rb"tasks:[ \t]*(?:#[^\n]*)?\r?(?:\n|\Z)")
_ITEM_START = re.compile(r"( *)-(?: |\r?\n|$)")
#: Line breaks other than LF and CR, which ``splitlines`` breaks at and YAML does not, as
#: UTF-8. In valid UTF-8 these bytes are those characters: 0xC2 and 0xE2 only ever lead
#: a character. A search for a single byte is a ``memchr``, so U+0085 (0xC2 0x85) is
#: looked for only where a 0xC2 is, which Chinese text rarely has.
_OTHER_BYTES = (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e")
_NEXT_LINE = b"\xc2\x85"
_SEPARATORS = re.compile(rb"\xe2\x80[\xa8\xa9]")  # U+2028, U+2029
#: A ``%YAML`` directive changes how the lines are read, and the C parser that confirms
#: the result ignores it; ``---`` and ``...`` lines are the whole document's business.
_DOCUMENT_MARKS = (b"%", b"---", b"...")
#: A line starting with one: a search led by a line break is one fast pass over the text.
_DOCUMENT_MARK_LINE = re.compile(rb"\n(?:%|---|\.\.\.)")
_item_start = operator.methodcaller("start", 1)


@dataclass(frozen=True)
class TaskBlock:
    """Lines ``start`` to ``end`` (exclusive) of a file: one item of its ``tasks`` list.

    Comment and blank lines after the item's last line belong to whatever follows, and
    are not part of the block. The file is kept as its bytes (``source``, the BOM left
    out) with the block's place in them (``first`` to ``stop``), never copied or split
    into lines: a large file has a million of them.
    """

    source: bytes
    first: int
    stop: int
    lines: tuple[str, ...]  # the block's own lines
    newline: str

    @property
    def start(self) -> int:
        """The number of the block's first line, counting from 0."""
        return self.source.count(b"\n", 0, self.first)

    @property
    def end(self) -> int:
        return self.start + len(self.lines)

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

    def replaced_by(self, text: str) -> Pieces:
        """The whole file's bytes (without a BOM) with the block's lines replaced by those
        of ``text``, a document shaped like :attr:`text` (a changed header is kept, and
        fails any later check): in pieces, the lines around the block not copied.
        """
        whole = memoryview(self.source)
        edited = text.removeprefix(self.header).encode("utf-8")
        return (whole[: self.first], edited, whole[self.stop :])

    def following(self) -> Iterator[str]:
        """The lines after the block, one by one."""
        offset = self.stop
        while offset < len(self.source):
            end = _end_of_line(self.source, offset)
            yield self.source[offset:end].decode("utf-8")
            offset = end


def find_task_block(source: bytes, index: int, count: int) -> TaskBlock | None:
    """The lines of item ``index`` of the ``tasks`` list, if the text shows them plainly.

    ``source`` is the file's bytes, valid UTF-8 without a BOM; ``count`` is the number of
    tasks the validated file holds; finding another number of items means the text is not
    what it seems, and None is returned. So does a text that breaks lines anywhere but at
    LF (a lone CR, U+2028 and the like, which some readers take for line breaks): lines
    are searched for in the bytes, which are never decoded or split whole (a large file
    has a million lines); only the lines looked at one by one are decoded.

    A line starting a document mark (``%``, ``---``, ``...``) makes it give up too: the
    whole document's business.
    """
    if not _plain_breaks(source) or source.startswith(_DOCUMENT_MARKS):
        return None
    key = next((at for at in _line_starts(source, b"tasks:") if _TASKS_KEY.match(source, at)), -1)
    if key < 0 or _DOCUMENT_MARK_LINE.search(source, 0, key):
        return None
    found = _items(source, _end_of_line(source, key))
    if found is None or len(found[0]) != count or not 0 <= index < count:
        return None
    starts, end = found
    start = starts[index]
    stop = starts[index + 1] if index + 1 < count else end
    item = source[start:stop].decode("utf-8").splitlines(keepends=True)
    last = max(n for n, line in enumerate(item) if not _is_comment_or_blank(line))
    lines = tuple(item[: last + 1])
    newline = "\r\n" if source.startswith(b"\r\n", _end_of_line(source, key) - 2) else "\n"
    size = sum(len(line.encode("utf-8")) for line in lines)
    return TaskBlock(source, start, start + size, lines, newline)


def _plain_breaks(source: bytes) -> bool:
    """Whether the UTF-8 ``source`` breaks lines only at LF (CRLF included)."""
    if b"\r" in source and source.count(b"\r") != source.count(b"\r\n"):
        return False  # a lone CR
    if any(mark in source for mark in _OTHER_BYTES):
        return False
    if b"\xc2" in source and _NEXT_LINE in source:
        return False
    return _SEPARATORS.search(source) is None


def _line_starts(text: bytes, prefix: bytes) -> Iterator[int]:
    """Where the lines that start with ``prefix`` start (bytes.find: fast)."""
    if text.startswith(prefix):
        yield 0
    found = text.find(b"\n" + prefix)
    while found >= 0:
        yield found + 1
        found = text.find(b"\n" + prefix, found + 1)


def _end_of_line(text: bytes, offset: int) -> int:
    """Where the line holding ``offset`` ends, its line break included."""
    found = text.find(b"\n", offset)
    return len(text) if found < 0 else found + 1


def _items(text: bytes, first: int) -> tuple[list[int], int] | None:
    """Where each item of the list starting at offset ``first`` begins; where it ends.

    Once the first item sets the items' column, only the lines that start no deeper are
    looked at, found by one search through the text: the items' dashes, and the other
    lines, which are comments or blank lines until the one that ends the list. The lines
    inside the items, nearly all of them, take no step of Python. Other lines, if there
    are any, are looked at to the end of the text: where one is a second ``tasks`` key or
    starts with a document mark, None (nothing before ``first`` can be either).
    """
    start = first
    while start < len(text):
        end = _end_of_line(text, start)
        line = text[start:end].decode("utf-8")
        if not _is_comment_or_blank(line):
            break
        start = end
    else:
        return [], len(text)
    if _ITEM_START.match(line) is None:
        return [], start
    indent = _column(line)
    dash = f" {{{indent}}}-(?: |\r?\n|\\Z)"
    # Every line no deeper than the items: where it starts if it is an item's, -1 if not.
    shallow = re.compile(f"\n(?! {{{indent + 1}}})(?:(?={dash})()|)".encode())
    found = list(map(_item_start, shallow.finditer(text, start)))
    end = len(text)
    # Usually the only other line is the empty one after the text's last line break;
    # where there are more, a second search looks at them.
    if found.count(-1) > (1 if text.endswith(b"\n") else 0):
        end = -1
        for other in re.compile(f"\n(?! {{{indent + 1}}})(?!{dash})".encode()).finditer(
            text, start
        ):
            at = other.end()
            if text.startswith(_DOCUMENT_MARKS, at) or _TASKS_KEY.match(text, at):
                return None
            line = text[at : _end_of_line(text, at)].decode("utf-8")
            if end < 0 and not _is_comment_or_blank(line):
                end = at
        end = len(text) if end < 0 else end
    return [start, *(at for at in found if 0 <= at < end)], end


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
