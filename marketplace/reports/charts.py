"""Bar charts as inline SVG, drawn on the server: no JavaScript, text in the page's own font
(Devanagari included), every text escaped. Widths are percentages of the page's width, so
the words keep their size on a phone; colours come from app.css (.chart …)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

ROW_HEIGHT = 46
PLOT_TOP, PLOT_BOTTOM, COLUMN_HEIGHT = 22, 150, 176
MAX_COLUMN_LABELS = 5


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    #: the part of `value` drawn darker inside it (e.g. completed of asked for)
    inner: float | None = None
    #: drawn as a mark across the bar
    target: float | None = None
    #: the value as written beside the bar; default the number itself
    text: str | None = None

    @property
    def written(self) -> str:
        return self.text if self.text is not None else f"{self.value:g}"


def _pct(value: float, top: float) -> str:
    return f"{100 * max(value, 0) / top:.2f}%"


def _open(chart_id: str, title: str, height: int, extra: str = "") -> list[str]:
    """A figure whose visible caption is also the chart's name for screen readers."""
    return [f'<figure class="chart-figure"><figcaption id="{escape(chart_id)}-title">'
            f'{escape(title)}</figcaption>',
            f'<svg class="chart{extra}" width="100%" height="{height}" role="img" '
            f'aria-labelledby="{escape(chart_id)}-title" xmlns="http://www.w3.org/2000/svg">']


def bar_chart(bars: Sequence[Bar], *, title: str, chart_id: str) -> Markup:
    """One labelled horizontal bar per item: the label above it, the value at the right."""
    if not bars:
        return Markup("")
    top = max([1.0, *(b.value for b in bars), *(b.target or 0 for b in bars)])
    parts = _open(chart_id, title, len(bars) * ROW_HEIGHT + 4)
    for index, bar in enumerate(bars):
        y = index * ROW_HEIGHT
        parts.append(f'<g><title>{escape(bar.label)}: {escape(bar.written)}</title>'
                     f'<text x="0" y="{y + 15}">{escape(bar.label)}</text>'
                     f'<text x="100%" y="{y + 15}" text-anchor="end" class="value">'
                     f'{escape(bar.written)}</text>'
                     f'<rect class="track" x="0" y="{y + 22}" width="100%" height="16"/>')
        if bar.value > 0:
            parts.append(f'<rect class="bar" x="0" y="{y + 22}" width="{_pct(bar.value, top)}" '
                         f'height="16"/>')
        if bar.inner:
            parts.append(f'<rect class="bar-inner" x="0" y="{y + 26}" '
                         f'width="{_pct(bar.inner, top)}" height="8"/>')
        if bar.target is not None:
            x = _pct(bar.target, top)
            parts.append(f'<line class="target" x1="{x}" x2="{x}" y1="{y + 18}" '
                         f'y2="{y + 42}"/>')
        parts.append("</g>")
    parts.append("</svg></figure>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def column_chart(columns: Sequence[Bar], *, title: str, chart_id: str,
                 top_text: str | None = None) -> Markup:
    """One column per item (weeks, left to right); a label under every few columns and the
    highest value written at the top line."""
    if not columns:
        return Markup("")
    top = max([1.0, *(c.value for c in columns)])
    slot = 100 / len(columns)
    every = math.ceil(len(columns) / MAX_COLUMN_LABELS)
    plot = PLOT_BOTTOM - PLOT_TOP
    parts = _open(chart_id, title, COLUMN_HEIGHT, " columns")
    parts.append(f'<line class="grid" x1="0" x2="100%" y1="{PLOT_TOP}" y2="{PLOT_TOP}"/>'
                 f'<text x="0" y="{PLOT_TOP - 6}" class="value">'
                 f'{escape(top_text if top_text is not None else f"{top:g}")}</text>'
                 f'<line class="axis" x1="0" x2="100%" y1="{PLOT_BOTTOM}" y2="{PLOT_BOTTOM}"/>')
    for index, column in enumerate(columns):
        left = index * slot + slot * 0.15
        parts.append(f'<g><title>{escape(column.label)}: {escape(column.written)}</title>')
        height = plot * max(column.value, 0) / top
        parts.append(f'<rect class="hit" x="{index * slot:.2f}%" y="{PLOT_TOP}" '
                     f'width="{slot:.2f}%" height="{plot}"/>')
        if height:
            parts.append(f'<rect class="bar" x="{left:.2f}%" y="{PLOT_BOTTOM - height:.1f}" '
                         f'width="{slot * 0.7:.2f}%" height="{height:.1f}"/>')
        if column.inner:
            inner = plot * column.inner / top
            parts.append(f'<rect class="bar-inner" x="{left + slot * 0.2:.2f}%" '
                         f'y="{PLOT_BOTTOM - inner:.1f}" width="{slot * 0.3:.2f}%" '
                         f'height="{inner:.1f}"/>')
        if index % every == 0:
            centre = index * slot + slot / 2
            # The first and the last labels stay inside the chart.
            x, anchor = ((index * slot, "start") if centre < 8
                         else ((index + 1) * slot, "end") if centre > 92 else (centre, "middle"))
            parts.append(f'<text x="{x:.2f}%" y="{COLUMN_HEIGHT - 6}" '
                         f'text-anchor="{anchor}">{escape(column.label)}</text>')
        parts.append("</g>")
    parts.append("</svg></figure>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped
