"""The alignment interview in Slack: `/align interview [restart]`, and the buttons, menus
and answer modal of the question message in the person's DM (`bot.render.question`).

Clicks are acknowledged at once and done by one lazy listener (`CLICKS` says what each
element does). Every element's value names the step it answers, so an old button, a double
click or a modal submitted for a question already answered never changes the interview: the
person gets a short ephemeral notice and the current question. A modal submission is done in
its ack, because a refused answer must come back as a field error (`response_action:
errors`); the question message follows in a lazy listener. Answers typed in the DM are
`bot.listeners.interview_dm`'s; the messages themselves `bot.listeners.interview_chat`'s.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError
from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.interview.engine import ALREADY_ANSWERED
from bot.interview.errors import InterviewStateError, NoInterviewError
from bot.interview.service import Reply
from bot.interview.views import Asked, Invalid
from bot.listeners.deps import InterviewAdvisor, SlackDeps
from bot.listeners.failures import GENERIC_FAILURE, guarded, log_failure, reference
from bot.listeners.interview_chat import (
    NOT_AVAILABLE,
    InterviewChat,
    Ref,
    Shown,
    current_question,
    slack_text,
    start_in_dm,
)
from bot.render.interview_modal import (
    CALLBACK_ID,
    ModalState,
    answer_errors,
    build_answer_modal,
    submitted_answer,
)
from bot.render.question import (
    ADD_INITIATIVE,
    ANSWER,
    ANSWER_ACTION_PATTERN,
    BACK,
    KEEP_GOING,
    NEXT,
    OPEN_MODAL,
    PAUSE,
    PICK,
    RESTART,
    RESTART_CONFIRM_TEXT,
    RESUME,
    SELECT,
    SKIP,
    StepValue,
    build_restart_confirm_blocks,
    decode_step_value,
    location_text,
)
from prompts.errors import AlignbotError

__all__ = [
    "NOT_AVAILABLE",
    "interview_usage_problem",
    "register",
    "run_interview_command",
    "start_in_dm",
]

logger = logging.getLogger(__name__)

NOT_YOURS = "This form belongs to someone else's interview; open your own with `/align interview`."
RESTART_KEPT = "OK, your interview carries on where you left off."
SHOW_FAILED = (
    "Your answer is saved, but I could not show the next question here. Type "
    "`/align interview` to see it."
)
RESTARTED = "Started over: the first question is waiting in {where}."
INTERVIEW_USAGE = (
    "`/align interview` starts your alignment interview, or picks it up where you left off; "
    "`/align interview restart` starts it over from the first question."
)
START_WORDS = ("", "start", "resume", "continue")
RESTART_WORDS = ("restart", "start over", "over", "again")
_REPLY: TypeAdapter[Reply] = TypeAdapter(Reply)
_OUTCOME = "interview_reply"  # the ack's reply, handed to the lazy listener in the context


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def interview_usage_problem(argument: str) -> str | None:
    """Return the usage when `/align interview ARGUMENT` is not understood, else None;
    checked in the ack, without I/O."""
    return None if _words(argument) in START_WORDS + RESTART_WORDS else INTERVIEW_USAGE


# --- /align interview ---------------------------------------------------------------------


@dataclass(frozen=True)
class CommandPlace:
    """Who typed `/align interview`, where, and how to answer them there."""

    client: WebClient
    interview: InterviewAdvisor
    team_id: str
    user_id: str
    channel_id: str
    respond: Respond

    def say(self, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        """Answer ephemerally where the command was typed."""
        self.respond(response_type="ephemeral", replace_original=False, text=text, blocks=blocks)


def start_from_command(place: CommandPlace) -> None:
    """Start or resume the interview in the DM and say where it is, with a link, in the
    channel the command was typed in (nothing to say when it was typed in the DM)."""
    started = start_in_dm(place.client, place.interview, place.team_id, place.user_id)
    if started.message is None or started.message.channel != place.channel_id:
        place.say(location_text(started.question, started.permalink))


def confirm_restart(place: CommandPlace) -> None:
    """With answers at stake, ask before starting over ("Start over" / "Keep going"); with
    no open interview there is nothing to lose, so just start."""
    current = current_question(place.interview, place.team_id, place.user_id)
    if current is None:
        start_from_command(place)
        return
    place.say(RESTART_CONFIRM_TEXT, build_restart_confirm_blocks(current.question))


def run_interview_command(
    deps: SlackDeps,
    client: WebClient,
    *,
    argument: str,
    team_id: str,
    user_id: str,
    channel_id: str,
    respond: Respond,
) -> None:
    """Run `/align interview [restart]` after its ack."""
    if interview_usage_problem(argument):
        return  # the ack explained the usage
    if deps.interview is None:
        respond(response_type="ephemeral", replace_original=False, text=NOT_AVAILABLE)
        return
    place = CommandPlace(client, deps.interview, team_id, user_id, channel_id, respond)
    try:
        if _words(argument) in RESTART_WORDS:
            confirm_restart(place)
        else:
            start_from_command(place)
    except InterviewStateError as exc:
        place.say(slack_text(exc))


# --- clicks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Click:
    """A click on an interview element: who, on which message, and what it sends."""

    team_id: str
    user_id: str
    action_id: str
    value: StepValue | None
    message: Ref | None
    trigger_id: str
    picked: tuple[str, ...] = ()

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> Click:
        """Return the click a `block_actions` body describes."""
        action = (body.get("actions") or [{}])[0]
        user = body.get("user") or {}
        team = body.get("team") or {}
        raw = action.get("value")
        if raw is None:
            raw = (action.get("selected_option") or {}).get("value")
        container = body.get("container") or {}
        message = None
        if container.get("message_ts") and not container.get("is_ephemeral"):
            message = Ref(str(container.get("channel_id", "")), str(container["message_ts"]))
        return cls(
            team_id=str(team.get("id") or user.get("team_id") or ""),
            user_id=str(user.get("id") or ""),
            action_id=str(action.get("action_id", "")),
            value=decode_step_value(raw),
            message=message,
            trigger_id=str(body.get("trigger_id", "")),
            picked=picked_options(body),
        )

    @property
    def kind(self) -> str:
        """The element's action id without a button's index ("interview_answer:2")."""
        return self.action_id.partition(":")[0]


def picked_options(body: dict[str, Any]) -> tuple[str, ...]:
    """Return the options ticked in the message's multi-choice element (`state.values`)."""
    values = (body.get("state") or {}).get("values") or {}
    picked: list[str] = []
    for block in values.values():
        element = block.get(PICK) if isinstance(block, dict) else None
        if not isinstance(element, dict):
            continue
        for option in element.get("selected_options") or []:
            decoded = decode_step_value((option or {}).get("value"))
            if decoded is not None:
                picked.append(decoded.answer)
    return tuple(picked)


def moved_on(current: Asked | Invalid, step: StepValue | None) -> Asked:
    """Return the current question, with the notice a click on an older one gets."""
    stale = step is None or step.step_id != current.question.id
    return Asked(question=current.question, notice=ALREADY_ANSWERED if stale else None)


Operation = Callable[[InterviewChat, Click], Shown | None]
"""What a click does; None when there is nothing to show (a modal opened, a foreign value)."""


def _answer(chat: InterviewChat, click: Click) -> Shown | None:
    if click.value is None:
        return None
    answer = ",".join(click.picked) if click.kind == NEXT else click.value.answer
    return chat.interview.answer_interview(chat.team_id, chat.user_id, click.value.step_id, answer)


def _skip(chat: InterviewChat, click: Click) -> Shown | None:
    if click.value is None:
        return None
    return chat.interview.skip_interview_question(chat.team_id, chat.user_id, click.value.step_id)


def _at_current(chat: InterviewChat, click: Click) -> Asked | Invalid:
    current = current_question(chat.interview, chat.team_id, chat.user_id)
    if current is None:
        raise NoInterviewError()
    return current


def _back(chat: InterviewChat, click: Click) -> Shown | None:
    current = _at_current(chat, click)
    if click.value is None or click.value.step_id != current.question.id:
        return moved_on(current, click.value)
    return chat.interview.interview_back(chat.team_id, chat.user_id)


def _open_modal(chat: InterviewChat, click: Click) -> Shown | None:
    current = _at_current(chat, click)
    if click.value is None or click.value.step_id != current.question.id:
        return moved_on(current, click.value)
    state = ModalState(
        team_id=chat.team_id,
        user_id=chat.user_id,
        step_id=current.question.id,
        channel_id=click.message.channel if click.message else None,
        message_ts=click.message.ts if click.message else None,
    )
    chat.client.views_open(
        trigger_id=click.trigger_id, view=build_answer_modal(current.question, state)
    )
    return None


def _pause(chat: InterviewChat, click: Click) -> Shown | None:
    return chat.interview.pause_interview(chat.team_id, chat.user_id)


def _resume(chat: InterviewChat, click: Click) -> Shown | None:
    return chat.interview.start_interview(chat.team_id, chat.user_id)


def _add_initiative(chat: InterviewChat, click: Click) -> Shown | None:
    return chat.interview.add_initiative(chat.team_id, chat.user_id)


CLICKS: dict[str, Operation] = {
    ANSWER: _answer,
    SELECT: _answer,
    NEXT: _answer,
    SKIP: _skip,
    BACK: _back,
    OPEN_MODAL: _open_modal,
    PAUSE: _pause,
    RESUME: _resume,
    ADD_INITIATIVE: _add_initiative,
}
# The finished message stays the record it is: what these show is posted under it.
POSTED_BELOW = (ADD_INITIATIVE,)


def acknowledge(ack: Ack) -> None:
    """Acknowledge a click at once; the work happens in the lazy listener."""
    ack()


Listener = Callable[..., None]


def _chat_for(
    deps: SlackDeps, click: Click, client: WebClient, respond: Respond
) -> InterviewChat | None:
    if deps.interview is None:
        respond(response_type="ephemeral", replace_original=False, text=NOT_AVAILABLE)
        return None
    return InterviewChat(client, deps.interview, click.team_id, click.user_id)


def click_listener(deps: SlackDeps) -> Listener:
    """Return the lazy listener doing what an interview element's click asks (`CLICKS`)
    and showing the outcome in the clicked message."""

    def handle_click(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        click = Click.from_body(body)
        operation = CLICKS.get(click.kind)
        chat = _chat_for(deps, click, client, respond)
        if operation is None or chat is None:
            return
        try:
            reply = operation(chat, click)
            if reply is not None:
                below = click.kind in POSTED_BELOW or click.message is None
                at = None if below else click.message
                chat.show(reply, at=at, bottom=below, respond=respond)
        except InterviewStateError as exc:
            chat.notify(slack_text(exc), respond)

    return handle_click


def restart_listener(deps: SlackDeps) -> Listener:
    """Return the lazy listener of "Start over": a new interview, its first question at
    the bottom of the DM, and the confirmation replaced by where to find it."""

    def restart(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        click = Click.from_body(body)
        chat = _chat_for(deps, click, client, respond)
        if chat is None:
            return
        old = chat.live()  # the abandoned interview's message, retired below
        reply = chat.interview.restart_interview(click.team_id, click.user_id)
        live = chat.show(reply, at=old, bottom=True, respond=respond)
        link = chat.permalink(live) if live else None
        where = f"<{link}|our direct messages>" if link else "our direct messages"
        respond(replace_original=True, text=RESTARTED.format(where=where))

    return restart


def keep_going(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
    """The "Keep going" click: the restart confirmation becomes a reassurance."""
    respond(replace_original=True, text=RESTART_KEPT)


def submit_listener(deps: SlackDeps) -> Listener:
    """Return the ack of the answer modal: it records the answer, so that a refusal is
    shown under the field (`response_action: errors`) and keeps the modal open; anything
    else closes it, and `submitted_listener` updates the DM."""

    def submit_answer(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
    ) -> None:
        state = ModalState.decode(view.get("private_metadata"))
        user = body.get("user") or {}
        team = str((body.get("team") or {}).get("id") or user.get("team_id") or "")
        if state is None or (state.team_id, state.user_id) != (team, str(user.get("id", ""))):
            ack(response_action="errors", errors=answer_errors(NOT_YOURS))
            return
        if deps.interview is None:
            ack(response_action="errors", errors=answer_errors(NOT_AVAILABLE))
            return
        raw = submitted_answer((view.get("state") or {}).get("values") or {})
        try:
            reply = deps.interview.answer_interview(team, state.user_id, state.step_id, raw)
        except InterviewStateError as exc:
            ack(response_action="errors", errors=answer_errors(slack_text(exc)))
            return
        except Exception as exc:
            log_failure(exc, body, "recording an interview answer from a modal")
            failure = GENERIC_FAILURE.format(ref=reference(body))
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
        state = ModalState.decode((body.get("view") or {}).get("private_metadata"))
        if state is None or deps.interview is None or context.get(_OUTCOME) is None:
            return
        chat = InterviewChat(client, deps.interview, state.team_id, state.user_id)
        try:
            reply = _REPLY.validate_python(context[_OUTCOME])
            at = None
            if state.channel_id and state.message_ts:
                at = Ref(state.channel_id, state.message_ts)
            chat.show(reply, at=at or chat.live(), bottom=at is None)
        except (ValidationError, SlackApiError, AlignbotError) as exc:
            # The answer is stored; a modal has no response_url, so say it in the DM.
            log_failure(exc, body, "showing an interview answer from a modal")
            chat.notify(SHOW_FAILED)

    return show_submitted


def register(app: App, deps: SlackDeps) -> None:
    """Register the interview's buttons, menus and answer modal."""
    clicked = guarded(click_listener(deps))
    for kind in CLICKS:
        action_id = re.compile(ANSWER_ACTION_PATTERN) if kind == ANSWER else kind
        app.action(action_id)(ack=acknowledge, lazy=[clicked])
    # Ticking a box changes nothing until "Next": Slack keeps the ticks in the message state.
    app.action(PICK)(acknowledge)
    app.action(RESTART)(ack=acknowledge, lazy=[guarded(restart_listener(deps))])
    app.action(KEEP_GOING)(ack=acknowledge, lazy=[guarded(keep_going)])
    app.view(CALLBACK_ID)(ack=submit_listener(deps), lazy=[guarded(submitted_listener(deps))])
