"""A real Chroma server (`chroma run`) on a free local port, for the tests of an index on a
server (several bot replicas) and of what happens when that server goes away."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMA = Path(sys.executable).with_name("chroma")


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_chroma_server(folder: Path) -> Iterator[tuple[str, int]]:
    """Run a Chroma server persisted in `folder` until the block ends; yield (host, port).
    Skips the test when the server executable is not installed."""
    if not CHROMA.exists():
        pytest.skip("the chroma server executable is not installed")
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(folder / "data"), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while not _accepts(port):
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"chroma server did not start: {log.read_text()[-500:]}")
            time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=10)
