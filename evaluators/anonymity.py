"""The anonymity rule of team pulses: what the owner may see, and when.

Aggregates are shown only from `min_respondents` answers (never fewer than 3). Once a view
has been shown, a new one comes only when at least `min_respondents` more people have
answered: otherwise comparing the view before and after one more answer would give that
one person's answers exactly (the 3 -> 4 difference). Answers in between are held back,
and the view says how many.
"""

from __future__ import annotations

from evaluators.team_rubric import ANONYMITY_FLOOR


def releasable(answered: int, released: int, min_respondents: int) -> int:
    """Return how many answers (the first ones, in answer order) the owner may see now,
    given that a view of the first `released` was shown before (0: none yet)."""
    k = max(min_respondents, ANONYMITY_FLOOR)
    if answered < k:
        return 0
    if released == 0 or answered - released >= k:
        return answered
    return released
