"""`kiosk audit ...`: check the audit trail's hash chain and export it for an inspector.

`verify` prints one JSON line and exits 6 when the chain shows tampering (an edited,
deleted or moved row), so a script or a scheduled task can alert someone. `export`
writes CSV (UTF-8, with a header) to stdout or a file. Both stream: a million rows
are fine.
"""
from __future__ import annotations

import argparse
import sys
from typing import Any

EXIT_TAMPERED = 6


def cmd_verify(args: argparse.Namespace) -> None:
    from kiosk.cli import open_for, print_json
    from kiosk.services.audit import verify

    result = verify(open_for(args).db)
    print_json(result.as_dict())
    if not result.ok:
        print(f"error: the audit trail was changed at row {result.first_bad_id} "
              f"({result.problem})", file=sys.stderr)
        raise SystemExit(EXIT_TAMPERED)


def cmd_export(args: argparse.Namespace) -> None:
    from kiosk.cli import open_for
    from kiosk.errors import UserError
    from kiosk.services.audit import export_csv

    start, end = getattr(args, "from"), args.to
    if start is not None and end is not None and end < start:
        raise UserError("bad_period", "--to comes before --from")
    db = open_for(args).db
    if args.out is None:
        export_csv(db, sys.stdout, start, end)
        return
    try:
        with open(args.out, "w", encoding="utf-8", newline="") as out:
            written = export_csv(db, out, start, end)
    except OSError as exc:
        raise UserError("cannot_write", f"Cannot write {args.out}: {exc.strerror}") from None
    print(f"{written} audit rows written to {args.out}", file=sys.stderr)


def add_commands(sub: Any, command: Any) -> None:
    from kiosk.cli import business_day_argument

    group = sub.add_parser("audit", help="the audit trail of staff actions").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    command(group, "verify", cmd_verify,
            f"check the hash chain (one JSON line; exit {EXIT_TAMPERED} if tampered with)")
    p = command(group, "export", cmd_export, "the trail as CSV, oldest first")
    p.add_argument("--from", type=business_day_argument, metavar="DATE",
                   help="first business day, e.g. 2026-01-01")
    p.add_argument("--to", type=business_day_argument, metavar="DATE",
                   help="last business day (included)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
