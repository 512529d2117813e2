"""JSON answers written a row at a time, in exactly the text ``json.dumps(indent=2)`` writes.

With ``indent``, the standard library encodes in pure Python and builds the whole document
as one string before anything is printed: for 25,000 rows, a second and a hundred
megabytes. Here the document is made of pieces, one row each, so the answer is printed as
it is made; every string and number in it is still encoded by the standard library's C
encoder, so the text is the same byte for byte (``tests/test_json_text.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from json.encoder import encode_basestring
from typing import Any

#: Encodes one value on one line: strings, numbers, true, false, null.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
#: Encodes one string, in C: what ``_ENCODE`` does with a string, without its dispatch.
_string = encode_basestring
_INDENT = "  "
# JSON may carry DEL and C1 controls raw; as \u escapes they mean the same to a parser and
# nothing to a terminal that shows the file.
_ESCAPED_CONTROLS: dict[int, str] = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}
_RAW_CONTROL = re.compile("[\x7f-\x9f]")


def json_pieces(document: Mapping[str, Sequence[Any]] | Sequence[Any]) -> Iterator[str]:
    """The text of ``document`` (a list of rows, or sections' rows by key), in pieces:
    joined, they are ``json.dumps(document, ensure_ascii=False, indent=2) + "\\n"`` with
    DEL and C1 controls escaped."""
    if not document:
        yield ("{}" if isinstance(document, Mapping) else "[]") + "\n"
        return
    if isinstance(document, Mapping):
        opening, closing = "{", "}"
        items: Iterator[str] = (
            f"{_string(key)}: {_value(value, 1)}" for key, value in document.items()
        )
    else:
        opening, closing = "[", "]"
        items = (_value(value, 1) for value in document)
    separator = ""
    yield opening
    for item in items:
        yield _escaped(f"{separator}\n{_INDENT}{item}")
        separator = ","
    yield f"\n{closing}\n"


def _value(value: Any, level: int) -> str:
    """One value as it stands at nesting ``level``: its lines after the first indented."""
    kind = type(value)
    if kind is str:  # most values, so tried first
        return _string(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if isinstance(value, dict):
        inner = level + 1
        # Text and null, most of a row's values, are written here rather than by a call each.
        pairs = [
            _string(key)
            + ": "
            + (
                _string(item)
                if type(item) is str
                else "null"
                if item is None
                else _value(item, inner)
            )
            for key, item in value.items()
        ]
        return _block("{", "}", pairs, level)
    if isinstance(value, str):  # a kind of text (a str enum): text, as json.dumps writes it
        return _ENCODE(value)
    if isinstance(value, list | tuple | Sequence):  # rows held as columns are a Sequence
        return _block("[", "]", [_value(item, level + 1) for item in value], level)
    return _ENCODE(value)


def _block(opening: str, closing: str, items: list[str], level: int) -> str:
    if not items:
        return opening + closing
    inner = "\n" + _INDENT * (level + 1)
    return opening + inner + ("," + inner).join(items) + "\n" + _INDENT * level + closing


def _escaped(text: str) -> str:
    if _RAW_CONTROL.search(text):  # rarely: translating is slow on a long text
        return text.translate(_ESCAPED_CONTROLS)
    return text
