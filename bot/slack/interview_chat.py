"""The interview's messages in a person's DM with the bot (`InterviewChat`): one live
question message, remembered with `set_interview_message` and updated in place as the
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

from bot.interview.errors import InterviewStateError, NoInterviewError
from bot.interview.service import Finished, Paused, Reply
from bot.interview.views import Asked, Invalid, QuestionView
from bot.listeners.deps import InterviewAdvisor, ReportAdvisor
from bot.render.blocks import Block, paginate
from bot.render.question import (
    FINISHED_TEXT,
    build_finished_blocks,
    build_moved_blocks,
    build_paused_blocks,
    build_question_blocks,
    moved_fallback_text,
    paused_fallback_text,
    question_fallback_text,
)
from bot.render.report import build_report_blocks, report_fallback_text

logger = logging.getLogger(__name__)

NOT_AVAILABLE = (
    "The interview is not available on this bot: it has no database to keep your answers. "
    "Ask whoever runs alignbot to set one up."
)
NO_INTERVIEW_HERE = "You have no interview in progress. Type `/align interview` to start one."
ALREADY_FINISHED = "This interview is already complete; `/align report` shows your report."

Shown = Reply | Paused
"""What an interview operation gives back to show."""


def slack_text(error: InterviewStateError) -> str:
    """Return what to tell a Slack user about an interview state problem."""
    return NO_INTERVIEW_HERE if isinstance(error, NoInterviewError) else str(error)


def new_revision() -> str:
    """Return a fresh token for the block ids of an updated message (Slack asks for new ids
    on each update, so clients drop the old message's selections)."""
    return uuid.uuid4().hex[:8]


@dataclass(frozen=True)
class Ref:
    """A message: its channel and ts."""

    channel: str
    ts: str


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
        interview: InterviewAdvisor,
        team_id: str,
        user_id: str,
        *,
        dm: str | None = None,
    ) -> None:
        self.client = client
        self.interview = interview
        self.team_id = team_id
        self.user_id = user_id
        self._dm = dm

    # --- where --------------------------------------------------------------------------

    def dm(self) -> str:
        """Return the id of the person's DM with the bot (opened on first use)."""
        if self._dm is None:
            opened = self.client.conversations_open(users=self.user_id)
            self._dm = str(opened["channel"]["id"])
        return self._dm

    def live(self) -> Ref | None:
        """Return the message that shows the open interview, if one is remembered."""
        place = self.interview.open_interview(self.team_id, self.user_id)
        if place is None or not place.channel_id or not place.message_ts:
            return None
        return Ref(place.channel_id, place.message_ts)

    def permalink(self, ref: Ref) -> str | None:
        """Return a link to `ref`, or None when Slack does not give one."""
        try:
            found = self.client.chat_getPermalink(channel=ref.channel, message_ts=ref.ts)
        except SlackApiError as exc:
            logger.info("chat.getPermalink failed: %s", exc.response.get("error"))
            return None
        link = found.get("permalink")
        return link if isinstance(link, str) and link.startswith("https://") else None

    # --- sending ------------------------------------------------------------------------

    def post(self, blocks: list[Block] | None, text: str, *, thread_ts: str | None = None) -> Ref:
        """Post a message in the DM (in a thread when `thread_ts`; plain mrkdwn `text` when
        there are no `blocks`); return where it is."""
        posted = self.client.chat_postMessage(
            channel=self.dm(), blocks=blocks, text=text, thread_ts=thread_ts
        )
        return Ref(str(posted["channel"]), str(posted["ts"]))

    def update(self, ref: Ref, blocks: list[Block], text: str) -> bool:
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

    def retire(self, ref: Ref, answered: Answered | None = None) -> None:
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
        at: Ref | None,
        bottom: bool = False,
        answered: QuestionView | None = None,
        respond: Respond | None = None,
        quiet: bool = False,
    ) -> Ref | None:
        """Show `reply` and return the live message: update the message `at` in place, or
        (with `bottom`, or when there is none or it cannot be updated) post a new one at the
        bottom of the DM and retire `at`, as the line "`answered` → its answer" when given.
        A notice goes to the person ephemerally unless `quiet` (the caller says it). A
        finished interview gets its report posted under the message."""
        notice = reply.notice if isinstance(reply, Asked) else None
        if notice and not quiet:
            self.notify(notice, respond)
        if isinstance(reply, Finished) and reply.recorded is None:
            # Nothing was recorded now: a repeated last answer, the report is already out.
            self.notify(ALREADY_FINISHED, respond)
            return at
        stored = self.live()
        blocks, text = self.render(reply)
        if at is not None and not bottom and self.update(at, blocks, text):
            live = at
        else:
            live = self.post(blocks, text)
        if not isinstance(reply, Finished) and live != stored:
            # Remembered first, so that a reply typed in its thread at once is an answer.
            self.interview.set_interview_message(self.team_id, self.user_id, live.channel, live.ts)
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
        report = self.interview.report(finished.evaluation)
        text = report_fallback_text(report)
        for page in paginate(build_report_blocks(report)):
            self.client.chat_postMessage(channel=self.dm(), blocks=page, text=text)
        self._refresh_home()

    def _refresh_home(self) -> None:
        """Republish the person's Home tab with their new report (best effort)."""
        from bot.listeners.home import refresh_home  # the Home imports this module

        reports = self.interview if isinstance(self.interview, ReportAdvisor) else None
        refresh_home(self.client, reports, self.team_id, self.user_id)


@dataclass(frozen=True)
class Started:
    """Where a started or resumed interview is shown."""

    message: Ref | None
    question: QuestionView | None
    permalink: str | None


def start_in_dm(
    client: WebClient, interview: InterviewAdvisor, team_id: str, user_id: str
) -> Started:
    """Start or resume the person's interview and post its question at the bottom of their
    DM with the bot (the old question message becomes a pointer to it). Used by
    `/align interview` and by any Resume button outside the DM."""
    chat = InterviewChat(client, interview, team_id, user_id)
    reply = interview.start_interview(team_id, user_id)
    message = chat.show(reply, at=chat.live(), bottom=True)
    question = reply.question if isinstance(reply, Asked | Invalid) else None
    return Started(message, question, chat.permalink(message) if message else None)


def current_question(
    interview: InterviewAdvisor, team_id: str, user_id: str
) -> Asked | Invalid | None:
    """Return where the person's open interview stands, or None when none is open."""
    reply = interview.interview_question(team_id, user_id)
    return reply if isinstance(reply, Asked | Invalid) else None
