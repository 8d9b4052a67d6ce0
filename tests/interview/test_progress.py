"""The progress line's "question N of about M" and its time left, over the bank's paths.

The estimate counts what the person has opened so far (objectives, initiatives and KPIs
added, optional parts said yes to) and assumes nothing more will be: so it may grow only
when they open something, and shrink when they close something (an objective or KPI
answered "none"). Between those moments it must hold: whatever the other answers (don't
know, skipped), the interview ends within 10% of every "about M" shown, and the time left
is right within 10% (or a minute).

Paths are drawn by hypothesis over the real bank and the real engine: how many objectives,
initiatives and KPIs, which optional parts are opened, which answers are "don't know". For
each question shown, the interview's end if nothing more were opened or closed from there is
found by walking the bank (`walk`) with the rest answered plainly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.interview import InterviewEngine, QuestionBank
from bot.interview.state import Answer, InterviewState
from bot.interview.views import Asked, QuestionView
from bot.interview.walk import Step, walk
from tests.interview.script import BUSY_OWNER, TODAY
from tests.interview.test_examples import alternatives

TOLERANCE = 0.10
NAMING = {"objective.statement": "objective", "initiative.name": "initiative", "kpi.name": "kpi"}
ANOTHER = {
    "objective.another": "objective",
    "initiative.another": "initiative",
    "kpi.another": "kpi",
}
PICKED = ("yes_no", "gate", "choice")


@dataclass
class Shape:
    """How many items the person adds, which optional parts they open, what they do not know."""

    items: dict[str, int]
    details: bool
    metrics: bool
    unknown: frozenset[str]
    added: dict[str, int] = field(default_factory=dict)

    def answer(self, question: QuestionView) -> tuple[str, bool]:
        """What the person types, and whether it opens or closes part of the interview."""
        qid = question.question_id
        if qid in ANOTHER:
            more = self.added.get(ANOTHER[qid], 0) < self.items[ANOTHER[qid]]
            return ("yes" if more else "no"), more
        if qid in NAMING:
            return self._name(question)
        if question.type == "gate":
            opens = self.metrics if qid == "metrics.opt_in" else self.details
            return ("yes" if opens else "no"), opens
        return self._plain_answer(question), False

    def _name(self, question: QuestionView) -> tuple[str, bool]:
        group = NAMING[question.question_id]
        if self.items[group] == 0 and question.unknown_allowed:
            return "idk", True  # "none": the group ends here
        self.added[group] = self.added.get(group, 0) + 1
        return BUSY_OWNER[question.question_id], False

    def _plain_answer(self, question: QuestionView) -> str:
        qid = question.question_id
        if qid in self.unknown and question.unknown_allowed:
            return "idk"
        if question.type in PICKED:
            return question.options[0].id
        if qid in BUSY_OWNER and question.type in ("text", "list"):
            return BUSY_OWNER[qid]
        return alternatives(question.example)[0]


def _plain(answered: dict[str, Answer], bank: QuestionBank, unknown: frozenset[str]) -> list[Step]:
    """The steps the interview would end with if, from here, nothing is opened or closed:
    every step answered plainly (the person's "don't know"s kept), every gate and "add
    another?" answered no, every item named."""
    answers = dict(answered)
    while True:
        steps = walk(bank, answers)
        todo = next((s for s in steps if s.key not in answers), None)
        if todo is None:
            return steps
        if todo.placed is None or todo.type == "gate":
            answers[todo.key] = Answer(state="answered", value="no")
        elif (
            todo.placed.id in unknown
            and todo.placed.unknown_allowed
            and todo.placed.id not in NAMING
        ):
            answers[todo.key] = Answer(state="unknown")
        else:
            answers[todo.key] = Answer(state="answered", value="x")


@st.composite
def shapes(draw: st.DrawFn, bank: QuestionBank) -> Shape:
    optional = sorted(
        placed.id for placed in bank.placed() if placed.unknown_allowed and placed.id not in NAMING
    )
    return Shape(
        items={
            "objective": draw(st.integers(0, 3)),
            "initiative": draw(st.integers(1, 3)),
            "kpi": draw(st.integers(0, 3)),
        },
        details=draw(st.booleans()),
        metrics=draw(st.booleans()),
        unknown=frozenset(draw(st.lists(st.sampled_from(optional), max_size=12))),
    )


def _check_path(engine: InterviewEngine, shape: Shape) -> list[str]:
    """Walk one path; return every place where the estimate was off by more than allowed."""
    problems: list[str] = []
    state = InterviewState()
    outcome = engine.show(state, TODAY)
    event = True
    while isinstance(outcome, Asked):
        question = outcome.question
        progress = question.progress
        if event:  # until the next event, answers follow the plain path: it stays the same
            plain = _plain(state.answers, engine.bank, shape.unknown)
            where = {step.key: i for i, step in enumerate(plain)}
        ends, index = len(plain), where[question.id]
        if not (
            ends <= (1 + TOLERANCE) * progress.total and progress.total <= (1 + TOLERANCE) * ends
        ):
            problems.append(f"{question.id}: about {progress.total}, ends at {ends}")
        if progress.number != index + 1:
            problems.append(f"{question.id}: question {progress.number}, really {index + 1}")
        minutes = math.ceil(sum(s.seconds for s in plain[index:]) / 60)
        if abs(progress.minutes_left - minutes) > max(1, TOLERANCE * minutes):
            problems.append(f"{question.id}: {progress.minutes_left} min left, really {minutes}")
        raw, event = shape.answer(question)
        transition = engine.answer(state, question.id, raw, TODAY)
        assert isinstance(transition.outcome, Asked) or transition.outcome.kind != "invalid", (
            question.id,
            raw,
        )
        state, outcome = transition.state, transition.outcome
    return problems


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_progress_estimate_is_within_ten_percent_until_something_is_opened_or_closed(
    engine: InterviewEngine, data: st.DataObject
) -> None:
    shape = data.draw(shapes(engine.bank))
    assert _check_path(engine, shape) == []


def test_the_busy_owners_estimate_holds_from_the_first_question(engine: InterviewEngine) -> None:
    shape = Shape(
        items={"objective": 1, "initiative": 1, "kpi": 1},
        details=False,
        metrics=False,
        unknown=frozenset(),
    )
    assert _check_path(engine, shape) == []


def test_add_another_says_what_yes_adds_and_the_estimate_grows_by_that_at_once(
    engine: InterviewEngine,
) -> None:
    state = InterviewState()
    outcome = engine.show(state, TODAY)
    while isinstance(outcome, Asked) and outcome.question.question_id != "initiative.another":
        raw = BUSY_OWNER[outcome.question.question_id]
        transition = engine.answer(state, outcome.question.id, raw, TODAY)
        state, outcome = transition.state, transition.outcome
    assert isinstance(outcome, Asked)
    prompt = outcome.question
    added = int(prompt.text.split("Yes adds about ")[1].split(" ")[0])
    assert added >= 20
    after = engine.answer(state, prompt.id, "yes", TODAY).outcome
    assert isinstance(after, Asked)
    assert after.question.progress.total == prompt.progress.total + added
