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
    """Something wrong at a place in a file; ``line`` and ``col`` are 1-based."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        """One line, with any control characters from the data made visible."""
        from hazchem_cli.escape.terminal import visible

        message = visible(self.message.replace("\n", " "))
        return f"{visible(self.path)}:{self.line}:{self.col}: {message}"


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
