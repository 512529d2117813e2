"""``hazchem check``'s findings as text for people, JSON, or CI annotations.

For people, each problem is one ``file:line:col: message`` line, followed by an indented
line with the parser's own words when there are any (``Problem.detail``); JSON carries
that as ``"detail"`` (null when there is none); an annotation is one line, the message.

GitHub reads ``::error file=…,line=…::message`` lines in a workflow's log as
annotations on the pull request; paths and messages come from the repository under
review, so they are escaped by :mod:`hazchem_cli.escape.github`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import Enum

from hazchem_cli.errors import Problem
from hazchem_cli.escape.github import annotation


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
    return annotation(problem.path, problem.line, problem.col, problem.message, kind)
