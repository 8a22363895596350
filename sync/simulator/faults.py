"""The network and server faults the simulated portal injects, from seeded random streams.

A sync worker that has only met a perfect portal has not been tested: real
gateways answer 500/502/503, throttle with 429 and Retry-After, answer slowly,
and sometimes store a batch and lose the answer. Each kind draws from its own
`random.Random`, seeded from `--seed`, so changing one rate does not reshuffle
the others and a run with one client thread is reproducible.

Thread: any HTTP handler thread; the streams and counters are behind one lock.
"""
from __future__ import annotations

import random
import threading
from collections import Counter
from dataclasses import dataclass

ERROR_STATUSES = (500, 502, 503, 429)  # drawn with equal chance when a fault hits
THROTTLE_STATUSES = (503, 429)  # these carry Retry-After


@dataclass(frozen=True)
class Fault:
    status: int
    retry_after: int | None  # seconds, for 503 and 429


class FaultPlan:
    def __init__(self, *, fault_rate: float = 0.0, latency_ms: int = 0,
                 drop_after_commit_rate: float = 0.0, retry_after_max: int = 2,
                 seed: int = 0) -> None:
        for name, rate in (("fault_rate", fault_rate),
                           ("drop_after_commit_rate", drop_after_commit_rate)):
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, not {rate}")
        if latency_ms < 0 or retry_after_max < 1:
            raise ValueError("latency_ms must be >= 0 and retry_after_max >= 1")
        self.fault_rate = fault_rate
        self.latency_ms = latency_ms
        self.drop_after_commit_rate = drop_after_commit_rate
        self.retry_after_max = retry_after_max
        self._errors = random.Random(f"{seed}:errors")
        self._latency = random.Random(f"{seed}:latency")
        self._drops = random.Random(f"{seed}:drops")
        self._lock = threading.Lock()
        self.counts: Counter[str] = Counter()  # "500", "429", "drop", "slow", "requests"

    def delay_s(self) -> float:
        """How long to wait before answering: --latency-ms plus up to half of it again."""
        if self.latency_ms <= 0:
            return 0.0
        with self._lock:
            self.counts["slow"] += 1
            return (self.latency_ms + self._latency.uniform(0, self.latency_ms / 2)) / 1000

    def error(self) -> Fault | None:
        """An error to answer instead of doing the work, or None (nothing is stored)."""
        with self._lock:
            self.counts["requests"] += 1
            if self.fault_rate <= 0 or self._errors.random() >= self.fault_rate:
                return None
            status = self._errors.choice(ERROR_STATUSES)
            retry = (self._errors.randint(1, self.retry_after_max)
                     if status in THROTTLE_STATUSES else None)
            self.counts[str(status)] += 1
            return Fault(status, retry)

    def drop_after_commit(self) -> bool:
        """After storing: close the connection without an answer?"""
        with self._lock:
            if self.drop_after_commit_rate <= 0 or \
                    self._drops.random() >= self.drop_after_commit_rate:
                return False
            self.counts["drop"] += 1
            return True
