"""Targets said against the baseline typed just before them, and lengths of time kept in
one unit per KPI.

    "30% more"  "up 10%"  "a 20% drop"  "double"  "twice that"  "half that"  "a third less"
    "+15"  "15 more"  "down by 2 hours"  "cut it by 3 days"

A target that states its direction ("reduce to 40") while its number goes the other way
from the baseline is asked about, not stored.

`parse_change` only recognises the wording; `apply_change` needs the baseline, and the
echo says what was computed ("78 contracts (60 + 30%)"). Durations ("2 weeks") become
days past a day and stay in hours or minutes below it, and a target is converted into its
baseline's unit, so "2 weeks" then "1 day" reads 14 -> 1 days, not 2 -> 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.interview.parsing.numbers import replace_number_words, strip_hedges
from bot.interview.parsing.text import comparable
from prompts.formatting import format_number

_MINUTES_IN = {"minutes": 1.0, "hours": 60.0, "days": 24 * 60.0}
_TIME_WORDS = {
    "minutes": ("m", "min", "mins", "minute", "minutes"),
    "hours": ("h", "hr", "hrs", "hour", "hours"),
    "days": ("d", "day", "days", "working days", "business days"),
}
# Units longer than a day are written as days: one KPI then has one unit (the issue's
# "2 weeks" then "1 day" must compare 14 days with 1).
_DAYS_IN = {
    ("w", "wk", "wks", "week", "weeks"): 7.0,
    ("mo", "mos", "mth", "mths", "month", "months"): 365.25 / 12,
    ("y", "yr", "yrs", "year", "years"): 365.25,
}


def time_unit(unit: str) -> tuple[str, float] | None:
    """Return the unit a length of time is kept in ("minutes", "hours" or "days") and the
    factor into it ("weeks" -> ("days", 7)); None when `unit` is not a length of time."""
    word = unit.lower().strip(" .")
    for name, words in _TIME_WORDS.items():
        if word in words:
            return name, 1.0
    for longer, days in _DAYS_IN.items():
        if word in longer:
            return "days", days
    return None


def in_unit(value: float, unit: str, into: str) -> float | None:
    """Return `value` `unit` expressed in `into` when both are lengths of time, else None."""
    found, wanted = time_unit(unit), time_unit(into)
    if found is None or wanted is None:
        return None
    minutes = value * found[1] * _MINUTES_IN[found[0]]
    return minutes / (wanted[1] * _MINUTES_IN[wanted[0]])


_NUM = r"\d+(?:\.\d+)?"
_UP = r"more|higher|up|increase|bigger|extra|rise|growth|jump|over|above|on top"
_DOWN = r"less|fewer|lower|down|decrease|drop|cut|reduction|smaller|fall|off|under|below"
_UP_VERB = r"(?:up|increase|grow|raise|boost|add|plus)(?: it| that)?(?: by)?"
_DOWN_VERB = r"(?:down|decrease|cut|reduce|drop|lower|shave|minus|take off)(?: it| that)?(?: by)?"
_REF = r"it|that|this|them|the number|of (?:it|that|now|today)|as (?:many|much)|now"
_THAT = rf"(?:\s+(?:{_REF}))?"
_FACTORS = {
    "half": 0.5,
    "a half": 0.5,
    "halve": 0.5,
    "halve it": 0.5,
    "double": 2.0,
    "twice": 2.0,
    "triple": 3.0,
    "treble": 3.0,
    "quadruple": 4.0,
}
_FRACTIONS = {"half": 50.0, "a half": 50.0, "a third": 100 / 3, "a quarter": 25.0, "a fifth": 20.0}
_PATTERNS: tuple[tuple[Literal["percent", "offset"], int, re.Pattern[str]], ...] = (
    ("percent", 1, re.compile(rf"^(?:an? )?(?P<n>{_NUM}) ?% (?:{_UP})\b[^\d]*$")),
    ("percent", -1, re.compile(rf"^(?:an? )?(?P<n>{_NUM}) ?% (?:{_DOWN})\b[^\d]*$")),
    ("percent", 1, re.compile(rf"^{_UP_VERB} (?P<n>{_NUM}) ?%$")),
    ("percent", -1, re.compile(rf"^{_DOWN_VERB} (?P<n>{_NUM}) ?%$")),
    ("offset", 1, re.compile(rf"^\+ ?(?P<n>{_NUM}) ?(?P<u>[a-z ]*)$")),
    ("offset", 1, re.compile(rf"^(?P<n>{_NUM}) ?(?P<u>[a-z ]*?) ?(?:more|extra|on top)\b[^\d]*$")),
    ("offset", -1, re.compile(rf"^(?P<n>{_NUM}) ?(?P<u>[a-z ]*?) ?(?:less|fewer)\b[^\d]*$")),
    ("offset", 1, re.compile(rf"^{_UP_VERB} (?P<n>{_NUM}) ?(?P<u>[a-z ]*)$")),
    ("offset", -1, re.compile(rf"^{_DOWN_VERB} (?P<n>{_NUM}) ?(?P<u>[a-z ]*)$")),
)  # fmt: skip


@dataclass(frozen=True)
class Change:
    """A target said as a change of the baseline: a `factor` ("double" = 2), a `percent`
    up or down ("30% more" = 30), or an `offset` in `unit` ("down by 2 hours" = -2)."""

    kind: Literal["factor", "percent", "offset"]
    amount: float
    unit: str = ""


def parse_change(text: str) -> Change | None:
    """Return the change `text` describes, or None when it names a value of its own."""
    plain = re.sub(r"\s+", " ", strip_hedges(comparable(text)).replace("per cent", "%"))
    plain = plain.replace("percent", "%")
    plain = re.sub(r"\s+(?:than (?:now|today|that|it|before)|from (?:now|today))$", "", plain)
    for word, factor in _FACTORS.items():
        if re.fullmatch(rf"{word}{_THAT}", plain):
            return Change("factor", factor)
    if times := re.fullmatch(rf"(?P<n>{_NUM}|two|three|four|five|ten) times{_THAT}", plain):
        return Change("factor", float(replace_number_words(times["n"])))
    for words, share in _FRACTIONS.items():
        if re.fullmatch(rf"{words} (?:{_UP})(?: again)?", plain):
            return Change("percent", share)
        if re.fullmatch(rf"{words} (?:{_DOWN})", plain):
            return Change("percent", -share)
    plain = replace_number_words(plain)
    for kind, sign, pattern in _PATTERNS:
        if match := pattern.match(plain):
            unit = match.groupdict().get("u") or ""
            return Change(kind, sign * float(match["n"]), unit.strip())
    return None


@dataclass(frozen=True)
class Applied:
    """A target computed from its baseline, with the sum that produced it for the echo."""

    value: float
    working: str


def apply_change(change: Change, baseline: float, unit: str) -> Applied | None:
    """Return the target `change` makes of `baseline` (kept in `unit`), or None when the
    change's own unit cannot be put in the baseline's ("2 hours" off a count)."""
    base = format_number(baseline)
    if change.kind == "factor":
        return Applied(baseline * change.amount, f"{base} × {format_number(change.amount)}")
    if change.kind == "percent":
        sign = "+" if change.amount >= 0 else "−"
        share = format_number(abs(change.amount), decimals=1)
        return Applied(baseline * (1 + change.amount / 100), f"{base} {sign} {share}%")
    amount = change.amount
    if change.unit and unit and change.unit != unit:
        converted = in_unit(amount, change.unit, unit)
        if converted is None:
            return None
        amount = converted
    sign = "+" if amount >= 0 else "−"
    return Applied(baseline + amount, f"{base} {sign} {format_number(abs(amount))}")


_STATED = re.compile(
    r"^(?:(?P<up>increase|grow|raise|boost|get (?:it |that )?up|go up|rise|climb)|"
    r"(?P<down>reduce|cut|lower|decrease|bring (?:it |that )?down|get (?:it |that )?down|"
    r"go down|drop|fall|shrink))(?: it| that| this)? to (?P<rest>.+)$"
)


def stated_direction(text: str) -> tuple[Literal["up", "down"], str] | None:
    """Return the direction a target states ("reduce to 3 days" -> down) and the value
    that follows it, or None when the wording states none."""
    match = _STATED.match(comparable(text))
    if match is None:
        return None
    return ("up" if match["up"] else "down"), match["rest"]
