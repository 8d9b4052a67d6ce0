"""One `/align` subcommand to run after its ack, as every subcommand's work receives it."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.slack.deps import SlackDeps
from bot.slack.payloads import Actor, SlashCommand


@dataclass(frozen=True)
class SubcommandRequest:
    """Who typed the subcommand, where and what (`command`), the services to call, and how
    to answer: `respond` posts ephemerally through the command's response_url; `client` is
    the bot's Web API client."""

    deps: SlackDeps
    command: SlashCommand
    client: WebClient
    respond: Respond

    @property
    def actor(self) -> Actor:
        """Who typed the command."""
        return Actor(self.command.team_id, self.command.user_id)

    def say(self, text: str, blocks: list[dict[str, object]] | None = None) -> None:
        """Answer ephemerally where the command was typed."""
        self.respond(response_type="ephemeral", replace_original=False, text=text, blocks=blocks)
