"""Examples that fit the question they are shown with.

A bank question's example is fixed text, but some questions measure whatever the person
named just before: "What is {kpi} today?" needs "60 contracts" for a contract count, "3
days" for a turnaround time, "12%" for a conversion rate and "€80,000" for revenue, never
one example for all. `measure_example(rules, name, currency)` picks it from the words of
that name with the bank's `measure_examples` rules (data, in `prompts/interview.yaml`).

Two more fixes keep an example answerable whatever the day and the earlier answers: a date
example for a future deadline never names a date already past (`future_example`), and a
count limited by an earlier total never exceeds it (`capped_example`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from bot.interview.parsing.relative import time_unit
from prompts.formatting import format_money, format_number

_WORD = re.compile(r"[a-z%]+")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"^\d+$")
# What a count's name says around the thing counted: "number of contracts per month".
_COUNT_PREFIX = re.compile(r"^(?:the\s+)?(?:number|no\.?|count|total|amount)\s+of\s+")
_COUNT_SUFFIX = re.compile(r"\s+(?:per|a|an|each|every)\s+\S+$|\s*/\s*\S+$")
# A count's noun ends where the name goes on to say which ones: "calls answered within…".
_QUALIFIER = re.compile(r"\s+(?:within|in|from|by|for|to|with|of|that|which|on|at|per)\s.*$")
MAX_NOUN_WORDS = 3
DEFAULT_TIME_UNIT = "days"


class MeasureExample(BaseModel):
    """One rule: a name using any of `words` (all of them for a phrase) gets `example`.
    The example may hold `{amount}` (`amount` in the interview's currency), `{time}` (the
    length-of-time word the name uses, else days) and `{noun}` (the name itself, as the
    unit of a count). A rule without words matches every name: the last one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    words: tuple[Annotated[str, Field(min_length=1, max_length=40)], ...] = ()
    example: Annotated[str, Field(min_length=1, max_length=60)]
    amount: float | None = None

    def matches(self, words: Sequence[str]) -> bool:
        """True when the name's `words` hold one of this rule's words or phrases."""
        if not self.words:
            return True
        text = f" {' '.join(words)} "
        return any(f" {cue.lower()} " in text for cue in self.words)


def _measured(name: str) -> str:
    """The name without what only says how often ("Orders per week" -> "orders"), so
    "week" there does not make a count look like a length of time."""
    text = " ".join(name.lower().split()).strip(" .?!")
    return _COUNT_SUFFIX.sub("", _COUNT_PREFIX.sub("", text))


def _noun(name: str) -> str:
    """The thing a count counts, from its name: "Number of contracts per month" ->
    "contracts", "Calls answered within 2 rings" -> "calls answered"; at most
    `MAX_NOUN_WORDS` words."""
    text = _QUALIFIER.sub("", _measured(name))
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    return " ".join(words[:MAX_NOUN_WORDS])


def _time(words: Sequence[str]) -> str:
    for word in words:
        found = time_unit(word)
        if found is not None and len(word) > 2:
            return word if word.endswith("s") else word + "s"
    return DEFAULT_TIME_UNIT


def measure_example(rules: Sequence[MeasureExample], name: str, currency: str) -> str | None:
    """Return the example for a number measuring `name` (a KPI's or metric's name) in the
    interview's `currency`: the first rule whose words the name uses. None when no rule
    matches or the name leaves a count without a noun."""
    words = _WORD.findall(_measured(name))
    for rule in rules:
        if not rule.matches(words):
            continue
        noun = _noun(name)
        if "{noun}" in rule.example and not noun:
            return None
        amount = format_money(rule.amount or 0, currency) if rule.amount is not None else ""
        return rule.example.format(amount=amount, time=_time(words), noun=noun)
    return None


def future_example(example: str, today: date) -> str:
    """`example` with any ISO date in it moved to 30 June of next year, so an example for
    a future deadline is never a date already past."""
    return _ISO_DATE.sub(date(today.year + 1, 6, 30).isoformat(), example)


def capped_example(example: str, at_most: float | None) -> str:
    """A count's example no larger than the total given earlier (`at_most`): half of it."""
    if at_most is None or not _NUMBER.match(example) or float(example) <= at_most:
        return example
    return format_number(float(int(at_most // 2)))
