"""The interview's messages in a person's DM with the bot (`InterviewChat`): one live
question message, remembered with `set_message_ref` and updated in place as the
interview moves on. Where the person is looking elsewhere (an answer typed at the bottom of
the DM, `/align interview` typed in a channel) the question is posted anew at the bottom and
the old message becomes one line: the question with its answer, or a pointer to the newer
message. Where an update fails, a new message is posted. A finished interview's message
points at the report, posted under it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.interview.errors import NO_INTERVIEW, InterviewStateError, NoInterviewError
from bot.interview.service import Finished, Interviews, Paused, Reply, Submitted
from bot.interview.views import Asked, Invalid, QuestionView
from bot.render.blocks import Block, paginate
from bot.render.question import (
    FINISHED_TEXT,
    build_finished_blocks,
    build_moved_blocks,
    build_paused_blocks,
    build_question_blocks,
    build_submitted_blocks,
    moved_fallback_text,
    paused_fallback_text,
    question_fallback_text,
)
from bot.render.report import build_report_blocks, report_fallback_text
from bot.render.review import build_review_blocks, review_fallback_text
from bot.slack.deps import Kpis, Nudges, Reports, SlackDeps, TeamPulses
from bot.slack.home import refresh_home
from bot.slack.payloads import Actor, MessageRef
from bot.team.pulse import load_pulse_template

logger = logging.getLogger(__name__)

NO_INTERVIEW_HERE = "You have no interview in progress. Type `/align interview` to start one."
ALREADY_FINISHED = "This interview is already complete; `/align report` shows your report."
PULSE_DONE = "Your team pulse answers are already in. Thank you!"

Shown = Reply | Paused
"""What an interview operation gives back to show."""


def slack_text(error: InterviewStateError) -> str:
    """Return what to tell a Slack user about an interview state problem."""
    if isinstance(error, NoInterviewError) and str(error) == NO_INTERVIEW:
        return NO_INTERVIEW_HERE
    return str(error)


def new_revision() -> str:
    """Return a fresh token for the block ids of an updated message (Slack asks for new ids
    on each update, so clients drop the old message's selections)."""
    return uuid.uuid4().hex[:8]


@dataclass(frozen=True)
class Answered:
    """The question a message showed and the answer it got, for the line it becomes."""

    question: str
    answer: str


class InterviewChat:
    """One person's interview in their DM with the bot: sends what the interview replies
    and keeps track of the one live question message."""

    def __init__(
        self,
        client: WebClient,
        interview: Interviews,
        actor: Actor,
        *,
        reports: Reports | None = None,
        kpis: Kpis | None = None,
        nudges: Nudges | None = None,
        team: TeamPulses | None = None,
        dm: str | None = None,
    ) -> None:
        self.client = client
        self.interview = interview
        self.reports = reports
        self.kpis = kpis
        self.nudges = nudges
        self.team = team
        self.actor = actor
        self.team_id = actor.team_id
        self.user_id = actor.user_id
        self._dm = dm

    @classmethod
    def of(
        cls, deps: SlackDeps, client: WebClient, actor: Actor, *, dm: str | None = None
    ) -> InterviewChat | None:
        """Return the actor's interview chat on this bot, or None when it offers no
        interview (then say `NOT_AVAILABLE`)."""
        if deps.interview is None:
            return None
        return cls._over(deps, client, deps.interview, actor, dm)

    @classmethod
    def for_message(
        cls,
        deps: SlackDeps,
        client: WebClient,
        actor: Actor,
        message_ts: str | None,
        *,
        dm: str | None = None,
        typed: bool = False,
    ) -> InterviewChat | None:
        """Return the chat of the interview a message belongs to (`interviews_for_message`):
        the person's team pulse when `message_ts` is the message showing it (or, for a line
        `typed` at the top of the DM, while the pulse is open and not paused), else their own
        interview."""
        interviews = interviews_for_message(deps, actor, message_ts, typed=typed)
        if interviews is None:
            return None
        return cls._over(deps, client, interviews, actor, dm)

    @classmethod
    def _over(
        cls,
        deps: SlackDeps,
        client: WebClient,
        interviews: Interviews,
        actor: Actor,
        dm: str | None,
    ) -> InterviewChat:
        return cls(
            client,
            interviews,
            actor,
            reports=deps.reports,
            kpis=deps.kpis,
            nudges=deps.nudges,
            team=deps.team,
            dm=dm,
        )

    # --- where --------------------------------------------------------------------------

    def dm(self) -> str:
        """Return the id of the person's DM with the bot (opened on first use)."""
        if self._dm is None:
            opened = self.client.conversations_open(users=self.user_id)
            self._dm = str(opened["channel"]["id"])
        return self._dm

    def live(self) -> MessageRef | None:
        """Return the message that shows the open interview, if one is remembered."""
        place = self.interview.find_open(self.team_id, self.user_id)
        if place is None or not place.channel_id or not place.message_ts:
            return None
        return MessageRef(place.channel_id, place.message_ts)

    def permalink(self, ref: MessageRef) -> str | None:
        """Return a link to `ref`, or None when Slack does not give one."""
        try:
            found = self.client.chat_getPermalink(channel=ref.channel, message_ts=ref.ts)
        except SlackApiError as exc:
            logger.info("chat.getPermalink failed: %s", exc.response.get("error"))
            return None
        link = found.get("permalink")
        return link if isinstance(link, str) and link.startswith("https://") else None

    # --- sending ------------------------------------------------------------------------

    def post(
        self, blocks: list[Block] | None, text: str, *, thread_ts: str | None = None
    ) -> MessageRef:
        """Post a message in the DM (in a thread when `thread_ts`; plain mrkdwn `text` when
        there are no `blocks`); return where it is."""
        posted = self.client.chat_postMessage(
            channel=self.dm(), blocks=blocks, text=text, thread_ts=thread_ts
        )
        return MessageRef(str(posted["channel"]), str(posted["ts"]))

    def update(self, ref: MessageRef, blocks: list[Block], text: str) -> bool:
        """Replace the message `ref`; False when Slack will not (deleted, not ours)."""
        try:
            self.client.chat_update(channel=ref.channel, ts=ref.ts, blocks=blocks, text=text)
        except SlackApiError as exc:
            logger.info("chat.update of an interview message failed: %s", exc.response.get("error"))
            return False
        return True

    def notify(self, text: str, respond: Respond | None = None) -> None:
        """Tell the person something only they see: through the click's response_url, or
        as an ephemeral message in the DM."""
        if respond is not None:
            respond(response_type="ephemeral", replace_original=False, text=text)
            return
        try:
            self.client.chat_postEphemeral(channel=self.dm(), user=self.user_id, text=text)
        except SlackApiError as exc:
            logger.info("chat.postEphemeral failed: %s", exc.response.get("error"))

    def retire(self, ref: MessageRef, answered: Answered | None = None) -> None:
        """Turn an old question message into one line (best effort)."""
        question = answered.question if answered else None
        answer = answered.answer if answered else None
        self.update(
            ref, build_moved_blocks(question, answer), moved_fallback_text(question, answer)
        )

    # --- showing what the interview replied ----------------------------------------------

    def show(
        self,
        reply: Shown,
        *,
        at: MessageRef | None,
        bottom: bool = False,
        answered: QuestionView | None = None,
        respond: Respond | None = None,
        quiet: bool = False,
    ) -> MessageRef | None:
        """Show `reply` and return the live message: update the message `at` in place, or
        (with `bottom`, or when there is none or it cannot be updated) post a new one at the
        bottom of the DM and retire `at`, as the line "`answered` → its answer" when given.
        A notice goes to the person ephemerally unless `quiet` (the caller says it). A
        finished interview gets its report posted under the message."""
        notice = reply.notice if isinstance(reply, Asked) else None
        if notice and not quiet:
            self.notify(notice, respond)
        if isinstance(reply, Finished | Submitted) and reply.recorded is None:
            # Nothing was recorded now: a repeated last answer, the report is already out.
            self.notify(ALREADY_FINISHED if isinstance(reply, Finished) else PULSE_DONE, respond)
            return at
        stored = self.live()
        blocks, text = self.render(reply)
        if at is not None and not bottom and self.update(at, blocks, text):
            live = at
        else:
            live = self.post(blocks, text)
        if not isinstance(reply, Finished | Submitted) and live != stored:
            # Remembered first, so that a reply typed in its thread at once is an answer.
            self.interview.set_message_ref(self.team_id, self.user_id, live.channel, live.ts)
        if at is not None and at != live:
            recorded = getattr(reply, "recorded", None)
            line = Answered(answered.text, recorded.display) if answered and recorded else None
            self.retire(at, line)
        if stored is not None and stored not in (live, at):
            self.retire(stored)
        if isinstance(reply, Finished):
            self._post_report(reply)
        return live

    @staticmethod
    def render(reply: Shown) -> tuple[list[Block], str]:
        """Return the blocks and notification text of what a reply shows: a question (with
        what was saved, or why an answer was refused), a paused interview, or the end."""
        if isinstance(reply, Finished):
            return build_finished_blocks(reply.recorded.display if reply.recorded else None), (
                FINISHED_TEXT
            )
        if isinstance(reply, Submitted):
            thanks = load_pulse_template().thanks
            recorded = reply.recorded.display if reply.recorded else None
            return build_submitted_blocks(thanks, recorded), thanks
        question = reply.question
        if isinstance(reply, Paused):
            return build_paused_blocks(question), paused_fallback_text(question)
        if isinstance(reply, Invalid):
            blocks = build_question_blocks(
                question, problem=reply.message, example=reply.example, revision=new_revision()
            )
        else:
            recorded = reply.recorded.display if reply.recorded else None
            blocks = build_question_blocks(question, recorded=recorded, revision=new_revision())
        return blocks, question_fallback_text(question)

    def _post_report(self, finished: Finished) -> None:
        """Post the report of a finished interview under its message, and republish the
        Home tab, which shows the new report."""
        if self.reports is None:
            return
        report = self.reports.report(finished.evaluation)
        text = report_fallback_text(report)
        for page in paginate(build_report_blocks(report)):
            self.client.chat_postMessage(channel=self.dm(), blocks=page, text=text)
        refresh_home(self.client, self.kpis, self.actor, self.nudges, self.team)


def interviews_for_message(
    deps: SlackDeps, actor: Actor, message_ts: str | None, *, typed: bool = False
) -> Interviews | None:
    """Return which of the person's interviews a message (a click's, a thread's) is for:
    their open team pulse when it is shown in `message_ts`, or, for a line `typed` at the
    top level of the DM (no `message_ts`), when the pulse is open and not paused; else their
    own interview (None when the bot offers none)."""
    pulses = deps.pulses
    if pulses is None:
        return deps.interview
    if message_ts is not None:
        if pulses.shows(actor.team_id, actor.user_id, message_ts):
            return pulses
    elif typed:
        place = pulses.find_open(actor.team_id, actor.user_id)
        if place is not None and not place.paused:
            return pulses
    return deps.interview


@dataclass(frozen=True)
class Started:
    """Where a started or resumed interview is shown."""

    message: MessageRef | None
    question: QuestionView | None
    permalink: str | None


def start_in_dm(chat: InterviewChat) -> Started:
    """Start or resume the person's interview and post its question at the bottom of their
    DM with the bot (the old question message becomes a pointer to it). Used by
    `/align interview` and by any Resume button outside the DM."""
    reply = chat.interview.start_or_resume(chat.team_id, chat.user_id)
    message = chat.show(reply, at=chat.live(), bottom=True)
    question = reply.question if isinstance(reply, Asked | Invalid) else None
    return Started(message, question, chat.permalink(message) if message else None)


def current_question(chat: InterviewChat) -> Asked | Invalid | None:
    """Return where the person's open interview stands, or None when none is open."""
    reply = chat.interview.current(chat.team_id, chat.user_id)
    return reply if isinstance(reply, Asked | Invalid) else None


NO_EARLIER = (
    "There is no finished interview to start a re-assessment from yet: `/align interview` "
    "runs your first one."
)


def reassessment_card(chat: InterviewChat) -> tuple[str, list[Block] | None]:
    """Return the re-assessment's start (the latest answers by section, tick boxes and
    "Re-assess"; with a warning when an interview is open) as text and blocks, or what to
    say when there is nothing to start from: what both `/align interview reassess` and the
    scheduler's offer show."""
    review = chat.interview.review(chat.team_id, chat.user_id)
    if review is None:
        return NO_EARLIER, None
    open_now = current_question(chat) is not None
    return review_fallback_text(review), build_review_blocks(review, interview_open=open_now)
