"""What serving many workspaces costs each request: Bolt's authorization of a request from an
installed workspace, cached (seen in the last minute) and not (one installation read and one
Fernet decryption), over a SQLite store holding 100 installations; and the length a bot
token takes once encrypted.

Run alone with `python tests/bench/bench_workspaces.py`, or with everything via `make bench`."""

from __future__ import annotations

import sys
import tempfile
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from slack_bolt.context import BoltContext  # noqa: E402
from slack_sdk import WebClient  # noqa: E402
from slack_sdk.oauth.installation_store.models.installation import Installation  # noqa: E402

from bot.settings import Settings  # noqa: E402
from bot.slack.workspaces import (  # noqa: E402
    CACHE_SECONDS,
    EncryptedInstallationStore,
    InstalledWorkspaces,
    WorkspaceAuthorize,
    new_secret_key,
    token_cipher,
)
from bot.store import Store  # noqa: E402

WORKSPACES = 100
CALLS = 2000
TOKEN = "xoxb-1234567890123-1234567890123-" + "a" * 24


def main() -> None:
    """Print the cost of an authorization, cached and not, and a token's stored length."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'alignbot.db'}")
        cipher = token_cipher(Settings(ALIGNBOT_SECRET_KEY=new_secret_key()))
        installations = EncryptedInstallationStore("1.2", store.engine, cipher)
        for n in range(WORKSPACES):
            installations.save(
                Installation(
                    app_id="A1",
                    team_id=f"T{n:05d}",
                    bot_token=TOKEN,
                    bot_id="B1",
                    bot_user_id="U1",
                    user_id="U2",
                )
            )
        print(
            f"a {len(TOKEN)}-character bot token is stored as "
            f"{len(cipher.encrypt(TOKEN.encode()))} characters of ciphertext"
        )
        for ttl, label in ((CACHE_SECONDS, "cached"), (0.0, "not cached")):
            authorize = WorkspaceAuthorize(InstalledWorkspaces(installations, WebClient(), ttl=ttl))
            context = BoltContext()
            seconds = timeit.timeit(
                lambda a=authorize, c=context: a(
                    context=c, enterprise_id=None, team_id="T00042", user_id="U9"
                ),
                number=CALLS,
            )
            print(f"authorize, {label}: {seconds / CALLS * 1e6:8.1f} µs a request ({CALLS} calls)")
        store.close()


if __name__ == "__main__":
    main()
