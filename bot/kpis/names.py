"""Finding one of a person's KPIs by the name they type: case and spacing ignored, a unique
part of a name accepted ("churn" for "Monthly churn rate"), and close spellings forgiven
("custmer churn"). An unknown or ambiguous name gets a `KpiError` listing their KPIs."""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from bot.kpis.errors import KpiError
from bot.kpis.tracking import kpi_key
from bot.store import KpiRecord

# How alike two names must be to count as a misspelling of one another (difflib's ratio):
# "custmer churn" vs "customer churn" is 0.96, "orders" vs "refunds" 0.62.
CLOSE = 0.8
LISTED = 20


def kpi_names(kpis: Sequence[KpiRecord]) -> str:
    """Return the person's KPI names as one line ("none yet" when there are none)."""
    if not kpis:
        return "you track no KPIs yet; `/align kpi add` adds one"
    shown = ", ".join(k.name for k in kpis[:LISTED])
    more = f" and {len(kpis) - LISTED} more" if len(kpis) > LISTED else ""
    return f"your KPIs are {shown}{more}"


def find_by_name(kpis: Sequence[KpiRecord], name: str) -> KpiRecord:
    """Return the KPI `name` designates among `kpis`; `KpiError` listing them when no KPI
    or several match."""
    wanted = kpi_key(name)
    if not wanted:
        raise KpiError(f"Name the KPI: {kpi_names(kpis)}.")
    for matches in (
        [k for k in kpis if kpi_key(k.name) == wanted],
        [k for k in kpis if wanted in kpi_key(k.name)],
        [k for k in kpis if SequenceMatcher(None, wanted, kpi_key(k.name)).ratio() >= CLOSE],
    ):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            which = " or ".join(f"“{k.name}”" for k in matches[:5])
            raise KpiError(f"“{name}” could be {which}; type more of the name.")
    raise KpiError(f"I don't know a KPI called “{name}”: {kpi_names(kpis)}.")
