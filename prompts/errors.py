"""The root of alignbot's error hierarchy.

It lives here, in the innermost package, because every layer (knowledge, evaluators, bot)
raises errors that the edges (CLI, terminal, Slack) turn into one friendly sentence::

    AlignbotError                  anything a user can cause or meet; `str(err)` is user-safe
    ├── ConfigError                a missing or invalid setting        (bot/settings.py)
    ├── KnowledgeError             corpus, index, search, answer       (knowledge/errors.py)
    │   └── …
    ├── EvaluationError            scoring engine                      (evaluators/errors.py)
    │   └── RubricError            a broken rubric file
    └── InterviewError             interview engine and answers        (bot/interview/errors.py)
        └── …

Anything that is not an `AlignbotError` is a bug: the edges log it with the request's ids and
show a generic apology, never a stack trace.
"""

from __future__ import annotations


class AlignbotError(Exception):
    """An error whose message is written for the person using the bot."""


class ConfigError(AlignbotError):
    """A setting is missing or invalid; the message names the variable."""
