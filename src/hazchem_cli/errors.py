"""Findings about a user's files or command line, and the exceptions that carry them.

One small vocabulary for everything hazchem tells a person went wrong, so that the CLI
has exactly one place that turns it into text and an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Exit codes: 0 done, 1 the data is invalid or the operation failed, 2 bad command line.
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class Problem:
    """Something wrong at a place in a file; ``line`` and ``col`` are 1-based.

    ``message`` is for the person who fixes the file, in plain words; ``detail``, when
    there is one, is the raw text of the tool that found the problem (the YAML parser's
    own words), kept for whoever needs to see exactly what it said.
    """

    path: str
    line: int
    col: int
    message: str
    detail: str | None = None

    def __str__(self) -> str:
        """The located message on one line, and the detail, if any, indented on a second;
        control characters from the data made visible."""
        from hazchem_cli.escape.terminal import visible

        message = visible(self.message.replace("\n", " "))
        headline = f"{visible(self.path)}:{self.line}:{self.col}: {message}"
        if not self.detail:
            return headline
        detail = visible(self.detail.replace("\n", " "))
        return f"{headline}\n    {detail}"


class HazchemError(Exception):
    """A failure to report to the user as a message, never as a traceback."""

    exit_code = EXIT_FAILED


class DataError(HazchemError):
    """The data files are invalid; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


class UsageError(HazchemError):
    """The command line asks for something that cannot be (an unknown agency, a bad date)."""

    exit_code = EXIT_USAGE
