"""Return on investment of one initiative over the rubric's horizon, with numpy-financial.

Cash flows: the one-off costs (upfront, implementation, training) are paid at the start; the
yearly net benefit (savings + extra revenue at the rubric's margin - licence - maintenance) is
flat each year. Items not answered count as 0 and are listed in the assumptions; without any
cost or any benefit, ROI, payback and NPV stay None instead of pretending.

Lower costs and higher benefits never make a figure worse: TCO falls, ROI and NPV rise,
payback shortens (None, "never", is the worst payback).
"""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf

from evaluators.models import Initiative
from evaluators.results import ROI
from evaluators.rubric import ROISettings

ONE_OFF_COSTS = ("upfront", "implementation", "training")
RUNNING_COSTS = ("yearly_licence", "yearly_maintenance")
BENEFITS = ("yearly_savings", "yearly_revenue")

# How the report names each cost and benefit item.
LABELS = {
    "upfront": "upfront cost",
    "implementation": "implementation",
    "training": "training",
    "yearly_licence": "yearly licence",
    "yearly_maintenance": "yearly maintenance",
    "yearly_savings": "yearly savings",
    "yearly_revenue": "extra yearly revenue",
}


def compute_roi(initiative: Initiative, settings: ROISettings, currency: str) -> ROI:
    """Return the initiative's TCO, simple ROI, payback, discounted payback and NPV, with the
    assumptions behind them (the report shows them next to the figures)."""
    horizon = settings.horizon_years
    rate = settings.discount_rate
    # Money counts to the cent: a fraction of a cent would only produce infinite ratios.
    costs = {k: _cents(v) for k, v in initiative.costs.model_dump().items()}
    benefits = {k: _cents(v) for k, v in initiative.benefits.model_dump().items()}
    assumptions = [
        f"Horizon {horizon} years; one-off costs paid at the start; savings, extra revenue and "
        f"running costs flat each year; NPV discounted at {rate:.0%} a year."
    ]

    costs_known = [k for k in (*ONE_OFF_COSTS, *RUNNING_COSTS) if costs[k] is not None]
    benefits_known = [k for k in BENEFITS if benefits[k] is not None]
    # Once one cost (or benefit) is given, the others left blank count as 0: say so.
    missing = [
        LABELS[k] for k in (*ONE_OFF_COSTS, *RUNNING_COSTS) if costs_known and costs[k] is None
    ]
    missing += [LABELS[k] for k in BENEFITS if benefits_known and benefits[k] is None]
    if missing:
        assumptions.append(f"Not given, counted as 0: {', '.join(missing)}.")
    if not costs_known:
        assumptions.append("No cost was given: TCO, ROI, payback and NPV need the costs.")
    if not benefits_known:
        assumptions.append(
            "No yearly savings or extra revenue was given: ROI, payback and NPV need them."
        )
    revenue = benefits["yearly_revenue"] or 0.0
    if revenue > 0:
        assumptions.append(
            f"Extra revenue counted at a {settings.revenue_margin:.0%} margin: the profit it "
            f"brings, not the sales."
        )

    upfront = math.fsum(costs[k] or 0.0 for k in ONE_OFF_COSTS)
    running = math.fsum(costs[k] or 0.0 for k in RUNNING_COSTS)
    benefit = math.fsum(((benefits["yearly_savings"] or 0.0), revenue * settings.revenue_margin))
    tco = upfront + running * horizon if costs_known else None
    total_benefit = benefit * horizon if benefits_known else None

    roi_pct = payback = discounted = npv = None
    if costs_known and benefits_known and tco is not None and total_benefit is not None:
        net = benefit - running
        if tco > 0:
            roi_pct = (total_benefit - tco) / tco * 100
        else:
            assumptions.append("Nothing to pay: ROI is not a ratio when the total cost is zero.")
        payback = _payback_months(upfront, net, 0.0)
        discounted = _payback_months(upfront, net, (1 + rate) ** (1 / 12) - 1)
        npv = float(npf.npv(rate, [-upfront] + [net] * horizon))
    if roi_pct is not None and round(roi_pct, 1) > settings.implausible_roi_pct:
        assumptions.append(
            f"An ROI above {settings.implausible_roi_pct:g}% is likely a miscalculation: until "
            f"the benefit estimate is checked, the value score counts it as an ROI of "
            f"{settings.implausible_counts_as_pct:g}%."
        )

    return ROI(
        currency=currency,
        horizon_years=horizon,
        discount_rate=rate,
        upfront_cost=_money(upfront) if costs_known else None,
        yearly_running_cost=_money(running) if costs_known else None,
        yearly_benefit=_money(benefit) if benefits_known else None,
        tco=_money(tco),
        total_benefit=_money(total_benefit),
        simple_roi_pct=None if roi_pct is None else round(roi_pct, 1),
        payback_months=None if payback is None else round(payback, 1),
        discounted_payback_months=None if discounted is None else round(discounted, 1),
        npv=_money(npv),
        assumptions=tuple(assumptions),
    )


def _payback_months(upfront: float, yearly_net: float, monthly_rate: float) -> float | None:
    """Months until the one-off cost is recovered from the monthly net benefit, discounted at
    `monthly_rate` (0: simple payback); None when it never is."""
    monthly_net = yearly_net / 12
    if upfront <= 0:
        return 0.0 if monthly_net >= 0 else None
    # Below this the interest on what is still owed eats the whole monthly net: never.
    if monthly_net <= upfront * monthly_rate:
        return None
    with np.errstate(all="ignore"):
        if monthly_rate == 0:
            # numpy-financial 1.0's nper gets the sign wrong at rate 0; this is its formula.
            months = upfront / monthly_net
        else:
            months = float(npf.nper(monthly_rate, monthly_net, -upfront))
    # A benefit too small to measure never pays back (the division overflows to infinity).
    return months if math.isfinite(months) and months >= 0 else None


def _cents(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _money(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


COST_LABELS = {k: v for k, v in LABELS.items() if k in (*ONE_OFF_COSTS, *RUNNING_COSTS)}
