"""The team evaluation: table tests of each aggregate and finding, properties over any
responses (hypothesis), the team rubric's validation, and the anonymity rule, including an
attempt to recover one person's answers from what the owner sees with 3 and 4 respondents."""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from evaluators import RubricError, evaluate, load_rubric
from evaluators.anonymity import releasable
from evaluators.team import evaluate_team, team_input_from
from evaluators.team_models import PulseResponse, TeamEvaluation
from evaluators.team_rubric import DEFAULT_TEAM_RUBRIC, TeamRubric, load_team_rubric
from tests.evaluators.conftest import load_persona
from tests.evaluators.team_strategies import OTHER_TEXTS, UNIQUE_WORD, responses, team

RUBRIC = load_team_rubric()


def _pulse(**fields: Any) -> PulseResponse:
    return PulseResponse(**fields)


def _ids(result: TeamEvaluation) -> set[str]:
    return {f.id for f in result.findings}


def test_team_below_three_respondents_shows_only_the_count() -> None:
    result = evaluate_team(team([_pulse(involvement=1), _pulse(involvement=5)]), RUBRIC)
    assert not result.shown
    assert result.respondents == 2
    dumped = result.model_dump()
    assert dumped["initiatives"] == ()
    assert dumped["findings"] == ()
    assert dumped["involvement_median"] is None
    assert dumped["priority_agreement"] is None


def test_priority_agreement_is_the_mean_overlap_with_the_owners_top_three() -> None:
    answers = [
        _pulse(priorities=("o1", "o2", "o3")),  # 3 of 3
        _pulse(priorities=("o1", "something_else")),  # 1 of 3
        _pulse(priorities=("o4",)),  # 0 of 3
    ]
    result = evaluate_team(team(answers), RUBRIC)
    assert result.priority_agreement == pytest.approx(44.4)
    assert "team.priorities_not_shared" in _ids(result)
    shares = {p.id: p.count for p in result.priorities}
    assert shares == {"o1": 2, "o2": 1, "o3": 1, "o4": 1, "something_else": 1}


def test_owner_team_gap_names_the_owners_rating_and_the_team_median() -> None:
    answers = [_pulse(ratings={"crm": r}) for r in (2, 2, 3)]
    result = evaluate_team(team(answers), RUBRIC)
    gap = next(f for f in result.findings if f.id == "team.owner_team_gap[crm]")
    assert "You rate CRM 5/5 aligned; the team's median is 2" in gap.why
    assert gap.source.section.startswith("The Human Element")


def test_wide_spread_of_ratings_is_a_finding() -> None:
    answers = [_pulse(ratings={"bot": r}) for r in (1, 2, 5)]
    result = evaluate_team(team(answers), RUBRIC)
    view = next(v for v in result.initiatives if v.id == "bot")
    assert (view.spread, view.median, view.distribution) == (4, 2.0, (1, 1, 0, 0, 1))
    assert "team.ratings_spread[bot]" in _ids(result)


def test_narrow_spread_raises_no_spread_finding() -> None:
    answers = [_pulse(ratings={"bot": r}) for r in (2, 3, 3)]
    assert "team.ratings_spread[bot]" not in _ids(evaluate_team(team(answers), RUBRIC))


def test_kpi_share_and_involvement_findings_follow_the_thresholds() -> None:
    low = [_pulse(knows_kpi=k, involvement=i) for k, i in (("no", 1), ("unsure", 2), ("yes", 3))]
    result = evaluate_team(team(low), RUBRIC)
    assert result.kpi_known_share == pytest.approx(33.3)
    assert {"team.kpi_unknown", "team.low_involvement"} <= _ids(result)
    high = [_pulse(knows_kpi="yes", involvement=i) for i in (4, 5, 4)]
    result = evaluate_team(team(high), RUBRIC)
    assert "team.involved" in _ids(result)
    assert "team.kpi_unknown" not in _ids(result)


def test_process_not_ready_when_half_the_team_says_no() -> None:
    answers = [_pulse(readiness={"inv": r}) for r in ("no", "no", "partly")]
    assert "team.process_not_ready[inv]" in _ids(evaluate_team(team(answers), RUBRIC))


def _other(text: str) -> PulseResponse:
    return PulseResponse(priorities=("something_else",), other_priority=text)


@pytest.mark.parametrize(
    ("texts", "themes"),
    [
        # Three people share a phrase: it shows, its words alone say nothing more.
        (["Hiring bakers", "hiring a baker!", "HIRING BAKERS soon"], [("hiring baker", 3)]),
        # Two share a word, the third wrote something else: nothing shows.
        (["cash flow", "Cash flow first", "Zelda's pet project"], []),
        # A word shared by three shows even when their phrases differ.
        (["cash flow", "cash reserves", "more cash"], [("cash", 3)]),
        # Stop words and short words are no theme.
        (["for the win", "the end", "the one"], []),
    ],
)
def test_other_priorities_show_only_themes_at_least_three_people_wrote(
    texts: list[str], themes: list[tuple[str, int]]
) -> None:
    result = evaluate_team(team([_other(t) for t in texts]), RUBRIC)
    assert [(t.text, t.count) for t in result.other_themes] == themes


def test_other_priority_text_counts_only_for_those_who_picked_something_else() -> None:
    answers = [_other("hiring"), _other("hiring"), PulseResponse(other_priority="hiring")]
    assert evaluate_team(team(answers), RUBRIC).other_themes == ()


def test_team_input_from_a_persona_rates_each_initiative_from_its_alignment() -> None:
    bakery = load_persona("artisan_bakery")
    evaluation = evaluate(bakery, load_rubric())
    team_input = team_input_from(bakery, evaluation, RUBRIC, [])
    score = evaluation.initiatives[0].alignment.score
    assert team_input.initiatives[0].owner_rating == RUBRIC.owner_rating(score)
    assert [o.id for o in team_input.objectives] == [o.id for o in bakery.objectives]


@pytest.mark.parametrize(
    ("score", "rating"), [(0, 1), (19.9, 1), (20, 2), (59, 3), (79.9, 4), (80, 5), (100, 5)]
)
def test_owner_rating_cuts_map_alignment_scores_to_one_to_five(score: float, rating: int) -> None:
    assert RUBRIC.owner_rating(score) == rating


# --- properties --------------------------------------------------------------------------


@given(st.lists(responses(), max_size=12), st.randoms(use_true_random=False))
def test_team_evaluation_ignores_the_order_of_responses(
    answers: list[PulseResponse], rnd: Any
) -> None:
    shuffled = list(answers)
    rnd.shuffle(shuffled)
    assert (
        evaluate_team(team(answers), RUBRIC).model_dump_json()
        == evaluate_team(team(shuffled), RUBRIC).model_dump_json()
    )


@given(st.lists(responses(), max_size=12))
def test_team_evaluation_is_bounded_and_aggregates_only(answers: list[PulseResponse]) -> None:
    result = evaluate_team(team(answers), RUBRIC)
    assert result.shown == (len(answers) >= 3)
    dumped = result.model_dump_json().lower()
    for text in OTHER_TEXTS:
        # What fewer than three people wrote never shows, not even one of its words.
        writers = sum(
            r.other_priority == text and "something_else" in r.priorities for r in answers
        )
        if writers < 3:
            assert UNIQUE_WORD[text] not in dumped
    for theme in result.other_themes:
        assert theme.count >= 3
    if result.priority_agreement is not None:
        assert 0 <= result.priority_agreement <= 100
    for view in result.initiatives:
        assert sum(view.distribution) == view.rated
        assert view.spread is None or 0 <= view.spread <= 4
        assert 0 <= view.ready_no <= 100
    for share in result.priorities:
        assert 0 <= share.share <= 100


@given(st.lists(responses(), min_size=3, max_size=12))
def test_a_fully_agreeing_response_never_lowers_priority_agreement(
    answers: list[PulseResponse],
) -> None:
    before = evaluate_team(team(answers), RUBRIC).priority_agreement
    agreeing = PulseResponse(priorities=("o1", "o2", "o3"))
    after = evaluate_team(team([*answers, agreeing]), RUBRIC).priority_agreement
    assert after is not None
    assert before is None or after >= before


# --- the rubric ----------------------------------------------------------------------------


def _rubric_data() -> dict[str, Any]:
    data = yaml.safe_load(DEFAULT_TEAM_RUBRIC.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return copy.deepcopy(data)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d["anonymity"].update(min_respondents=2), "anonymity.min_respondents"),
        (lambda d: d["findings"][0].update(metric="spread"), "unknown team metric 'spread'"),
        (lambda d: d["findings"][0].update(at_least=3), "exactly one of"),
        (lambda d: d["findings"][0].update(title="{nope}"), "unknown placeholder(s) nope"),
        (lambda d: d["findings"][0]["source"].update(document="x"), "unknown document 'x'"),
        (lambda d: d.update(surprise=1), "surprise"),
    ],
    ids=[
        "threshold-below-3",
        "wrong-scope-metric",
        "two-thresholds",
        "placeholder",
        "doc",
        "extra",
    ],
)
def test_broken_team_rubric_is_refused_naming_the_field(
    tmp_path: Any, change: Any, says: str
) -> None:
    data = _rubric_data()
    change(data)
    path = tmp_path / "team.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RubricError, match=r"team\.yaml") as raised:
        load_team_rubric(path)
    assert says in str(raised.value)


def test_anonymity_threshold_is_configurable_upwards() -> None:
    data = _rubric_data()
    data["anonymity"]["min_respondents"] = 5
    strict = TeamRubric.model_validate(data)
    four = [_pulse(involvement=3)] * 4
    assert not evaluate_team(team(four), strict).shown
    assert evaluate_team(team(four), RUBRIC).shown


# --- anonymity: what the owner sees, and whether one person can be recovered ----------------


@pytest.mark.parametrize(
    ("answered", "released", "shown"),
    [(2, 0, 0), (3, 0, 3), (4, 0, 4), (4, 3, 3), (5, 3, 3), (6, 3, 6), (3, 3, 3)],
)
def test_releasable_holds_back_answers_that_would_single_one_person_out(
    answered: int, released: int, shown: int
) -> None:
    assert releasable(answered, released, 3) == shown


def _owner_view(answers: list[PulseResponse], released: int) -> tuple[str, int]:
    """What the owner sees after `answers` (in answer order), given an earlier view."""
    count = releasable(len(answers), released, RUBRIC.anonymity.min_respondents)
    return evaluate_team(team(answers[:count]), RUBRIC).model_dump_json(), count


# What the three before wrote, and what a fourth could write: shared words, a word two of
# them used, and words only one person would write.
FREE_TEXT = ("hiring a baker", "hiring bakers", "cash flow", "Zelda's bakery in Lyon", "")


def _candidates() -> list[PulseResponse]:
    """Every answer one person could give about the CRM, their involvement and another
    priority in their own words."""
    return [
        PulseResponse(
            priorities=("something_else",) if text else ("o1",),
            other_priority=text,
            ratings={"crm": r},
            involvement=i,
            knows_kpi=k,
        )
        for r, i, k, text in itertools.product(range(1, 6), range(1, 6), ("yes", "no"), FREE_TEXT)
    ]


def test_owner_cannot_recover_the_fourth_persons_answers_by_comparing_views() -> None:
    three = [
        PulseResponse(
            priorities=("something_else",),
            other_priority="hiring a baker",
            ratings={"crm": 4},
            involvement=2,
            knows_kpi="yes",
        ),
        PulseResponse(
            priorities=("something_else",),
            other_priority="Hiring bakers",
            ratings={"crm": 1},
            involvement=5,
            knows_kpi="no",
        ),
        PulseResponse(ratings={"crm": 3}, involvement=3, knows_kpi="yes"),
    ]
    view_3, released = _owner_view(three, 0)
    # The attacker knows the view at 3 and sees the one after a fourth answer: every answer
    # the fourth person could have given must leave the same view, so nothing singles it out.
    views_4 = {_owner_view([*three, c], released)[0] for c in _candidates()}
    assert views_4 == {view_3}


def test_owner_cannot_tell_which_of_three_people_gave_which_answer() -> None:
    three = [
        PulseResponse(ratings={"crm": 4}, involvement=2, knows_kpi="yes"),
        PulseResponse(ratings={"crm": 1}, involvement=5, knows_kpi="no"),
        PulseResponse(
            priorities=("something_else",),
            other_priority="Zelda's bakery in Lyon",
            ratings={"crm": 3},
            involvement=3,
            knows_kpi="yes",
        ),
    ]
    # Whoever answered first, second or third, the owner sees the same thing: the view holds
    # no per-person row, order, time or free text linking an answer to a person.
    views = {_owner_view(list(order), 0)[0] for order in itertools.permutations(three)}
    assert len(views) == 1
    # What only one of them wrote is not there, not even one of its words.
    [view] = views
    assert not {"zelda", "lyon", "bakery"} & set(view.lower().replace('"', " ").split())
    # And with two answers in, nothing but the count.
    two, _ = _owner_view(three[:2], 0)
    assert '"shown":false' in two


def test_owner_cannot_isolate_one_of_four_when_four_answer_at_once() -> None:
    four = [
        PulseResponse(ratings={"crm": r}, involvement=i, knows_kpi=k)
        for r, i, k in ((4, 2, "yes"), (1, 5, "no"), (3, 3, "yes"), (5, 4, "no"))
    ]
    view, count = _owner_view(four, 0)
    assert count == 4
    # Any other assignment of the same answers to the four people gives the same view.
    assert {_owner_view(list(p), 0)[0] for p in itertools.permutations(four)} == {view}
