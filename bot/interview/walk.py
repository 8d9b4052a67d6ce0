"""Which steps an interview shows, in order, given the answers so far.

`walk(bank, answers)` lays out the visible steps: the bank's questions whose conditions
hold, each repeated group once per item (an item whose naming question is "don't know" or
skipped ends its group), and after each named item the "add another?" prompt while the
group is below its maximum. With `estimate=True` unanswered questions are assumed to be
answered the ordinary way (items named, gates closed, no extra items): that is the "about
N" of the progress line and the basis of the time estimate.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from bot.interview.answers import ANSWER_TYPES
from bot.interview.bank import Condition, Group, Placed, Question, QuestionBank, Section
from bot.interview.state import Answer, step_key

# A group's "add another?" prompt is a one-click yes/no.
ANOTHER_SECONDS = 5


@dataclass(frozen=True)
class Step:
    """One step of the interview: a bank question in an item (`path` holds the item
    numbers of the enclosing groups), or the "add another?" prompt of a group item."""

    key: str
    section: Section
    path: tuple[int, ...]
    placed: Placed | None = None
    group: Group | None = None  # set for "another" prompts

    @property
    def is_another(self) -> bool:
        """True for a group's "add another?" prompt."""
        return self.group is not None

    @property
    def type(self) -> str:
        """The step's answer type ("another" prompts are yes/no gates)."""
        return "gate" if self.placed is None else self.placed.question.type

    @property
    def seconds(self) -> int:
        """The time a busy owner needs for this step."""
        if self.placed is None:
            return ANOTHER_SECONDS
        return ANSWER_TYPES[self.placed.question.type].seconds


def another_key(group: Group, path: tuple[int, ...]) -> str:
    """Return the key of a group item's "add another?" prompt."""
    return step_key(f"{group.group}.another", path)


def scoped_key(bank: QuestionBank, question_id: str, path: tuple[int, ...]) -> str:
    """Return the key of `question_id` as seen from a step at `path`: the item of each
    group the two share."""
    depth = len(bank.question(question_id).groups)
    return step_key(question_id, path[:depth])


def _first(group: Group) -> Question:
    first = group.items[0]
    assert isinstance(first, Question)  # the bank loader guarantees it
    return first


class _Walker:
    def __init__(self, bank: QuestionBank, answers: Mapping[str, Answer], estimate: bool) -> None:
        self.bank = bank
        self.answers = answers
        self.estimate = estimate

    def answer(self, question_id: str, path: tuple[int, ...]) -> Answer | None:
        return self.answers.get(scoped_key(self.bank, question_id, path))

    def holds(self, condition: Condition, path: tuple[int, ...]) -> bool:
        if condition.any is not None:
            return any(self.holds(c, path) for c in condition.any)
        if condition.exists is not None:
            return self.exists(condition.exists)
        answer = self.answer(condition.question or "", path)
        if condition.known is not None:
            if answer is None:
                return condition.known if self.estimate else False
            return answer.known == condition.known
        if answer is None or not answer.known:
            return False
        # A multi question's answer is its picks: the condition holds when one of them is.
        picked = answer.value if isinstance(answer.value, list | tuple) else [answer.value]
        return any(value in (condition.is_ or ()) for value in picked)

    def exists(self, group_name: str) -> bool:
        key_id = _first(self.bank.group(group_name)).id + "#"
        named = any(k.startswith(key_id) and a.known for k, a in self.answers.items())
        if named:
            return True
        if not self.estimate:
            return False
        return not any(k.startswith(key_id) for k in self.answers)

    def named(self, group: Group, path: tuple[int, ...]) -> bool:
        answer = self.answers.get(step_key(_first(group).id, path))
        if answer is None:
            return self.estimate
        return answer.known

    def steps(
        self, section: Section, items: tuple[Question | Group, ...], path: tuple[int, ...]
    ) -> Iterator[Step]:
        for item in items:
            if isinstance(item, Question):
                placed = self.bank.question(item.id)
                if all(self.holds(c, path) for c in item.when):
                    yield Step(
                        key=step_key(item.id, path), section=section, path=path, placed=placed
                    )
                continue
            yield from self.group_steps(section, item, path)

    def group_steps(self, section: Section, group: Group, path: tuple[int, ...]) -> Iterator[Step]:
        n = 1
        while True:
            item_path = (*path, n)
            if not self.named(group, item_path):
                yield from self.steps(section, group.items[:1], item_path)
                return
            yield from self.steps(section, group.items, item_path)
            if n >= group.max:
                return
            yield Step(
                key=another_key(group, item_path), section=section, path=item_path, group=group
            )
            more = self.answers.get(another_key(group, item_path))
            if more is None or more.value != "yes":
                return
            n += 1


def walk(
    bank: QuestionBank, answers: Mapping[str, Answer], *, estimate: bool = False
) -> list[Step]:
    """Return the interview's visible steps in order (see the module docstring)."""
    walker = _Walker(bank, answers, estimate)
    return [step for section in bank.sections for step in walker.steps(section, section.items, ())]


def estimated_seconds(steps: list[Step]) -> int:
    """Return how long a busy owner needs for these steps."""
    return sum(step.seconds for step in steps)
