"""`alignbot ask` and `alignbot index`: in-process through Typer for the answers (the model
loads once), and through the real `alignbot` entry point for the one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.cli import knowledge as knowledge_cli
from knowledge.base import KnowledgeBase

ALIGNBOT = str(Path(sys.executable).with_name("alignbot"))


@pytest.fixture
def cli(
    knowledge_base: KnowledgeBase, knowledge_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> typer.Typer:
    """The knowledge commands on a Typer app, over the session's (read-only) index."""
    del knowledge_base  # built by the fixture before the commands open it
    monkeypatch.setenv("ALIGNBOT_DATA_DIR", str(knowledge_data_dir))
    app = typer.Typer()
    knowledge_cli.register(app)
    return app


@pytest.fixture
def writable_data_dir(
    knowledge_base: KnowledgeBase, knowledge_data_dir: Path, tmp_path: Path
) -> Path:
    """A private copy of the session's index, for commands that change it."""
    del knowledge_base
    return Path(shutil.copytree(knowledge_data_dir, tmp_path / "copy"))


def _alignbot(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ALIGNBOT, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={"ALIGNBOT_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "HOME": str(data_dir)},
        timeout=120,
        check=False,
    )


def test_ask_prints_the_answer_and_its_sources(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["ask", "Which KPIs show whether customers stay with us?"])
    assert result.exit_code == 0, result.output
    assert "[1]" in result.stdout
    assert "\nSources:\n  [1] " in result.stdout


def test_ask_prints_a_whole_list_as_plain_lines(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["ask", "What are the most common pitfalls when automating?"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Five pitfalls")
    assert lines[1].startswith("- Feature Overload: ")
    assert lines[5].startswith("- ROI Miscalculation: ")


def test_ask_json_gives_a_lists_items_with_their_citation(cli: typer.Typer) -> None:
    result = CliRunner().invoke(
        cli, ["ask", "--json", "What are the most common pitfalls when automating?"]
    )
    payload = json.loads(result.stdout)
    assert len(payload["items"]) == 5
    assert payload["items"][0]["text"].startswith("Feature Overload: ")
    assert {item["n"] for item in payload["items"]} == {1}


def test_first_ask_on_an_empty_data_folder_says_it_is_building_the_index(
    embedder: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    del embedder  # loaded once per session: the command's own load is then quick
    monkeypatch.setenv("ALIGNBOT_DATA_DIR", str(tmp_path / "empty"))
    app = typer.Typer()
    knowledge_cli.register(app)
    result = CliRunner().invoke(app, ["ask", "How do I prioritise automation projects?"])
    assert result.exit_code == 0, result.output
    assert "alignbot: building the knowledge index" in result.stderr
    assert "[1]" in result.stdout


def test_ask_json_prints_one_object_in_the_contract(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["ask", "--json", "How do I prioritise automation projects?"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"question", "answer", "confident", "citations", "items"}
    assert payload["question"] == "How do I prioritise automation projects?"
    assert payload["confident"] is True
    assert set(payload["citations"][0]) == {
        "n",
        "title",
        "source",
        "level",
        "section",
        "text",
        "score",
    }


def test_ask_json_from_stdin_answers_every_line_blank_ones_included(cli: typer.Typer) -> None:
    lines = (
        "Should we pilot first?\n\nWhat is the capital of Australia?\n😀😀\n"
        "What is technological drift?\n"
    )
    result = CliRunner().invoke(cli, ["ask", "--json", "-"], input=lines)
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["question"] for o in objects] == [line.strip() for line in lines.splitlines()]
    assert [o["confident"] for o in objects] == [True, False, False, False, True]
    assert objects[1]["answer"].startswith("Please type a question")
    assert objects[2]["answer"].startswith("I have no guidance on that")
    assert objects[3]["answer"].startswith("I could not find any words")
    assert result.exit_code == 1  # two lines were bad input
    assert "alignbot: I could not find any words" in result.stderr


def test_index_adds_a_users_document_and_ask_cites_it(
    writable_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALIGNBOT_DATA_DIR", str(writable_data_dir))
    plan = tmp_path / "plan.md"
    plan.write_text(
        "# Harbour Bikes strategy 2025\n\nOur main goal is to double bike rental bookings from "
        "cruise passengers by automating the harbour booking kiosk.\n",
        encoding="utf-8",
    )
    app = typer.Typer()
    knowledge_cli.register(app)
    indexed = CliRunner().invoke(app, ["index", str(plan)])
    assert indexed.exit_code == 0, indexed.output
    assert "1 added" in indexed.stdout
    asked = CliRunner().invoke(
        app, ["ask", "--json", "How will we get more bike rentals from cruise passengers?"]
    )
    citation = json.loads(asked.stdout)["citations"][0]
    assert (citation["title"], citation["source"], citation["level"]) == (
        "Harbour Bikes strategy 2025",
        "plan.md",
        "",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", ""], "alignbot: Please type a question"),
        (["ask", "x" * 20_000], "alignbot: That question is 20,000 characters long"),
        (["index", "/nowhere/plan.md"], "alignbot: /nowhere/plan.md: no such file or folder."),
    ],
)
def test_alignbot_reports_bad_input_in_one_line_and_exits_1(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = _alignbot(tmp_path, *args)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_alignbot_index_refuses_a_binary_file_and_keeps_the_index(
    writable_data_dir: Path, tmp_path: Path
) -> None:
    before = sorted(p.name for p in (writable_data_dir / "chroma").rglob("*"))
    blob = tmp_path / "photo.txt"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = _alignbot(writable_data_dir, "index", str(blob))
    assert result.returncode == 1
    assert result.stderr == "alignbot: photo.txt: looks like a binary file, not text.\n"
    assert sorted(p.name for p in (writable_data_dir / "chroma").rglob("*")) == before
