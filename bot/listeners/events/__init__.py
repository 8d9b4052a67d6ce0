"""Events API deliveries: questions asked by mention or in the bot's DM (`questions`, which
hands an interview answer typed in the DM to the interview) and the App Home opening
(`app_home`), and a workspace uninstalling the app (`uninstall`)."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners.events import app_home, questions, uninstall
from bot.slack.deps import SlackDeps


def register(app: App, deps: SlackDeps) -> None:
    """Register every event listener."""
    questions.register(app, deps)
    app_home.register(app, deps)
    uninstall.register(app, deps)
