"""KPI tracking: an evaluation's KPI plan turned into tracked KPIs, the values people log and
set for them, and where each one stands (the App Home's dashboard).

Public surface::

    KpiService(store, interview, clock=)               bot.kpis.service: track, kpi_of,
                                                       set_values, update, tracked, dashboard,
                                                       add, find, log, log_value, pause,
                                                       resume, delete
    NudgePreferencesService(store, clock=)             bot.kpis.preferences: get, change,
                                                       snooze, stop
    parse_new_kpi(form, ...), parse_nudge_time(text)   bot.kpis.forms (pure)
    find_by_name(kpis, name) -> KpiRecord              bot.kpis.names (pure)
    LoggedValue, NextStep                              bot.kpis.logged
    render_chart(tracked, readings) -> PNG bytes       bot.kpis.chart
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
