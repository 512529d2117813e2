"""``hazchem check``'s findings as text: one line each for people, JSON, or CI annotations.

GitHub reads ``::error file=…,line=…::message`` lines in a workflow's log as
annotations on the pull request. Paths and messages come from the repository under
review, so they are escaped as the workflow-commands documentation specifies: ``%``,
CR and LF in the message, and also ``:`` and ``,`` in properties. Otherwise a folder
named with a newline could write workflow commands of its own into the log.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import Enum

from hazchem_cli.errors import Problem


class ProblemFormat(str, Enum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def render_problems(
    problems: Sequence[Problem], fmt: ProblemFormat, warnings: Sequence[Problem] = ()
) -> str:
    """Every problem, then every warning, in ``fmt``; empty text (``[]`` in JSON) for none.

    Warnings (an extension asked for late) do not make a file invalid; JSON marks them
    with ``"severity": "warning"`` and GitHub shows them as ``::warning``.
    """
    if fmt is ProblemFormat.JSON:
        rows = [vars(problem) for problem in problems]
        rows += [{**vars(problem), "severity": "warning"} for problem in warnings]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt is ProblemFormat.GITHUB:
        lines = [github_annotation(problem) for problem in problems]
        lines += [github_annotation(problem, "warning") for problem in warnings]
        return "".join(f"{line}\n" for line in lines)
    return "".join(f"{problem}\n" for problem in [*problems, *warnings])


def github_annotation(problem: Problem, kind: str = "error") -> str:
    """One ``::error`` (or ``::warning``) workflow command for ``problem``."""
    properties = f"file={_property(problem.path)},line={problem.line},col={problem.col}"
    return f"::{kind} {properties}::{_data(problem.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
