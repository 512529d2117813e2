"""The briefing's charts as inline SVG, drawn here rather than by a charting library.

Three simple bar charts do not need one, and the libraries that emit SVG bring what a
self-contained report must not have. pygal (maintained; 3.1 as of 2026) writes a
``<script>`` into every chart, one of them fetched from a URL, a random ``id`` per chart
(so the same report is never the same bytes twice) and a style sheet with its own font
stack; matplotlib turns text into paths unless ``svg.fonttype`` is ``none`` and is a
heavy dependency for a command-line tool. Drawn here, a chart is plain ``<rect>`` and
``<text>`` elements: no script, no reference to anything outside the page, every label
real text in the reader's own fonts (so Chinese shows in whatever CJK font they have),
and every piece of data text escaped.

Sizes are in SVG user units on a fixed-width canvas; the ``viewBox`` lets the chart
scale to a phone's width or an A4 page.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from hazchem_cli.escape import html

#: Canvas width in user units; charts scale to the page through their viewBox.
WIDTH = 720
FONT = 12
LEGEND_ROW = 20
BAR_ROW = 22
BAR_HEIGHT = 14
#: Longest agency label drawn in full; longer ones end in … (the tooltip has it whole).
LABEL_MAX = 230
COLUMN_AREA = 170
TEXT_COLOUR = "#222"


@dataclass(frozen=True)
class Series:
    """One coloured part of every bar (a warning level), named in the legend."""

    label: str
    colour: str


@dataclass(frozen=True)
class Bar:
    """One bar: its label and one count per series, in the series' order."""

    label: str
    values: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.values)


def text_width(text: str, size: float = FONT) -> float:
    """Roughly how wide ``text`` is drawn: CJK characters are square, Latin about 0.6 em.

    Good enough to reserve room for labels; the reader's own font decides the rest.
    """
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text) * size


def stacked_bars(title: str, bars: Sequence[Bar], series: Sequence[Series], empty: str) -> str:
    """Horizontal bars, one per row, each split by series, with its total at the end.

    Horizontal because the labels are agency names, too long to stand under a column.
    """
    if not any(bar.total for bar in bars):
        return _empty_chart(title, empty)
    label_width = min(LABEL_MAX, max(text_width(bar.label) for bar in bars)) + 8
    legend, top = _legend(series)
    room = WIDTH - label_width - 40
    scale = room / max(bar.total for bar in bars)
    parts = [legend]
    for row, bar in enumerate(bars):
        y = top + row * BAR_ROW
        middle = y + BAR_HEIGHT / 2 + FONT * 0.35
        parts.append(
            f'<text x="{label_width - 8:.0f}" y="{middle:.1f}" text-anchor="end">'
            f"{html.text(_shortened(bar.label, LABEL_MAX))}<title>{html.text(bar.label)}</title></text>"
        )
        x = label_width
        for value, part in zip(bar.values, series, strict=True):
            if value:
                width = value * scale
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                    f'fill="{part.colour}"><title>{html.text(bar.label)} · '
                    f"{html.text(part.label)}: {value}</title></rect>"
                )
                x += width
        parts.append(f'<text x="{x + 4:.1f}" y="{middle:.1f}" class="total">{bar.total}</text>')
    return _svg(title, top + len(bars) * BAR_ROW + 4, parts)


def month_columns(
    title: str,
    months: Sequence[Bar],
    series: Sequence[Series],
    as_of: dt.date,
    as_of_label: str,
    empty: str,
) -> str:
    """A timeline: one stacked column per month (labels ``YYYY-MM``), gaps as empty months.

    The day the report is for is marked with a dashed line where it falls in its month,
    so what lies behind it (late if not green) and ahead of it reads at a glance.
    """
    if not any(bar.total for bar in months):
        return _empty_chart(title, empty)
    legend, marker_top = _legend(series)
    top = marker_top + 2 * FONT + 12  # a line for the as-of label, one for the counts
    left, slot = 8.0, (WIDTH - 16) / len(months)
    scale = COLUMN_AREA / max(bar.total for bar in months)
    base = top + COLUMN_AREA
    parts = [legend]
    for index, bar in enumerate(months):
        x = left + index * slot + slot * 0.15
        y = float(base)
        for value, part in zip(bar.values, series, strict=True):
            if value:
                height = value * scale
                y -= height
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
                    f'height="{height:.1f}" fill="{part.colour}"><title>{html.text(bar.label)} · '
                    f"{html.text(part.label)}: {value}</title></rect>"
                )
        centre = left + (index + 0.5) * slot
        if bar.total:
            parts.append(
                f'<text x="{centre:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                f'class="total">{bar.total}</text>'
            )
        year, _, month = bar.label.partition("-")
        parts.append(
            f'<text x="{centre:.1f}" y="{base + FONT + 2}" text-anchor="middle">'
            f"{html.text(month)}</text>"
        )
        if index == 0 or month == "01":
            parts.append(
                f'<text x="{centre:.1f}" y="{base + 2 * FONT + 6}" text-anchor="middle" '
                f'class="muted">{html.text(year)}</text>'
            )
    parts += _as_of_marker(months, as_of, as_of_label, left, slot, marker_top, base)
    return _svg(title, base + 2 * FONT + 12, parts)


def _as_of_marker(
    months: Sequence[Bar],
    as_of: dt.date,
    label: str,
    left: float,
    slot: float,
    top: float,
    base: float,
) -> list[str]:
    """A dashed line at ``as_of``'s place in the timeline, labelled at its top (``top``,
    above the column counts); nothing when ``as_of`` lies outside the timeline."""
    labels = [bar.label for bar in months]
    month = f"{as_of:%Y-%m}"
    if month not in labels:
        return []
    following = (as_of.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    days_in_month = (following - as_of.replace(day=1)).days
    x = left + (labels.index(month) + (as_of.day - 0.5) / days_in_month) * slot
    anchor = "end" if x > WIDTH * 0.6 else "start"
    shift = -4 if anchor == "end" else 4
    return [
        f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{base:.1f}" '
        f'stroke="{TEXT_COLOUR}" stroke-dasharray="4 3"/>',
        f'<text x="{x + shift:.1f}" y="{top + FONT - 2:.1f}" text-anchor="{anchor}" '
        f'class="muted">{html.text(label)}</text>',
    ]


def _legend(series: Sequence[Series]) -> tuple[str, int]:
    """Swatches with their labels, wrapped to the width; returns the SVG and the y below it."""
    items: list[str] = []
    x, y = 0.0, 0
    for part in series:
        width = 16 + text_width(part.label) + 18
        if x and x + width > WIDTH:
            x, y = 0.0, y + LEGEND_ROW
        items.append(
            f'<rect x="{x:.1f}" y="{y + 3}" width="12" height="12" fill="{part.colour}"/>'
            f'<text x="{x + 16:.1f}" y="{y + 13}">{html.text(part.label)}</text>'
        )
        x += width
    return "".join(items), y + LEGEND_ROW + 8


def _empty_chart(title: str, message: str) -> str:
    return _svg(title, 28, [f'<text x="0" y="18" class="muted">{html.text(message)}</text>'])


def _svg(title: str, height: float, parts: Sequence[str]) -> str:
    """The chart as an inline ``<svg>``: no namespace URL is needed inside HTML."""
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'font-size="{FONT}" fill="{TEXT_COLOUR}"><title>{html.text(title)}</title>'
        + "".join(parts)
        + "</svg>"
    )


def _shortened(label: str, limit: float) -> str:
    """``label`` cut to fit ``limit`` units, ending in … when anything was cut."""
    if text_width(label) <= limit:
        return label
    kept = label
    while kept and text_width(kept + "…") > limit:
        kept = kept[:-1]
    return kept + "…"
