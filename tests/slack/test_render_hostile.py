"""Slack markup typed by a user never reaches Slack as markup: every builder in `bot/render/`
is fed models whose every string holds `<!channel>`, a mention and a disguised link, and no
text of what it returns (blocks, views, a message's top-level text) keeps any of them raw.
The bot's own mentions and links, made by `user_mention`, `channel_mention` and `link`, do."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from types import ModuleType
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from bot.interview.report import Report
from bot.kpis.dashboard import Dashboard, InterviewStatus
from bot.kpis.logged import LoggedValue, NextStep
from bot.render import (
    answer,
    help,
    home,
    interview_modal,
    kpis,
    nudges,
    pulse,
    question,
    report,
)
from bot.render.blocks import (
    channel_mention,
    context,
    fallback_text,
    link,
    mrkdwn,
    plain_text,
    slack_safe,
    user_mention,
)
from bot.render.interview_modal import ModalState
from bot.store import NudgePreferences
from bot.store.records import PulseRecord
from bot.team.pulses import PulseResults
from evaluators import evaluate, load_rubric
from evaluators.team import evaluate_team
from evaluators.team_models import PulseResponse, TeamInitiative, TeamInput, TeamObjective
from evaluators.team_rubric import load_team_rubric
from knowledge.models import Citation
from tests.evaluators.conftest import load_persona
from tests.slack.conftest import CannedAnswers
from tests.slack.test_home_render import tracked
from tests.slack.test_kpis_render import kpi
from tests.slack.test_render_question import VIEWS

M = TypeVar("M", bound=BaseModel)

HOSTILE = "<!channel> <@U0VICTIM> <https://evil.example/x|click> Bakery"
# Slack's markup: a broadcast, a person, a channel or user group, a link of any scheme.
RAW_MARKUP = re.compile(r"<[!@#]|<[a-z][a-z0-9+.-]*:", re.IGNORECASE)
SHARER, CHANNEL = "U0SHARER", "C0SHARE01"
PERMALINK = "https://acme-bakery.slack.com/archives/D0PAT/p1700000000000100"
OURS = (f"<@{SHARER}>", f"<#{CHANNEL}>", f"<{PERMALINK}|our direct messages>")

SURFACES: tuple[ModuleType, ...] = (
    answer,
    help,
    home,
    interview_modal,
    kpis,
    nudges,
    pulse,
    question,
    report,
)


# --- every string of a model made hostile ----------------------------------------------------


def _poison(value: Any) -> Any:
    if isinstance(value, str):
        return f"{value} {HOSTILE}"
    if isinstance(value, dict):
        # Ids are the bot's own (a step, an option, a finding), never what a user typed.
        return {key: item if _is_id(key) else _poison(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_poison(item) for item in value)
    return value


def _is_id(key: str) -> bool:
    return key == "id" or key.endswith(("_id", "_ids"))


def _restore(poisoned: Any, original: Any, loc: tuple[int | str, ...]) -> None:
    """Put back the original value at the deepest part of `loc` both still have."""
    for depth in range(len(loc), 0, -1):
        target, source = poisoned, original
        try:
            for key in loc[: depth - 1]:
                target, source = target[key], source[key]
            target[loc[depth - 1]] = source[loc[depth - 1]]
            return
        except (KeyError, IndexError, TypeError):
            continue


def hostile(model: M) -> M:
    """Return a copy of `model` with the hostile text appended to every string field that
    stays valid with it (literals, ids with a pattern keep their value)."""
    original = model.model_dump(mode="python")
    poisoned = _poison(json.loads(json.dumps(original, default=str)))
    original = json.loads(json.dumps(original, default=str))
    for _ in range(200):
        try:
            return type(model).model_validate(poisoned)
        except ValidationError as exc:
            for error in exc.errors():
                _restore(poisoned, original, tuple(error["loc"]))
    raise AssertionError(f"could not make a valid hostile {type(model).__name__}")


# --- what the builders are fed -----------------------------------------------------------------

RUBRIC = load_rubric()
EVALUATION = hostile(evaluate(load_persona("artisan_bakery"), RUBRIC))
ANSWER = hostile(CannedAnswers().ask("How do I choose KPIs?"))
CITATION = ANSWER.citations[0]
REPORT = Report(
    evaluation_id=42,
    interview_id=7,
    evaluation=EVALUATION,
    citations={finding.id: CITATION for finding in EVALUATION.findings},
)
KPI = hostile(kpi(1, baseline=None, initiative="Online ordering"))
COMPLETE_KPI = KPI.model_copy(update={"baseline": 600.0})
TRACKED = hostile(tracked(1, "Sourdough loaves sold per week"))
DASHBOARD = Dashboard(
    evaluation_id=42,
    evaluated_at="2026-11-23T09:00:00+00:00",
    evaluation=EVALUATION,
    interview=hostile(InterviewStatus(state="in_progress", label="question 7", number=7, total=51)),
    kpis=(TRACKED,),
)
LOGGED = LoggedValue(
    tracked=TRACKED,
    turned_off_track=True,
    next_step=hostile(NextStep(finding_title="Pilot", next_step="Run a pilot", topic="pilot")),
    passage=hostile(
        Citation(n=1, title="T", source="s", level="Intermediate", section="S", text="x", score=0.5)
    ),
)
PREFERENCES = hostile(NudgePreferences(tz="Europe/Berlin", away_until=date(2027, 1, 8)))
QUESTIONS = {qid: hostile(view) for qid, view in VIEWS.items()}
MODAL = hostile(ModalState(team_id="T1", user_id="U1", step_id="s1"))
PULSE_RESULTS = PulseResults(
    pulse=PulseRecord(
        id=1,
        team_id="T1",
        owner_id="U1",
        status="open",
        owner_side={},
        bank_version="pulse-1",
        deadline=datetime(2026, 12, 10, tzinfo=UTC),
        shown_count=3,
        created_at=datetime(2026, 12, 3, tzinfo=UTC),
        closed_at=None,
    ),
    team=evaluate_team(
        TeamInput(
            objectives=(TeamObjective(id="o1", statement=HOSTILE),),
            initiatives=(TeamInitiative(id="i1", name=HOSTILE, owner_rating=5),),
            responses=tuple(
                PulseResponse(priorities=("o1",), ratings={"i1": r}, involvement=r)
                for r in (1, 2, 5)
            ),
        ),
        load_team_rubric(),
    ),
    asked=5,
    held=1,
    zone=ZoneInfo("Pacific/Auckland"),
)

Payload = Callable[[], object]


def _questions() -> Iterator[tuple[str, Payload]]:
    for qid, view in QUESTIONS.items():
        yield (
            f"build_question_blocks[{qid}]",
            lambda v=view: question.build_question_blocks(v, recorded=HOSTILE, notice=HOSTILE),
        )
        yield (
            f"build_question_blocks[{qid}] refused",
            lambda v=view: question.build_question_blocks(v, problem=HOSTILE, example=HOSTILE),
        )
        yield (
            f"build_answer_modal[{qid}]",
            lambda v=view: interview_modal.build_answer_modal(v, MODAL),
        )
        yield f"question_fallback_text[{qid}]", lambda v=view: question.question_fallback_text(v)
        yield f"build_paused_blocks[{qid}]", lambda v=view: question.build_paused_blocks(v)
        yield f"paused_fallback_text[{qid}]", lambda v=view: question.paused_fallback_text(v)
        yield (
            f"build_restart_confirm_blocks[{qid}]",
            lambda v=view: question.build_restart_confirm_blocks(v),
        )
        yield f"location_text[{qid}]", lambda v=view: question.location_text(v, PERMALINK)
        yield (
            f"thread_reply_text[{qid}]",
            lambda v=view: question.thread_reply_text(v, recorded=HOSTILE, notice=HOSTILE),
        )


BUILDERS: dict[str, Payload] = {
    "build_answer_blocks": lambda: answer.build_answer_blocks(
        ANSWER, question=HOSTILE, show_question=True, shareable=True
    ),
    "build_shared_answer_blocks": lambda: answer.build_shared_answer_blocks(
        ANSWER, question=HOSTILE, user_id=SHARER
    ),
    "build_shared_answer_blocks by a hostile id": lambda: answer.build_shared_answer_blocks(
        ANSWER, question=HOSTILE, user_id=HOSTILE
    ),
    "answer_fallback_text": lambda: answer.answer_fallback_text(ANSWER),
    "build_help_blocks": lambda: help.build_help_blocks(HOSTILE, problem=HOSTILE),
    "help_fallback_text": lambda: help.help_fallback_text(HOSTILE),
    "build_dashboard_blocks": lambda: home.build_dashboard_blocks(DASHBOARD),
    "build_home_view": lambda: home.build_home_view(
        dashboard=home.build_dashboard_blocks(DASHBOARD)
    ),
    "answer_errors": lambda: list(interview_modal.answer_errors(HOSTILE, HOSTILE).values()),
    "build_tracked_blocks": lambda: kpis.build_tracked_blocks([KPI, COMPLETE_KPI]),
    "tracked_fallback_text": lambda: kpis.tracked_fallback_text([KPI, COMPLETE_KPI]),
    "build_kpi_values_view": lambda: kpis.build_kpi_values_view(KPI, today=date(2026, 12, 1)),
    "build_kpi_result_view": lambda: kpis.build_kpi_result_view(HOSTILE, HOSTILE),
    "build_kpi_saved_view": lambda: kpis.build_kpi_saved_view(TRACKED),
    "build_kpi_list_blocks": lambda: kpis.build_kpi_list_blocks([TRACKED]),
    "build_kpi_add_view": lambda: kpis.build_kpi_add_view(
        objectives=[HOSTILE], initiatives=[HOSTILE]
    ),
    "build_nudge_blocks": lambda: nudges.build_nudge_blocks([TRACKED]),
    "build_nudge_blocks reminder": lambda: nudges.build_nudge_blocks([TRACKED], reminder=True),
    "nudge_fallback_text": lambda: nudges.nudge_fallback_text([TRACKED]),
    "build_log_value_view": lambda: nudges.build_log_value_view(TRACKED, today=date(2027, 1, 4)),
    "build_logged_blocks": lambda: nudges.build_logged_blocks(LOGGED),
    "build_logged_view": lambda: nudges.build_logged_view(LOGGED),
    "logged_fallback_text": lambda: nudges.logged_fallback_text(LOGGED),
    "build_preferences_blocks": lambda: nudges.build_preferences_blocks(PREFERENCES),
    "build_preferences_view": lambda: nudges.build_preferences_view(PREFERENCES),
    "build_digest_blocks": lambda: nudges.build_digest_blocks([TRACKED]),
    "build_moved_blocks": lambda: question.build_moved_blocks(HOSTILE, HOSTILE),
    "moved_fallback_text": lambda: question.moved_fallback_text(HOSTILE, HOSTILE),
    "build_finished_blocks": lambda: question.build_finished_blocks(HOSTILE),
    "build_submitted_blocks": lambda: question.build_submitted_blocks(HOSTILE, HOSTILE),
    "build_pulse_modal": lambda: pulse.build_pulse_modal(date(2026, 12, 3)),
    "build_pulse_outcome_view": lambda: pulse.build_pulse_outcome_view(HOSTILE),
    "build_pulse_intro_blocks": lambda: pulse.build_pulse_intro_blocks(HOSTILE),
    "build_pulse_results_blocks": lambda: pulse.build_pulse_results_blocks(PULSE_RESULTS),
    "build_pulse_home_blocks": lambda: pulse.build_pulse_home_blocks(PULSE_RESULTS),
    "build_pulse_results_blocks shared": lambda: pulse.build_pulse_results_blocks(
        PULSE_RESULTS, shared_by=SHARER
    ),
    "build_share_pulse_view": lambda: pulse.build_share_pulse_view(HOSTILE),
    "thread_reply_text refused": lambda: question.thread_reply_text(
        None, problem=HOSTILE, example=HOSTILE
    ),
    "build_report_blocks": lambda: report.build_report_blocks(REPORT),
    "build_report_blocks shared": lambda: report.build_report_blocks(
        REPORT, shared=True, shared_by=SHARER
    ),
    "build_report_blocks shared by a hostile id": lambda: report.build_report_blocks(
        REPORT, shared=True, shared_by=HOSTILE
    ),
    "report_fallback_text": lambda: report.report_fallback_text(REPORT),
    "build_details_view": lambda: report.build_details_view(REPORT),
    "build_details_view every page": lambda: [
        report.build_details_view(REPORT, page) for page in range(len(report.details_pages(REPORT)))
    ],
    "build_share_view": lambda: report.build_share_view(
        42, origin_channel=HOSTILE, problem=HOSTILE
    ),
    "build_share_outcome_view": lambda: report.build_share_outcome_view(HOSTILE),
    "build_sharing_view": lambda: report.build_sharing_view(CHANNEL),
    "build_shared_view": lambda: report.build_shared_view(HOSTILE),
    **dict(_questions()),
}


def texts_of(payload: object) -> Iterator[str]:
    """Every text Slack would show or notify from: the `text` of every text object and of
    the message, at any depth; the payload itself when it is a string."""
    if isinstance(payload, str):
        yield payload
    elif isinstance(payload, list):
        for item in payload:
            yield from texts_of(item)
    elif isinstance(payload, dict):
        for key, value in payload.items():
            if isinstance(value, dict | list):
                yield from texts_of(value)
            elif key == "text" and isinstance(value, str):
                yield value


def raw_markup(payload: object) -> list[str]:
    """Return the texts in `payload` that hold Slack markup other than the bot's own."""
    found = []
    for text in texts_of(payload):
        rest = text
        for ours in OURS:
            rest = rest.replace(ours, "")
        if RAW_MARKUP.search(rest):
            found.append(text)
    return found


# --- the tests ----------------------------------------------------------------------------------


def test_the_hostile_models_really_carry_the_hostile_text() -> None:
    assert HOSTILE in EVALUATION.business
    assert all(HOSTILE in finding.why for finding in EVALUATION.findings)
    assert HOSTILE in KPI.name
    assert HOSTILE in CITATION.text
    assert all(HOSTILE in view.text for view in QUESTIONS.values())


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_no_builder_lets_user_markup_through(name: str) -> None:
    assert raw_markup(BUILDERS[name]()) == []


def test_every_builder_of_every_surface_is_fed_hostile_text() -> None:
    covered = {name.split("[")[0].split(" ")[0] for name in BUILDERS}
    public = {
        name
        for module in SURFACES
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and (name.startswith("build_") or name.endswith("_fallback_text"))
    }
    assert public - covered == set()


def test_the_bots_own_mentions_and_links_survive() -> None:
    shared = report.build_report_blocks(REPORT, shared=True, shared_by=SHARER)
    assert f"Shared by <@{SHARER}>" in json.dumps(shared)
    assert f"<#{CHANNEL}>" in json.dumps(report.build_shared_view(CHANNEL))
    assert f"<{PERMALINK}|our direct messages>" in question.location_text(None, PERMALINK)


@pytest.mark.parametrize(
    "make", [user_mention, channel_mention, lambda text: link(text, text)], ids=repr
)
def test_markup_helpers_refuse_what_is_not_an_id_or_a_url(make: Callable[[str], str]) -> None:
    assert raw_markup(mrkdwn(make(HOSTILE))) == []


@given(st.text())
def test_slack_safe_leaves_no_raw_angle_bracket_in_any_text(text: str) -> None:
    made = [
        slack_safe(text),
        mrkdwn(text)["text"],
        plain_text(text, 3000)["text"],
        fallback_text(text),
        context([text])["elements"][0]["text"],
    ]
    assert all("<" not in item for item in made)


def test_no_surface_writes_slack_markup_itself() -> None:
    sources = {module.__name__: inspect.getsource(module) for module in SURFACES}
    assert [name for name, source in sources.items() if re.search(r'"<[@#!{]', source)] == []
