"""Hypothesis strategies that build arbitrary valid `Assessment`s: every vocabulary value,
None everywhere it is allowed, zero and huge money, dangling objective ids, duplicated
objective ids in an initiative, empty texts, any dates."""

from __future__ import annotations

from typing import get_args

from hypothesis import strategies as st

from evaluators.models import (
    KPI,
    Assessment,
    AutomationArea,
    Benefits,
    Business,
    Checklist,
    Costs,
    EthicsReview,
    Impact,
    Initiative,
    Intangibles,
    Integration,
    Measures,
    Objective,
    Organisation,
    Pillar,
    ReviewCadence,
    Scorecard,
    SizeBand,
    Stage,
    StrategicMetricsInput,
    Tri,
    ValueFit,
)


def _choice(literal: object) -> st.SearchStrategy[str]:
    return st.sampled_from(get_args(literal))


keys = st.from_regex(r"[a-z][a-z0-9_.-]{0,7}", fullmatch=True)
texts = st.text(max_size=60)
names = st.text(min_size=1, max_size=120)
numbers = st.one_of(
    st.none(),
    st.sampled_from([0.0, -1.0, 1.0, 1e12, -1e12]),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
)
money = st.one_of(
    st.none(),
    st.sampled_from([0.0, 0.01, 1e12]),
    st.floats(min_value=0, max_value=1e12, allow_nan=False),
)
percent = st.one_of(st.none(), st.sampled_from([0.0, 100.0]), st.floats(0, 100))
rating = st.one_of(st.none(), st.integers(0, 5))
dates = st.one_of(st.none(), st.dates())

kpis = st.builds(
    KPI,
    name=names,
    unit=texts,
    direction=st.sampled_from(["up", "down"]),
    baseline=numbers,
    target=numbers,
    deadline=dates,
    measures=_choice(Measures),
)

objectives = st.builds(
    Objective,
    id=keys,
    statement=texts,
    pillar=_choice(Pillar),
    target_metric=st.one_of(st.none(), texts),
    baseline_value=numbers,
    target_value=numbers,
    target_unit=st.one_of(st.none(), texts),
    deadline=dates,
)


@st.composite
def initiatives(draw: st.DrawFn, objective_ids: list[str]) -> Initiative:
    """An initiative whose objective ids mix known, unknown (dangling) and repeated ids."""
    linkable = st.sampled_from([*objective_ids, "ghost", "missing-objective"])
    return Initiative(
        id=draw(keys),
        name=draw(names),
        area=draw(_choice(AutomationArea)),
        stage=draw(_choice(Stage)),
        objective_ids=tuple(draw(st.lists(linkable, max_size=4))),
        problem=draw(texts),
        value_fit=draw(_choice(ValueFit)),
        process_mapped=draw(_choice(Tri)),
        integration=draw(_choice(Integration)),
        features_needed_pct=draw(percent),
        pilot_first=draw(_choice(Tri)),
        user_training=draw(_choice(Tri)),
        kpis=tuple(draw(st.lists(kpis, max_size=4))),
        costs=Costs(
            upfront=draw(money),
            implementation=draw(money),
            training=draw(money),
            yearly_licence=draw(money),
            yearly_maintenance=draw(money),
        ),
        benefits=Benefits(yearly_savings=draw(money), yearly_revenue=draw(money)),
        intangibles=Intangibles(
            customer=draw(rating), employee=draw(rating), risk=draw(rating), agility=draw(rating)
        ),
        scorecard=Scorecard(
            financial=draw(_choice(Impact)),
            customer=draw(_choice(Impact)),
            internal_process=draw(_choice(Impact)),
            learning_growth=draw(_choice(Impact)),
        ),
    )


@st.composite
def strategic_metrics(draw: st.DrawFn) -> StrategicMetricsInput | None:
    """Optional metric inputs, parts never above their wholes."""
    if draw(st.booleans()):
        return None
    count = st.one_of(st.none(), st.integers(0, 10_000))
    touch_total = draw(count)
    proc_total = draw(count)

    def part(whole: int | None) -> int | None:
        return draw(st.one_of(st.none(), st.integers(0, whole if whole is not None else 10_000)))

    return StrategicMetricsInput(
        journey_touchpoints_total=touch_total,
        journey_touchpoints_automated=part(touch_total),
        processes_automated_total=proc_total,
        critical_processes_automated=part(proc_total),
        automation_data_used_pct=draw(percent),
        reconfigure_days=draw(st.one_of(st.none(), st.floats(0, 3650))),
    )


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    """Any Assessment the models accept."""
    objs = draw(st.lists(objectives, max_size=5, unique_by=lambda o: o.id))
    ids = [o.id for o in objs]
    inits = draw(st.lists(initiatives(ids), max_size=5, unique_by=lambda i: i.id))
    return Assessment(
        business=Business(
            name=draw(texts),
            industry=draw(texts),
            size_band=draw(_choice(SizeBand)),
            currency=draw(st.sampled_from(["USD", "EUR", "GBP"])),
        ),
        objectives=tuple(objs),
        checklist=Checklist(**{f: draw(_choice(Tri)) for f in Checklist.model_fields}),
        organisation=Organisation(
            **{
                f: draw(_choice(Tri))
                for f in Organisation.model_fields
                if f not in ("review_cadence", "ethics_review")
            },
            ethics_review=draw(_choice(EthicsReview)),
            review_cadence=draw(_choice(ReviewCadence)),
        ),
        initiatives=tuple(inits),
        metrics=draw(strategic_metrics()),
    )
