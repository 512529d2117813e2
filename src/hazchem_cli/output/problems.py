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


def render_problems(problems: Sequence[Problem], fmt: ProblemFormat) -> str:
    """Every problem in ``fmt``; empty text (or ``[]`` in JSON) when there are none."""
    if fmt is ProblemFormat.JSON:
        return (
            json.dumps([vars(problem) for problem in problems], ensure_ascii=False, indent=2) + "\n"
        )
    if fmt is ProblemFormat.GITHUB:
        return "".join(f"{github_annotation(problem)}\n" for problem in problems)
    return "".join(f"{problem}\n" for problem in problems)


def github_annotation(problem: Problem) -> str:
    """One ``::error`` workflow command for ``problem``."""
    properties = f"file={_property(problem.path)},line={problem.line},col={problem.col}"
    return f"::error {properties}::{_data(problem.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
