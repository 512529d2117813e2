"""Options shared by many commands, and the one place errors become messages and exit codes."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from hazchem_cli.i18n.catalogue import _, current_lang
from hazchem_cli.i18n.labels import Lang, word

if TYPE_CHECKING:
    from hazchem_cli.api import TaskList
    from hazchem_cli.store.cache import ParseCache
    from hazchem_cli.store.load import DataPaths

F = TypeVar("F", bound=Callable[..., Any])

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar="<file or folder>",
        help="Task file, or a folder holding tasks.yaml. "
        "Default: $HAZCHEM_DATA, else data/tasks.yaml here or in a parent, else the shipped list.",
        show_default=False,
    ),
]
DataSourcesOption = Annotated[
    list[Path],
    typer.Option(
        "--data",
        metavar="<file or folder>",
        help="Task file, or a folder: one holding tasks.yaml, or any other folder for every "
        "task file below it. Repeat to read several lists. Default: $HAZCHEM_DATA, else "
        "data/tasks.yaml here or in a parent, else the shipped list.",
        show_default=False,
    ),
]
AgenciesOption = Annotated[
    Path | None,
    typer.Option(
        "--agencies",
        metavar="<file>",
        help="Agency registry. Default: agencies.yaml beside the task file.",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str,
    typer.Option(
        "--as-of",
        metavar="<day>",
        help="The day to judge deadlines on: 2022-12-01, 2022/12/1, 2022年12月1日, today, "
        "yesterday, +30d, -1w.",
    ),
]


#: Set when some lists could not be read and the rest answered: the line to end with.
_PARTIAL_ANSWER: ContextVar[str | None] = ContextVar("partial_answer", default=None)
#: Lines to print on stderr once the command's answer is out: notes under the table.
_FOOTNOTES: ContextVar[tuple[str, ...]] = ContextVar("footnotes", default=())


def add_footnote(text: str) -> None:
    """Say ``text`` on stderr after the answer, once however often it is added."""
    if text not in _FOOTNOTES.get():
        _FOOTNOTES.set((*_FOOTNOTES.get(), text))


def reports_errors(command: F) -> F:
    """Turn hazchem's own exceptions into a message on stderr and the right exit code.

    A command that answered from only some of the lists it was given exits 1 after
    answering, with one line saying how many were left out.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from hazchem_cli.errors import DataError, HazchemError

        _PARTIAL_ANSWER.set(None)
        _FOOTNOTES.set(())
        try:
            try:
                result = command(*args, **kwargs)
            finally:  # also when the command ends with its own exit code (--exit-code)
                for line in (*_FOOTNOTES.get(), _PARTIAL_ANSWER.get()):
                    if line is not None:
                        print(line, file=sys.stderr)
            if _PARTIAL_ANSWER.get() is not None:
                raise typer.Exit(1)
            return result
        except DataError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            raise typer.Exit(error.exit_code) from None
        except HazchemError as error:
            print(_("hazchem: error: {message}", message=error), file=sys.stderr)
            raise typer.Exit(error.exit_code) from None

    return wrapper  # type: ignore[return-value]


def today() -> dt.date:
    """Today in local time: the default for every date."""
    return dt.date.today()


AS_OF_YEARS = (1900, 2200)


def resolve_as_of(text: str) -> dt.date:
    """Parse an ``--as-of`` value, or fail as a command-line error (exit 2)."""
    return resolve_date("--as-of", text)


def resolve_date(option: str, text: str) -> dt.date:
    """Parse a date option (relative forms count from today), or fail as exit 2."""
    from hazchem_cli.errors import UsageError
    from hazchem_cli.model.dates import DateExpressionError, parse_date

    try:
        day = parse_date(text, today())
    except DateExpressionError as exc:
        raise UsageError(_("{option}: {problem}", option=option, problem=exc)) from None
    if not AS_OF_YEARS[0] <= day.year <= AS_OF_YEARS[1]:
        # Deadlines live in these years too; far beyond them, date arithmetic overflows.
        raise UsageError(
            _(
                "{option}: {day} is outside the years {first}–{last}; is it a typo?",
                option=option,
                day=day,
                first=AS_OF_YEARS[0],
                last=AS_OF_YEARS[1],
            )
        )
    return day


def data_paths(data: Path | None, agencies: Path | None) -> DataPaths:
    from hazchem_cli.store.load import find_data

    return find_data(data, agencies)


#: Every command takes --lang (cli/speaking.py adds it where a command does not use it).
LANG_HELP = (
    "Language: zh or en. Default: $HAZCHEM_LANG, else the locale (zh_CN → zh, en_US → en), else zh."
)
LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help=LANG_HELP,
        show_default=False,
        case_sensitive=False,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Parse the files afresh instead of reading the parse cache (also HAZCHEM_NO_CACHE=1).",
    ),
]


def parse_cache(no_cache: bool) -> ParseCache | None:
    from hazchem_cli.store.cache import default_cache

    return None if no_cache else default_cache()


def task_files(
    data: list[Path], agencies: Path | None, lang: Lang | None = None
) -> list[DataPaths]:
    """The task files ``--data`` names; other YAML in a folder is mentioned once each."""
    from hazchem_cli.store.collection import find_task_files

    skipped: list[Path] = []
    files = find_task_files(data, agencies, skipped=skipped)
    _say_skipped(skipped, lang)
    _say_if_shipped(files, lang)
    return files


def open_task_list(
    data: list[Path],
    agencies: Path | None,
    no_cache: bool = False,
    *,
    strict: bool = False,
    lang: Lang | None = None,
) -> TaskList:
    """Find and load every task list named (one, by the search order, when none is).

    A list that cannot be read is reported and the others answer (the command then
    exits 1), unless ``strict``. Dates in the files are checked against the real today,
    not ``--as-of``.
    """
    from hazchem_cli.api import load

    tasks = load(
        *data, agencies=agencies, cache=not no_cache, today=today(), keep_going=True, strict=strict
    )
    _say_skipped(tasks.skipped, lang)
    _say_if_shipped(tasks.files, lang)
    if (lang or current_lang()) is Lang.EN:
        from hazchem_cli.output.unit_names import show_units_in_english

        show_units_in_english(tasks.registry)
    collection = tasks.collection
    if collection.broken:
        for problem in collection.broken:
            print(problem, file=sys.stderr)
        _PARTIAL_ANSWER.set(
            word(
                "lists_broken",
                lang or current_lang(),
                bad=collection.broken_lists,
                good=len(collection.lists),
            )
        )
    return tasks


def _say_if_shipped(files: Sequence[DataPaths], lang: Lang | None) -> None:
    """One line on stderr when the answer comes from the list shipped with hazchem."""
    for paths in files:
        if paths.shipped:
            message = word("answered_from_shipped", lang or current_lang(), path=paths.tasks)
            print(message, file=sys.stderr)


def _say_skipped(skipped: Sequence[Path], lang: Lang | None) -> None:
    for path in skipped:
        message = word("skipped_not_task_file", lang or current_lang(), path=path)
        print(message, file=sys.stderr)


StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="With several lists: stop at the first list with a problem, instead of "
        "answering from the others.",
    ),
]
