"""The briefing as Markdown, for a wiki page, an issue or a merge request on GitHub or GitLab.

Neither site draws SVG written into Markdown (both strip it), so the charts are given as
their tables, each total followed by a bar of █ scaled to the largest: the numbers
stay exact and copyable, and the bars still compare at a glance.
"""

from __future__ import annotations

from collections.abc import Sequence

from hazchem_cli.escape.markdown import inline
from hazchem_cli.i18n.labels import word
from hazchem_cli.output.closeout_sections import closeout_sections, late_extensions_section
from hazchem_cli.output.report_tables import (
    changes_section,
    done_section,
    due_soon_section,
    headline_section,
    meta_lines,
    overdue_sections,
    stale_section,
    tally_section,
)
from hazchem_cli.output.round_sections import unreported_section
from hazchem_cli.output.sections import MISSING, Cell, Column, Section, cell_text
from hazchem_cli.query.briefing import Report

#: Longest text bar, in characters.
BAR_CHARS = 20
_ALIGN = {"left": "---", "right": "---:"}


def render_markdown(report: Report) -> str:
    """The whole briefing: headings, a table per part, the charts as tables with bars."""
    lang = report.lang
    blocks = [f"# {word('report_title', lang)}", _meta(report)]
    blocks += _part(headline_section(report), level=2)
    blocks.append(inline(word("report_total", lang, count=report.total)))
    blocks.append(f"## {inline(word('report_overdue', lang))}")
    groups = overdue_sections(report)
    blocks += [block for section in groups for block in _part(section, level=3)]
    if not groups:
        blocks.append(inline(word("none_overdue", lang)))
    blocks += _part(due_soon_section(report), level=2)
    if report.since is not None:
        blocks += _part(changes_section(report), level=2)
    blocks += _part(stale_section(report), level=2)
    if report.closeout is not None:
        for section in closeout_sections(report.closeout, report.as_of, lang):
            blocks += _part(section, level=2)
    if report.late_extensions:
        blocks += _part(late_extensions_section(report.late_extensions, lang), level=2)
    if report.round is not None:
        blocks += _part(unreported_section(report.rounds, report.round, lang), level=2)
    blocks.append(f"## {inline(word('report_charts', lang))}")
    blocks.append(inline(word("report_md_charts", lang)))
    blocks += _part(
        tally_section("agency", word("report_chart_agencies", lang), report, report.by_agency),
        level=3,
    )
    blocks += _part(
        tally_section("month", word("title_by_month", lang), report, report.by_month), level=3
    )
    blocks += _part(done_section(report), level=3)
    return "\n\n".join(blocks) + "\n"


def _meta(report: Report) -> str:
    # Two trailing spaces: a line break inside one paragraph.
    return "  \n".join(inline(line) for line in meta_lines(report))


def _part(section: Section, level: int) -> list[str]:
    """A heading and the section's table, or its empty text when it has no rows."""
    heading = f"{'#' * level} {inline(section.title)}"
    if not section.rows:
        return [heading, inline(section.empty)]
    return [heading, _table(section)]


def _table(section: Section) -> str:
    columns = section.columns
    bars = {c.key: _bars(c, section.rows) for c in columns if c.bar}
    lines = [
        _row([inline(column.label) for column in columns]),
        _row([_ALIGN.get(column.justify, "---") for column in columns]),
    ]
    for index, row in enumerate(section.rows):
        cells = []
        for column in columns:
            shown = bars[column.key][index] if column.bar else inline(_cell(row.get(column.key)))
            if column.key == "what" and row.get("attention"):
                shown = f"⚠️ **{shown}**"
            cells.append(shown)
        lines.append(_row(cells))
    return "\n".join(lines)


def _bars(column: Column, rows: Sequence[dict[str, Cell]]) -> list[str]:
    """Each count followed by a bar scaled to the column's largest (at least one █ if > 0)."""
    counts = [value if isinstance(value := row.get(column.key), int) else 0 for row in rows]
    top = max(counts, default=0)
    return [
        f"{count} {'█' * max(1, round(count / top * BAR_CHARS))}" if count else "0"
        for count in counts
    ]


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _cell(value: Cell) -> str:
    """A cell as text; an empty text shows as a dash too, as in every report table."""
    return cell_text(value) or MISSING
