"""`kiosk key ...`: the personal data key (docs/SECURITY.md).

`status` says where the key file is, its id and whether it opens this database;
`replace-lost --yes` starts a new key for an office whose key is lost for good (the
personal fields sealed with the lost one stay unreadable). Each prints one JSON line.
"""
from __future__ import annotations

import argparse
from typing import Any

from kiosk.errors import UserError


def _database(args: argparse.Namespace):  # -> kiosk.db.engine.Database, schema at head
    from kiosk.db.engine import Database
    from kiosk.db.migrate import upgrade

    db = Database(args.settings.db_url)
    with db.exclusive("kiosk-bootstrap"):
        upgrade(db)
    return db


def cmd_status(args: argparse.Namespace) -> None:
    from kiosk.cli import print_json
    from kiosk.services.personal_data import key_status

    db = _database(args)
    try:
        print_json(key_status(db, args.settings.key_file))
    finally:
        db.dispose()


def cmd_replace_lost(args: argparse.Namespace) -> None:
    from kiosk.cli import print_json
    from kiosk.services.personal_data import replace_lost_key

    if not args.yes:
        raise UserError("confirm_needed", "This makes every personal field sealed with the "
                        "lost key unreadable for good: run it again with --yes")
    db = _database(args)
    try:
        key_id = replace_lost_key(db, args.settings.key_file)
    finally:
        db.dispose()
    print_json({"key_file": str(args.settings.key_file), "key_id": key_id,
                "next": "back this key file up and copy it to every terminal of the office"})


def add_commands(sub: Any, command: Any) -> None:
    group = sub.add_parser("key", help="the personal data key").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    command(group, "status", cmd_status, "the key file, its id, whether it opens the database")
    command(group, "replace-lost", cmd_replace_lost,
            "start a new key when the old one is lost for good") \
        .add_argument("--yes", action="store_true", help="yes, the old key is lost for good")
