"""Data text inside Markdown that reports and review comments are pasted into.

Task text comes from many hands; in a weekly report or a pull-request comment it must show
as written: ``*`` or ``<script>`` never become markup, and a line break never splits a
table row.
"""

from __future__ import annotations

from hazchem_cli.render import visible

#: Characters Markdown would read as markup (``<script>`` as HTML): escaped to show as written.
_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>~&|#!"})


def inline(text: str) -> str:
    """``text`` inline in Markdown: shown as written, never as markup, on one line."""
    return visible(text).translate(_SPECIAL).replace("\n", " ")
