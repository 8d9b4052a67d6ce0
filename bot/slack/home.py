"""The App Home tab: the person's dashboard, published when they open it and again, best
effort, whenever something on it changes (a new report, tracked KPIs, a logged value)."""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.render.home import build_dashboard_blocks, build_home_view
from bot.render.nudges import build_preferences_blocks
from bot.render.pulse import build_pulse_home_blocks
from bot.slack.deps import Kpis, Nudges, TeamPulses
from bot.slack.payloads import Actor
from bot.team.errors import TeamError
from bot.team.pulses import PulseResults

logger = logging.getLogger(__name__)


def home_view(
    kpis: Kpis | None,
    actor: Actor,
    nudges: Nudges | None = None,
    team: TeamPulses | None = None,
) -> dict[str, object]:
    """Return the person's Home view: their dashboard (and, once they track a KPI, when its
    nudges come, with "Change"; once they sent a team pulse, where it stands) where the bot
    keeps reports and KPIs, else only what alignbot can do."""
    if kpis is None or not actor.team_id:
        return build_home_view()
    dashboard = kpis.dashboard(actor.team_id, actor.user_id)
    blocks = build_dashboard_blocks(dashboard)
    if nudges is not None and dashboard.kpis:  # nothing to nudge about before a KPI
        blocks += build_preferences_blocks(nudges.get(actor.team_id, actor.user_id))
    if team is not None:
        blocks += build_pulse_home_blocks(_latest_pulse(team, actor))
    return build_home_view(dashboard=blocks)


def _latest_pulse(team: TeamPulses, actor: Actor) -> PulseResults | None:
    """What the person may see of the latest pulse they sent (the anonymity rule applied,
    as in `/align team results`); None before their first."""
    try:
        return team.results(actor.team_id, actor.user_id)
    except TeamError:
        return None


def publish_home(
    client: WebClient,
    kpis: Kpis | None,
    actor: Actor,
    nudges: Nudges | None = None,
    team: TeamPulses | None = None,
) -> None:
    """Publish the person's Home tab as it stands now."""
    client.views_publish(user_id=actor.user_id, view=home_view(kpis, actor, nudges, team))


def refresh_home(
    client: WebClient,
    kpis: Kpis | None,
    actor: Actor,
    nudges: Nudges | None = None,
    team: TeamPulses | None = None,
) -> None:
    """Republish the person's Home after a change; best effort: a failure is logged, never
    shown, since the Home is rebuilt whenever it is opened."""
    try:
        publish_home(client, kpis, actor, nudges, team)
    except Exception:
        logger.warning("could not refresh the Home of a user", exc_info=True)


def dm_channel(client: WebClient, user_id: str) -> str:
    """Return the id of the person's DM with the bot (the Messages tab)."""
    return str(client.conversations_open(users=user_id)["channel"]["id"])
