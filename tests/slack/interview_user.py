"""A person doing the alignment interview in Slack, for the end-to-end tests: the bot with
the real services (real knowledge base, real interview service over the real SQLite store),
and `InterviewUser`, who starts the interview with `/align interview`, reads the live
question message from the fake Slack API, and answers it as a person would: buttons, menus,
checkboxes + Next, the answer modal, and lines typed in the DM or in the question's thread.

A test module runs one such bot for its tests (the `interview_bot` fixture of conftest.py,
built with `running_interview_bot`); each test uses a user of its own, since the session's
store outlives a test.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.interview import InterviewService, load_bank
from bot.interview.report import ReportService
from bot.interview.scoring import rubric_scorer
from bot.render.interview_modal import CALLBACK_ID, INPUT_ACTION, INPUT_BLOCK
from bot.render.question import NEXT, OPEN_MODAL, PICK, SELECT, decode_step_value
from bot.services import Services, services_over
from bot.store import Store
from tests.interview.script import TODAY
from tests.slack.conftest import RunningBot, running_bot
from tests.slack.driver import CHANNEL_ID, Sent
from tests.slack.fake_slack import ApiCall, FakeSlack

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

Block = dict[str, Any]


def interview_services(knowledge_base: KnowledgeBase, store: Store) -> Services:
    """The real services with the interview on `store`, dates read against a fixed today."""
    service = InterviewService(store, load_bank(), scorer=rubric_scorer(), today=lambda: TODAY)
    return services_over(knowledge_base, service)


@contextmanager
def running_interview_bot(
    fake: FakeSlack, knowledge_base: KnowledgeBase, store: Store, data_dir: Path
) -> Iterator[RunningBot]:
    """Run a bot whose services run the interview on `store`, for the block."""
    services = interview_services(knowledge_base, store)
    with running_bot(fake, services, data_dir) as bot:
        yield bot


def new_user_id() -> str:
    """A user id of its own for each test: the session's store outlives a test."""
    return "U" + uuid.uuid4().hex[:10].upper()


def texts(blocks: list[Block] | None) -> str:
    """All of a message's text, for `in` assertions."""
    return json.dumps(blocks or [], ensure_ascii=False)


def elements(blocks: list[Block] | None) -> list[tuple[Block, Block]]:
    """Every interactive element of `blocks`, with the block holding it."""
    found: list[tuple[Block, Block]] = []
    for block in blocks or []:
        if block.get("type") == "actions":
            found += [(block, element) for element in block["elements"]]
    return found


class InterviewUser:
    """One person (`user`) of a workspace (`team_id`) talking to the bot in their DM."""

    def __init__(
        self,
        bot: RunningBot,
        slack: FakeSlack,
        *,
        user: str | None = None,
        team_id: str | None = None,
    ) -> None:
        self.bot = bot
        self.slack = slack
        self.user = user or new_user_id()
        self.team_id = team_id or slack.team_id
        self.dm = slack.dm_channel(self.user)

    @property
    def services(self) -> Services:
        """The bot's real services."""
        assert self.bot.services is not None
        return self.bot.services

    @property
    def interview(self) -> InterviewService:
        """The bot's interview service."""
        assert self.services.interview is not None
        return self.services.interview

    @property
    def reports(self) -> ReportService:
        """The bot's reports."""
        assert self.services.reports is not None
        return self.services.reports

    @property
    def store(self) -> Store:
        """The bot's store."""
        return self.bot.store

    def settle(self) -> None:
        """Wait until the bot has finished everything it started."""
        self.bot.executor.wait_idle()

    # --- what the person sees ----------------------------------------------------------

    def live(self) -> dict[str, Any]:
        """The question message the interview remembers (as the fake shows it now)."""
        place = self.interview.find_open(self.team_id, self.user)
        assert place is not None, "no interview open"
        assert place.channel_id is not None
        assert place.message_ts is not None
        return self.slack.message(place.channel_id, place.message_ts)

    def dm_messages(self) -> list[dict[str, Any]]:
        """The DM's top-level messages, oldest first."""
        return self.slack.messages(self.dm)

    def step(self, message: dict[str, Any] | None = None) -> str:
        """The step id the (live) question message answers."""
        for _, element in elements((message or self.live()).get("blocks")):
            decoded = decode_step_value(element.get("value"))
            if decoded is not None:
                return decoded.step_id
        raise AssertionError("the message shows no interview question")

    def question_id(self, message: dict[str, Any] | None = None) -> str:
        """The bank's question id of the (live) message ("initiative.area")."""
        return self.step(message).partition("#")[0]

    def question_text(self, message: dict[str, Any] | None = None) -> str:
        """The question the (live) message asks, as shown (bold mrkdwn)."""
        for block in (message or self.live())["blocks"]:
            text = (block.get("text") or {}).get("text", "")
            if block["type"] == "section" and text.startswith("*") and text.endswith("*"):
                return str(text.strip("*"))
        raise AssertionError("no question in the message")

    def ephemerals(self) -> list[str]:
        """What the person was told only they can see (response_url and postEphemeral)."""
        said = [
            str(c.get("text", ""))
            for c in self.slack.calls("response_url")
            if c.get("response_type") == "ephemeral"
        ]
        said += [str(c.get("text", "")) for c in self.slack.calls("chat.postEphemeral")]
        return said

    # --- what the person does ----------------------------------------------------------

    def command(self, text: str = "interview", *, channel: str = CHANNEL_ID) -> Sent:
        """Type `/align text` in `channel`."""
        sent = self.bot.driver.command(text, user=self.user, channel=channel, team_id=self.team_id)
        self.settle()
        return sent

    def start(self) -> dict[str, Any]:
        """`/align interview` in a channel; returns the question message in the DM."""
        self.command("interview")
        return self.live()

    def _element(
        self, message: dict[str, Any], *, label: str | None = None, action: str | None = None
    ) -> tuple[Block, Block]:
        for block, element in elements(message.get("blocks")):
            shown = (element.get("text") or {}).get("text")
            if (label is None or shown == label) and (
                action is None or str(element.get("action_id", "")).startswith(action)
            ):
                return block, element
        raise AssertionError(f"no element {label or action!r} in {texts(message['blocks'])}")

    def act(
        self,
        message: dict[str, Any],
        block: Block,
        element: Block,
        *,
        extra: dict[str, Any] | None = None,
        state: dict[str, Any] | None = None,
    ) -> Sent:
        action = {
            "type": element["type"],
            "action_id": element["action_id"],
            "block_id": block.get("block_id", ""),
            **({"value": element["value"]} if "value" in element else {}),
            **({"text": element["text"]} if "text" in element else {}),
            **(extra or {}),
        }
        sent = self.bot.driver.act(
            action,
            message=message,
            channel=self.dm,
            user=self.user,
            team_id=self.team_id,
            state=state,
        )
        self.settle()
        return sent

    def click(self, label: str, message: dict[str, Any] | None = None) -> Sent:
        """Click the button labelled `label` on the (live) message."""
        message = message or self.live()
        block, element = self._element(message, label=label)
        return self.act(message, block, element)

    def click_ephemeral(self, blocks: list[Block], label: str) -> Sent:
        """Click the button `label` of an ephemeral message showing `blocks`."""
        block, element = self._element({"blocks": blocks}, label=label)
        action = {
            "type": "button",
            "action_id": element["action_id"],
            "block_id": block.get("block_id", ""),
            "value": element.get("value", ""),
            "text": element["text"],
        }
        sent = self.bot.driver.act(action, user=self.user, team_id=self.team_id)
        self.settle()
        return sent

    def choose(self, label: str, message: dict[str, Any] | None = None) -> Sent:
        """Pick the option `label` in the (live) message's menu."""
        message = message or self.live()
        block, menu = self._element(message, action=SELECT)
        option = next(o for o in menu["options"] if o["text"]["text"] == label)
        return self.act(message, block, menu, extra={"selected_option": option})

    def tick(self, labels: list[str], message: dict[str, Any] | None = None) -> Sent:
        """Tick `labels` in the (live) message's checkboxes, then click "Next →"."""
        message = message or self.live()
        block, picker = self._element(message, action=PICK)
        chosen = [o for o in picker["options"] if o["text"]["text"] in labels]
        state = {block["block_id"]: {PICK: {"type": picker["type"], "selected_options": chosen}}}
        _, done = self._element(message, action=NEXT)
        return self.act(message, block, done, state=state)

    def open_modal(self, message: dict[str, Any] | None = None) -> dict[str, Any]:
        """Click "Answer…" on the (live) message; returns the modal Slack was asked to open."""
        before = len(self.slack.calls("views.open"))
        message = message or self.live()
        block, element = self._element(message, action=OPEN_MODAL)
        self.act(message, block, element)
        opened = self.slack.calls("views.open")
        assert len(opened) == before + 1, "no modal was opened"
        view: dict[str, Any] = opened[-1]["view"]
        return view

    def submit(self, view: dict[str, Any], text: str) -> Sent:
        """Submit the answer modal `view` with `text` typed in its field."""
        values = {INPUT_BLOCK: {INPUT_ACTION: {"type": "plain_text_input", "value": text}}}
        sent = self.bot.driver.submit_view(
            CALLBACK_ID,
            values,
            private_metadata=view["private_metadata"],
            user=self.user,
            team_id=self.team_id,
        )
        self.settle()
        return sent

    def type(self, text: str, *, in_thread: bool = False) -> Sent:
        """Write `text` in the DM: at the top level, or in the live question's thread."""
        thread = self.live()["ts"] if in_thread else None
        sent = self.bot.driver.direct_message(
            text, channel=self.dm, user=self.user, thread_ts=thread, team_id=self.team_id
        )
        self.settle()
        return sent

    def thread_replies(self, ts: str) -> list[dict[str, Any]]:
        """The bot's replies in the thread of message `ts` in the DM."""
        return [m for m in self.slack.messages(self.dm, thread_ts=ts) if m.get("bot_id")]

    def posted(self) -> list[ApiCall]:
        """The bot's chat.postMessage calls into this DM."""
        return [c for c in self.slack.calls("chat.postMessage") if c["channel"] == self.dm]


def tmp_store(path: Path) -> Store:
    """A store on its own SQLite file (a second process would open the same file)."""
    return Store.open(f"sqlite:///{path}")


def answer_directly(person: InterviewUser, answers: dict[str, str], *, until: str) -> None:
    """Answer the person's open interview through the service (no Slack) from `answers` (by
    question id) up to, not including, the first question `until`; then `/align interview`
    shows where it stands, as a person coming back would see it."""
    interview, team, user = person.interview, person.team_id, person.user
    reply = interview.current(team, user) or interview.start_or_resume(team, user)
    for _ in range(200):
        question = getattr(reply, "question", None)
        assert question is not None, f"the interview ended before {until}"
        if question.question_id == until:
            break
        reply = interview.answer(team, user, question.id, answers[question.question_id])
        assert reply.kind != "invalid", reply
    person.command("interview")


# The busy owner's interview: how each question is answered and with what. "click" and
# "choose" name the option as shown, "tick" the options, "modal" / "type" / "thread" the
# words typed in the modal, at the bottom of the DM, or in the question's thread.
WALKTHROUGH: dict[str, tuple[str, Any]] = {
    "business.name": ("modal", "Crumb & Co"),
    "business.industry": ("type", "Artisan bakery, two shops"),
    "business.size": ("click", "2 to 9"),
    "business.currency": ("choose", "Euro (EUR)"),
    "objective.statement": ("thread", "Grow online orders 20% by June"),
    "objective.pillar": ("choose", "Winning new customers"),
    "objective.metric": ("modal", "Online orders per month"),
    "objective.baseline": ("modal", "400 orders"),
    "objective.target": ("type", "480 orders"),
    "objective.deadline": ("modal", "end of Q2"),
    "objective.another": ("click", "No"),
    "checklist.clear_strategy": ("click", "Yes"),
    "checklist.process_assessment": ("click", "Partly"),
    "checklist.automation_alignment": ("type", "not really"),
    "checklist.prioritisation": ("click", "Don't know"),
    "checklist.pilot_projects": ("click", "No"),
    "checklist.team_involvement": ("thread", "yes"),
    "checklist.kpi_measurement": ("click", "Yes"),
    "checklist.continuous_monitoring": ("click", "No"),
    "initiative.name": ("modal", "Online ordering"),
    "initiative.area": ("choose", "Sales"),
    "initiative.stage": ("click", "Comparing tools"),
    "initiative.objectives": ("tick", ["Grow online orders 20% by June"]),
    "initiative.problem": ("type", "Phone orders get lost"),
    "initiative.value_fit": ("click", "It strengthens it"),
    "initiative.process_mapped": ("click", "Partly"),
    "initiative.integration": ("click", "Partly"),
    "initiative.features_needed": ("modal", "60%"),
    "initiative.pilot_first": ("click", "Yes"),
    "initiative.training": ("click", "Partly"),
    "initiative.cost_upfront": ("modal", "€12k"),
    "initiative.cost_implementation": ("thread", "2,500"),
    "initiative.cost_training": ("modal", "nothing"),
    "initiative.cost_yearly": ("modal", "300 a month"),
    "initiative.cost_maintenance": ("type", "50 a month"),
    "initiative.savings": ("modal", "about 5 grand"),
    "initiative.revenue": ("modal", "10-15k"),
    "kpi.name": ("modal", "Online orders"),
    "kpi.measures": ("click", "The objective itself (e.g. new-client revenue, churn)"),
    "kpi.baseline": ("modal", "400"),
    "kpi.target": ("type", "480"),
    "kpi.deadline": ("modal", "June"),
    "kpi.another": ("click", "No"),
    "initiative.detail": ("click", "No"),
    "initiative.another": ("click", "No"),
    "people.leadership": ("click", "Yes"),
    "people.communication": ("click", "Partly"),
    "people.training_plan": ("click", "No"),
    "data.practices": ("click", "Partly"),
    "data.ethics": ("click", "No"),
    "data.review": ("choose", "Every quarter"),
    "metrics.opt_in": ("click", "No"),
}


def answer_current(person: InterviewUser, how: str, what: Any) -> None:
    """Answer the live question the way `how` says."""
    if how == "click":
        person.click(what)
    elif how == "choose":
        person.choose(what)
    elif how == "tick":
        person.tick(what)
    elif how == "modal":
        sent = person.submit(person.open_modal(), what)
        assert sent.response.status_code == 200
        assert sent.response.content == b"", sent.response.content  # closed: accepted
    elif how == "type":
        person.type(what)
    else:
        person.type(what, in_thread=True)
