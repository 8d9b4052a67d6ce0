"""A user's note answers the questions about it and no others: with the company note indexed
next to the shipped documents (real model), a question about automating in general is not
taken over by a note heading made of common words ("What we will not automate"), by a word
the documents happen not to use ("shop", "robot") nor by a list of the note a word of the
question names ("priority"); a name of the note counts however the question writes it."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.base import KnowledgeBase
from knowledge.models import Answer
from knowledge.terms import months_asked, name_tails
from knowledge.text import word_stems
from tests.bench.answer_labels import CLINIC_NOTE, COMPANY_NOTE


def _cites_note(answer: Answer) -> bool:
    return any(c.source == COMPANY_NOTE.name for c in answer.citations)


@pytest.mark.parametrize(
    "question",
    [
        "How do I choose KPIs for an automation project?",
        "How do I decide which automation projects to tackle first?",
        "What are the four perspectives of the balanced scorecard for automation?",
    ],
)
def test_a_question_about_automating_is_not_answered_from_a_note_heading_of_common_words(
    with_note: KnowledgeBase, question: str
) -> None:
    assert not _cites_note(with_note.ask(question))


def test_a_note_heading_of_common_words_asked_whole_is_answered_from_it(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("What will we not automate?")
    assert answer.answer.startswith("The sourdough is shaped by hand")
    assert _cites_note(answer)


@pytest.mark.parametrize(
    "question",
    [
        "Our online shop wants to target the shoppers most likely to buy. How does data and "
        "automation help?",
        "Can software robots speed up how long it takes us to process an order?",
    ],
)
def test_a_word_only_the_note_uses_does_not_bring_a_note_passage_far_less_similar(
    with_note: KnowledgeBase, question: str
) -> None:
    assert not _cites_note(with_note.ask(question))


def test_a_list_of_the_note_is_not_the_answer_to_a_question_its_heading_word_is_in(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("If our priority is keeping customers, which processes matter most?")
    assert not _cites_note(answer)


def test_a_list_entry_s_first_word_is_not_a_name(with_note: KnowledgeBase) -> None:
    question = "After launch, how do we check that our automation is still serving the strategy?"
    assert with_note.retriever.user_names_in(question) == set()
    assert not _cites_note(with_note.ask(question))


@pytest.mark.parametrize("question", ["what does amira do?", "jonas?", "Jonas what is he on?"])
def test_a_name_of_the_note_asked_first_in_any_case_or_place_names_its_lines(
    with_note: KnowledgeBase, question: str
) -> None:
    answer = with_note.ask(question)
    assert answer.answer.startswith("What your notes say about")
    assert answer.items


def test_the_second_word_of_a_place_name_alone_is_not_a_name(with_note: KnowledgeBase) -> None:
    assert with_note.retriever.user_names_in("what is on the street?") == set()
    assert with_note.retriever.user_names_in("what about quay street?") == {"quay"}


def test_name_tails_are_the_words_written_capitalised_only_after_another() -> None:
    text = "Keep the queue short at the Quay Street shop. Harbour Lane Bakery. Run by Amira."
    assert name_tails([text]) == {"street", "lane", "bakery"}


def test_a_name_also_written_alone_is_not_a_tail() -> None:
    assert name_tails(["I'm Priya and I own the clinic.", "Who: Priya. When: March"]) == set()


def test_word_stems_keep_stop_words_but_not_the_words_a_question_wraps_them_in() -> None:
    asked = word_stems("Is there anything we won't automate?")
    assert word_stems("What we will not automate") == asked
    assert word_stems("What we will not automate") != word_stems("What do we automate?")


def test_a_question_for_what_is_due_leaves_out_the_past_dates_and_says_so(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("What deadlines do we have?")  # asked on 4 December 2026
    assert answer.answer.startswith("The dates ahead in your notes (1 earlier date left out):")
    assert "November 2026" not in answer.answer
    assert "March 2027" in answer.answer


def test_a_question_for_what_is_due_when_every_date_is_past_says_so(
    with_note: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(with_note, "clock", lambda: date(2028, 1, 1))
    answer = with_note.ask("What does Jonas have to get done, and by when?")
    assert answer.answer.startswith("Every date in your notes about Jonas is before January 2028.")
    assert not answer.confident


def test_a_question_for_the_dates_of_our_notes_lists_every_one(with_note: KnowledgeBase) -> None:
    answer = with_note.ask("which dates are in our notes?")
    assert answer.answer.startswith("The dates in your notes:")
    assert "November 2026" in answer.answer
    assert len(answer.items) == 6


def test_a_question_about_our_notes_on_something_they_never_mention_is_not_answered_from_them(
    with_note: KnowledgeBase,
) -> None:
    assert not _cites_note(with_note.ask("what is in our notes about KPIs?"))


def test_the_notes_passage_naming_a_place_that_best_matches_the_question_comes_first(
    with_clinic: KnowledgeBase,
) -> None:
    answer = with_clinic.ask("Who's running the Saturday desk at Eastgate, and from when?")
    assert answer.answer.startswith("Eastgate opens on Saturday mornings from May 2027")


def test_a_question_for_what_is_due_in_a_month_lists_that_month_only(
    with_clinic: KnowledgeBase,
) -> None:
    answer = with_clinic.ask("What's due in March 2027?")
    assert [item.text.endswith("When: March 2027") for item in answer.items] == [True, True]


def test_a_question_for_a_month_the_notes_give_no_date_in_says_so(
    with_clinic: KnowledgeBase,
) -> None:
    answer = with_clinic.ask("What's due in August 2027?")
    assert answer.answer.startswith("Your notes give no dates in August 2027.")
    assert not answer.confident


def test_when_one_thing_happens_is_not_a_question_for_every_date(
    with_clinic: KnowledgeBase,
) -> None:
    answer = with_clinic.ask("Who deals with the insurance claims, and when do they get chased?")
    assert answer.answer.startswith("Gareth does the books and chases the insurance claims")
    assert not answer.items


def test_a_paragraph_of_the_notes_that_answers_is_quoted_whole(
    with_clinic: KnowledgeBase,
) -> None:
    answer = with_clinic.ask(
        "What did we decide about the AI chatbot the booking company offered us?"
    )
    assert "We said no." in answer.answer
    assert "We look at it again in 2028" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Where does the money go when we automate something that doesn't fit the strategy?",
        "Once we've written down what we want, what do we do next to line our technology up?",
    ],
)
def test_a_short_heading_of_common_words_does_not_take_a_question_about_the_documents(
    with_clinic: KnowledgeBase, question: str
) -> None:
    assert not any(c.source == CLINIC_NOTE.name for c in with_clinic.ask(question).citations)


def test_a_capitalised_word_that_is_not_a_name_of_the_notes_does_not_list_its_lines(
    with_clinic: KnowledgeBase,
) -> None:
    answer = with_clinic.ask(
        "How do we keep score on whether automation is keeping our customers coming back? "
        "Which KPIs should we track?"
    )
    assert not answer.answer.startswith("What your notes say about")


def test_a_name_after_i_m_and_a_table_row_s_first_word_are_told_apart(
    with_clinic: KnowledgeBase,
) -> None:
    assert with_clinic.retriever.user_names_in("what's priya doing? write it down") == {"priya"}


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("What deadlines do we have?", "The dates in your notes:"),
        ("anything due in april?", "The dates in your notes, in April"),
    ],
)
def test_a_question_for_our_dates_reads_the_notes_whatever_their_column_is_called(
    with_clinic: KnowledgeBase, question: str, head: str
) -> None:
    assert with_clinic.ask(question).answer.startswith(head)


def test_a_question_about_where_we_stand_names_what_it_capitalises(
    with_agency: KnowledgeBase,
) -> None:
    answer = with_agency.ask("Which KPIs are we tracking in 2027?")
    assert answer.answer.startswith("What your notes say about KPIs")
    assert "clients renewing" in answer.answer


def test_a_question_for_the_dates_since_a_month_lists_every_one_from_then(
    with_agency: KnowledgeBase,
) -> None:
    answer = with_agency.ask(
        "Run me through the decisions we've taken since November, with their dates."
    )
    assert len(answer.items) >= 4
    assert "18 January 2027" in answer.answer


def test_may_as_a_verb_a_made_up_month_or_slack_markup_name_no_month() -> None:
    assert months_asked("<!channel> what may we do? anything due in Smarch?") == []


def test_since_a_month_is_not_asking_for_that_month() -> None:
    assert months_asked("what have we decided since November?") == []
    assert months_asked("anything due in april or by May 2027?") == ["April", "May 2027"]


def test_a_question_about_our_notes_with_none_indexed_says_how_to_add_them(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask("which dates are in our notes?")
    assert answer.answer.startswith("No notes of your business are indexed yet")
    assert "alignbot index" in answer.answer
    assert not answer.confident
