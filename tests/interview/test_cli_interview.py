"""`alignbot interview`, run as a real process: typed answers, a SIGKILL in the middle and
a resume, replayed answer files, and bad files."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.cli import interview
from bot.store import Store
from bot.store.database import resolve_url
from tests.interview.script import BUSY_OWNER

ALIGNBOT = Path(sys.executable).parent / "alignbot"
ANSWERS = Path(__file__).resolve().parent / "answers"
PERSONAS = Path(__file__).resolve().parents[1] / "evaluators" / "personas"
HEADER = re.compile(r"^\[question (\d+) of about \d+, (.+?) · about \d+ min left\]$")
TIMEOUT = 30


class Session:
    """A running `alignbot interview`: write lines, read until the next question."""

    def __init__(self, data_dir: Path, *args: str) -> None:
        env = {**os.environ, "ALIGNBOT_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [str(ALIGNBOT), "interview", "--no-citations", "--user", "ann", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=data_dir.parent,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self._pump_thread = threading.Thread(target=self._pump, daemon=True)
        self._pump_thread.start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next_question(self) -> tuple[int, str]:
        """Read output until a question is shown; return its number and its text line."""
        while True:
            line = self.lines.get(timeout=TIMEOUT)
            assert line is not None, "alignbot exited before showing a question"
            if match := HEADER.match(line):
                text = self.lines.get(timeout=TIMEOUT)
                assert text is not None
                return int(match[1]), text

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self._release()

    def close(self) -> str:
        """Close stdin and return the rest of the output."""
        self._release()
        rest = []
        while (line := self.lines.get(timeout=TIMEOUT)) is not None:
            rest.append(line)
        return "\n".join(rest)

    def _release(self) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        with contextlib.suppress(BrokenPipeError):  # the process may already be gone
            self.process.stdin.close()
        self.process.wait(timeout=TIMEOUT)
        self._pump_thread.join(timeout=TIMEOUT)
        self.process.stdout.close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def _question_ids(data_dir: Path) -> dict[str, str]:
    store = Store.open(resolve_url(None, data_dir))
    try:
        record = store.open_interview("local", "ann")
        assert record is not None
        return {key: answer.raw for key, answer in record.answers.items()}
    finally:
        store.close()


TYPED = [
    "Crumb & Co", "Artisan bakery", "7 people", "EUR", "Grow online orders 20% by June",
    "acquisition", "Online orders per month", "400 orders", "480 orders", "end of Q2", "no",
    "yep", "kind of", "not really", "idk", "no",
]  # fmt: skip


def test_sigkill_mid_interview_resumes_at_the_same_question_with_every_answer(
    data_dir: Path,
) -> None:
    first = Session(data_dir)
    number, _ = first.next_question()
    assert number == 1
    for answer in TYPED:
        first.send(answer)
        number, text = first.next_question()
    assert number == len(TYPED) + 1
    first.kill()  # no pause, no clean shutdown: the process just dies

    answers = _question_ids(data_dir)
    assert len(answers) == len(TYPED)
    assert list(answers.values()) == TYPED

    second = Session(data_dir)
    resumed_number, resumed_text = second.next_question()
    assert (resumed_number, resumed_text) == (number, text)
    second.send("yes")
    assert second.next_question()[0] == number + 1
    second.close()
    assert len(_question_ids(data_dir)) == len(TYPED) + 1


def test_typed_interview_reaches_the_report(data_dir: Path) -> None:
    session = Session(data_dir)
    session.next_question()
    order = list(BUSY_OWNER)
    # The busy owner's answers in the order the interview asks them.
    for question_id in order[:-1]:
        session.send(BUSY_OWNER[question_id])
        session.next_question()
    session.send(BUSY_OWNER[order[-1]])
    output = session.close()
    assert "Interview complete. Here is your report." in output
    assert "Alignment report: Crumb & Co" in output
    assert re.search(r"Score \d+(\.\d)?/100", output)
    assert session.process.returncode == 0


def test_bad_answer_is_refused_and_the_question_asked_again(data_dir: Path) -> None:
    session = Session(data_dir)
    session.next_question()
    for answer in ["Crumb & Co", "Bakery"]:
        session.send(answer)
        session.next_question()
    session.send("a handful")
    number, text = session.next_question()
    output = session.close()
    assert number == 3
    assert text == "How many people work in the business, you included?"
    assert "Traceback" not in output


def _run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ALIGNBOT_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [str(ALIGNBOT), "interview", "--no-citations", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )


def test_answers_file_prints_the_report(data_dir: Path) -> None:
    result = _run(data_dir, "--answers", str(ANSWERS / "bakery.yaml"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Alignment report: Crumb & Co")
    assert "Kneading robot" in result.stdout
    assert "30 days" in result.stdout or "Next 30 days" in result.stdout


def test_answers_file_report_fits_one_screen_and_names_the_full_command(data_dir: Path) -> None:
    result = _run(data_dir, "--answers", str(ANSWERS / "bakery.yaml"))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) <= 45
    assert result.stdout.rstrip().endswith("--answers " + str(ANSWERS / "bakery.yaml") + " --full")


def test_answers_file_with_full_prints_the_whole_report(data_dir: Path) -> None:
    result = _run(data_dir, "--answers", str(ANSWERS / "bakery.yaml"), "--full")
    assert result.returncode == 0, result.stderr
    assert "Why " in result.stdout
    assert "KPI plan" in result.stdout
    assert len(result.stdout.splitlines()) > 45


def test_persona_json_replays_with_json_output(data_dir: Path) -> None:
    result = _run(data_dir, "--answers", str(PERSONAS / "plumbing_scheduling.json"), "--json")
    assert result.returncode == 0, result.stderr
    assert '"business": "Rivera Plumbing"' in result.stdout


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    """A CLI with only the interview command, as `bot.cli` registers it."""
    cli = typer.Typer(pretty_exceptions_enable=False)

    @cli.callback()
    def _root() -> None:
        """alignbot (test)."""

    interview.register(cli)
    return cli


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("business:\n  nmae: X\n", "business.nmae: no such question"),
        ("business: {size: a few of us}\n", "business.size: 'a few of us': Please pick one of"),
        (None, "cannot be read"),
    ],
    ids=["unknown-key", "refused-answer", "missing-file"],
)
def test_bad_answers_file_exits_2_with_one_line(
    app: typer.Typer, tmp_path: Path, content: str | None, says: str
) -> None:
    path = tmp_path / "bad.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["interview", "--no-citations", "--answers", str(path)])
    assert result.exit_code == 2
    assert says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _type(data_dir: Path, lines: list[str], *args: str) -> str:
    """Run `alignbot interview` as user "ann" with `lines` typed; return what it printed."""
    env = {**os.environ, "ALIGNBOT_DATA_DIR": str(data_dir)}
    result = subprocess.run(
        [str(ALIGNBOT), "interview", "--no-citations", "--user", "ann", *args],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def finished(data_dir: Path) -> Path:
    """A data dir where ann has finished the bakery interview."""
    _type(data_dir, [], "--answers", str(ANSWERS / "bakery.yaml"))
    return data_dir


def test_finished_interview_offers_the_report_instead_of_starting_over(finished: Path) -> None:
    output = _type(finished, ["1"])
    assert output.startswith("Your interview is finished and scored: 45.8/100, Partly aligned.")
    assert "2) add another initiative   3) re-assess from these answers   4) start over" in output
    assert "Alignment report: Crumb & Co" in output
    assert "[question 1 of" not in output


@pytest.mark.parametrize("typed", ["2", "add another initiative"])
def test_finished_interview_adds_another_initiative_when_asked(finished: Path, typed: str) -> None:
    output = _type(finished, [typed])
    assert "Initiatives: initiative 2" in output
    assert "[question 1 of" not in output


def test_finished_interview_starts_over_when_asked(finished: Path) -> None:
    output = _type(finished, ["4"])
    assert "[question 1 of" in output


def test_reassessment_with_nothing_changed_is_scored_at_once(finished: Path) -> None:
    # Two lines typed: "3" (re-assess) and Enter (nothing changed); no question asked.
    output = _type(finished, ["3", ""])
    assert "Re-assessment: your answers of" in output
    assert "1) Your business" in output
    assert "[question" not in output
    assert "45.8/100" in output


def test_reassessment_asks_only_the_sections_said_to_have_changed(finished: Path) -> None:
    output = _type(finished, ["3", "9 9", "3"])
    assert "Type section numbers from 1 to" in output
    asked = output.split("[question", 1)[1]
    assert "Readiness checklist" in asked
    assert "What is your business called?" not in asked


def test_pause_says_how_to_resume(data_dir: Path) -> None:
    output = _type(data_dir, ["Crumb & Co", "pause"])
    assert "To carry on, run `alignbot interview --user ann`: it resumes at question 2" in output


def test_help_mid_interview_shows_the_current_question_again(data_dir: Path) -> None:
    output = _type(data_dir, ["Crumb & Co", "help"])
    after_help = output.split("restart   start again from the first question", 1)[1]
    assert "[question 2 of" in after_help
    assert "What does the business do, in a few words?" in after_help
