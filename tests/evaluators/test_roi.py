"""ROI over the rubric's horizon: TCO, simple ROI, payback (simple and discounted) and NPV,
computed with numpy-financial, with the assumptions that produced them."""

from __future__ import annotations

import numpy_financial as npf
import pytest

from evaluators import Rubric
from evaluators.models import Benefits, Costs, Initiative
from evaluators.roi import compute_roi


def _initiative(costs: dict[str, float], benefits: dict[str, float]) -> Initiative:
    return Initiative(id="i", name="Tool", costs=Costs(**costs), benefits=Benefits(**benefits))


CHATBOT_COSTS: dict[str, float] = {
    "upfront": 0,
    "implementation": 1500,
    "training": 500,
    "yearly_licence": 2400,
    "yearly_maintenance": 600,
}


def test_roi_figures_follow_the_cash_flows(rubric: Rubric) -> None:
    # One-off 2,000; running 3,000/yr; benefit 9,000 savings + 6,000 revenue at 40% = 11,400/yr.
    roi = compute_roi(
        _initiative(CHATBOT_COSTS, {"yearly_savings": 9000.0, "yearly_revenue": 6000.0}),
        rubric.roi,
        "USD",
    )

    assert roi.upfront_cost == 2000
    assert roi.yearly_running_cost == 3000
    assert roi.yearly_benefit == 11400
    assert roi.tco == 2000 + 3 * 3000
    assert roi.total_benefit == 3 * 11400
    assert roi.simple_roi_pct == pytest.approx((34200 - 11000) / 11000 * 100, abs=0.05)
    assert roi.payback_months == pytest.approx(2000 / (8400 / 12), abs=0.05)
    assert roi.npv == pytest.approx(float(npf.npv(0.08, [-2000, 8400, 8400, 8400])), abs=0.01)
    assert roi.discounted_payback_months is not None
    assert roi.payback_months is not None
    assert roi.discounted_payback_months >= roi.payback_months
    assert any("40% margin" in a for a in roi.assumptions)


def test_roi_lists_unanswered_items_counted_as_zero(rubric: Rubric) -> None:
    roi = compute_roi(
        _initiative({"implementation": 3000, "yearly_licence": 7200}, {"yearly_savings": 12000}),
        rubric.roi,
        "GBP",
    )

    assert roi.tco == 3000 + 3 * 7200
    assert any(
        a.startswith("Not given, counted as 0: upfront cost, training, yearly maintenance")
        for a in roi.assumptions
    )
    assert not any("margin" in a for a in roi.assumptions)


@pytest.mark.parametrize(
    ("costs", "benefits", "expected_assumption"),
    [
        ({}, {"yearly_savings": 5000}, "No cost was given"),
        ({"upfront": 5000}, {}, "No yearly savings or extra revenue was given"),
        ({}, {}, "No cost was given"),
    ],
)
def test_roi_is_not_computed_without_costs_or_benefits(
    rubric: Rubric, costs: dict[str, float], benefits: dict[str, float], expected_assumption: str
) -> None:
    roi = compute_roi(_initiative(costs, benefits), rubric.roi, "USD")

    assert roi.simple_roi_pct is None
    assert roi.payback_months is None
    assert roi.npv is None
    assert any(a.startswith(expected_assumption) for a in roi.assumptions)


def test_roi_that_never_pays_back_has_no_payback(rubric: Rubric) -> None:
    roi = compute_roi(
        _initiative({"upfront": 10000, "yearly_licence": 5000}, {"yearly_savings": 4000}),
        rubric.roi,
        "USD",
    )

    assert roi.payback_months is None
    assert roi.discounted_payback_months is None
    assert roi.simple_roi_pct is not None
    assert roi.simple_roi_pct < 0
    assert roi.npv is not None
    assert roi.npv < 0


def test_roi_with_nothing_to_pay_pays_back_at_once(rubric: Rubric) -> None:
    roi = compute_roi(
        _initiative({"upfront": 0, "yearly_licence": 0}, {"yearly_savings": 1000}),
        rubric.roi,
        "USD",
    )

    assert roi.tco == 0
    assert roi.simple_roi_pct is None
    assert roi.payback_months == 0
    assert any("ROI is not a ratio" in a for a in roi.assumptions)


def test_roi_stays_finite_for_extreme_money(rubric: Rubric) -> None:
    huge = 1e12
    roi = compute_roi(
        _initiative(
            {"upfront": huge, "implementation": huge, "yearly_licence": 0.001},
            {"yearly_savings": 0.004, "yearly_revenue": huge},
        ),
        rubric.roi,
        "USD",
    )

    figures = [roi.tco, roi.total_benefit, roi.simple_roi_pct, roi.npv, roi.payback_months]
    assert all(f is not None and abs(f) < 1e20 for f in figures)


def test_discounted_payback_is_never_shorter_than_simple_payback(rubric: Rubric) -> None:
    roi = compute_roi(_initiative({"upfront": 50000}, {"yearly_savings": 12000}), rubric.roi, "EUR")

    assert roi.payback_months == 50.0
    assert roi.discounted_payback_months is not None
    assert roi.payback_months is not None
    assert roi.discounted_payback_months > roi.payback_months
