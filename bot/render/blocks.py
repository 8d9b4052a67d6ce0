"""Block Kit builders that keep within Slack's limits.

Every builder here trims or splits what it is given so that Slack never rejects a message, a
modal or a Home tab we send (`invalid_blocks`). Lengths are counted in UTF-16 code units, which
is never less than Slack's character count, so emoji and other astral characters stay safe.

Text passed to `mrkdwn` builders is mrkdwn: escape anything a user or a document wrote with
`escape_mrkdwn` first, so that `*` or `_` in it stays literal. Trimming and splitting never cut
an escaped entity (`&amp;`) in half.

What can do harm in a message is Slack's markup in angle brackets: `<!channel>` notifies a
whole channel, `<@U…>` pings a person, `<https://…|label>` disguises a link. None of it
reaches Slack from user text, whether a builder escaped it or not: every text object and
every message's top-level text is made here (`mrkdwn`, `plain_text`, `fallback_text`), and
each passes its text through `slack_safe`, which escapes every raw `<`. The bot's own
mentions are the one exception, and only when made by `user_mention` / `channel_mention`:
those carry a per-process secret marker that `slack_safe` turns back into `<@U…>`/`<#C…>`,
which no user can type.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

Block = dict[str, Any]

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_CONTEXT_ELEMENTS = 10
MAX_CONTEXT_TEXT = 2000
MAX_ACTIONS_ELEMENTS = 25
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ACTION_ID = 255
MAX_BLOCK_ID = 255
MAX_MODAL_TITLE = 24
MAX_MODAL_BUTTON = 24
MAX_PRIVATE_METADATA = 3000
# Slack truncates a message's top-level `text` at 40,000 characters; it is only the
# notification and screen-reader fallback when blocks are present, so keep it short.
MAX_FALLBACK_TEXT = 3000

ELLIPSIS = "…"

_ENTITY_TAIL = re.compile(r"&[a-z]{0,4}$")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")
# Private-use characters around a secret drawn at start: user text cannot contain a marker.
_MARK = f"\ue000{secrets.token_hex(8)}"
_MARK_END = "\ue001"
_MARKED = re.compile(re.escape(_MARK) + "([^" + _MARK_END + "]*)" + _MARK_END)
_LINK_URL = re.compile(r"https://[^\s<>|\ue000\ue001]+")
_BREAKS = ("\n\n", "\n", ". ", " ")


class BlockKitLimitError(ValueError):
    """A value that cannot be trimmed without breaking it (an action id, a button value,
    private metadata) is over its limit: a bug in the caller, never a user's fault."""


def slack_length(text: str) -> int:
    """Return the length of `text` in UTF-16 code units: the count Slack's limits apply to,
    and never less than its character count."""
    return len(text.encode("utf-16-le")) // 2


def escape_mrkdwn(text: str) -> str:
    """Return `text` with `&`, `<` and `>` escaped, so that user or corpus text cannot form a
    mention, a link or a broadcast (`<!channel>`) in mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def is_user_id(value: str) -> bool:
    """Return True when `value` has the shape of a Slack user id (U… or W…)."""
    return _USER_ID.fullmatch(value) is not None


def is_channel_id(value: str) -> bool:
    """Return True when `value` has the shape of a Slack channel id (C… or G…)."""
    return _CHANNEL_ID.fullmatch(value) is not None


def user_mention(user_id: str, *, otherwise: str = "someone") -> str:
    """Return a mention of `user_id` that survives `slack_safe` (the only way to mention a
    person in what the bot sends), or `otherwise` when it is not a user id."""
    return f"{_MARK}@{user_id}{_MARK_END}" if is_user_id(user_id) else otherwise


def channel_mention(channel_id: str, *, otherwise: str = "the channel") -> str:
    """Return a link to `channel_id` that survives `slack_safe`, or `otherwise` when it is
    not a channel id."""
    return f"{_MARK}#{channel_id}{_MARK_END}" if is_channel_id(channel_id) else otherwise


def link(url: str, label: str) -> str:
    """Return a link to the https `url` shown as `label` that survives `slack_safe` (a
    permalink the bot got from Slack), or just the label when `url` is not one."""
    shown = escape_mrkdwn(label).replace(_MARK_END, "")
    return f"{_MARK}{url}|{shown}{_MARK_END}" if _LINK_URL.fullmatch(url) else shown


def slack_safe(text: str) -> str:
    """Return `text` with every raw `<` escaped, so that nothing in it can notify, mention or
    link, except the mentions and links `user_mention`, `channel_mention` and `link` made.
    Every text the bot sends passes here once, in the builders below."""
    escaped = text.replace("<", "&lt;")
    return _MARKED.sub(lambda match: f"<{match[1]}>", escaped)


def _prefix_within(text: str, limit: int) -> str:
    """Return the longest prefix of `text` within `limit` code units that does not end inside
    an escaped entity."""
    used = 0
    end = 0
    for char in text:
        width = 2 if ord(char) > 0xFFFF else 1
        if used + width > limit:
            break
        used += width
        end += 1
    prefix = text[:end]
    if end < len(text):
        tail = _ENTITY_TAIL.search(prefix)
        if tail is not None:
            prefix = prefix[: tail.start()]
    return prefix


def trim(text: str, limit: int, *, marker: str = ELLIPSIS) -> str:
    """Return `text` unchanged when it fits in `limit`, else cut at a word boundary where one
    is near and end it with `marker`, so that long input is shortened instead of rejected."""
    if slack_length(text) <= limit:
        return text
    room = limit - slack_length(marker)
    if room <= 0:
        return _prefix_within(marker, limit)
    cut = _prefix_within(text, room)
    space = cut.rfind(" ")
    if space >= room * 3 // 4:
        cut = cut[:space]
    return cut.rstrip() + marker


def _split_point(text: str, limit: int) -> int:
    """Return where to end the next chunk of `text`: after the last paragraph, line, sentence
    or word break within `limit`, or at the limit itself when there is no break."""
    window = _prefix_within(text, limit)
    for separator in _BREAKS:
        at = window.rfind(separator)
        if at > 0:
            return at + len(separator)
    return len(window) or 1


def split_text(text: str, limit: int = MAX_SECTION_TEXT) -> list[str]:
    """Return `text` cut into chunks of at most `limit` code units, at the most natural break
    available, so a long answer becomes several sections instead of a rejected one."""
    chunks: list[str] = []
    rest = text.strip()
    while rest:
        if slack_length(rest) <= limit:
            chunks.append(rest)
            break
        end = _split_point(rest, limit)
        chunk = rest[:end].strip()
        if chunk:
            chunks.append(chunk)
        rest = rest[end:].strip()
    return chunks


def plain_text(text: str, limit: int, *, fallback: str = ELLIPSIS) -> Block:
    """Return a plain_text object trimmed to `limit`; empty text becomes `fallback`, because
    Slack rejects an empty label."""
    shown = slack_safe(text.strip()) or fallback
    return {"type": "plain_text", "text": trim(shown, limit), "emoji": True}


def mrkdwn(text: str, limit: int = MAX_SECTION_TEXT) -> Block:
    """Return a mrkdwn text object trimmed to `limit`, made safe (`slack_safe`)."""
    return {"type": "mrkdwn", "text": trim(slack_safe(text.strip()) or ELLIPSIS, limit)}


def section_blocks(text: str) -> list[Block]:
    """Return one section per `MAX_SECTION_TEXT` chunk of the mrkdwn `text` (none when it is
    blank), so that any length of text can be shown."""
    return [{"type": "section", "text": mrkdwn(chunk)} for chunk in split_text(text)]


def section(text: str, *, accessory: Block | None = None) -> Block:
    """Return one section with the mrkdwn `text` trimmed to fit, and an optional accessory."""
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def fields_section(fields: Sequence[str]) -> Block:
    """Return a two-column section of up to ten mrkdwn fields, each trimmed to fit; extra
    fields are dropped, the last shown one saying how many."""
    shown = list(fields[:MAX_SECTION_FIELDS])
    if len(fields) > MAX_SECTION_FIELDS:
        shown[-1] = f"…and {len(fields) - MAX_SECTION_FIELDS + 1} more"
    return {"type": "section", "fields": [mrkdwn(field, MAX_FIELD_TEXT) for field in shown]}


def header(text: str) -> Block:
    """Return a header block, its plain text trimmed to `MAX_HEADER_TEXT`."""
    return {"type": "header", "text": plain_text(text, MAX_HEADER_TEXT)}


def context(texts: Iterable[str]) -> Block:
    """Return a context block of mrkdwn elements; beyond ten, the rest are joined into the
    tenth so nothing is silently dropped."""
    items = [text for text in texts if text.strip()] or [ELLIPSIS]
    if len(items) > MAX_CONTEXT_ELEMENTS:
        head = items[: MAX_CONTEXT_ELEMENTS - 1]
        items = [*head, "  ".join(items[MAX_CONTEXT_ELEMENTS - 1 :])]
    return {"type": "context", "elements": [mrkdwn(text, MAX_CONTEXT_TEXT) for text in items]}


def divider() -> Block:
    """Return a divider block."""
    return {"type": "divider"}


def _check_id(value: str, limit: int, what: str) -> str:
    if not value or slack_length(value) > limit:
        raise BlockKitLimitError(f"{what} must be 1-{limit} characters, got {len(value)}")
    return value


def button(
    text: str,
    action_id: str,
    *,
    value: str | None = None,
    style: Literal["primary", "danger"] | None = None,
) -> Block:
    """Return a button whose label is trimmed to `MAX_BUTTON_TEXT`; an over-long action id or
    value raises `BlockKitLimitError`, since trimming them would break the action."""
    element: Block = {
        "type": "button",
        "text": plain_text(text, MAX_BUTTON_TEXT),
        "action_id": _check_id(action_id, MAX_ACTION_ID, "action_id"),
    }
    if value is not None:
        element["value"] = _check_id(value, MAX_BUTTON_VALUE, "button value")
    if style is not None:
        element["style"] = style
    return element


def actions(elements: Sequence[Block], *, block_id: str | None = None) -> Block:
    """Return an actions block holding up to `MAX_ACTIONS_ELEMENTS` elements."""
    block: Block = {"type": "actions", "elements": list(elements[:MAX_ACTIONS_ELEMENTS])}
    if block_id is not None:
        block["block_id"] = _check_id(block_id, MAX_BLOCK_ID, "block_id")
    return block


def paginate(blocks: Sequence[Block], per_message: int = MAX_MESSAGE_BLOCKS) -> list[list[Block]]:
    """Return `blocks` cut into pages of at most `per_message`, one page per message, so a
    long reply is sent as several messages instead of being rejected."""
    pages: list[list[Block]] = []
    page: list[Block] = []
    for block in blocks:
        if len(page) == per_message:
            pages.append(page)
            page = []
        if not page and block.get("type") == "divider":
            continue
        page.append(block)
    if page:
        pages.append(page)
    return pages


def fit_view(blocks: Sequence[Block], limit: int = MAX_VIEW_BLOCKS) -> list[Block]:
    """Return at most `limit` blocks for a modal or the Home tab; when some must go, the last
    block says how many were left out."""
    if len(blocks) <= limit:
        return list(blocks)
    kept = list(blocks[: limit - 1])
    return [*kept, context([f"…{len(blocks) - len(kept)} more items are not shown here."])]


def modal_title(text: str) -> Block:
    """Return a modal title trimmed to `MAX_MODAL_TITLE`."""
    return plain_text(text, MAX_MODAL_TITLE)


def modal_button(text: str) -> Block:
    """Return a modal submit or close label trimmed to `MAX_MODAL_BUTTON`."""
    return plain_text(text, MAX_MODAL_BUTTON)


def encode_private_metadata(data: Mapping[str, Any]) -> str:
    """Return `data` as compact JSON for a view's private_metadata; raise `BlockKitLimitError`
    when it exceeds `MAX_PRIVATE_METADATA` (keep state in the store and ids in the view)."""
    encoded = json.dumps(dict(data), separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    if slack_length(encoded) > MAX_PRIVATE_METADATA:
        raise BlockKitLimitError(
            f"private_metadata is {slack_length(encoded)} characters; "
            f"the limit is {MAX_PRIVATE_METADATA}"
        )
    return encoded


def message_text(text: str) -> str:
    """Return the text of a message sent without blocks (mrkdwn), made safe (`slack_safe`)
    and trimmed to `MAX_FALLBACK_TEXT`, its line breaks kept."""
    return trim(slack_safe(text.strip()) or ELLIPSIS, MAX_FALLBACK_TEXT)


def decode_private_id(metadata: str, key: str) -> int | None:
    """Return the id `key` that `encode_private_metadata` put in a view's private_metadata,
    or None when the metadata is not ours."""
    try:
        data = json.loads(metadata or "{}")
    except json.JSONDecodeError:
        return None
    found = data.get(key) if isinstance(data, dict) else None
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def fallback_text(text: str) -> str:
    """Return the top-level `text` of a message with blocks (notifications, screen readers),
    made safe (`slack_safe`: Slack notifies from this text) and trimmed to
    `MAX_FALLBACK_TEXT`."""
    return trim(slack_safe(" ".join(text.split())) or ELLIPSIS, MAX_FALLBACK_TEXT)
