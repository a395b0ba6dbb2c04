"""Server-rendered SVG bar charts: no script, no inline style (the CSP forbids both), every
label escaped, and a title and description for screen readers. Pages show the same numbers in
a table beside each chart."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 400
ROW = 40  # label line, then the bar under it: long Chinese or English labels fit on a phone
BAR = 14
LABEL_Y = 15
VALUE_ROOM = 56  # space right of the longest bar for its number
_ID = re.compile(r"[^a-z0-9-]+")


def _safe_id(value: str) -> str:
    return _ID.sub("-", value.lower()).strip("-") or "chart"


def bar_chart(
    items: Sequence[tuple[str, int]],
    *,
    chart_id: str,
    title: str,
    description: str = "",
    empty: str = "—",
) -> Markup:
    """Horizontal bars, one per (label, value), longest scaled to the chart's width.

    The SVG scales with its container (viewBox); colours come from classes in the page's
    stylesheet, with presentation attributes as a fallback.
    """
    cid = _safe_id(chart_id)
    rows = [(str(label), max(0, int(value))) for label, value in items]
    height = max(1, len(rows)) * ROW + 8
    biggest = max((v for _, v in rows), default=0)
    total = sum(v for _, v in rows)
    span = WIDTH - VALUE_ROOM
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" '
        f'data-testid="{cid}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description or _summary(rows))}</desc>',
    ]
    if not rows or total == 0:
        parts.append(
            f'<text class="chart-empty" x="0" y="{LABEL_Y + 8}" fill="#777" '
            f'font-size="14">{escape(empty)}</text>'
        )
    for i, (label, value) in enumerate(rows):
        top = i * ROW
        width = round(span * value / biggest, 1) if biggest else 0.0
        share = f" ({round(100 * value / total)}%)" if total else ""
        parts.append(
            f'<g class="chart-row"><text class="chart-label" x="0" y="{top + LABEL_Y}" '
            f'font-size="14" fill="#222">{escape(label)}</text>'
            f'<rect class="chart-bar" x="0" y="{top + LABEL_Y + 5}" width="{width}" '
            f'height="{BAR}" rx="3" fill="#ff2442"><title>{escape(label)}: {value}{share}</title>'
            f"</rect>"
            f'<text class="chart-value" x="{width + 6}" y="{top + LABEL_Y + 5 + BAR - 2}" '
            f'font-size="13" fill="#222">{value}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated label is escaped above


def _summary(rows: Sequence[tuple[str, int]]) -> str:
    return "; ".join(f"{label}: {value}" for label, value in rows)
