"""`kiosk guide ...`: the account-help guide an admin can update (docs/ACCOUNT_HELP.md).

`import FILE` checks a guide and installs it in the data folder, `show` says which
guide is in force, `reset` goes back to the bundled one. Each prints one JSON line.
The guide is a file, not a table: these commands never open the database.
"""
from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk.account_guide import (
    Guide,
    bundled_guide_path,
    current_guide,
    install_guide,
    load_guide,
    override_path,
    reset_guide,
)
from kiosk.errors import UserError


def _summary(guide: Guide) -> dict[str, Any]:
    bundled = guide.source == str(bundled_guide_path())
    return {"version": guide.version, "consent_version": guide.consent_version,
            "source": "bundled" if bundled else guide.source, "steps": len(guide.steps)}


def cmd_import(args: argparse.Namespace) -> None:
    from kiosk.cli import print_json

    print_json(_summary(install_guide(args.settings.folder, args.file)))


def cmd_show(args: argparse.Namespace) -> None:
    from kiosk.cli import print_json

    override = override_path(args.settings.folder)
    if override.exists():  # say why it is not in force: a kiosk only logs it
        try:
            load_guide(override)
        except UserError as exc:
            print(f"warning: the installed guide is refused, the bundled one is in force: "
                  f"{exc.message}", file=sys.stderr)
    print_json(_summary(current_guide(args.settings.folder)))


def cmd_reset(args: argparse.Namespace) -> None:
    from kiosk.cli import print_json

    removed = reset_guide(args.settings.folder)
    print_json({"removed": removed, **_summary(current_guide(args.settings.folder))})


def add_commands(sub: Any, command: Any) -> None:
    group = sub.add_parser("guide", help="the account-help guide").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    command(group, "import", cmd_import, "check a guide file and put it in force") \
        .add_argument("file")
    command(group, "show", cmd_show, "the guide in force: version and where it comes from")
    command(group, "reset", cmd_reset, "remove the installed guide: the bundled one is in force")
