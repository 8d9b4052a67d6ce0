from __future__ import annotations

import pytest
import typer

from bot.cli import run_cli
from prompts.errors import AlignbotError


def _cli_raising(exc: BaseException) -> typer.Typer:
    cli = typer.Typer()

    @cli.command()
    def boom() -> None:
        raise exc

    @cli.command()
    def fine() -> None:
        print("fine")

    return cli


def test_run_cli_prints_a_user_error_in_one_line_and_returns_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = run_cli(_cli_raising(AlignbotError("That file is empty.")), ["boom"])
    err = capsys.readouterr().err
    assert code == 1
    assert err == "alignbot: That file is empty.\n"


def test_run_cli_hides_the_traceback_of_an_unexpected_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = run_cli(_cli_raising(RuntimeError("secret internals")), ["boom"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert "secret internals" not in err
    assert "LOG_LEVEL=DEBUG" in err


def test_run_cli_returns_0_when_the_command_succeeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(_cli_raising(RuntimeError()), ["fine"]) == 0
    assert capsys.readouterr().out == "fine\n"


def test_run_cli_returns_2_for_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(_cli_raising(RuntimeError()), ["no-such-command"]) == 2
