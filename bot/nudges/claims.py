"""Sending a claimed scheduled message exactly once: what a KPI nudge and a re-assessment
offer share once their claim (a `nudges_sent` row) is held."""

from __future__ import annotations

from typing import Any

from bot.metrics import record_nudge_not_sent, record_nudge_sent
from bot.nudges.slack import NudgeSlack, SlackSendError
from bot.store import NudgeClaim, Store


def post_claimed(
    store: Store,
    slack: NudgeSlack,
    claim: NudgeClaim,
    channel: str,
    *,
    text: str,
    blocks: list[dict[str, Any]],
) -> bool:
    """Post the claimed message in `channel` and mark the claim sent; return True when a
    process that died after posting it had already sent it (a taken-over claim whose key is
    found in the channel), so nothing was posted twice. Slack's refusals raise
    `SlackSendError` with the claim still held (see `settle_refusal`)."""
    if claim.taken_over:
        already = slack.find_key(channel, claim.key)
        if already is not None:
            store.mark_nudge_sent(claim, channel_id=channel, message_ts=already)
            record_nudge_sent(claim.kind)
            return True
    ts = slack.post(channel, text=text, blocks=blocks, key=claim.key)
    store.mark_nudge_sent(claim, channel_id=channel, message_ts=ts)
    record_nudge_sent(claim.kind)
    return False


def settle_refusal(store: Store, claim: NudgeClaim, exc: SlackSendError) -> None:
    """Settle a claim Slack refused: a refusal for good fails it (not sent again for that
    day), a passing one gives it back to the next pass."""
    if exc.permanent:
        store.fail_nudge(claim, exc.error)
        record_nudge_not_sent(claim.kind, "failed")
    else:
        store.release_nudge(claim, exc.error)
        record_nudge_not_sent(claim.kind, "retry")
