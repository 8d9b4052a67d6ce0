"""A modal's outcome replaces it once the slow work is done: the work's own view, or a
friendly sentence when the work fails, never the exception's text."""

from __future__ import annotations

import logging

import pytest
from slack_sdk import WebClient

from bot.slack.failures import GENERIC_FAILURE
from bot.slack.modals import show_outcome
from prompts.errors import AlignbotError
from tests.slack.fake_slack import FakeSlack

BODY = {
    "trigger_id": "1337.42.abc",
    "view": {"id": "V0MODAL"},
    "user": {"id": "U0OWNER"},
    "team": {"id": "T0TEAM"},
}


def _view(text: str) -> dict[str, object]:
    return {"type": "modal", "title": {"type": "plain_text", "text": "Done"}, "text": text}


def _client(slack: FakeSlack) -> WebClient:
    return WebClient(token=slack.bot_token, base_url=slack.api_url)


def _broken() -> dict[str, object]:
    raise RuntimeError("database password leaked in this message")


def test_outcome_replaces_the_modal_with_the_works_view(slack: FakeSlack) -> None:
    show_outcome(
        _client(slack), BODY, "V0MODAL", lambda: _view("saved"), _view, doing="x", where="x"
    )

    [update] = slack.calls("views.update")
    assert update["view_id"] == "V0MODAL"
    assert update["view"]["text"] == "saved"


def test_a_failure_shows_a_friendly_sentence_and_logs_the_trace(
    slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        show_outcome(_client(slack), BODY, "V0MODAL", _broken, _view, doing="x", where="saving")

    [update] = slack.calls("views.update")
    assert update["view"]["text"] == GENERIC_FAILURE.format(ref="1337.42.abc")
    assert "password" not in update["view"]["text"]
    assert "Traceback" in caplog.text


def test_a_user_error_is_shown_as_its_own_sentence(slack: FakeSlack) -> None:
    def refused() -> dict[str, object]:
        raise AlignbotError("I can't find that KPI among yours.")

    show_outcome(_client(slack), BODY, "V0MODAL", refused, _view, doing="x", where="x")

    [update] = slack.calls("views.update")
    assert update["view"]["text"] == "I can't find that KPI among yours."
