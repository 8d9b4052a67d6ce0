"""`alignbot purge --team T…` deletes one workspace's data at once, and `alignbot secret-key`
prints a key that ALIGNBOT_SECRET_KEY accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from cryptography.fernet import Fernet
from typer.testing import CliRunner

from bot.cli import serve as serve_cli
from bot.settings import load_settings
from bot.store import KpiDraft, open_store


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("ALIGNBOT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = typer.Typer()
    serve_cli.register(app)
    return app


def test_purge_deletes_the_workspaces_data_and_keeps_the_others(cli: typer.Typer) -> None:
    store = open_store(load_settings())
    for team in ("T0GONE", "T0STAYS"):
        store.upsert_kpi(team, KpiDraft(owner_user_id="U1", name="Orders"))
    result = CliRunner().invoke(cli, ["purge", "--team", "T0GONE"])
    assert result.exit_code == 0, result.output
    assert "purged workspace T0GONE" in result.output
    assert store.list_kpis("T0GONE") == []
    assert [k.name for k in store.list_kpis("T0STAYS")] == ["Orders"]
    store.close()


def test_purge_refuses_what_is_not_a_team_id(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["purge", "--team", "everyone; DROP"])
    assert result.exit_code != 0
    assert "--team must be a Slack team id" in str(result.exception)


def test_secret_key_prints_a_fernet_key(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["secret-key"])
    assert result.exit_code == 0
    Fernet(result.stdout.strip())
