"""Query results as ``Section``s: the rows every output format renders.

Row keys are the stable, documented JSON keys (see the README's "Machine formats"); labels come in the
user's language. Values in rows are data and are never translated, except the computed
warning level and status, which tables and Markdown show as words.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.model.levels import Level
from hazchem_cli.model.records import DIVIDED_MARK, OPEN_LIST_MARK, ListName, NoteView, TaskView
from hazchem_cli.output.sections import Cell, Column, Columns, Section
from hazchem_cli.output.unit_names import shown_unit
from hazchem_cli.query.judge import JudgedTask
from hazchem_cli.query.progress import latest_note

if TYPE_CHECKING:
    from hazchem_cli.query.tally import AgencyStanding, Tally

_LEVEL_ORDER = (Level.RED, Level.YELLOW, Level.GREEN, Level.ONGOING, Level.STALE)


#: The keys of :func:`task_row`, in its order: the columns of a CSV even when no task matched.
TASK_KEYS = (
    "id", "source", "ref", "measure", "task", "lead", "responsible", "open_list",
    "divided_responsibility", "lead_text", "responsible_text", "deadline", "original_deadline",
    "due", "status", "done_on", "level", "days_overdue", "done_late", "reached_via",
    "level_label", "status_label",
)  # fmt: skip
#: The keys of a task's latest progress note (day, unit, text), so that a task in progress
#: reads differently from an untouched one; ``latest_note`` is the three in one cell.
PROGRESS_KEYS = ("latest_note_on", "latest_note_by", "latest_note_text", "latest_note")


def task_row(item: JudgedTask, lang: Lang) -> dict[str, Cell]:
    """Every field a program may want about one judged task."""
    return task_columns([item], lang, TASK_KEYS)[0]


def task_columns(items: Sequence[JudgedTask], lang: Lang, keys: Sequence[str]) -> Columns:
    """The cells ``keys`` (of ``TASK_KEYS`` and ``PROGRESS_KEYS``) of judged tasks, in that
    order: what a row of ``task_row`` holds, made a column at a time (``Columns``).

    A table needs a third of the keys; each cell is made one way, here, for every format
    and command.
    """
    judged = _Judged(items, lang)
    return Columns({key: _CELLS[key](judged) for key in keys}, len(items))


class _Judged:
    """Judged tasks, and what several of their columns share, worked out once."""

    def __init__(self, items: Sequence[JudgedTask], lang: Lang) -> None:
        self.items = items
        self.tasks = [item.task for item in items]
        self.lang = lang

    @functools.cached_property
    def levels(self) -> list[str]:
        return [item.level.value for item in self.items]

    @functools.cached_property
    def statuses(self) -> list[str]:
        return [item.status.value for item in self.items]

    @functools.cached_property
    def notes(self) -> list[NoteView | None]:
        return [latest_note(i.task, i.as_of) if i.task.progress else None for i in self.items]

    @functools.cached_property
    def note_days(self) -> list[str | None]:
        return [note.on.isoformat() if note else None for note in self.notes]


@functools.cache
def _label(key: str, lang: Lang) -> str:
    """A level's or status's word, looked up once a run rather than once a row."""
    return word(key, lang)


def _labels(keys: list[str], lang: Lang) -> list[str]:
    """The words of many levels or statuses, each distinct one looked up once."""
    words = {key: _label(key, lang) for key in set(keys)}
    return [words[key] for key in keys]


def _days(days: list[dt.date | None]) -> list[str | None]:
    """Days as ISO text; a day many tasks share (a deadline) is written once."""
    texts = {day: day.isoformat() for day in set(days) if day is not None}
    return [texts[day] if day is not None else None for day in days]


_CELLS: dict[str, Callable[[_Judged], Sequence[Cell]]] = {
    "id": lambda j: [task.id for task in j.tasks],
    "source": lambda j: [item.source or None for item in j.items],
    "ref": lambda j: [item.ref for item in j.items],
    "measure": lambda j: [task.measure for task in j.tasks],
    "task": lambda j: [task.task for task in j.tasks],
    "lead": lambda j: [list(task.lead) for task in j.tasks],
    "responsible": lambda j: [list(task.responsible) for task in j.tasks],
    "open_list": lambda j: [task.open_list for task in j.tasks],
    "divided_responsibility": lambda j: [task.divided_responsibility for task in j.tasks],
    "lead_text": lambda j: _unit_texts(j.tasks, "lead", j.lang),
    "responsible_text": lambda j: _unit_texts(j.tasks, "responsible", j.lang),
    "deadline": lambda j: [item.task.deadline_on(item.as_of).text for item in j.items],
    "original_deadline": lambda j: [task.deadline for task in j.tasks],
    "due": lambda j: _days([item.due for item in j.items]),
    "status": lambda j: j.statuses,
    # As the task stood on the day judged: a completion recorded later had not happened.
    "done_on": lambda j: [
        item.task.done_on.isoformat() if item.task.done_on and item.done_by_then else None
        for item in j.items
    ],
    "level": lambda j: j.levels,
    "days_overdue": lambda j: [item.days_overdue for item in j.items],
    "done_late": lambda j: [item.done_late for item in j.items],
    "reached_via": lambda j: [list(item.reached_via) for item in j.items],
    # A task finished after its deadline is never "on track": its label says done late.
    "level_label": lambda j: [
        _label("done_late" if item.done_late else level, j.lang)
        for item, level in zip(j.items, j.levels, strict=True)
    ],
    "status_label": lambda j: _labels(j.statuses, j.lang),
    "latest_note_on": lambda j: j.note_days,
    "latest_note_by": lambda j: [note.by if note else None for note in j.notes],
    "latest_note_text": lambda j: [note.note if note else None for note in j.notes],
    "latest_note": lambda j: [
        f"{day} {note.by}：{note.note}" if note else None
        for note, day in zip(j.notes, j.note_days, strict=True)
    ],
}


def _unit_texts(tasks: list[TaskView], role: ListName, lang: Lang) -> list[str]:
    """The unit cells as the source writes them, with their closing 等 or 分工负责; in
    English, with the registry's English names and English marks."""
    units = [task.lead for task in tasks] if role == "lead" else [t.responsible for t in tasks]
    if lang is Lang.ZH:
        texts = list(map("、".join, units))
        open_mark, divided_mark = OPEN_LIST_MARK, DIVIDED_MARK
    else:
        texts = ["; ".join(map(shown_unit, names)) for names in units]
        open_mark, divided_mark = word("open_list_mark", lang), word("divided_mark", lang)
    for index, task in enumerate(tasks):
        if task.open_list == role:
            texts[index] += open_mark
        if task.divided_responsibility == role:
            texts[index] += divided_mark
    return texts


_SHOWN_AS = {
    "level_label": "level",
    "status_label": "status",
    "lead_text": "lead",
    "responsible_text": "responsible",
    "ref": "id",
}


_NUMERIC = frozenset(
    {"id", "ref", "days_overdue", "days_left", "tasks_led", "tasks_responsible", "overdue_now"}
)


def _columns(lang: Lang, *keys: str) -> list[Column]:
    shown = _SHOWN_AS
    return [
        Column(
            key,
            word(shown.get(key, key), lang),
            wrap=key in ("task", "latest_note"),
            justify="right" if key in _NUMERIC else "left",
        )
        for key in keys
    ]


def _id(rows: Columns) -> str:
    """The id column: qualified (``hangzhou:18``) when the rows come from several lists."""
    return "ref" if any(rows.cells["source"]) else "id"


def _via(rows: Columns) -> list[str]:
    """The via-group column, shown only when some row was reached through a group."""
    return ["reached_via"] if any(rows.cells["reached_via"]) else []


#: What a table needs besides the cells it shows: which id and via-group columns it
#: shows, and the level it colours a row by.
_TABLE_KEYS = ("source", "reached_via", "level")
_OVERDUE_SHOWN = ("days_overdue", "due", "status_label", "lead_text", "responsible_text",
                  "task", "latest_note")  # fmt: skip
_UPCOMING_SHOWN = ("due", "status_label", "lead_text", "responsible_text", "task", "latest_note")
_LIST_SHOWN = ("level_label", "status_label", "deadline", "lead_text", "responsible_text", "task")


def _rows(
    items: Sequence[JudgedTask], lang: Lang, every: Sequence[str], shown: Sequence[str] | None
) -> Columns:
    """Rows with ``every`` key (JSON, CSV), or for a table or Markdown (``shown`` not
    None): its cells, its one id column and what chooses its columns and colours a row."""
    if shown is None:
        return task_columns(items, lang, every)
    rows = task_columns(items, lang, (*_TABLE_KEYS, *shown))
    key = _id(rows)
    rows.cells[key] = task_columns(items, lang, (key,)).cells[key]
    return rows


def overdue_section(
    items: Sequence[JudgedTask], as_of: dt.date, lang: Lang, *, every_key: bool = True
) -> Section:
    """``overdue``; ``every_key=False`` makes rows for a table or Markdown only."""
    every = (*TASK_KEYS, *PROGRESS_KEYS)
    rows = _rows(items, lang, every, None if every_key else _OVERDUE_SHOWN)
    return Section(
        "overdue",
        word("title_overdue", lang, as_of=as_of),
        _columns(lang, _id(rows), *_OVERDUE_SHOWN, *_via(rows)),
        rows,
        level_key="level",
        empty=word("none_overdue", lang),
        keys=every,
    )


def upcoming_section(
    items: Sequence[JudgedTask], as_of: dt.date, within: int, lang: Lang, *, every_key: bool = True
) -> Section:
    """``upcoming``; ``every_key=False`` makes rows for a table or Markdown only."""
    every = (*TASK_KEYS, *PROGRESS_KEYS)
    rows = _rows(items, lang, every, None if every_key else _UPCOMING_SHOWN)
    rows.cells["days_left"] = [(item.due - as_of).days if item.due else None for item in items]
    due, *shown = _UPCOMING_SHOWN
    return Section(
        "upcoming",
        word("title_upcoming", lang, as_of=as_of, within=within),
        _columns(lang, _id(rows), due, "days_left", *shown, *_via(rows)),
        rows,
        level_key="level",
        empty=word("none_upcoming", lang),
        keys=(*every, "days_left"),
    )


def list_section(
    items: Sequence[JudgedTask], as_of: dt.date, lang: Lang, *, every_key: bool = True
) -> Section:
    """``list``; ``every_key=False`` makes rows for a table or Markdown only."""
    rows = _rows(items, lang, TASK_KEYS, None if every_key else _LIST_SHOWN)
    return Section(
        "tasks",
        word("title_list", lang, as_of=as_of),
        _columns(lang, _id(rows), *_LIST_SHOWN, *_via(rows)),
        rows,
        level_key="level",
        empty=word("none_found", lang),
        keys=TASK_KEYS,
    )


def task_sections(item: JudgedTask, lang: Lang, file: str = "") -> list[Section]:
    """``show``: the task's fields as a two-column table, then its logs.

    ``file`` names the task file the task was read from: with several lists, or a copy
    outside the checkout, the reader must see which one answered.
    """
    # Only ``show`` has the close-out logs: a question about many tasks need not load them.
    from hazchem_cli.output.closeout_sections import evidence_section, signoffs_section

    task: TaskView = item.task
    row = {**task_row(item, lang), "file": file}
    fields = [
        "ref", "source", "file", "measure", "task", "lead_text", "responsible_text", "original_deadline",
        "deadline", "due", "status_label", "done_on", "level_label", "days_overdue", "done_late",
    ]  # fmt: skip
    pairs: list[dict[str, Cell]] = [
        {"field": word(_SHOWN_AS.get(key, key), lang), "value": _shown_value(row[key], lang)}
        for key in fields
        if row[key] not in (None, "", False) or key == "responsible_text"
    ]
    # The logs as they stood on the day judged: what was written later had not been yet.
    progress: list[dict[str, Cell]] = [
        {"on": note.on.isoformat(), "by": note.by, "note": note.note}
        for note in task.progress
        if note.on <= item.as_of
    ]
    extensions: list[dict[str, Cell]] = [
        {
            "on": ext.on.isoformat(),
            "to": ext.to,
            "reason": ext.reason,
            "approved_by": ext.approved_by,
        }
        for ext in task.extensions
        if ext.on <= item.as_of
    ]
    return [
        Section("task", word("title_task", lang, id=item.ref), _columns(lang, "field", "value"),
                pairs, empty=""),
        Section("progress", word("title_progress", lang),
                _columns(lang, "on", "by", "note"), progress, empty=word("none_progress", lang)),
        Section("extensions", word("title_extensions", lang),
                _columns(lang, "on", "to", "reason", "approved_by"), extensions,
                empty=word("none_extensions", lang)),
        evidence_section(task, lang),
        signoffs_section(task, lang),
    ]  # fmt: skip


def task_record(
    item: JudgedTask, lang: Lang, file: str = ""
) -> dict[str, Cell | list[dict[str, Cell]]]:
    """``show --format json``: one object with the logs nested, as a program expects."""
    sections = task_sections(item, lang, file)
    record: dict[str, Cell | list[dict[str, Cell]]] = dict(task_row(item, lang))
    record["file"] = file
    record["progress"] = list(sections[1].rows)
    record["extensions"] = list(sections[2].rows)
    record["evidence"] = list(sections[3].rows)
    record["signoffs"] = list(sections[4].rows)
    return record


def _shown_value(value: Cell, lang: Lang) -> Cell:
    return word("yes", lang) if value is True else value


def agencies_section(standings: Sequence[AgencyStanding], as_of: dt.date, lang: Lang) -> Section:
    rows: list[dict[str, Cell]] = [
        {
            "agency": s.agency.name,
            "agency_id": s.agency.id,
            "kind": s.agency.kind.value,
            "kind_label": word(s.agency.kind.value, lang),
            "name_en": s.agency.name_en,
            "aliases": list(s.agency.aliases),
            "tasks_led": s.led,
            "tasks_responsible": s.responsible,
            "overdue_now": s.overdue,
            "next_due": s.next_due.isoformat() if s.next_due else None,
            "members": list(s.agency.members),
        }
        for s in standings
    ]
    columns = _columns(
        lang, "agency", "agency_id", "kind_label", "tasks_led", "tasks_responsible",
        "overdue_now", "next_due", "members",
    )  # fmt: skip
    columns[2] = Column("kind_label", word("kind", lang))
    return Section("agencies", word("title_agencies", lang, as_of=as_of), columns, rows)


def _tally_columns(lang: Lang, first: str) -> list[Column]:
    return [
        Column(first, word(first, lang)),
        *(Column(level.value, word(level.value, lang), justify="right") for level in _LEVEL_ORDER),
        Column("total", word("total", lang), bar=True),
    ]


def _tally_row(key: str, label: str, levels: dict[Level, int]) -> dict[str, Cell]:
    row: dict[str, Cell] = {key: label}
    for level in _LEVEL_ORDER:
        row[level.value] = levels.get(level, 0)
    row["total"] = sum(levels.values())
    return row


def summary_sections(
    standings: Sequence[AgencyStanding],
    by_measure: Sequence[Tally],
    by_month: Sequence[Tally],
    as_of: dt.date,
    lang: Lang,
    by_source: Sequence[Tally] = (),
) -> list[Section]:
    agencies = [
        _tally_row("agency", s.agency.name, s.levels) for s in standings if s.led + s.responsible
    ]
    measures = [_tally_row("measure", t.label, t.levels) for t in by_measure]
    months = [_tally_row("month", t.label, t.levels) for t in by_month]
    sources = [_tally_row("source", t.label, t.levels) for t in by_source]
    by_file = [
        Section("by_source", word("title_by_source", lang), _tally_columns(lang, "source"),
                sources),
    ] if by_source else []  # fmt: skip
    return [
        *by_file,
        Section("by_agency", word("title_by_agency", lang, as_of=as_of),
                _tally_columns(lang, "agency"), agencies),
        Section("by_measure", word("title_by_measure", lang),
                _tally_columns(lang, "measure"), measures),
        Section("by_month", word("title_by_month", lang), _tally_columns(lang, "month"), months),
    ]  # fmt: skip
