"""Saying what an unresolved merge conflict in a data file is about.

A conflict left in a file (by git's line merge, or by ``hazchem merge-driver`` around
the one field both branches changed) stops the YAML from parsing. "Marker on line 5"
leaves a non-programmer to work out what the two sides want; naming the task and
showing both sides' lines lets them choose without reading YAML around it.
"""

from __future__ import annotations

import re

from hazchem_cli.errors import Problem
from hazchem_cli.i18n.catalogue import _

MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)")
_TASK_START = re.compile(r"^\s*-\s+id:\s*(\d+)\s*(?:#.*)?$")
_SHOWN = 120


def conflict_problems(path: str, text: str) -> list[Problem]:
    """One problem per marker line; the opening one names the task and both sides."""
    lines = text.splitlines()
    problems: list[Problem] = []
    for number, line in enumerate(lines):
        match = MARKER.match(line)
        if match is None:
            continue
        marker = match.group(1)
        if marker.startswith("<"):
            message = _opening_message(lines, number)
        else:
            message = _(
                "unresolved merge conflict marker '{marker}': finish the merge, "
                "keeping the lines you want, and delete the marker lines",
                marker=marker,
            )
        problems.append(Problem(path, number + 1, 1, message))
    return problems


def _opening_message(lines: list[str], start: int) -> str:
    ours: list[str] = []
    theirs: list[str] = []
    side = ours
    for line in lines[start + 1 :]:
        match = MARKER.match(line)
        if match is None:
            side.append(line)
        elif match.group(1).startswith("="):
            side = theirs
        elif match.group(1).startswith(">"):
            break
        else:  # ||||||| the base's lines (diff3 style): not one of the two choices
            side = []
    whole_tasks = any(side and _TASK_START.match(side[0]) for side in (ours, theirs))
    task = next(
        (m.group(1) for line in reversed(lines[:start]) if (m := _TASK_START.match(line))),
        None,
    )
    if whole_tasks:
        task = None
    if task is not None:
        return _(
            "unresolved merge conflict in task {id}: one side has {ours}, the other has "
            "{theirs}; keep the lines you want and delete the marker lines "
            "(<<<<<<<, =======, >>>>>>>)",
            id=task,
            ours=_shown(ours),
            theirs=_shown(theirs),
        )
    return _(
        "unresolved merge conflict: one side has {ours}, the other has {theirs}; keep the "
        "lines you want and delete the marker lines (<<<<<<<, =======, >>>>>>>)",
        ours=_shown(ours),
        theirs=_shown(theirs),
    )


def _shown(lines: list[str]) -> str:
    text = " / ".join(line.strip() for line in lines if line.strip())
    if not text:
        return _("nothing")
    return repr(text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…")
