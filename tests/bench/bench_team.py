"""Team and history figures: the team evaluation of 50 respondents (target < 50 ms), the
team chart and the alignment-over-time chart (target < 300 ms each), as the median and worst
of repeated runs, in wall-clock and CPU time (the CPU figure is what the code costs on a
shared machine).

Run alone with `python tests/bench/bench_team.py`, or with everything via `make bench`."""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.history import build_history  # noqa: E402
from bot.history.chart import render_history_chart  # noqa: E402
from bot.team.chart import render_team_chart  # noqa: E402
from evaluators import evaluate, load_rubric, parse_assessment  # noqa: E402
from evaluators.team import evaluate_team, team_input_from  # noqa: E402
from evaluators.team_models import PulseResponse  # noqa: E402
from evaluators.team_rubric import load_team_rubric  # noqa: E402
from tests.history.records import evaluation_record  # noqa: E402

PERSONAS = ROOT / "tests" / "evaluators" / "personas"
RESPONDENTS = 50
RUNS = 50
CHART_RUNS = 15


def _timed(action: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    action()  # warm up
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu


def _say(what: str, target: float, wall: list[float], cpu: list[float]) -> None:
    print(
        f"{what}: median {statistics.median(wall):.1f} ms wall / {statistics.median(cpu):.1f} ms "
        f"CPU, worst {max(wall):.1f} ms wall (target < {target:.0f} ms)"
    )


def main() -> None:
    """Print the team evaluation's and the history chart's timings."""
    persona = parse_assessment((PERSONAS / "ecommerce_chatbot.json").read_bytes(), source="p")
    evaluation = evaluate(persona, load_rubric())
    rubric = load_team_rubric()
    rng = random.Random(13)
    objectives = [o.id for o in persona.objectives] + ["something_else"]
    initiatives = [i.id for i in persona.initiatives]
    # What "something else" is, in the words of people who pick it (themes are read from them).
    others = [
        "hiring a second baker",
        "Hiring bakers before the summer",
        "cash flow in the winter months",
        "a better cash flow forecast",
        "training the new staff on the till",
    ]
    responses = [
        PulseResponse(
            priorities=(picked := tuple(rng.sample(objectives, min(3, len(objectives))))),
            other_priority=rng.choice(others) if "something_else" in picked else "",
            ratings={i: rng.randint(1, 5) for i in initiatives},
            readiness={i: rng.choice(["yes", "partly", "no", "unknown"]) for i in initiatives},
            knows_kpi=rng.choice(["yes", "no", "unsure"]),
            involvement=rng.randint(1, 5),
        )
        for _ in range(RESPONDENTS)
    ]
    # Validating the responses into the input is part of the cost, as the bot pays it.
    wall, cpu = _timed(
        lambda: evaluate_team(
            team_input_from(persona, evaluation, rubric, responses), rubric
        ).model_dump_json(),
        RUNS,
    )
    _say(f"team evaluation, {RESPONDENTS} respondents (input + evaluation + JSON)", 50, wall, cpu)

    team = evaluate_team(team_input_from(persona, evaluation, rubric, responses), rubric)
    wall, cpu = _timed(lambda: render_team_chart(team), CHART_RUNS)
    _say("team chart (priorities + rating spreads)", 300, wall, cpu)

    start = datetime(2026, 1, 5, tzinfo=UTC)
    records = [
        evaluation_record(n, persona, start + timedelta(days=91 * n), evaluation) for n in range(8)
    ]
    history = build_history(records)
    wall, cpu = _timed(lambda: render_history_chart(history), CHART_RUNS)
    _say("history chart, 8 assessments x 7 dimensions", 300, wall, cpu)
    wall, cpu = _timed(lambda: build_history(records), RUNS)
    _say("history of 8 assessments (parse + diff)", 50, wall, cpu)
    bench_reassessment()


def bench_reassessment() -> None:
    """A re-assessment that changes nothing, through the service on SQLite: two actions in
    Slack (`/align interview reassess`, then "Re-assess"), here the one call they make."""
    import tempfile
    from typing import Any

    from bot.interview import Asked, InterviewService, load_bank
    from bot.interview.scoring import rubric_scorer
    from bot.store import Store
    from tests.interview.script import BUSY_OWNER, TODAY

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{folder}/bench.sqlite3")
        service = InterviewService(store, load_bank(), scorer=rubric_scorer(), today=lambda: TODAY)
        reply: Any = service.start_or_resume("T", "U")
        steps = 0
        while isinstance(reply, Asked):
            reply = service.answer(
                "T", "U", reply.question.id, BUSY_OWNER[reply.question.question_id]
            )
            steps += 1
        wall, cpu = _timed(lambda: service.reassess("T", "U", ()), 20)
        store.close()
    _say(
        f"re-assessment, nothing changed (2 clicks; the first interview took {steps} answers)",
        2000,
        wall,
        cpu,
    )


if __name__ == "__main__":
    main()
