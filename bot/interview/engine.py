"""The interview as a state machine: pure functions from (state, input) to (state, outcome).

No I/O and no clock: `today` is passed in, the store is the caller's business
(`bot.interview.service` wires both). Operations::

    engine.show(state, today)                      -> Asked | Completed
    engine.answer(state, step_id, raw, today)      -> Transition
    engine.skip(state, step_id, today)             -> Transition   (optional questions)
    engine.back(state, today)                      -> Transition
    engine.add_another(state, group, today)        -> Transition   ("objective", "initiative")
    engine.pause(state) / engine.resume(state)     -> InterviewState
    engine.assessment(state)                       -> Assessment
    engine.review(state, today) / carry_over(state, changed)   a re-assessment's start

An answer names the step it answers (`QuestionView.id`). An answer to any other step is
not recorded: the same answer again (a double click, a retried request) changes nothing,
and a different one gets "That question was already answered" with the current question.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from bot.interview.answers import (
    AnswerContext,
    Parsed,
    existing_display,
    parse_answer,
)
from bot.interview.assessment import build_from_steps, build_target
from bot.interview.bank import PLACEHOLDER, Group, Option, QuestionBank
from bot.interview.errors import AnswerError, InterviewStateError
from bot.interview.examples import measure_example
from bot.interview.parsing.choices import parse_tri
from bot.interview.parsing.numbers import Quantity
from bot.interview.parsing.text import MAX_ANSWER_CHARS, clean
from bot.interview.state import Answer, AnswerState, InterviewState, step_key
from bot.interview.types import NONE_ID
from bot.interview.views import (
    Asked,
    Completed,
    Invalid,
    NewQuestions,
    OptionView,
    Outcome,
    Progress,
    QuestionView,
    Recorded,
    ReviewItem,
)
from bot.interview.walk import Step, another_key, scoped_key, walk
from evaluators.models import Assessment

ALREADY_ANSWERED = "That question was already answered; here is the current one."
NOT_IN_INTERVIEW = "That question is not part of your interview any more; here is the current one."
FIRST_QUESTION = "This is the first question; there is nothing to go back to."
LABEL_CHARS = 60


@dataclass(frozen=True)
class Transition:
    """The result of an operation: the new state, what to show, and the answer keys that
    changed (what the store must write)."""

    state: InterviewState
    outcome: Outcome
    written: tuple[str, ...] = ()


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class InterviewEngine:
    """The interview over one question bank (see the module docstring)."""

    def __init__(self, bank: QuestionBank) -> None:
        self.bank = bank

    # --- where are we ------------------------------------------------------------------

    def steps(self, state: InterviewState) -> list[Step]:
        """The visible steps for the state's answers, in order."""
        return walk(self.bank, state.answers)

    def current(self, state: InterviewState, steps: list[Step] | None = None) -> Step | None:
        """The step to show: the one being revisited, else the first unanswered one; None
        when every step is answered."""
        steps = self.steps(state) if steps is None else steps
        if state.revisit is not None:
            for step in steps:
                if step.key == state.revisit:
                    return step
        for step in steps:
            if step.key not in state.answers:
                return step
        return None

    def show(self, state: InterviewState, today: date, notice: str | None = None) -> Outcome:
        """The current question (or Completed when there is none)."""
        steps = self.steps(state)
        step = self.current(state, steps)
        if step is None:
            return Completed()
        return Asked(question=self._view(state, steps, step, today), notice=notice)

    def review(self, state: InterviewState, today: date) -> tuple[ReviewItem, ...]:
        """Every answered step of `state` (an earlier interview) in order, with its section,
        question and answer as they read: what a re-assessment asks to confirm."""
        steps = self.steps(state)
        items = []
        for step in steps:
            if step.key not in state.answers or step.is_another:
                continue
            view = self._view(state, steps, step, today)
            items.append(
                ReviewItem(
                    section_id=step.section.id,
                    section=step.section.title,
                    question=view.text,
                    answer=view.current_answer or "",
                )
            )
        return tuple(items)

    def carry_over(self, state: InterviewState, changed: Collection[str]) -> InterviewState:
        """Return a fresh state holding the answers of `state`, marked carried (not asked
        again), except those in the sections `changed` (asked again) and those no visible
        step holds any more."""
        kept = {
            step.key: state.answers[step.key].model_copy(update={"carried": True})
            for step in self.steps(state)
            if step.key in state.answers and step.section.id not in changed
        }
        return InterviewState(answers=kept)

    def new_questions(self, state: InterviewState) -> tuple[NewQuestions, ...]:
        """Return, section by section, the questions a re-assessment from `state` asks
        whatever is ticked: those the bank has added (or made visible) since, which have no
        earlier answer to keep."""
        carried = self.carry_over(state, ())
        counts: dict[str, NewQuestions] = {}
        for step in self.steps(carried):
            if step.key in carried.answers:
                continue
            seen = counts.get(step.section.id)
            counts[step.section.id] = NewQuestions(
                section_id=step.section.id,
                section=step.section.title,
                count=1 if seen is None else seen.count + 1,
            )
        return tuple(counts.values())

    def assessment(self, state: InterviewState) -> Assessment:
        """The Assessment the answers describe."""
        return build_from_steps(self.bank, self.steps(state), state.answers)

    # --- operations --------------------------------------------------------------------

    def answer(self, state: InterviewState, step_id: str, raw: str, today: date) -> Transition:
        """Record `raw` as the answer to `step_id` if that is the current step."""
        steps = self.steps(state)
        step = self.current(state, steps)
        if step is None or step.key != step_id:
            return self._not_current(state, steps, step, step_id, raw, today=today)
        try:
            parsed = self._parse(state, step, raw, today)
        except AnswerError as exc:
            return Transition(state, self._invalid(state, steps, step, today, exc))
        answer = Answer(state=_state(parsed), value=parsed.value, raw=_keep(raw))
        new = state.with_answer(step.key, answer)
        new_steps = self.steps(new)
        try:
            build_target(self.bank, new_steps, new.answers)
        except ValidationError:
            error = AnswerError(
                "That answer contradicts an earlier one; please check both.",
                self._context(state, step, today).example if step.placed else "yes",
            )
            return Transition(state, self._invalid(state, steps, step, today, error))
        recorded = Recorded(question_id=_question_id(step), display=parsed.display)
        return Transition(new, self._next(new, new_steps, today, recorded), (step.key,))

    def skip(self, state: InterviewState, step_id: str, today: date) -> Transition:
        """Pass over the current step: keep its answer when revisiting, "no" for an
        add-another prompt, else record it as skipped (optional questions only)."""
        steps = self.steps(state)
        step = self.current(state, steps)
        if step is None or step.key != step_id:
            return self._not_current(state, steps, step, step_id, None, today=today)
        if state.revisit == step.key and step.key in state.answers:
            index = steps.index(step)
            following = steps[index + 1] if index + 1 < len(steps) else None
            revisit = following.key if following and following.key in state.answers else None
            new = state.model_copy(update={"revisit": revisit})
            return Transition(new, self.show(new, today))
        if step.is_another:
            return self.answer(state, step_id, "no", today)
        assert step.placed is not None
        if step.placed.question.required:
            reason = (
                "This one can't be skipped; answer “Don't know” if you are not sure."
                if step.placed.unknown_allowed
                else "This one is needed to go on; give your best guess."
            )
            error = AnswerError(reason, self._context(state, step, today).example)
            return Transition(state, self._invalid(state, steps, step, today, error))
        new = state.with_answer(step.key, Answer(state="skipped"))
        recorded = Recorded(question_id=step.placed.id, display="skipped")
        return Transition(new, self._next(new, self.steps(new), today, recorded), (step.key,))

    def back(self, state: InterviewState, today: date) -> Transition:
        """Go back one step (its answer is kept until it is answered again)."""
        steps = self.steps(state)
        step = self.current(state, steps)
        index = steps.index(step) if step is not None else len(steps)
        if index == 0:
            return Transition(state, self.show(state, today, notice=FIRST_QUESTION))
        target = steps[index - 1]
        new = state.model_copy(update={"revisit": target.key, "status": "active"})
        return Transition(new, self.show(new, today))

    def add_another(self, state: InterviewState, group_name: str, today: date) -> Transition:
        """Open one more item of a top-level group (another initiative or objective)."""
        try:
            group = self.bank.group(group_name)
        except KeyError:
            raise InterviewStateError(f"There is no {group_name!r} to add.") from None
        if group.collection.count("[]"):
            raise InterviewStateError(f"A {group.group} is added from inside its parent item.")
        steps = self.steps(state)
        key_id = _key_question_id(group)
        numbers = [s.path[0] for s in steps if s.placed is not None and s.placed.id == key_id]
        if not numbers:
            return Transition(state, self.show(state, today))
        last = max(numbers)
        last_answer = state.answers.get(step_key(key_id, (last,)))
        if last_answer is None or not last_answer.known:
            return Transition(state, self.show(state, today))
        if last >= group.max:
            raise InterviewStateError(
                f"You already have the maximum of {group.max} {group.title}s."
            )
        key = another_key(group, (last,))
        more = Answer(state="answered", value="yes", raw="add another")
        new = state.with_answer(key, more).model_copy(update={"status": "active"})
        return Transition(new, self.show(new, today), (key,))

    def pause(self, state: InterviewState) -> InterviewState:
        """The state, paused (nothing else changes)."""
        return state.model_copy(update={"status": "paused"})

    def resume(self, state: InterviewState) -> InterviewState:
        """The state, active again."""
        return state.model_copy(update={"status": "active"})

    # --- helpers -----------------------------------------------------------------------

    def _next(
        self, state: InterviewState, steps: list[Step], today: date, recorded: Recorded
    ) -> Outcome:
        step = self.current(state, steps)
        if step is None:
            return Completed(recorded=recorded)
        return Asked(question=self._view(state, steps, step, today), recorded=recorded)

    def _not_current(
        self,
        state: InterviewState,
        steps: list[Step],
        current: Step | None,
        step_id: str,
        raw: str | None,
        *,
        today: date,
    ) -> Transition:
        previous = state.answers.get(step_id)
        target = next((s for s in steps if s.key == step_id), None)
        notice: str | None = ALREADY_ANSWERED if previous is not None else NOT_IN_INTERVIEW
        if previous is not None and target is not None and raw is not None:
            try:
                again = self._parse(state, target, raw, today)
            except AnswerError:
                again = None
            if (
                again is not None
                and again.value == previous.value
                and _state(again) == previous.state
            ):
                notice = None  # the same answer twice: a double click, already recorded
        if current is None:
            return Transition(state, Completed())
        return Transition(
            state, Asked(question=self._view(state, steps, current, today), notice=notice)
        )

    def _invalid(
        self, state: InterviewState, steps: list[Step], step: Step, today: date, error: AnswerError
    ) -> Invalid:
        return Invalid(
            question=self._view(state, steps, step, today),
            message=error.message,
            example=error.example,
        )

    def _parse(self, state: InterviewState, step: Step, raw: str, today: date) -> Parsed:
        if step.placed is None:
            value = parse_tri(clean(raw), allow_partly=False, example="yes")
            return Parsed("answered", value, "Yes" if value == "yes" else "No")
        return parse_answer(self._context(state, step, today), raw)

    def _context(self, state: InterviewState, step: Step, today: date) -> AnswerContext:
        placed = step.placed
        assert placed is not None
        at_most: float | None = None
        if placed.question.at_most:
            limit = state.answers.get(scoped_key(self.bank, placed.question.at_most, step.path))
            if limit is not None and limit.known and isinstance(limit.value, int | float):
                at_most = float(limit.value)
        return AnswerContext(
            placed=placed,
            options=self._options(state, step),
            today=today,
            currency=self._currency(state),
            at_most=at_most,
            baseline=self._baseline(state, step),
            measure_example=self._measure_example(state, step),
        )

    def _measure_example(self, state: InterviewState, step: Step) -> str | None:
        """The example that fits what a number measures (its KPI's or metric's name)."""
        assert step.placed is not None
        named = step.placed.question.measures
        answer = state.answers.get(scoped_key(self.bank, named, step.path)) if named else None
        if answer is None or not answer.known or not isinstance(answer.value, str):
            return None
        return measure_example(self.bank.measure_examples, answer.value, self._currency(state))

    def _baseline(self, state: InterviewState, step: Step) -> Quantity | None:
        """The baseline a target is read against ("30% more" of it), when one was given."""
        assert step.placed is not None
        earlier = step.placed.question.relative_to
        answer = state.answers.get(scoped_key(self.bank, earlier, step.path)) if earlier else None
        if answer is None or not answer.known:
            return None
        value = answer.value
        if isinstance(value, dict):
            number, unit = value.get("value"), str(value.get("unit") or "")
        else:
            number, unit = value, ""
        return Quantity(float(number), unit=unit) if isinstance(number, int | float) else None

    def _currency(self, state: InterviewState) -> str:
        answer = state.answers.get("business.currency")
        if answer is not None and answer.known and isinstance(answer.value, str):
            return answer.value
        return "USD"

    def _options(self, state: InterviewState, step: Step) -> tuple[Option, ...]:
        placed = step.placed
        if placed is None:
            return (Option(id="yes", label="Yes"), Option(id="no", label="No"))
        source = placed.question.options_from
        if source is None:
            return placed.options()
        group = self.bank.group(source)
        key_id = _key_question_id(group)
        found: list[tuple[int, Option]] = []
        for key, answer in state.answers.items():
            question_id, _, number = key.partition("#")
            if question_id == key_id and answer.known and number.isdigit():
                label = _short(str(answer.value), 75)
                found.append((int(number), Option(id=f"{group.id_prefix}{number}", label=label)))
        options = [option for _, option in sorted(found, key=lambda pair: pair[0])]
        options.append(Option(id=NONE_ID, label=placed.question.none_label or "None of them"))
        return tuple(options)

    def _names(self, state: InterviewState, step: Step) -> dict[str, str]:
        """The names of the items enclosing a step ({"initiative": "CRM", …}), as known."""
        names: dict[str, str] = {}
        for depth, group in enumerate(self._groups_of(step), start=1):
            answer = state.answers.get(step_key(_key_question_id(group), step.path[:depth]))
            if answer is not None and answer.known:
                names[group.group] = _short(str(answer.value))
        return names

    def _groups_of(self, step: Step) -> tuple[Group, ...]:
        if step.group is not None:
            return (*self._enclosing(step.group), step.group)
        return step.placed.groups if step.placed is not None else ()

    def _enclosing(self, group: Group) -> tuple[Group, ...]:
        for placed in self.bank.placed():
            if group in placed.groups:
                return placed.groups[: placed.groups.index(group)]
        return ()

    def _view(
        self, state: InterviewState, steps: list[Step], step: Step, today: date
    ) -> QuestionView:
        names = self._names(state, step)

        def fill(text: str) -> str:
            return PLACEHOLDER.sub(
                lambda m: names.get(m.group(1)) or f"this {self.bank.group(m.group(1)).title}",
                text,
            )

        index = steps.index(step)
        estimate = walk(self.bank, state.answers, estimate=True)
        remaining = [s for s in estimate if s.key not in state.answers]
        # A re-assessment asks only what was not carried over: count those, so that its
        # progress reads "3 of 7", not "3 of 52" (a plain interview carries nothing).
        asked = [s for s in estimate if not _carried(state, s)]
        number = sum(1 for s in steps[:index] if not _carried(state, s)) + 1
        progress = Progress(
            number=number,
            total=max(len(asked), number),
            section=step.section.title,
            item=self._item_label(state, step),
            minutes_left=max(1, math.ceil(sum(s.seconds for s in remaining) / 60)),
        )
        existing = state.answers.get(step.key)
        if step.placed is None:
            assert step.group is not None
            return QuestionView(
                id=step.key,
                question_id=f"{step.group.group}.another",
                type="gate",
                text=f"{fill(step.group.another.text)} {self._cost_of_yes(state, step, estimate)}",
                help=step.group.another.help,
                options=(OptionView(id="yes", label="Yes"), OptionView(id="no", label="No")),
                required=False,
                unknown_allowed=False,
                can_back=index > 0,
                can_skip=True,
                example="yes or no",
                current_answer=None
                if existing is None
                else ("Yes" if existing.value == "yes" else "No"),
                progress=progress,
            )
        placed = step.placed
        q = placed.question
        context = self._context(state, step, today)
        revisiting = existing is not None and state.revisit == step.key
        unit_hint = None
        if q.type == "money":
            unit_hint = f"in {context.currency}" + (", per year" if q.per == "year" else "")
        return QuestionView(
            id=step.key,
            question_id=q.id,
            type=q.type,
            text=fill(q.text),
            help=q.help,
            options=tuple(OptionView(id=o.id, label=o.label) for o in context.options),
            numbered=not any(o.range for o in context.options),
            scale=(q.scale_min, q.scale_max) if q.type == "scale" else None,
            unit_hint=unit_hint,
            required=q.required,
            unknown_allowed=placed.unknown_allowed,
            unknown_label=q.unknown_label if placed.unknown_allowed else None,
            can_back=index > 0,
            can_skip=revisiting or not q.required,
            example=context.example,
            current_answer=(
                existing_display(context, existing.value, existing.state) if existing else None
            ),
            progress=progress,
        )

    def _cost_of_yes(self, state: InterviewState, step: Step, estimate: list[Step]) -> str:
        """What answering yes to an "add another?" prompt adds to the interview, so the
        progress count growing after it is no surprise."""
        more = state.with_answer(step.key, Answer(state="answered", value="yes"))
        before = {s.key for s in estimate}
        added = [s for s in walk(self.bank, more.answers, estimate=True) if s.key not in before]
        minutes = max(1, round(sum(s.seconds for s in added) / 60))
        return f"Yes adds about {len(added)} questions ({minutes} min)."

    def _item_label(self, state: InterviewState, step: Step) -> str | None:
        """ "initiative 1 (CRM), KPI 2" for a step inside items; None outside."""
        names = self._names(state, step)
        parts = []
        for depth, group in enumerate(self._groups_of(step), start=1):
            name = names.get(group.group)
            named = f" ({_short(name, 40)})" if name else ""
            parts.append(f"{group.title} {step.path[depth - 1]}{named}")
        return ", ".join(parts) or None


def _carried(state: InterviewState, step: Step) -> bool:
    answer = state.answers.get(step.key)
    return answer is not None and answer.carried


def _key_question_id(group: Group) -> str:
    first = group.items[0]
    return first.id if not isinstance(first, Group) else ""


def _question_id(step: Step) -> str:
    if step.placed is not None:
        return step.placed.id
    assert step.group is not None
    return f"{step.group.group}.another"


def _state(parsed: Parsed) -> AnswerState:
    return "unknown" if parsed.state == "unknown" else "answered"


def _keep(raw: str) -> str:
    return raw.strip()[:MAX_ANSWER_CHARS]
