"""KPI nudges: what is due when (pure), the Slack calls a pass makes, one scheduler pass,
and the scheduler that runs passes on a tick (the lead starts it inside `alignbot serve`).

Public surface::

    what_is_due(prefs=, zone=, kpis=, latest=, log=, now=) -> Due | None   bot.nudges.schedule
    digest_due(prefs=, zone=, log=, now=) -> date | None                   bot.nudges.schedule
    NudgeSlack, WebApiSlack(client), build_nudge_client(token, api_url)    bot.nudges.slack
    everywhere(slack) / installed_slacks(tokens, api_url) -> SlackFor      bot.nudges.slack
    run_pass(store, slack_for, clock, PassOptions()) -> PassReport         bot.nudges.scheduler
    Scheduler(store, slack_for, clock, tick=30).start() / .stop()          bot.nudges.scheduler
    build_scheduler(settings, store, tokens=) -> Scheduler   what `alignbot serve` starts
"""

from __future__ import annotations

from bot.nudges.schedule import Due, digest_due, what_is_due
from bot.nudges.scheduler import PassOptions, PassReport, Scheduler, build_scheduler, run_pass
from bot.nudges.slack import (
    NudgeSlack,
    SlackFor,
    SlackSendError,
    WebApiSlack,
    build_nudge_client,
    everywhere,
    installed_slacks,
)

__all__ = [
    "Due",
    "NudgeSlack",
    "PassOptions",
    "PassReport",
    "Scheduler",
    "SlackFor",
    "SlackSendError",
    "WebApiSlack",
    "build_nudge_client",
    "build_scheduler",
    "digest_due",
    "everywhere",
    "installed_slacks",
    "run_pass",
    "what_is_due",
]
