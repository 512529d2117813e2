"""``--data a b c``: several paths after one ``--data``, as a shell glob gives them.

``hazchem overdue --data checkouts/*/data`` reaches hazchem as ``--data checkouts/a/data
checkouts/b/data ...``; click options take one value each, so the second path would be
"an unexpected extra argument". Before parsing, each path that follows a ``--data`` value
and exists on disk is given its own ``--data``, for the commands that read many lists.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

#: The commands whose ``--data`` may be repeated (they read many lists).
MANY_LIST_COMMANDS = frozenset(
    {"overdue", "upcoming", "list", "show", "agencies", "summary", "timeline", "calendar",
     "report", "check"}
)  # fmt: skip
_DATA = "--data"


def spread_data_paths(args: Sequence[str]) -> list[str]:
    """``args`` with each extra path after a ``--data`` value given a ``--data`` of its own.

    Only existing files and folders are taken, and never after ``--``, so a task id or
    any other argument is left where it is.
    """
    spread = list(args)
    if not spread or spread[0] not in MANY_LIST_COMMANDS:
        return spread
    result: list[str] = []
    index = 0
    while index < len(spread):
        item = spread[index]
        result.append(item)
        index += 1
        if item == "--":
            result += spread[index:]
            break
        if item == _DATA and index < len(spread):
            result.append(spread[index])
            index += 1
        elif not item.startswith(f"{_DATA}="):
            continue
        while index < len(spread) and _extra_path(spread[index]):
            result += [_DATA, spread[index]]
            index += 1
    return result


def _extra_path(item: str) -> bool:
    return not item.startswith("-") and os.path.exists(item) and not item.isdecimal()
