"""The team report's chart: how many put each priority in their top three (the owner's own
priorities highlighted), and each initiative's team ratings (lowest to highest, median)
against the owner's rating, as a PNG. Drawn like the KPI digest (`bot.kpis.chart`):
matplotlib's object API on the Agg canvas, fixed margins, few ticks. Aggregates only: the
same `TeamEvaluation` the owner may see, nothing per person."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from evaluators.team_models import TeamEvaluation

FIGURE_INCHES = (8.0, 3.4)
DPI = 90
TEAM_COLOUR = "#1264a3"
OWNER_COLOUR = "#e01e5a"
OTHER_COLOUR = "#9e9e9e"
LABEL_CHARS = 28


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def render_team_chart(team: TeamEvaluation) -> bytes:
    """Return a PNG with two panels: priority agreement (share naming each priority) and
    the spread of each initiative's ratings against the owner's rating."""
    figure = Figure(figsize=FIGURE_INCHES, dpi=DPI)
    FigureCanvasAgg(figure)
    agreement = team.priority_agreement
    title = "Team pulse" + (
        f": priority agreement {agreement:.0f}%" if agreement is not None else ""
    )
    figure.suptitle(title, fontsize=11)
    left, right = figure.subplots(1, 2)
    shares = list(team.priorities)
    ys = list(range(len(shares)))
    left.barh(
        ys,
        [p.share for p in shares],
        color=[OWNER_COLOUR if p.owner_priority else OTHER_COLOUR for p in shares],
    )
    left.set_yticks(ys, [_short(p.label) for p in shares])
    left.invert_yaxis()
    left.set_xlim(0, 100)
    left.set_title("% naming it a top priority (yours in red)", fontsize=8)
    left.tick_params(labelsize=7)
    rated = [v for v in team.initiatives if v.rated]
    xs = list(range(len(rated)))
    for x, view in zip(xs, rated, strict=True):
        values = [r for r, count in zip(range(1, 6), view.distribution, strict=True) if count]
        right.vlines(x, min(values), max(values), color=TEAM_COLOUR, linewidth=6, alpha=0.35)
        if view.median is not None:
            right.plot([x], [view.median], marker="o", color=TEAM_COLOUR)
        if view.owner_rating is not None:
            right.plot([x], [view.owner_rating], marker="D", color=OWNER_COLOUR)
    right.set_xticks(xs, [_short(v.name) for v in rated])
    right.set_ylim(0.5, 5.5)
    right.set_yticks([1, 2, 3, 4, 5])
    right.set_xlim(-0.6, max(len(rated), 1) - 0.4)
    right.set_title("Team ratings: range and median (blue), yours (red)", fontsize=8)
    right.tick_params(labelsize=7)
    figure.subplots_adjust(left=0.22, right=0.98, bottom=0.15, top=0.82, wspace=0.35)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
