"""`kiosk print ...`: test a printer, list and retry stuck jobs, (re)print a receipt or a report.

Added to the `kiosk` command line by kiosk/cli.py; runs in the CLI process (no Qt).
"""
from __future__ import annotations

import argparse
import sys
from typing import Any

from kiosk.cli import business_day_argument


EXIT_NOT_PRINTED = 4


def _registry(args: argparse.Namespace):  # -> PrinterRegistry
    from printers.backends import PrinterRegistry

    return PrinterRegistry.from_settings(args.settings)


def _report_outcome(outcome: Any, printer: str) -> None:
    from kiosk.cli import print_json

    print_json({"job": str(outcome.job_id), "printer": printer, "printed": outcome.printed,
                "fault": outcome.fault, "message": outcome.message})
    if not outcome.printed:
        print(f"error: not printed on {printer}: {outcome.message}; the job waits "
              f"(kiosk print retry)", file=sys.stderr)
        raise SystemExit(EXIT_NOT_PRINTED)


def _queue_and_print(args: argparse.Namespace, kind: str, printer: str, data: dict[str, Any],
                     subject: str | None = None) -> None:
    from kiosk.cli import open_for
    from kiosk.services.print_jobs import queue_job
    from printers.spooler import print_job

    db = open_for(args).db
    job_id = queue_job(db, kind, printer, data, subject, args.settings["terminal.id"])
    _report_outcome(print_job(db, job_id, _registry(args)), printer)


def cmd_print_test(args: argparse.Namespace) -> None:
    from kiosk.clock import utc_now

    _queue_and_print(args, "test", args.printer,
                     {"printer": args.printer, "at": utc_now().isoformat()})


def cmd_print_receipt(args: argparse.Namespace) -> None:
    from kiosk.cli import open_for
    from kiosk.printables import to_data
    from kiosk.services.printables import receipt_for_dossier

    receipt = receipt_for_dossier(open_for(args).db, args.code)
    printer = "slip" if args.slip else "receipt"
    _queue_and_print(args, "slip" if args.slip else "receipt", printer, to_data(receipt),
                     receipt.dossier_id)


def cmd_print_report(args: argparse.Namespace) -> None:
    from kiosk.cli import open_for
    from kiosk.services.reports import day_report

    report = day_report(open_for(args).db, args.date)
    _queue_and_print(args, "report", args.printer, report.as_dict())


def cmd_print_pending(args: argparse.Namespace) -> None:
    from kiosk.cli import open_for, print_json
    from kiosk.services.print_jobs import pending_jobs

    for job in pending_jobs(open_for(args).db, args.printer, args.settings["terminal.id"]):
        print_json({"job": str(job.id), "kind": job.kind, "printer": job.printer,
                    "attempts": job.attempts, "last_error": job.last_error,
                    "created_at": job.created_at.isoformat()})


def cmd_print_retry(args: argparse.Namespace) -> None:
    from kiosk.cli import open_for, print_json
    from printers.spooler import print_pending

    outcomes = print_pending(open_for(args).db, _registry(args), args.printer,
                             args.settings["terminal.id"])
    for outcome in outcomes:
        print_json({"job": str(outcome.job_id), "printed": outcome.printed,
                    "fault": outcome.fault, "message": outcome.message})
    if any(not o.printed for o in outcomes):
        raise SystemExit(EXIT_NOT_PRINTED)


def _printer(name: str) -> str:
    from kiosk.settings import PRINTER_USES

    if name not in PRINTER_USES:
        raise argparse.ArgumentTypeError(f"printer must be one of {', '.join(PRINTER_USES)}")
    return name


def add_commands(sub: Any, command: Any) -> None:
    group = sub.add_parser("print", help="printers and print jobs").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    command(group, "test", cmd_print_test, "print a test page") \
        .add_argument("printer", type=_printer, help="ticket, slip or receipt")
    p = command(group, "receipt", cmd_print_receipt, "print a dossier's receipt again")
    p.add_argument("code", help="dossier code, e.g. 000.00.01.H22-261127-0001")
    p.add_argument("--slip", action="store_true", help="on the counter's thermal printer")
    p = command(group, "report", cmd_print_report, "print a day report")
    p.add_argument("date", type=business_day_argument)
    p.add_argument("--printer", type=_printer, default="receipt")
    command(group, "pending", cmd_print_pending, "list jobs waiting to print") \
        .add_argument("--printer", type=_printer)
    command(group, "retry", cmd_print_retry, "print every waiting job again") \
        .add_argument("--printer", type=_printer)
