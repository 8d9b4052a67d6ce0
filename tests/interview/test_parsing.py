from __future__ import annotations

from datetime import date

import pytest

from bot.interview import AnswerError, QuestionBank
from bot.interview.answers import AnswerContext, parse_answer
from bot.interview.parsing.choices import Choice, parse_choice, parse_multi, parse_tri
from bot.interview.parsing.dates import parse_date, parse_duration
from bot.interview.parsing.numbers import parse_measure, parse_money, parse_percent, parse_scale
from bot.interview.parsing.text import clean, is_unknown, parse_list, split_items

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("$12k", 12_000),
        ("12,000", 12_000),
        ("12 000 EUR", 12_000),
        ("12\u00a0000 €", 12_000),
        ("1.2m", 1_200_000),
        ("about 5 grand", 5_000),
        ("five grand", 5_000),
        ("€2,500.50", 2_500.5),
        ("12.000", 12_000),
        ("1,5k", 1_500),
        ("~ 800", 800),
        ("roughly 3.5k", 3_500),
        ("10-15k", 12_500),
        ("between 10k and 20k", 15_000),
        ("free", 0),
        ("nothing", 0),
        ("0", 0),
        ("USD 4,000", 4_000),
    ],
)
def test_parse_money_reads_the_ways_people_write_amounts(raw: str, amount: float) -> None:
    assert parse_money(raw, example="12,000").value == pytest.approx(amount)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("a lot", "one amount of money"),
        ("-500", "cannot be negative"),
        ("12k and 3k", "one amount of money"),
        ("5 bananas", "could not read 'bananas'"),
    ],
)
def test_parse_money_refuses_what_is_not_one_amount(raw: str, says: str) -> None:
    with pytest.raises(AnswerError, match=says) as caught:
        parse_money(raw, example="12,000")
    assert caught.value.example == "12,000"


@pytest.mark.parametrize(
    ("raw", "period"),
    [
        ("300 a month", "month"),
        ("300/mo", "month"),
        ("$3.6k per year", "year"),
        ("75 weekly", "week"),
    ],
)
def test_parse_money_keeps_the_period_apart(raw: str, period: str) -> None:
    assert parse_money(raw, example="1").period == period


@pytest.mark.parametrize(
    ("raw", "percent"),
    [
        ("20%", 20),
        ("20 %", 20),
        ("0.2", 20),
        ("twenty percent", 20),
        ("twenty-five per cent", 25),
        ("about 60%", 60),
        ("half", 50),
        ("3/4", 75),
        ("100", 100),
        ("all of them", 100),
        ("60-70%", 65),
        ("1", 1),
    ],
)
def test_parse_percent_reads_shares(raw: str, percent: float) -> None:
    assert parse_percent(raw, example="20%").value == pytest.approx(percent)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("150%", "between 0% and 100%"),
        ("most", "best guess as a number"),
        ("lots of them", "percentage"),
    ],
)
def test_parse_percent_refuses_politely(raw: str, says: str) -> None:
    with pytest.raises(AnswerError, match=says):
        parse_percent(raw, example="20%")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("4", 4),
        ("4/5", 4),
        ("4 out of 5", 4),
        ("four", 4),
        ("★★★★☆", 4),
        ("⭐⭐", 2),
        ("a lot", 4),
        ("not at all", 0),
    ],
)
def test_parse_scale_reads_ratings(raw: str, value: int) -> None:
    assert parse_scale(raw, low=0, high=5, example="4") == value


@pytest.mark.parametrize("raw", ["7", "3.5", "-1", "pretty good I guess"])
def test_parse_scale_refuses_off_scale_answers(raw: str) -> None:
    with pytest.raises(AnswerError, match="whole number from 0 to 5"):
        parse_scale(raw, low=0, high=5, example="4")


@pytest.mark.parametrize(
    ("raw", "value", "unit"),
    [
        ("2.1%", 2.1, "%"),
        ("18 minutes", 18, "minutes"),
        ("1,200 orders", 1200, "orders"),
        ("4.5 stars", 4.5, "stars"),
        ("$80k", 80_000, "$"),
        ("80,000 USD", 80_000, "USD"),
        ("about 400", 400, ""),
    ],
)
def test_parse_measure_keeps_value_and_unit(raw: str, value: float, unit: str) -> None:
    quantity = parse_measure(raw, integer=False, example="20")
    assert quantity.value == pytest.approx(value)
    assert quantity.unit == unit


@pytest.mark.parametrize(
    ("raw", "days"),
    [
        ("3 months", 91.3),
        ("6 wks", 42),
        ("a year", 365.2),
        ("10 days", 10),
        ("a couple of weeks", 14),
        ("half a year", 182.6),
        ("2-3 weeks", 17.5),
        ("48 hours", 2),
    ],
)
def test_parse_duration_reads_lengths_of_time(raw: str, days: float) -> None:
    assert parse_duration(raw, example="3 weeks").days == pytest.approx(days, abs=0.1)


@pytest.mark.parametrize("raw", ["soon", "forever", "20 years"])
def test_parse_duration_refuses_what_is_not_a_length_of_time(raw: str) -> None:
    with pytest.raises(AnswerError, match="length of time"):
        parse_duration(raw, example="3 weeks")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2027-06-30", date(2027, 6, 30)),
        ("end of Q2", date(2027, 6, 30)),
        ("Q4", date(2026, 12, 31)),
        ("Q3 2027", date(2027, 9, 30)),
        ("June", date(2027, 6, 30)),
        ("December", date(2026, 12, 31)),
        ("June 2027", date(2027, 6, 30)),
        ("30 June 2027", date(2027, 6, 30)),
        ("June 30, 2027", date(2027, 6, 30)),
        ("30th of June 2027", date(2027, 6, 30)),
        ("end of year", date(2026, 12, 31)),
        ("next year", date(2027, 12, 31)),
        ("2028", date(2028, 12, 31)),
        ("in 6 months", date(2027, 5, 23)),
        ("within 2 weeks", date(2026, 12, 7)),
        ("a year from now", date(2027, 11, 23)),
        ("H1", date(2027, 6, 30)),
        ("30/06/2027", date(2027, 6, 30)),
        ("06/30/2027", date(2027, 6, 30)),
        ("by next month", date(2026, 12, 31)),
    ],
)
def test_parse_date_reads_deadlines_relative_to_the_given_today(raw: str, expected: date) -> None:
    assert parse_date(raw, today=TODAY, future=True, example="2027-06-30") == expected


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("03/04/2027", r"Is that 3 April 2027 or 4 March 2027\?"),
        ("2025-01-31", "has already passed"),
        ("31 February 2027", "does not exist"),
        ("next fiscal year", "Fiscal years end on different dates"),
        ("whenever", "Please give a date"),
        ("2090-01-01", "within 30 years"),
    ],
)
def test_parse_date_refuses_ambiguous_past_and_unknown_dates(raw: str, says: str) -> None:
    with pytest.raises(AnswerError, match=says):
        parse_date(raw, today=TODAY, future=True, example="2027-06-30")


def test_parse_date_uses_the_clock_passed_in() -> None:
    assert parse_date("June", today=date(2027, 7, 1), future=True, example="") == date(2028, 6, 30)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("yep", "yes"),
        ("Yes, we do", "yes"),
        ("of course", "yes"),
        ("👍", "yes"),
        ("not really", "no"),
        ("Nope.", "no"),
        ("no, not yet", "no"),
        ("❌", "no"),
        ("kind of", "partly"),
        ("sort of", "partly"),
        ("yes and no", "partly"),
        ("yes but only for invoices", "partly"),
        ("Partially", "partly"),
        ("yes-ish", "partly"),
        ("Yesish", "partly"),
        ("yes, mostly", "partly"),
    ],
)
def test_parse_tri_reads_yes_partly_and_no(raw: str, expected: str) -> None:
    assert parse_tri(raw) == expected


@pytest.mark.parametrize("raw", ["maybe tomorrow", "🚀", "the CRM"])
def test_parse_tri_refuses_what_is_not_yes_or_no(raw: str) -> None:
    with pytest.raises(AnswerError, match="Please answer yes, partly or no"):
        parse_tri(raw)


@pytest.mark.parametrize(
    "raw", ["idk", "IDK", "don't know", "Dunno", "not sure", "no idea", "?", "🤷", "🤷‍♀️", "N/A"]
)
def test_is_unknown_recognises_dont_know(raw: str) -> None:
    assert is_unknown(clean(raw))


@pytest.mark.parametrize("raw", ["no", "yes", "I know", "not sure yet whether the CRM fits"])
def test_is_unknown_leaves_real_answers_alone(raw: str) -> None:
    assert not is_unknown(clean(raw))


AREAS = [
    Choice("marketing", "Marketing"),
    Choice("sales", "Sales", ("crm",)),
    Choice("customer_service", "Customer service", ("support", "chatbot")),
    Choice("operations", "Operations"),
    Choice("hr", "People and HR", ("hr",)),
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sales", "sales"),
        ("Customer service", "customer_service"),
        ("customer_service", "customer_service"),
        ("3", "customer_service"),
        ("chatbot", "customer_service"),
        ("cust", "customer_service"),
        ("custmer service", "customer_service"),
        ("HR", "hr"),
        ("Operations.", "operations"),
    ],
)
def test_parse_choice_finds_the_option_meant(raw: str, expected: str) -> None:
    assert parse_choice(raw, AREAS, numbered=True, example="2").id == expected


@pytest.mark.parametrize("raw", ["9", "blockchain", "🙂", "s"])
def test_parse_choice_refuses_with_the_list_of_options(raw: str) -> None:
    with pytest.raises(AnswerError, match="Please pick one of: Marketing, Sales"):
        parse_choice(raw, AREAS, numbered=True, example="2")


SIZES = [
    Choice("solo", "Just me", range=(1, 1)),
    Choice("micro", "2 to 9", range=(2, 9)),
    Choice("small", "10 to 49", range=(10, 49)),
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7", "micro"),
        ("7 people", "micro"),
        ("12 staff", "small"),
        ("1", "solo"),
        ("2 to 9", "micro"),
    ],
)
def test_parse_choice_reads_counts_for_ranged_options(raw: str, expected: str) -> None:
    assert parse_choice(raw, SIZES, numbered=False, example="7").id == expected


TOOLS = [
    Choice("crm", "CRM"),
    Choice("chatbot", "Chatbot"),
    Choice("email", "Email marketing"),
    Choice("none", "None of them"),
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CRM, chatbot and email", ["crm", "chatbot", "email"]),
        ("chatbot & CRM", ["crm", "chatbot"]),
        ("1 and 3", ["crm", "email"]),
        ("all of them", ["crm", "chatbot", "email", "none"]),
        ("none", []),
        ("crm, crm", ["crm"]),
    ],
)
def test_parse_multi_reads_lists_of_options(raw: str, expected: list[str]) -> None:
    assert [c.id for c in parse_multi(raw, TOOLS, none_id="none", example="1")] == expected


def test_parse_multi_names_the_item_it_did_not_recognise() -> None:
    with pytest.raises(AnswerError, match="I did not recognise 'blockchain'"):
        parse_multi("CRM and blockchain", TOOLS, none_id="none", example="1")


def test_split_items_splits_commas_and_and() -> None:
    assert split_items("CRM, chatbot and email") == ["CRM", "chatbot", "email"]


def test_parse_list_refuses_too_many_items() -> None:
    with pytest.raises(AnswerError, match="at most 3 items"):
        parse_list("a, b, c, d", max_items=3, max_length=20, example="a, b")


@pytest.mark.parametrize(
    ("raw", "says"),
    [("", "empty"), ("   \n\t ", "empty"), ("x" * 10_240, "10,240 characters long")],
)
def test_clean_refuses_empty_and_huge_answers(raw: str, says: str) -> None:
    with pytest.raises(AnswerError, match=says):
        clean(raw)


def test_clean_removes_control_characters_and_normalises_spaces() -> None:
    assert clean(" Crumb\x00 &\u200b  Co\n") == "Crumb & Co"


def _context(bank: QuestionBank, question_id: str, currency: str = "USD") -> AnswerContext:
    placed = bank.question(question_id)
    return AnswerContext(placed=placed, options=placed.options(), today=TODAY, currency=currency)


@pytest.mark.parametrize(
    ("question_id", "raw", "value", "display"),
    [
        ("initiative.cost_yearly", "300 a month", 3_600, "€3,600 a year (€300 a month)"),
        ("initiative.cost_upfront", "€12k", 12_000, "€12,000"),
        ("initiative.savings", "10-15k", 12_500, "€12,500 a year (the middle of your range)"),
        ("initiative.features_needed", "0.6", 60, "60%"),
        ("objective.deadline", "end of Q2", "2027-06-30", "30 June 2027"),
        ("objective.target", "20%", {"value": 20.0, "unit": "%"}, "20%"),
        ("business.size", "7 people", "micro", "2 to 9"),
        ("business.currency", "$", "USD", "US dollar (USD)"),
        ("business.currency", "£", "GBP", "Pound sterling (GBP)"),
        ("checklist.clear_strategy", "kind of", "partly", "Partly"),
        ("initiative.intangible_customer", "★★★★", 4, "4 out of 5"),
        ("metrics.reconfigure", "6 wks", 42.0, "6 weeks (42 days)"),
    ],
)
def test_parse_answer_stores_and_echoes_the_value(
    bank: QuestionBank, question_id: str, raw: str, value: object, display: str
) -> None:
    parsed = parse_answer(_context(bank, question_id, currency="EUR"), raw)
    assert (parsed.state, parsed.value, parsed.display) == ("answered", value, display)


@pytest.mark.parametrize(
    ("question_id", "raw", "says"),
    [
        ("initiative.cost_upfront", "300 a month", "sounds like a running cost"),
        ("initiative.cost_upfront", "$12k", "Amounts in this interview are in EUR"),
        ("initiative.name", "idk", "needs a short name to go on"),
        ("initiative.name", "x" * 300, "under 120 characters"),
        ("initiative.problem", "y" * 600, "under 500 characters"),
        ("initiative.name", "🚀🚀", "answer in words"),
        ("objective.deadline", "2020-01-01", "already passed"),
        ("metrics.touchpoints_total", "3.5", "whole number"),
    ],
)
def test_parse_answer_refuses_with_one_sentence_and_an_example(
    bank: QuestionBank, question_id: str, raw: str, says: str
) -> None:
    with pytest.raises(AnswerError, match=says) as caught:
        parse_answer(_context(bank, question_id, currency="EUR"), raw)
    assert caught.value.example
    assert caught.value.message.count(". ") == 0


@pytest.mark.parametrize(
    "raw",
    [
        "n/a",
        "N/A",
        "NA",
        "not applicable",
        "doesn't apply",
        "It does not apply.",
        "no personal data",
    ],
)
def test_parse_answer_reads_na_as_not_applicable_where_the_question_offers_it(
    bank: QuestionBank, raw: str
) -> None:
    parsed = parse_answer(_context(bank, "data.ethics"), raw)
    assert (parsed.state, parsed.value, parsed.display) == (
        "answered",
        "not_applicable",
        "Not applicable",
    )


def test_parse_answer_still_reads_na_as_dont_know_elsewhere(bank: QuestionBank) -> None:
    assert parse_answer(_context(bank, "data.practices"), "n/a").state == "unknown"


def test_ethics_question_offers_not_applicable_before_dont_know(bank: QuestionBank) -> None:
    options = bank.question("data.ethics").options()
    assert [o.id for o in options] == ["yes", "partly", "no", "not_applicable", "unknown"]
    assert parse_answer(_context(bank, "data.ethics"), "4").value == "not_applicable"
    assert parse_answer(_context(bank, "data.ethics"), "not_applicable").value == "not_applicable"
    assert parse_answer(_context(bank, "data.ethics"), "idk").state == "unknown"


@pytest.mark.parametrize(
    ("currency", "sample"), [("EUR", "€12k"), ("GBP", "£12k"), ("USD", "$12k"), ("SEK", "12k SEK")]
)
def test_a_money_refusal_gives_its_sample_in_the_interviews_currency(
    bank: QuestionBank, currency: str, sample: str
) -> None:
    with pytest.raises(AnswerError, match="one amount of money") as caught:
        parse_answer(_context(bank, "initiative.cost_upfront", currency=currency), "a lot")
    assert f"like 12000, {sample} or 1.2m" in caught.value.message


@pytest.mark.parametrize(
    "question_id",
    [
        "checklist.clear_strategy",
        "initiative.cost_upfront",
        "objective.deadline",
        "kpi.name",
        "business.size",
    ],
)
def test_parse_answer_takes_idk_as_dont_know(bank: QuestionBank, question_id: str) -> None:
    assert parse_answer(_context(bank, question_id), "idk").state == "unknown"
