"""The queue's pure rules: every ticket move, the priority rule over long queues, the wait.

The priority tests simulate a counter calling one ticket at a time exactly as
kiosk/services/tickets.py does (pick_next fed with normals_since_last_priority
of the calls so far) and check the promised pattern rather than re-deriving the
rule: never more than N normals in a row while a priority waits, never two
priorities in a row while a normal waits, first come first served within each
kind, and a bounded wait for both kinds.
"""
from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import UserError
from kiosk.models.queue import TICKET_STATES
from kiosk.queue_rules import (FINAL_STATES, TRANSITIONS, Waiting, check_move,
                               estimated_wait_minutes, normals_since_last_priority, pick_next,
                               service_minutes, ticket_label)

# The moves DESIGN.md ("Queue") allows, written out independently of TRANSITIONS:
# waiting -> called -> serving -> done; called -> called (recall); called -> no_show,
# reopened by no_show -> called; waiting -> cancelled; transfer closes a called or
# serving ticket; a called ticket may be finished without a start (call next).
LEGAL = {
    ("waiting", "called"), ("waiting", "cancelled"),
    ("called", "called"), ("called", "serving"), ("called", "done"), ("called", "no_show"),
    ("called", "transferred"),
    ("serving", "done"), ("serving", "transferred"),
    ("no_show", "called"),
}
ALL_PAIRS = list(itertools.product(TICKET_STATES, TICKET_STATES))


# --- ticket moves -----------------------------------------------------------------------

def test_transitions_cover_exactly_the_ticket_states() -> None:
    assert set(TRANSITIONS) == set(TICKET_STATES)
    for targets in TRANSITIONS.values():
        assert targets <= set(TICKET_STATES)


def test_transitions_are_the_designed_ones() -> None:
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == LEGAL


def test_final_states() -> None:
    assert FINAL_STATES == {"done", "cancelled", "transferred"}
    assert all(a not in FINAL_STATES for a, _ in LEGAL)


@pytest.mark.parametrize(("from_state", "to_state"), ALL_PAIRS)
def test_every_pair_of_states(from_state: str, to_state: str) -> None:
    if (from_state, to_state) in LEGAL:
        check_move("A001", from_state, to_state)  # no error
        return
    with pytest.raises(UserError) as caught:
        check_move("A001", from_state, to_state)
    assert caught.value.code == "bad_ticket_move"
    assert caught.value.params == {"label": "A001", "from_state": from_state,
                                   "to_state": to_state}
    assert "A001" in caught.value.message


@pytest.mark.parametrize("to_state", TICKET_STATES)
def test_no_move_from_an_unknown_state(to_state: str) -> None:
    with pytest.raises(UserError) as caught:
        check_move("B007", "lost", to_state)
    assert caught.value.code == "bad_ticket_move"


def test_bad_move_message_is_readable() -> None:
    with pytest.raises(UserError) as caught:
        check_move("C012", "no_show", "done")
    assert caught.value.message == "Ticket C012 is no-show: it cannot become done"


# --- priority: a simulated counter ------------------------------------------------------

@dataclass
class Run:
    """The outcome of calling a queue to the end (or for a number of steps)."""

    normal_per_priority: int
    calls: list[Waiting] = field(default_factory=list)  # in call order
    # per call: (priorities waiting, normals waiting) just before it
    waiting_before: list[tuple[int, int]] = field(default_factory=list)
    arrived_at_call: dict[object, int] = field(default_factory=dict)  # key -> calls made before
    called_at_call: dict[object, int] = field(default_factory=dict)  # key -> its call's index
    ahead_at_arrival: dict[object, int] = field(default_factory=dict)  # same kind, waiting


def _call_one(waiting: list[Waiting], run: Run, rng: random.Random) -> Waiting | None:
    history = [w.priority for w in reversed(run.calls)]  # newest first, as the DB returns it
    shuffled = waiting[:]
    rng.shuffle(shuffled)  # the picker must not rely on the order it is given
    chosen = pick_next(shuffled, normals_since_last_priority(history), run.normal_per_priority)
    if chosen is None:
        return None
    run.waiting_before.append((sum(w.priority for w in waiting),
                               sum(not w.priority for w in waiting)))
    waiting.remove(chosen)
    run.called_at_call[chosen.key] = len(run.calls)
    run.calls.append(chosen)
    return chosen


def _arrive(waiting: list[Waiting], run: Run, key: int, priority: bool) -> None:
    run.ahead_at_arrival[key] = sum(w.priority == priority for w in waiting)
    run.arrived_at_call[key] = len(run.calls)
    waiting.append(Waiting(key, priority, key))  # arrival order = key


def call_all(kinds: list[bool], normal_per_priority: int, seed: int = 0) -> Run:
    """Everybody is waiting at the start; call until the hall is empty."""
    rng = random.Random(seed)
    run = Run(normal_per_priority)
    waiting: list[Waiting] = []
    for key, priority in enumerate(kinds):
        _arrive(waiting, run, key, priority)
    while _call_one(waiting, run, rng) is not None:
        pass
    assert waiting == []
    return run


def call_with_arrivals(arrivals: list[list[bool]], normal_per_priority: int,
                       seed: int = 0) -> Run:
    """arrivals[i] come in just before call i; then the rest of the hall is called."""
    rng = random.Random(seed)
    run = Run(normal_per_priority)
    waiting: list[Waiting] = []
    key = 0
    for batch in arrivals:
        for priority in batch:
            _arrive(waiting, run, key, priority)
            key += 1
        _call_one(waiting, run, rng)
    while _call_one(waiting, run, rng) is not None:
        pass
    assert waiting == []
    return run


def assert_pattern(run: Run) -> None:
    """The promised pattern, whatever the queue looked like."""
    n = run.normal_per_priority
    normals_in_a_row = 0  # normals called since the last priority (or the start)
    previous_priority = False
    for call, (p_waiting, n_waiting) in zip(run.calls, run.waiting_before):
        # work-conserving: a kind is only passed over when the other is waiting
        assert p_waiting + n_waiting > 0
        if call.priority:
            assert p_waiting > 0
            if n_waiting and n > 0:
                # a priority is called while normals wait only once N normals went first,
                # so two priorities never follow each other while a normal waits
                assert normals_in_a_row >= n
                assert not previous_priority
            normals_in_a_row = 0
        else:
            assert n_waiting > 0
            if p_waiting:
                # never more than N normals in a row while a priority waits
                assert normals_in_a_row < n
            normals_in_a_row += 1
        previous_priority = call.priority
    # first come, first served within each kind
    for kind in (True, False):
        order = [c.issued_order for c in run.calls if c.priority == kind]
        assert order == sorted(order)


def assert_bounded_waits(run: Run) -> None:
    """Nobody waits longer (in calls) than the rule allows, counted from arrival.

    With k of its kind ahead, a priority ticket needs k+1 priority calls and at most
    N normals go before each: (k+1)(N+1) calls. A normal one needs k+1 normal calls,
    and at most one priority comes per N normals (plus one at once if N normals went
    just before it arrived): k+1 + 1 + k//N calls. N = 0 is "priority always first":
    a priority waits only for priorities; a normal for everybody ahead plus priorities
    (finite here, but unbounded if priorities never stop coming: that is the setting).
    """
    n = run.normal_per_priority
    for call in run.calls:
        k = run.ahead_at_arrival[call.key]
        waited = run.called_at_call[call.key] - run.arrived_at_call[call.key] + 1
        if call.priority:
            assert waited <= (k + 1) * (n + 1), (call, k, waited)
        elif n > 0:
            assert waited <= k + 2 + k // n, (call, k, waited)


def max_wait(run: Run, priority: bool) -> int:
    return max((run.called_at_call[c.key] - run.arrived_at_call[c.key] + 1
                for c in run.calls if c.priority == priority), default=0)


@pytest.mark.parametrize("normal_per_priority", [0, 1, 2, 3, 5])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_priority_rule_over_a_thousand_waiting_tickets(normal_per_priority: int,
                                                       seed: int) -> None:
    rng = random.Random(seed)
    share = rng.uniform(0.20, 0.40)
    kinds = [rng.random() < share for _ in range(1000)]
    run = call_all(kinds, normal_per_priority, seed)
    assert len(run.calls) == 1000
    assert_pattern(run)
    assert_bounded_waits(run)
    priorities = sum(kinds)
    pattern = "".join("P" if c.priority else "n" for c in run.calls)
    if normal_per_priority == 0:
        # priority always first: every priority, then every normal
        assert pattern == "P" * priorities + "n" * (1000 - priorities)
    else:
        # the day starts with N normals, then one priority after every N normals;
        # when one kind runs out, the other is called to the end
        normals = 1000 - priorities
        cycles = min(priorities, normals // normal_per_priority)
        assert pattern == ("n" * normal_per_priority + "P") * cycles \
            + "n" * (normals - cycles * normal_per_priority) + "P" * (priorities - cycles)


@pytest.mark.parametrize("normal_per_priority", [0, 1, 2, 4])
@pytest.mark.parametrize("seed", [7, 8])
def test_priority_rule_with_arrivals_during_the_day(normal_per_priority: int, seed: int) -> None:
    """1,000 citizens arriving while the counter calls: 0 to 2 per call, 20-40 % priority."""
    rng = random.Random(seed)
    share = rng.uniform(0.20, 0.40)
    arrivals: list[list[bool]] = []
    total = 0
    while total < 1000:
        batch = [rng.random() < share for _ in range(rng.choice((0, 1, 1, 2)))][:1000 - total]
        arrivals.append(batch)
        total += len(batch)
    run = call_with_arrivals(arrivals, normal_per_priority, seed)
    assert len(run.calls) == 1000
    assert_pattern(run)
    assert_bounded_waits(run)


@pytest.mark.parametrize("normal_per_priority", [1, 2, 3])
def test_normals_do_not_starve_under_a_flood_of_priorities(normal_per_priority: int) -> None:
    """Two priority citizens arrive per call, forever: normals are still called."""
    arrivals = [[False] * 10 + [True, True]] + [[True, True] for _ in range(300)]
    run = call_with_arrivals(arrivals, normal_per_priority)
    normals = [run.called_at_call[k] for k in range(10)]
    # the 10 normals go out at the rule's pace: never more than one priority between two
    assert normals[0] == 0
    assert all(b - a <= 2 for a, b in zip(normals, normals[1:]))
    assert normals[-1] <= 10 + 10 // normal_per_priority
    assert max_wait(run, priority=False) <= 10 + 10 // normal_per_priority + 1
    assert_pattern(run)


def test_priority_always_first_lets_a_flood_of_priorities_starve_normals() -> None:
    """N = 0 is the documented exception: normals wait until no priority is waiting."""
    arrivals = [[False] * 3 + [True]] + [[True] for _ in range(199)]
    run = call_with_arrivals(arrivals, 0)
    assert [c.priority for c in run.calls[:200]] == [True] * 200
    assert [c.key for c in run.calls[200:]] == [0, 1, 2]


@pytest.mark.parametrize("normal_per_priority", [1, 2, 3, 6])
def test_priorities_do_not_starve_under_a_flood_of_normals(normal_per_priority: int) -> None:
    arrivals = [[True] * 5 + [False] * 2] + [[False, False] for _ in range(300)]
    run = call_with_arrivals(arrivals, normal_per_priority)
    priorities = sorted(run.called_at_call[k] for k in range(5))
    step = normal_per_priority + 1
    assert priorities == [step * i + normal_per_priority for i in range(5)]
    assert max_wait(run, priority=True) == 5 * step


@settings(max_examples=300, deadline=None)
@given(arrivals=st.lists(st.lists(st.booleans(), max_size=4), min_size=1, max_size=120),
       normal_per_priority=st.integers(min_value=0, max_value=6),
       seed=st.integers(min_value=0, max_value=2**16))
def test_priority_rule_on_random_queues(arrivals: list[list[bool]], normal_per_priority: int,
                                        seed: int) -> None:
    run = call_with_arrivals(arrivals, normal_per_priority, seed)
    assert len(run.calls) == sum(map(len, arrivals))
    assert_pattern(run)
    assert_bounded_waits(run)


# --- the picker and the history, directly ---------------------------------------------------

def test_pick_next_on_an_empty_hall() -> None:
    assert pick_next([], 0, 2) is None
    assert pick_next([], 5, 0) is None


def test_pick_next_takes_the_oldest_of_the_kind_in_any_input_order() -> None:
    normal = [Waiting(f"n{i}", False, i) for i in (5, 3, 9)]
    priority = [Waiting(f"p{i}", True, i) for i in (8, 4, 6)]
    hall = normal + priority
    assert pick_next(hall, 0, 2).key == "n3"
    assert pick_next(hall, 1, 2).key == "n3"
    assert pick_next(hall, 2, 2).key == "p4"
    assert pick_next(hall, 7, 2).key == "p4"
    assert pick_next(hall, 0, 0).key == "p4"  # priority always first
    assert pick_next(normal, 9, 2).key == "n3"  # no priority waiting
    assert pick_next(priority, 0, 2).key == "p4"  # no normal waiting


@given(st.lists(st.booleans(), max_size=40))
def test_normals_since_last_priority_counts_the_leading_normals(history: list[bool]) -> None:
    expected = history.index(True) if True in history else len(history)
    assert normals_since_last_priority(history) == expected


def test_normals_since_last_priority_cases() -> None:
    assert normals_since_last_priority([]) == 0
    assert normals_since_last_priority([True, False, False]) == 0
    assert normals_since_last_priority([False, False, True, False]) == 2
    assert normals_since_last_priority([False] * 3) == 3


# --- the wait -----------------------------------------------------------------------------

@pytest.mark.parametrize(("ahead", "minutes", "counters", "expected"), [
    (0, 6, 1, 0),
    (-3, 6, 1, 0),
    (1, 6, 1, 6),
    (5, 6, 1, 30),
    (3, 6, 2, 9),
    (1, 6, 4, 2),  # 1.5 rounds up
    (3, 2.5, 1, 8),  # 7.5 rounds up
    (2, 4.5, 3, 3),  # exactly 3: no rounding up
    (4, 6, 0, 24),  # no counter serves it (yet): as if one
    (10, 0, 2, 0),
])
def test_estimated_wait_minutes(ahead: int, minutes: float, counters: int, expected: int) -> None:
    assert estimated_wait_minutes(ahead, minutes, counters) == expected


@given(ahead=st.integers(min_value=0, max_value=500),
       minutes=st.floats(min_value=0.1, max_value=60, allow_nan=False),
       counters=st.integers(min_value=1, max_value=12))
def test_estimated_wait_is_the_share_rounded_up(ahead: int, minutes: float,
                                                counters: int) -> None:
    exact = ahead * minutes / counters
    result = estimated_wait_minutes(ahead, minutes, counters)
    assert isinstance(result, int)
    assert exact <= result < exact + 1
    assert result == math.ceil(exact)
    assert estimated_wait_minutes(ahead + 1, minutes, counters) >= result
    assert estimated_wait_minutes(ahead, minutes, counters + 1) <= result


@pytest.mark.parametrize(("durations", "expected"), [
    ([], 6),
    ([4.0], 6),
    ([4.0, 12.0], 6),  # fewer than 3 served: the default
    ([4.0, 12.0, 5.0], 5.0),  # the median, not the mean
    ([1.0, 2.0, 30.0, 3.0], 2.5),
    ([7.5, 7.5, 7.5, 7.5, 100.0], 7.5),
])
def test_service_minutes(durations: list[float], expected: float) -> None:
    assert service_minutes(durations, 6) == expected


def test_ticket_label() -> None:
    assert ticket_label("A", 1) == "A001"
    assert ticket_label("E", 42) == "E042"
    assert ticket_label("K", 999) == "K999"
    assert ticket_label("A", 1000) == "A1000"
    assert ticket_label("", 7) == "007"
