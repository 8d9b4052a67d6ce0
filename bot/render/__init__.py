"""Pure functions from domain objects to what a surface shows: Block Kit JSON for Slack
(one module per surface) and plain text for the terminal. No I/O, no Slack client."""
