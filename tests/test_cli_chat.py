"""The terminal chat (`alignbot chat`, `alignbot run`) and its plain-text rendering."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.cli import chat as chat_cli
from bot.render.text import render_answer_text
from bot.terminal import SORRY, TerminalChat, is_follow_up
from knowledge.base import KnowledgeBase
from knowledge.errors import QuestionError
from knowledge.models import Answer, Citation

CITATION = Citation(
    n=1,
    title="Strategic alignment and automation ROI for SMBs",
    source="alignment-automation-roi",
    level="Intermediate",
    section="Metrics That Matter",
    text="KPIs should be directly linked to the defined strategic goals.",
    score=0.61,
)


class ScriptedAnswers:
    """Answers from a script and records what it was asked (with which context)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str | None]] = []

    def ask(self, question: str, *, context: str | None = None) -> Answer:
        self.asked.append((question, context))
        if question == "boom":
            raise RuntimeError("a bug")
        if question == "?":
            raise QuestionError("I could not find any words in that.")
        return Answer(answer=f"About {question} [1]", confident=True, citations=[CITATION])


@pytest.fixture
def knowledge() -> ScriptedAnswers:
    return ScriptedAnswers()


def _chat(knowledge: ScriptedAnswers, lines: str) -> str:
    out = io.StringIO()
    TerminalChat(knowledge, stdin=io.StringIO(lines), stdout=out, interactive=False).run()
    return out.getvalue()


def test_render_answer_text_lists_the_sources_after_the_answer() -> None:
    answer = Answer(answer="Link KPIs to goals [1]", confident=True, citations=[CITATION])
    assert render_answer_text(answer) == (
        "Link KPIs to goals [1]\n\nSources:\n  [1] Strategic alignment and automation ROI for "
        "SMBs — Metrics That Matter (Intermediate)"
    )


def test_render_answer_text_of_an_abstention_is_just_the_answer() -> None:
    answer = Answer(answer="I have no guidance on that.", confident=False, citations=[])
    assert render_answer_text(answer) == "I have no guidance on that."


def test_chat_answers_each_question_with_its_sources(knowledge: ScriptedAnswers) -> None:
    output = _chat(knowledge, "How do I choose KPIs for our shop?\n\nWhat about pilots?\n")
    assert output.count("Sources:") == 2
    assert [q for q, _ in knowledge.asked] == [
        "How do I choose KPIs for our shop?",
        "What about pilots?",
    ]


def test_chat_asks_a_follow_up_with_the_previous_question_as_context(
    knowledge: ScriptedAnswers,
) -> None:
    _chat(
        knowledge,
        "How do I choose KPIs for our online shop?\nAnd for that one?\n/new\nAnd for that one?\n",
    )
    assert knowledge.asked == [
        ("How do I choose KPIs for our online shop?", None),
        ("And for that one?", "How do I choose KPIs for our online shop?"),
        ("And for that one?", None),
    ]


@pytest.mark.parametrize(
    ("question", "follow_up"),
    [
        ("What about restaurants?", True),
        ("How do we measure it?", True),
        ("How should a bakery decide which automation projects to fund first?", False),
        ("ok and how do I get started with the plan?", True),
        ("Okay, so what does the first phase involve for a bakery?", True),
    ],
)
def test_is_follow_up_spots_questions_that_lean_on_the_previous_one(
    question: str, follow_up: bool
) -> None:
    assert is_follow_up(question) is follow_up


def test_chat_reports_bad_input_and_bugs_on_the_line_and_goes_on(
    knowledge: ScriptedAnswers,
) -> None:
    output = _chat(knowledge, "?\nboom\nStill there?\n")
    assert "I could not find any words in that." in output
    assert SORRY in output
    assert "Traceback" not in output
    assert "About Still there? [1]" in output


def test_chat_dispatches_commands_from_its_table(knowledge: ScriptedAnswers) -> None:
    chat = TerminalChat(knowledge, stdin=io.StringIO(""), stdout=io.StringIO(), interactive=False)
    seen: list[str] = []

    def interview(chat: TerminalChat, rest: str) -> bool:
        seen.append(rest)
        chat.say("Starting the interview.")
        return True

    chat.register("interview", interview, "run the alignment interview")
    assert chat.handle("/interview resume")
    assert chat.handle("/help")
    assert chat.handle("/nonsense")
    assert not chat.handle("/quit")
    assert isinstance(chat.stdout, io.StringIO)
    output = chat.stdout.getvalue()
    assert seen == ["resume"]
    assert "/interview  run the alignment interview" in output
    assert "Unknown command /nonsense" in output
    assert knowledge.asked == []


def test_chat_stops_at_quit_and_at_the_end_of_input(knowledge: ScriptedAnswers) -> None:
    _chat(knowledge, "First?\n/quit\nNever asked?\n")
    assert [q for q, _ in knowledge.asked] == ["First?"]
    assert _chat(ScriptedAnswers(), "") == ""


def test_chat_takes_a_command_word_typed_without_its_slash(knowledge: ScriptedAnswers) -> None:
    output = _chat(knowledge, "First?\nHelp\nquit\nNever asked?\n")
    assert [q for q, _ in knowledge.asked] == ["First?"]
    assert "/quit" in output  # the help's list of commands


def test_chat_still_answers_a_question_that_starts_with_a_command_word(
    knowledge: ScriptedAnswers,
) -> None:
    _chat(knowledge, "quit smoking or automate first?\nhelp me pick a CRM\n")
    assert [q for q, _ in knowledge.asked] == [
        "quit smoking or automate first?",
        "help me pick a CRM",
    ]


def test_interactive_chat_greets_and_prompts(knowledge: ScriptedAnswers) -> None:
    out = io.StringIO()
    TerminalChat(knowledge, stdin=io.StringIO("Hi there?\n"), stdout=out, interactive=True).run()
    assert out.getvalue().startswith("alignbot — ask how")
    assert "you> " in out.getvalue()


@pytest.fixture
def data_dir_copy(knowledge_base: KnowledgeBase, knowledge_data_dir: Path, tmp_path: Path) -> Path:
    del knowledge_base
    return Path(shutil.copytree(knowledge_data_dir, tmp_path / "copy"))


@pytest.mark.parametrize("command", ["chat", "run"])
def test_chat_and_run_answer_piped_questions_with_the_real_knowledge_base(
    command: str, data_dir_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALIGNBOT_DATA_DIR", str(data_dir_copy))
    app = typer.Typer()
    chat_cli.register(app)
    result = CliRunner().invoke(
        app, [command], input="Should we pilot new systems before rolling them out?\n/quit\n"
    )
    assert result.exit_code == 0, result.output
    assert "Sources:\n  [1] " in result.stdout
    assert "alignbot — ask" not in result.stdout  # piped: no banner
