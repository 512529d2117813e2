"""``hazchem log`` as text: one line per commit, the changes in ``hazchem diff``'s words."""

from __future__ import annotations

import json

from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.output.diff_report import change_record, change_values, describe
from hazchem_cli.output.sections import Cell, Column, Section
from hazchem_cli.review.history import TaskHistory
from hazchem_cli.review.semantic_diff import Change, ChangeKind, needs_attention

#: Longer values (task text, notes) are cut in the one-line summary; JSON has them whole.
_SHOWN = 60


def history_section(history: TaskHistory, lang: Lang) -> Section:
    """The table (and Markdown) form: day, author, short commit, what changed."""
    columns = [
        Column("day", word("log_day", lang)),
        Column("author", word("log_author", lang)),
        Column("commit", word("log_commit", lang)),
        Column("changes", word("log_changes", lang), wrap=True),
    ]
    rows: list[dict[str, Cell]] = [
        {
            "day": entry.day.isoformat(),
            "author": entry.author,
            "commit": entry.short,
            "changes": "; ".join(change_line(change, lang) for change in entry.changes),
            "level": "red" if any(needs_attention(c) for c in entry.changes) else None,
        }
        for entry in history.entries
    ]
    title = word("log_title", lang, id=history.task_id, path=str(history.path))
    empty = word("log_none", lang, id=history.task_id)
    return Section("history", title, columns, rows, level_key="level", empty=empty)


def change_line(change: Change, lang: Lang) -> str:
    """One change in words: ``status changed: not started → in progress``."""
    if change.kind is ChangeKind.TASK_ADDED:
        return word("log_added", lang)
    before, after = (_cut(value) for value in change_values(change, lang))
    colon = "：" if lang is Lang.ZH else ": "
    mark = "⚠ " if needs_attention(change) else ""
    if change.entry is not None:
        return f"{mark}{describe(change, lang)}{colon}{after or before}"
    return f"{mark}{describe(change, lang)}{colon}{before or '—'} → {after or '—'}"


def history_json(history: TaskHistory) -> str:
    """For programs: every change whole, as ``hazchem diff --format json`` gives it."""
    document = {
        "path": str(history.path),
        "task_id": history.task_id,
        "shallow": history.horizon is not None,
        "visible_since": history.horizon.day.isoformat() if history.horizon else None,
        "entries": [
            {
                "commit": entry.commit,
                "short": entry.short,
                "day": entry.day.isoformat(),
                "author": entry.author,
                "changes": [change_record(change) for change in entry.changes],
            }
            for entry in history.entries
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def horizon_note(history: TaskHistory, lang: Lang) -> str | None:
    """The line saying how far a shallow clone can see, or None for a full history."""
    if history.horizon is None:
        return None
    return word("log_shallow", lang, day=history.horizon.day, commit=history.horizon.short)


def _cut(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SHOWN else flat[: _SHOWN - 1] + "…"
