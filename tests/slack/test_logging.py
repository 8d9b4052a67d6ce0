from __future__ import annotations

import io
import logging

import pytest

from bot.slack.redaction import (
    REDACTED,
    TokenRedactingFilter,
    install_token_redaction,
    redact_tokens,
    request_ids,
)

TOKENS = [
    "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp",
    "xoxp-1-2-3-abcdef",
    "xoxe.xoxp-1-Mi0yLTU2NzE",
    "xoxe-1-My0xLTE",
    "xapp-1-A0123-456-deadbeef",
]


@pytest.mark.parametrize("token", TOKENS)
def test_redact_tokens_replaces_every_kind_of_slack_token(token: str) -> None:
    assert redact_tokens(f"Authorization: Bearer {token}, ok") == (
        f"Authorization: Bearer {REDACTED}, ok"
    )


def test_redact_tokens_leaves_ordinary_text_alone() -> None:
    assert redact_tokens("xoxo hugs and the box-office") == "xoxo hugs and the box-office"


def _logger_with_filter() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(TokenRedactingFilter())
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("test.redaction.filter")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_filter_redacts_tokens_passed_as_arguments() -> None:
    logger, stream = _logger_with_filter()
    logger.info("calling with %s", TOKENS[0])
    assert stream.getvalue() == f"calling with {REDACTED}\n"


def test_filter_redacts_tokens_in_tracebacks() -> None:
    logger, stream = _logger_with_filter()
    try:
        raise RuntimeError(f"bad token {TOKENS[4]}")
    except RuntimeError:
        logger.exception("failed")
    assert "xapp-" not in stream.getvalue()
    assert f"RuntimeError: bad token {REDACTED}" in stream.getvalue()


def test_installed_redaction_covers_records_of_any_logger(
    caplog: pytest.LogCaptureFixture,
) -> None:
    install_token_redaction()
    install_token_redaction()  # idempotent
    with caplog.at_level(logging.INFO):
        logging.getLogger("some.library").info("token=%s", TOKENS[1])
    assert caplog.messages == [f"token={REDACTED}"]


def test_request_ids_names_the_ids_of_an_event() -> None:
    body = {
        "team_id": "T1",
        "event_id": "Ev1",
        "event": {"user": "U1", "channel": "C1", "text": "secret question"},
    }
    assert request_ids(body) == "team=T1 user=U1 channel=C1 event=Ev1"


def test_request_ids_names_the_ids_of_an_interaction() -> None:
    body = {
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "channel": {"id": "C1"},
        "trigger_id": "tr1",
    }
    assert request_ids(body) == "team=T1 user=U1 channel=C1 trigger=tr1"


def test_request_ids_names_the_ids_of_a_slash_command() -> None:
    body = {"team_id": "T1", "user_id": "U1", "channel_id": "C1", "command": "/align"}
    assert request_ids(body) == "team=T1 user=U1 channel=C1 command=/align"
