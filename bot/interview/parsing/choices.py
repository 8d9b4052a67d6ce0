"""Picking from options: yes / partly / no, one choice, several choices.

yes / partly / no:  "yep", "sure", "👍", "kind of", "not really", "not yet", "yes and no"
one choice:         the option's id or label, an alias, its number in the list ("2"),
                    a unique start or part of a label ("cust" -> Customer service),
                    a close misspelling ("custmer service"); counts for ranged options
several choices:    "CRM, chatbot and email", "1 and 3", "all of them", "none"
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.interview.errors import AnswerError
from bot.interview.parsing.numbers import parse_quantity
from bot.interview.parsing.text import comparable, has_words, soften, split_items

YES = frozenset(
    (
        *[
            "y",
            "yes",
            "yep",
            "yeah",
            "yup",
            "ya",
            "yea",
            "ye",
            "sure",
            "definitely",
            "absolutely",
            "certainly",
            "indeed",
        ],
        *["correct", "right", "true", "affirmative", "ok", "okay", "totally", "always"],
        *("of course", "we do", "yes we do", "yes we have", "i do", "we have", "it does"),
        *("it is", "they do", "we are", "for sure", "you bet", "100%"),
        *("👍", "✅", "✔", "✔️", "☑", "☑️", "💯", "🙌"),
    )
)
NO = frozenset(
    (
        *["n", "no", "not", "nope", "nah", "never", "false", "negative", "none", "nothing"],
        *("not really", "not yet", "not at all", "no way", "we dont", "we do not"),
        *("we havent", "we have not", "not so far", "definitely not", "absolutely not"),
        *("not quite", "it doesnt", "it does not", "they dont"),
        *("👎", "❌", "✖", "✖️", "🚫", "🙅"),
    )
)
PARTLY = frozenset(
    (
        *[
            "partly",
            "partially",
            "somewhat",
            "kinda",
            "sorta",
            "sometimes",
            "mostly",
            "half",
            "halfway",
            "some",
        ],
        *("kind of", "sort of", "a bit", "a little", "to some extent", "in part"),
        *(
            "in progress",
            "working on it",
            "were working on it",
            "not fully",
            "not entirely",
            "not completely",
        ),
        *("more or less", "yes and no", "yes but", "some of it", "getting there", "50/50"),
        *("50-50", "partially yes", "in some areas", "not always", "🤏", "〰️"),
    )
)
_PARTLY_AFTER_YES = ("but", "and no", "partly", "partially", "sort of", "kind of", "mostly")
_LEADING = re.compile(r"^(yes|yeah|yep|no|nope|nah)\b[\s,]*(.*)$")
_HEDGED_YES = re.compile(r"^(?:yes|yeah|yep|yup)\s*-?\s*ish\b")


def parse_tri(text: str, *, allow_partly: bool = True, example: str = "yes") -> str:
    """Return "yes", "partly" or "no" for a yes/no answer (with `allow_partly` False, a
    gate: yes or no only)."""
    plain = soften(comparable(text))
    emoji_free = plain.strip()
    found = _classify(emoji_free)
    if found is None and _HEDGED_YES.match(emoji_free):
        found = "partly"  # "yes-ish"
    if found is None and (m := _LEADING.match(emoji_free)):
        rest = m[2]
        head = "yes" if m[1] in ("yes", "yeah", "yep") else "no"
        found = "partly" if head == "yes" and rest.startswith(_PARTLY_AFTER_YES) else head
    if found == "partly" and not allow_partly:
        raise AnswerError("Please answer yes or no.", "yes")
    if found is None:
        choices = "yes, partly or no" if allow_partly else "yes or no"
        raise AnswerError(f"Please answer {choices}.", example)
    return found


def _classify(plain: str) -> str | None:
    if plain in PARTLY:
        return "partly"
    if plain in NO:
        return "no"
    if plain in YES:
        return "yes"
    return None


@dataclass(frozen=True)
class Choice:
    """An option as the parsers see it: stable id, label, other accepted words, and for
    counts the range of numbers it stands for."""

    id: str
    label: str
    aliases: tuple[str, ...] = ()
    range: tuple[int, int] | None = None


def _options_list(options: Sequence[Choice]) -> str:
    labels = [o.label for o in options]
    if not labels:
        return "the options shown"
    if len(labels) > 6:
        return ", ".join(labels[:5]) + ", …"
    return ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else labels[0]


def _names(option: Choice) -> set[str]:
    return {option.id.lower(), comparable(option.label), *(comparable(a) for a in option.aliases)}


def _by_name(plain: str, options: Sequence[Choice]) -> Choice | None:
    return next((o for o in options if plain in _names(o)), None)


_HEADCOUNT_WORDS = re.compile(r"\b(?:people|persons|staff|employees|of us|ftes?)\b")


def _by_count(plain: str, ranged: Sequence[Choice]) -> Choice | None:
    try:
        count = parse_quantity(_HEADCOUNT_WORDS.sub("", plain), money=False)
    except ValueError:
        return None
    if count.unit:
        return None
    for option in ranged:
        low, high = option.range or (0, 0)
        if low <= count.value <= high:
            return option
    return None


def _by_part(plain: str, options: Sequence[Choice]) -> Choice | None:
    if len(plain) < 3:
        return None
    starts = [o for o in options if comparable(o.label).startswith(plain)]
    if len(starts) == 1:
        return starts[0]
    word = re.compile(rf"\b{re.escape(plain)}")
    inside = [
        o
        for o in options
        if word.search(comparable(o.label)) or any(word.search(comparable(a)) for a in o.aliases)
    ]
    return inside[0] if len(inside) == 1 else None


# A name inside a negation ("not live yet") must not pick that option.
_NEGATION = re.compile(r"\b(?:not|no|never|dont|doesnt|isnt|arent|havent|without)\b")
SPELLING_CUTOFF = 85  # rapidfuzz's WRatio (0-100), as measured on the labelled parsing set


def _by_spelling(plain: str, options: Sequence[Choice]) -> Choice | None:
    """The option a close misspelling or a phrase around one of its names points to
    ("custmer service", "we're trialling it"), when no other option is as close."""
    if _NEGATION.search(plain) or len(split_items(plain)) > 1:
        return None  # "not live yet"; "CRM, chatbot and email" names several options
    names: dict[str, Choice] = {}
    for option in options:
        for name in (comparable(option.label), *(comparable(a) for a in option.aliases)):
            if len(name) >= 4:
                names.setdefault(name, option)
    close = process.extract(
        plain, list(names), scorer=fuzz.WRatio, score_cutoff=SPELLING_CUTOFF, limit=2
    )
    if not close or names[close[0][0]] is not names[close[-1][0]]:
        return None
    return names[close[0][0]]


def match_choice(text: str, options: Sequence[Choice], *, numbered: bool) -> Choice | None:
    """Return the option `text` names, or None. Tries, in order: id, label, alias; for
    options standing for counts ("2 to 9" people) the number typed; else its number in
    the list (when `numbered`); a unique start or word of a label; a close misspelling."""
    plain = comparable(text)
    if not plain:
        return None
    found = _by_name(plain, options)
    if found is not None:
        return found
    ranged = [o for o in options if o.range is not None]
    if ranged and (counted := _by_count(plain, ranged)) is not None:
        return counted  # "9", "nine people", "a dozen"
    if ranged and any(ch.isdigit() for ch in plain):
        return None
    if numbered and not ranged and plain.isdigit() and 1 <= int(plain) <= len(options):
        return options[int(plain) - 1]
    return _by_part(plain, options) or _by_spelling(plain, options)


def parse_choice(text: str, options: Sequence[Choice], *, numbered: bool, example: str) -> Choice:
    """Return the one option the answer picks; refuses with the list of options."""
    if has_words(text):
        found = match_choice(text, options, numbered=numbered)
    else:  # only a symbol an option is known by ("$", "€") names it
        found = _by_name(comparable(text), options)
    if found is None:
        raise AnswerError(f"Please pick one of: {_options_list(options)}.", example)
    return found


_ALL = {"all", "all of them", "all of the above", "both", "every one", "everything", "each"}
_NONE = {"none", "none of them", "none of the above", "neither", "nothing", "no", "nope"}


def parse_multi(
    text: str, options: Sequence[Choice], *, none_id: str | None, example: str
) -> tuple[Choice, ...]:
    """Return the options an answer picks ("CRM, chatbot and email", "1 and 3", "all");
    "none" returns an empty tuple when `none_id` is given."""
    plain = comparable(text)
    if plain in _ALL:
        return tuple(options)
    if plain in _NONE and none_id is not None:
        return ()
    whole = match_choice(text, options, numbered=True)
    if whole is not None:
        return () if whole.id == none_id else (whole,)
    picked: list[Choice] = []
    for item in split_items(text):
        option = match_choice(item, options, numbered=True)
        if option is None:
            raise AnswerError(
                f"I did not recognise {item[:40]!r}; pick from: {_options_list(options)}.",
                example,
            )
        if option.id == none_id:
            raise AnswerError("Pick some options, or answer none, not both.", example)
        if option not in picked:
            picked.append(option)
    if not picked:
        raise AnswerError(f"Please pick from: {_options_list(options)}.", example)
    order = {o.id: i for i, o in enumerate(options)}
    return tuple(sorted(picked, key=lambda o: order[o.id]))
