"""The interview in Slack: one question per message, and the few messages around it.

The question message lives in the person's DM with the bot and is updated in place as the
interview moves on: a progress line, what was just saved (or why an answer was refused, with
an example), the question, why we ask, and the answer controls:

- buttons for yes / partly / no / don't know, gates and choices of up to five options, and
  scales of up to eleven points;
- a static_select for longer single choices;
- checkboxes (or a multi_static_select beyond ten options) plus "Next" for several choices;
- an "Answer…" button that opens a modal (`bot.render.interview_modal`) for numbers, money,
  percentages, durations, dates, text and lists, next to "Don't know" where that is allowed;
- Back, Skip (optional questions; "Keep answer" when revisiting) and Pause.

Every element's value names the step it answers (`encode_step_value`), so a click on an old
question is recognised instead of answering the current one. Pure: no I/O, no client.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from bot.interview.answers import ANSWER_TYPES
from bot.interview.views import OptionView, QuestionView
from bot.render.blocks import (
    MAX_BLOCK_ID,
    Block,
    BlockKitLimitError,
    actions,
    button,
    context,
    escape_mrkdwn,
    fallback_text,
    link,
    message_text,
    plain_text,
    section,
    slack_length,
    trim,
)

# Action ids. Buttons in one block need distinct ids: answer buttons are ANSWER:<n>.
ANSWER = "interview_answer"
SELECT = "interview_select"
PICK = "interview_pick"
NEXT = "interview_next"
OPEN_MODAL = "interview_open_modal"
BACK = "interview_back"
SKIP = "interview_skip"
PAUSE = "interview_pause"
RESUME = "interview_resume"
RESTART = "interview_restart"
KEEP_GOING = "interview_keep_going"
ADD_INITIATIVE = "interview_add_initiative"
ANSWER_ACTION_PATTERN = rf"^{ANSWER}(?::\d+)?$"

UNKNOWN = "unknown"
MAX_BUTTON_OPTIONS = 5
MAX_CHECKBOX_OPTIONS = 10
MAX_SELECT_OPTIONS = 100
MAX_SCALE_BUTTONS = 11
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_PLACEHOLDER = 150

TYPE_HINT = (
    "💬 You can also type your answer in this chat or in this message's thread; *back*, "
    "*skip*, *pause* and *help* work too. Start a message with *ask* to ask me something "
    "meanwhile."
)
INTERVIEW_HELP = (
    "*Answering the interview*\n"
    "• Click an answer, or type it in your own words: _$12k_, _kind of_, _end of Q2_, "
    "_idk_, or the number of an option.\n"
    "• *back*: go back one question (your answer is kept until you change it)\n"
    "• *skip*: skip an optional question (or keep the answer when you went back)\n"
    "• *pause*: stop here; everything is saved. `/align interview` picks up where you left "
    "off.\n"
    "• *restart*: start again from the first question (asks first)\n"
    "• *add another initiative*: check one more initiative, also after the report\n"
    "• *ask* QUESTION: ask me something without leaving the interview"
)


@dataclass(frozen=True)
class StepValue:
    """What an interview element sends back: the step it belongs to and the raw answer."""

    step_id: str
    answer: str = ""


def encode_step_value(step_id: str, answer: str = "") -> str:
    """Return an element value naming the step it answers and the answer it sends; raise
    `BlockKitLimitError` when it would not fit an option value (a bug in the bank)."""
    value = json.dumps({"s": step_id, "a": answer}, separators=(",", ":"), ensure_ascii=False)
    if slack_length(value) > MAX_OPTION_VALUE:
        raise BlockKitLimitError(f"interview value is {slack_length(value)} characters")
    return value


def decode_step_value(value: str | None) -> StepValue | None:
    """Return the step and answer an element value names, or None when it is not ours."""
    try:
        data = json.loads(value or "")
    except json.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    step, answer = data.get("s"), data.get("a", "")
    if not isinstance(step, str) or not step or not isinstance(answer, str):
        return None
    return StepValue(step, answer)


def _block_id(kind: str, question: QuestionView, revision: str) -> str:
    # A new block id per question and per update, as Slack asks, so clients drop old input.
    block_id = f"interview_{kind}|{question.id}|{revision}"
    return block_id[:MAX_BLOCK_ID]


def progress_line(question: QuestionView) -> str:
    """Return "Question 7 of about 51 · Readiness checklist · about 6 min left" (mrkdwn)."""
    progress = question.progress
    where = f"{progress.section}: {progress.item}" if progress.item else progress.section
    return (
        f"*Question {progress.number} of about {progress.total}* · {escape_mrkdwn(where)} · "
        f"about {progress.minutes_left} min left"
    )


def _options(question: QuestionView) -> list[Block]:
    return [
        {
            "text": plain_text(o.label, MAX_OPTION_TEXT),
            "value": encode_step_value(question.id, o.id),
        }
        for o in question.options
    ]


def _unknown_button(question: QuestionView, action_id: str) -> Block | None:
    """A "Don't know" button where the question allows it and no option already says so."""
    if not question.unknown_allowed or any(o.id == UNKNOWN for o in question.options):
        return None
    label = question.unknown_label or "Don't know"
    return button(label, action_id, value=encode_step_value(question.id, UNKNOWN))


def _option_buttons(question: QuestionView, options: Sequence[OptionView]) -> list[Block]:
    return [
        button(option.label, f"{ANSWER}:{i}", value=encode_step_value(question.id, option.id))
        for i, option in enumerate(options)
    ]


def _scale_buttons(question: QuestionView, low: int, high: int) -> list[Block]:
    return [
        button(str(n), f"{ANSWER}:{i}", value=encode_step_value(question.id, str(n)))
        for i, n in enumerate(range(low, high + 1))
    ]


def _menu(question: QuestionView) -> Block:
    return {
        "type": "static_select",
        "action_id": SELECT,
        "placeholder": plain_text("Choose an answer…", MAX_PLACEHOLDER),
        "options": _options(question),
    }


def _multi_elements(question: QuestionView) -> list[Block]:
    many = len(question.options) > MAX_CHECKBOX_OPTIONS
    picker: Block = {
        "type": "multi_static_select" if many else "checkboxes",
        "action_id": PICK,
        "options": _options(question),
    }
    if many:
        picker["placeholder"] = plain_text("Choose one or more…", MAX_PLACEHOLDER)
    return [picker, button("Next →", NEXT, value=encode_step_value(question.id), style="primary")]


def uses_modal(question: QuestionView) -> bool:
    """Return True when the question is answered in a modal (no buttons or menu fit it)."""
    if ANSWER_TYPES[question.type].picked:
        return not question.options or len(question.options) > MAX_SELECT_OPTIONS
    if question.type == "scale" and question.scale is not None:
        low, high = question.scale
        return high - low + 1 > MAX_SCALE_BUTTONS
    return True


def _answer_elements(question: QuestionView) -> list[Block]:
    """The controls that answer the question; "Don't know" last where it is allowed and no
    option says it already."""
    if question.type == "multi" and not uses_modal(question):
        elements = _multi_elements(question)
    elif uses_modal(question):
        elements = [
            button("Answer…", OPEN_MODAL, value=encode_step_value(question.id), style="primary")
        ]
    elif question.type == "scale" and question.scale is not None:
        elements = _scale_buttons(question, *question.scale)
    elif len(question.options) <= MAX_BUTTON_OPTIONS:
        elements = _option_buttons(question, question.options)
    else:
        elements = [_menu(question)]
    unknown = _unknown_button(question, f"{ANSWER}:{len(elements)}")
    return elements + ([unknown] if unknown else [])


def _navigation(question: QuestionView) -> list[Block]:
    value = encode_step_value(question.id)
    elements: list[Block] = []
    if question.can_back:
        elements.append(button("← Back", BACK, value=value))
    if question.can_skip:
        keeping = question.current_answer is not None
        elements.append(button("Keep answer" if keeping else "Skip", SKIP, value=value))
    elements.append(button("Pause", PAUSE, value=value))
    return elements


def build_question_blocks(
    question: QuestionView,
    *,
    recorded: str | None = None,
    problem: str | None = None,
    example: str | None = None,
    notice: str | None = None,
    revision: str = "0",
) -> list[Block]:
    """Return the question message: progress, what was `recorded` just before (its display
    text) or the `problem` with the last answer (and an `example` of a good one), a
    `notice`, the question, why we ask, the current answer when revisiting, the answer
    controls, Back / Skip / Pause and how to type an answer instead. `revision` makes the
    block ids new for each update of the message."""
    blocks: list[Block] = [context([progress_line(question)])]
    if problem:
        hint = f" For example: _{escape_mrkdwn(example)}_" if example else ""
        blocks.append(section(f"⚠️ {escape_mrkdwn(problem)}{hint}"))
    elif recorded:
        saved = "Skipped." if recorded == "skipped" else f"Saved: {escape_mrkdwn(recorded)}"
        blocks.append(context([f"✓ {saved}"]))
    if notice:
        blocks.append(context([f"ℹ️ {escape_mrkdwn(notice)}"]))
    blocks.append(section(f"*{escape_mrkdwn(question.text)}*"))
    blocks.append(context([f"_Why we ask:_ {escape_mrkdwn(question.help)}"]))
    if question.current_answer is not None:
        blocks.append(
            context(
                [
                    f"Current answer: *{escape_mrkdwn(question.current_answer)}* · "
                    "*Keep answer* leaves it as it is"
                ]
            )
        )
    if question.scale is not None and question.type == "scale":
        low, high = question.scale
        blocks.append(context([f"From {low} (not at all) to {high} (a lot)."]))
    if question.unit_hint and uses_modal(question):
        blocks.append(context([f"Amounts {escape_mrkdwn(question.unit_hint)}."]))
    blocks.append(
        actions(_answer_elements(question), block_id=_block_id("answer", question, revision))
    )
    blocks.append(actions(_navigation(question), block_id=_block_id("nav", question, revision)))
    blocks.append(context([TYPE_HINT]))
    return blocks


def question_fallback_text(question: QuestionView) -> str:
    """Return the question as the message's notification text."""
    progress = question.progress
    return fallback_text(f"Question {progress.number} of about {progress.total}: {question.text}")


def build_paused_blocks(question: QuestionView) -> list[Block]:
    """Return the message of a paused interview: where it stopped and a Resume button."""
    progress = question.progress
    return [
        section(
            f"⏸ *Interview paused* at question {progress.number} of about {progress.total} "
            f"({escape_mrkdwn(progress.section)}). Your answers are saved."
        ),
        actions([button("Resume", RESUME, style="primary")], block_id="interview_paused"),
        context(
            [
                "Or type `/align interview` any time. Until you resume, what you write to me "
                "here is a question for me, not an answer."
            ]
        ),
    ]


def paused_fallback_text(question: QuestionView) -> str:
    """Return the paused message's notification text."""
    return f"Interview paused at question {question.progress.number}. Your answers are saved."


def build_moved_blocks(question_text: str | None = None, answer: str | None = None) -> list[Block]:
    """Return what an old question message becomes once the interview has moved to a newer
    message: the question and its answer, when there is one, so the chat reads as a record;
    otherwise a pointer to the newer message."""
    if question_text and answer:
        shown = "skipped" if answer == "skipped" else f"*{escape_mrkdwn(answer)}*"
        return [context([f"✓ {escape_mrkdwn(trim(question_text, 500))} → {shown}"])]
    return [context(["↓ The interview continues in a newer message below."])]


def moved_fallback_text(question_text: str | None = None, answer: str | None = None) -> str:
    """Return the notification text of an old question message."""
    if question_text and answer:
        return fallback_text(f"{question_text} → {answer}")
    return "The interview continues in a newer message below."


def build_finished_blocks(recorded: str | None = None) -> list[Block]:
    """Return what the question message becomes when the interview is complete: the last
    answer, a pointer to the report below it, and "Add another initiative"."""
    blocks: list[Block] = []
    if recorded:
        blocks.append(context([f"✓ Saved: {escape_mrkdwn(recorded)}"]))
    blocks += [
        section("✅ *Interview complete.* Your report is below."),
        actions([button("Add another initiative", ADD_INITIATIVE)], block_id="interview_finished"),
        context(["`/align report` shows your report again any time."]),
    ]
    return blocks


FINISHED_TEXT = "Interview complete. Your report is below."


def build_submitted_blocks(thanks: str, recorded: str | None = None) -> list[Block]:
    """Return what a team pulse's question message becomes once every question is
    answered: the last answer and the thanks (which says who sees what)."""
    blocks: list[Block] = []
    if recorded:
        blocks.append(context([f"✓ Saved: {escape_mrkdwn(recorded)}"]))
    blocks.append(section(f"✅ {escape_mrkdwn(thanks)}"))
    return blocks


def build_restart_confirm_blocks(question: QuestionView | None = None) -> list[Block]:
    """Return the confirmation asked before starting over: where the interview stands and
    what starting over means, with "Start over" and "Keep going"."""
    where = ""
    if question is not None:
        where = f" You are at question {question.progress.number} of about " + (
            f"{question.progress.total}."
        )
    return [
        section(
            f"*Start the interview over from the first question?*{where} Your answers so far "
            "stay on record, but the new interview starts empty and they will not count."
        ),
        actions(
            [
                button("Start over", RESTART, style="danger"),
                button("Keep going", KEEP_GOING),
            ],
            block_id="interview_restart",
        ),
    ]


RESTART_CONFIRM_TEXT = "Start the interview over from the first question?"


def location_text(question: QuestionView | None, permalink: str | None) -> str:
    """Return the ephemeral pointer sent where `/align interview` was typed: the interview
    is in the DM (with a link to its question when there is one)."""
    where = link(permalink, "our direct messages") if permalink else "our direct messages"
    if question is None:
        return message_text(f"Your interview is in {where}.")
    return message_text(
        f"Your interview is in {where}: question {question.progress.number} of about "
        f"{question.progress.total} is waiting for you there."
    )


def thread_reply_text(
    question: QuestionView | None,
    *,
    recorded: str | None = None,
    problem: str | None = None,
    example: str | None = None,
    notice: str | None = None,
) -> str:
    """Return the short reply to an answer typed in the question's thread: what was saved
    (or why not) and the next question, which the message above now shows."""
    parts: list[str] = []
    if problem:
        hint = f" For example: _{escape_mrkdwn(example)}_" if example else ""
        parts.append(f"⚠️ {escape_mrkdwn(problem)}{hint}")
    elif recorded:
        parts.append("✓ Skipped." if recorded == "skipped" else f"✓ {escape_mrkdwn(recorded)}")
    if notice:
        parts.append(f"ℹ️ {escape_mrkdwn(notice)}")
    if question is not None and not problem:
        parts.append(f"Next, question {question.progress.number}: *{escape_mrkdwn(question.text)}*")
    return message_text("\n".join(parts) or "✓")
