"""The `alignbot` command line. Each command group lives in its own module with a
`register(app)` function, like the Slack listeners; `main()` turns library errors into one
clean line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Sequence

from knowledge.offline import stay_offline

stay_offline()  # before any Hugging Face library is imported

import typer  # noqa: E402

from bot.slack.redaction import configure_logging  # noqa: E402
from prompts.errors import AlignbotError, ConfigError  # noqa: E402

app = typer.Typer(
    name="alignbot",
    help="alignbot: keep your automation, AI and technology spending aligned with your strategy.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# Commands run with only their own module imported: `alignbot index` on an unchanged corpus
# is mostly start-up, which the interview's, the store's and Slack's imports would double.
# Anything else (other commands, --help, a typo) registers every command group.
_FAST_COMMANDS = {"ask": "bot.cli.knowledge", "index": "bot.cli.knowledge"}


def _register_commands(args: Sequence[str] = ()) -> None:
    # One module per command group; each exposes register(app).
    fast = _FAST_COMMANDS.get(args[0]) if args else None
    if fast is not None:
        importlib.import_module(fast).register(app)
        return
    from bot.cli import commands

    for module in commands.MODULES:
        module.register(app)


def main() -> None:
    """The `alignbot` console script: register the commands and run them."""
    from bot.settings import load_settings

    try:
        settings = load_settings()
        level, log_format = settings.log_level, settings.log_format
    except ConfigError:
        # the command that reads the settings says what is wrong with them
        level, log_format = None, "text"
    configure_logging(level or "WARNING", log_format)
    _register_commands(sys.argv[1:])
    sys.exit(run_cli(app))


def run_cli(cli: typer.Typer, args: list[str] | None = None) -> int:
    """Run `cli` and return its exit code; errors become one line on stderr, never a
    traceback (LOG_LEVEL=DEBUG logs the traceback of an unexpected error)."""
    try:
        cli(args=args, standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except AlignbotError as exc:
        print(f"alignbot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130
    except Exception as exc:
        logging.getLogger("alignbot.cli").debug("unexpected error", exc_info=True)
        print(
            f"alignbot: something went wrong ({type(exc).__name__}). "
            "Run again with LOG_LEVEL=DEBUG to see the details.",
            file=sys.stderr,
        )
        return 1
    return 0
