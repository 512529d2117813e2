"""The canonical order of keys, and changing a round-trip document without moving comments.

ruamel.yaml keeps a comment line with the value *above* it: the lines between ``status:``
and the next task are stored as a trailer of ``status`` (of the deepest last value, when the
value above is a list or mapping). Inserting, appending, deleting or reordering keys
naively therefore carries a reviewer's comment away from the line it was written above.
The helpers here split such a trailer into the end-of-line comment, which stays with its
line, and the comment lines below it, which are given to whatever now stands above them,
so every comment stays directly above the line it was written above.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

#: The key order of a task in the file: source columns first, then what is tracked.
TASK_KEY_ORDER = (
    "id",
    "measure",
    "task",
    "lead",
    "responsible",
    "open_list",
    "divided_responsibility",
    "deadline",
    "extensions",
    "status",
    "done_on",
    "evidence",
    "signoffs",
    "progress",
)
TASK_FILE_KEY_ORDER = ("title", "source", "issued_by", "office", "tasks")
EXTENSION_KEY_ORDER = ("on", "to", "reason", "approved_by")
EVIDENCE_KEY_ORDER = ("on", "by", "title", "path", "url", "size", "sha256")
SIGNOFF_KEY_ORDER = ("on", "role", "by", "decision", "reason", "fingerprint")
PROGRESS_KEY_ORDER = ("on", "by", "note")
AGENCY_KEY_ORDER = ("name", "id", "kind", "name_en", "aliases", "members", "contact")
AGENCY_FILE_KEY_ORDER = ("agencies",)

# Where ruamel.yaml keeps the comment after a value: a mapping's ``ca.items[key][2]``,
# a sequence's ``ca.items[index][0]``.
_MAPPING_SLOT = 2
_SEQUENCE_SLOT = 0


def set_in_order(mapping: Any, key: str, value: Any, order: Sequence[str] = TASK_KEY_ORDER) -> None:
    """Set ``key``; a new key goes where ``order`` puts it, not last.

    The comment lines below the key it follows now stand below the new key, that is,
    still directly above the line they were written above.
    """
    if key in mapping:
        mapping[key] = value
        return
    later = order[order.index(key) + 1 :]
    keys = list(mapping)
    position = next((i for i, k in enumerate(keys) if k in later), len(keys))
    lines = _take_lines(_trailer_of(mapping, keys[position - 1])) if position else ""
    mapping.insert(position, key, value)
    _give_lines(_trailer_of(mapping, key), lines)


def append_to(mapping: Any, key: str, item: Any, order: Sequence[str] = TASK_KEY_ORDER) -> None:
    """Append ``item`` to the block list under ``key``, creating the list in order if missing.

    An empty flow list (``progress: []``) becomes a block list, since a mapping item
    written inline would be unreadable in review.
    """
    from ruamel.yaml.comments import CommentedSeq

    if key not in mapping:
        set_in_order(mapping, key, CommentedSeq([item]), order)
        return
    items = mapping[key]
    lines = _take_lines(_trailer_of(mapping, key))
    if not items:
        items.fa.set_block_style()
    items.append(item)
    _give_lines(_trailer_of(mapping, key), lines)


def delete_key(mapping: Any, key: str) -> None:
    """Delete ``key`` and its line; the comment lines around it stay where they stood.

    Meant for a key on a line of its own (``done_on``), never the first key of a mapping.
    A comment at the end of the deleted line goes with it: it spoke about that line.
    """
    keys = list(mapping)
    index = keys.index(key)
    if index == 0:
        raise ValueError(f"cannot delete {key!r}: the first key of a mapping starts its item")
    lines = _take_lines_above(mapping, key) + _take_lines(_trailer_of(mapping, key))
    del mapping[key]
    mapping.ca.items.pop(key, None)
    _give_lines(_trailer_of(mapping, keys[index - 1]), lines)


def reorder(mapping: Any, order: Sequence[str]) -> None:
    """Put the keys of ``mapping`` in ``order``, each taking along the comments above it.

    The comment lines after the last key belong to what follows the mapping, so they
    stay after whichever key is last. Keys missing from ``order`` keep their place at
    the end (a valid file has none).
    """
    keys = list(mapping)
    wanted = sorted(keys, key=lambda k: order.index(k) if k in order else len(order))
    if wanted == keys:
        return
    trailers = [_take_lines(_trailer_of(mapping, key)) for key in keys]
    above = {keys[i + 1]: trailers[i] for i in range(len(keys) - 1)}
    below_last = trailers[-1]
    for key in wanted:
        mapping.move_to_end(key)
    for position, key in enumerate(wanted):
        following = (
            above.get(wanted[position + 1], "") if position + 1 < len(wanted) else below_last
        )
        # A key moved to the front cannot have comment lines above it inside the mapping
        # (its line starts the item); they go below it instead, ahead of the next key's.
        own = ""
        if position == 0 and key != keys[0]:
            own = above.get(key, "") + _take_lines_above(mapping, key)
        _give_lines(_trailer_of(mapping, key), own + following)


class _Trailer:
    """The place a value's trailing comment lives: ``holder.ca.items[key][slot]``."""

    def __init__(self, holder: Any, key: Hashable, slot: int) -> None:
        self.holder, self.key, self.slot = holder, key, slot

    def get(self) -> Any:
        entry = self.holder.ca.items.get(self.key)
        return entry[self.slot] if entry is not None and len(entry) > self.slot else None

    def set(self, token: Any) -> None:
        entry = self.holder.ca.items.setdefault(self.key, [None, None, None, None])
        entry[self.slot] = token

    def after_block_text(self) -> bool:
        """Whether the value is a ``|`` or ``>`` block: it ends its own last line, so the
        trailer holds whole lines only, with no rest of a line before them."""
        from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

        return isinstance(self.holder[self.key], LiteralScalarString | FoldedScalarString)


def _trailer_of(container: Any, key: Hashable) -> _Trailer:
    """Where the comment after ``container[key]`` lives: under its deepest last value."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    value = container[key]
    block = not (isinstance(value, (CommentedMap, CommentedSeq)) and value.fa.flow_style())
    if isinstance(value, CommentedMap) and value and block:
        return _trailer_of(value, list(value)[-1])
    if isinstance(value, CommentedSeq) and value and block:
        return _trailer_of(value, len(value) - 1)
    slot = _SEQUENCE_SLOT if isinstance(container, CommentedSeq) else _MAPPING_SLOT
    return _Trailer(container, key, slot)


def _take_lines(trailer: _Trailer) -> str:
    """Remove and return the whole comment lines of a trailer; its end-of-line part stays.

    A trailer's text is the rest of the value's line (``"# note\\n"`` or just ``"\\n"``)
    followed by whole lines: comments and blank lines; after block text, lines only.
    """
    token = trailer.get()
    if token is None:
        return ""
    text: str = token.value
    if trailer.after_block_text():
        trailer.set(None)  # its first line's column is kept apart, as for lines above a key
        return text if text.startswith("\n") else " " * token.column + text
    end_of_line = text.find("\n") + 1
    if end_of_line == 0 or end_of_line == len(text):
        return ""
    token.value = text[:end_of_line]
    return text[end_of_line:]


def _take_lines_above(mapping: Any, key: Hashable) -> str:
    """Remove and return the comment lines ruamel.yaml stored as standing above ``key``.

    It does so when the value before them was a flow list (``aliases: []``); each line is
    a token of its own that keeps its column apart, so the column is written back in.
    """
    entry = mapping.ca.items.get(key)
    if entry is None or len(entry) < 2 or not entry[1]:
        return ""
    tokens, entry[1] = entry[1], None
    return "".join(
        token.value if token.value.startswith("\n") else " " * token.column + token.value
        for token in tokens
    )


def _give_lines(trailer: _Trailer, lines: str) -> None:
    """Add whole comment lines to a trailer, after the lines it has."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if not lines:
        return
    token = trailer.get()
    if token is None:
        end_of_line = "" if trailer.after_block_text() else "\n"
        trailer.set(CommentToken(end_of_line + lines, CommentMark(0), None))
    else:
        token.value = (token.value if token.value.endswith("\n") else token.value + "\n") + lines
