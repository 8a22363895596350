"""The queue's rules as pure functions: legal ticket moves, who is called next, the wait.

No database here: kiosk/services/tickets.py applies these inside transactions,
and the tests walk them exhaustively.
"""
from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.errors import UserError

# from-state -> states it may move to (DESIGN.md, "Queue")
TRANSITIONS: dict[str, frozenset[str]] = {
    "waiting": frozenset({"called", "cancelled"}),
    "called": frozenset({"called", "serving", "done", "no_show", "transferred"}),
    "serving": frozenset({"done", "transferred"}),
    "no_show": frozenset({"called"}),  # reopened within the tolerance
    "done": frozenset(),
    "cancelled": frozenset(),
    "transferred": frozenset(),
}
FINAL_STATES = frozenset(s for s, moves in TRANSITIONS.items() if not moves)
PRIORITY_GROUPS = ("elderly", "disabled", "pregnant", "child_under_6", "veteran")


def check_move(label: str, from_state: str, to_state: str) -> None:
    if to_state not in TRANSITIONS.get(from_state, frozenset()):
        raise UserError("bad_ticket_move",
                        f"Ticket {label} is {from_state.replace('_', '-')}: it cannot become "
                        f"{to_state.replace('_', '-')}", label=label, from_state=from_state,
                        to_state=to_state)


@dataclass(frozen=True)
class Waiting:
    """A waiting ticket as the picker sees it (oldest arrival first within a kind)."""

    key: object
    priority: bool
    issued_order: object  # anything sortable: the arrival time


def pick_next(waiting: Sequence[Waiting], normals_since_priority: int,
              normal_per_priority: int) -> Waiting | None:
    """One priority ticket after every `normal_per_priority` normal ones, so that neither
    kind starves; either kind is taken when the other has nobody waiting.
    `normal_per_priority` 0 means priority always first."""
    priority = sorted((w for w in waiting if w.priority), key=lambda w: w.issued_order)
    normal = sorted((w for w in waiting if not w.priority), key=lambda w: w.issued_order)
    if not priority:
        return normal[0] if normal else None
    if not normal or normals_since_priority >= normal_per_priority:
        return priority[0]
    return normal[0]


def normals_since_last_priority(recent_calls_newest_first: Sequence[bool]) -> int:
    """How many normal tickets were called since the last priority one (True = priority)."""
    count = 0
    for was_priority in recent_calls_newest_first:
        if was_priority:
            break
        count += 1
    return count


def service_minutes(durations_min: Sequence[float], default_min: float) -> float:
    """Typical service time: today's median once there are 3 served, else the default."""
    return statistics.median(durations_min) if len(durations_min) >= 3 else default_min


def estimated_wait_minutes(people_ahead: int, minutes_each: float, counters: int) -> int:
    """People ahead share the counters that serve the service; rounded up to whole minutes."""
    if people_ahead <= 0:
        return 0
    whole, part = divmod(people_ahead * minutes_each / max(1, counters), 1)
    return int(whole) + (1 if part > 0 else 0)


def ticket_label(prefix: str, number: int) -> str:
    return f"{prefix}{number:03d}"
