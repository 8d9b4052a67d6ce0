"""A nudge pass over many installed workspaces: each workspace's nudges go out with its own
bot token, and one workspace's failure (a revoked token, an uninstall) never stops another's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.models.installation import Installation

from bot.nudges.scheduler import PassOptions, PassReport, run_pass
from bot.nudges.slack import installed_slacks
from bot.settings import Settings
from bot.slack.workspaces import (
    EncryptedInstallationStore,
    InstalledWorkspaces,
    new_secret_key,
    token_cipher,
)
from bot.store import Store
from tests.nudges.conftest import PAT, SAM, add_kpi
from tests.slack.fake_slack import CLIENT_ID, FakeSlack, FakeWorkspace
from tests.store.backends import FakeClock

NUDGES_ONLY = PassOptions(digests=False)


def install(
    fake: FakeSlack, installations: EncryptedInstallationStore, team_id: str
) -> FakeWorkspace:
    """Install the app into a new workspace of the fake and keep its installation."""
    workspace, code = fake.add_workspace(team_id, f"Workspace {team_id}")
    granted = WebClient(base_url=fake.api_url).oauth_v2_access(
        client_id=fake.client_id, client_secret=fake.client_secret, code=code
    )
    installations.save(
        Installation(
            app_id=granted["app_id"],
            team_id=team_id,
            bot_token=granted["access_token"],
            bot_id=workspace.bot_id,
            bot_user_id=granted["bot_user_id"],
            user_id=granted["authed_user"]["id"],
        )
    )
    return workspace


@pytest.fixture
def installations(store: Store) -> EncryptedInstallationStore:
    cipher = token_cipher(Settings(ALIGNBOT_SECRET_KEY=new_secret_key()))
    return EncryptedInstallationStore(CLIENT_ID, store.engine, cipher)


@pytest.fixture
def workspaces(installations: EncryptedInstallationStore, fake: FakeSlack) -> InstalledWorkspaces:
    return InstalledWorkspaces(installations, WebClient(base_url=fake.api_url), ttl=0)


@pytest.fixture
def nudge_pass(
    store: Store, fake: FakeSlack, workspaces: InstalledWorkspaces, monday: FakeClock
) -> Callable[[], PassReport]:
    """One pass at Monday 09:05 New York, each workspace with its installed bot token."""
    return lambda: run_pass(store, installed_slacks(workspaces, fake.api_url), monday, NUDGES_ONLY)


def _dm_tokens(fake: FakeSlack, user: str) -> set[str | None]:
    return {
        c.token for c in fake.calls("chat.postMessage") if c["channel"] == fake.dm_channel(user)
    }


def test_each_workspace_is_nudged_with_its_own_token(
    store: Store,
    fake: FakeSlack,
    installations: EncryptedInstallationStore,
    nudge_pass: Callable[[], PassReport],
) -> None:
    alpha, beta = install(fake, installations, "T0ALPHA"), install(fake, installations, "T0BETA")
    add_kpi(store, PAT, "Alpha orders", team="T0ALPHA")
    add_kpi(store, SAM, "Beta repairs", team="T0BETA")
    report = nudge_pass()
    assert sorted(report.sent) == [("T0ALPHA", PAT, "nudge"), ("T0BETA", SAM, "nudge")]
    assert _dm_tokens(fake, PAT) == {alpha.bot_token}
    assert _dm_tokens(fake, SAM) == {beta.bot_token}


def test_a_revoked_workspace_does_not_stop_the_others_nudges(
    store: Store,
    fake: FakeSlack,
    installations: EncryptedInstallationStore,
    nudge_pass: Callable[[], PassReport],
) -> None:
    install(fake, installations, "T0ALPHA")
    beta = install(fake, installations, "T0BETA")
    add_kpi(store, PAT, "Alpha orders", team="T0ALPHA")
    add_kpi(store, SAM, "Beta repairs", team="T0BETA")
    fake.revoke("T0ALPHA")
    report = nudge_pass()
    assert report.sent == [("T0BETA", SAM, "nudge")]
    assert _dm_tokens(fake, SAM) == {beta.bot_token}
    assert _dm_tokens(fake, PAT) == set()


def test_a_revoked_workspace_is_left_at_its_first_refusal(
    store: Store,
    fake: FakeSlack,
    installations: EncryptedInstallationStore,
    nudge_pass: Callable[[], PassReport],
) -> None:
    alpha = install(fake, installations, "T0ALPHA")
    for person in (PAT, SAM, "U0KIM", "U0LEE"):
        fake.set_user(person, tz="America/New_York")
        add_kpi(store, person, "Alpha orders", team="T0ALPHA")
    fake.revoke("T0ALPHA")
    nudge_pass()
    refused = [c for c in fake.calls() if c.token == alpha.bot_token and c.method != "auth.test"]
    assert len(refused) == 1
    assert nudge_pass().sent == []  # and again on the next pass, until it is uninstalled


def test_a_workspace_without_an_installation_is_skipped(
    store: Store,
    fake: FakeSlack,
    installations: EncryptedInstallationStore,
    nudge_pass: Callable[[], PassReport],
) -> None:
    install(fake, installations, "T0BETA")
    add_kpi(store, PAT, "Alpha orders", team="T0GONE")
    add_kpi(store, SAM, "Beta repairs", team="T0BETA")
    report = nudge_pass()
    assert report.sent == [("T0BETA", SAM, "nudge")]
