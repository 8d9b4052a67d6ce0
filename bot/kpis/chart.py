"""The weekly digest's chart: each KPI's logged values against the straight line from its
baseline (when tracking started) to its target (at the target date), one small panel per
KPI, as a PNG. Drawn with matplotlib's object API on the Agg canvas: no pyplot, no global
state, no display, safe in the scheduler's thread."""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from datetime import date

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.kpis.dashboard import TrackedKpi
from bot.store import ReadingRecord

MAX_PANELS = 12
COLUMNS = 3
PANEL_INCHES = (3.2, 2.2)
DPI = 90
VALUE_COLOUR = "#1264a3"
PLAN_COLOUR = "#9e9e9e"
TARGET_COLOUR = "#2eb67d"


def _plan(tracked: TrackedKpi, first: date | None) -> tuple[list[date], list[float]] | None:
    kpi, progress = tracked.kpi, tracked.progress
    if progress.baseline is None or kpi.target is None:
        return None
    start = first if progress.baseline_from_reading and first else kpi.created_at.date()
    end = kpi.target_date or start
    return [start, max(start, end)], [progress.baseline, kpi.target]


def render_chart(
    kpis: Sequence[TrackedKpi],
    readings: Mapping[int, Sequence[ReadingRecord]],
    *,
    title: str = "Your KPIs this week",
) -> bytes:
    """Return a PNG of up to `MAX_PANELS` KPIs, each with its values and its
    baseline-to-target line (dashed) and target (dotted)."""
    shown = list(kpis[:MAX_PANELS]) or []
    columns = min(COLUMNS, max(1, len(shown)))
    rows = max(1, math.ceil(len(shown) / columns))
    figure = Figure(figsize=(PANEL_INCHES[0] * columns, PANEL_INCHES[1] * rows + 0.4), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.suptitle(title, fontsize=11)
    axes = figure.subplots(rows, columns, squeeze=False)
    for index, ax in enumerate(axes.flat):
        if index >= len(shown):
            ax.set_axis_off()
            continue
        tracked = shown[index]
        values = sorted(readings.get(tracked.kpi.id, []), key=lambda r: r.observed_on)
        days = [r.observed_on for r in values]
        plan = _plan(tracked, days[0] if days else None)
        if plan is not None:
            ax.plot(plan[0], plan[1], linestyle="--", color=PLAN_COLOUR, linewidth=1)
            ax.axhline(plan[1][1], linestyle=":", color=TARGET_COLOUR, linewidth=1)
        if values:
            ax.plot(days, [r.value for r in values], marker="o", markersize=3, color=VALUE_COLOUR)
        name = tracked.kpi.name
        # A fixed `y` spares matplotlib measuring every tick label to place the title.
        ax.set_title(name if len(name) <= 40 else name[:39] + "…", fontsize=8, y=1.02)
        ax.tick_params(labelsize=6)
        # Few ticks: creating and measuring ticks is most of the drawing time.
        ax.xaxis.set_major_locator(MaxNLocator(3))
        ax.yaxis.set_major_locator(MaxNLocator(4))
        ax.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[no-untyped-call]
    # Fixed margins: tight_layout measures every label and took longer than the drawing.
    figure.subplots_adjust(left=0.08, right=0.98, bottom=0.1, top=0.85, hspace=0.6, wspace=0.3)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
