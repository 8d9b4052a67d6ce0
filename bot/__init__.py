"""Everything Slack-facing and stateful: settings, the advisor seam, the Slack app, the
terminal, the interview engine, KPI tracking and the store."""
