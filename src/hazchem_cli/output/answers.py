"""Query results as ``Section``s: the rows every output format renders.

Row keys are the stable, documented JSON keys (see the README's "Machine formats"); labels come in the
user's language. Values in rows are data and are never translated, except the computed
warning level and status, which tables and Markdown show as words.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from hazchem_cli.edit.source_table import DIVIDED_MARK, OPEN_LIST_MARK
from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.model.levels import Level
from hazchem_cli.model.records import ListName, TaskView
from hazchem_cli.output.closeout_sections import evidence_section, signoffs_section
from hazchem_cli.output.sections import Cell, Column, Section
from hazchem_cli.output.unit_names import shown_unit
from hazchem_cli.query.judge import JudgedTask
from hazchem_cli.query.progress import latest_note
from hazchem_cli.query.tally import AgencyStanding, Tally

_LEVEL_ORDER = (Level.RED, Level.YELLOW, Level.GREEN, Level.ONGOING, Level.STALE)


#: The keys of :func:`task_row`, in its order: the columns of a CSV even when no task matched.
TASK_KEYS = (
    "id", "source", "ref", "measure", "task", "lead", "responsible", "open_list",
    "divided_responsibility", "lead_text", "responsible_text", "deadline", "original_deadline",
    "due", "status", "done_on", "level", "days_overdue", "done_late", "reached_via",
    "level_label", "status_label",
)  # fmt: skip
#: The keys of :func:`progress_cells`.
PROGRESS_KEYS = ("latest_note_on", "latest_note_by", "latest_note_text", "latest_note")


def task_row(item: JudgedTask, lang: Lang) -> dict[str, Cell]:
    """Every field a program may want about one judged task."""
    task = item.task
    shown = shown_cells(item, lang)
    return {
        "id": shown["id"],
        "source": shown["source"],
        "ref": shown["ref"],
        "measure": task.measure,
        "task": shown["task"],
        "lead": list(task.lead),
        "responsible": list(task.responsible),
        "open_list": task.open_list,
        "divided_responsibility": task.divided_responsibility,
        "lead_text": shown["lead_text"],
        "responsible_text": shown["responsible_text"],
        "deadline": shown["deadline"],
        "original_deadline": task.deadline,
        "due": shown["due"],
        "status": shown["status"],
        # As the task stood on the day judged: a completion recorded later had not happened.
        "done_on": task.done_on.isoformat() if task.done_on and item.done_by_then else None,
        "level": shown["level"],
        "days_overdue": shown["days_overdue"],
        "done_late": item.done_late,
        "reached_via": shown["reached_via"],
        "level_label": shown["level_label"],
        "status_label": shown["status_label"],
    }


def shown_cells(item: JudgedTask, lang: Lang) -> dict[str, Cell]:
    """The cells of ``task_row`` that tables and Markdown show, and those that choose their
    id and via-group columns and colour a row (``source``, ``reached_via``, ``level``).

    A table of 25,000 overdue tasks needs a third of a row's keys; these are made
    without the rest, and ``task_row`` takes them from here, so a cell is made one way.
    """
    task, due = item.task, item.due
    level, status = item.level.value, item.status.value  # each worked out once a row
    return {
        "id": task.id,
        "source": item.source or None,
        "ref": item.ref,
        "task": task.task,
        "lead_text": _unit_text(task, "lead", lang),
        "responsible_text": _unit_text(task, "responsible", lang),
        "deadline": task.deadline_on(item.as_of).text,
        "due": due.isoformat() if due else None,
        "status": status,
        "level": level,
        "days_overdue": item.days_overdue,
        "reached_via": list(item.reached_via),
        # A task finished after its deadline is never "on track": its label says done late.
        "level_label": _label("done_late" if item.done_late else level, lang),
        "status_label": _label(status, lang),
    }


@functools.cache
def _label(key: str, lang: Lang) -> str:
    """A level's or status's word, looked up once a run rather than once a row."""
    return word(key, lang)


def progress_cells(item: JudgedTask) -> dict[str, Cell]:
    """The latest progress note (day, unit, text), so that a task in progress reads
    differently from an untouched one; ``latest_note`` is the three in one cell."""
    note = latest_note(item.task, item.as_of)
    if note is None:
        return dict.fromkeys(PROGRESS_KEYS)
    on = note.on.isoformat()
    return {
        "latest_note_on": on,
        "latest_note_by": note.by,
        "latest_note_text": note.note,
        "latest_note": f"{on} {note.by}：{note.note}",
    }


def _unit_text(task: TaskView, role: ListName, lang: Lang) -> str:
    """The unit cell as the source writes it, with its closing 等 or 分工负责; in
    English, with the registry's English names and English marks."""
    units = task.lead if role == "lead" else task.responsible  # task.units, once a cell
    if lang is Lang.ZH:
        text = "、".join(units)
        if task.open_list == role:
            text += OPEN_LIST_MARK
        if task.divided_responsibility == role:
            text += DIVIDED_MARK
        return text
    text = "; ".join(shown_unit(name) for name in units)
    if task.open_list == role:
        text += word("open_list_mark", lang)
    if task.divided_responsibility == role:
        text += word("divided_mark", lang)
    return text


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


def _id(rows: list[dict[str, Cell]]) -> str:
    """The id column: qualified (``hangzhou:18``) when the rows come from several lists."""
    return "ref" if any(row["source"] for row in rows) else "id"


def _via(rows: list[dict[str, Cell]]) -> list[str]:
    """The via-group column, shown only when some row was reached through a group."""
    return ["reached_via"] if any(row["reached_via"] for row in rows) else []


def _rows(items: Sequence[JudgedTask], lang: Lang, every_key: bool) -> list[dict[str, Cell]]:
    """Rows with every key (JSON and CSV), or only the cells tables and Markdown show."""
    make = task_row if every_key else shown_cells
    return [make(item, lang) | progress_cells(item) for item in items]


def overdue_section(
    items: Sequence[JudgedTask], as_of: dt.date, lang: Lang, *, every_key: bool = True
) -> Section:
    """``overdue``; ``every_key=False`` makes rows for a table or Markdown only."""
    rows = _rows(items, lang, every_key)
    keys = [_id(rows), "days_overdue", "due", "status_label", "lead_text", "responsible_text",
            "task", "latest_note", *_via(rows)]  # fmt: skip
    return Section(
        "overdue",
        word("title_overdue", lang, as_of=as_of),
        _columns(lang, *keys),
        rows,
        level_key="level",
        empty=word("none_overdue", lang),
        keys=(*TASK_KEYS, *PROGRESS_KEYS),
    )


def upcoming_section(
    items: Sequence[JudgedTask], as_of: dt.date, within: int, lang: Lang, *, every_key: bool = True
) -> Section:
    """``upcoming``; ``every_key=False`` makes rows for a table or Markdown only."""
    rows = _rows(items, lang, every_key)
    for row, item in zip(rows, items, strict=True):
        row["days_left"] = (item.due - as_of).days if item.due else None
    keys = [_id(rows), "due", "days_left", "status_label", "lead_text", "responsible_text",
            "task", "latest_note", *_via(rows)]  # fmt: skip
    return Section(
        "upcoming",
        word("title_upcoming", lang, as_of=as_of, within=within),
        _columns(lang, *keys),
        rows,
        level_key="level",
        empty=word("none_upcoming", lang),
        keys=(*TASK_KEYS, *PROGRESS_KEYS, "days_left"),
    )


def list_section(
    items: Sequence[JudgedTask], as_of: dt.date, lang: Lang, *, every_key: bool = True
) -> Section:
    """``list``; ``every_key=False`` makes rows for a table or Markdown only."""
    make = task_row if every_key else shown_cells
    rows = [make(item, lang) for item in items]
    keys = [_id(rows), "level_label", "status_label", "deadline", "lead_text", "responsible_text"]
    return Section(
        "tasks",
        word("title_list", lang, as_of=as_of),
        _columns(lang, *keys, "task", *_via(rows)),
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
