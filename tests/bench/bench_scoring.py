"""Scoring throughput: evaluations per second on the persona assessments, levers included
(every evaluation re-scores each answer improved one step; target >= 500/s), with and
without serialising the Evaluation to JSON, and per-evaluation latency.

Run alone with `python tests/bench/bench_scoring.py`, or with everything via `make bench`."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from evaluators import Assessment, evaluate, load_rubric, parse_assessment  # noqa: E402

PERSONAS = ROOT / "tests" / "evaluators" / "personas"
TARGET_PER_SECOND = 500
SECONDS = 2.0


def _throughput(
    assessments: list[Assessment], *, with_json: bool
) -> tuple[float, float, list[float]]:
    """Evaluations per second of wall-clock time and of CPU time over about SECONDS, cycling
    through the assessments, and each evaluation's latency in milliseconds. The CPU figure is
    what the engine costs; the wall figure also counts whatever else shares the machine."""
    rubric = load_rubric()
    for assessment in assessments:  # warm up
        evaluate(assessment, rubric).model_dump_json()
    latencies = []
    count = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    while time.perf_counter() - started < SECONDS:
        for assessment in assessments:
            t0 = time.perf_counter()
            evaluation = evaluate(assessment, rubric)
            if with_json:
                evaluation.model_dump_json()
            latencies.append((time.perf_counter() - t0) * 1000)
            count += 1
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    return count / wall, count / cpu, latencies


def main() -> None:
    """Print the scoring figures."""
    started = time.perf_counter()
    rubric = load_rubric()
    load_ms = (time.perf_counter() - started) * 1000
    personas = {p.stem: parse_assessment(p.read_bytes()) for p in sorted(PERSONAS.glob("*.json"))}

    print(f"rubric {rubric.version}: loaded and validated in {load_ms:.0f} ms")
    print(f"personas: {len(personas)} ({', '.join(personas)})")
    levers = sum(
        len(e.levers) + sum(len(r.levers) for r in e.initiatives)
        for e in (evaluate(a, rubric) for a in personas.values())
    )
    print(f"levers included: {levers} proposed over the personas (each evaluation finds its own)")
    print(f"{'persona':<22} {'evals/s':>9} {'CPU evals/s':>12} {'p50 ms':>8} {'p95 ms':>8}")
    for name, assessment in personas.items():
        rate, cpu_rate, latencies = _throughput([assessment], with_json=False)
        cuts = statistics.quantiles(latencies, n=100)
        print(f"{name:<22} {rate:>9,.0f} {cpu_rate:>12,.0f} {cuts[49]:>8.2f} {cuts[94]:>8.2f}")
    rate, cpu_rate, _ = _throughput(list(personas.values()), with_json=False)
    rate_json, cpu_json, _ = _throughput(list(personas.values()), with_json=True)
    verdict = "meets" if rate >= TARGET_PER_SECOND else "MISSES"
    print(
        f"all personas: {rate:,.0f} evaluations/s wall clock, {cpu_rate:,.0f}/s of CPU "
        f"({verdict} the {TARGET_PER_SECOND:,}/s target)"
    )
    print(
        f"all personas, with Evaluation.model_dump_json(): {rate_json:,.0f}/s wall clock, "
        f"{cpu_json:,.0f}/s of CPU"
    )


if __name__ == "__main__":
    main()
