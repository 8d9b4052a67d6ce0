"""Errors the scoring engine raises; every message is safe to show to the person who caused it.

EvaluationError        anything wrong with scoring input or configuration
├── RubricError        the rubric file is missing, not YAML, or fails validation
└── AssessmentError    an assessment document is not valid JSON or not a valid Assessment
"""

from __future__ import annotations

from prompts.errors import AlignbotError


class EvaluationError(AlignbotError):
    """The scoring engine cannot run on what it was given."""


class RubricError(EvaluationError):
    """The rubric file is broken; the message names the file and the field."""


class AssessmentError(EvaluationError):
    """An assessment document is invalid; `problems` lists each problem on one line."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems
