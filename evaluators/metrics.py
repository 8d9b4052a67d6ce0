"""The strategic automation metrics of the corpus's "Strategic Automation Metrics Framework",
computed when the assessment gives their inputs:

- CJAI, Customer Journey Automation Index: automated touchpoints / all touchpoints, in %.
- SPAR, Strategic Process Automation Ratio: strategically critical processes automated /
  all processes automated, in %.
- SDUR, Strategic Data Utilization Rate: % of automation data used in decisions.
- AAC, Adaptive Automation Capacity: how often a year the automation could be reconfigured
  for a new initiative (365 / days it takes; at most daily).

Higher is better for all four, so a level never drops when an input improves.
"""

from __future__ import annotations

from evaluators.findings import source_ref
from evaluators.models import StrategicMetricsInput
from evaluators.results import Evidence, MetricLevel, StrategicMetric
from evaluators.rubric import MetricSpec, Rubric


def strategic_metrics(
    inputs: StrategicMetricsInput | None, rubric: Rubric
) -> tuple[StrategicMetric, ...]:
    """Return the metrics whose inputs are given, in the order CJAI, SPAR, SDUR, AAC."""
    if inputs is None:
        return ()
    found: list[StrategicMetric] = []
    specs = rubric.metrics

    def add(metric_id: str, spec: MetricSpec, raw: float, used: dict[str, float]) -> None:
        value = round(raw, 1)  # the level is judged on the figure the report shows
        found.append(
            StrategicMetric(
                id=metric_id,
                name=spec.name,
                value=value,
                unit=spec.unit,
                level=_level(value, spec),
                definition=spec.definition,
                inputs=tuple(Evidence.of(f"metrics.{k}", v) for k, v in used.items()),
                source=source_ref(rubric, spec.source.document, spec.source.section),
            )
        )

    total, automated = inputs.journey_touchpoints_total, inputs.journey_touchpoints_automated
    if total and automated is not None:
        add(
            "cjai",
            specs.cjai,
            automated / total * 100,
            {"journey_touchpoints_automated": automated, "journey_touchpoints_total": total},
        )
    processes, critical = inputs.processes_automated_total, inputs.critical_processes_automated
    if processes and critical is not None:
        add(
            "spar",
            specs.spar,
            critical / processes * 100,
            {"critical_processes_automated": critical, "processes_automated_total": processes},
        )
    if inputs.automation_data_used_pct is not None:
        pct = inputs.automation_data_used_pct
        add("sdur", specs.sdur, pct, {"automation_data_used_pct": pct})
    if inputs.reconfigure_days is not None:
        days = inputs.reconfigure_days
        add("aac", specs.aac, 365 / max(days, 1.0), {"reconfigure_days": days})
    return tuple(found)


def _level(value: float, spec: MetricSpec) -> MetricLevel:
    if value >= spec.high_at_least:
        return "high"
    if value >= spec.medium_at_least:
        return "medium"
    return "low"
