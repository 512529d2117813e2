"""The briefing as one self-contained HTML file: to mail, open on a phone, or print on A4.

Everything is inside the file: the style sheet is inline, the charts are inline SVG, and
the page names no font, image or script to fetch. A Content-Security-Policy meta tag
makes the browser enforce that (``default-src 'none'``), so even a task text that got
past escaping could not load or run anything. Fonts are the reader's own: the CSS lists
common Chinese system fonts by name and falls back to ``sans-serif``.

Task texts come from a file anyone may edit, so every piece of data is escaped: a task
reading ``<script>`` shows those characters.
"""

from __future__ import annotations

from hazchem_cli.escape import html
from hazchem_cli.i18n.labels import Lang, word
from hazchem_cli.model.levels import Level
from hazchem_cli.output.charts import Bar, Series, month_columns, stacked_bars
from hazchem_cli.output.closeout_sections import closeout_sections, late_extensions_section
from hazchem_cli.output.report_tables import (
    DATED_LEVELS,
    changes_section,
    due_soon_section,
    meta_lines,
    overdue_sections,
    stale_section,
)
from hazchem_cli.output.round_sections import unreported_section
from hazchem_cli.output.sections import MISSING, Cell, Column, Section, cell_text
from hazchem_cli.query.briefing import LEVELS, Report

#: Warning level colours; amber takes dark text, the others white.
LEVEL_COLOURS = {
    Level.RED: "#c62828",
    Level.YELLOW: "#f9a825",
    Level.GREEN: "#2e7d32",
    Level.ONGOING: "#1565c0",
    Level.STALE: "#757575",
}

#: Nothing may be fetched; inline styles only. Browsers enforce this even for a file.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"

_STYLE = """
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 62rem; padding: 1rem 1.25rem; color: #222; background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
  sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.75rem 0 .5rem; padding-bottom: .2rem;
  border-bottom: 2px solid #ddd; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
p { margin: .25rem 0 .75rem; }
.meta { color: #555; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(7rem, 1fr));
  gap: .5rem; margin: .5rem 0; }
.tile { border-radius: .4rem; padding: .45rem .75rem; color: #fff; }
.tile b { display: block; font-size: 1.9rem; line-height: 1.15; }
.red { background: #c62828; } .yellow { background: #f9a825; color: #222; }
.green { background: #2e7d32; } .ongoing { background: #1565c0; }
.stale { background: #757575; }
table { width: 100%; border-collapse: collapse; margin: .25rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #d6d6d6; padding: .3rem .45rem; text-align: left;
  vertical-align: top; }
th { background: #f2f2f2; font-size: .85rem; word-break: keep-all; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.whole { white-space: nowrap; }
td.text { overflow-wrap: anywhere; min-width: 6em; }
tr.attention td { background: #fdecea; }
figure { margin: 0 0 1.5rem; overflow-x: auto; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
.chart { display: block; width: 100%; min-width: 30rem; height: auto; }
.chart .muted { fill: #666; } .chart .total { font-weight: 600; }
@media screen and (max-width: 40rem) {
  body { padding: .6rem; font-size: 14px; }
  table, tbody, tr, td { display: block; }
  thead { display: none; }
  tr { border: 1px solid #d6d6d6; border-radius: .3rem; margin-bottom: .5rem;
    padding: .3rem .5rem; }
  td, td.num, td.whole { border: 0; padding: .1rem 0; text-align: left; white-space: normal; }
  td::before { content: attr(data-label) ": "; font-weight: 600; color: #555; }
}
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2, h3, figcaption { break-after: avoid; page-break-after: avoid; }
  tr, .tile, figure { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  figure { overflow: visible; }
  .chart { min-width: 0; }
  .tile, .chart, tr.attention td { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""


def render_html(report: Report) -> str:
    """The whole briefing as one HTML document."""
    lang = report.lang
    title = word("report_title", lang)
    body = [
        f"<header><h1>{html.text(title)}</h1>{_meta(report)}</header>",
        _headline(report),
        _overdue(report),
        _section("due-soon", due_soon_section(report)),
    ]
    if report.since is not None:
        body.append(_section("changes", changes_section(report)))
    body.append(_section("stale", stale_section(report)))
    if report.closeout is not None:
        for section in closeout_sections(report.closeout, report.as_of, lang):
            body.append(_section(section.key.replace("_", "-"), section))
    if report.late_extensions:
        late = late_extensions_section(report.late_extensions, lang)
        body.append(_section("late-extensions", late))
    if report.round is not None:
        body.append(_section("unreported", unreported_section(report.rounds, report.round, lang)))
    body.append(_charts(report))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-CN" if lang is Lang.ZH else "en"}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        f"<title>{html.text(title)} {report.as_of}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _meta(report: Report) -> str:
    lines = meta_lines(report)
    return f'<p class="meta">{"<br>".join(html.text(line) for line in lines)}</p>'


def _headline(report: Report) -> str:
    tiles = "".join(
        f'<div class="tile {level.value}"><b>{report.counts[level]}</b>'
        f"{html.text(word(level.value, report.lang))}</div>"
        for level in LEVELS
    )
    return (
        f'<section id="headline"><h2>{html.text(word("report_headline", report.lang))}</h2>'
        f'<div class="tiles">{tiles}</div>'
        f"<p>{html.text(word('report_total', report.lang, count=report.total))}</p></section>"
    )


def _overdue(report: Report) -> str:
    groups = overdue_sections(report)
    parts = [f"<h3>{html.text(section.title)}</h3>{_table(section)}" for section in groups]
    if not groups:
        parts.append(f"<p>{html.text(word('none_overdue', report.lang))}</p>")
    heading = html.text(word("report_overdue", report.lang))
    return f'<section id="overdue"><h2>{heading}</h2>{"".join(parts)}</section>'


def _section(anchor: str, section: Section) -> str:
    content = _table(section) if section.rows else f"<p>{html.text(section.empty)}</p>"
    return f'<section id="{anchor}"><h2>{html.text(section.title)}</h2>{content}</section>'


def _table(section: Section) -> str:
    """A table whose cells carry their column's label, shown beside them on a phone."""
    head = "".join(f'<th scope="col">{html.text(column.label)}</th>' for column in section.columns)
    rows = []
    for row in section.rows:
        cells = "".join(_td(column, row) for column in section.columns)
        marked = ' class="attention"' if row.get("attention") else ""
        rows.append(f"<tr{marked}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _td(column: Column, row: dict[str, Cell]) -> str:
    kind = "num" if column.justify == "right" else "text" if column.wrap else "whole"
    content = _cell(row.get(column.key), column.key, row)
    return f'<td data-label="{html.text(column.label)}" class="{kind}">{content}</td>'


def _cell(value: Cell, key: str, row: dict[str, Cell]) -> str:
    text = cell_text(value) or MISSING
    if text == MISSING:
        return text
    if key == "what" and row.get("attention"):
        return f"⚠ <strong>{html.text(text)}</strong>"
    return html.text(text)


def _charts(report: Report) -> str:
    lang = report.lang

    def series(levels: tuple[Level, ...]) -> list[Series]:
        return [Series(word(level.value, lang), LEVEL_COLOURS[level]) for level in levels]

    agencies = [
        Bar(tally.label, tuple(tally.levels[level] for level in LEVELS))
        for tally in report.by_agency
    ]
    months = [
        Bar(tally.label, tuple(tally.levels[level] for level in DATED_LEVELS))
        for tally in report.by_month
    ]
    done = [
        Bar(word("report_done_on_time", lang), (report.done_on_time, 0)),
        Bar(word("done_late", lang), (0, report.done_late)),
    ]
    done_series = [
        Series(word("report_done_on_time", lang), LEVEL_COLOURS[Level.GREEN]),
        Series(word("done_late", lang), LEVEL_COLOURS[Level.RED]),
    ]
    empty = word("none_found", lang)
    charts = [
        (
            word("report_chart_agencies", lang),
            stacked_bars(word("report_chart_agencies", lang), agencies, series(LEVELS), empty),
        ),
        (
            word("title_by_month", lang),
            month_columns(
                word("title_by_month", lang),
                months,
                series(DATED_LEVELS),
                report.as_of,
                word("report_as_of", lang, as_of=report.as_of),
                empty,
            ),
        ),
        (
            word("report_chart_done", lang),
            stacked_bars(
                word("report_chart_done", lang),
                done,
                done_series,
                word("report_none_done", lang, as_of=report.as_of),
            ),
        ),
    ]
    figures = "".join(
        f"<figure><figcaption>{html.text(caption)}</figcaption>{svg}</figure>"
        for caption, svg in charts
    )
    heading = html.text(word("report_charts", lang))
    return f'<section id="charts"><h2>{heading}</h2>{figures}</section>'
