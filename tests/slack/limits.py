"""An independent check of Block Kit payloads against Slack's published limits.

The fake Slack API rejects what real Slack would reject (`invalid_blocks`) with these
problems, and render tests assert that none are found. It deliberately does not import
`bot.render.blocks`: it is the oracle those builders are tested against.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

SURFACE_BLOCKS = {"message": 50, "modal": 100, "home": 100}
MAX_OPTIONS = {
    "static_select": 100,
    "multi_static_select": 100,
    "checkboxes": 10,
    "radio_buttons": 10,
    "overflow": 5,
}


def _length(text: str) -> int:
    # UTF-16 code units: never fewer than Slack's character count.
    return len(text.encode("utf-16-le")) // 2


def _text_problems(obj: Any, where: str, limit: int, plain_only: bool = False) -> Iterator[str]:
    if not isinstance(obj, Mapping) or obj.get("type") not in ("plain_text", "mrkdwn"):
        yield f"{where}: not a text object"
        return
    if plain_only and obj["type"] != "plain_text":
        yield f"{where}: must be plain_text"
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        yield f"{where}: empty text"
    elif _length(text) > limit:
        yield f"{where}: text is {_length(text)} > {limit}"


def _element_problems(element: Any, where: str) -> Iterator[str]:
    if not isinstance(element, Mapping):
        yield f"{where}: not an object"
        return
    action_id = element.get("action_id")
    if action_id is not None and not 0 < _length(str(action_id)) <= 255:
        yield f"{where}: action_id length"
    if element.get("type") == "button":
        yield from _text_problems(element.get("text"), f"{where}.text", 75, plain_only=True)
        value = element.get("value")
        if value is not None and _length(str(value)) > 2000:
            yield f"{where}: value is {_length(str(value))} > 2000"
    kind = element.get("type")
    if kind in MAX_OPTIONS:
        options = element.get("options", [])
        if not 0 < len(options) <= MAX_OPTIONS[kind]:
            yield f"{where}: {len(options)} options"
        for i, option in enumerate(options):
            yield from _text_problems(option.get("text"), f"{where}.options[{i}]", 75)
            if _length(str(option.get("value", ""))) > 150:
                yield f"{where}.options[{i}]: value > 150"
    if "placeholder" in element:
        yield from _text_problems(
            element["placeholder"], f"{where}.placeholder", 150, plain_only=True
        )
    if kind == "plain_text_input":
        max_length = element.get("max_length", 3000)
        if not isinstance(max_length, int) or not 0 < max_length <= 3000:
            yield f"{where}: max_length {max_length!r}"
        if _length(str(element.get("initial_value", ""))) > 3000:
            yield f"{where}: initial_value > 3000"
    if "confirm" in element:
        confirm = element["confirm"]
        for key, limit in (("title", 100), ("text", 300), ("confirm", 30), ("deny", 30)):
            yield from _text_problems(confirm.get(key), f"{where}.confirm.{key}", limit)


def _block_problems(block: Any, where: str) -> Iterator[str]:
    if not isinstance(block, Mapping) or not isinstance(block.get("type"), str):
        yield f"{where}: not a block"
        return
    kind = block["type"]
    if kind == "section":
        if "text" not in block and "fields" not in block:
            yield f"{where}: section without text or fields"
        if "text" in block:
            yield from _text_problems(block["text"], f"{where}.text", 3000)
        fields = block.get("fields", [])
        if len(fields) > 10:
            yield f"{where}: {len(fields)} fields > 10"
        for i, field in enumerate(fields):
            yield from _text_problems(field, f"{where}.fields[{i}]", 2000)
        if "accessory" in block:
            yield from _element_problems(block["accessory"], f"{where}.accessory")
    elif kind == "header":
        yield from _text_problems(block.get("text"), f"{where}.text", 150, plain_only=True)
    elif kind == "context":
        elements = block.get("elements", [])
        if not 0 < len(elements) <= 10:
            yield f"{where}: {len(elements)} context elements"
        for i, element in enumerate(elements):
            if isinstance(element, Mapping) and element.get("type") != "image":
                yield from _text_problems(element, f"{where}.elements[{i}]", 3000)
    elif kind == "actions":
        elements = block.get("elements", [])
        if not 0 < len(elements) <= 25:
            yield f"{where}: {len(elements)} action elements"
        for i, element in enumerate(elements):
            yield from _element_problems(element, f"{where}.elements[{i}]")
    elif kind == "input":
        yield from _text_problems(block.get("label"), f"{where}.label", 2000, plain_only=True)
        yield from _element_problems(block.get("element"), f"{where}.element")
        if "hint" in block:
            yield from _text_problems(block["hint"], f"{where}.hint", 2000, plain_only=True)
    elif kind not in ("divider", "image", "rich_text"):
        yield f"{where}: unknown block type {kind!r}"
    block_id = block.get("block_id")
    if block_id is not None and not 0 < _length(str(block_id)) <= 255:
        yield f"{where}: block_id length"


def block_kit_problems(blocks: Any, surface: str = "message") -> list[str]:
    """Return every way `blocks` breaks Slack's limits for `surface` (empty when valid)."""
    if not isinstance(blocks, Sequence) or isinstance(blocks, str):
        return ["blocks: not a list"]
    problems: list[str] = []
    limit = SURFACE_BLOCKS[surface]
    if len(blocks) > limit:
        problems.append(f"blocks: {len(blocks)} > {limit} for a {surface}")
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        problems.extend(_block_problems(block, f"blocks[{i}]"))
        block_id = block.get("block_id") if isinstance(block, Mapping) else None
        if block_id is not None:
            if block_id in seen:
                problems.append(f"blocks[{i}]: duplicate block_id {block_id!r}")
            seen.add(block_id)
    return problems


def view_problems(view: Any) -> list[str]:
    """Return every way a modal or Home `view` breaks Slack's limits (empty when valid)."""
    if not isinstance(view, Mapping):
        return ["view: not an object"]
    surface = "home" if view.get("type") == "home" else "modal"
    problems = block_kit_problems(view.get("blocks", []), surface)
    if surface == "modal":
        problems.extend(_text_problems(view.get("title"), "view.title", 24, plain_only=True))
        for key in ("submit", "close"):
            if key in view:
                problems.extend(_text_problems(view[key], f"view.{key}", 24, plain_only=True))
    metadata = view.get("private_metadata")
    if metadata is not None and _length(str(metadata)) > 3000:
        problems.append("view.private_metadata > 3000")
    callback_id = view.get("callback_id")
    if callback_id is not None and _length(str(callback_id)) > 255:
        problems.append("view.callback_id > 255")
    return problems
