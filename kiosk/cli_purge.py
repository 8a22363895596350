"""`kiosk purge`: remove the personal data of records the portal finished long enough ago.

Added to the `kiosk` command line by kiosk/cli.py (COMMAND_PLUGINS); run it daily
(cron or a scheduled task). Prints one JSON line. Runs in the CLI process.
"""
from __future__ import annotations

import argparse
from typing import Any


def cmd_purge(args: argparse.Namespace) -> None:
    from kiosk.cli import open_for, print_json
    from kiosk.services.purge import purge

    days = args.days if args.days is not None else args.settings["privacy.purge_after_days"]
    result = purge(open_for(args, first_start_data=False).db, days=days,
                   data_folder=args.settings.folder, dry_run=args.dry_run)
    print_json(result.as_dict())


def add_commands(sub: Any, command: Any) -> None:
    p = sub.add_parser("purge", help="remove personal data of records the portal finished")
    p.set_defaults(func=cmd_purge)
    p.add_argument("--days", type=int, default=None,
                   help="days after 'done' (default: privacy.purge_after_days)")
    p.add_argument("--dry-run", action="store_true", help="count, change nothing")
