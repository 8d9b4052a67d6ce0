"""Team pulses over the store: the owner sends one (`TeamPulseService.send`), each member
answers it in their DM through the interview engine (`PulseInterviews`, the same operations
as the person's own interview, on their interview of kind "pulse"), and the owner sees the
team report once enough people have answered (`TeamPulseService.results`).

What the owner sees follows the anonymity rule (`evaluators.anonymity`): nothing below the
rubric's `min_respondents` (never under 3), aggregates only, and a view is replaced only
once that many more people have answered; the answers in between are held back, counted.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.interview.errors import InterviewStateError, NoInterviewError
from bot.interview.service import (
    InterviewService,
    Paused,
    Reply,
    Review,
    Submitted,
    open_place,
    state_of,
)
from bot.interview.views import OpenInterview
from bot.kpis.preferences import zone_of
from bot.store import Store
from bot.store.records import InterviewRecord, PulseRecord, PulseStart
from bot.team.errors import TeamError
from bot.team.pulse import PulseBank, PulseTemplate, pulse_bank, pulse_response
from bot.team.service import TeamReportService
from evaluators.anonymity import releasable
from evaluators.team_models import TeamEvaluation, TeamInput
from prompts.formatting import format_weekday

NO_PULSE = "You have no team pulse to answer right now."
PULSE_CLOSED = "This team pulse has closed, so answers are no longer taken. Thank you all the same."
NOT_IN_PULSE = "A team pulse has nothing to add; answer its questions, or type `back`."
NO_RESTART = "A team pulse cannot start over; type `back` to change an earlier answer."
ALREADY_RUNNING = (
    "Your team pulse sent on {sent} is still open until the end of {deadline}: see it with "
    "`/align team results`, or close it there first."
)
NO_MEMBERS = "Pick at least one person other than yourself to ask."
NO_PULSE_SENT = "You have not sent a team pulse yet: type `/align team` to send one."
DEFAULT_DAYS = 7
REMIND_AFTER = timedelta(days=1)


def closing_instant(day: date, zone: ZoneInfo) -> datetime:
    """Return when a pulse whose last day is `day` closes: the midnight that ends that day
    in the owner's zone, as a UTC instant (what the scheduler compares with)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)


def last_day(deadline: datetime, zone: ZoneInfo) -> date:
    """Return the last day to answer a pulse closing at `deadline`, in the owner's zone
    (the day the owner picked, whatever zone the instant is stored in)."""
    return (deadline.astimezone(zone) - timedelta(seconds=1)).date()


@dataclass(frozen=True)
class PulseResults:
    """What the owner may see of their latest pulse: the pulse, the team evaluation of the
    answers released to them, how many people were asked, how many answers are held back
    by the anonymity rule, and the owner's time zone (the deadline is read in it)."""

    pulse: PulseRecord
    team: TeamEvaluation
    asked: int
    held: int
    zone: ZoneInfo

    @property
    def last_day(self) -> date:
        """The last day to answer, in the owner's zone."""
        return last_day(self.pulse.deadline, self.zone)


class PulseInterviews:
    """A member's pulse, answered like an interview: the `Interviews` operations on their
    open pulse interview (the bank is the pulse's own, made from the owner's side)."""

    def __init__(
        self,
        store: Store,
        template: PulseTemplate,
        *,
        today: Callable[[], date],
    ) -> None:
        self.store = store
        self.template = template
        self._today = today
        self._banks: dict[int, PulseBank] = {}

    def bank_of(self, pulse: PulseRecord) -> PulseBank:
        """Return the bank a pulse is asked with (made once per pulse and process)."""
        bank = self._banks.get(pulse.id)
        if bank is None:
            bank = pulse_bank(self.template, TeamInput.model_validate(pulse.owner_side))
            self._banks[pulse.id] = bank
        return bank

    def _service(self, team_id: str, user_id: str) -> InterviewService:
        """The interview service of the person's open (else latest) pulse interview."""
        record = self.store.open_interview(team_id, user_id, "pulse") or (
            self.store.latest_interview(team_id, user_id, "pulse")
        )
        if record is not None and record.status == "abandoned":
            raise NoInterviewError(PULSE_CLOSED)
        pulse = None if record is None else self.store.pulse_of_interview(team_id, record.id)
        if pulse is None:
            raise NoInterviewError(NO_PULSE)
        return InterviewService(
            self.store, self.bank_of(pulse), scorer=None, today=self._today, kind="pulse"
        )

    def _done(self, team_id: str, reply: Reply) -> Reply:
        """Record when a member finished (the pulse's member list shows it)."""
        if isinstance(reply, Submitted) and reply.recorded is not None:
            self.store.mark_pulse_answered(team_id, reply.interview_id)
        return reply

    def start_or_resume(self, team_id: str, user_id: str) -> Reply:
        """Resume the person's open pulse (a pulse is only ever opened by the owner)."""
        if self.store.open_interview(team_id, user_id, "pulse") is None:
            raise NoInterviewError(NO_PULSE)
        return self._service(team_id, user_id).start_or_resume(team_id, user_id)

    def current(self, team_id: str, user_id: str) -> Reply | None:
        """The open pulse's current question; None when none is open."""
        if self.store.open_interview(team_id, user_id, "pulse") is None:
            return None
        return self._service(team_id, user_id).current(team_id, user_id)

    def answer(self, team_id: str, user_id: str, step_id: str, raw: str) -> Reply:
        """Record an answer to the pulse's current question."""
        reply = self._service(team_id, user_id).answer(team_id, user_id, step_id, raw)
        return self._done(team_id, reply)

    def skip(self, team_id: str, user_id: str, step_id: str) -> Reply:
        """Skip the current question (none of a pulse's can be: the reason is shown)."""
        reply = self._service(team_id, user_id).skip(team_id, user_id, step_id)
        return self._done(team_id, reply)

    def back(self, team_id: str, user_id: str) -> Reply:
        """Go back one question."""
        return self._service(team_id, user_id).back(team_id, user_id)

    def pause(self, team_id: str, user_id: str) -> Paused:
        """Pause the pulse; its answers stay stored."""
        return self._service(team_id, user_id).pause(team_id, user_id)

    def restart(self, team_id: str, user_id: str) -> Reply:
        """Refused: a pulse interview is linked to its pulse (`back` changes answers)."""
        raise InterviewStateError(NO_RESTART)

    def add_another(self, team_id: str, user_id: str, group: str = "initiative") -> Reply:
        """Refused: a pulse asks about the owner's initiatives only."""
        raise InterviewStateError(NOT_IN_PULSE)

    def set_message_ref(
        self, team_id: str, user_id: str, channel_id: str | None, message_ts: str | None
    ) -> None:
        """Remember which Slack message shows the pulse."""
        with self.store.interview_transaction(team_id, user_id, "pulse") as tx:
            tx.set_message_ref(channel_id, message_ts)

    def shows(self, team_id: str, user_id: str, message_ts: str) -> bool:
        """Whether `message_ts` is the message showing the person's latest pulse (open,
        finished or closed): a click there belongs to the pulse, never to their own
        interview."""
        record = self.store.latest_interview(team_id, user_id, "pulse")
        return record is not None and record.message_ts == message_ts

    def find_open(self, team_id: str, user_id: str) -> OpenInterview | None:
        """The person's open pulse (paused or not, where it is shown), or None."""
        return open_place(self.store.open_interview(team_id, user_id, "pulse"))

    def review(self, team_id: str, user_id: str) -> Review | None:
        """None: a pulse is not re-assessed."""
        return None

    def reassess(self, team_id: str, user_id: str, changed: Collection[str] = ()) -> Reply:
        """Refused: a pulse is not re-assessed."""
        raise InterviewStateError(NOT_IN_PULSE)


class TeamPulseService:
    """The owner's side of team pulses: send one, see its results, close it; and the
    scheduler's passes (deadlines, the one reminder)."""

    def __init__(
        self,
        store: Store,
        reports: TeamReportService,
        interviews: PulseInterviews,
        *,
        now: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.reports = reports
        self.interviews = interviews
        self._now = now

    def owner_zone(self, team_id: str, owner_id: str, tz: str | None = None) -> ZoneInfo:
        """Return the owner's time zone: `tz` (fresh from Slack's users.info), remembered
        where the KPI nudges keep it; else the one remembered; else UTC."""
        prefs = self.store.nudge_preferences(team_id, owner_id)
        if tz and tz != prefs.tz:
            prefs = self.store.save_nudge_preferences(
                team_id, owner_id, prefs.model_copy(update={"tz": tz, "tz_checked_at": self._now()})
            )
        return zone_of(prefs)

    def send(
        self,
        team_id: str,
        owner_id: str,
        members: Sequence[str],
        deadline: date | None = None,
        tz: str | None = None,
    ) -> PulseStart:
        """Open a pulse for `members` (the owner left out) until the end of `deadline` in the
        owner's zone (`tz`, see `owner_zone`; default a week from their today); `TeamError`
        before the owner has a report, while their previous pulse is still open, or with
        nobody to ask."""
        owner = self.reports.owner_side(team_id, owner_id)
        bank = pulse_bank(self.interviews.template, owner)
        zone = self.owner_zone(team_id, owner_id, tz)
        latest = self.store.latest_pulse(team_id, owner_id)
        if latest is not None and latest.status == "open":
            raise TeamError(
                ALREADY_RUNNING.format(
                    sent=format_weekday(latest.created_at.astimezone(zone).date()),
                    deadline=format_weekday(last_day(latest.deadline, zone)),
                )
            )
        people = [m for m in dict.fromkeys(members) if m and m != owner_id]
        if not people:
            raise TeamError(NO_MEMBERS)
        today = self._now().astimezone(zone).date()
        day = deadline or today + timedelta(days=DEFAULT_DAYS)
        if day < today:
            raise TeamError("The deadline is in the past: pick today or a later day.")
        until = closing_instant(day, zone)
        return self.store.create_pulse(
            team_id,
            owner_id,
            owner_side=owner.model_dump(mode="json"),
            bank_version=bank.version,
            deadline=until,
            members=people,
        )

    def unreached(self, team_id: str, owner_id: str, user_ids: Sequence[str]) -> None:
        """Take the people Slack could not reach out of the owner's latest pulse: they are
        not asked, so not waiting for, reminded, nor counted among those asked."""
        pulse = self.latest(team_id, owner_id)
        for user_id in user_ids:
            self.store.drop_pulse_member(team_id, pulse.id, user_id)

    def latest(self, team_id: str, owner_id: str) -> PulseRecord:
        """The owner's latest pulse; `TeamError` before their first."""
        pulse = self.store.latest_pulse(team_id, owner_id)
        if pulse is None:
            raise TeamError(NO_PULSE_SENT)
        return pulse

    def results(self, team_id: str, owner_id: str) -> PulseResults:
        """What the owner may see of their latest pulse now (see the module docstring)."""
        pulse = self.latest(team_id, owner_id)
        answered = self.store.pulse_answers(team_id, pulse.id)
        limit = self.reports.rubric.anonymity.min_respondents
        shown = releasable(len(answered), pulse.shown_count, limit)
        # Below the threshold nothing is released: the evaluation then says only how many
        # answered (and how many more it takes).
        team = self._evaluate(pulse, answered[:shown] if shown else answered)
        if team.shown and shown != pulse.shown_count:
            self.store.set_pulse_shown(team_id, pulse.id, shown)
        asked = len(self.store.pulse_members(team_id, pulse.id))
        held = len(answered) - shown if shown else 0
        zone = self.owner_zone(team_id, owner_id)
        return PulseResults(pulse=pulse, team=team, asked=asked, held=held, zone=zone)

    def _evaluate(self, pulse: PulseRecord, answered: Sequence[InterviewRecord]) -> TeamEvaluation:
        owner = TeamInput.model_validate(pulse.owner_side)
        bank = self.interviews.bank_of(pulse)
        responses = [pulse_response(bank, owner, state_of(record).answers) for record in answered]
        return self.reports.evaluate(owner, responses)

    def close(self, team_id: str, owner_id: str) -> PulseResults:
        """Close the owner's open pulse now (unfinished answers are set aside) and return
        what they may see; `TeamError` when it is already closed."""
        pulse = self.latest(team_id, owner_id)
        if not self.store.close_pulse(team_id, pulse.id):
            raise TeamError("That team pulse is already closed; here are its results.")
        return self.results(team_id, owner_id)
