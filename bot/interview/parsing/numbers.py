"""Numbers as people type them: money, percentages, scales, counts and measured values.

    "$12k"  "12,000"  "12 000 EUR"  "1.2m"  "about 5 grand"  "300 a month"  "10-15k"
    "20%"  "20 %"  "0.2"  "twenty percent"  "half"  "3/4"
    "4"  "4/5"  "four"  "★★★★☆"  "a lot"
    "2.1%"  "18 minutes"  "1,200 orders"  "4.5 stars"

Hedges ("about", "roughly", "~", "at least") are dropped: an estimate is what we ask for.
A range becomes its middle, and the echo says so. Anything else is refused with one
sentence saying what is expected and an example.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bot.interview.errors import AnswerError
from bot.interview.parsing.text import comparable, soften
from prompts.formatting import CURRENCY_SIGNS

_HEDGES = re.compile(
    r"^(?:(?:about|around|approx(?:\.|imately)?|roughly|circa|ca\.?|some|maybe|perhaps|"
    r"probably|nearly|almost|just under|just over|under|over|at least|at most|up to|"
    r"less than|more than|max(?:imum)?|min(?:imum)?|est(?:imated)?\.?|an estimated|"
    r"expected|target(?:ing)?|of|to|by|we expect|we hope for|hopefully|ish)\s+|[~≈<>≤≥±]\s*)+",
    re.IGNORECASE,
)
_TRAILING_HEDGE = re.compile(r"(?:\s*-?ish|\s+or so|\s+roughly|\s+approx(?:imately)?)$", re.I)

# A number with optional thousands separators and decimals (see `_to_float`).
_NUM = r"[-+]?(?:\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|[.,]\d+)"
_NUMBER = re.compile(_NUM)

MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "thousands": 1e3,
    "grand": 1e3,
    "thou": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "mio": 1e6,
    "mil": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
# "m" could be minutes or metres outside money, so only these scale a plain number.
MAX_NUMBER = 1e15  # beyond any amount or count an interview answer can mean
PLAIN_MULTIPLIERS = {"k", "thousand", "thousands", "million", "millions", "billion", "mn", "bn"}

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORD_NUMBER = re.compile(
    r"\b(?:a couple(?: of)?|a dozen|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|and|zero|dozen|half|a half)"
    r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|hundred|and|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|half))*\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    """A parsed number with what surrounded it: `unit` is the text after it ("%",
    "minutes"), `currency` a code or symbol when one was given, `period` "month", "year",
    … when the amount was per period, `ranged` when it was the middle of a range."""

    value: float
    unit: str = ""
    currency: str | None = None
    period: str | None = None
    ranged: bool = False


def words_to_number(text: str) -> float | None:
    """Return the value of an English number in words ("twenty-five", "a hundred and
    ten", "a couple of", "half"), or None when the text is not one."""
    words = re.split(r"[\s-]+", text.lower().strip())
    if words[:2] == ["a", "couple"]:  # "a couple of", "a couple hundred"
        words = ["two", *words[3 if words[2:3] == ["of"] else 2 :]]
    if words in (["half"], ["a", "half"]):
        return 0.5
    if words in (["a", "dozen"], ["dozen"]):
        return 12.0
    total = 0
    current = 0
    seen = False
    for word in words:
        if word in ("and",):
            continue
        if word in ("a", "an") and not seen:
            current, seen = 1, True
        elif word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _TENS:
            current += _TENS[word]
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def _to_float(token: str, *, dot_groups_thousands: bool) -> float:
    """Read a numeric token. "," or a space followed by exactly three digits separates
    thousands ("12,000", "12 000"); otherwise "," is a decimal comma ("1,5"). A single "."
    followed by three digits is a thousands dot only where money is expected ("12.000")."""
    sign = -1.0 if token.startswith("-") else 1.0
    token = token.lstrip("+-")
    if "," in token and "." in token:
        decimal = "," if token.rfind(",") > token.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        token = token.replace(thousands, "").replace("'", "").replace(" ", "")
        return sign * float(token.replace(decimal, "."))
    token = token.replace("'", "").replace(" ", "")
    if "," in token:
        groups = token.split(",")
        if all(len(g) == 3 for g in groups[1:]) and groups[0]:
            return sign * float("".join(groups))
        if len(groups) == 2:
            return sign * float(".".join(groups))
        raise ValueError(token)
    if token.count(".") > 1:
        groups = token.split(".")
        if all(len(g) == 3 for g in groups[1:]):
            return sign * float("".join(groups))
        raise ValueError(token)
    if dot_groups_thousands and re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", token):
        return sign * float(token.replace(".", ""))
    return sign * float(token)


_PERIODS = {
    "year": (
        "a year",
        "per year",
        "/year",
        "/yr",
        "/y",
        "yearly",
        "annually",
        "annual",
        "per annum",
        "pa",
        "p.a.",
        "p.a",
        "each year",
        "every year",
        "a yr",
        "per yr",
    ),
    "month": (
        "a month",
        "per month",
        "/month",
        "/mo",
        "/mth",
        "monthly",
        "pm",
        "each month",
        "every month",
        "a mo",
        "per mo",
        "a mth",
    ),
    "quarter": ("a quarter", "per quarter", "/quarter", "/qtr", "quarterly", "each quarter"),
    "week": ("a week", "per week", "/week", "/wk", "weekly", "each week", "pw", "a wk"),
    "day": ("a day", "per day", "/day", "daily", "each day"),
}
PERIODS_PER_YEAR = {"year": 1, "quarter": 4, "month": 12, "week": 52, "day": 365}

CURRENCY_SYMBOLS = {"$": "$", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₣": "CHF"}
CURRENCY_WORDS = {
    "usd": "USD", "us$": "USD", "dollar": "$", "dollars": "$", "bucks": "$", "buck": "$",
    "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "quid": "GBP",
    "cad": "CAD", "aud": "AUD", "nzd": "NZD", "sgd": "SGD", "chf": "CHF", "francs": "CHF",
    "sek": "SEK", "nok": "NOK", "dkk": "DKK", "kr": "kr", "inr": "INR", "rupees": "INR",
    "zar": "ZAR", "rand": "ZAR", "jpy": "JPY", "yen": "JPY",
}  # fmt: skip
DOLLAR_CURRENCIES = {"USD", "CAD", "AUD", "NZD", "SGD"}
KRONA_CURRENCIES = {"SEK", "NOK", "DKK"}


def currency_matches(found: str, expected: str) -> bool:
    """True when a currency written in an answer ("$", "EUR", "kr") fits `expected`."""
    if found == "$":
        return expected in DOLLAR_CURRENCIES
    if found == "kr":
        return expected in KRONA_CURRENCIES
    return found == expected


def strip_hedges(text: str) -> str:
    """Return `text` without the hedges around a number ("about", "maybe", "-ish")."""
    previous = None
    while previous != text:
        previous = text
        text = _HEDGES.sub("", text).strip()
        text = _TRAILING_HEDGE.sub("", text).strip()
    return text


def _take_period(text: str) -> tuple[str, str | None]:
    low = text.lower()
    for period, phrases in _PERIODS.items():
        for phrase in sorted(phrases, key=len, reverse=True):
            if low.endswith(phrase) and (
                phrase.startswith("/")
                or len(low) == len(phrase)
                or not low[-len(phrase) - 1].isalpha()
            ):
                return text[: len(text) - len(phrase)].strip(" ,"), period
    return text, None


def _take_currency(text: str) -> tuple[str, str | None]:
    found: str | None = None
    for symbol, code in CURRENCY_SYMBOLS.items():
        if symbol in text:
            found = code
            text = text.replace(symbol, " ")
    words = text.split()
    kept = []
    for word in words:
        key = word.lower().strip(".,")
        if key in CURRENCY_WORDS and found is None:
            found = CURRENCY_WORDS[key]
        elif key in CURRENCY_WORDS:
            continue
        else:
            kept.append(word)
    return " ".join(kept), found


def replace_number_words(text: str) -> str:
    """Return `text` with number words as digits ("five grand" -> "5 grand")."""

    def swap(match: re.Match[str]) -> str:
        value = words_to_number(match.group(0))
        if value is None or match.group(0).lower() in ("a", "an", "and"):
            return match.group(0)
        return f"{value:g}"

    return _WORD_NUMBER.sub(swap, text)


def parse_quantity(text: str, *, money: bool, periods: bool | None = None) -> Quantity:
    """Return the single quantity in `text` (its unit, currency and, with `periods`
    (default: for money), its period kept apart); `ValueError` when there is no number or
    more than one (other than a range). `money` lets "m" mean million."""
    text = strip_hedges(text)
    period = None
    if money if periods is None else periods:  # else "calls/day" is the unit itself
        text, period = _take_period(text)
    text, currency = _take_currency(text)
    text = replace_number_words(strip_hedges(text)).strip()
    multipliers = MULTIPLIERS if money else {k: MULTIPLIERS[k] for k in PLAIN_MULTIPLIERS}
    mult = "|".join(sorted((re.escape(m) for m in multipliers), key=len, reverse=True))
    pattern = re.compile(
        rf"^(?P<a>{_NUM})\s*(?P<ma>{mult})?\b\s*"
        rf"(?:(?:-|–|to|and)\s*(?P<b>{_NUM})\s*(?P<mb>{mult})?\b)?\s*(?P<unit>.*)$",
        re.IGNORECASE,
    )
    match = pattern.match(text.replace("between ", ""))
    if match is None:
        raise ValueError(text)
    a = _to_float(match["a"], dot_groups_thousands=money)
    ma = multipliers.get((match["ma"] or "").lower(), 1.0)
    unit = match["unit"].strip(" .,")
    if _NUMBER.search(unit):
        raise ValueError(text)
    if match["b"] is None:
        return Quantity(_sane(a * ma), unit=unit, currency=currency, period=period)
    b = _to_float(match["b"], dot_groups_thousands=money)
    mb = multipliers.get((match["mb"] or "").lower(), 1.0)
    if match["ma"] is None:
        ma = mb  # "10-15k": the multiplier applies to both ends
    low, high = _sane(a * ma), _sane(b * mb)
    if low > high:
        raise ValueError(text)
    return Quantity((low + high) / 2, unit=unit, currency=currency, period=period, ranged=True)


def _sane(value: float) -> float:
    """The value, if it is a number a person could mean; `ValueError` for overflows."""
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise ValueError(value)
    return value


def parse_money(text: str, *, example: str, currency: str = "USD") -> Quantity:
    """Return an amount of money; refuses negatives and sentences without one amount (the
    refusal's sample amounts are written in `currency`, the interview's)."""
    plain = soften(comparable(text))
    if plain in ("nothing", "none", "zero", "free", "no cost", "nil", "nada", "no", "0"):
        return Quantity(0.0)
    try:
        quantity = parse_quantity(text, money=True)
    except ValueError:
        raise AnswerError(
            f"Please give one amount of money, like 12000, {_short_money(currency)} or 1.2m.",
            example,
        ) from None
    if quantity.value < 0:
        raise AnswerError(
            "Amounts cannot be negative; give the cost or benefit as a positive amount.", example
        )
    if quantity.unit and quantity.unit.lower() not in ("total", "in total", "one-off", "once"):
        raise AnswerError(
            f"I could not read {quantity.unit!r} as part of an amount; give just the amount.",
            example,
        )
    return quantity


def _short_money(currency: str) -> str:
    """12 thousand in `currency` the short way people type it: "$12k", "€12k", "12k SEK"."""
    code = currency.strip().upper()
    sign = CURRENCY_SIGNS.get(code)
    return f"{sign}12k" if sign else f"12k {code}"


_FRACTION_WORDS = {
    "half": 50.0,
    "a half": 50.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "two thirds": 200 / 3,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "three quarters": 75.0,
    "all": 100.0,
    "all of them": 100.0,
    "everything": 100.0,
    "every one": 100.0,
    "none": 0.0,
    "none of them": 0.0,
    "nothing": 0.0,
    "zero": 0.0,
}
_VAGUE_SHARES = {"most", "most of them", "some", "a few", "many", "lots", "a lot", "few", "several"}


def parse_percent(text: str, *, example: str) -> Quantity:
    """Return a share in percent (0-100): "20%", "20 %", "0.2", "twenty percent", "half",
    "3/4". Vague words ("most") are refused with a request for a number."""
    plain = strip_hedges(comparable(text))  # "maybe half" is "half", never 0.5%
    if plain in _FRACTION_WORDS:
        return Quantity(_FRACTION_WORDS[plain], unit="%")
    if plain in _VAGUE_SHARES:
        raise AnswerError("Please give your best guess as a number, like 60%.", example)
    fraction = re.fullmatch(r"(\d+)\s*/\s*(\d+)", plain)
    if fraction and int(fraction[2]) > 0:
        value = 100 * int(fraction[1]) / int(fraction[2])
    else:
        body = re.sub(r"\s*(?:%|percent|per cent|pct|pc)\s*$", "%", plain)
        had_sign = body.endswith("%")
        try:
            quantity = parse_quantity(body.rstrip("%"), money=False)
        except ValueError:
            raise AnswerError("Please give a percentage, like 20% or 0.2.", example) from None
        if quantity.unit:
            raise AnswerError("Please give a percentage, like 20% or 0.2.", example)
        value = quantity.value
        if not had_sign and 0 < value < 1 and "." in body:
            value *= 100  # "0.2" means 20%
        if quantity.ranged:
            return _check_share(Quantity(value, unit="%", ranged=True), example)
    return _check_share(Quantity(value, unit="%"), example)


def _check_share(quantity: Quantity, example: str) -> Quantity:
    if not 0 <= quantity.value <= 100:
        raise AnswerError("A share is between 0% and 100%; please give one in that range.", example)
    return Quantity(round(quantity.value, 2), unit="%", ranged=quantity.ranged)


_SCALE_WORDS = {
    0: ("none", "not at all", "nothing", "zero", "no", "no effect", "nope"),
    1: ("very little", "barely", "hardly", "minimal", "tiny"),
    2: ("a little", "a bit", "slightly", "low", "little", "somewhat low"),
    3: ("moderately", "some", "medium", "somewhat", "moderate", "average", "ok", "okay"),
    4: ("a lot", "high", "significantly", "much", "quite a lot", "lots", "strongly"),
    5: ("hugely", "massively", "very high", "enormously", "completely", "a huge amount",
        "extremely", "transformational", "massive", "huge"),
}  # fmt: skip
_STARS = re.compile(r"^[★⭐✩☆\s]+$")


def parse_scale(text: str, *, low: int, high: int, example: str) -> int:
    """Return a whole number on the scale `low`..`high`: "4", "4/5", "4 out of 5",
    "four", "★★★★☆" (filled stars count), or words ("a lot" = 4)."""
    plain = comparable(text)
    if _STARS.match(text):
        value = text.count("★") + text.count("⭐")
    elif any(plain == w for words in _SCALE_WORDS.values() for w in words):
        value = next(v for v, words in _SCALE_WORDS.items() if plain in words)
        value = max(low, min(high, value))
    else:
        plain = re.sub(r"\s*(?:/|out of|of)\s*\d+\s*$", "", plain)
        words = words_to_number(plain)
        digits = re.fullmatch(r"-?\d{1,3}(?:[.,]\d+)?", plain)
        if words is None and digits is None:
            raise AnswerError(f"Please pick a whole number from {low} to {high}.", example)
        number = words if words is not None else float(plain.replace(",", "."))
        if number != int(number):
            raise AnswerError(f"Please pick a whole number from {low} to {high}.", example)
        value = int(number)
    if not low <= value <= high:
        raise AnswerError(f"Please pick a whole number from {low} to {high}.", example)
    return value


def parse_measure(text: str, *, integer: bool, example: str) -> Quantity:
    """Return a measured value with its unit ("2.1%", "18 minutes", "$80k", "1,200
    orders"). With `integer`, only a whole, non-negative count is accepted."""
    try:
        quantity = parse_quantity(text, money=not integer, periods=False)
    except ValueError:
        what = "a whole number, like 12" if integer else "a number, like 20, 2.5% or $80k"
        raise AnswerError(f"Please give {what}.", example) from None
    if integer:
        if quantity.value != int(quantity.value) or quantity.value < 0:
            raise AnswerError("Please give a whole number of 0 or more, like 12.", example)
        return Quantity(float(int(quantity.value)), ranged=quantity.ranged)
    unit = quantity.currency or quantity.unit
    if len(unit) > 40:
        raise AnswerError("Please give the number with a short unit, like 18 minutes.", example)
    return Quantity(
        quantity.value,
        unit=unit,
        currency=quantity.currency,
        period=quantity.period,
        ranged=quantity.ranged,
    )
