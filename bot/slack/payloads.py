"""The one module that reads what Slack sends: slash commands, clicks (`block_actions`), modal
submissions and message events become small typed values here, and message text with
Slack's markup (`<@U…>` mentions, `<url|label>` links, `&amp;` escapes) becomes the plain
text a person typed. Listeners never index into a payload themselves.

Slack adds fields to its payloads without notice, and a missing optional part (a click on
the Home tab has no channel, a message, no response_url) is normal: readers here take what
is there and fill the rest with empty values, and `bot.slack.http` has already refused
bodies that lack what every reader relies on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from slack_bolt import Ack

Payload = Mapping[str, Any]
"""A request body as Bolt hands it to a listener."""


def acknowledge(ack: Ack) -> None:
    """Acknowledge a request at once: the work happens in a lazy listener."""
    ack()


def _mapping(value: object) -> Payload:
    return value if isinstance(value, Mapping) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class Actor:
    """Who did something, as Slack says: the workspace and the person."""

    team_id: str
    user_id: str

    @classmethod
    def of(cls, body: Payload) -> Actor:
        """Return the actor of an interaction (a click or a modal submission)."""
        user = _mapping(body.get("user"))
        team = _mapping(body.get("team"))
        return cls(_text(team.get("id")) or _text(user.get("team_id")), _text(user.get("id")))


@dataclass(frozen=True)
class MessageRef:
    """A message: its channel and ts."""

    channel: str
    ts: str


@dataclass(frozen=True)
class BlockAction:
    """A click on an interactive element (a `block_actions` payload): who, which element,
    what it sends, and where it sits."""

    actor: Actor
    action_id: str
    value: str | None
    """A button's value, or the value of the option picked in a menu."""
    trigger_id: str
    channel_id: str
    """Where it was clicked ("" on the Home tab)."""
    message: MessageRef | None
    """The message holding the element (None for an ephemeral one or the Home tab)."""
    response_url: str | None
    state: Payload
    """The message's input state (`state.values`: block id -> action id -> element)."""
    view_id: str = ""
    """The modal holding the element ("" for a message or the Home tab)."""
    view_hash: str = ""
    """That modal's version as Slack last showed it: `views.update` with it refuses to
    replace a view that changed since (a second click on the same button)."""

    @classmethod
    def of(cls, body: Payload) -> BlockAction:
        """Return the click a `block_actions` body describes."""
        actions = body.get("actions")
        action = _mapping(actions[0] if isinstance(actions, list) and actions else None)
        value = action.get("value")
        if not isinstance(value, str):
            value = _mapping(action.get("selected_option")).get("value")
        container = _mapping(body.get("container"))
        message = None
        if _text(container.get("message_ts")) and not container.get("is_ephemeral"):
            message = MessageRef(
                _text(container.get("channel_id")), _text(container.get("message_ts"))
            )
        channel = _text(_mapping(body.get("channel")).get("id"))
        return cls(
            actor=Actor.of(body),
            action_id=_text(action.get("action_id")),
            value=value if isinstance(value, str) else None,
            trigger_id=_text(body.get("trigger_id")),
            channel_id=channel or _text(container.get("channel_id")),
            message=message,
            response_url=_text(body.get("response_url")) or None,
            state=_mapping(_mapping(body.get("state")).get("values")),
            view_id=_text(container.get("view_id")) if container.get("type") == "view" else "",
            view_hash=_text(_mapping(body.get("view")).get("hash")),
        )

    def ticked(self, action_id: str) -> tuple[str, ...]:
        """Return the values of the options ticked in the message's checkboxes `action_id`."""
        ticked: list[str] = []
        for block in self.state.values():
            element = _mapping(_mapping(block).get(action_id))
            for option in element.get("selected_options") or []:
                value = _mapping(option).get("value")
                if isinstance(value, str):
                    ticked.append(value)
        return tuple(ticked)


@dataclass(frozen=True)
class ViewSubmission:
    """A submitted modal (a `view_submission` payload): who, which view, what it carries
    back, and what was typed or picked in it."""

    actor: Actor
    view_id: str
    private_metadata: str
    state: Payload

    @classmethod
    def of(cls, body: Payload) -> ViewSubmission:
        """Return the submission a `view_submission` body describes."""
        view = _mapping(body.get("view"))
        return cls(
            actor=Actor.of(body),
            view_id=_text(view.get("id")),
            private_metadata=_text(view.get("private_metadata")),
            state=_mapping(_mapping(view.get("state")).get("values")),
        )

    def field(self, block_id: str, action_id: str, key: str = "value") -> str:
        """Return what the input `action_id` of block `block_id` holds under `key` ("value"
        for text, "selected_date", "selected_time", "selected_conversation"); "" when it is
        empty."""
        return _text(self._element(block_id, action_id).get(key))

    def picked(self, block_id: str, action_id: str) -> str:
        """Return the value of the option picked in a menu ("" when none is)."""
        option = _mapping(self._element(block_id, action_id).get("selected_option"))
        return _text(option.get("value"))

    def ticked(self, block_id: str, action_id: str) -> tuple[str, ...]:
        """Return the values of the options ticked in a set of checkboxes."""
        options = self._element(block_id, action_id).get("selected_options")
        if not isinstance(options, list):
            return ()
        values = (_mapping(option).get("value") for option in options)
        return tuple(value for value in values if isinstance(value, str))

    def users(self, block_id: str, action_id: str) -> tuple[str, ...]:
        """Return the user ids picked in a multi-user menu."""
        users = self._element(block_id, action_id).get("selected_users")
        if not isinstance(users, list):
            return ()
        return tuple(user for user in users if isinstance(user, str))

    def _element(self, block_id: str, action_id: str) -> Payload:
        return _mapping(_mapping(self.state.get(block_id)).get(action_id))


@dataclass(frozen=True)
class SlashCommand:
    """A slash command: who typed it, where, and what followed it."""

    command: str
    text: str
    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str

    @classmethod
    def of(cls, body: Payload) -> SlashCommand:
        """Return the command a slash command's body describes."""
        return cls(
            command=_text(body.get("command")),
            text=_text(body.get("text")),
            team_id=_text(body.get("team_id")),
            user_id=_text(body.get("user_id")),
            channel_id=_text(body.get("channel_id")),
            trigger_id=_text(body.get("trigger_id")),
        )

    @property
    def subcommand(self) -> str:
        """The subcommand, lower-cased ("" for none)."""
        return split_subcommand(self.text)[0]

    @property
    def argument(self) -> str:
        """The text after the subcommand's name, as the person typed it (Slack escapes &, <
        and > in command text as in messages)."""
        return plain_text_from_slack(split_subcommand(self.text)[1])


# Subtypes that are still a person writing to the bot; edits, deletions, joins and bot
# messages are not questions.
_PERSON_SUBTYPES = (None, "file_share", "thread_broadcast")


class MessageEvent(BaseModel):
    """The fields of a `message` or `app_mention` event the listeners read."""

    # Slack adds fields to events without notice; only these are relied on.
    model_config = ConfigDict(extra="allow", frozen=True)

    type: str
    channel: str
    ts: str
    user: str | None = None
    text: str = ""
    thread_ts: str | None = None
    subtype: str | None = None
    bot_id: str | None = None
    channel_type: str | None = None

    @property
    def is_from_person(self) -> bool:
        """True for a person's message, False for bots, edits and system messages."""
        return self.user is not None and self.bot_id is None and self.subtype in _PERSON_SUBTYPES

    @property
    def in_dm(self) -> bool:
        """True for a message in a direct message with the bot."""
        return self.channel.startswith("D")

    @property
    def reply_thread(self) -> str:
        """The ts of the thread the reply belongs in: the question's thread, or its own."""
        return self.thread_ts or self.ts


def message_event(body: Payload) -> MessageEvent | None:
    """Return the body's event as a `MessageEvent`, or None when it lacks what we read."""
    try:
        return MessageEvent.model_validate(body.get("event"))
    except ValidationError:
        return None


def event_team(body: Payload) -> str:
    """Return the workspace an Events API delivery comes from."""
    return _text(body.get("team_id"))


@dataclass(frozen=True)
class HomeOpened:
    """An `app_home_opened` event: who opened which tab of the bot's app page."""

    team_id: str
    user_id: str
    tab: str

    @classmethod
    def of(cls, body: Payload) -> HomeOpened:
        """Return what an `app_home_opened` delivery says."""
        event = _mapping(body.get("event"))
        return cls(event_team(body), _text(event.get("user")), _text(event.get("tab")) or "home")


def thread_messages(page: object, channel: str) -> list[MessageEvent]:
    """Return the messages of a `conversations.replies` page (its `data`) in `channel`; one
    that lacks what we read is left out."""
    messages = _mapping(page).get("messages")
    found: list[MessageEvent] = []
    for message in messages if isinstance(messages, list) else []:
        try:
            found.append(
                MessageEvent.model_validate({"type": "message", **message, "channel": channel})
            )
        except (ValidationError, TypeError):
            continue
    return found


def next_cursor(page: object) -> str | None:
    """Return the cursor of the next page of a paginated Web API answer (its `data`; None at
    the end)."""
    return _text(_mapping(_mapping(page).get("response_metadata")).get("next_cursor")) or None


# --- message text -------------------------------------------------------------------------

_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#([CGD][A-Z0-9]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!([a-z]+)(?:\^[^|>]*)?(?:\|([^>]*))?>")
# Where the bot's mention was cut out: "start, ?" or "start ?" becomes "start?".
_DANGLING = re.compile(r"[,;:]?\s+(?=[?.!](?:\s|$))")
_LINK = re.compile(r"<([a-z][a-z0-9+.-]*:[^|>]*)(?:\|([^>]*))?>", re.IGNORECASE)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain_text_from_slack(text: str, *, bot_user_id: str | None = None) -> str:
    """Return `text` as the person wrote it: the bot's own mentions removed, other mentions,
    channels and links shown by their labels, Slack's escapes undone, spaces collapsed."""

    def user(match: re.Match[str]) -> str:
        if match.group(1) == bot_user_id:
            return " "
        return f"@{match.group(2) or 'someone'}"

    text = _USER.sub(user, text)
    text = _CHANNEL.sub(lambda m: f"#{m.group(2) or 'channel'}", text)
    text = _SPECIAL.sub(lambda m: m.group(2) or f"@{m.group(1)}", text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return _DANGLING.sub("", " ".join(_unescape(text).split())).strip()


def mentions(text: str, user_id: str) -> bool:
    """Return True when `text` (Slack markup) mentions `user_id`."""
    return any(match.group(1) == user_id for match in _USER.finditer(text))


def split_subcommand(text: str) -> tuple[str, str]:
    """Return the `/align` text's subcommand (lower-cased; "" for none) and the rest as typed."""
    stripped = text.strip()
    if not stripped:
        return "", ""
    head, _, rest = stripped.partition(" ")
    return head.lower(), rest.strip()


@dataclass(frozen=True)
class Uninstall:
    """An `app_uninstalled` or `tokens_revoked` event: the workspace, and whether the app
    lost its bot there (a revocation of people's tokens only leaves the bot working)."""

    team_id: str
    enterprise_id: str | None
    bot_gone: bool

    @classmethod
    def of(cls, body: Payload) -> Uninstall:
        """Return what an uninstall or token revocation delivery says."""
        event = _mapping(body.get("event"))
        if event.get("type") == "tokens_revoked":
            bots = _mapping(event.get("tokens")).get("bot")
            bot_gone = isinstance(bots, list) and bool(bots)
        else:
            bot_gone = True
        enterprise = _text(body.get("enterprise_id")) or None
        return cls(event_team(body), enterprise, bot_gone)
