from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import load_settings
from prompts.errors import ConfigError


def test_settings_default_to_embedded_backends_when_environment_is_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ALIGNBOT_DATA_DIR")
    settings = load_settings()
    assert settings.data_dir == Path(".alignbot")
    assert settings.database_url is None
    assert settings.chroma_host is None
    assert not settings.slack_enabled


def test_settings_read_data_dir_from_alignbot_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ALIGNBOT_DATA_DIR", str(tmp_path / "elsewhere"))
    assert load_settings().data_dir == tmp_path / "elsewhere"


def test_settings_never_show_tokens_in_their_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret")
    settings = load_settings()
    assert settings.slack_enabled
    assert "xoxb-very-secret" not in repr(settings)


def test_settings_name_the_variable_when_a_value_is_invalid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PORT", "not-a-port")
    with pytest.raises(ConfigError, match="PORT"):
        load_settings()


def test_settings_read_dotenv_file_in_working_directory(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LLM_MODEL=ollama:llama3.1\n")
    assert load_settings().llm_model == "ollama:llama3.1"
