"""The team pulse's bank: generated from the owner's side, asked by the interview engine."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.interview.engine import InterviewEngine
from bot.interview.state import InterviewState
from bot.interview.views import Asked, Completed, Invalid
from bot.interview.walk import estimated_seconds, walk
from bot.team.errors import TeamError
from bot.team.pulse import load_pulse_template, pulse_bank, pulse_response
from evaluators.team_models import TeamInitiative, TeamInput, TeamObjective

TODAY = date(2026, 12, 3)
OWNER = TeamInput(
    objectives=(
        TeamObjective(id="obj1", statement="Grow online sales by 20%"),
        TeamObjective(id="obj2", statement="Keep every regular customer"),
        TeamObjective(id="obj3", statement="Open a second shop"),
        TeamObjective(id="obj4", statement="Cut waste"),
    ),
    initiatives=(
        TeamInitiative(id="init1", name="CRM {new}", owner_rating=5),
        TeamInitiative(id="init2", name="Online shop", owner_rating=3),
    ),
)


def _run(answers: list[str]) -> InterviewState:
    engine = InterviewEngine(pulse_bank(load_pulse_template(), OWNER))
    state = InterviewState()
    for raw in answers:
        shown = engine.show(state, TODAY)
        assert isinstance(shown, Asked)
        state = engine.answer(state, shown.question.id, raw, TODAY).state
    return state


def test_pulse_answers_become_the_team_response_when_typed() -> None:
    state = _run(["1 and 3", "4", "partly", "2", "don't know", "yes", "3"])
    engine = InterviewEngine(pulse_bank(load_pulse_template(), OWNER))
    assert isinstance(engine.show(state, TODAY), Completed)
    response = pulse_response(engine.bank, OWNER, state.answers)
    assert response.priorities == ("obj1", "obj3")
    assert response.ratings == {"init1": 4, "init2": 2}
    assert response.readiness == {"init1": "partly", "init2": "unknown"}
    assert (response.knows_kpi, response.involvement) == ("yes", 3)


def test_pulse_refuses_more_than_three_priorities_with_a_reason() -> None:
    engine = InterviewEngine(pulse_bank(load_pulse_template(), OWNER))
    state = InterviewState()
    shown = engine.show(state, TODAY)
    assert isinstance(shown, Asked)
    outcome = engine.answer(state, shown.question.id, "1, 2, 3, 4", TODAY).outcome
    assert isinstance(outcome, Invalid)
    assert "at most 3" in outcome.message


def test_pulse_bank_names_the_initiative_in_its_questions_when_generated() -> None:
    bank = pulse_bank(load_pulse_template(), OWNER)
    texts = [p.question.text for p in bank.placed()]
    assert any("“CRM (new)”" in text for text in texts)
    assert len(texts) == 8  # "what is it?" only follows "something else"


def test_something_else_is_followed_by_what_it_is_in_the_members_words() -> None:
    state = _run(["1 and 5", "Hiring a second baker", "4", "partly", "2", "no", "yes", "3"])
    engine = InterviewEngine(pulse_bank(load_pulse_template(), OWNER))
    assert isinstance(engine.show(state, TODAY), Completed)
    response = pulse_response(engine.bank, OWNER, state.answers)
    assert response.priorities == ("obj1", "something_else")
    assert response.other_priority == "Hiring a second baker"


def test_what_it_is_is_not_asked_without_something_else() -> None:
    state = _run(["2"])
    engine = InterviewEngine(pulse_bank(load_pulse_template(), OWNER))
    shown = engine.show(state, TODAY)
    assert isinstance(shown, Asked)
    assert shown.question.id == "initiatives.rating_1"


def test_pulse_bank_is_refused_when_the_report_names_no_initiative() -> None:
    with pytest.raises(TeamError, match="no initiative"):
        pulse_bank(load_pulse_template(), OWNER.model_copy(update={"initiatives": ()}))


def test_pulse_takes_under_three_minutes_with_five_objectives_and_initiatives() -> None:
    owner = TeamInput(
        objectives=tuple(TeamObjective(id=f"obj{n}", statement=f"Goal {n}") for n in range(5)),
        initiatives=tuple(TeamInitiative(id=f"init{n}", name=f"Tool {n}") for n in range(5)),
    )
    bank = pulse_bank(load_pulse_template(), owner)
    steps = walk(bank, {})
    minutes = estimated_seconds(steps) / 60
    assert len(steps) == 13
    assert minutes < 3, f"{len(steps)} steps take about {minutes:.1f} minutes"


TYPED_POOL = [
    "1",
    "2 and 3",
    "1, 2, 3, 4",
    "something else",
    "4",
    "9",
    "yes",
    "partly",
    "no",
    "don't know",
    "not sure",
    "3",
    "banana",
    "",
]


@settings(max_examples=40, deadline=None)
@given(
    objectives=st.integers(min_value=0, max_value=5),
    initiatives=st.integers(min_value=1, max_value=5),
    typed=st.lists(st.sampled_from(TYPED_POOL), min_size=1, max_size=30),
)
def test_any_typed_pulse_reads_as_a_valid_team_response(
    objectives: int, initiatives: int, typed: list[str]
) -> None:
    owner = TeamInput(
        objectives=tuple(
            TeamObjective(id=f"o-{n}", statement=f"Goal {n}") for n in range(objectives)
        ),
        initiatives=tuple(
            TeamInitiative(id=f"i-{n}", name=f"Tool {n}") for n in range(initiatives)
        ),
    )
    engine = InterviewEngine(pulse_bank(load_pulse_template(), owner))
    state = InterviewState()
    for raw in typed:
        shown = engine.show(state, TODAY)
        if not isinstance(shown, Asked):
            break
        state = engine.answer(state, shown.question.id, raw, TODAY).state
    response = pulse_response(engine.bank, owner, state.answers)
    # The owner's side accepts it: known ids only, at most 3 priorities, ratings 1-5.
    TeamInput.model_validate({**owner.model_dump(), "responses": [response.model_dump()]})
