"""KPI nudges: what is due when (`schedule`, pure), the Slack calls a pass makes (`slack`),
one scheduler pass and the background scheduler (`scheduler`), and the weekly digest.

Public surface::

    what_is_due(prefs=, zone=, kpis=, latest=, log=, now=) -> Due | None   bot.nudges.schedule
    run_pass(store, slack, clock) -> PassReport                            bot.nudges.scheduler
    Scheduler(store, slack, clock, tick=).start() / .stop()                bot.nudges.scheduler
"""
