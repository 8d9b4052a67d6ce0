"""Turning what Slack delivers into what the advisor reads: message text with Slack's markup
(`<@U…>` mentions, `<url|label>` links, `&amp;` escapes) becomes the plain question a
person typed, and `/align` text becomes a subcommand and its argument."""

from __future__ import annotations

import re

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
