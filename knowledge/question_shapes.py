"""What a question asks for, told from its words alone: a set of things, one thing per member
of a set, how to do something (or how to start), what to check or ask, what goes wrong, the
top or bottom of a ranking, kinds of a thing. The composers choose the kind of answer by
them; nothing here reads a passage.
"""

from __future__ import annotations

import re

_SET_QUESTION = re.compile(
    r"\b(?:what|which)\s+(?:are|were)\b|\b(?:list|name|give me)\b"
    r"|\bwhat\s+(?:should|do|must|can)\s+(?:i|we)\s+(?:check|ask|consider|look\s+(?:at|for))\b"
    r"|\b(?:stages|levels|steps|types|kinds|phases|pitfalls|mistakes|checklist|metrics|"
    r"dimensions|perspectives|strategies|benefits|takeaways|examples|priorities|areas|"
    r"questions|items|principles)\b",
    flags=re.IGNORECASE,
)
_WHICH_PLURAL = re.compile(r"\b(?:what|which)\s+(\w+)(?:\s+(\w+))?", flags=re.IGNORECASE)
_NOT_PLURAL_TEXT = """does was has is this its ours yours kinds makes means helps works happens
    matters counts causes drives needs takes costs goes gets"""
_NOT_PLURAL = frozenset(_NOT_PLURAL_TEXT.split())
_DETERMINERS_TEXT = "a an the our my your their this that these those it us me we them to"
_DETERMINERS = frozenset(_DETERMINERS_TEXT.split())
HOW_TO = re.compile(
    r"\bhow\s+(?:do|can|should|would|to)\b|\bwhere\s+(?:do|should|can)\s+(?:i|we)\s+"
    r"(?:start|begin)\b|\bget(?:ting)?\s+started\b",
    flags=re.IGNORECASE,
)
HIGHEST = re.compile(
    r"\b(?:most\s+(?:advanced|mature|developed|sophisticated|evolved)|highest|top|final|"
    r"ultimate|last)\b",
    flags=re.IGNORECASE,
)
LOWEST = re.compile(
    r"\b(?:least\s+(?:advanced|mature|developed|sophisticated|evolved)|lowest|bottom|"
    r"most\s+basic|earliest|first)\b",
    flags=re.IGNORECASE,
)
ASKS_WHAT_TO_CHECK = re.compile(
    r"\b(?:check|ask|questions?|consider|look\s+(?:at|for)|evaluate|assess|judge)\b",
    flags=re.IGNORECASE,
)
ASKS_WHAT_TO_ASK = re.compile(
    r"\bwhat\s+(?:questions?\s+)?(?:should|do|must|can|would)\s+(?:i|we|you)\s+(?:be\s+)?ask(?:ing)?\b"
    r"|\bwhich\s+questions\b|\bwhat\s+questions\b",
    flags=re.IGNORECASE,
)
"""A question for the questions to ask ("what should I be asking about it?"): the
documents' own questions answer it, where elsewhere they are rhetorical."""
ASKS_READINESS = re.compile(
    r"\bhow\s+(?:do|can|would|will|should)\s+(?:i|we|you)\s+(?:know|tell|check|see|judge)\s+"
    r"(?:if|whether)\b|\b(?:ready|readiness|prepared)\b",
    flags=re.IGNORECASE,
)
"""A question for a self-check: "how do I know if my business is ready for AI?"; the
documents answer it with their lists of questions to ask (a checklist)."""
MORE_THINGS = re.compile(
    r"\b(?:besides|apart\s+from|aside\s+from|other\s+than|what\s+else)\b"
    r"|\bwhat\s+(?:should|does|do|must)\b.*\b(?:include|count|cover|involve)\b"
    r"|\bwhat\s+goes\s+into\b",
    flags=re.IGNORECASE,
)
"""A question for several things without naming a set: "what should ROI count besides…"."""
WHAT_TO_DO = re.compile(
    r"\bwhat\s+(?:should|must|can|do|does)\s+(?:i|we|you|an?\s+\w+|the\s+\w+|\w+)\s+"
    r"(?:\w+\s+){0,2}(?:do|put\s+in\s+place|set\s+up|have|need|include|cover|measure|track|"
    r"spell\s+out|contain|outline|address)\b",
    flags=re.IGNORECASE,
)
"""A question for the actions something takes: "what should a small company put in
place…"; its answer in prose is a sentence naming them."""
TROUBLE = re.compile(
    r"\b(?:go(?:es|ing)?\s+wrong|hold(?:s|ing)?\s+(?:\w+\s+){0,4}back|stand(?:s)?\s+in\s+the\s+way|"
    r"trip(?:s|ping)?\s+(?:\w+\s+){0,4}up|get(?:s)?\s+in\s+the\s+way|"
    r"challenges?|pitfalls?|mistakes?|risks?|hurdles?|obstacles?|barriers?|problems?)\b",
    flags=re.IGNORECASE,
)
"""What asks for, or names, the things that go wrong: a question asking "what holds us
back?" names a unit called "Challenges…" or "…Pitfalls" as surely as one saying its word."""
STARTING = re.compile(
    r"\bget(?:ting)?\s+started\b|\b(?:start|begin)\b|\bfirst\s+steps?\b|\bgo\s+about\b",
    flags=re.IGNORECASE,
)
"""A how-to question asking for a whole procedure: "how do we get started with…"."""
_PER_ROW = re.compile(
    r"\b(?:for|of)\s+each\b|\beach\s+(?:one|of)\b|\bwhat\s+each\b"
    r"|\bwhich\s+(?:\w+\s+){1,4}(?:goes|go|belongs?|fits?|matches|pairs?)\s+with\s+which\b"
    r"|\bwho\b.*\b(?:in\s+charge\s+of|responsible\s+for|owns?|does|handles|leads|looks\s+after)"
    r"\s+(?:what|which)\b"
    r"|\bhow\s+(?:does|do|did)\s+(?!(?:i|we|you)\b).*\b(?:change|differ|evolve|vary|shift)s?\b"
    r"|\b(?:at|in)\s+each\s+(?:level|stage|step|phase)\b",
    flags=re.IGNORECASE,
)
"""A question asking for one thing per member of a set, or how they pair up ("what should
we automate for each?", "which tool goes with which goal?", "how does it change as…"): a
table answers it, a row to a member."""
KINDS_OF = re.compile(
    r"\b(?:kinds?|types?|sorts?|forms?|dimensions?|categories)\s+of\s+(?:an?\s+|the\s+)?(\w+)",
    flags=re.IGNORECASE,
)


def asks_per_row(question: str) -> bool:
    """Return True when the question asks for one thing per member of a set or how two sets
    pair up ("…for each?", "which tool goes with which goal?", "who does what?"): only a
    table answers it, its rows pairing the members with their things."""
    return bool(_PER_ROW.search(question))


def asks_for_set(question: str) -> bool:
    """Return True when the question asks for a set of things: "what are the…", "list…",
    "which KPIs…" (a plural after what/which), or names a kind of set ("stages", "steps")."""
    if _SET_QUESTION.search(question) or TROUBLE.search(question):
        return True
    return any(
        (word[:-1].isupper() and word.endswith("s"))  # "KPIs"
        or (
            word.lower().endswith("s")
            and not word.lower().endswith(("ss", "us", "is"))
            and word.lower() not in _NOT_PLURAL
            and following.lower() not in _DETERMINERS  # "what makes an…", "what tends to…": verbs
        )
        for word, following in _WHICH_PLURAL.findall(question)
    )


ASKS_DATES = re.compile(
    r"\b(?:deadlines|dates|due|by\s+when|timeline|schedule|upcoming|coming\s+up)\b"
    r"|\bwhen\s+(?:is|are|does|do)\s+(?:each\b|(?:they|those|these|things?)\s+(?:\w+\s+){0,2}"
    r"(?:due|happen\w*|start\w*|finish\w*|done|planned|scheduled)\b)",
    flags=re.IGNORECASE,
)
"""A question for the dates of several things ("what deadlines…", "…and by when?", "when
are they due?"), not for when one thing happens ("when will we know…", "when do they get
chased?")."""


NAMES_THE_NOTES = re.compile(r"\b(?:our|my|the|your)\s+(?:own\s+)?notes?\b", re.IGNORECASE)
"""A question that says it is about the user's notes ("which dates are in our notes?")."""
