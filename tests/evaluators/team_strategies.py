"""Hypothesis strategies for team pulses: an owner's side and any valid responses."""

from __future__ import annotations

from hypothesis import strategies as st

from evaluators.team_models import (
    SOMETHING_ELSE,
    PulseResponse,
    TeamInitiative,
    TeamInput,
    TeamObjective,
)

OBJECTIVES = tuple(TeamObjective(id=f"o{i}", statement=f"Objective {i}") for i in range(1, 5))
INITIATIVES = (
    TeamInitiative(id="crm", name="CRM", owner_rating=5),
    TeamInitiative(id="bot", name="Chatbot", owner_rating=2),
    TeamInitiative(id="inv", name="Inventory sync", owner_rating=None),
)
# Free texts a person may write after "something else", each with a word no other holds.
OTHER_TEXTS = ("SECRET-TEXT cash flow first", "Hiring Quentin's cousin", "cash reserves")
UNIQUE_WORD = {OTHER_TEXTS[0]: "secret", OTHER_TEXTS[1]: "quentin", OTHER_TEXTS[2]: "reserve"}
READY = st.sampled_from(["yes", "partly", "no", "unknown"])
RATING = st.integers(1, 5)


@st.composite
def responses(draw: st.DrawFn) -> PulseResponse:
    """Any one team member's pulse."""
    keys = [o.id for o in OBJECTIVES] + [SOMETHING_ELSE]
    priorities = draw(st.lists(st.sampled_from(keys), max_size=3, unique=True))
    ids = [i.id for i in INITIATIVES]
    rated = draw(st.lists(st.sampled_from(ids), unique=True))
    ready = draw(st.lists(st.sampled_from(ids), unique=True))
    return PulseResponse(
        priorities=tuple(priorities),
        other_priority=draw(st.sampled_from(["", *OTHER_TEXTS])),
        ratings={i: draw(RATING) for i in rated},
        readiness={i: draw(READY) for i in ready},
        knows_kpi=draw(st.sampled_from([None, "yes", "no", "unsure"])),
        involvement=draw(st.one_of(st.none(), RATING)),
    )


def team(answers: list[PulseResponse]) -> TeamInput:
    """The fixed owner's side with `answers`."""
    return TeamInput(
        business="Crumb & Co",
        objectives=OBJECTIVES,
        initiatives=INITIATIVES,
        responses=tuple(answers),
    )
