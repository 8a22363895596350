"""`kiosk sync ...`: send the outbox to the portal from the command line, see how it stands.

Added to the `kiosk` command line by kiosk/cli.py (COMMAND_PLUGINS). `kiosk sync
run` loops until SIGTERM or Ctrl-C, one JSON line per cycle; `--once` runs one
cycle and exits 0 when it could reach the portal, 5 when not. Runs in the CLI
process, on its main thread.
"""
from __future__ import annotations

import argparse
import signal
import threading
from typing import Any

EXIT_PORTAL_DOWN = 5


def cmd_sync_run(args: argparse.Namespace) -> None:
    from kiosk.cli import open_for, print_json
    from sync.connect import make_worker

    db = open_for(args, first_start_data=False).db
    stop = threading.Event()
    worker = make_worker(db, args.settings, stop=stop)
    if args.once:
        summary = worker.run_cycle()
        print_json(summary.as_dict())
        if not summary.portal_up:
            raise SystemExit(EXIT_PORTAL_DOWN)
        return

    def finish(_signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    interval = args.interval or args.settings["sync.interval_seconds"]
    worker.run_forever(interval, on_cycle=lambda summary: print_json(summary.as_dict()))


def cmd_sync_status(args: argparse.Namespace) -> None:
    from kiosk.cli import open_for, print_json
    from kiosk.services.sync_overview import sync_overview

    print_json(sync_overview(open_for(args, first_start_data=False).db).as_dict())


def add_commands(sub: Any, command: Any) -> None:
    group = sub.add_parser("sync", help="send records to the portal").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    p = command(group, "run", cmd_sync_run, "send pending records; loops unless --once")
    p.add_argument("--once", action="store_true", help="one cycle, then exit")
    p.add_argument("--interval", type=float, default=None,
                   help="seconds between cycles (default: sync.interval_seconds)")
    command(group, "status", cmd_sync_status, "counts, last success and last error")
