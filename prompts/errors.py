"""The root of alignbot's error hierarchy.

It lives here, in the innermost package, because every layer (knowledge, evaluators, bot)
raises errors that the edges (CLI, terminal, Slack) turn into one friendly sentence::

    AlignbotError                  anything a user can cause or meet; `str(err)` is user-safe
    ├── ConfigError                a missing or invalid setting        (prompts/errors.py)
    ├── TemplateError              an answer prompt template           (prompts/templates.py)
    │   └── MissingTemplateVariablesError
    ├── KnowledgeError             corpus, index, search, answer       (knowledge/errors.py)
    │   ├── QuestionError          an empty, emoji-only or non-English question
    │   ├── DocumentError          a document given to `alignbot index`
    │   │   ├── DocumentNotFoundError
    │   │   └── UnreadableDocumentError
    │   ├── SourcesError           the shipped corpus or its metadata
    │   ├── VectorIndexError       Chroma on disk or on a server
    │   ├── EmbeddingModelError    the sentence-transformers model
    │   └── ChatModelError         LLM_MODEL (the answer falls back to extractive)
    ├── EvaluationError            scoring engine                      (evaluators/errors.py)
    │   ├── RubricError            a broken rubric file
    │   └── AssessmentError        an invalid Assessment (`.problems`, one line each)
    ├── InterviewError             interview engine and answers        (bot/interview/errors.py)
    │   ├── QuestionBankError      a broken prompts/interview.yaml
    │   ├── AnswerError            an answer that does not parse (message + example)
    │   ├── AnswersFileError       a bad `alignbot interview --answers` file
    │   └── InterviewStateError    an operation the interview's state does not allow
    │       └── NoInterviewError   nothing open to answer; each surface says how to start
    ├── KpiError                   a KPI value or form that does not parse (bot/kpis/errors.py)
    ├── TeamError                  no owner's report, or pulse answers that do not read
    │                              (bot/team/errors.py)
    └── StoreError                 the database                        (bot/store/errors.py)

Anything that is not an `AlignbotError` is a bug: the edges log it with the request's ids and
show a generic apology, never a stack trace.
"""

from __future__ import annotations


class AlignbotError(Exception):
    """An error whose message is written for the person using the bot."""


class ConfigError(AlignbotError):
    """A setting is missing or invalid; the message names the variable."""
