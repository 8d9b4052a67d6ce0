"""The interview's buttons, menus and tick boxes on the question message in the person's DM
(`bot.render.question`), and the restart confirmation's "Start over" / "Keep going".

Clicks are acknowledged at once and done by one lazy listener (`CLICKS` says what each
element does). Every element's value names the step it answers, so an old button or a
double click never changes the interview: the person gets a short ephemeral notice and the
current question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.interview.engine import ALREADY_ANSWERED
from bot.interview.errors import InterviewStateError, NoInterviewError
from bot.interview.views import Asked, Invalid
from bot.render.interview_modal import ModalState, build_answer_modal
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
    RESUME,
    SELECT,
    SKIP,
    StepValue,
    decode_step_value,
)
from bot.slack.deps import SlackDeps
from bot.slack.failures import INTERVIEW_NOT_AVAILABLE, guarded
from bot.slack.interview_chat import (
    InterviewChat,
    Shown,
    current_question,
    slack_text,
)
from bot.slack.payloads import BlockAction, acknowledge

RESTART_KEPT = "OK, your interview carries on where you left off."
RESTARTED = "Started over: the first question is waiting in {where}."


@dataclass(frozen=True)
class Click:
    """A click on an interview element: the click, and the step and answer its value names
    (None for a value that is not ours)."""

    action: BlockAction
    step: StepValue | None

    @classmethod
    def of(cls, body: dict[str, Any]) -> Click:
        """Return the interview click a `block_actions` body describes."""
        action = BlockAction.of(body)
        return cls(action, decode_step_value(action.value))

    @property
    def kind(self) -> str:
        """The element's action id without a button's index ("interview_answer:2")."""
        return self.action.action_id.partition(":")[0]

    def ticked_answers(self) -> tuple[str, ...]:
        """Return the answers of the options ticked in the message's tick boxes."""
        steps = (decode_step_value(value) for value in self.action.ticked(PICK))
        return tuple(step.answer for step in steps if step is not None)


def redirect_to_current(current: Asked | Invalid, step: StepValue | None) -> Asked:
    """Return the current question, with the notice a click on an older one gets."""
    stale = step is None or step.step_id != current.question.id
    return Asked(question=current.question, notice=ALREADY_ANSWERED if stale else None)


Operation = Callable[[InterviewChat, Click], Shown | None]
"""What a click does; None when there is nothing to show (a modal opened, a foreign value)."""


def _answer(chat: InterviewChat, click: Click) -> Shown | None:
    if click.step is None:
        return None
    answer = ",".join(click.ticked_answers()) if click.kind == NEXT else click.step.answer
    return chat.interview.answer(chat.team_id, chat.user_id, click.step.step_id, answer)


def _skip(chat: InterviewChat, click: Click) -> Shown | None:
    if click.step is None:
        return None
    return chat.interview.skip(chat.team_id, chat.user_id, click.step.step_id)


def _at_current(chat: InterviewChat) -> Asked | Invalid:
    current = current_question(chat)
    if current is None:
        raise NoInterviewError()
    return current


def _back(chat: InterviewChat, click: Click) -> Shown | None:
    current = _at_current(chat)
    if click.step is None or click.step.step_id != current.question.id:
        return redirect_to_current(current, click.step)
    return chat.interview.back(chat.team_id, chat.user_id)


def _open_modal(chat: InterviewChat, click: Click) -> Shown | None:
    current = _at_current(chat)
    if click.step is None or click.step.step_id != current.question.id:
        return redirect_to_current(current, click.step)
    message = chat.live() if click.action.message is not None else None
    state = ModalState(
        team_id=chat.team_id,
        user_id=chat.user_id,
        step_id=current.question.id,
        channel_id=message.channel if message else None,
        message_ts=message.ts if message else None,
    )
    chat.client.views_open(
        trigger_id=click.action.trigger_id, view=build_answer_modal(current.question, state)
    )
    return None


def _pause(chat: InterviewChat, click: Click) -> Shown | None:
    return chat.interview.pause(chat.team_id, chat.user_id)


def _resume(chat: InterviewChat, click: Click) -> Shown | None:
    return chat.interview.start_or_resume(chat.team_id, chat.user_id)


def _add_initiative(chat: InterviewChat, click: Click) -> Shown | None:
    return chat.interview.add_another(chat.team_id, chat.user_id)


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

Listener = Callable[..., None]


def _chat_for(
    deps: SlackDeps, click: Click, client: WebClient, respond: Respond
) -> InterviewChat | None:
    message = click.action.message
    ts = message.ts if message is not None else None
    chat = InterviewChat.for_message(deps, client, click.action.actor, ts)
    if chat is None:
        respond(response_type="ephemeral", replace_original=False, text=INTERVIEW_NOT_AVAILABLE)
    return chat


def click_listener(deps: SlackDeps) -> Listener:
    """Return the lazy listener doing what an interview element's click asks (`CLICKS`)
    and showing the outcome in the clicked message."""

    def handle_click(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        click = Click.of(body)
        operation = CLICKS.get(click.kind)
        if operation is None:
            return
        chat = _chat_for(deps, click, client, respond)
        if chat is None:
            return
        try:
            # The click names the message it came from, but any client can name any message
            # there: only the one the store remembers for this person's interview is ever
            # edited (read first: a finished interview no longer remembers it).
            live = chat.live()
            reply = operation(chat, click)
            if reply is not None:
                below = click.kind in POSTED_BELOW or click.action.message is None
                chat.show(reply, at=None if below else live, bottom=below, respond=respond)
        except InterviewStateError as exc:
            chat.notify(slack_text(exc), respond)

    return handle_click


def restart_listener(deps: SlackDeps) -> Listener:
    """Return the lazy listener of "Start over": a new interview, its first question at
    the bottom of the DM, and the confirmation replaced by where to find it."""

    def restart(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        chat = _chat_for(deps, Click.of(body), client, respond)
        if chat is None:
            return
        old = chat.live()  # the abandoned interview's message, retired below
        reply = chat.interview.restart(chat.team_id, chat.user_id)
        live = chat.show(reply, at=old, bottom=True, respond=respond)
        link = chat.permalink(live) if live else None
        where = f"<{link}|our direct messages>" if link else "our direct messages"
        respond(replace_original=True, text=RESTARTED.format(where=where))

    return restart


def keep_going(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
    """The "Keep going" click: the restart confirmation becomes a reassurance."""
    respond(replace_original=True, text=RESTART_KEPT)


def register(app: App, deps: SlackDeps) -> None:
    """Register the interview's buttons, menus and the restart confirmation."""
    clicked = guarded(click_listener(deps))
    for kind in CLICKS:
        action_id = re.compile(ANSWER_ACTION_PATTERN) if kind == ANSWER else kind
        app.action(action_id)(ack=acknowledge, lazy=[clicked])
    # Ticking a box changes nothing until "Next": Slack keeps the ticks in the message state.
    app.action(PICK)(acknowledge)
    app.action(RESTART)(ack=acknowledge, lazy=[guarded(restart_listener(deps))])
    app.action(KEEP_GOING)(ack=acknowledge, lazy=[guarded(keep_going)])
