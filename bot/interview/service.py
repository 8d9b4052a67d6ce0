"""The interview, persisted: engine + store + scorer, keyed by (team id, user id) and the
interview's kind (the person's own interview, or a team pulse they were asked).

The operations the edges call are the `Interviews` Protocol at the end of this module.

Every operation is one transaction with the person's interview locked, so the answer is
committed before the next question is returned, and two requests for the same person
(a double click, two replicas) run one after the other: the second sees the first's
answer and records nothing twice. When the last step is answered the Assessment is built,
scored, and the evaluation stored in that same transaction (`Finished`); without a scorer
(a team pulse) the answers are only marked finished (`Submitted`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict

from bot.interview.bank import QuestionBank
from bot.interview.engine import InterviewEngine, Transition
from bot.interview.errors import NoInterviewError
from bot.interview.state import Answer, InterviewState
from bot.interview.views import (
    Asked,
    Completed,
    Invalid,
    NewQuestions,
    OpenInterview,
    QuestionView,
    Recorded,
    ReviewItem,
)
from bot.store import (
    EvaluationRecord,
    InterviewChange,
    InterviewRecord,
    NewEvaluation,
    Store,
    StoredAnswer,
)
from bot.store.interviews import ASSESSMENT, InterviewKind, InterviewTransaction
from evaluators.models import Assessment

PAUSED = "Paused. Your answers are saved; pick up where you left off any time."


@dataclass(frozen=True)
class Scored:
    """What the scorer returns: the headline figures and the full Evaluation as JSON."""

    rubric_version: str
    score: float
    band: str
    maturity_level: int
    confidence: float
    evaluation: dict[str, Any]


Scorer = Callable[[Assessment], Scored]


class Paused(BaseModel):
    """The interview is paused; `question` is where it will resume."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["paused"] = "paused"
    question: QuestionView
    notice: str = PAUSED


class Finished(BaseModel):
    """The interview is complete and scored: the stored evaluation (JSON + headline
    figures). `recorded` is the last answer, when this call recorded one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["finished"] = "finished"
    interview_id: int
    evaluation: EvaluationRecord
    recorded: Recorded | None = None


class Submitted(BaseModel):
    """An interview without a scorer (a team pulse) is complete: its answers are stored and
    nothing is scored. `recorded` is the last answer, when this call recorded one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["submitted"] = "submitted"
    interview_id: int
    recorded: Recorded | None = None


Reply = Asked | Invalid | Finished | Submitted


class Review(BaseModel):
    """A re-assessment's starting point: the latest finished interview's answers, section
    by section, and when it was finished."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    finished_at: date | None
    items: tuple[ReviewItem, ...]
    # Asked whatever is ticked: questions new in the bank since, with no answer to keep.
    new_questions: tuple[NewQuestions, ...] = ()

    @property
    def sections(self) -> tuple[tuple[str, str], ...]:
        """(section id, title) of every section holding an answer, in interview order."""
        seen: dict[str, str] = {}
        for item in self.items:
            seen.setdefault(item.section_id, item.section)
        return tuple(seen.items())


def open_place(record: InterviewRecord | None) -> OpenInterview | None:
    """Return where an open interview record stands (paused or not, where it is shown);
    None for no record."""
    if record is None:
        return None
    return OpenInterview(
        paused=record.status == "paused",
        channel_id=record.channel_id,
        message_ts=record.message_ts,
    )


def state_of(record: InterviewRecord) -> InterviewState:
    """Return the engine state of a stored interview."""
    return InterviewState(
        answers={
            key: Answer(state=a.state, value=a.value, raw=a.raw, carried=a.carried)
            for key, a in record.answers.items()
        },
        revisit=record.revisit,
        status=record.status,
    )


class InterviewService:
    """The interview over the store (see the module docstring)."""

    def __init__(
        self,
        store: Store,
        bank: QuestionBank,
        *,
        scorer: Scorer | None,
        today: Callable[[], date],
        kind: InterviewKind = ASSESSMENT,
    ) -> None:
        self.store = store
        self.bank = bank
        self.engine = InterviewEngine(bank)
        self._scorer = scorer
        self._today = today
        self._kind = kind

    @property
    def today(self) -> Callable[[], date]:
        """The clock answers are read against (shared with the team pulse's interviews)."""
        return self._today

    # --- operations --------------------------------------------------------------------

    def start_or_resume(self, team_id: str, user_id: str) -> Reply:
        """Open a new interview, or show where the open one stands (resuming it if paused)."""
        with self.store.interview_transaction(team_id, user_id, self._kind) as tx:
            record = tx.record or tx.start(self.bank.version)
            state = self.engine.resume(state_of(record))
            outcome = self.engine.show(state, self._today())
            return self._commit(tx, record, Transition(state, outcome))

    def current(self, team_id: str, user_id: str) -> Reply | None:
        """The open interview's current question; None when none is open."""
        record = self.store.open_interview(team_id, user_id, self._kind)
        if record is None:
            return None
        outcome = self.engine.show(state_of(record), self._today())
        if isinstance(outcome, Completed):  # pragma: no cover - finished in the same transaction
            return None
        return outcome

    def answer(self, team_id: str, user_id: str, step_id: str, raw: str) -> Reply:
        """Record an answer to `step_id` (only if it is the current step) and return what
        comes next."""
        return self._operate(
            team_id,
            user_id,
            lambda state: self.engine.answer(state, step_id, raw, self._today()),
        )

    def skip(self, team_id: str, user_id: str, step_id: str) -> Reply:
        """Skip the current (optional) step."""
        return self._operate(
            team_id, user_id, lambda state: self.engine.skip(state, step_id, self._today())
        )

    def back(self, team_id: str, user_id: str) -> Reply:
        """Go back one step."""
        return self._operate(team_id, user_id, lambda state: self.engine.back(state, self._today()))

    def add_another(self, team_id: str, user_id: str, group: str = "initiative") -> Reply:
        """Add one more item of a group (by default another initiative); reopens a
        finished interview, which is scored again when the new item is done."""
        with self.store.interview_transaction(team_id, user_id, self._kind) as tx:
            record = tx.record
            if record is None:
                latest = tx.latest()
                if latest is None or latest.status != "finished":
                    raise NoInterviewError()
                record = self._reopen(tx, latest)
            transition = self.engine.add_another(state_of(record), group, self._today())
            return self._commit(tx, record, transition)

    def pause(self, team_id: str, user_id: str) -> Paused:
        """Pause the open interview (nothing is lost; resume with `start_or_resume`)."""
        with self.store.interview_transaction(team_id, user_id, self._kind) as tx:
            record = tx.record
            if record is None:
                raise NoInterviewError()
            state = self.engine.pause(state_of(record))
            outcome = self.engine.show(state, self._today())
            if not isinstance(outcome, Asked):  # pragma: no cover - open means unanswered steps
                raise NoInterviewError()
            self._commit(tx, record, Transition(state, outcome))
            return Paused(question=outcome.question)

    def restart(self, team_id: str, user_id: str) -> Reply:
        """Start again from the first question; the old interview stays stored."""
        with self.store.interview_transaction(team_id, user_id, self._kind) as tx:
            tx.abandon()
            record = tx.start(self.bank.version)
            state = state_of(record)
            return self._commit(
                tx, record, Transition(state, self.engine.show(state, self._today()))
            )

    def review(self, team_id: str, user_id: str) -> Review | None:
        """Return the answers of the person's latest finished interview by section (what a
        re-assessment starts from), or None before their first finished interview."""
        with self.store.interview_transaction(team_id, user_id, self._kind) as tx:
            latest = tx.latest_finished()
        if latest is None:
            return None
        state = state_of(latest)
        items = self.engine.review(state, self._today())
        finished = latest.finished_at.date() if latest.finished_at else None
        new = self.engine.new_questions(state)
        return Review(finished_at=finished, items=items, new_questions=new)

    def reassess(self, team_id: str, user_id: str, changed: Collection[str] = ()) -> Reply:
        """Start a re-assessment from the latest finished interview's answers: the sections
        in `changed` are asked again, the others kept as they were; with nothing changed it
        is scored at once (a new evaluation, so the history gets a point). An open interview
        is set aside like on restart; the earlier interview and its report stay stored."""
        with self.store.interview_transaction(team_id, user_id, self._kind) as tx:
            latest = tx.latest_finished()
            if latest is None:
                raise NoInterviewError()
            carried = self.engine.carry_over(state_of(latest), changed)
            tx.abandon()
            record = tx.start(self.bank.version)
            answers = tuple(_stored(key, answer) for key, answer in carried.answers.items())
            start = InterviewChange(
                status="active", revisit=None, current_key=None, answers=answers
            )
            tx.apply(start, expected_version=record.version)
            carried_record = tx.record
            assert carried_record is not None  # applied as active: still open
            state = state_of(carried_record)
            return self._commit(
                tx, carried_record, Transition(state, self.engine.show(state, self._today()))
            )

    def set_message_ref(
        self, team_id: str, user_id: str, channel_id: str | None, message_ts: str | None
    ) -> None:
        """Remember where the interview is shown in Slack (opaque strings)."""
        with self.store.interview_transaction(team_id, user_id, self._kind) as tx:
            tx.set_message_ref(channel_id, message_ts)

    def find_open(self, team_id: str, user_id: str) -> OpenInterview | None:
        """Whether the person has an open interview, paused or not, and where it is shown."""
        return open_place(self.store.open_interview(team_id, user_id, self._kind))

    def latest_evaluation(self, team_id: str, user_id: str) -> EvaluationRecord | None:
        """The person's latest stored evaluation (`ReportService` adds the citations)."""
        return self.store.latest_evaluation(team_id, user_id)

    def assessment(self, team_id: str, user_id: str) -> Assessment | None:
        """The Assessment the open interview's answers describe so far."""
        record = self.store.open_interview(team_id, user_id, self._kind)
        return None if record is None else self.engine.assessment(state_of(record))

    # --- helpers -----------------------------------------------------------------------

    def _operate(
        self,
        team_id: str,
        user_id: str,
        operation: Callable[[InterviewState], Transition],
    ) -> Reply:
        with self.store.interview_transaction(team_id, user_id, self._kind) as tx:
            record = tx.record
            if record is None:
                return self._closed(tx)
            state = self.engine.resume(state_of(record))
            return self._commit(tx, record, operation(state))

    def _closed(self, tx: InterviewTransaction) -> Reply:
        """No open interview: a late click on a finished one shows its report again."""
        latest = tx.latest()
        if latest is None or latest.status != "finished":
            raise NoInterviewError()
        if self._scorer is None:
            return Submitted(interview_id=latest.id)
        evaluation = tx.evaluation_of(latest.id)
        if evaluation is None:
            raise NoInterviewError()
        return Finished(interview_id=latest.id, evaluation=evaluation)

    def _reopen(self, tx: InterviewTransaction, finished: InterviewRecord) -> InterviewRecord:
        """Continue a finished interview (to add an item): a new open interview with the
        same answers, so the finished one and its report stay as they were."""
        record = tx.start(self.bank.version)
        answers = tuple(
            StoredAnswer(key=a.key, state=a.state, value=a.value, raw=a.raw, carried=a.carried)
            for a in finished.answers.values()
        )
        change = InterviewChange(status="active", revisit=None, current_key=None, answers=answers)
        tx.apply(change, expected_version=record.version)
        reopened = tx.record
        assert reopened is not None
        return reopened

    def _commit(
        self, tx: InterviewTransaction, record: InterviewRecord, transition: Transition
    ) -> Reply:
        state = transition.state
        answers = tuple(_stored(key, state.answers[key]) for key in transition.written)
        outcome = transition.outcome
        if isinstance(outcome, Completed):
            if self._scorer is None:
                done = InterviewChange(
                    status="finished", revisit=None, current_key=None, answers=answers
                )
                tx.apply(done, expected_version=record.version)
                return Submitted(interview_id=record.id, recorded=outcome.recorded)
            assessment = self.engine.assessment(state)
            scored = self._scorer(assessment)
            change = InterviewChange(
                status="finished",
                revisit=None,
                current_key=None,
                answers=answers,
                evaluation=NewEvaluation(
                    rubric_version=scored.rubric_version,
                    score=scored.score,
                    band=scored.band,
                    maturity_level=scored.maturity_level,
                    confidence=scored.confidence,
                    assessment=assessment.model_dump(mode="json"),
                    evaluation=scored.evaluation,
                ),
            )
            stored = tx.apply(change, expected_version=record.version)
            assert stored is not None
            return Finished(interview_id=record.id, evaluation=stored, recorded=outcome.recorded)
        current_key = outcome.question.id if isinstance(outcome, Asked | Invalid) else None
        unchanged = (
            not answers
            and state.revisit == record.revisit
            and state.status == record.status
            and current_key == record.current_key
        )
        if not unchanged:
            change = InterviewChange(
                status=state.status,
                revisit=state.revisit,
                current_key=current_key,
                answers=answers,
            )
            tx.apply(change, expected_version=record.version)
        return outcome


class Interviews(Protocol):
    """The interview operations the edges (Slack, the terminal) call: `InterviewService`'s
    own, so that adding an operation is a method above and its line here."""

    def start_or_resume(self, team_id: str, user_id: str) -> Reply:
        """Start the person's interview, or resume it where they left off."""
        ...

    def current(self, team_id: str, user_id: str) -> Reply | None:
        """The question the open interview is at; None when none is open."""
        ...

    def answer(self, team_id: str, user_id: str, step_id: str, raw: str) -> Reply:
        """Record an answer to `step_id` if it is the current one."""
        ...

    def skip(self, team_id: str, user_id: str, step_id: str) -> Reply:
        """Skip the current question (optional ones only)."""
        ...

    def back(self, team_id: str, user_id: str) -> Reply:
        """Go back one question."""
        ...

    def pause(self, team_id: str, user_id: str) -> Paused:
        """Pause the interview; everything answered stays stored."""
        ...

    def restart(self, team_id: str, user_id: str) -> Reply:
        """Start again from the first question."""
        ...

    def add_another(self, team_id: str, user_id: str, group: str = "initiative") -> Reply:
        """Add another item of a group (an initiative), also after the report."""
        ...

    def set_message_ref(
        self, team_id: str, user_id: str, channel_id: str | None, message_ts: str | None
    ) -> None:
        """Remember which Slack message shows the interview."""
        ...

    def find_open(self, team_id: str, user_id: str) -> OpenInterview | None:
        """The open interview (paused or not, where it is shown); None when none is open."""
        ...

    def review(self, team_id: str, user_id: str) -> Review | None:
        """The latest finished interview's answers by section (a re-assessment's start)."""
        ...

    def reassess(self, team_id: str, user_id: str, changed: Collection[str] = ()) -> Reply:
        """Start a re-assessment from the latest answers, asking the `changed` sections again."""
        ...


def _stored(key: str, answer: Answer) -> StoredAnswer:
    return StoredAnswer(
        key=key, state=answer.state, value=answer.value, raw=answer.raw, carried=answer.carried
    )


def question_of(reply: Reply) -> QuestionView | None:
    """The question a reply shows, if any."""
    return getattr(reply, "question", None)
