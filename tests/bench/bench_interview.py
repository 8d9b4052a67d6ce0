"""`make bench`: the interview's figures.

1. A full interview replayed end to end (parse every answer, commit it to the store, build
   the Assessment, evaluate it with the shipped rubric, store the report): the busy owner's
   51 steps, the messy bakery script and the four scoring personas; target < 1 s each.
2. 50 simulated users interviewing at once (threads, one full interview each) on SQLite and
   on PostgreSQL: every answer stored exactly once (none lost, none duplicated), one report
   each, and the time it took.

Run alone with `python tests/bench/bench_interview.py`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.interview import InterviewService, QuestionBank, load_bank  # noqa: E402
from bot.interview.replay import AnswersScript, load_script, replay  # noqa: E402
from bot.interview.scoring import rubric_scorer  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.store.database import resolve_url  # noqa: E402
from tests.interview.script import BUSY_OWNER, TODAY  # noqa: E402

USERS = 50
RUNS = 5
TARGET_SECONDS = 1.0
SCRIPTS = [
    ROOT / "tests" / "interview" / "answers" / "bakery.yaml",
    *sorted((ROOT / "tests" / "evaluators" / "personas").glob("*.json")),
]
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def busy_owner_script(bank: QuestionBank) -> AnswersScript:
    """The busy owner's answers (tests/interview/script.py) as an answers file."""
    data: dict[str, Any] = {}
    for question_id, raw in BUSY_OWNER.items():
        section, name = question_id.split(".")
        if name == "another":
            continue
        if section == "objective":
            data.setdefault("objectives", [{}])[0][name] = raw
        elif section in ("initiative", "kpi"):
            initiative = data.setdefault("initiatives", [{}])[0]
            if section == "kpi":
                initiative.setdefault("kpis", [{}])[0][name] = raw
            else:
                initiative[name] = raw
        else:
            data.setdefault(section, {})[name] = raw
    return AnswersScript(bank, data, "busy owner")


@contextmanager
def sqlite_store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(resolve_url(None, Path(folder)), pool_size=20)
        try:
            yield store
        finally:
            store.close()


@contextmanager
def postgres_store() -> Iterator[Store | None]:
    base = resolve_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_PG), Path())
    admin = create_engine(base, connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        admin.dispose()
        yield None
        return
    schema = f"alignbot_bench_{uuid.uuid4().hex[:10]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    store = Store.open(url.render_as_string(hide_password=False), pool_size=20)
    try:
        yield store
    finally:
        store.close()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def end_to_end(service: InterviewService, bank: QuestionBank) -> None:
    scripts = [("busy owner (typed answers)", lambda: busy_owner_script(bank))]
    scripts += [(path.name, lambda path=path: load_script(path, bank)) for path in SCRIPTS]
    print(f"Full interview end to end (parse + store + evaluate), median of {RUNS} runs:")
    print("  (wall clock, and this process's CPU time: the wall figure grows when other work")
    print("  shares the machine, the CPU figure does not)")
    worst = 0.0
    for name, make in scripts:
        walls, cpus = [], []
        for run in range(RUNS):
            cpu = time.process_time()
            result = replay(service, make(), team_id="bench", user_id=f"{name}-{run}")
            cpus.append(time.process_time() - cpu)
            walls.append(result.seconds)
        wall, cpu_median = statistics.median(walls), statistics.median(cpus)
        worst = max(worst, wall)
        per_step = wall / result.steps * 1000
        took = f"{wall * 1000:5.0f} ms wall, {cpu_median * 1000:4.0f} ms CPU"
        took += f" ({per_step:.1f} ms/answer)"
        print(f"  {name:<28} {result.steps:>3} steps  {took}")
    verdict = "PASS" if worst < TARGET_SECONDS else "FAIL"
    target = f"target < {TARGET_SECONDS * 1000:.0f} ms"
    print(f"  slowest median {worst * 1000:.0f} ms wall; {target}: {verdict}")


def concurrent(label: str, store: Store, bank: QuestionBank) -> None:
    service = InterviewService(store, bank, scorer=rubric_scorer(), today=lambda: TODAY)
    reference = replay(service, busy_owner_script(bank), team_id="ref", user_id="ref")
    expected = store.latest_interview("ref", "ref")
    assert expected is not None
    expected_answers = {k: (a.state, a.value) for k, a in expected.answers.items()}
    barrier = threading.Barrier(USERS)
    durations: list[float] = []
    errors: list[BaseException] = []

    def user(i: int) -> None:
        barrier.wait()
        try:
            result = replay(service, busy_owner_script(bank), team_id="load", user_id=f"user{i}")
            durations.append(result.seconds)
        except BaseException as exc:
            errors.append(exc)

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(i,)) for i in range(USERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    lost = duplicated = wrong = missing_reports = 0
    with store.engine.connect() as connection:
        counts: dict[str, int] = dict(
            connection.execute(
                text(
                    "SELECT i.user_id, count(a.id) FROM interviews i "
                    "JOIN interview_answers a ON a.interview_id = i.id "
                    "WHERE i.team_id = 'load' AND i.status = 'finished' GROUP BY i.user_id"
                )
            ).all()
        )
    for i in range(USERS):
        record = store.latest_interview("load", f"user{i}")
        got = {} if record is None else {k: (a.state, a.value) for k, a in record.answers.items()}
        lost += len(set(expected_answers) - set(got))
        wrong += sum(1 for k, v in got.items() if expected_answers.get(k) != v)
        duplicated += max(0, int(counts.get(f"user{i}", 0)) - len(expected_answers))
        if len(store.list_evaluations("load", f"user{i}")) != 1:
            missing_reports += 1
    steps = reference.steps * USERS
    ok = not (errors or lost or duplicated or wrong or missing_reports)
    print(
        f"  {label:<10} {USERS} users x {reference.steps} steps in {elapsed:5.1f} s "
        f"({steps / elapsed:5.0f} answers/s; per interview p50 "
        f"{statistics.median(durations):.1f} s): lost {lost}, duplicated {duplicated}, "
        f"wrong {wrong}, reports missing {missing_reports}, errors {len(errors)}: "
        f"{'PASS' if ok else 'FAIL'}"
    )


def main() -> None:
    bank = load_bank()
    with sqlite_store() as store:
        service = InterviewService(store, bank, scorer=rubric_scorer(), today=lambda: TODAY)
        end_to_end(service, bank)
    print(f"\n{USERS} concurrent users, one full interview each:")
    with sqlite_store() as store:
        concurrent("SQLite", store, bank)
    with postgres_store() as pg:
        if pg is None:
            print("  PostgreSQL skipped: no server at TEST_DATABASE_URL (default 127.0.0.1:5432)")
        else:
            concurrent("PostgreSQL", pg, bank)


if __name__ == "__main__":
    main()
