"""`app_uninstalled` and `tokens_revoked`: a workspace removed the app (or its bot token),
so its installation is deleted and its data scheduled for purge (`bot.slack.install`) when
the bot serves many workspaces."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot.slack.deps import SlackDeps, Uninstalls
from bot.slack.payloads import Uninstall, acknowledge

logger = logging.getLogger(__name__)


def register(app: App, deps: SlackDeps) -> None:
    """Register the uninstall listeners: with the installs service, they delete the
    installation; without (one workspace, `SLACK_BOT_TOKEN`) the events are only
    acknowledged (an unanswered event would come back as a 404, retried)."""
    installs = deps.installs
    if installs is None:
        app.event("app_uninstalled")(acknowledge)
        app.event("tokens_revoked")(acknowledge)
        return
    # Not `guarded`: nobody in the workspace is left to tell about a failure.
    left = _uninstalled(installs)
    app.event("app_uninstalled")(ack=acknowledge, lazy=[left])
    app.event("tokens_revoked")(ack=acknowledge, lazy=[left])


def _uninstalled(installs: Uninstalls) -> Callable[[dict[str, Any]], None]:
    def uninstalled(body: dict[str, Any]) -> None:
        event = Uninstall.of(body)
        if not event.bot_gone or not event.team_id:
            return
        try:
            installs.uninstalled(event.team_id, event.enterprise_id)
        except Exception:
            # Slack does not send it again: the operator can `alignbot purge --team`.
            logger.exception("could not record that workspace %s uninstalled", event.team_id)

    return uninstalled
