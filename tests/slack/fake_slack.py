"""A local fake of the Slack Web API: a real HTTP server on 127.0.0.1, in a thread.

It answers the methods alignbot calls with bodies shaped like Slack's own, keeps the
conversation history (so `conversations.replies` returns what was said in a thread, the
bot's replies included), rejects what Slack would reject (a wrong token, blocks over the
limits), and records every call with its parsed JSON or form body for tests to assert on.
`response_url` posts land here too (`/response/<key>`, recorded as method "response_url"),
and so do file uploads to the URLs `files.getUploadURLExternal` hands out (`/upload/<id>`,
recorded as method "file_upload" with the byte count). `hang(method)` makes calls of a
method wait until `release()`, so a test can kill a client in the middle of one.

Besides its own workspace (`team_id`, `bot_token`), the fake can have the app installed into
more (`add_workspace`): `oauth.v2.access` exchanges a workspace's install code for its own
bot token, `auth.test` and posted messages answer as that workspace's bot, and `revoke`
makes its token fail as an uninstalled app's does.
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, InvalidStateError
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.slack.limits import block_kit_problems, view_problems

TEAM_ID = "T0ALIGN01"
BOT_TOKEN = "xoxb-0000000001-0000000002-faketokenfortests"
APP_TOKEN = "xapp-1-A0ALIGN01-0000000003-fakeapptokenfortests"
BOT_USER_ID = "U0ALIGNBOT"
BOT_ID = "B0ALIGNBOT"

CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "fakeclientsecretfortests00000000"

_JSON_FIELDS = ("blocks", "attachments", "view", "metadata")


@dataclass(frozen=True)
class FakeWorkspace:
    """A workspace the app is (or can be) installed into: its bot's token and ids."""

    team_id: str
    name: str
    bot_token: str
    bot_user_id: str
    bot_id: str


@dataclass(frozen=True)
class ApiCall:
    """One request the fake received: the Web API method (or "response_url"), its parsed
    parameters, the token it carried, and when it arrived (`time.perf_counter()`)."""

    method: str
    params: dict[str, Any]
    token: str | None
    at: float
    key: str = ""

    def __getitem__(self, name: str) -> Any:
        return self.params[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)


@dataclass(eq=False)
class _Waiter:
    matches: Callable[[ApiCall], bool]
    future: Future[ApiCall] = field(default_factory=Future)


@dataclass
class _Failure:
    error: str
    status: int
    times: int
    headers: dict[str, str] = field(default_factory=dict)
    where: Callable[[dict[str, Any]], bool] | None = None
    # A hang: answer after this many seconds; `lands` says whether the call took effect.
    delay: float = 0.0
    lands: bool = False


@dataclass
class _Message:
    channel: str
    ts: str
    text: str
    user: str | None = None
    bot_id: str | None = None
    thread_ts: str | None = None
    blocks: list[Any] | None = None
    metadata: dict[str, Any] | None = None

    def to_api(self) -> dict[str, Any]:
        body: dict[str, Any] = {"type": "message", "ts": self.ts, "text": self.text}
        if self.user:
            body["user"] = self.user
        if self.bot_id:
            body["bot_id"] = self.bot_id
            body["app_id"] = "A0ALIGN01"
        if self.thread_ts:
            body["thread_ts"] = self.thread_ts
        if self.blocks is not None:
            body["blocks"] = self.blocks
        if self.metadata is not None:
            body["metadata"] = self.metadata
        return body


@dataclass
class _User:
    tz: str = "Europe/Berlin"
    deleted: bool = False
    is_bot: bool = False


@dataclass
class _Hang:
    deliver: bool
    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)


class FakeSlack:
    """The fake Slack Web API. Use as a context manager, or `start()`/`stop()`."""

    def __init__(self, *, bot_token: str = BOT_TOKEN, app_token: str = APP_TOKEN) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.team_id = TEAM_ID
        self.bot_user_id = BOT_USER_ID
        self.bot_id = BOT_ID
        self.client_id = CLIENT_ID
        self.client_secret = CLIENT_SECRET
        self.home = FakeWorkspace(TEAM_ID, "Acme Bakery", bot_token, BOT_USER_ID, BOT_ID)
        self._installed: dict[str, FakeWorkspace] = {bot_token: self.home}
        self._codes: dict[str, FakeWorkspace] = {}
        self._revoked: set[str] = set()
        self._current = threading.local()
        self.socket_mode_url: str | None = None
        self._lock = threading.Condition()
        self._calls: list[ApiCall] = []
        self._waiters: list[_Waiter] = []
        self._failures: dict[str, list[_Failure]] = {}
        self._messages: list[_Message] = []
        self._reactions: set[tuple[str, str, str]] = set()
        self._outside: dict[str, str] = {}
        self._users: dict[str, _User] = {}
        self._members: dict[str, list[str]] = {}
        self._gone: set[str] = set()
        self._uploads: dict[str, int] = {}
        self._files: list[dict[str, Any]] = []
        self._hangs: dict[str, _Hang] = {}
        self._view_hashes: dict[str, str] = {}
        self._ts = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeSlack:
        handler = type("Handler", (_Handler,), {"fake": self})
        server_class = type("Server", (ThreadingHTTPServer,), {"request_queue_size": 256})
        self._server = server_class(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-slack", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base(self) -> str:
        assert self._server is not None, "the fake Slack API is not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        """The value for SLACK_API_URL: the fake's Web API base URL."""
        return f"{self.base}/api/"

    def response_url(self, key: str) -> str:
        """A `response_url` for a slash command or action, answered and recorded here."""
        return f"{self.base}/response/{key}"

    def reset(self) -> None:
        """Forget every call, message, reaction and scripted failure (workspaces installed
        with `add_workspace` stay installed: each test makes its own)."""
        with self._lock:
            self._calls.clear()
            self._waiters.clear()
            self._failures.clear()
            self._messages.clear()
            self._reactions.clear()
            self._outside.clear()
            self._users.clear()
            self._members.clear()
            self._gone.clear()
            self._uploads.clear()
            self._files.clear()
        self.release()

    # -- scripting -------------------------------------------------------------------------

    def add_workspace(self, team_id: str, name: str) -> tuple[FakeWorkspace, str]:
        """Make a workspace whose admin approves the app's install: return it and the
        one-time code Slack hands the redirect, which `oauth.v2.access` exchanges for the
        workspace's own bot token."""
        suffix = team_id[-4:]
        workspace = FakeWorkspace(
            team_id=team_id,
            name=name,
            bot_token=f"xoxb-{next(self._ts):010d}-{team_id}-fakebottoken{suffix.lower()}",
            bot_user_id=f"U0BOT{suffix}",
            bot_id=f"B0BOT{suffix}",
        )
        code = f"code-{team_id}-{next(self._ts)}"
        with self._lock:
            self._codes[code] = workspace
        return workspace, code

    def revoke(self, team_id: str) -> None:
        """Make every token of `team_id` fail as Slack answers after an uninstall."""
        with self._lock:
            self._revoked.add(team_id)

    def next_ts(self) -> str:
        """Return a fresh, increasing message timestamp like Slack's."""
        return f"{1_760_000_000 + next(self._ts)}.{next(self._ts):06d}"

    def add_message(
        self,
        channel: str,
        text: str,
        *,
        user: str,
        ts: str | None = None,
        thread_ts: str | None = None,
    ) -> str:
        """Record a user's message in the history (what a driver sends as an event) and
        return its ts."""
        ts = ts or self.next_ts()
        with self._lock:
            self._messages.append(
                _Message(channel=channel, ts=ts, text=text, user=user, thread_ts=thread_ts)
            )
        return ts

    def keep_bot_out(self, channel: str, error: str = "not_in_channel") -> None:
        """Make `channel` one the bot cannot post in: a public channel it was not invited
        to ("not_in_channel") or a private one it cannot see ("channel_not_found")."""
        with self._lock:
            self._outside[channel] = error

    def fail(
        self,
        method: str,
        error: str,
        *,
        status: int = 200,
        times: int = 1,
        headers: Mapping[str, str] | None = None,
        where: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        """Make the next `times` calls of `method` (those whose parameters `where` accepts,
        when given) fail with `error` (HTTP `status`): e.g. 429 with a Retry-After header,
        or a 500."""
        with self._lock:
            self._failures.setdefault(method, []).append(
                _Failure(
                    error=error,
                    status=status,
                    times=times,
                    headers=dict(headers or {}),
                    where=where,
                )
            )

    def hang(
        self,
        method: str,
        seconds: float,
        *,
        times: int = 1,
        lands: bool = True,
        where: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        """Make the next `times` calls of `method` answer only after `seconds` (a client
        with a shorter timeout gives up first). With `lands` the call takes effect at once,
        as when Slack is slow to answer; without, it fails with a 500 after the wait."""
        with self._lock:
            self._failures.setdefault(method, []).append(
                _Failure(
                    error="internal_error",
                    status=500,
                    times=times,
                    where=where,
                    delay=seconds,
                    lands=lands,
                )
            )

    def set_user(
        self,
        user_id: str,
        *,
        tz: str = "Europe/Berlin",
        deleted: bool = False,
        is_bot: bool = False,
    ) -> None:
        """Give `user_id` a time zone in `users.info` and `users.list`, or mark them
        deactivated, or a bot (DMs to a bot fail with `cannot_dm_bot`)."""
        with self._lock:
            self._users[user_id] = _User(tz=tz, deleted=deleted, is_bot=is_bot)

    def set_members(self, channel: str, members: list[str]) -> None:
        """Give `channel` these members in `conversations.members` (two per page)."""
        with self._lock:
            self._members[channel] = list(members)

    def remove_user(self, user_id: str) -> None:
        """Make `user_id` unknown to the workspace (`user_not_found`, their DM too)."""
        with self._lock:
            self._gone.add(user_id)

    def hold(self, method: str, *, deliver: bool = False) -> threading.Event:
        """Make calls of `method` wait until `release()` (`hang` waits a set time instead);
        with `deliver`, the call takes effect first (Slack did it; only the answer is late).
        Returns an event set when a call arrives, so a test can act while the client waits."""
        hang = _Hang(deliver=deliver)
        with self._lock:
            self._hangs[method] = hang
        return hang.arrived

    def release(self) -> None:
        """Let every waiting call go (they then answer with an error unless delivered)."""
        with self._lock:
            hangs, self._hangs = list(self._hangs.values()), {}
        for hang in hangs:
            hang.released.set()

    def files(self) -> list[dict[str, Any]]:
        """Return the files shared with `files.completeUploadExternal`, in order."""
        with self._lock:
            return list(self._files)

    # -- inspection ------------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[ApiCall]:
        """Return the recorded calls, optionally only those of `method`, in arrival order."""
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(
        self, predicate: Callable[[list[ApiCall]], bool], timeout: float = 10.0
    ) -> list[ApiCall]:
        """Block until `predicate(calls)` holds; return the calls, or raise TimeoutError."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not predicate(list(self._calls)):
                left = deadline - time.monotonic()
                if left <= 0:
                    methods = [c.method for c in self._calls]
                    raise TimeoutError(f"condition not met in {timeout} s; calls: {methods}")
                self._lock.wait(left)
            return list(self._calls)

    def expect_call(
        self, method: str, where: Callable[[ApiCall], bool] | None = None
    ) -> Future[ApiCall]:
        """Return a future resolved by the first call of `method` matching `where` (one that
        already arrived, or the next): register it before causing the call, then wait on it
        from a thread or from asyncio (`asyncio.wrap_future`). Only its own call wakes it."""

        def matches(call: ApiCall) -> bool:
            return call.method == method and (where is None or where(call))

        waiter = _Waiter(matches)
        with self._lock:
            found = next((c for c in self._calls if matches(c)), None)
            if found is not None:
                waiter.future.set_result(found)
            else:
                self._waiters.append(waiter)
        return waiter.future

    def wait_for_call(
        self, method: str, where: Callable[[ApiCall], bool] | None = None, timeout: float = 10.0
    ) -> ApiCall:
        """Block until a call of `method` matching `where` arrives; return the first such."""
        future = self.expect_call(method, where)
        try:
            return future.result(timeout)
        except FutureTimeout:
            raise TimeoutError(f"no {method} call matched in {timeout} s") from None

    def dm_channel(self, user_id: str) -> str:
        """Return the id of `user_id`'s DM with the bot, as `conversations.open` gives it."""
        return "D" + user_id[1:]

    def messages(self, channel: str, *, thread_ts: str | None = None) -> list[dict[str, Any]]:
        """Return the messages of `channel` as they stand now (updates applied), oldest
        first; with `thread_ts`, that thread's replies only (not its parent)."""
        with self._lock:
            found = [
                m
                for m in self._messages
                if m.channel == channel
                and (m.thread_ts == thread_ts if thread_ts else m.thread_ts is None)
            ]
            return [m.to_api() for m in sorted(found, key=lambda m: float(m.ts))]

    def message(self, channel: str, ts: str) -> dict[str, Any]:
        """Return the message `ts` of `channel` as it stands now (KeyError when absent)."""
        with self._lock:
            for m in self._messages:
                if m.channel == channel and m.ts == ts:
                    return m.to_api()
        raise KeyError(f"no message {ts} in {channel}")

    def reactions(self) -> set[tuple[str, str, str]]:
        """Return the reactions currently on messages, as (channel, ts, name)."""
        with self._lock:
            return set(self._reactions)

    # -- request handling (called from the server's threads) --------------------------------

    def _record(self, call: ApiCall) -> None:
        with self._lock:
            self._calls.append(call)
            # A waiter whose future was cancelled (its caller moved on) just leaves.
            self._waiters = [w for w in self._waiters if not w.future.cancelled()]
            for waiter in [w for w in self._waiters if w.matches(call)]:
                self._waiters.remove(waiter)
                with suppress(InvalidStateError):
                    waiter.future.set_result(call)
            self._lock.notify_all()

    def _scripted_failure(self, method: str, params: dict[str, Any]) -> _Failure | None:
        with self._lock:
            queue = self._failures.get(method) or []
            failure = next((f for f in queue if f.where is None or f.where(params)), None)
            if failure is None:
                return None
            failure.times -= 1
            if failure.times <= 0:
                queue.remove(failure)
            return failure

    def handle(  # noqa: PLR0911 (one early answer per way Slack refuses a call)
        self, method: str, params: dict[str, Any], token: str | None, *, scripted: bool = True
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """Answer one Web API call: (HTTP status, JSON body, extra headers)."""
        failure = self._scripted_failure(method, params) if scripted else None
        if failure is not None and failure.delay:
            answer = self.handle(method, params, token, scripted=False) if failure.lands else None
            time.sleep(failure.delay)
            if answer is not None:
                return answer
        if failure is not None:
            return failure.status, {"ok": False, "error": failure.error}, failure.headers
        if method == "apps.connections.open":
            if token != self.app_token:
                return 200, {"ok": False, "error": "invalid_auth"}, {}
            if self.socket_mode_url is None:
                return 200, {"ok": False, "error": "socket_mode_not_enabled"}, {}
            return 200, {"ok": True, "url": self.socket_mode_url}, {}
        if method == "oauth.v2.access":
            return 200, self._oauth_access(params), {}
        if token is None:
            return 200, {"ok": False, "error": "not_authed"}, {}
        with self._lock:
            workspace = self._installed.get(token)
            revoked = workspace is not None and workspace.team_id in self._revoked
        if workspace is None:
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        if revoked:
            return 200, {"ok": False, "error": "token_revoked"}, {}
        self._current.workspace = workspace
        handler = getattr(self, "_api_" + method.replace(".", "_"), None)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        with self._lock:
            hang = self._hangs.get(method)
        if hang is not None:
            body = handler(params) if hang.deliver else {"ok": False, "error": "fatal_error"}
            hang.arrived.set()
            hang.released.wait(60)
            return 200, body, {}
        body = handler(params)
        return 200, body, {}

    # -- Web API methods -------------------------------------------------------------------

    def _workspace(self) -> FakeWorkspace:
        """The workspace whose token the call being answered (on this thread) carries."""
        found: FakeWorkspace | None = getattr(self._current, "workspace", None)
        return found or self.home

    def _oauth_access(self, params: dict[str, Any]) -> dict[str, Any]:
        if (params.get("client_id"), params.get("client_secret")) != (
            self.client_id,
            self.client_secret,
        ):
            return {"ok": False, "error": "invalid_client_id"}
        with self._lock:
            workspace = self._codes.pop(str(params.get("code", "")), None)
            if workspace is None:
                return {"ok": False, "error": "invalid_code"}
            self._installed[workspace.bot_token] = workspace
            self._revoked.discard(workspace.team_id)
        return {
            "ok": True,
            "app_id": "A0ALIGN01",
            "authed_user": {"id": "U0INSTALLR"},
            "scope": "app_mentions:read,chat:write,commands",
            "token_type": "bot",
            "access_token": workspace.bot_token,
            "bot_user_id": workspace.bot_user_id,
            "team": {"id": workspace.team_id, "name": workspace.name},
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def _api_auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        workspace = self._workspace()
        return {
            "ok": True,
            "url": "https://acme-bakery.slack.com/",
            "team": workspace.name,
            "user": "alignbot",
            "team_id": workspace.team_id,
            "user_id": workspace.bot_user_id,
            "bot_id": workspace.bot_id,
            "is_enterprise_install": False,
        }

    def _message_problems(self, params: dict[str, Any]) -> dict[str, Any] | None:
        if not params.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        with self._lock:
            outside = self._outside.get(str(params["channel"]))
        if outside is not None:
            return {"ok": False, "error": outside}
        blocks = params.get("blocks")
        if blocks is None and not str(params.get("text", "")).strip():
            return {"ok": False, "error": "no_text"}
        if blocks is not None:
            problems = block_kit_problems(blocks, "message")
            if problems:
                return {
                    "ok": False,
                    "error": "invalid_blocks",
                    "response_metadata": {"messages": [f"[ERROR] {p}" for p in problems]},
                }
        return None

    def _api_chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        problem = self._message_problems(params)
        if problem is not None:
            return problem
        message = _Message(
            channel=params["channel"],
            ts=self.next_ts(),
            text=str(params.get("text", "")),
            bot_id=self._workspace().bot_id,
            user=self._workspace().bot_user_id,
            thread_ts=params.get("thread_ts"),
            blocks=params.get("blocks"),
            metadata=params.get("metadata"),
        )
        with self._lock:
            self._messages.append(message)
        return {
            "ok": True,
            "channel": message.channel,
            "ts": message.ts,
            "message": message.to_api(),
        }

    def _api_chat_postEphemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        problem = self._message_problems(params)
        if problem is not None:
            return problem
        if not params.get("user"):
            return {"ok": False, "error": "user_not_in_channel"}
        return {"ok": True, "message_ts": self.next_ts()}

    def _api_chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        problem = self._message_problems(params)
        if problem is not None:
            return problem
        with self._lock:
            found = next(
                (
                    m
                    for m in self._messages
                    if m.channel == params["channel"] and m.ts == params.get("ts")
                ),
                None,
            )
            if found is None:
                return {"ok": False, "error": "message_not_found"}
            found.text = str(params.get("text", found.text))
            found.blocks = params.get("blocks", found.blocks)
            return {
                "ok": True,
                "channel": found.channel,
                "ts": found.ts,
                "text": found.text,
                "message": found.to_api(),
            }

    def _api_reactions_add(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (str(params.get("channel")), str(params.get("timestamp")), str(params.get("name")))
        with self._lock:
            if key in self._reactions:
                return {"ok": False, "error": "already_reacted"}
            self._reactions.add(key)
        return {"ok": True}

    def _api_reactions_remove(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (str(params.get("channel")), str(params.get("timestamp")), str(params.get("name")))
        with self._lock:
            if key not in self._reactions:
                return {"ok": False, "error": "no_reaction"}
            self._reactions.discard(key)
        return {"ok": True}

    def _api_conversations_replies(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, ts = params.get("channel"), params.get("ts")
        with self._lock:
            thread = [
                m for m in self._messages if m.channel == channel and ts in (m.ts, m.thread_ts)
            ]
        if not thread:
            return {"ok": False, "error": "thread_not_found"}
        thread.sort(key=lambda m: float(m.ts))
        limit = int(params.get("limit") or 1000)
        messages = [m.to_api() for m in thread[:limit]]
        for message in messages:
            message.setdefault("thread_ts", ts)
            if params.get("include_all_metadata") not in (True, "true", "True", "1", 1):
                message.pop("metadata", None)
        return {
            "ok": True,
            "messages": messages,
            "has_more": len(thread) > limit,
            "response_metadata": {"next_cursor": ""},
        }

    def _api_conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel", ""))
        with self._lock:
            found = [m for m in self._messages if m.channel == channel and not m.thread_ts]
        found.sort(key=lambda m: float(m.ts), reverse=True)
        limit = int(params.get("limit") or 100)
        metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        messages = []
        for m in found[:limit]:
            body = m.to_api()
            if not metadata:
                body.pop("metadata", None)
            messages.append(body)
        return {"ok": True, "messages": messages, "has_more": len(found) > limit}

    def _api_conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        users = [u for u in str(params.get("users", "")).split(",") if u]
        with self._lock:
            gone = bool(set(users) & self._gone)
            known = [self._users[u] for u in users if u in self._users]
        if gone or len(users) != 1 or not users[0].startswith(("U", "W")):
            return {"ok": False, "error": "users_not_found"}
        if any(user.is_bot for user in known):
            return {"ok": False, "error": "cannot_dm_bot"}
        if any(user.deleted for user in known):
            return {"ok": False, "error": "user_disabled"}
        channel = self.dm_channel(users[0])
        return {"ok": True, "channel": {"id": channel, "is_im": True, "user": users[0]}}

    def _api_conversations_members(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            members = self._members.get(str(params.get("channel", "")))
        if members is None:
            return {"ok": False, "error": "not_in_channel"}
        start = int(params.get("cursor") or 0)
        following = str(start + 2) if start + 2 < len(members) else ""
        page = members[start : start + 2]
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": following}}

    def _api_chat_getPermalink(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(params.get("channel", "")), str(params.get("message_ts", ""))
        with self._lock:
            if not any(m.channel == channel and m.ts == ts for m in self._messages):
                return {"ok": False, "error": "message_not_found"}
        return {
            "ok": True,
            "channel": channel,
            "permalink": f"https://acme-bakery.slack.com/archives/{channel}/p{ts.replace('.', '')}",
        }

    def _api_users_list(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            known = sorted(self._users.items())
        start = int(params.get("cursor") or 0)
        following = str(start + 2) if start + 2 < len(known) else ""
        members = [
            {"id": user_id, "deleted": user.deleted, "is_bot": user.is_bot, "tz": user.tz}
            for user_id, user in known[start : start + 2]
        ]
        return {"ok": True, "members": members, "response_metadata": {"next_cursor": following}}

    def _api_users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user = str(params.get("user", ""))
        with self._lock:
            gone = user in self._gone
            known = self._users.get(user, _User())
        if gone or not user.startswith(("U", "W")):
            return {"ok": False, "error": "user_not_found"}
        return {
            "ok": True,
            "user": {
                "id": user,
                "team_id": self.team_id,
                "name": f"user{user[-3:].lower()}",
                "real_name": "Pat Baker",
                "tz": known.tz,
                "tz_label": known.tz,
                "tz_offset": 0,
                "deleted": known.deleted,
                "is_bot": known.is_bot,
                "profile": {"real_name": "Pat Baker", "display_name": "pat"},
            },
        }

    def _api_files_getUploadURLExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("filename") or not str(params.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ts):08d}"
        with self._lock:
            self._uploads[file_id] = -1
        return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}

    def _api_files_completeUploadExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        files = params.get("files")
        if isinstance(files, str):
            files = json.loads(files)
        if not isinstance(files, list) or not files:
            return {"ok": False, "error": "invalid_arguments"}
        channel = params.get("channel_id") or params.get("channels")
        with self._lock:
            if channel in self._outside:
                return {"ok": False, "error": self._outside[str(channel)]}
            for item in files:
                if self._uploads.get(str(item.get("id")), -1) <= 0:
                    return {"ok": False, "error": "file_not_found"}
            shared = [
                {
                    "id": item["id"],
                    "title": item.get("title", ""),
                    "size": self._uploads[item["id"]],
                    "channel": channel,
                    "initial_comment": params.get("initial_comment"),
                }
                for item in files
            ]
            self._files.extend(shared)
        return {"ok": True, "files": [{"id": f["id"], "title": f["title"]} for f in shared]}

    def _receive_upload(self, file_id: str, raw: bytes) -> bool:
        with self._lock:
            if file_id not in self._uploads:
                return False
            self._uploads[file_id] = len(raw)
            return True

    def _view_result(self, params: dict[str, Any], surface: str | None = None) -> dict[str, Any]:
        view = params.get("view")
        problems = view_problems(view)
        if problems:
            return {
                "ok": False,
                "error": "invalid_arguments",
                "response_metadata": {"messages": [f"[ERROR] {p}" for p in problems]},
            }
        assert isinstance(view, dict)
        view_id = str(params.get("view_id") or f"V{next(self._ts):08d}")
        with self._lock:
            # As Slack does: an update naming a `hash` other than the view's current one
            # (the view changed since the caller saw it) is refused.
            current = self._view_hashes.get(view_id)
            if params.get("hash") and current is not None and params["hash"] != current:
                return {"ok": False, "error": "hash_conflict"}
            self._view_hashes[view_id] = new_hash = f"{next(self._ts)}.abcdef"
        return {
            "ok": True,
            "view": {
                "id": view_id,
                "team_id": self.team_id,
                "type": surface or view.get("type"),
                "blocks": view.get("blocks", []),
                "private_metadata": view.get("private_metadata", ""),
                "callback_id": view.get("callback_id", ""),
                "hash": new_hash,
                "state": {"values": {}},
            },
        }

    def view_hash(self, view_id: str) -> str | None:
        """The current `hash` of the view `view_id` (None until it was opened or updated
        under that id), as Slack puts it in the next payload from that view."""
        with self._lock:
            return self._view_hashes.get(view_id)

    def _api_views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        return self._view_result(params)

    def _api_views_update(self, params: dict[str, Any]) -> dict[str, Any]:
        if not (params.get("view_id") or params.get("external_id")):
            return {"ok": False, "error": "not_found"}
        return self._view_result(params)

    def _api_views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("user_id"):
            return {"ok": False, "error": "invalid_arguments"}
        return self._view_result(params, "home")


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    text = raw.decode("utf-8")
    if content_type.startswith("application/json"):
        parsed = json.loads(text)
        return parsed if isinstance(parsed, dict) else {"_": parsed}
    params: dict[str, Any] = dict(parse_qsl(text, keep_blank_values=True))
    for name in _JSON_FIELDS:
        if isinstance(params.get(name), str):
            with suppress(json.JSONDecodeError):
                params[name] = json.loads(params[name])
    return params


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSlack
    server_version = "FakeSlack/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean: the calls are recorded, not printed."""

    def _send(self, status: int, body: Mapping[str, Any], headers: Mapping[str, str]) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):
            # A client that gave up (a timeout, a killed bot) is gone: nothing to answer.
            self.wfile.write(payload)

    def do_POST(self) -> None:
        received = time.perf_counter()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        path = urlsplit(self.path)
        is_upload = path.path.startswith("/upload/")
        params = {} if is_upload else _parse_body(raw, self.headers.get("Content-Type", ""))
        params.update(dict(parse_qsl(path.query)))
        if path.path.startswith("/response/"):
            key = path.path.removeprefix("/response/")
            self.fake._record(ApiCall("response_url", params, None, received, key))
            self._send(200, {"ok": True}, {})
            return
        if path.path.startswith("/upload/"):
            file_id = path.path.removeprefix("/upload/")
            ok = self.fake._receive_upload(file_id, raw)
            self.fake._record(ApiCall("file_upload", {"bytes": len(raw)}, None, received, file_id))
            self._send(200 if ok else 404, {"ok": ok}, {})
            return
        if not path.path.startswith("/api/"):
            self._send(404, {"ok": False, "error": "not_found"}, {})
            return
        method = path.path.removeprefix("/api/")
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):  # oauth.v2.access: the app's client id and secret
            client_id, _, secret = (
                base64.b64decode(auth.removeprefix("Basic ")).decode().partition(":")
            )
            params |= {"client_id": client_id, "client_secret": secret}
            auth = ""
        token = auth.removeprefix("Bearer ").strip() or params.pop("token", None)
        status, body, headers = self.fake.handle(method, params, token)
        self.fake._record(ApiCall(method, params, token, received))
        self._send(status, body, headers)

    do_GET = do_POST  # noqa: N815 (http.server's naming)


@contextmanager
def running_fake_slack() -> Iterator[FakeSlack]:
    """Run a fake Slack API for the duration of the block."""
    fake = FakeSlack().start()
    try:
        yield fake
    finally:
        fake.stop()
