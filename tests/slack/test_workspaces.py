"""Many workspaces from one deployment, end to end: the app is installed into two workspaces
through "Add to Slack" (`/slack/install`, Slack's redirect to `/slack/oauth_redirect`,
`oauth.v2.access` at the fake Slack API), then people in each ask, interview, read their
report and KPIs over signed requests, and one workspace uninstalls; each workspace's
messages go out with its own bot token and nobody sees another workspace's data."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from sqlalchemy import select

from bot.cli.serve import many_workspaces
from bot.listeners.commands.report import NO_REPORT
from bot.settings import Settings
from bot.slack.app import ManyWorkspaces, build_app
from bot.slack.deps import slack_deps
from bot.slack.http import build_asgi_app
from bot.slack.jobs import Jobs
from bot.slack.workspaces import new_secret_key
from bot.store import KpiDraft, Store
from bot.store.schema import SLACK_BOTS, WorkspaceUninstall
from tests.kpis.seed import store_persona
from tests.slack.conftest import RunningBot, TrackingExecutor
from tests.slack.driver import SIGNING_SECRET, Sent, SlackDriver
from tests.slack.fake_slack import ApiCall, FakeSlack, FakeWorkspace
from tests.slack.interview_user import InterviewUser, interview_services, new_user_id
from tests.slack.server import serve_in_thread

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

STATE_COOKIE = re.compile(r"slack-app-oauth-state=([^;]+)")


@dataclass
class ManyBot:
    """The bot serving every workspace that installs it, and what it is made of."""

    url: str
    bot: RunningBot
    many: ManyWorkspaces
    store: Store
    drivers: dict[str, SlackDriver] = field(default_factory=dict)

    def driver(self, workspace: FakeWorkspace) -> SlackDriver:
        """A driver sending requests from `workspace` (one per workspace's bot token)."""
        if workspace.bot_token not in self.drivers:
            self.drivers[workspace.bot_token] = SlackDriver(
                self.url,
                self.bot.driver.fake,
                team_id=workspace.team_id,
                bot_user_id=workspace.bot_user_id,
            )
        return self.drivers[workspace.bot_token]

    def close(self) -> None:
        """Close every driver's connections."""
        for driver in self.drivers.values():
            driver.close()

    def in_workspace(self, workspace: FakeWorkspace) -> RunningBot:
        """The running bot as seen from `workspace` (its driver sends from there)."""
        return replace(self.bot, driver=self.driver(workspace))


@pytest.fixture(scope="module")
def _many_bot(
    fake_slack_server: FakeSlack,
    knowledge_base: KnowledgeBase,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ManyBot]:
    data: Path = tmp_path_factory.mktemp("many-workspaces")
    store = Store.open(f"sqlite:///{data / 'alignbot.sqlite3'}")
    settings = Settings(
        ALIGNBOT_DATA_DIR=data,
        ALIGNBOT_SECRET_KEY=new_secret_key(),
        slack_client_id=fake_slack_server.client_id,
        slack_client_secret=fake_slack_server.client_secret,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake_slack_server.api_url,
    )
    assert settings.many_workspaces
    services = interview_services(knowledge_base, store)
    many, installs = many_workspaces(settings, store)
    deps = slack_deps(services, Jobs(store), installs)
    executor = TrackingExecutor(8)
    app = build_app(settings, deps, listener_executor=executor, many=many)
    asgi = build_asgi_app(app, signing_secret=SIGNING_SECRET, jobs=deps.jobs)
    with ExitStack() as stack:
        url = stack.enter_context(serve_in_thread(asgi))
        stack.callback(store.close)
        stack.callback(executor.shutdown)
        stack.callback(deps.jobs.drain, 10)
        driver = SlackDriver(url, fake_slack_server)
        stack.callback(driver.close)
        running = RunningBot(
            url=url, driver=driver, executor=executor, deps=deps, services=services
        )
        bot = ManyBot(url=url, bot=running, many=many, store=store)
        stack.callback(bot.close)
        yield bot


@pytest.fixture
def many_bot(_many_bot: ManyBot, slack: FakeSlack) -> Iterator[ManyBot]:
    """The multi-workspace bot, with nothing left running from the previous test."""
    yield _many_bot
    _many_bot.bot.executor.wait_idle()


def install(bot: ManyBot, slack: FakeSlack, name: str) -> tuple[FakeWorkspace, httpx.Response]:
    """Install the app into a new workspace called `name` as its admin would: open the
    install page, follow "Add to Slack" (Slack approves and redirects back with a code)."""
    page = httpx.get(f"{bot.url}/slack/install")
    assert page.status_code == 200, page.text
    state = STATE_COOKIE.search(page.headers["set-cookie"])
    assert state is not None
    assert f"state={state.group(1)}" in page.text  # the button carries the same state
    workspace, code = slack.add_workspace("T" + uuid.uuid4().hex[:9].upper(), name)
    return workspace, redirected(bot, code, state.group(1))


def redirected(bot: ManyBot, code: str, state: str) -> httpx.Response:
    """Slack's redirect back to the bot after the admin allowed the app."""
    return httpx.get(
        f"{bot.url}/slack/oauth_redirect",
        params={"code": code, "state": state},
        headers={"Cookie": f"slack-app-oauth-state={state}"},
    )


@pytest.fixture
def two(many_bot: ManyBot, slack: FakeSlack) -> tuple[FakeWorkspace, FakeWorkspace]:
    """Two workspaces that installed the app."""
    alpha, done = install(many_bot, slack, "Alpha Bakery")
    assert done.status_code == 200, done.text
    beta, done = install(many_bot, slack, "Beta Bikes")
    assert done.status_code == 200, done.text
    return alpha, beta


def answer_in(slack: FakeSlack, channel: str) -> ApiCall:
    return slack.wait_for_call("chat.postMessage", lambda c: c["channel"] == channel, timeout=30)


def reply_to(slack: FakeSlack, sent: Sent) -> ApiCall:
    return slack.wait_for_call("response_url", lambda c: c.key == sent.response_key)


def test_install_page_offers_add_to_slack_with_the_manifest_scopes(
    many_bot: ManyBot,
) -> None:
    page = httpx.get(f"{many_bot.url}/slack/install")
    assert page.status_code == 200
    assert "Add to Slack" in page.text
    assert "client_id=1111111111.2222222222" in page.text
    assert "scope=app_mentions:read,channels:history" in page.text


def test_install_exchanges_the_code_and_says_what_to_do_next(
    many_bot: ManyBot, slack: FakeSlack
) -> None:
    workspace, done = install(many_bot, slack, "Alpha Bakery")
    assert done.status_code == 200
    assert "alignbot is installed in Alpha Bakery" in done.text
    assert "/align help" in done.text
    assert "/invite @alignbot" in done.text
    [exchange] = slack.calls("oauth.v2.access")
    assert exchange.token is None  # the app's id and secret, not a token
    assert many_bot.many.workspaces.token(workspace.team_id) == workspace.bot_token


def test_install_keeps_the_bot_token_encrypted_in_the_database(
    many_bot: ManyBot, slack: FakeSlack
) -> None:
    workspace, _ = install(many_bot, slack, "Alpha Bakery")
    with many_bot.store.engine.connect() as connection:
        stored = connection.execute(
            select(SLACK_BOTS.c.bot_token).where(SLACK_BOTS.c.team_id == workspace.team_id)
        ).scalar_one()
    assert stored is not None
    assert workspace.bot_token not in stored
    assert not stored.startswith("xoxb-")


def test_install_with_a_forged_state_is_refused_and_stores_nothing(
    many_bot: ManyBot, slack: FakeSlack
) -> None:
    workspace, code = slack.add_workspace("T" + uuid.uuid4().hex[:9].upper(), "Mallory")
    done = redirected(many_bot, code, "forged")
    assert done.status_code == 401
    assert "did not finish" in done.text
    assert slack.calls("oauth.v2.access") == []
    assert many_bot.many.workspaces.token(workspace.team_id) is None


def test_mention_in_each_workspace_is_answered_with_its_own_token(
    many_bot: ManyBot, slack: FakeSlack, two: tuple[FakeWorkspace, FakeWorkspace]
) -> None:
    for n, workspace in enumerate(two):
        channel = f"C0ASK{n}{workspace.team_id[-4:]}"
        sent = many_bot.driver(workspace).mention(
            "How do I align automation with my strategy?", channel=channel
        )
        assert sent.response.status_code == 200
        answer = answer_in(slack, channel)
        assert answer.token == workspace.bot_token
    tokens = {c.token for c in slack.calls() if c.method != "oauth.v2.access"}
    assert tokens == {two[0].bot_token, two[1].bot_token}


def test_interview_in_each_workspace_goes_out_with_its_own_token_and_stays_there(
    many_bot: ManyBot, slack: FakeSlack, two: tuple[FakeWorkspace, FakeWorkspace]
) -> None:
    alpha, beta = two
    user = new_user_id()  # the same id in both, so that only the workspace tells them apart
    in_alpha = InterviewUser(many_bot.in_workspace(alpha), slack, user=user, team_id=alpha.team_id)
    in_beta = InterviewUser(many_bot.in_workspace(beta), slack, user=user, team_id=beta.team_id)
    in_alpha.start()
    in_alpha.submit(in_alpha.open_modal(), "Crumb & Co")
    assert in_alpha.question_id() == "business.industry"
    assert {c.token for c in in_alpha.posted()} == {alpha.bot_token}
    before = len(in_beta.posted())
    in_beta.start()
    assert in_beta.question_id() == "business.name"  # beta's interview starts afresh
    assert {c.token for c in in_beta.posted()[before:]} == {beta.bot_token}
    assert in_alpha.question_id() == "business.industry"  # alpha's is untouched


def test_report_and_kpis_of_one_workspace_are_not_seen_from_the_other(
    many_bot: ManyBot, slack: FakeSlack, two: tuple[FakeWorkspace, FakeWorkspace]
) -> None:
    alpha, beta = two
    user = new_user_id()
    store_persona(many_bot.store, alpha.team_id, user, "artisan_bakery")
    many_bot.store.upsert_kpi(alpha.team_id, KpiDraft(owner_user_id=user, name="Alpha orders"))
    from_alpha, from_beta = many_bot.driver(alpha), many_bot.driver(beta)
    assert reply_to(slack, from_beta.command("report", user=user))["text"] == NO_REPORT
    assert reply_to(slack, from_alpha.command("report", user=user))["text"] != NO_REPORT
    assert "Alpha orders" not in str(reply_to(slack, from_beta.command("kpi", user=user)).params)
    assert "Alpha orders" in str(reply_to(slack, from_alpha.command("kpi", user=user)).params)


def test_uninstall_of_one_workspace_leaves_the_other_working(
    many_bot: ManyBot, slack: FakeSlack, two: tuple[FakeWorkspace, FakeWorkspace]
) -> None:
    alpha, beta = two
    gone = many_bot.driver(alpha).send_event({"type": "app_uninstalled"})
    assert gone.response.status_code == 200
    many_bot.bot.executor.wait_idle()
    slack.revoke(alpha.team_id)
    assert many_bot.many.workspaces.token(alpha.team_id) is None
    with many_bot.store.engine.connect() as connection:
        pending = connection.execute(
            select(WorkspaceUninstall).where(WorkspaceUninstall.team_id == alpha.team_id)
        ).one()
    assert (pending.purge_after - pending.uninstalled_at).days == 30

    many_bot.driver(alpha).mention("Still there?", channel="C0ALPHAGONE")
    sent = many_bot.driver(beta).mention("What should I automate first?", channel="C0BETAHERE")
    assert sent.response.status_code == 200
    assert answer_in(slack, "C0BETAHERE").token == beta.bot_token
    many_bot.bot.executor.wait_idle()
    assert [c for c in slack.calls("chat.postMessage") if c["channel"] == "C0ALPHAGONE"] == []


def test_installing_again_within_the_grace_period_keeps_the_data(
    many_bot: ManyBot, slack: FakeSlack, two: tuple[FakeWorkspace, FakeWorkspace]
) -> None:
    alpha, _ = two
    many_bot.driver(alpha).send_event({"type": "app_uninstalled"})
    many_bot.bot.executor.wait_idle()
    again, code = slack.add_workspace(alpha.team_id, alpha.name)
    page = httpx.get(f"{many_bot.url}/slack/install")
    state = STATE_COOKIE.search(page.headers["set-cookie"])
    assert state is not None
    assert redirected(many_bot, code, state.group(1)).status_code == 200
    assert many_bot.many.workspaces.token(alpha.team_id) == again.bot_token
    with many_bot.store.engine.connect() as connection:
        pending = connection.execute(
            select(WorkspaceUninstall).where(WorkspaceUninstall.team_id == alpha.team_id)
        ).all()
    assert pending == []


def test_answer_rescheduled_by_a_rate_limit_goes_out_with_its_workspaces_token(
    many_bot: ManyBot, slack: FakeSlack, two: tuple[FakeWorkspace, FakeWorkspace]
) -> None:
    _, beta = two
    slack.fail(
        "chat.postMessage",
        "ratelimited",
        status=429,
        headers={"Retry-After": "1"},
        where=lambda p: p.get("channel") == "C0BETALIMIT",
    )
    many_bot.driver(beta).mention("What should we pilot first?", channel="C0BETALIMIT")
    posted = slack.wait_for(
        lambda calls: (
            len(
                [
                    c
                    for c in calls
                    if c.method == "chat.postMessage" and c["channel"] == "C0BETALIMIT"
                ]
            )
            == 2
        ),
        timeout=30,
    )
    tries = [c for c in posted if c.method == "chat.postMessage" and c["channel"] == "C0BETALIMIT"]
    assert [c.token for c in tries] == [beta.bot_token, beta.bot_token]
    assert len(slack.messages("C0BETALIMIT", thread_ts=tries[0]["thread_ts"])) == 1
