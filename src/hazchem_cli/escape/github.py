"""GitHub Actions workflow commands (``::error file=…,line=…::message``) from any text.

The runner reads every line of a job's output for ``::command`` syntax, so a path or a
message that holds a line break would start a workflow command of its own, and a ``,``
or ``:`` in a path would end its property early. GitHub's toolkit (``@actions/core``,
``command.ts``) escapes data with ``%25 %0D %0A`` and properties additionally with
``%3A %2C``; the runner decodes the same set.
"""

from __future__ import annotations


def escape_data(text: str) -> str:
    """A command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value (``file=``, ``title=``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, line: int, col: int, message: str, kind: str = "error") -> str:
    """One ``::error`` (or ``::warning``) line that GitHub shows at ``path:line:col``."""
    place = f"file={escape_property(path)},line={line},col={col}"
    return f"::{kind} {place}::{escape_data(message)}"
