"""Turning what someone typed or clicked into a stored answer, for one question.

`parse_answer(context, raw) -> Parsed` picks the parser for the question's type, applies
the question's own rules (a deadline in the future, at most the total given earlier, the
business currency, a yearly amount) and checks the value against the Assessment field's
constraints. Failures raise `AnswerError`: one sentence on what is expected, plus an
example; the engine asks the same question again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from bot.interview.errors import AnswerError
from bot.interview.examples import capped_example, future_example
from bot.interview.fields import check_value
from bot.interview.parsing.choices import Choice, parse_choice, parse_multi, parse_tri
from bot.interview.parsing.dates import parse_date, parse_duration
from bot.interview.parsing.numbers import (
    PERIODS_PER_YEAR,
    Quantity,
    currency_matches,
    parse_measure,
    parse_money,
    parse_percent,
    parse_scale,
)
from bot.interview.parsing.relative import (
    Change,
    apply_change,
    in_unit,
    parse_change,
    stated_direction,
    time_unit,
)
from bot.interview.parsing.text import (
    clean,
    comparable,
    is_not_applicable,
    is_unknown,
    parse_list,
    parse_text,
)
from bot.interview.types import NONE_ID, NOT_APPLICABLE_OPTION, UNKNOWN_ID, QuestionType
from prompts.formatting import format_date, format_money, format_number, format_quantity

if TYPE_CHECKING:
    from bot.interview.bank import Option, Placed

RANGED_CHOICE_EXAMPLE = "a number such as 12, or an option's name"


@dataclass(frozen=True)
class AnswerContext:
    """Everything a question's parser needs beyond the text: the question, its options
    for this interview, today's date, the business currency, any upper limit, for a
    target the baseline given before it (value and unit), and for a number measuring
    something named earlier the example that fits that name (`bot.interview.examples`)."""

    placed: Placed
    options: tuple[Option, ...]
    today: date
    currency: str = "USD"
    at_most: float | None = None
    baseline: Quantity | None = None
    measure_example: str | None = None

    @property
    def kind(self) -> QuestionType:
        """The answer type to parse."""
        return self.placed.question.type

    @property
    def example(self) -> str:
        """An example of a valid answer, in this question's unit. A target's is said
        against its baseline; a measured number's fits the name of what it measures; a
        future date's is never past; a count never passes its earlier total. Options that
        are ranges of a count ("2 to 9") are not numbered, so their example is a count, not
        an option's number; a multiple choice's example picks only options that exist."""
        if self.baseline is not None:
            return _target_example(self.baseline)
        if self.measure_example is not None or self.placed.question.example:
            return self.measure_example or self._fitted(self.placed.question.example or "")
        if self.kind == "choice" and any(o.range for o in self.options):
            return RANGED_CHOICE_EXAMPLE
        if self.kind == "multi":
            picks = sum(1 for o in self.options if o.id not in (NONE_ID, UNKNOWN_ID))
            if picks >= 3:
                return ANSWER_TYPES["multi"].example
            return " and ".join(map(str, range(1, picks + 1))) or "none"
        return ANSWER_TYPES[self.kind].example

    def _fitted(self, example: str) -> str:
        """The bank's example made to fit today and the earlier answers."""
        if self.placed.question.future:
            return future_example(example, self.today)
        return capped_example(example, self.at_most)


@dataclass(frozen=True)
class Parsed:
    """A parsed answer: `state` and JSON `value` to store, `display` to echo back."""

    state: str  # "answered" or "unknown"
    value: Any
    display: str


def _choices(options: tuple[Option, ...]) -> list[Choice]:
    return [Choice(id=o.id, label=o.label, aliases=o.aliases, range=o.range) for o in options]


def _unknown(context: AnswerContext) -> Parsed:
    if not context.placed.unknown_allowed:
        what = "an answer" if context.kind != "text" else "a short name"
        raise AnswerError(f"This one needs {what} to go on; give your best guess.", context.example)
    return Parsed("unknown", None, context.placed.question.unknown_label)


def parse_answer(context: AnswerContext, raw: str) -> Parsed:
    """Return the stored form of `raw` for the context's question (see module docstring)."""
    text = clean(raw)
    kind = context.kind
    unknown_label = comparable(context.placed.question.unknown_label)
    # "n/a" is "don't know" elsewhere, its own answer where the question offers it.
    if context.placed.question.not_applicable and is_not_applicable(text):
        option_id = NOT_APPLICABLE_OPTION[0]
        return Parsed("answered", option_id, _label(context, option_id))
    if kind != "gate" and (is_unknown(text) or comparable(text) == unknown_label):
        return _unknown(context)
    parsed = ANSWER_TYPES[kind].parse(context, text)
    spec = context.placed.field
    if spec is not None and parsed.state == "answered":
        _check_field(context, parsed.value)
    return parsed


def _check_field(context: AnswerContext, value: Any) -> None:
    spec = context.placed.field
    if spec is None:
        return
    if isinstance(value, dict):
        value = value.get("value")
    if ANSWER_TYPES[context.kind].picked:
        return  # options are checked against the field when the bank is loaded
    try:
        check_value(spec, value)
    except ValidationError as exc:
        raise AnswerError(_limit_message(exc), context.example) from None


def _limit_message(exc: ValidationError) -> str:
    """One sentence on which of the field's limits an answer broke."""
    error = exc.errors()[0]
    ctx = error.get("ctx", {})
    if error["type"] == "string_too_long":
        return f"Please keep this under {ctx.get('max_length')} characters."
    if error["type"] in ("less_than_equal", "less_than"):
        limit = format_number(float(ctx.get("le", ctx.get("lt", 0))))
        return f"That is more than this question allows (at most {limit})."
    if error["type"] in ("greater_than_equal", "greater_than"):
        limit = format_number(float(ctx.get("ge", ctx.get("gt", 0))))
        return f"That is less than this question allows (at least {limit})."
    return "That answer does not fit this question."


def _parse_tri(context: AnswerContext, text: str) -> Parsed:
    picked = match_option_or_none(context, text) or _numbered(context, text)
    if picked is not None and picked.id == UNKNOWN_ID:
        return _unknown(context)
    value = picked.id if picked else parse_tri(text, allow_partly=True, example=context.example)
    return Parsed("answered", value, _label(context, value))


def _parse_gate(context: AnswerContext, text: str) -> Parsed:
    value = parse_tri(text, allow_partly=False, example="yes")
    return Parsed("answered", value, "Yes" if value == "yes" else "No")


def match_option_or_none(context: AnswerContext, text: str) -> Option | None:
    """The option whose id was sent back (a button click), else None."""
    for option in context.options:
        if text == option.id:
            return option
    return None


def _numbered(context: AnswerContext, text: str) -> Option | None:
    """The option typed by its number in the list shown ("2" is Partly), else None."""
    plain = comparable(text)
    if plain.isdigit() and 1 <= int(plain) <= len(context.options):
        return context.options[int(plain) - 1]
    return None


def _label(context: AnswerContext, option_id: str) -> str:
    for option in context.options:
        if option.id == option_id:
            return option.label
    return option_id


def _parse_choice(context: AnswerContext, text: str) -> Parsed:
    options = tuple(o for o in context.options if o.id != UNKNOWN_ID)
    clicked = match_option_or_none(context, text)
    if clicked is not None:
        if clicked.id == UNKNOWN_ID:
            return _unknown(context)
        return Parsed("answered", clicked.id, clicked.label)
    numbered = not any(o.range for o in options)
    choice = parse_choice(text, _choices(options), numbered=numbered, example=context.example)
    return Parsed("answered", choice.id, choice.label)


def _parse_multi(context: AnswerContext, text: str) -> Parsed:
    options = context.options
    none_id = NONE_ID if any(o.id == NONE_ID for o in options) else None
    ids = [part.strip() for part in text.split(",")]
    if all(any(i == o.id for o in options) for i in ids) and ids:
        picked_ids = [i for i in ids if i != NONE_ID]
        if NONE_ID in ids and picked_ids:
            raise AnswerError("Pick some options, or answer none, not both.", context.example)
    else:
        chosen = parse_multi(text, _choices(options), none_id=none_id, example=context.example)
        picked_ids = [c.id for c in chosen]
    limit = context.placed.question.max_picks
    if limit is not None and len(picked_ids) > limit:
        raise AnswerError(f"Please pick at most {limit}.", context.example)
    labels = [_label(context, i) for i in picked_ids]
    display = ", ".join(labels) if labels else _label(context, NONE_ID)
    return Parsed("answered", picked_ids, display)


def _parse_scale(context: AnswerContext, text: str) -> Parsed:
    q = context.placed.question
    value = parse_scale(text, low=q.scale_min, high=q.scale_max, example=context.example)
    return Parsed("answered", value, f"{value} out of {q.scale_max}")


def _ranged_note(quantity: Quantity) -> str:
    return " (the middle of your range)" if quantity.ranged else ""


def _parse_money(context: AnswerContext, text: str) -> Parsed:
    quantity = parse_money(text, example=context.example, currency=context.currency)
    if quantity.currency and not currency_matches(quantity.currency, context.currency):
        raise AnswerError(
            f"Amounts in this interview are in {context.currency}; please give this one in "
            f"{context.currency} too.",
            context.example,
        )
    amount = quantity.value
    note = _ranged_note(quantity)
    if context.placed.question.per == "year":
        if quantity.period and quantity.period != "year":
            amount *= PERIODS_PER_YEAR[quantity.period]
            per_period = format_money(quantity.value, context.currency, cents=True)
            note += f" ({per_period} a {quantity.period})"
        display = f"{format_money(amount, context.currency, cents=True)} a year{note}"
    else:
        if quantity.period:
            raise AnswerError(
                "That sounds like a running cost; here give the one-off amount "
                "(running costs are asked separately).",
                context.example,
            )
        display = f"{format_money(amount, context.currency, cents=True)}{note}"
    return Parsed("answered", round(amount, 2), display)


def _parse_percent(context: AnswerContext, text: str) -> Parsed:
    quantity = parse_percent(text, example=context.example)
    return Parsed(
        "answered", quantity.value, f"{format_number(quantity.value)}%{_ranged_note(quantity)}"
    )


def _parse_number(context: AnswerContext, text: str) -> Parsed:
    q = context.placed.question
    stated = None
    if q.relative_to is not None:
        if (change := parse_change(text)) is not None:
            return _relative_target(context, change)
        if (stated := stated_direction(text)) is not None:
            text = stated[1]
    quantity = parse_measure(text, integer=q.integer, example=context.example)
    if context.at_most is not None and quantity.value > context.at_most:
        limit = format_number(context.at_most)
        raise AnswerError(
            f"That is more than the total you gave earlier ({limit}); "
            f"give a number from 0 to {limit}.",
            limit,
        )
    note = _ranged_note(quantity)
    if q.integer:
        return Parsed("answered", int(quantity.value), f"{format_number(quantity.value)}{note}")
    value, unit, converted = _in_kept_unit(context, quantity)
    _refuse_no_change(context, value, unit)
    _refuse_bare_share(context, value, unit)
    if stated is not None:
        _refuse_contradiction(context, stated[0], value, unit)
    shown = format_quantity(value, unit)
    if quantity.currency and quantity.currency not in ("$", "kr"):
        shown = format_money(value, quantity.currency, cents=True)
    elif quantity.currency == "$":
        shown = format_money(value, "USD", cents=True)
    if converted:
        shown += f" ({format_quantity(quantity.value, quantity.unit)})"
    if q.unit_field is None:
        return Parsed("answered", value, shown + note)
    return Parsed("answered", {"value": value, "unit": unit}, shown + note)


def _in_kept_unit(context: AnswerContext, quantity: Quantity) -> tuple[float, str, bool]:
    """The value and unit to store: a length of time in the baseline's unit when there is
    one, else in days past a day ("2 weeks" -> 14 days); True when it was converted."""
    unit = quantity.unit
    kept = time_unit(unit)
    if kept is None:
        return quantity.value, unit, False
    into = context.baseline.unit if context.baseline is not None else kept[0]
    value = in_unit(quantity.value, unit, into)
    if value is None:
        into, value = kept[0], quantity.value * kept[1]
    return round(value, 4), into, into != unit


def _refuse_no_change(context: AnswerContext, value: float, unit: str) -> None:
    """A target equal to its baseline asks for no change: ask again rather than store it."""
    base = context.baseline
    if base is None or value != base.value or (unit and base.unit and unit != base.unit):
        return
    raise AnswerError(
        f"That is the same as today ({format_quantity(base.value, base.unit)}), so it asks for "
        "no change; what value do you want to reach?",
        context.example,
    )


def _refuse_bare_share(context: AnswerContext, value: float, unit: str) -> None:
    """ "20%" for a target whose baseline is 400 orders may mean 20% more or a share of 20%:
    ask rather than store a target in another unit than its baseline."""
    base = context.baseline
    if base is None or unit != "%" or base.unit in ("", "%"):
        return
    more = format_quantity(round(base.value * (1 + value / 100), 2), base.unit)
    share = format_number(value)
    raise AnswerError(
        f"Do you mean {share}% more than today's {format_quantity(base.value, base.unit)} "
        f"({more}), or a target of {share}%? Type “{share}% more”, or the target in "
        f"{base.unit}.",
        f"{share}% more",
    )


def _refuse_contradiction(context: AnswerContext, said: str, value: float, unit: str) -> None:
    """A target that says "reduce" but lies above the baseline (or the other way round)
    could be either: ask which rather than store the direction wrong."""
    base = context.baseline
    if base is None or (unit and base.unit and unit != base.unit):
        return
    if (said == "up") == (value > base.value):
        return
    went = "below" if value < base.value else "above"
    raise AnswerError(
        f"You said {said}, but {format_quantity(value, unit)} is "
        f"{went} today's {format_quantity(base.value, base.unit)}; which value do you want "
        "to reach?",
        context.example,
    )


def _relative_target(context: AnswerContext, change: Change) -> Parsed:
    """A target said against the baseline ("30% more"), computed and echoed with its sum."""
    base = context.baseline
    if base is None:
        raise AnswerError(
            "That is a change from today's value, which was not given; "
            "please give the target itself.",
            context.example,
        )
    applied = apply_change(change, base.value, base.unit)
    if applied is None:
        raise AnswerError(
            f"I could not put {change.unit!r} in {base.unit or 'the baseline'!r}; "
            "please give the target itself.",
            context.example,
        )
    value = round(applied.value, 4)
    if value < 0:
        raise AnswerError(
            "That would take it below zero; please give the target itself.", context.example
        )
    _refuse_no_change(context, value, base.unit)
    shown = f"{format_quantity(value, base.unit)} ({applied.working})"
    if context.placed.question.unit_field is None:
        return Parsed("answered", value, shown)
    return Parsed("answered", {"value": value, "unit": base.unit}, shown)


def _target_example(baseline: Quantity) -> str:
    """An example target that fits the baseline's unit: 20% more (or less, for a length of
    time, which people usually want shorter)."""
    shorter = time_unit(baseline.unit) is not None
    factor, said = (0.8, "20% less") if shorter else (1.2, "20% more")
    if not baseline.value:  # 20% more than nothing is still nothing
        return format_quantity(10, baseline.unit)
    return f"{format_quantity(round(baseline.value * factor, 2), baseline.unit)} (or {said})"


def _parse_duration(context: AnswerContext, text: str) -> Parsed:
    duration = parse_duration(text, example=context.example)
    amount = format_number(duration.amount)
    unit = duration.unit + ("" if duration.amount == 1 else "s")
    display = (
        f"{amount} {unit}"
        if duration.unit == "day"
        else f"{amount} {unit} ({format_number(duration.days)} days)"
    )
    if duration.ranged:
        display += " (the middle of your range)"
    return Parsed("answered", duration.days, display)


def _parse_date(context: AnswerContext, text: str) -> Parsed:
    q = context.placed.question
    found = parse_date(text, today=context.today, future=q.future, example=context.example)
    return Parsed("answered", found.isoformat(), format_date(found))


def _parse_text(context: AnswerContext, text: str) -> Parsed:
    # The field's own limit (120 for a name, 500 for a sentence) is checked afterwards.
    why = context.placed.question.help
    value = parse_text(text, max_length=500, example=context.example, why=why)
    return Parsed("answered", value, value if len(value) <= 80 else value[:77] + "…")


def _parse_list(context: AnswerContext, text: str) -> Parsed:
    items = parse_list(text, max_items=20, max_length=120, example=context.example)
    return Parsed("answered", list(items), ", ".join(items))


def unknown_answer(context: AnswerContext) -> Parsed:
    """Return the "don't know" answer for the question (`AnswerError` where it is not legal)."""
    return _unknown(context)


def _show_choice(context: AnswerContext, value: Any) -> str:
    return _label(context, str(value))


def _show_multi(context: AnswerContext, value: Any) -> str:
    ids = list(value) if isinstance(value, list) else []
    return ", ".join(_label(context, str(i)) for i in ids) or _label(context, NONE_ID)


def _show_money(context: AnswerContext, value: Any) -> str:
    suffix = " a year" if context.placed.question.per == "year" else ""
    return format_money(float(value), context.currency, cents=True) + suffix


def _show_number(_context: AnswerContext, value: Any) -> str:
    if not isinstance(value, dict):
        return format_number(float(value))
    return format_quantity(float(value.get("value") or 0), str(value.get("unit") or ""))


def existing_display(context: AnswerContext, answer_value: Any, state: str) -> str:
    """Return how a stored answer reads ("Partly", "$12,000 a year") for the "current
    answer" line when someone goes back to it."""
    if state == "unknown":
        return context.placed.question.unknown_label
    if state == "skipped" or answer_value is None:
        return "skipped"
    return ANSWER_TYPES[context.kind].show(context, answer_value)


@dataclass(frozen=True)
class AnswerType:
    """What the interview knows about one question type: the Assessment field types it can
    fill (checked when the bank loads), the example shown when a question gives none, the
    seconds a busy owner needs for it (the time estimate), how typed text is read and how a
    stored answer reads back, and whether it is answered by picking among options (buttons,
    menus, tick boxes, rather than typed)."""

    field_kinds: tuple[type, ...]
    example: str
    seconds: int
    parse: Callable[[AnswerContext, str], Parsed]
    show: Callable[[AnswerContext, Any], str]
    picked: bool = False


ANSWER_TYPES: dict[QuestionType, AnswerType] = {
    "yes_no": AnswerType((str,), "yes, partly or no", 5, _parse_tri, _show_choice, picked=True),
    "gate": AnswerType((), "yes or no", 5, _parse_gate, _show_choice, picked=True),
    "choice": AnswerType(
        (str,), "the number or name of an option", 8, _parse_choice, _show_choice, picked=True
    ),
    "multi": AnswerType((tuple,), "1 and 3", 10, _parse_multi, _show_multi, picked=True),
    "scale": AnswerType(
        (int,), "4", 5, _parse_scale, lambda c, v: f"{v} out of {c.placed.question.scale_max}"
    ),
    "number": AnswerType((float, int), "20", 15, _parse_number, _show_number),
    "money": AnswerType((float,), "12,000", 15, _parse_money, _show_money),
    "percent": AnswerType(
        (float,), "20%", 12, _parse_percent, lambda _c, v: f"{format_number(float(v))}%"
    ),
    "duration": AnswerType(
        (float,), "3 months", 12, _parse_duration, lambda _c, v: f"{format_number(float(v))} days"
    ),
    "date": AnswerType(
        (date,),
        "2027-06-30",
        15,
        _parse_date,
        lambda _c, v: format_date(date.fromisoformat(str(v))),
    ),
    "text": AnswerType((str,), "a few words", 25, _parse_text, lambda _c, v: str(v)),
    "list": AnswerType(
        (tuple,),
        "CRM, chatbot and email",
        25,
        _parse_list,
        lambda _c, v: ", ".join(str(i) for i in v),
    ),
}
"""Every question type: adding one is one entry here (and its name in `QuestionType`)."""
