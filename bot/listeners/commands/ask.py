"""`/align ask QUESTION`: answered ephemerally, with a button to share it in the channel."""

from __future__ import annotations

from bot.listeners.commands.request import SubcommandRequest
from bot.metrics import measured_answer
from bot.render.answer import answer_fallback_text, build_answer_blocks
from bot.render.blocks import paginate

ASK_USAGE = (
    "Add your question after `ask`, e.g. "
    "`/align ask How do I measure the ROI of automating invoicing?`"
)


def ask_usage_problem(argument: str) -> str | None:
    """Return the usage when `/align ask` has no question, else None (checked in the ack)."""
    return None if argument else ASK_USAGE


def run_ask(request: SubcommandRequest) -> None:
    """Answer `/align ask QUESTION` ephemerally, with a button to share the answer."""
    question = request.command.argument
    if not question:
        return  # the ack already explained the usage
    answer = measured_answer(request.deps.knowledge.ask, question)
    blocks = build_answer_blocks(answer, question=question, show_question=True, shareable=True)
    text = answer_fallback_text(answer)
    for page in paginate(blocks):
        request.say(text, page)
