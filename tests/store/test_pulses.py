from __future__ import annotations

from datetime import UTC, datetime

from bot.store import Store

DEADLINE = datetime(2026, 12, 10, 17, tzinfo=UTC)


def _pulse(store: Store, members: list[str]) -> int:
    start = store.create_pulse(
        "T1",
        "OWNER",
        owner_side={"objectives": []},
        bank_version="pulse-1",
        deadline=DEADLINE,
        members=members,
    )
    return start.pulse.id


def test_pulse_interview_is_open_beside_the_persons_own_interview(store: Store) -> None:
    with store.interview_transaction("T1", "U1") as tx:
        own = tx.start("bank-1").id
    _pulse(store, ["U1", "U2"])
    own_open = store.open_interview("T1", "U1")
    pulse_open = store.open_interview("T1", "U1", "pulse")
    assert own_open is not None
    assert own_open.id == own
    assert pulse_open is not None
    assert pulse_open.id != own


def test_person_with_an_open_pulse_is_left_out_of_a_second_pulse(store: Store) -> None:
    _pulse(store, ["U1"])
    second = store.create_pulse(
        "T1", "OWNER", owner_side={}, bank_version="p", deadline=DEADLINE, members=["U1", "U2"]
    )
    assert (second.asked, second.busy) == (("U2",), ("U1",))


def test_closing_a_pulse_sets_its_unfinished_interviews_aside_once(store: Store) -> None:
    pulse_id = _pulse(store, ["U1", "U2"])
    assert store.close_pulse("T1", pulse_id)
    assert not store.close_pulse("T1", pulse_id)
    assert store.open_interview("T1", "U1", "pulse") is None
    assert [m.status for m in store.pulse_members("T1", pulse_id)] == ["abandoned", "abandoned"]


def test_member_is_reminded_only_once(store: Store) -> None:
    pulse_id = _pulse(store, ["U1"])
    assert store.mark_pulse_reminded("T1", pulse_id, "U1")
    assert not store.mark_pulse_reminded("T1", pulse_id, "U1")


def test_dropping_an_unreached_member_sets_their_pulse_aside_and_stops_counting_them(
    store: Store,
) -> None:
    pulse_id = _pulse(store, ["U1", "U2"])
    assert store.drop_pulse_member("T1", pulse_id, "U2")
    assert not store.drop_pulse_member("T1", pulse_id, "U2")
    assert [m.user_id for m in store.pulse_members("T1", pulse_id)] == ["U1"]
    assert store.open_interview("T1", "U2", "pulse") is None
    assert store.open_interview("T1", "U1", "pulse") is not None
