"""Reading a KPI's baseline, target and target date as typed in the "Set values" modal."""

from __future__ import annotations

from datetime import date

import pytest

from bot.kpis.values import (
    DATE_PASSED,
    DAY_WITHOUT_VALUE,
    NOT_A_DATE,
    NOTHING_GIVEN,
    VALUE_IN_FUTURE,
    KpiValues,
    parse_kpi_values,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("baseline", "target", "day", "expected"),
    [
        (
            "600",
            "690",
            "2027-09-30",
            KpiValues(baseline=600, target=690, target_date=date(2027, 9, 30)),
        ),
        ("1,200 orders", "", "", KpiValues(baseline=1200)),
        ("$12k", "about 15k", "", KpiValues(baseline=12000, target=15000)),
        ("18 hours", "1.5", "", KpiValues(baseline=18, target=1.5)),
        ("  ", "22%", "", KpiValues(target=22)),
        ("", "", "2027-01-31", KpiValues(target_date=date(2027, 1, 31))),
    ],
)
def test_targets_are_read_as_people_type_them(
    baseline: str, target: str, day: str, expected: KpiValues
) -> None:
    assert parse_kpi_values(baseline=baseline, target=target, target_date=day, today=TODAY) == (
        expected,
        {},
    )


@pytest.mark.parametrize(
    ("baseline", "target", "day", "errors"),
    [
        ("", "", "", {"baseline": NOTHING_GIVEN}),
        ("lots", "", "", {"baseline": "Please give a number, like 20, 2.5% or $80k."}),
        ("6", "1e999", "", {"target": "Please give a number, like 20, 2.5% or $80k."}),
        ("6", "7", "2026-11-23", {"target_date": DATE_PASSED}),
        ("6", "7", "next year", {"target_date": NOT_A_DATE}),
        (
            "x",
            "y",
            "2020-01-01",
            {
                "baseline": "Please give a number, like 20, 2.5% or $80k.",
                "target": "Please give a number, like 20, 2.5% or $80k.",
                "target_date": DATE_PASSED,
            },
        ),
    ],
)
def test_each_unreadable_field_gets_one_sentence(
    baseline: str, target: str, day: str, errors: dict[str, str]
) -> None:
    assert parse_kpi_values(baseline=baseline, target=target, target_date=day, today=TODAY) == (
        None,
        errors,
    )


@pytest.mark.parametrize(
    ("value", "day", "expected"),
    [
        ("645", "", KpiValues(value=645, observed_on=TODAY)),
        ("about 645 loaves", "2026-11-01", KpiValues(value=645, observed_on=date(2026, 11, 1))),
        ("12", "2026-11-24", KpiValues(value=12, observed_on=date(2026, 11, 24))),  # time zones
    ],
)
def test_a_value_is_logged_for_its_day_or_today(value: str, day: str, expected: KpiValues) -> None:
    parsed = parse_kpi_values(
        baseline="", target="", target_date="", value=value, observed_on=day, today=TODAY
    )
    assert parsed == (expected, {})


@pytest.mark.parametrize(
    ("value", "day", "errors"),
    [
        ("", "2026-11-20", {"value": DAY_WITHOUT_VALUE}),
        ("5", "2026-12-25", {"observed_on": VALUE_IN_FUTURE}),
        ("quite a lot", "", {"value": "Please give a number, like 20, 2.5% or $80k."}),
    ],
)
def test_a_value_needs_a_number_and_a_day_that_has_come(
    value: str, day: str, errors: dict[str, str]
) -> None:
    parsed = parse_kpi_values(
        baseline="", target="", target_date="", value=value, observed_on=day, today=TODAY
    )
    assert parsed == (None, errors)
