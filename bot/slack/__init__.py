"""The Slack edge below the listeners: the Bolt app (`app`), HTTP mode (`http`), token
redaction in logs (`redaction`), what the listeners depend on (`deps`), the one reader of
Slack payloads (`payloads`), the failure guards (`failures`) and the Slack I/O that several
surfaces share: the interview's messages (`interview_chat`, `interview_dm`) and the Home
tab (`home`)."""
