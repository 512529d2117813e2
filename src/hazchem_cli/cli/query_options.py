"""The options every query command shares, added to each command by one decorator.

Typer reads a command's options from its signature; ``query_command`` extends the
signature with the shared options and hands the command one ``QueryOptions`` object, so
the filters, ``--as-of``, ``--format`` and ``--lang`` are declared once and behave the
same in ``overdue``, ``upcoming``, ``list`` and the rest.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import os
import typing
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from hazchem_cli.cli.common import (
    AgenciesOption,
    AsOfOption,
    DataSourcesOption,
    LangOption,
    NoCacheOption,
    StrictOption,
    reports_errors,
)
from hazchem_cli.cli.completion import complete_agency
from hazchem_cli.i18n.labels import Lang, detect_lang, word
from hazchem_cli.model.defaults import DEFAULT_STALE_AFTER_DAYS, DEFAULT_WITHIN_DAYS
from hazchem_cli.output.sections import OutputFormat

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator, Sequence

    from hazchem_cli.api import TaskList
    from hazchem_cli.model.records import AgencyView
    from hazchem_cli.output.sections import Section
    from hazchem_cli.query.judge import JudgedTask, TaskFilter


class QueryOptions(NamedTuple):
    """What the shared options said, before anything is looked up."""

    data: list[Path]
    agencies_file: Path | None
    as_of: str
    output_format: OutputFormat
    lang: Lang | None
    agency: list[str]
    role: str
    direct: bool
    measure: str | None
    status: str | None
    due_before: str | None
    due_after: str | None
    ongoing: bool
    dated: bool
    search: list[str]
    level: list[str]
    extended: bool
    stale_after: int
    no_cache: bool
    strict: bool

    @property
    def language(self) -> Lang:
        return self.lang or detect_lang(os.environ)

    @property
    def every_key(self) -> bool:
        """Whether the answer carries every key of a row (JSON, CSV), not only the cells
        a table or Markdown shows (``answers.task_columns``)."""
        return self.output_format in (OutputFormat.JSON, OutputFormat.CSV)


def _option(*names: str, help: str, **kwargs: Any) -> Any:
    return typer.Option(*names, help=help, show_default=False, **kwargs)


_SHARED: list[tuple[str, Any, Any]] = [
    ("data", DataSourcesOption, []),
    ("agencies_file", AgenciesOption, None),
    ("as_of", AsOfOption, "today"),
    (
        "output_format",
        Annotated[OutputFormat, typer.Option("--format", "-f", help="table, json, csv or md.")],
        OutputFormat.TABLE,
    ),
    ("lang", LangOption, None),
    (
        "agency",
        Annotated[
            list[str],
            _option(
                "--agency", "-a", metavar="<agency>", autocompletion=complete_agency,
                help="Only tasks of this agency (full name, id, alias, or name without 省); "
                "repeat for several. Includes tasks of groups it belongs to.",
            ),
        ],
        [],
    ),
    (
        "role",
        Annotated[
            str,
            typer.Option("--role", metavar="<role>", help="With --agency: lead, responsible or any."),
        ],
        "any",
    ),
    ("direct", Annotated[bool, _option("--direct", help="With --agency: leave out tasks reached only through a group.")], False),
    ("measure", Annotated[str | None, _option("--measure", metavar="<text>", help="Only tasks whose measure contains this text.")], None),
    ("status", Annotated[str | None, _option("--status", metavar="<status>", help="Only tasks with this status: not_started, in_progress, done (办结, awaiting review), closed (已销号); or in Chinese: 未开始, 进行中, 已办结, 已销号.")], None),
    ("due_before", Annotated[str | None, _option("--due-before", metavar="<month or day>", help="Only tasks due on or before this month or day (2022-11, 2022-11-15).")], None),
    ("due_after", Annotated[str | None, _option("--due-after", metavar="<month or day>", help="Only tasks due on or after this month or day.")], None),
    ("ongoing", Annotated[bool, _option("--ongoing", help="Only ongoing tasks (持续推进, 持续开展).")], False),
    ("dated", Annotated[bool, _option("--dated", help="Only tasks with a due date.")], False),
    ("search", Annotated[list[str], _option("--search", "-s", metavar="<text>", help="Only tasks whose text contains this; repeat and every text must be in it.")], []),
    ("level", Annotated[list[str], _option("--level", metavar="<level>", help="Only tasks at this warning level: red, yellow, green, ongoing, stale; repeatable.")], []),
    ("extended", Annotated[bool, _option("--extended", help="Only tasks whose deadline was extended.")], False),
    ("stale_after", Annotated[int, typer.Option("--stale-after", min=0, metavar="<days>", help="Days without a progress note after which an ongoing task is stale.")], DEFAULT_STALE_AFTER_DAYS),
    ("no_cache", NoCacheOption, False),
    ("strict", StrictOption, False),
]  # fmt: skip


#: The options that choose tasks: they mean nothing to a command about one task (``show``).
FILTER_OPTIONS = frozenset(
    {
        "agency",
        "role",
        "direct",
        "measure",
        "status",
        "due_before",
        "due_after",
        "ongoing",
        "dated",
        "search",
        "level",
        "extended",
    }
)


@typing.overload
def query_command(command: Callable[..., None]) -> Callable[..., None]: ...


@typing.overload
def query_command(
    *, without: frozenset[str]
) -> Callable[[Callable[..., None]], Callable[..., None]]: ...


def query_command(
    command: Callable[..., None] | None = None, *, without: frozenset[str] = frozenset()
) -> Any:
    """Give ``command(options, **own)`` the shared options, and report errors for it.

    ``without`` names shared options the command does not offer (they keep their
    defaults in ``options``): an option a command would ignore or refuse is not shown in
    its help, and giving it is a command-line error.
    """
    if command is None:
        return functools.partial(query_command, without=without)
    hints = typing.get_type_hints(command, include_extras=True)
    own = [
        p.replace(annotation=hints[p.name])
        for p in inspect.signature(command).parameters.values()
        if p.name != "options"
    ]
    offered = [(name, hint, default) for name, hint, default in _SHARED if name not in without]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint)
        for name, hint, default in offered
    ]
    fixed = {name: default for name, _, default in _SHARED if name in without}

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        given = {name: kwargs.pop(name) for name, _, _ in offered}
        options = QueryOptions(**fixed, **given)
        command(options, **kwargs)

    wrapper.__signature__ = inspect.Signature(own + shared)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {}
    return reports_errors(wrapper)


def build_filter(options: QueryOptions, tasks: TaskList, as_of: dt.date) -> TaskFilter:
    """Turn option text into a filter, or fail as a command-line error (exit 2)."""
    from hazchem_cli.query.filters import make_filter

    task_filter = make_filter(
        tasks.registry,
        as_of,
        agency=options.agency,
        role=options.role,
        direct=options.direct,
        measure=options.measure,
        status=options.status,
        due_before=options.due_before,
        due_after=options.due_after,
        ongoing=options.ongoing,
        dated=options.dated,
        search=options.search,
        level=options.level,
        extended=options.extended,
    )
    if task_filter.agencies and not options.direct:  # without, no task is read for it
        _note_unlisted_groups(tasks, task_filter.agencies, options)
    return task_filter


def _note_unlisted_groups(
    tasks: TaskList, agencies: Sequence[AgencyView], options: QueryOptions
) -> None:
    """Say once, under the answer, which groups' tasks an agency filter may be missing."""
    from hazchem_cli.cli.common import add_footnote
    from hazchem_cli.query.groups import unlisted_groups

    groups = unlisted_groups(tasks.tasks, tasks.registry, agencies)
    if groups:
        lang = options.language
        joined = ("、" if lang is Lang.ZH else ", ").join(groups)
        add_footnote(word("groups_unlisted", lang, groups=joined))


def emit(sections: list[Section], options: QueryOptions) -> None:
    """Print sections in the chosen format: a rich table on a terminal, plain text when piped."""
    from hazchem_cli.cli.terminal import color_allowed, stdout_is_terminal, terminal_width
    from hazchem_cli.output.render import json_answer, plain_lines, render_text

    terminal = stdout_is_terminal()
    if options.output_format is OutputFormat.JSON:
        _echo_pieces(json_answer(sections))
        return
    if options.output_format is OutputFormat.TABLE and not terminal:
        _echo_pieces(plain_lines(sections))
        return
    text = render_text(
        sections,
        options.output_format,
        terminal=terminal,
        width=terminal_width() if terminal else None,
        color=color_allowed(os.environ),
        lang=options.language,
    )
    typer.echo(text, nl=not text.endswith("\n"))


def _echo_pieces(pieces: Iterator[str]) -> None:
    """Print an answer as it is made, a few hundred rows at a time (each echo flushes): a
    large answer is never held whole as text. The same bytes as echoing it whole."""
    text = ""
    while batch := "".join(itertools.islice(pieces, 500)):
        typer.echo(batch, nl=False)
        text = batch
    if not text.endswith("\n"):
        typer.echo("")


def open_query(options: QueryOptions) -> tuple[TaskList, dt.date]:
    """The lists the options name, loaded, and the day to judge them on."""
    from hazchem_cli.cli.common import open_task_list, resolve_as_of

    as_of = resolve_as_of(options.as_of)
    tasks = open_task_list(
        options.data,
        options.agencies_file,
        options.no_cache,
        strict=options.strict,
        lang=options.lang,
    )
    return tasks, as_of


def select_tasks(
    options: QueryOptions,
    tasks: TaskList,
    as_of: dt.date,
    within: int = DEFAULT_WITHIN_DAYS,
    *,
    overdue_only: bool = False,
) -> list[JudgedTask]:
    """The tasks the filter options select, judged on ``as_of``; with ``overdue_only``,
    others than the overdue ones may be left out."""
    task_filter = build_filter(options, tasks, as_of)
    return tasks.judged(task_filter, as_of, within, options.stale_after, overdue_only=overdue_only)
