"""KPI tracking: turning an evaluation's KPI plan into tracked KPIs, and computing where
each tracked KPI stands.

Public surface::

    kpi_progress(direction=, baseline=, target=, started_on=, deadline=, readings=)
                                   -> KpiProgress     bot.kpis.progress (pure)
"""

from __future__ import annotations

from bot.kpis.progress import KpiProgress, Reading, kpi_progress

__all__ = ["KpiProgress", "Reading", "kpi_progress"]
