"""KPI tracking: an evaluation's KPI plan turned into tracked KPIs, the values people log and
set for them, and where each one stands (the App Home's dashboard).

Public surface::

    KpiService(store, interview)                       bot.kpis.service: track, kpi_of,
                                                       set_values, update, tracked, dashboard
    kpi_drafts(evaluation, owner_user_id=, evaluation_id=, existing=) -> list[KpiDraft]
    planned_kpis(evaluation), missing_values(kpi)      bot.kpis.tracking (pure)
    parse_kpi_values(...) -> (KpiValues | None, errors) bot.kpis.values (pure)
    kpi_progress(direction=, baseline=, target=, started_on=, deadline=, readings=)
                                   -> KpiProgress     bot.kpis.progress (pure)
    Dashboard, InterviewStatus, TrackedKpi            bot.kpis.dashboard
    KpiError                                          bot.kpis.errors
"""

from __future__ import annotations

from bot.kpis.dashboard import Dashboard, InterviewStatus, TrackedKpi
from bot.kpis.errors import KpiError
from bot.kpis.progress import KpiProgress, Reading, kpi_progress
from bot.kpis.tracking import kpi_drafts, missing_values, planned_kpis
from bot.kpis.values import KpiValues, parse_kpi_values

__all__ = [
    "Dashboard",
    "InterviewStatus",
    "KpiError",
    "KpiProgress",
    "KpiValues",
    "Reading",
    "TrackedKpi",
    "kpi_drafts",
    "kpi_progress",
    "missing_values",
    "parse_kpi_values",
    "planned_kpis",
]
