"""A local fake of Slack's Socket Mode WebSocket endpoint (aiohttp, on 127.0.0.1, in a
thread). The fake Web API hands its URL out from `apps.connections.open`; once the bot
connects it says `hello`, then pushes the envelopes a test sends and records the acks."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

from aiohttp import WSMsgType, web


class FakeSocketMode:
    """The Socket Mode server. `start()` it, point the fake Web API at `url`, then `send()`
    envelopes and `wait_for_ack()` their acknowledgements."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self._acks: list[dict[str, Any]] = []
        self._lock = threading.Condition()
        self.port = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket=fake"

    def start(self) -> FakeSocketMode:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get("/link/", self._connect)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def _connect(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        with self._lock:
            self._sockets.append(socket)
            self._lock.notify_all()
        await socket.send_str(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": 1,
                    "debug_info": {
                        "host": "fake-socket-mode",
                        "approximate_connection_time": 18060,
                    },
                    "connection_info": {"app_id": "A0ALIGN01"},
                }
            )
        )
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                with self._lock:
                    self._acks.append(json.loads(message.data))
                    self._lock.notify_all()
        return socket

    def wait_connected(self, timeout: float = 10.0) -> None:
        """Block until the bot has connected."""
        with self._lock:
            if not self._lock.wait_for(lambda: bool(self._sockets), timeout):
                raise TimeoutError("the bot did not connect over Socket Mode")

    def send(self, envelope: dict[str, Any]) -> None:
        """Push an envelope (events_api, slash_commands, interactive) to the bot."""
        self.wait_connected()
        socket = self._sockets[-1]
        future = asyncio.run_coroutine_threadsafe(socket.send_str(json.dumps(envelope)), self._loop)
        future.result(timeout=5)

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """Return the bot's acknowledgement of `envelope_id`."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for ack in self._acks:
                    if ack.get("envelope_id") == envelope_id:
                        return ack
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no ack for {envelope_id}")
                self._lock.wait(left)

    def stop(self) -> None:
        async def close() -> None:
            for socket in self._sockets:
                await socket.close()
            if self._runner is not None:
                await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()
