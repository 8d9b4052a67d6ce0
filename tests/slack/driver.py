"""A driver that plays Slack's side of HTTP mode: it sends correctly signed Events API
callbacks, slash commands and interactivity payloads to the bot's `/slack/events`, exactly
as Slack encodes them (JSON for events, form bodies for commands and `payload=` for
interactions), and keeps the fake Slack API's history in step with what "users" say."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx

from tests.slack.fake_slack import FakeSlack

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
USER_ID = "U0PATBAKER"
CHANNEL_ID = "C0GENERAL1"
DM_CHANNEL_ID = "D0PATBOT01"


def sign(body: bytes, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    """Return Slack's `X-Slack-Signature` for `body` sent at `timestamp`."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Sent:
    """What the driver sent and how the bot answered the HTTP request."""

    response: httpx.Response
    elapsed: float
    event_id: str = ""
    ts: str = ""
    channel: str = ""
    thread_ts: str | None = None
    response_key: str = ""


@dataclass(frozen=True)
class Prepared:
    """A signed request ready to send (by this driver, or by an async load generator)."""

    body: bytes
    headers: dict[str, str]
    event_id: str = ""
    ts: str = ""
    channel: str = ""
    thread_ts: str | None = None


class SlackDriver:
    """Sends signed requests to a running bot; `fake` is the Slack API the bot talks to.
    Requests come from the fake's workspace, or from `team_id`, whose bot is
    `bot_user_id` (a workspace installed with `FakeSlack.add_workspace`)."""

    def __init__(
        self,
        bot_url: str,
        fake: FakeSlack,
        *,
        secret: str = SIGNING_SECRET,
        team_id: str | None = None,
        bot_user_id: str | None = None,
    ) -> None:
        self.url = bot_url.rstrip("/") + "/slack/events"
        self.fake = fake
        self.secret = secret
        self.team_id = team_id or fake.team_id
        self.bot_user_id = bot_user_id or fake.bot_user_id
        self.http = httpx.Client(timeout=30.0)

    def close(self) -> None:
        self.http.close()

    def _next(self, prefix: str) -> str:
        # Unique across drivers and runs: event ids are claimed in a store that outlives one.
        return f"{prefix}{uuid.uuid4().hex[:12].upper()}"

    # -- raw ---------------------------------------------------------------------------

    def signed_headers(
        self,
        raw: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, str]:
        """Return the headers Slack sends with `raw`: content type and signature."""
        stamp = int(time.time()) if timestamp is None else timestamp
        return {
            "Content-Type": content_type,
            **(headers or {}),
            "X-Slack-Request-Timestamp": str(stamp),
            "X-Slack-Signature": sign(raw, stamp, secret or self.secret),
        }

    def post(
        self,
        body: bytes | str,
        content_type: str,
        *,
        signed: bool = True,
        timestamp: int | None = None,
        secret: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Sent:
        """POST `body` to the bot, signed (with `secret`, at `timestamp`) unless told not."""
        raw = body.encode() if isinstance(body, str) else body
        if signed:
            sent_headers = self.signed_headers(
                raw, content_type, timestamp=timestamp, secret=secret, headers=headers
            )
        else:
            sent_headers = {"Content-Type": content_type, **(headers or {})}
        started = time.perf_counter()
        response = self.http.post(self.url, content=raw, headers=sent_headers)
        return Sent(response=response, elapsed=time.perf_counter() - started)

    # -- Events API ----------------------------------------------------------------------

    def prepare_event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        team_id: str | None = None,
    ) -> Prepared:
        """Return the signed `event_callback` carrying `event`; a `retry_num` marks it as
        Slack's retry of an earlier delivery (same `event_id`)."""
        event_id = event_id or self._next("Ev")
        team = team_id or self.team_id
        envelope = {
            "token": "deprecated-verification-token",
            "team_id": team,
            "api_app_id": "A0ALIGN01",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": team,
                    "user_id": self.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": "4-eyJldCI6ImFwcF9tZW50aW9uIn0",
        }
        extra = {}
        if retry_num is not None:
            extra = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        raw = json.dumps(envelope).encode()
        return Prepared(
            body=raw,
            headers=self.signed_headers(raw, "application/json", headers=extra),
            event_id=event_id,
            ts=str(event.get("ts", "")),
            channel=str(event.get("channel", "")),
            thread_ts=event.get("thread_ts"),
        )

    def send(self, prepared: Prepared) -> Sent:
        """Send a prepared request and time the bot's answer to it (the ack)."""
        started = time.perf_counter()
        response = self.http.post(self.url, content=prepared.body, headers=prepared.headers)
        return Sent(
            response=response,
            elapsed=time.perf_counter() - started,
            event_id=prepared.event_id,
            ts=prepared.ts,
            channel=prepared.channel,
            thread_ts=prepared.thread_ts,
        )

    def send_event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        team_id: str | None = None,
    ) -> Sent:
        """Send an `event_callback` carrying `event` (see `prepare_event`)."""
        return self.send(
            self.prepare_event(event, event_id=event_id, retry_num=retry_num, team_id=team_id)
        )

    def prepare_mention(
        self,
        question: str,
        *,
        channel: str = CHANNEL_ID,
        user: str = USER_ID,
        thread_ts: str | None = None,
        mention_first: bool = True,
    ) -> Prepared:
        """Say `<@bot> question` in `channel` (in a thread when `thread_ts`), as a user would:
        the message enters the fake's history; return Slack's signed `app_mention` event."""
        mention = f"<@{self.bot_user_id}>"
        text = f"{mention} {question}" if mention_first else f"{question} {mention}"
        ts = self.fake.add_message(channel, text, user=user, thread_ts=thread_ts)
        event: dict[str, Any] = {
            "type": "app_mention",
            "user": user,
            "text": text,
            "ts": ts,
            "channel": channel,
            "event_ts": ts,
            "team": self.team_id,
            "client_msg_id": self._next("msg-"),
        }
        if thread_ts is not None:
            event["thread_ts"] = thread_ts
        return self.prepare_event(event)

    def mention(
        self,
        question: str,
        *,
        channel: str = CHANNEL_ID,
        user: str = USER_ID,
        thread_ts: str | None = None,
        mention_first: bool = True,
    ) -> Sent:
        """Mention the bot with `question` and send the event (see `prepare_mention`)."""
        return self.send(
            self.prepare_mention(
                question,
                channel=channel,
                user=user,
                thread_ts=thread_ts,
                mention_first=mention_first,
            )
        )

    def direct_message(
        self,
        text: str,
        *,
        channel: str = DM_CHANNEL_ID,
        user: str = USER_ID,
        thread_ts: str | None = None,
        extra: dict[str, Any] | None = None,
        team_id: str | None = None,
    ) -> Sent:
        """Write `text` to the bot in its DM (a `message` event with channel_type "im")."""
        ts = self.fake.add_message(channel, text, user=user, thread_ts=thread_ts)
        event: dict[str, Any] = {
            "type": "message",
            "channel_type": "im",
            "user": user,
            "text": text,
            "ts": ts,
            "channel": channel,
            "event_ts": ts,
            "team": team_id or self.team_id,
            "client_msg_id": self._next("msg-"),
        }
        if thread_ts is not None:
            event["thread_ts"] = thread_ts
        event.update(extra or {})
        return self.send_event(event, team_id=team_id)

    # -- slash commands ------------------------------------------------------------------

    def command(
        self,
        text: str,
        *,
        command: str = "/align",
        user: str = USER_ID,
        channel: str = CHANNEL_ID,
        team_id: str | None = None,
    ) -> Sent:
        """Run `/align text` as Slack posts it: a signed form body with a response_url."""
        key = self._next("cmd")
        form = {
            "token": "deprecated-verification-token",
            "team_id": team_id or self.team_id,
            "team_domain": "acme-bakery",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "pat",
            "command": command,
            "text": text,
            "api_app_id": "A0ALIGN01",
            "is_enterprise_install": "false",
            "response_url": self.fake.response_url(key),
            "trigger_id": self._next("13345224609.738474920.") + "8088930838d88f008e0",
        }
        sent = self.post(urlencode(form), "application/x-www-form-urlencoded")
        return Sent(
            response=sent.response,
            elapsed=sent.elapsed,
            channel=channel,
            response_key=key,
        )

    # -- interactivity -------------------------------------------------------------------

    def click(
        self,
        action_id: str,
        value: str,
        *,
        message: dict[str, Any] | None = None,
        channel: str = CHANNEL_ID,
        user: str = USER_ID,
        block_id: str = "answer_feedback",
        team_id: str | None = None,
    ) -> Sent:
        """Click the button `action_id` (carrying `value`) on `message` in `channel`; without
        a message, the click comes from an ephemeral message."""
        button = {
            "action_id": action_id,
            "block_id": block_id,
            "text": {"type": "plain_text", "text": "Helpful", "emoji": True},
            "value": value,
            "type": "button",
        }
        return self.act(button, message=message, channel=channel, user=user, team_id=team_id)

    def click_in_view(self, view: dict[str, Any], action_id: str, *, user: str = USER_ID) -> Sent:
        """Click the button `action_id` inside the open modal `view` (as `views.open` or
        `views.update` returned it), as Slack sends it: no channel, no response_url."""
        button = next(
            element
            for block in view.get("blocks", [])
            if block.get("type") == "actions"
            for element in block["elements"]
            if element.get("action_id") == action_id
        )
        return self.act(button, user=user, view=view)

    def act(
        self,
        action: dict[str, Any],
        *,
        message: dict[str, Any] | None = None,
        channel: str = CHANNEL_ID,
        user: str = USER_ID,
        team_id: str | None = None,
        state: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
    ) -> Sent:
        """Send the `block_actions` of one element's `action` (a button's value, a select's
        `selected_option`, checkboxes' `selected_options`…, shaped as Slack sends them) on
        `message` in `channel`, with the message's input `state` values; without a message,
        the action comes from an ephemeral message; with a `view`, from that open modal."""
        key = self._next("act")
        team = team_id or self.team_id
        container: dict[str, Any] = {"type": "message", "channel_id": channel}
        if view is not None:
            return self._act_in_view(action, view, user, team)
        if message is not None:
            container |= {"message_ts": message["ts"], "is_ephemeral": False}
            if message.get("thread_ts"):
                container["thread_ts"] = message["thread_ts"]
        else:
            container |= {"message_ts": self.fake.next_ts(), "is_ephemeral": True}
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user, "username": "pat", "name": "pat", "team_id": team},
            "api_app_id": "A0ALIGN01",
            "token": "deprecated-verification-token",
            "container": container,
            "trigger_id": self._next("13345224609.738474920.") + "8088930838d88f008e0",
            "team": {"id": team, "domain": "acme-bakery"},
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": channel, "name": "general"},
            "response_url": self.fake.response_url(key),
            "actions": [{**action, "action_ts": f"{time.time():.6f}"}],
            "state": {"values": state or {}},
        }
        if message is not None:
            payload["message"] = message
        sent = self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )
        return Sent(response=sent.response, elapsed=sent.elapsed, channel=channel, response_key=key)

    def _act_in_view(
        self, action: dict[str, Any], view: dict[str, Any], user: str, team: str
    ) -> Sent:
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user, "username": "pat", "name": "pat", "team_id": team},
            "api_app_id": "A0ALIGN01",
            "token": "deprecated-verification-token",
            "container": {"type": "view", "view_id": view["id"]},
            "trigger_id": self._next("13345224609.738474920.") + "8088930838d88f008e0",
            "team": {"id": team, "domain": "acme-bakery"},
            "enterprise": None,
            "is_enterprise_install": False,
            "view": view,
            "actions": [{**action, "action_ts": f"{time.time():.6f}"}],
            "state": {"values": {}},
        }
        sent = self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )
        return Sent(response=sent.response, elapsed=sent.elapsed, channel="", response_key="")

    def submit_view(
        self,
        callback_id: str,
        values: dict[str, dict[str, dict[str, Any]]],
        *,
        private_metadata: str = "",
        user: str = USER_ID,
        view_id: str = "V0MODAL001",
        team_id: str | None = None,
    ) -> Sent:
        """Submit a modal (`view_submission`) whose inputs hold `values`, shaped as Slack's
        `view.state.values`: {block_id: {action_id: {"type": ..., "value": ...}}}."""
        team = team_id or self.team_id
        payload: dict[str, Any] = {
            "type": "view_submission",
            "team": {"id": team, "domain": "acme-bakery"},
            "user": {"id": user, "username": "pat", "name": "pat", "team_id": team},
            "api_app_id": "A0ALIGN01",
            "token": "deprecated-verification-token",
            "trigger_id": self._next("13345224609.738474920.") + "8088930838d88f008e0",
            "view": {
                "id": view_id,
                "team_id": team,
                "type": "modal",
                "callback_id": callback_id,
                "private_metadata": private_metadata,
                "state": {"values": values},
                "hash": "156772938.1827394",
                "title": {"type": "plain_text", "text": "alignbot"},
                "blocks": [],
            },
            "response_urls": [],
            "is_enterprise_install": False,
        }
        sent = self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )
        return Sent(response=sent.response, elapsed=sent.elapsed)
