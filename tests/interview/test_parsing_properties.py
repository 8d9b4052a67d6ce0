"""Whatever is typed, the interview answers with a question: parsing either returns a value
or one sentence on what is expected (hypothesis), never an exception a user would see."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.interview import AnswerError, InterviewEngine, QuestionBank, load_bank
from bot.interview.answers import AnswerContext, parse_answer
from bot.interview.state import InterviewState
from bot.interview.views import Asked, Invalid
from tests.interview.script import TODAY

BANK = load_bank()
QUESTIONS = [p.id for p in BANK.placed()]
MESSY = st.one_of(
    st.text(max_size=60),
    st.from_regex(
        r"[~$€£]?\s?-?\d{1,12}([.,' ]\d{1,4})*\s?(k|m|bn|%|grand|a month|/yr)?", fullmatch=True
    ),
    st.from_regex(
        r"(end of |in |by )?(q[0-9]|h[0-9]|[0-9]{1,5}[-/.][0-9]{1,3}[-/.][0-9]{1,6})",
        fullmatch=True,
    ),
    st.sampled_from(["idk", "🤷", "yes and no", "1e400", "nan", "inf", "9" * 400, "-0", "½"]),
)


@pytest.mark.parametrize("question_id", QUESTIONS)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=MESSY)
def test_parse_answer_returns_a_value_or_one_friendly_sentence(question_id: str, raw: str) -> None:
    placed = BANK.question(question_id)
    context = AnswerContext(placed=placed, options=placed.options(), today=TODAY)
    try:
        parsed = parse_answer(context, raw)
    except AnswerError as exc:
        message = exc.message
    else:
        assert parsed.state in ("answered", "unknown")
        assert parsed.display
        return
    assert message.endswith((".", "?"))
    assert "\n" not in message
    assert len(message) < 200


@settings(max_examples=150, deadline=None)
@given(answers=st.lists(MESSY, min_size=1, max_size=25))
def test_engine_keeps_asking_and_never_loses_an_answer(answers: list[str]) -> None:
    engine = InterviewEngine(BANK)
    state = InterviewState()
    outcome = engine.show(state, TODAY)
    for raw in answers:
        assert isinstance(outcome, Asked | Invalid)
        before = dict(state.answers)
        transition = engine.answer(state, outcome.question.id, raw, date(2026, 11, 23))
        if isinstance(transition.outcome, Invalid):
            assert transition.state == state
        for key, answer in before.items():
            assert transition.state.answers[key] == answer
        state, outcome = transition.state, transition.outcome
        if not isinstance(outcome, Asked | Invalid):
            break
    engine.assessment(state)  # whatever was accepted builds a valid Assessment


def test_bank_fixture_is_the_shipped_bank(bank: QuestionBank) -> None:
    assert bank == BANK
