"""A YAML syntax error told as the hand-editing mistake behind it, at the mistake's place.

The parser stops where it notices something is wrong, often a line after the mistake,
and says so in its own terms (``could not find expected ':'``). People editing by hand
make a few mistakes again and again: a full-width colon or space typed with a Chinese
input method, a tab, a text holding ``: `` or starting with a quote. Each is recognised
from the text around the place the parser stopped and told at its own line and column,
with what to write instead. The parser's words stay beside the advice as its detail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from hazchem_cli.i18n.catalogue import _
from hazchem_cli.store.text_fields import quoted

_FULL_WIDTH_SPACE = "\u3000"
_KEY = r"(?P<lead>[ \t\u3000]*(?:-[ \t\u3000]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_-]*)"
_FULL_WIDTH_COLON = re.compile(_KEY + r"[ \t\u3000]*(?P<mark>：)[ \t\u3000]*(?P<rest>.*)")
_SPACE_AFTER_COLON = re.compile(_KEY + r":(?P<mark>\u3000)[ \t\u3000]*(?P<rest>.*)")
_KEY_AND_VALUE = re.compile(_KEY + r":[ \t]+(?P<value>\S.*?)[ \t]*$")
_INDENT = re.compile(r"[ \t\u3000]*")
#: Characters YAML reads as syntax when a value starts with them; ``[`` and ``{`` start
#: lists and mappings on purpose and are left to the parser's words.
_QUOTES = "\"'"
_RESERVED = "@`"


@dataclass(frozen=True)
class Advice:
    """Where the mistake is (1-based), what to do about it, and the parser's own words."""

    line: int
    col: int
    message: str
    detail: str


def advise(text: str, error: Any) -> Advice:
    """The mistake behind ``error`` (a ruamel.yaml ``MarkedYAMLError``) in ``text``."""
    lines = text.splitlines()
    problem = error.problem_mark or error.context_mark
    line = problem.line if problem is not None else 0
    col = problem.column if problem is not None else 0
    detail = _("YAML parser: {words}", words=_parser_words(error))
    for number in _suspect_lines(lines, line, error.context_mark):
        found = _typed_wrong(lines[number], number) or (
            _unquoted_text(lines[number], number, col) if number == line else None
        )
        if found is not None:
            return Advice(*found, detail)
    return Advice(
        line + 1,
        col + 1,
        _(
            "this is not valid YAML; look here and on the line above for a missing colon "
            "or space, a stray quote, or indentation that does not line up"
        ),
        detail,
    )


def _parser_words(error: Any) -> str:
    """The parser's message as it gave it, each part with its line:column."""
    parts = []
    for words, mark in ((error.context, error.context_mark), (error.problem, error.problem_mark)):
        if words:
            place = f" at {mark.line + 1}:{mark.column + 1}" if mark is not None else ""
            parts.append(f"{words}{place}")
    return "; ".join(parts) or "not valid YAML"


def _suspect_lines(lines: list[str], line: int, context: Any) -> list[int]:
    """Where to look, nearest first: the line the parser stopped at, then back to the
    line it was reading when it began to fail, or else to the last line with content."""
    if line >= len(lines):
        line = len(lines) - 1
    suspects = [line] if line >= 0 else []
    earliest = context.line if context is not None and context.line < line else line
    number = line - 1
    while number >= 0 and (number >= earliest or not _has_content(lines[number])):
        suspects.append(number)
        number -= 1
    if earliest == line and number >= 0:
        suspects.append(number)  # the last line with content before the parser's line
    return suspects


def _has_content(line: str) -> bool:
    stripped = line.strip(" \t\u3000")
    return bool(stripped) and not stripped.startswith("#")


def _typed_wrong(text: str, number: int) -> tuple[int, int, str] | None:
    """A character typed in place of YAML's own: a tab or full-width space as indentation,
    a full-width colon after a key, a full-width space after a key's colon."""
    indent = _INDENT.match(text)
    leading = indent.group() if indent is not None else ""
    if "\t" in leading:
        col = leading.index("\t") + 1
        return (
            number + 1,
            col,
            _(
                "line {line}, column {col}: a tab is used for indentation; YAML indents "
                "with ordinary spaces only: replace the tab with spaces",
                line=number + 1,
                col=col,
            ),
        )
    if _FULL_WIDTH_SPACE in leading:
        col = leading.index(_FULL_WIDTH_SPACE) + 1
        return (
            number + 1,
            col,
            _(
                "line {line}, column {col}: a full-width space (U+3000) is used for "
                "indentation; YAML indents with ordinary (half-width) spaces only: replace "
                "it with spaces so that this line lines up with the lines above",
                line=number + 1,
                col=col,
            ),
        )
    colon = _FULL_WIDTH_COLON.match(text)
    if colon is not None:
        col = colon.start("mark") + 1
        fixed = (colon.group("key") + ": " + colon.group("rest")).rstrip()
        return (
            number + 1,
            col,
            _(
                "line {line}, column {col}: '：' is a full-width (Chinese) colon; after "
                "the key {key} type the ASCII colon ':' and a space: {fixed}",
                line=number + 1,
                col=col,
                key=colon.group("key"),
                fixed=fixed,
            ),
        )
    space = _SPACE_AFTER_COLON.match(text)
    if space is not None:
        col = space.start("mark") + 1
        fixed = (space.group("key") + ": " + space.group("rest")).rstrip()
        return (
            number + 1,
            col,
            _(
                "line {line}, column {col}: a full-width space (U+3000) follows the colon "
                "after {key}; type an ordinary (half-width) space instead: {fixed}",
                line=number + 1,
                col=col,
                key=space.group("key"),
                fixed=fixed,
            ),
        )
    return None


def _unquoted_text(text: str, number: int, col: int) -> tuple[int, int, str] | None:
    """A text value that YAML reads as syntax where the parser stopped (``col``): it holds
    ``: ``, or starts with a quote and goes on after the closing one, or starts with a
    character YAML keeps."""
    pair = _KEY_AND_VALUE.match(text)
    if pair is None or col < pair.start("value"):
        return None
    key, value = pair.group("key"), pair.group("value")
    fixed = f"{key}: {quoted(value)}"
    first, inside = value[0], col > pair.start("value")
    if first in _QUOTES and inside:
        message = _(
            "the text of {key} starts with a quote, so YAML ends the text at the closing "
            "quote and cannot read what follows; put the whole text in quotes: {fixed}",
            key=key,
            fixed=fixed,
        )
    elif first in _RESERVED:
        message = _(
            "the text of {key} starts with '{char}', which YAML keeps for itself; put the "
            "whole text in quotes: {fixed}",
            key=key,
            char=first,
            fixed=fixed,
        )
    elif inside and col < len(text) and text[col] == ":":
        message = _(
            "the text of {key} holds a colon followed by a space, which YAML reads as the "
            "start of another key; put the whole text in quotes: {fixed}",
            key=key,
            fixed=fixed,
        )
    else:
        return None
    return number + 1, col + 1, message


class Mark(NamedTuple):
    """A 0-based place in a file, as ruamel.yaml's marks give it."""

    line: int
    column: int


def value_mark(key: Any, value: Any) -> Mark:
    """Where a key's value is: an empty one right after the key's colon, on its own line.

    The C parser puts an empty value there; the pure-Python one (used where the C parser
    is not installed) puts it at the next token, a line or more below the mistake.
    """
    from ruamel.yaml.nodes import ScalarNode

    if isinstance(value, ScalarNode) and value.value == "" and value.style in (None, ""):
        return Mark(key.end_mark.line, key.end_mark.column + 1)
    return Mark(value.start_mark.line, value.start_mark.column)
