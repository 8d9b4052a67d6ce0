"""Answer composition by a chat model (`LLM_MODEL=provider:model`), with guard rails.

The retrieved passages go to the model inside numbered `<passage>` tags in the user message
(a passage that is an item of a list, a row of a table or one of a run of steps goes whole:
the list, table or steps, so the model can answer with all of it),
after a system message that says they are reference material, never instructions. The reply
is accepted only when it cites at least one passage and every "[n]" it cites exists; anything
else (no citation, an invented number, an empty or runaway reply, a model error) returns None
and the caller falls back to the extractive answer. A passage that says "ignore your
instructions" can at worst make the model produce a reply that fails these checks.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.errors import ChatModelError
from knowledge.models import Answer, AnswerItem
from knowledge.passages import Units, citation_for
from knowledge.search import Hit
from prompts.templates import PromptTemplate, load_template

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

MAX_PASSAGES = 5
MAX_REPLY_CHARS = 2500
_CITATION = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_ITEM_LINE = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+(.+)$")
_NO_GUIDANCE = re.compile(r"^\s*I have no guidance on that\.?\s*$", flags=re.IGNORECASE)


def load_chat_model(spec: str) -> BaseChatModel:
    """Return the chat model named `provider:model` (LangChain's `init_chat_model`); a
    malformed name or a missing provider package is a `ChatModelError` naming the fix."""
    provider, sep, model = spec.partition(":")
    if not sep or not provider.strip() or not model.strip():
        raise ChatModelError(
            f"LLM_MODEL={spec!r} must look like provider:model, e.g. openai:gpt-4o-mini."
        )
    from langchain.chat_models import init_chat_model

    try:
        return init_chat_model(spec)
    except ImportError as exc:
        raise ChatModelError(
            f"LLM_MODEL={spec} needs the {provider} provider package: "
            f"pip install 'alignbot[{provider}]'."
        ) from exc
    except (ValueError, TypeError) as exc:
        raise ChatModelError(f"LLM_MODEL={spec} cannot be set up: {exc}") from exc


@dataclass(frozen=True)
class ChatComposer:
    """Composes answers with a chat model from the retrieved passages."""

    model: BaseChatModel
    template: PromptTemplate | None = None

    def compose(
        self,
        question: str,
        hits: Sequence[Hit],
        context: str | None = None,
        units: Units | None = None,
    ) -> Answer | None:
        """Return the model's answer with citations renumbered in rank order, or None when
        the reply cannot be trusted (the caller then answers extractively). With `units`,
        the first passage of each list, table or run of steps is given whole."""
        passages = list(hits[:MAX_PASSAGES])
        if not passages:
            return None
        texts = whole_texts(passages, units)
        from langchain_core.messages import HumanMessage, SystemMessage

        template = self.template or load_template("answer")
        rendered = template.interpolate(
            question=question,
            context=context.strip() if context and context.strip() else "(none)",
            passages=format_passages(passages, texts),
        )
        try:
            reply = self.model.invoke(
                [SystemMessage(content=rendered.system), HumanMessage(content=rendered.prompt)]
            )
        except Exception:  # any provider failure: network, quota, bad key, timeout
            log.warning("chat model failed; answering extractively", exc_info=True)
            return None
        text = reply.text.strip() if hasattr(reply, "text") else str(reply.content).strip()
        return _accept(text, passages, texts)


def whole_texts(hits: Sequence[Hit], units: Units | None) -> list[str]:
    """Return each passage's text for the prompt: the whole list, table or steps for the
    first passage of one, the passage itself otherwise."""
    texts, seen = [], set()
    for hit in hits:
        unit = units(hit.id) if units is not None else None
        key = (unit.doc_id, min(unit.positions)) if unit is not None else None
        if unit is not None and key not in seen:
            seen.add(key)
            texts.append(unit.text())
        else:
            texts.append(hit.chunk.text)
    return texts


def format_passages(hits: Sequence[Hit], texts: Sequence[str] | None = None) -> str:
    """Return the passages (or `texts` in their place) as numbered, quoted blocks; a
    passage cannot close its own tag."""
    blocks = []
    for n, hit in enumerate(hits, start=1):
        text = texts[n - 1] if texts is not None else hit.chunk.text
        body = text.replace("</passage", "</ passage").replace("<passage", "< passage")
        blocks.append(
            f'<passage n="{n}" title="{hit.chunk.title}" section="{hit.chunk.section}">\n'
            f"{body}\n</passage>"
        )
    return "\n\n".join(blocks)


def _accept(text: str, passages: Sequence[Hit], texts: Sequence[str]) -> Answer | None:
    if not text or len(text) > MAX_REPLY_CHARS or _NO_GUIDANCE.match(text):
        log.info("chat model reply rejected: empty, too long or declined")
        return None
    cited: list[int] = []
    for group in _CITATION.findall(text):
        cited.extend(int(n) for n in group.split(","))
    if not cited or any(n < 1 or n > len(passages) for n in cited):
        log.info("chat model reply rejected: cites %s of %d passages", cited, len(passages))
        return None
    ranks = sorted(set(cited))
    number = {old: new for new, old in enumerate(ranks, start=1)}

    def renumber(match: re.Match[str]) -> str:
        olds = [int(n) for n in match.group(1).split(",")]
        return "".join(f"[{number[o]}]" for o in sorted(set(olds)))

    answer = _CITATION.sub(renumber, text)
    items = []
    for line in answer.splitlines():
        match = _ITEM_LINE.match(line)
        cited_here = _CITATION.findall(line)
        if match and cited_here:
            entry = _CITATION.sub("", match.group(1)).strip()
            items.append(AnswerItem(text=entry, n=int(cited_here[0].split(",")[0])))
    citations = [citation_for(passages[old - 1], number[old], text=texts[old - 1]) for old in ranks]
    return Answer(answer=answer, confident=True, citations=citations, items=items)
