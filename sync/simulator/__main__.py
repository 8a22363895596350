"""`python -m sync.simulator`: the portal simulator as a process, until Ctrl-C or SIGTERM.

A separate process is what the kiosk's sync worker meets in an end-to-end test
or a demo: its own database file, killed and restarted at will. The first line
on stdout is `portal simulator listening at <url>` (with the real port when
--port 0 asked for any free one), so a parent process can read where it is.

Thread: the main thread waits; the server runs on the Simulator's threads.
"""
from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path
from types import FrameType

from sync.simulator.simulator import Simulator, SimulatorConfig


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"a rate is between 0 and 1, not {text}")
    return value


def _not_negative(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {text}")
    return value


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def parser() -> argparse.ArgumentParser:
    d = SimulatorConfig()
    p = argparse.ArgumentParser(
        prog="python -m sync.simulator",
        description="A portal that speaks the intake contract (docs/SYNC.md), on loopback.")
    p.add_argument("--port", type=int, required=True, help="port to listen on; 0 for any free one")
    p.add_argument("--host", default=d.host, help="address to listen on (default %(default)s)")
    p.add_argument("--db", type=Path, help="SQLite file that keeps what was accepted across "
                   "restarts (default: a temporary file, deleted on exit)")
    p.add_argument("--fault-rate", type=_rate, default=d.fault_rate,
                   help="share of requests answered 500/502/503/429 (default %(default)s)")
    p.add_argument("--latency-ms", type=int, default=d.latency_ms,
                   help="every answer waits this long plus up to half again (default 0)")
    p.add_argument("--drop-after-commit-rate", type=_rate, default=d.drop_after_commit_rate,
                   help="share of stored batches and uploads answered by closing the "
                   "connection (default %(default)s)")
    p.add_argument("--token-ttl", type=_positive, default=d.token_ttl,
                   help="token lifetime in seconds (default %(default)s)")
    p.add_argument("--status-every", type=_not_negative, default=d.status_every,
                   help="seconds between status steps of accepted records; 0 stops them "
                   "(default %(default)s)")
    p.add_argument("--seed", type=int, default=d.seed, help="seed of every random choice")
    p.add_argument("--client-id", default=d.client_id, help="accepted client id")
    p.add_argument("--client-secret", default=d.client_secret, help="accepted client secret")
    p.add_argument("--unit-code", default=d.unit_code, help="portal_ref prefix")
    p.add_argument("--clock-offset", type=float, default=d.clock_offset_s,
                   help="seconds the portal's clock is ahead (negative: behind)")
    p.add_argument("--catalog", type=Path, help="procedure catalog whose codes are known "
                   "(default: the bundled one)")
    p.add_argument("-v", "--verbose", action="store_true", help="log every request")
    return p


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    simulator = Simulator(SimulatorConfig(
        host=args.host, port=args.port, db_path=args.db, fault_rate=args.fault_rate,
        latency_ms=max(0, args.latency_ms), drop_after_commit_rate=args.drop_after_commit_rate,
        token_ttl=args.token_ttl, status_every=args.status_every, seed=args.seed,
        client_id=args.client_id, client_secret=args.client_secret, unit_code=args.unit_code,
        clock_offset_s=args.clock_offset, catalog_path=args.catalog))
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    url = simulator.start()
    print(f"portal simulator listening at {url}", flush=True)
    try:
        simulator.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
