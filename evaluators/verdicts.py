"""The verdicts read from scores: an initiative's priority quadrant and the overall band.

Plain numbers in, ids out, so the engine and the levers (which re-score hundreds of answer
changes per report) decide them the same way. Both are monotone: higher scores, or a blocker
cleared by a better answer, never give a worse verdict.
"""

from __future__ import annotations

from collections.abc import Mapping

from evaluators.results import QuadrantId
from evaluators.rubric import BandSpec, Blocker, Rubric

# Best first: the order initiatives are ranked in, and what "a better quadrant" means.
QUADRANT_ORDER: dict[QuadrantId, int] = {
    "do_now": 0,
    "fix_first": 1,
    "strategic_bet": 2,
    "reconsider": 3,
    "stop": 4,
}


def blockers(rubric: Rubric, facts: Mapping[str, float]) -> tuple[Blocker, ...]:
    """Return the rubric's blockers that hold for an initiative's fact values: the problems
    the corpus says to fix before automating, whatever the scores."""
    return tuple(b for b in rubric.quadrants.blockers if facts[b.fact] < b.below)


def quadrant_id(
    rubric: Rubric, alignment: float, value: float, facts: Mapping[str, float]
) -> QuadrantId:
    """Return the priority quadrant of an initiative's scores; a "do now" with a blocker is
    "fix first"."""
    spec = rubric.quadrants
    aligned = alignment >= spec.alignment_at_least
    valuable = value >= spec.value_at_least
    if aligned and valuable:
        return "fix_first" if blockers(rubric, facts) else "do_now"
    if aligned:
        return "strategic_bet"
    return "reconsider" if valuable else "stop"


def band_spec(rubric: Rubric, score: float, weakest_score: float) -> tuple[BandSpec, bool]:
    """Return the band of the overall score and whether the weakest dimension (below the
    rubric's floor) held it down to the ceiling band."""
    band = rubric.band_for(score)
    leg = rubric.weakest_leg
    ceiling = next(b for b in rubric.bands if b.id == leg.band_at_most)
    if weakest_score < leg.below and band.at_least > ceiling.at_least:
        return ceiling, True
    return band, False


def band_rank(rubric: Rubric, band_id: str) -> int:
    """Return the place of a band, best (0) first."""
    return [b.id for b in rubric.bands].index(band_id)
