"""``hazchem diff`` results as text: a table for people, JSON for programs, Markdown for PRs.

Every function here is pure, so each format is tested as a string. Changes a reviewer
must not miss (a deadline edited without a recorded extension, a task, agency, note or
extension deleted) are marked: ⚠ (and red, where colour shows) in a table, ⚠️ in Markdown, ``"attention": true`` in
JSON. Data text (task text, names, notes) is shown as written, never translated.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from hazchem_cli.escape.markdown import inline
from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.model.documents import Agency, Evidence, Extension, ProgressNote, Signoff, Task
from hazchem_cli.output.render import render_text
from hazchem_cli.output.sections import Cell, Column, OutputFormat, Section, cell_text
from hazchem_cli.review.comparison import Comparison, Side
from hazchem_cli.review.semantic_diff import Change, ChangeKind, Value, needs_attention

#: Fields whose values are words hazchem knows (statuses, kinds), shown in the user's language.
_WORD_FIELDS = frozenset({"status", "kind"})
#: A field's label key where it differs from the field's name.
_FIELD_LABELS = {"source": "source_document", "title": "list_title", "id": "agency_id"}


#: Marks a row needing attention where colour is lost (piped, NO_COLOR), and where the
#: console's encoding cannot print ⚠ (a Windows code page), the ASCII stand-in.
ATTENTION_MARK = "⚠"
ASCII_ATTENTION_MARK = "!"


def attention_mark(encoding: str | None) -> str:
    """⚠ where the output's encoding can print it, else ``!``."""
    try:
        ATTENTION_MARK.encode(encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return ASCII_ATTENTION_MARK
    return ATTENTION_MARK


def render_comparison(
    comparison: Comparison,
    fmt: OutputFormat,
    lang: Lang,
    *,
    terminal: bool = False,
    width: int | None = None,
    color: bool = True,
    mark: str = ATTENTION_MARK,
) -> str:
    """Exactly what ``hazchem diff`` prints on stdout in ``fmt``.

    The command offers table, json and md; csv, for a library caller, gives the table's rows.
    """
    if fmt is OutputFormat.JSON:
        return comparison_json(comparison)
    if fmt is OutputFormat.MD:
        return comparison_markdown(comparison, lang)
    section = comparison_section(comparison, lang, mark)
    return render_text([section], fmt, terminal=terminal, width=width, color=color)


def side_name(side: Side, lang: Lang) -> str:
    """The revision as the user named it, or "working tree"."""
    return side.revision.name if side.revision else word("working_tree", lang)


def summary(comparison: Comparison, lang: Lang) -> str:
    """One line: how many changes, and how many need attention."""
    total = len(comparison.changes)
    if not total:
        return word("diff_none", lang)
    marked = sum(needs_attention(change) for change in comparison.changes)
    key = "diff_count_attention" if marked else "diff_count"
    return word(key, lang, count=total, attention=marked)


# Table --------------------------------------------------------------------------------


def changed_files(comparison: Comparison, lang: Lang) -> str:
    """The files that changed, as the heading names them."""
    return ("、" if lang is Lang.ZH else ", ").join(str(p) for p in comparison.changed_files)


def comparison_section(comparison: Comparison, lang: Lang, mark: str = ATTENTION_MARK) -> Section:
    """One row per change: what it concerns, what changed, the value before and after.

    A change needing attention is coloured in a terminal and marked with ``mark`` in
    every case, so it shows without colour too.
    """
    title = word(
        "title_diff",
        lang,
        path=changed_files(comparison, lang),
        old=side_name(comparison.old, lang),
        new=side_name(comparison.new, lang),
    )
    columns = [
        Column("subject", word("diff_subject", lang)),
        Column("change", word("diff_change", lang)),
        Column("before", word("diff_before", lang), wrap=True),
        Column("after", word("diff_after", lang), wrap=True),
    ]
    rows = [_row(change, lang, mark) for change in comparison.changes]
    return Section(
        "changes", title, columns, rows, level_key="level", empty=summary(comparison, lang)
    )


def _row(change: Change, lang: Lang, mark: str = ATTENTION_MARK) -> dict[str, Cell]:
    before, after = shown_values(change, lang)
    what = describe(change, lang)
    return {
        "subject": subject(change, lang),
        "change": f"{mark} {what}" if mark and needs_attention(change) else what,
        "before": before,
        "after": after,
        "level": "red" if needs_attention(change) else None,
    }


def subject(change: Change, lang: Lang) -> str:
    """What a change concerns: a task, an agency, or the task list itself."""
    if change.task_id is not None:
        return word("title_task", lang, id=change.task_id)
    if change.agency is not None:
        return change.agency
    return word("task_list", lang)


def describe(change: Change, lang: Lang) -> str:
    """The kind of change in words, with the field it concerns where that says more."""
    if change.kind is ChangeKind.DEADLINE_MOVED:
        key = "deadline_by_extension" if change.by_extension else "deadline_edited"
        return word(key, lang)
    text = word(change.kind.value, lang)
    shown_field = change.kind in (
        ChangeKind.FIELD_CHANGED,
        ChangeKind.TEXT_CHANGED,
        ChangeKind.UNITS_CHANGED,
        ChangeKind.AGENCY_CHANGED,
    ) or (change.kind is ChangeKind.STATUS_CHANGED and change.field == "done_on")
    if shown_field and change.field is not None:
        label = word(_FIELD_LABELS.get(change.field, change.field), lang)
        text += f"（{label}）" if lang is Lang.ZH else f" ({label})"
    return text


def change_values(change: Change, lang: Lang) -> tuple[str, str]:
    """Before and after as one line of text each ("" where there is none)."""
    before, after = shown_values(change, lang)
    return _plain(before, lang), _plain(after, lang)


def shown_values(change: Change, lang: Lang) -> tuple[Cell, Cell]:
    """Before and after as people read them; added or removed entries are summarised."""
    entry = change.entry
    if entry is not None:
        shown = _entry_text(entry, lang)
        added = change.kind in (
            ChangeKind.TASK_ADDED,
            ChangeKind.AGENCY_ADDED,
            ChangeKind.PROGRESS_ADDED,
            ChangeKind.EXTENSION_ADDED,
            ChangeKind.EVIDENCE_ADDED,
            ChangeKind.SIGNOFF_ADDED,
            ChangeKind.TASK_RETURNED,
        )
        return (None, shown) if added else (shown, None)
    before, after = (
        _cell(change.field, change.before, lang),
        _cell(change.field, change.after, lang),
    )
    if change.kind is ChangeKind.STATUS_CHANGED and change.field == "status" and change.done_on:
        after = f"{after}（{change.done_on}）" if lang is Lang.ZH else f"{after} ({change.done_on})"
    return before, after


def _cell(field: str | None, value: Value, lang: Lang) -> Cell:
    if isinstance(value, tuple):
        return list(value)
    if value is not None and field in _WORD_FIELDS:
        return word(value, lang)
    return value


def _entry_text(
    entry: Task | Agency | ProgressNote | Extension | Evidence | Signoff, lang: Lang
) -> str:
    """An added or removed entry in one line, the way its file would introduce it."""
    if isinstance(entry, Task):
        return entry.task
    if isinstance(entry, Evidence):
        where = entry.path or entry.url or ""
        return f"{entry.on} {entry.by}{_colon(lang)}{entry.title}{_bracketed(where, lang)}"
    if isinstance(entry, Signoff):
        role = word(f"closeout_role_{entry.role.value}", lang)
        decision = word(f"closeout_decision_{entry.decision.value}", lang)
        said = f"{entry.on} {entry.by}{_bracketed(role, lang)}{_colon(lang)}{decision}"
        return _joined([said, entry.reason], lang) if entry.reason else said
    if isinstance(entry, Agency):
        return _joined([entry.id, word(entry.kind.value, lang)], lang)
    if isinstance(entry, ProgressNote):
        return f"{entry.on} {entry.by}{_colon(lang)}{entry.note}"
    details = [entry.on.isoformat(), _labelled("reason", entry.reason, lang)]
    if entry.approved_by:
        details.append(_labelled("approved_by", entry.approved_by, lang))
    inner = _joined(details, lang)
    return f"{entry.to}（{inner}）" if lang is Lang.ZH else f"{entry.to} ({inner})"


def _labelled(key: str, value: str, lang: Lang) -> str:
    """``理由：…`` or ``reason: …``: an English column label reads lowercase inside a phrase."""
    label = word(key, lang)
    if lang is Lang.EN:
        label = label[:1].lower() + label[1:]
    return f"{label}{_colon(lang)}{value}"


def _bracketed(text: str, lang: Lang) -> str:
    return f"（{text}）" if lang is Lang.ZH else f" ({text})"


def _colon(lang: Lang) -> str:
    return "：" if lang is Lang.ZH else ": "


def _joined(parts: Sequence[str], lang: Lang) -> str:
    return ("，" if lang is Lang.ZH else ", ").join(parts)


# JSON ---------------------------------------------------------------------------------


def comparison_json(comparison: Comparison) -> str:
    """The comparison for programs: stable English keys, ISO dates, entries given whole."""
    document = {
        "path": str(comparison.path),
        "changed_files": [str(path) for path in comparison.changed_files],
        "old": _side_record(comparison.old),
        "new": _side_record(comparison.new),
        "changed": bool(comparison.changes),
        "changes": [change_record(change) for change in comparison.changes],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _side_record(side: Side) -> dict[str, object]:
    """``rev`` and ``commit`` are null for the working tree; ``exists`` is the task file's."""
    return {
        "rev": side.revision.name if side.revision else None,
        "commit": side.revision.commit if side.revision else None,
        "exists": side.tasks is not None,
    }


def change_record(change: Change) -> dict[str, object]:
    """Every key is always present (null when it does not apply), so consumers need no guards."""
    return {
        "kind": change.kind.value,
        "task_id": change.task_id,
        "agency": change.agency,
        "field": change.field,
        "before": list(change.before) if isinstance(change.before, tuple) else change.before,
        "after": list(change.after) if isinstance(change.after, tuple) else change.after,
        "by_extension": change.by_extension,
        "done_on": change.done_on.isoformat() if change.done_on else None,
        "attention": needs_attention(change),
        "entry": change.entry.model_dump(mode="json") if change.entry is not None else None,
    }


# Markdown -----------------------------------------------------------------------------


def comparison_markdown(comparison: Comparison, lang: Lang) -> str:
    """A heading, a one-line summary and a bullet per change: ready to paste into a PR."""
    title = word(
        "title_diff",
        lang,
        path=", ".join(f"`{path}`" for path in comparison.changed_files),
        old=f"`{side_name(comparison.old, lang)}`",
        new=inline(side_name(comparison.new, lang))
        if comparison.new.revision is None
        else f"`{side_name(comparison.new, lang)}`",
    )
    lines = [f"### {title}", "", inline(summary(comparison, lang))]
    if comparison.changes:
        lines.append("")
        for change in comparison.changes:
            lines.extend(_markdown_item(change, lang))
    return "\n".join(lines) + "\n"


def _markdown_item(change: Change, lang: Lang) -> list[str]:
    what = inline(describe(change, lang))
    if needs_attention(change):
        what = f"⚠️ **{what}**"
    head = f"- **{inline(subject(change, lang))}** — {what}"
    before, after = (inline(_plain(cell, lang)) for cell in shown_values(change, lang))
    colon = _colon(lang)
    if change.kind is ChangeKind.TEXT_CHANGED:
        # Task text runs to a paragraph: before and after on lines of their own compare.
        return [
            head,
            f"  - {word('diff_before', lang)}{colon}{before}",
            f"  - {word('diff_after', lang)}{colon}{after}",
        ]
    if change.entry is not None:
        return [f"{head}{colon}{after or before}"]
    return [f"{head}{colon}{before or '—'} → {after or '—'}"]


def _plain(cell: Cell, lang: Lang) -> str:
    return word("diff_empty", lang) if cell == [] else cell_text(cell, missing="")
