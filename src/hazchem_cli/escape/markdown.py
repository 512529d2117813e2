"""Data text inside Markdown: the one escaping rule for every Markdown hazchem writes.

Task text comes from many hands; in a weekly report, a ``--format md`` answer or a
pull-request comment it must show as written: ``*``, ``[a](http://…)`` or ``<img>`` never
become markup or links, and a line break never splits a table row.
"""

from hazchem_cli.escape.terminal import visible

#: Characters Markdown would read as markup (``<script>`` as HTML): escaped to show as written.
#: The backslash comes first in effect: a ``\`` in the data must not escape what follows it.
_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>~&|#!"})


def inline(text: str) -> str:
    """``text`` inline in Markdown: shown as written, never as markup, on one line."""
    return visible(text).translate(_SPECIAL).replace("\n", " ")


def table_cell(text: str) -> str:
    """``text`` in a table cell: as :func:`inline`, but line breaks kept as ``<br>``."""
    return visible(text).translate(_SPECIAL).replace("\n", "<br>")
