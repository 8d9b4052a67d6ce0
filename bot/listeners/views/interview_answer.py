"""The interview's answer modal (`bot.render.interview_modal`), opened by "Answer…" on a
question message.

Its submission is answered in its ack, because a refused answer must come back as a field
error (`response_action: errors`) that keeps the modal open on the same question; the
question message follows in a lazy listener. The modal names the step it answers, so one
submitted for a question already answered, or after a restart of the bot, never changes
the interview.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter, ValidationError
from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.interview.errors import InterviewStateError
from bot.interview.service import Reply
from bot.interview.views import Invalid
from bot.render.interview_modal import (
    CALLBACK_ID,
    INPUT_ACTION,
    INPUT_BLOCK,
    ModalState,
    answer_errors,
)
from bot.slack.deps import SlackDeps
from bot.slack.failures import (
    GENERIC_FAILURE,
    INTERVIEW_NOT_AVAILABLE,
    find_reference,
    guarded,
    log_failure,
)
from bot.slack.interview_chat import InterviewChat, interviews_for_message, slack_text
from bot.slack.payloads import Actor, MessageRef, ViewSubmission
from prompts.errors import AlignbotError

NOT_YOURS = "This form belongs to someone else's interview; open your own with `/align interview`."
SHOW_FAILED = (
    "Your answer is saved, but I could not show the next question here. Type "
    "`/align interview` to see it."
)
_REPLY: TypeAdapter[Reply] = TypeAdapter(Reply)
_OUTCOME = "interview_reply"  # the ack's reply, handed to the lazy listener in the context

Listener = Callable[..., None]


def submit_listener(deps: SlackDeps) -> Listener:
    """Return the ack of the answer modal: it records the answer, so that a refusal is
    shown under the field and keeps the modal open; anything else closes it, and
    `submitted_listener` updates the DM."""

    def submit_answer(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        submission = ViewSubmission.of(body)
        state = ModalState.decode(submission.private_metadata)
        actor = submission.actor
        if state is None or (state.team_id, state.user_id) != (actor.team_id, actor.user_id):
            ack(response_action="errors", errors=answer_errors(NOT_YOURS))
            return
        interviews = interviews_for_message(deps, actor, state.message_ts)
        if interviews is None:
            ack(response_action="errors", errors=answer_errors(INTERVIEW_NOT_AVAILABLE))
            return
        raw = submission.field(INPUT_BLOCK, INPUT_ACTION)
        try:
            reply = interviews.answer(actor.team_id, actor.user_id, state.step_id, raw)
        except InterviewStateError as exc:
            ack(response_action="errors", errors=answer_errors(slack_text(exc)))
            return
        except Exception as exc:
            log_failure(exc, body, "recording an interview answer from a modal")
            failure = GENERIC_FAILURE.format(ref=find_reference(body))
            ack(response_action="errors", errors=answer_errors(failure))
            return
        if isinstance(reply, Invalid) and reply.question.id == state.step_id:
            ack(response_action="errors", errors=answer_errors(reply.message, reply.example))
            return
        context[_OUTCOME] = reply.model_dump(mode="json")
        ack()

    return submit_answer


def submitted_listener(deps: SlackDeps) -> Listener:
    """Return the lazy listener showing a submitted modal's outcome in the question message
    it came from (or at the bottom of the DM when that is unknown)."""

    def show_submitted(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        state = ModalState.decode(ViewSubmission.of(body).private_metadata)
        if state is None or context.get(_OUTCOME) is None:
            return
        actor = Actor(state.team_id, state.user_id)
        chat = InterviewChat.for_message(deps, client, actor, state.message_ts)
        if chat is None:
            return
        try:
            reply = _REPLY.validate_python(context[_OUTCOME])
            at = None
            if state.channel_id and state.message_ts:
                at = MessageRef(state.channel_id, state.message_ts)
            chat.show(reply, at=at or chat.live(), bottom=at is None)
        except (ValidationError, SlackApiError, AlignbotError) as exc:
            # The answer is stored; a modal has no response_url, so say it in the DM.
            log_failure(exc, body, "showing an interview answer from a modal")
            chat.notify(SHOW_FAILED)

    return show_submitted


def register(app: App, deps: SlackDeps) -> None:
    """Register the answer modal's submission."""
    app.view(CALLBACK_ID)(ack=submit_listener(deps), lazy=[guarded(submitted_listener(deps))])
