"""A `` #`` after unquoted free text: YAML reads the rest of the line as a comment.

``note: 完成 #3 号监控点认定`` is valid YAML meaning ``note: 完成``: the text after the
`` #`` is silently dropped, and nothing downstream can notice. So in a free-text key
(``store.text_fields.PROSE_KEYS``) a comment on the same line as an unquoted value is a
problem, told at the ``#`` with the line to write instead. Comments on their own line, or
after a status, a date or an id, are what comments are for and stay fine; a quoted value
or a block scalar (``|``, ``>``) keeps its ``#``.

The rule reads the parser's nodes: a plain scalar's end mark is where YAML stopped
reading the text, so what follows it on the line is exactly what was dropped.
"""

from __future__ import annotations

import re
from typing import Any

from hazchem_cli.errors import Problem
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.store.text_fields import PROSE_KEYS, quoted
from hazchem_cli.store.yaml_nodes import mappings

#: Something, blanks, then ``#``: a line that may end in a comment. Files without one
#: (most) are not walked at all.
_TRAILING_COMMENT = re.compile(r"[^\s#][ \t]+#")
_COMMENT_AFTER = re.compile(r"([ \t]+)(#[^\r\n]*)")


def hidden_text_problems(path: str, text: str, root: Any) -> list[Problem]:
    """Every free-text value cut short by a comment on its line, in file order."""
    lines = _lines_with_trailing_comments(text)
    if not lines or root is None:
        return []
    from ruamel.yaml.nodes import ScalarNode

    problems: list[Problem] = []
    for mapping in mappings(root):
        for key, value in mapping.value:
            if (
                isinstance(value, ScalarNode)
                and value.style in (None, "")  # plain: the C parser says "", Python None
                and value.end_mark.line in lines
                and isinstance(key, ScalarNode)
                and key.value in PROSE_KEYS
            ):
                problem = _cut_short(path, text, key.value, value)
                if problem is not None:
                    problems.append(problem)
    problems.sort(key=lambda problem: (problem.line, problem.col))
    return problems


def _lines_with_trailing_comments(text: str) -> set[int]:
    """The (0-based) lines where something is followed by `` #``."""
    lines: set[int] = set()
    if " #" not in text and "\t#" not in text:
        return lines  # a substring search is ten times quicker than the pattern
    counted_to, line = 0, 0
    for match in _TRAILING_COMMENT.finditer(text):
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        lines.add(line)
    return lines


def _cut_short(path: str, text: str, key: str, value: Any) -> Problem | None:
    end = value.end_mark
    comment = _COMMENT_AFTER.match(text, end.index)
    if comment is None:
        return None
    blanks, dropped = comment.groups()
    fixed = key + ": " + quoted((value.value + blanks + dropped).rstrip())
    return Problem(
        path,
        end.line + 1,
        end.column + len(blanks) + 1,
        _(
            "the text after ' #' is read as a comment, so {key} holds only '{kept}'; put the "
            "whole text in quotes: {fixed} (a comment of your own goes on a line of its own)",
            key=key,
            kept=value.value,
            fixed=fixed,
        ),
    )
