"""Cleaning, tested on real lines copied from the shipped captures."""

from __future__ import annotations

import pytest

from knowledge.clean import (
    clean_line,
    is_image_description,
    is_noise_line,
    mark_gaps,
    normalise_bullets,
    strip_glossary_popups,
    strip_references,
    strip_trailing_explore,
)
from knowledge.sources import SOURCES_DIR


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            # 000: the pop-up sits between the subject and its verb.
            "This scenario, while simplified, cuts to the heart of why strategic alignment "
            "Meaning ● Strategic Alignment for SMBs: Dynamically adapting strategies & "
            "operations for sustained growth in complex environments. is not just a corporate "
            "buzzword but a critical determinant of automation Return on Investment (ROI) for "
            "Small and Medium Businesses (SMBs).",
            "This scenario, while simplified, cuts to the heart of why strategic alignment is "
            "not just a corporate buzzword but a critical determinant of automation Return on "
            "Investment (ROI) for Small and Medium Businesses (SMBs).",
        ),
        (
            # 001: two pop-ups in one sentence.
            "For example, customer satisfaction Meaning ● Customer Satisfaction: Ensuring "
            "customer delight by consistently meeting and exceeding expectations, fostering "
            "loyalty and advocacy. scores, customer retention Meaning ● Customer Retention: "
            "Nurturing lasting customer relationships for sustained SMB growth and advocacy. "
            "rates, and Net Promoter Score (NPS) can measure the impact of automation on "
            "customer experience.",
            "For example, customer satisfaction scores, customer retention rates, and Net "
            "Promoter Score (NPS) can measure the impact of automation on customer experience.",
        ),
        (
            # 000: a pop-up whose definition contains "(SMB)" and is followed by "(KPIs)".
            "It requires establishing Key Performance Indicators Meaning ● Key Performance "
            "Indicators (KPIs) represent measurable values that demonstrate how effectively a "
            "small or medium-sized business (SMB) is achieving key business objectives. (KPIs) "
            "that reflect both the efficiency gains",
            "It requires establishing Key Performance Indicators (KPIs) that reflect both the "
            "efficiency gains",
        ),
        (
            # 000: a pop-up inside a table caption.
            "Example KPIs for Strategic Automation Meaning ● Strategic Automation: Intelligently "
            "applying tech to SMB processes for growth and efficiency. Alignment",
            "Example KPIs for Strategic Automation Alignment",
        ),
    ],
)
def test_strip_glossary_popups_keeps_the_sentence_reading_on(raw: str, expected: str) -> None:
    assert strip_glossary_popups(raw) == expected


def test_clean_line_turns_a_popup_followed_by_a_bullet_into_a_dash() -> None:
    raw = (
        "Advanced strategic alignment extends beyond process automation to encompass cognitive "
        "automation Meaning ● Cognitive Automation for SMBs: Smart AI systems streamlining "
        "tasks, enhancing customer experiences, and driving growth. ● leveraging artificial "
        "intelligence (AI) and machine learning (ML)"
    )
    assert clean_line(raw) == (
        "Advanced strategic alignment extends beyond process automation to encompass cognitive "
        "automation — leveraging artificial intelligence (AI) and machine learning (ML)"
    )


@pytest.mark.parametrize(
    "paragraph",
    [
        "Capturing the essence of modern solutions for your small business success, a focused "
        "camera lens showcases technology's pivotal role in scaling business with automation "
        "and digital marketing strategies, embodying workflow optimization.",
        "This image presents a stylish and innovative lighting element symbolizing strategic "
        "business processes and success for entrepreneurs running a small or medium sized firm.",
        "A magnified visual of interconnected flows highlights core innovation for small "
        "business owners looking for scalability, offering a detailed view into operational "
        "success. Silver and red converging pathways symbolize problem solving.",
        "Geometric shapes depict Small Business evolution, signifying Growth within the Market "
        "and strategic goals of Entrepreneur success.",
        "The modern desk setup depicts streamlined professional efficiency for Small Business "
        "or scaling enterprises.",
        "Focusing on a segment of a smooth black circular product edged with red set on dark "
        "background. It emphasizes streamlined productivity and optimization within Small "
        "Business workflows.",
        "The view emphasizes technology's pivotal role in optimizing workflow automation, vital "
        "for business scaling. Focus directs viewers to innovation, portraying potential for "
        "growth in small business settings with effective time management using available "
        "tools to optimize processes. The scene envisions Business owners equipped with "
        "innovative solutions, ensuring resilience, supporting enhanced customer service.",
        "A crystal ball balances on a beam, symbolizing business growth for Small Business "
        "owners and the strategic automation needed for successful Scaling Business.",
        "This dynamic business illustration emphasizes SMB scaling streamlined processes and "
        "innovation using digital tools. Aiming for success via business goals the image "
        "suggests a strategic planning framework for small to medium sized businesses.",
        "The Lego mosaic illustrates a modern workplace concept ideal for SMB, blending elements "
        "of technology, innovation, and business infrastructure using black white and red color "
        "palette.",
    ],
)
def test_is_image_description_recognises_alt_text_by_what_it_talks_about(
    paragraph: str,
) -> None:
    assert is_image_description(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Strategic alignment isn’t a complex, abstract concept reserved for large corporations.",
        "Strategic harmony in automation is about creating a symphony of technological "
        "capabilities, where each automated process plays its part in a cohesive, strategically "
        "driven composition.",
        "Software vendors and consultants eagerly promote their solutions, showcasing "
        "impressive features and potential ROI.",
        "Strategic alignment, when viewed through a multi-dimensional lens encompassing "
        "culture, ethics, and societal impact, elevates AI automation from a mere efficiency "
        "tool to a catalyst for responsible and sustainable business transformation.",
        "Reflection",
        "Our brand colours are red and black, and our shop front is white.",
    ],
)
def test_is_image_description_keeps_real_paragraphs(paragraph: str) -> None:
    assert not is_image_description(paragraph)


def test_is_image_description_flags_exactly_the_alt_texts_of_the_corpus() -> None:
    flagged = {
        path.name[:3]: sum(
            1
            for line in path.read_text(encoding="utf-8").splitlines()
            if is_image_description(strip_glossary_popups(line))
        )
        for path in sorted(SOURCES_DIR.glob("*.txt"))
    }
    # Document 002 carries 25 image alt texts; the other captures carry none.
    assert flagged == {"000": 0, "001": 0, "002": 25, "003": 0, "004": 0}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Strategic alignment, in its simplest form, means ensuring every action a business "
            "takes ● especially significant investments like ● directly supports its overarching "
            "strategic objectives.",
            "Strategic alignment, in its simplest form, means ensuring every action a business "
            "takes ● especially significant investments like … directly supports its overarching "
            "strategic objectives.",
        ),
        (
            "SMBs can foster a culture where every is directly linked to tangible business "
            "outcomes, maximizing the potential for positive ROI.",
            "SMBs can foster a culture where every … is directly linked to tangible business "
            "outcomes, maximizing the potential for positive ROI.",
        ),
        (
            "AI-powered product recommendations that directly boost sales. demands a holistic "
            "view, ensuring AI initiatives are not isolated projects",
            "AI-powered product recommendations that directly boost sales. … demands a holistic "
            "view, ensuring AI initiatives are not isolated projects",
        ),
        (
            "For example, if is a strategic pillar, AI-powered marketing automation",
            "For example, if … is a strategic pillar, AI-powered marketing automation",
        ),
        (
            "Furthermore, a lack of in-house expertise in strategic planning",
            "Furthermore, a lack of in-house expertise in strategic planning",
        ),
        (
            "qualitative indicators (e.g. customer feedback, employee satisfaction surveys)",
            "qualitative indicators (e.g. customer feedback, employee satisfaction surveys)",
        ),
    ],
)
def test_mark_gaps_marks_stripped_words_without_inventing_any(raw: str, expected: str) -> None:
    assert mark_gaps(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Key Takeaways for SMBs ●", "Key Takeaways for SMBs:"),
        (
            "The Core Idea ● Strategy First, Automation Second",
            "The Core Idea — Strategy First, Automation Second",
        ),
        ("Maturity Level Level 1 ● Reactive |", "Maturity Level Level 1 — Reactive |"),
    ],
)
def test_normalise_bullets_makes_separators_readable(raw: str, expected: str) -> None:
    assert normalise_bullets(raw) == expected


@pytest.mark.parametrize(
    ("line", "noise"), [("Skip to main content", True), ("Fundamentals", False), ("", False)]
)
def test_is_noise_line_recognises_page_chrome(line: str, noise: bool) -> None:
    assert is_noise_line(line) is noise


def test_strip_trailing_explore_drops_the_link_list_at_the_end() -> None:
    lines = [
        "Strategic alignment is a compass for SMBs, guiding beyond efficiency to vision.",
        "",
        "Explore",
        "What Role Does Culture Play In Strategic Alignment?",
        "How Can SMBs Measure Strategic Alignment Effectiveness?",
    ]
    assert strip_trailing_explore(lines) == lines[:2]


def test_strip_trailing_explore_keeps_an_explore_heading_followed_by_prose() -> None:
    lines = ["Explore", "We explore three options for the warehouse in this section."]
    assert strip_trailing_explore(lines) == lines


def test_strip_references_drops_the_bibliography_and_keeps_reflection() -> None:
    lines = [
        "References",
        "- Porter, Michael E. Competitive Advantage ● Creating and Sustaining Superior "
        "Performance. Free Press, 1985.",
        "  • Kaplan, Robert S., and David P. Norton. The Balanced Scorecard.",
        "",
        "Reflection",
        "Consider the prevailing narrative around SMB automation.",
    ]
    assert strip_references(lines) == ["Reflection", lines[-1]]
