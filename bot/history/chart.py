"""The alignment-over-time chart: the overall score (bold) and each dimension (thin) per
assessment, with the maturity level as steps on a second axis, as a PNG. Drawn like the
KPI digest (`bot.kpis.chart`): matplotlib's object API on the Agg canvas, no pyplot, fixed
margins and few ticks (measuring labels is most of the drawing time)."""

from __future__ import annotations

import io
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.history.timeline import DimensionPoint, History
from prompts.formatting import format_date

FIGURE_INCHES = (7.0, 3.6)
DPI = 90
SCORE_COLOUR = "#1264a3"
MATURITY_COLOUR = "#e01e5a"


def render_history_chart(history: History, *, title: str = "Your alignment over time") -> bytes:
    """Return a PNG of the overall score, each dimension and the maturity level across the
    assessments of `history` (one point each, labelled by date)."""
    figure = Figure(figsize=FIGURE_INCHES, dpi=DPI)
    FigureCanvasAgg(figure)
    figure.suptitle(title, fontsize=11)
    ax = figure.subplots()
    points = history.points
    xs = list(range(len(points)))
    labels = [format_date(p.at.date()) for p in points]
    dimension_ids = [d.id for d in points[-1].dimensions] if points else []
    for dimension_id in dimension_ids:
        series = [_score_of(p.dimensions, dimension_id) for p in points]
        label = next(d.label for d in points[-1].dimensions if d.id == dimension_id)
        ax.plot(xs, series, linewidth=0.8, alpha=0.7, marker=".", label=label)
    ax.plot(
        xs,
        [p.score for p in points],
        linewidth=2.5,
        color=SCORE_COLOUR,
        marker="o",
        label="Overall",
    )
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.set_xticks(xs, labels)
    ax.tick_params(labelsize=7)
    ax.set_ylabel("score", fontsize=8)
    maturity = ax.twinx()
    maturity.step(
        xs,
        [p.maturity_level for p in points],
        where="mid",
        color=MATURITY_COLOUR,
        linestyle="--",
        linewidth=1,
    )
    maturity.set_ylim(0.5, 4.5)
    maturity.set_yticks([1, 2, 3, 4])
    maturity.tick_params(labelsize=7, colors=MATURITY_COLOUR)
    maturity.set_ylabel("maturity level", fontsize=8, color=MATURITY_COLOUR)
    ax.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.08, 1.0), frameon=False)
    figure.subplots_adjust(left=0.08, right=0.68, bottom=0.12, top=0.88)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _score_of(dimensions: tuple[DimensionPoint, ...], dimension_id: str) -> float:
    # NaN leaves a gap where an older rubric had no such dimension.
    return next((d.score for d in dimensions if d.id == dimension_id), math.nan)
