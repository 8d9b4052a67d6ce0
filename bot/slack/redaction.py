"""Logging at the Slack edge: the ids that identify a request, redaction of Slack tokens
from every log record, whichever library or handler writes it, and the process's log lines
(text, or one JSON object per line with `LOG_FORMAT=json`)."""

from __future__ import annotations

import json
import logging
import re
import traceback
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

# Slack's token kinds: bot (xoxb-), user (xoxp-), workspace/legacy (xoxa-, xoxo-, xoxs-,
# xoxr-), rotating and refresh (xoxe-, xoxe.xoxp-, xoxe.xoxb-) and app-level (xapp-).
_TOKEN = re.compile(r"\b(?:xox[abeoprs](?:\.xox[bp])?|xapp)-[A-Za-z0-9-]+")
REDACTED = "[redacted token]"

_installed: dict[str, Callable[..., logging.LogRecord]] = {}


def redact_tokens(text: str) -> str:
    """Return `text` with every Slack token replaced by a marker: tokens never reach a log."""
    return _TOKEN.sub(REDACTED, text)


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Return `record` with its message, traceback and stack redacted in place; the message is
    formatted once here, so a token passed as an argument is caught too."""
    try:
        message = record.getMessage()
    except (TypeError, ValueError):
        # Arguments that do not fit the format: logging reports that itself; keep the parts.
        message = f"{record.msg} {record.args}"
    record.msg = redact_tokens(message)
    record.args = None
    if record.exc_info and record.exc_info[0] is not None:
        formatted = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text = redact_tokens(formatted)
    elif record.exc_text:
        record.exc_text = redact_tokens(record.exc_text)
    if record.stack_info:
        record.stack_info = redact_tokens(record.stack_info)
    return record


class TokenRedactingFilter(logging.Filter):
    """A handler filter that redacts tokens from each record it lets through."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact `record` and keep it."""
        redact_record(record)
        return True


def install_token_redaction() -> None:
    """Make every log record redacted at creation (idempotent). A record factory covers all
    loggers and handlers, including ones that third-party libraries add later."""
    if "factory" in _installed:
        return
    previous = logging.getLogRecordFactory()

    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redact_record(previous(*args, **kwargs))

    _installed["factory"] = make_record
    logging.setLogRecordFactory(make_record)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON object on one line (time, level, logger, message, and
    the traceback as `exc`), its tokens redacted, for log collectors that parse lines."""

    def format(self, record: logging.LogRecord) -> str:
        """Return `record` as a line of JSON."""
        redact_record(record)
        entry: dict[str, str] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        # Redacted once more as a whole: whatever a field held, no token leaves the process.
        return redact_tokens(json.dumps(entry, ensure_ascii=False))


def configure_logging(level: str, log_format: str = "text") -> logging.Handler:
    """Send the process's log records to stderr at `level`, as text or ("json") one JSON
    object per line, tokens redacted either way; return the handler installed."""
    install_token_redaction()
    handler = logging.StreamHandler()
    handler.addFilter(TokenRedactingFilter())
    formatter = JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    return handler


def _id_of(value: Any) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, Mapping):
        found = value.get("id")
        return found if isinstance(found, str) and found else None
    return None


def request_ids(body: Mapping[str, Any]) -> str:
    """Return the ids of a Slack request (team, user, channel, event or trigger id) as
    `key=value` pairs for a log line, so an error can be traced without logging content."""
    event = body.get("event") if isinstance(body.get("event"), Mapping) else {}
    assert isinstance(event, Mapping)
    candidates = {
        "team": _id_of(body.get("team_id"))
        or _id_of(body.get("team"))
        or _id_of(event.get("team")),
        "user": _id_of(body.get("user_id"))
        or _id_of(body.get("user"))
        or _id_of(event.get("user")),
        "channel": _id_of(body.get("channel_id"))
        or _id_of(body.get("channel"))
        or _id_of(event.get("channel")),
        "event": _id_of(body.get("event_id")),
        "trigger": _id_of(body.get("trigger_id")),
        "command": _id_of(body.get("command")),
    }
    return " ".join(f"{key}={value}" for key, value in candidates.items() if value)
