"""The App Home tab. For now it says what alignbot does and how to use it; the dashboard
(latest score, findings, interview state, KPIs) is built into the same view as its parts
land, each as a list of blocks placed before the help."""

from __future__ import annotations

from collections.abc import Sequence

from bot.render.blocks import Block, context, divider, fit_view, header, section
from bot.render.help import INTRO, SUBCOMMANDS, Subcommand


def build_home_view(
    *, dashboard: Sequence[Block] = (), subcommands: Sequence[Subcommand] = SUBCOMMANDS
) -> dict[str, object]:
    """Return the Home tab view: the `dashboard` blocks, then "what can I do here"."""
    usage = "\n".join(f"• `/align {sub.usage}`: {sub.summary}" for sub in subcommands)
    blocks: list[Block] = [
        header("alignbot"),
        section(INTRO),
        *dashboard,
        divider(),
        section("*What can I do here?*\n" + usage),
        section(
            "*Ask me anything about strategy and technology*\n"
            "Send me a message in the *Messages* tab, or mention me in a channel."
        ),
        context(["Answers cite the passages they come from."]),
    ]
    return {"type": "home", "blocks": fit_view(blocks)}
