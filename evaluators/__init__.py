"""The deterministic scoring engine: a pure function from an `Assessment` to an `Evaluation`.
Imports nothing from `bot` or `knowledge`.

Public surface::

    load_rubric(path=None) -> Rubric          the only I/O: read and validate rubric.yaml
    evaluate(assessment, rubric) -> Evaluation pure, deterministic, order-invariant
    parse_assessment(text) -> Assessment       JSON in, AssessmentError listing problems
    render_report_text(evaluation, citations=None) -> str   the plain-text report
    render_summary_text(evaluation, full_command=...) -> str  its first screen
"""

from __future__ import annotations

from evaluators.engine import evaluate
from evaluators.errors import AssessmentError, EvaluationError, RubricError
from evaluators.inputs import parse_assessment
from evaluators.models import Assessment
from evaluators.report_text import render_report_text, render_summary_text
from evaluators.results import Evaluation, Finding, InitiativeResult, PlannedKPI
from evaluators.rubric import Rubric, load_rubric

__all__ = [
    "Assessment",
    "AssessmentError",
    "Evaluation",
    "EvaluationError",
    "Finding",
    "InitiativeResult",
    "PlannedKPI",
    "Rubric",
    "RubricError",
    "evaluate",
    "load_rubric",
    "parse_assessment",
    "render_report_text",
    "render_summary_text",
]
