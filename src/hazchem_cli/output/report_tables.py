"""The briefing's tables, built once as ``Section``s for both the HTML and Markdown forms.

Rows are ``answers.task_row`` rows, so a task reads the same in the briefing as in
``hazchem list``; columns carry the labels of the report's language.
"""

from __future__ import annotations

from collections.abc import Sequence

from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.model.levels import Level
from hazchem_cli.output.answers import PROGRESS_KEYS, TASK_KEYS, task_columns
from hazchem_cli.output.diff_report import describe, shown_values
from hazchem_cli.output.sections import Cell, Column, Section, cell_text
from hazchem_cli.output.unit_names import shown_unit
from hazchem_cli.query.briefing import LEVELS, Report, ReportChange, last_note
from hazchem_cli.query.judge import JudgedTask
from hazchem_cli.query.tally import Tally

#: Levels a dated deadline can have; the month chart has no ongoing or stale tasks.
DATED_LEVELS = (Level.RED, Level.YELLOW, Level.GREEN)

#: Columns of running text or lists of units, which wrap; the rest (ids, dates) stay whole.
_TEXT = frozenset(
    {"task", "detail", "what", "lead_text", "responsible_text", "co_leads", "latest_note"}
)
_NUMERIC = frozenset({"ref", "days_overdue", "days_left", "count", "total", *LEVELS})


def meta_lines(report: Report) -> list[str]:
    """The lines under the briefing's title: the lists, the day, the scope, the files read."""
    lines = [*report.titles, word("report_as_of", report.lang, as_of=report.as_of)]
    if report.agencies:
        lines.append(word("report_scope", report.lang, names="、".join(report.agencies)))
    lines.append(word("report_files", report.lang, files="、".join(report.files)))
    return lines


def _columns(report: Report, *keys: str) -> list[Column]:
    """Columns under the report's labels; task text wraps, counts and ids align right."""
    label_keys = {
        "ref": "id",
        "lead_text": "lead",
        "responsible_text": "responsible",
        "status_label": "status",
    }
    return [
        Column(
            key,
            word(label_keys.get(key, key), report.lang),
            wrap=key in _TEXT,
            justify="right" if key in _NUMERIC else "left",
        )
        for key in keys
    ]


def _rows(
    report: Report, items: Sequence[JudgedTask], *, notes: bool = False
) -> list[dict[str, Cell]]:
    """Whole rows; with ``notes``, each with its latest progress note, made the same way."""
    return list(task_columns(items, report.lang, (*TASK_KEYS, *(PROGRESS_KEYS if notes else ()))))


def headline_section(report: Report) -> Section:
    """Tasks per warning level, worst first, every level shown even at zero."""
    rows: list[dict[str, Cell]] = [
        {"level": level.value, "level_label": word(level.value, report.lang),
         "count": report.counts[level]}
        for level in LEVELS
    ]  # fmt: skip
    columns = [Column("level_label", word("level", report.lang)), *_columns(report, "count")]
    title = word("report_headline", report.lang)
    return Section("headline", title, columns, rows, level_key="level")


def overdue_sections(report: Report) -> list[Section]:
    """One table per lead unit; the joint-lead column appears only where a task has one."""
    sections = []
    for group in report.overdue_by_lead:
        rows = _rows(report, group.tasks, notes=True)
        for row, item in zip(rows, group.tasks, strict=True):
            row["co_leads"] = group.co_leads(item)
        joint = ["co_leads"] if any(row["co_leads"] for row in rows) else []
        keys = ["ref", "days_overdue", "deadline", "status_label", "responsible_text", *joint,
                "task", "latest_note"]  # fmt: skip
        columns = _columns(report, *keys)
        if joint:
            index = keys.index("co_leads")
            columns[index] = Column("co_leads", word("report_co_leads", report.lang), wrap=True)
        agency = shown_unit(group.agency)
        title = word("report_group", report.lang, agency=agency, count=len(group.tasks))
        sections.append(Section("overdue", title, columns, rows, level_key="level"))
    return sections


def due_soon_section(report: Report) -> Section:
    rows = _rows(report, report.due_soon, notes=True)
    for row, item in zip(rows, report.due_soon, strict=True):
        row["days_left"] = (item.due - report.as_of).days if item.due else None
    return Section(
        "due_soon",
        word("report_due_soon", report.lang, within=report.within),
        _columns(
            report, "ref", "due", "days_left", "status_label", "lead_text", "task", "latest_note"
        ),
        rows,
        level_key="level",
        empty=word("none_upcoming", report.lang),
    )


def stale_section(report: Report) -> Section:
    rows = _rows(report, report.stale)
    for row, item in zip(rows, report.stale, strict=True):
        noted = last_note(item)
        row["last_note"] = noted.isoformat() if noted else None
    columns = _columns(report, "ref", "last_note", "lead_text", "task")
    columns[1] = Column("last_note", word("report_last_note", report.lang))
    return Section(
        "stale",
        word("report_stale", report.lang, days=report.stale_after),
        columns,
        rows,
        level_key="level",
        empty=word("report_none_stale", report.lang),
    )


def changes_section(report: Report) -> Section:
    """What changed since ``--since``; rows needing attention carry level ``red``."""
    rows: list[dict[str, Cell]] = [
        {
            "on": change.on.isoformat() if change.on else None,
            "ref": change.ref,
            **_what_and_detail(change, report.lang),
            "task": change.task,
            "level": "red" if change.attention else None,
            "attention": change.attention,
        }
        for change in report.changes
    ]
    columns = _columns(report, "on", "ref", "what", "detail", "task")
    columns[2] = Column("what", word("diff_change", report.lang), wrap=True)
    columns[3] = Column("detail", word("report_detail", report.lang), wrap=True)
    since = report.since_shown or ""
    return Section(
        "changes",
        word("report_changes", report.lang, since=since),
        columns,
        rows,
        level_key="level",
        empty=word("report_no_changes", report.lang),
    )


def tally_section(key: str, title: str, report: Report, tallies: Sequence[Tally]) -> Section:
    """Counts per level for each label (an agency, a month), with the total as a bar."""
    levels = DATED_LEVELS if key == "month" else LEVELS
    rows: list[dict[str, Cell]] = []
    for tally in tallies:
        row: dict[str, Cell] = {key: tally.label}
        row.update({level.value: tally.levels[level] for level in levels})
        row["total"] = tally.total
        rows.append(row)
    columns = [
        Column(key, word(key, report.lang)),
        *(Column(lv.value, word(lv.value, report.lang), justify="right") for lv in levels),
        Column("total", word("total", report.lang), justify="right", bar=True),
    ]
    return Section(key, title, columns, rows, empty=word("none_found", report.lang))


def done_section(report: Report) -> Section:
    rows: list[dict[str, Cell]] = [
        {"label": word("report_done_on_time", report.lang), "count": report.done_on_time},
        {"label": word("done_late", report.lang), "count": report.done_late},
    ]
    columns = [
        Column("label", ""),
        Column("count", word("count", report.lang), justify="right", bar=True),
    ]
    return Section("done", word("report_chart_done", report.lang), columns, rows)


def _what_and_detail(change: ReportChange, lang: Lang) -> dict[str, Cell]:
    """A change in words: ``hazchem diff``'s for a change found by git, else as recorded."""
    if change.change is None:
        return {"what": change.what, "detail": change.detail}
    before, after = shown_values(change.change, lang)
    shown = [cell_text(value, missing="") for value in (before, after)]
    detail = " → ".join(shown) if all(shown) else shown[0] or shown[1]
    return {"what": describe(change.change, lang), "detail": detail}
