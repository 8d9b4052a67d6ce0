"""Answers a person would write, with the real model: a set asked for comes whole, in order,
one cited line per item; the lead answers; a named row comes alone; a user's own document
answers questions about it; and the labelled answer set stays as complete as measured."""

from __future__ import annotations

import re

import pytest

from knowledge.base import KnowledgeBase
from knowledge.question_shapes import asks_for_set, asks_per_row
from tests.bench.answer_labels import (
    COMPANY_NOTE,
    AnswerScore,
    load_answer_set,
    score_answers,
    word_count,
)

PITFALLS = [
    "Feature Overload",
    "Process Mismatch",
    "Integration Issues",
    "Lack of User Adoption",
    "ROI Miscalculation",
]


def test_a_question_for_a_set_gets_the_whole_table_in_order(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask("What are the most common pitfalls when automating?")
    assert [item.text.split(":")[0] for item in answer.items] == PITFALLS
    assert all(item.n == 1 for item in answer.items)
    lines = answer.answer.splitlines()
    assert lines[0].startswith("Five pitfalls")
    assert [line.removeprefix("- ").split(":")[0] for line in lines[1:]] == PITFALLS
    assert all(line.endswith("[1]") for line in lines[1:])
    assert "Lack of User Adoption" in answer.citations[0].text


def test_a_whole_unit_stays_within_one_screen(knowledge_base: KnowledgeBase) -> None:
    answer = knowledge_base.ask("What's on the strategic alignment checklist?")
    assert len(answer.items) == 8
    assert word_count(answer.answer) <= 250


def test_a_question_naming_one_row_gets_that_row(knowledge_base: KnowledgeBase) -> None:
    answer = knowledge_base.ask(
        "what does level 4 look like?",
        context="What are the levels of the automation maturity model?",
    )
    assert [item.text.split(":")[0] for item in answer.items] == ["Level 4, Dynamic"]
    assert "Level 2" not in answer.answer


@pytest.mark.parametrize(
    ("question", "row"),
    [
        ("What does the highest maturity level look like?", "Level 4, Dynamic"),
        ("Which maturity stage is the earliest one?", "Level 1, Reactive"),
    ],
)
def test_a_question_for_the_top_or_bottom_row_gets_that_row_alone(
    knowledge_base: KnowledgeBase, question: str, row: str
) -> None:
    answer = knowledge_base.ask(question)
    assert [item.text.split(":")[0] for item in answer.items] == [row]


@pytest.mark.parametrize(
    "question",
    [
        "What are the four perspectives of the balanced scorecard for automation?",
        "What does SMART stand for when we set our business objectives?",
        "Should we pilot the new CRM first?",
    ],
)
def test_the_answer_never_leads_with_a_sentence_that_points_back(
    knowledge_base: KnowledgeBase, question: str
) -> None:
    answer = knowledge_base.ask(question)
    assert not answer.answer.startswith(("This ", "These ", "Once ", "That ", "It "))


def test_a_sentence_that_points_back_brings_its_antecedent(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask(
        "What are the four perspectives of the balanced scorecard for automation?"
    )
    assert "Balanced Scorecard approach, adapted for automation. This framework" in answer.answer
    assert "Learning & Growth" in answer.answer


def test_a_set_the_documents_write_as_one_sentence_leads_the_answer(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask("Besides the savings, what else belongs in the ROI of an AI tool?")
    assert answer.answer.startswith("Beyond direct cost savings and revenue increases")
    assert "brand reputation" in answer.answer


def test_a_question_for_kinds_of_a_thing_gets_the_unit_naming_its_kinds(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask("Which types of alignment matter when we adopt AI?")
    assert [item.text.split(":")[0] for item in answer.items][:2] == [
        "Functional Alignment",
        "Tactical Alignment",
    ]


def test_a_table_row_quoted_among_sentences_reads_as_a_line_of_its_table(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask("Should we pilot the new CRM first?")
    assert answer.answer.startswith(
        "Pilot Projects: Are you starting with small pilot projects before large-scale "
        "implementation? (Strategic Alignment Checklist for SMB Automation) [1]"
    )


def test_steps_in_the_corpus_come_numbered(knowledge_base: KnowledgeBase) -> None:
    answer = knowledge_base.ask("What are the practical steps to automate strategically?")
    lines = answer.answer.splitlines()
    assert [line.split(".")[0] for line in lines[1:]] == ["1", "2", "3", "4", "5"]
    assert lines[1].startswith("1. Conduct a thorough assessment of current processes")


def test_asking_how_to_start_after_another_topic_gets_the_steps(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask(
        "ok and how do I get started?",
        context="Should we put a chatbot on our website to answer customers?",
    )
    assert answer.answer.splitlines()[1].startswith("1. ")
    assert len(answer.items) >= 3


def test_a_question_on_a_users_section_title_is_answered_from_it(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("What are our priorities for 2027?")
    assert answer.confident
    assert answer.citations[0].source == COMPANY_NOTE.name
    assert len(answer.items) == 4
    assert answer.items[0].text.startswith("Open a third shop in Portside")


def test_a_question_on_a_users_own_words_is_answered_from_it(with_note: KnowledgeBase) -> None:
    answer = with_note.ask("What did we decide about the delivery van?")
    assert answer.citations[0].source == COMPANY_NOTE.name
    assert "Mateo" in answer.answer


def test_a_users_document_leaves_off_topic_questions_declined(with_note: KnowledgeBase) -> None:
    assert not with_note.ask("What will the weather be like on Saturday?").confident


def test_a_what_about_follow_up_the_passages_do_not_speak_to_says_so(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask(
        "what about the cost?",
        context="Should we put a chatbot on our website to answer customers?",
    )
    assert answer.answer.startswith("The documents don't cover that")
    assert "speaks of cost" in answer.answer
    assert "chatbot" not in answer.answer.lower()


def test_a_follow_up_going_on_to_an_uncovered_aspect_says_so_instead_of_declining(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask(
        "so how long does it usually take?",
        context="How do we get our staff to use the new scheduling tool?",
    )
    assert answer.answer.startswith("The documents don't cover that")
    assert "speaks of time" in answer.answer
    assert "I have no guidance" not in answer.answer


def test_an_off_topic_follow_up_is_not_given_unrelated_passages(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask(
        "and what's the weather like tomorrow?",
        context="How do we get our staff to use the new scheduling tool?",
    )
    assert not answer.confident
    assert not answer.citations


def test_a_what_about_follow_up_the_passages_cover_is_answered(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask(
        "what about online sales?",
        context="Which KPIs should we track for customer retention?",
    )
    assert not answer.answer.startswith("The documents don't cover")
    assert "Online Sales" in answer.answer


def test_the_labelled_answer_set_stays_as_complete_as_measured(
    knowledge_base: KnowledgeBase, with_note: KnowledgeBase
) -> None:
    labelled = load_answer_set()

    def score_of(*splits: str) -> AnswerScore:
        chosen = [q for q in labelled.questions if q.split in splits]
        answers = [
            (with_note if q.corpus == "user" else knowledge_base).ask(q.question, context=q.context)
            for q in chosen
        ]
        return score_answers(chosen, [a.answer for a in answers])

    dev = score_of("dev")
    assert dev.complete >= 0.95, dev.misses
    assert dev.recall >= 0.97, dev.misses
    # The holdouts tuned on in rounds 5-7 (0.500, 0.750, 0.500 complete when measured).
    tuned = score_of("holdout4", "holdout5", "holdout6")
    assert tuned.complete >= 0.57, tuned.misses
    assert tuned.recall >= 0.6, tuned.misses


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What are the levels of the maturity model?", True),
        ("Which KPIs go with which objective?", True),
        ("What metrics tell me if it works?", True),
        ("List the pitfalls.", True),
        ("what makes an objective SMART?", False),
        ("What does level 4 look like?", False),
        ("What is the process?", False),
        ("Should we pilot the new CRM first?", False),
        ("What holds a shop like ours back?", True),
        ("What tends to go wrong with a new CRM?", True),
        ("What tends to happen after a pilot?", False),
    ],
)
def test_asks_for_set_tells_a_set_from_a_single_thing(question: str, asks: bool) -> None:
    assert asks_for_set(question) is asks


def test_a_question_for_what_goes_wrong_gets_the_pitfalls_the_prose_names_whole(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask("Where do AI projects at small companies typically go wrong?")
    assert [item.text.split()[:2] for item in answer.items][1:] == [
        ["Another", "is"],
        ["Furthermore,", "a"],
    ]
    assert "technology-driven adoption" in answer.answer


def test_an_item_name_alone_does_not_bring_a_distant_list(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask(
        "What are the hidden costs of a stock system that does not suit our sales?"
    )
    assert "Reduced Costs" not in answer.answer
    assert "lost sales" in answer.answer


def test_a_corpus_question_naming_three_things_can_answer(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask("What goes into the full cost of owning a new software tool?")
    assert all(word in answer.answer for word in ("implementation", "training", "maintenance"))


def test_a_sentence_pointing_back_brings_the_last_sentence_of_the_passage_before(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask("What should we put in place to use AI ethically?")
    assert "guidelines for AI, ensuring" in answer.answer.split("This includes")[0]
    assert "ethics committees" in answer.answer


def test_a_one_word_heading_of_the_users_own_note_answers_from_it(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("Is there anything we will not automate?")
    assert "kneading robot" in answer.answer
    assert answer.citations[0].source.endswith("company_note.md")


def test_a_readiness_question_gets_the_questions_to_ask_whole(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask("How can we tell whether our company is prepared for AI?")
    assert len(answer.items) >= 4
    assert all(item.text.endswith("?") for item in answer.items)


def test_a_question_in_other_words_for_what_goes_wrong_gets_the_challenges_whole(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask(
        "What gets in the way when a small firm tries to align its automation with its strategy?"
    )
    assert answer.answer.startswith("Three points")
    assert "in-house expertise" in answer.answer


def test_a_question_for_one_thing_per_row_gets_the_column_it_names_for_every_row(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask("What does each of the maturity stages focus its automation on?")
    assert [item.text.split(":")[0] for item in answer.items] == [
        "Level 1, Reactive",
        "Level 2, Functional",
        "Level 3, Integrated",
        "Level 4, Dynamic",
    ]
    assert answer.answer.startswith("Automation Focus for each maturity level")
    assert "Isolated departmental tasks" in answer.answer
    assert "Basic cost savings" not in answer.answer  # another column of the same rows


def test_a_question_pairing_two_sets_gets_the_table_that_pairs_them(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask("Which pillar matches with which AI application?")
    assert [item.text.split(":")[0] for item in answer.items] == [
        "Customer Acquisition",
        "Operational Efficiency",
        "Product Innovation",
        "Customer Retention",
    ]
    assert "Robotic Process Automation" in answer.answer


def test_a_set_question_naming_a_column_gets_that_column_not_the_whole_rows(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask("What are the impacts of the common pitfalls on a small firm?")
    assert [item.text.split(":")[0] for item in answer.items] == PITFALLS
    assert "Data silos, fragmented workflows" in answer.answer
    assert "excessive features" not in answer.answer  # the description column


def test_a_per_row_question_reaches_a_users_table_through_the_lexicons_word_for_a_column(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("At the bakery, who handles which job?")
    assert answer.answer.startswith("Three decisions, from \u201cTill and stock system\u201d")
    assert "Jonas" in answer.answer
    assert "Amira" in answer.answer
    assert "Deadline: March 2027" in answer.answer  # a synonym does not cut the other columns


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What should we budget for each?", True),
        ("What does each one of them cost?", True),
        ("What is the price of each plan?", True),
        ("Which tool fits with which department?", True),
        ("Who is responsible for what in the rollout?", True),
        ("Who looks after which supplier?", True),
        ("How does the focus change from one level to the next?", True),
        ("Should each department buy its own tools?", False),
        ("How do we change suppliers without trouble?", False),
        ("What are the levels of the maturity model?", False),
        ("Which tool fits a bakery?", False),
    ],
)
def test_asks_per_row_tells_one_thing_per_member_from_a_set(question: str, asks: bool) -> None:
    assert asks_per_row(question) is asks


def test_a_question_for_what_to_ask_leads_with_the_documents_own_question(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask(
        "When we judge a new system by what it does for our customers, what should we be asking?"
    )
    lead = answer.answer.split(" [")[0]
    assert lead.endswith("?")


def test_a_sentence_naming_three_things_with_the_serial_comma_leads_a_set_answer(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask(
        "We keep outgrowing our software. How should our systems be put together so they "
        "can change when the business does?"
    )
    assert "cloud computing, microservices architecture, and API-driven integrations" in (
        answer.answer
    )


def test_a_listing_sentence_of_the_best_passage_wins_over_a_table_the_question_does_not_name(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask(
        "If we write our own rules for using AI responsibly, which issues should they cover?"
    )
    assert not answer.items
    assert "algorithmic bias, data privacy, transparency, accountability" in answer.answer


def test_how_to_start_is_not_answered_by_steps_far_below_the_question(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask("We have never tried AI. How do we start small?")
    assert "Practical Steps" not in answer.answer
    assert "pilot projects" in answer.answer


def test_a_question_naming_someone_in_the_users_notes_gets_every_line_naming_them(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("What is Amira responsible for this year?")
    assert answer.answer.startswith("What your notes say about Amira:")
    assert [item.text.split()[:2] for item in answer.items] == [["Open", "a"], ["Train", "every"]]
    assert [item.n for item in answer.items] == [1, 2]
    assert "Jonas" not in answer.answer


def test_a_question_for_the_deadlines_gets_the_dated_lines_of_the_year_asked(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("Which dates do we need to keep in mind for 2027?")
    assert "November 2026" not in answer.answer
    dates = [re.search(r"(March|April|June|September)", item.text) for item in answer.items]
    assert [d.group(1) if d else None for d in dates] == [
        "March",  # the van, from a paragraph the search did not rank among the five best
        "March",
        "April",
        "June",
        "September",
    ]


def test_a_question_for_the_dates_of_one_section_gets_that_sections_dates(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("For the till changeover, what's due when?")
    assert [item.text.split()[0] for item in answer.items] == ["Train", "Replace", "Link"]
    assert "Portside" not in answer.answer


def test_a_name_of_several_words_is_written_as_the_question_writes_it(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("What happens at the Quay Street shop?")
    assert answer.answer.startswith("What your notes say about Quay Street:")
    assert "Saturday queue" in answer.answer


def test_a_short_passage_of_the_users_notes_that_answers_is_quoted_whole(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("When do we review the van lease?")
    assert "from March 2027" in answer.answer
    assert "after six months against courier costs" in answer.answer
    assert not answer.items


def test_an_item_name_alone_does_not_bring_a_list_when_the_best_passage_lists_things(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask(
        "and which numbers would show it is paying off?",
        context="We sell software on subscription. Is marketing automation worth it for us?",
    )
    assert "ROI Beyond Numbers" not in answer.answer
    assert "customer acquisition cost (CAC), customer lifetime value (CLTV), and churn rate" in (
        answer.answer
    )


def test_a_statement_is_followed_by_the_next_sentence_listing_what_it_takes(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask(
        "How do we make sure all our departments know what our technology is for and can use it?"
    )
    said, listed = "understand the strategic role of technology", "This involves training programs"
    assert said in answer.answer
    assert answer.answer.index(listed) > answer.answer.index(said)


def test_a_question_naming_a_heading_of_the_users_notes_gets_that_list_not_dated_lines(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("What are the targets and dates of our priorities for 2027?")
    assert "Priorities for 2027" in answer.answer.splitlines()[0]
    assert all(figure in answer.answer for figure in ("a quarter", "ten minutes", "September"))


def test_a_question_for_the_short_version_gets_the_key_takeaways(
    knowledge_base: KnowledgeBase,
) -> None:
    answer = knowledge_base.ask(
        "Give me the short version: what should I keep in mind before automating anything?"
    )
    assert "Key Takeaways" in answer.answer.splitlines()[0]
    assert len(answer.items) == 5


def test_a_follow_up_in_a_thread_about_someone_in_the_notes_gets_their_dates(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("and by when?", context="What does Jonas have to get done next year?")
    assert answer.answer.startswith("What your notes say about Jonas:")
    assert "April 2027" in answer.answer
    assert "June 2027" in answer.answer
    assert "Amira" not in answer.answer


def test_a_follow_up_to_an_off_topic_question_naming_a_day_of_the_notes_stays_declined(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("and by when?", context="What will the weather be like on Saturday?")
    assert not answer.confident
    assert not answer.citations


def test_a_name_of_the_notes_written_in_lower_case_still_names_its_lines(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("and what does amira do?", context="What are our priorities for 2027?")
    assert answer.answer.startswith("What your notes say about Amira:")
    assert len(answer.items) == 2


def test_a_question_for_the_dates_of_a_year_the_notes_never_give_says_so(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("What deadlines do we have in 1999?")
    assert answer.answer.startswith("Your notes give no dates in 1999.")
    assert not answer.confident
    assert not answer.items


def test_a_month_without_a_year_takes_the_year_of_its_heading(
    with_note: KnowledgeBase,
) -> None:
    answer = with_note.ask("Which dates do we need to keep in mind for 2026?")
    assert "November 2026" in answer.answer
    assert "by September" not in answer.answer  # under "Priorities for 2027"
