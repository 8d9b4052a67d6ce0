"""A corpus's own terms make a question about it: acronyms the documents define and names only
a user's document uses are found (pure tests), and with the real model such a question is
answered where similarity alone declined it, while an undefined acronym, a day's name and
an off-topic question stay declined."""

from __future__ import annotations

import pytest

from knowledge.base import KnowledgeBase
from knowledge.terms import acronyms_in, defined_acronyms, name_words, names_in, word_tokens
from knowledge.text import tokenize
from tests.bench.answer_labels import COMPANY_NOTE


@pytest.mark.parametrize(
    ("text", "defined"),
    [
        ("Customer Journey Automation Index (CJAI) – share of touchpoints", {"CJAI"}),
        ("Key Performance Indicators (KPIs): churn", {"KPI"}),
        ("Customer Satisfaction Score (CSAT)", {"CSAT"}),
        ("specific, measurable, achievable, relevant, and time-bound (SMART) goals", {"SMART"}),
        ("customer lifetime value (CLTV)", {"CLTV"}),
        ("the role of the CEO must evolve", set()),
        ("as studies show (MIT) in passing", set()),
        ("Strategic Automation Metrics (SAMX)", set()),
    ],
)
def test_defined_acronyms_are_those_spelled_by_the_words_before_them(
    text: str, defined: set[str]
) -> None:
    assert defined_acronyms([text]) == defined


def test_acronyms_in_a_question_are_its_words_in_capitals_singular() -> None:
    assert acronyms_in("What do CJAI, SPAR and our KPIs mean to NASA? Ok, AI") == {
        "CJAI",
        "SPAR",
        "KPI",
        "NASA",
    }


def test_name_words_are_own_words_always_capitalised_except_days_and_months() -> None:
    texts = ["Owner: Jonas. Deadline: April 2027.", "Keep the Saturday queue short. The van."]
    own = frozenset(tokenize("Jonas April Saturday queue van"))
    assert name_words(texts, own) == frozenset(tokenize("Jonas"))


def test_name_words_leave_out_a_word_also_written_in_lower_case() -> None:
    texts = ["Till and stock system", "Replace the old tills."]
    assert name_words(texts, frozenset(tokenize("till"))) == frozenset()


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("What does Jonas have to get done next year?", "Jonas"),
        ("Is Amira or Mateo in charge?", "Amira Mateo"),
        ("Which decisions are on Jonas's plate?", "Jonas"),
        ("What will the weather be like on Saturday?", ""),
        ("Jonas has which deadlines?", ""),
        ("Tell me. Jonas? What now", ""),
        ("what's due in April and June", ""),
    ],
)
def test_names_in_a_question_are_words_capitalised_where_no_sentence_starts(
    question: str, names: str
) -> None:
    assert names_in(question) == set(tokenize(names))


def test_search_answers_a_question_naming_acronyms_the_documents_define(
    knowledge_base: KnowledgeBase,
) -> None:
    question = "CSAT, CLTV, SDUR: what are those?"
    result = knowledge_base.retriever.search(question)
    assert result.top_similarity < knowledge_base.retriever.config.min_similarity
    assert not result.abstained
    assert any("(SDUR)" in hit.chunk.text for hit in result.hits[:3])


@pytest.mark.parametrize(
    "question",
    [
        "What does NASA stand for?",
        "Which VPN should I use at home?",
        "When is my HMRC tax return due?",
        "What does IBM stand for?",
    ],
)
def test_search_declines_a_question_naming_an_acronym_the_documents_do_not_define(
    knowledge_base: KnowledgeBase, question: str
) -> None:
    assert knowledge_base.retriever.search(question).abstained


def test_a_question_naming_a_person_of_the_users_note_is_answered_with_their_rows(
    with_note: KnowledgeBase,
) -> None:
    result = with_note.retriever.search("Which decisions are on Jonas's plate?")
    assert not result.abstained
    assert [hit.chunk.section for hit in result.hits[:2]] == ["Till and stock system"] * 2
    assert all("Owner: Jonas" in hit.chunk.text for hit in result.hits[:2])


@pytest.mark.parametrize(
    "question",
    [
        "What will the weather be like on Saturday?",
        "What's on TV in April?",
    ],
)
def test_a_users_note_leaves_questions_naming_a_day_or_a_month_it_uses_declined(
    with_note: KnowledgeBase, question: str
) -> None:
    assert with_note.retriever.search(question).abstained


def test_an_answer_about_a_person_of_the_users_note_gives_their_rows_alone(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("Which decisions are on Jonas's plate?")
    assert [item.text.split(". Owner:")[0] for item in answer.items] == [
        "Replace the old tills with one cloud till system for all shops",
        "Link the tills to the stock spreadsheet so flour orders are counted automatically",
    ]
    assert "Amira" not in answer.answer
    assert answer.citations[0].source == COMPANY_NOTE.name


def test_word_tokens_drop_a_possessive() -> None:
    assert word_tokens("what is on amira's plate?") == set(tokenize("what is on amira plate"))
