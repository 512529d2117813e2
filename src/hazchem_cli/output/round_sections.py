"""Reporting rounds as ``Section``s: for ``hazchem rounds`` and the briefing's 未报送 part.

One row per unit and round. JSON and CSV carry the task references themselves (which
tasks were and were not reported on); tables show counts and the missing ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.output.sections import Cell, Column, Section
from hazchem_cli.query.rounds import Round, UnitRound


def round_row(row: UnitRound, lang: Lang) -> dict[str, Cell]:
    return {
        "round": row.round.label,
        "round_start": row.round.start.isoformat(),
        "round_end": row.round.end.isoformat(),
        "agency": row.agency.name,
        "agency_id": row.agency.id,
        "open_count": len(row.open_tasks),
        "reported_count": len(row.reported),
        "open_tasks": list(row.open_tasks),
        "reported": list(row.reported),
        "missing": list(row.missing),
        "last_report": row.last_report.isoformat() if row.last_report else None,
        "days_since": row.days_since,
        "level": "red" if row.missing else "green",
        "status_label": (
            word("rounds_missing_some", lang) if row.missing else word("rounds_all_in", lang)
        ),
    }


def _columns(lang: Lang, *keys: str) -> list[Column]:
    numeric = {"open_count", "reported_count", "days_since"}
    return [
        Column(
            key,
            word(f"rounds_{key}", lang),
            wrap=key == "missing",
            justify="right" if key in numeric else "left",
        )
        for key in keys
    ]


def rounds_section(
    rows: Sequence[UnitRound], rounds: Sequence[Round], as_of: dt.date, lang: Lang
) -> Section:
    """Every unit in every round asked for, the units with gaps first in each round."""
    first = ["round"] if len(rounds) > 1 else []
    keys = [*first, "agency", "status_label", "open_count", "reported_count", "missing",
            "last_report", "days_since"]  # fmt: skip
    period = word(f"rounds_{rounds[-1].period.value}", lang) if rounds else ""
    return Section(
        "rounds",
        word("title_rounds", lang, period=period, as_of=as_of),
        _columns(lang, *keys),
        [round_row(row, lang) for row in rows],
        level_key="level",
        empty=word("rounds_none", lang),
    )


def unreported_section(rows: Sequence[UnitRound], current: Round, lang: Lang) -> Section:
    """The briefing's 未报送: units that have not reported on every open task this round."""
    missing = [row for row in rows if row.missing]
    return Section(
        "unreported",
        word("report_unreported", lang, start=current.start, end=current.end),
        _columns(lang, "agency", "missing", "last_report", "days_since"),
        [round_row(row, lang) for row in missing],
        level_key="level",
        empty=word("report_none_unreported", lang),
    )
