"""A portal that speaks the intake contract (portal-api.md), for tests and demos.

The national portal offers no test endpoint for counter software, so the sync
worker is developed and tested against this simulator: a real HTTP server on
loopback, as strict as a real portal and as unreliable as a real network when
asked to be. Run it with `python -m sync.simulator --port 8765`, or in-process:

    with Simulator(fault_rate=0.1, seed=7) as sim:
        client.sync(sim.url)
        assert max(sim.count_by_id().values()) == 1

docs/SYNC.md ("Portal simulator") lists the options and what it checks.
"""
from __future__ import annotations

from sync.simulator.simulator import OPENAPI_PATH, Simulator, SimulatorConfig

__all__ = ["OPENAPI_PATH", "Simulator", "SimulatorConfig"]
