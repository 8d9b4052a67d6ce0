"""The names every part of the interview shares: the question types (what each one does is
`bot.interview.answers.ANSWER_TYPES`) and the fixed ids of the built-in options."""

from __future__ import annotations

from typing import Literal

QuestionType = Literal[
    "yes_no",
    "choice",
    "multi",
    "scale",
    "number",
    "money",
    "percent",
    "duration",
    "date",
    "text",
    "list",
    "gate",
]

# Fixed vocabularies of the built-in answer types: (id, label).
TRI_OPTIONS = (("yes", "Yes"), ("partly", "Partly"), ("no", "No"))
# Offered after them by a yes/no question whose bank entry says `not_applicable: true`.
NOT_APPLICABLE_OPTION = ("not_applicable", "Not applicable")
GATE_OPTIONS = (("yes", "Yes"), ("no", "No"))
UNKNOWN_ID = "unknown"
NONE_ID = "none"
