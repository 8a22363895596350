"""`kiosk` / `python -m kiosk`: the admin's command line, headless, no Qt.

Every command opens the database through `bootstrap.open_database` (so the
schema is current), prints its result on stdout, and turns a user error into
one line on stderr and a non-zero exit, never a traceback.
"""
from __future__ import annotations

import argparse
import getpass
import importlib
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from kiosk.errors import UserError

log = logging.getLogger("kiosk.cli")
EXIT_USER_ERROR = 2
EXIT_DB_UNREACHABLE = 3
# The CLI is the composition root: packages that stand on kiosk/ (printers, sync) add
# their commands through `add_commands(subparsers, command)`; their heavy imports
# happen inside the commands, so `kiosk service list` never loads a printer library.
COMMAND_PLUGINS = ("kiosk.cli_queue", "kiosk.cli_guide", "kiosk.cli_purge", "kiosk.cli_audit",
                   "kiosk.cli_key", "printers.cli", "sync.cli")


def open_for(args: argparse.Namespace, *, first_start_data: bool = True):  # -> Opened
    from kiosk.bootstrap import open_database

    return open_database(args.settings, first_start_data=first_start_data)


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, default=str))


def cmd_db_upgrade(args: argparse.Namespace) -> None:
    from kiosk.db.migrate import current_revision

    opened = open_for(args)  # migrations, then first-start data (office, catalog, admin)
    print(f"schema at {current_revision(opened.db)} (was {opened.schema_before or 'empty'})")


def cmd_db_status(args: argparse.Namespace) -> None:
    from kiosk.db.engine import Database
    from kiosk.db.migrate import HEAD_REVISION, current_revision

    db = Database(args.settings.db_url)
    at = current_revision(db)
    print_json({"url": db.engine.url.render_as_string(hide_password=True),
                 "revision": at, "head": HEAD_REVISION, "current": at == HEAD_REVISION})


def cmd_catalog_import(args: argparse.Namespace) -> None:
    from kiosk.catalog import import_catalog, load_catalog

    specs = load_catalog(Path(args.file))  # validate before touching the database
    result = import_catalog(open_for(args).db, specs)
    print(f"{len(specs)} procedures: {result.added} added, {result.updated} updated, "
          f"{result.unchanged} unchanged")


def cmd_catalog_list(args: argparse.Namespace) -> None:
    from kiosk.catalog import list_procedures

    for row in list_procedures(open_for(args).db, level=args.level):
        print_json(row)


def _secret(prompt: str) -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(f"{prompt}: ")
        if getpass.getpass(f"{prompt} again: ") != first:
            raise UserError("secret_mismatch", f"The two {prompt.lower()}s differ")
        return first
    line = sys.stdin.readline()
    if not line:
        raise UserError("secret_missing", f"{prompt} expected on standard input")
    return line.rstrip("\r\n")


def cmd_user_add(args: argparse.Namespace) -> None:
    from kiosk.services.staff import add_user, check_role, check_username

    check_username(args.name)
    check_role(args.role)
    password = _secret("Password") if args.password else None
    pin = _secret("PIN") if args.pin or args.role == "admin" else None
    user = add_user(open_for(args).db, args.name, args.role, full_name=args.full_name or "",
                    password=password, pin=pin)
    print_json({"id": user.id, "username": user.username, "role": user.role})


def cmd_user_passwd(args: argparse.Namespace) -> None:
    from kiosk.services.staff import set_credentials

    if not (args.password or args.pin):
        raise UserError("nothing_to_change", "Say what to change: --password, --pin or both")
    password = _secret("Password") if args.password else None
    pin = _secret("PIN") if args.pin else None
    set_credentials(open_for(args).db, args.name, password=password, pin=pin)
    print(f"credentials of {args.name} changed")


def cmd_user_list(args: argparse.Namespace) -> None:
    from kiosk.services.staff import list_users

    for user in list_users(open_for(args).db):
        print_json({"username": user.username, "full_name": user.full_name, "role": user.role,
                     "active": user.active, "password": user.has_password, "pin": user.has_pin})


def cmd_service_list(args: argparse.Namespace) -> None:
    from kiosk.services.office_setup import list_services

    for v in list_services(open_for(args).db):
        print_json({"code": v.code, "prefix": v.prefix, "name": v.name_vi, "name_en": v.name_en,
                     "group": v.group_vi, "opens": v.opens, "closes": v.closes,
                     "daily_max": v.daily_max, "active": v.active})


def cmd_office_bank(args: argparse.Namespace) -> None:
    from kiosk.services.office_setup import set_bank_account
    info = set_bank_account(open_for(args).db, args.bin, args.account or "", args.holder or "")
    print(json.dumps({"bank_bin": info.bank_bin, "bank_account": info.bank_account,
                      "bank_account_name": info.bank_account_name}, ensure_ascii=False))


def cmd_holiday_list(args: argparse.Namespace) -> None:
    from kiosk.services.holidays import list_holidays
    for h in list_holidays(open_for(args).db, args.year):
        print(json.dumps({"date": h.day.isoformat(), "name": h.name,
                          "working_saturday": h.working_saturday}, ensure_ascii=False))


def cmd_holiday_set(args: argparse.Namespace) -> None:
    from kiosk.services.holidays import set_holiday
    h = set_holiday(open_for(args).db, args.date, args.name,
                    working_saturday=args.working_saturday)
    print(json.dumps({"date": h.day.isoformat(), "name": h.name,
                      "working_saturday": h.working_saturday}, ensure_ascii=False))


def cmd_holiday_remove(args: argparse.Namespace) -> None:
    from kiosk.services.holidays import remove_holiday
    remove_holiday(open_for(args).db, args.date)


def cmd_seed_demo(args: argparse.Namespace) -> None:
    from kiosk.services.seed_demo import seed_demo

    result = seed_demo(open_for(args).db, args.dossiers, args.seed)
    print_json({"dossiers": result.dossiers, "counters": result.counters,
                 "officers": result.officers, "from": result.first_day, "to": result.last_day})


def business_day_argument(text: str) -> date:
    """A date typed by an admin: ISO form, within years the office can have data for."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-27") from None
    if not 2000 <= day.year <= 2100:
        raise argparse.ArgumentTypeError(f"{text!r} is outside the years 2000 to 2100")
    return day


def _pair(median: float | None, p90: float | None) -> str:
    return "-" if median is None or p90 is None else f"{median:.1f}/{p90:.1f}"


def cmd_report_day(args: argparse.Namespace) -> None:
    from kiosk.services.reports import day_report

    from dataclasses import asdict

    from kiosk.services.queue_stats import queue_stats, stats_csv

    db = open_for(args).db
    report = day_report(db, args.date)
    stats = queue_stats(db, args.date)
    if args.csv:
        sys.stdout.write(stats_csv(stats))
        return
    if args.json:
        print_json(dict(report.as_dict(), queue=[asdict(s) for s in stats]))
        return
    print(f"{report.office} — {report.day:%d/%m/%Y}")
    print(f"Tickets: {report.tickets_issued} issued, {report.tickets_served} served, "
          f"{report.tickets_no_show} no-show")
    for code, states in sorted(report.tickets_by_service.items()):
        print(f"  {code}: " + ", ".join(f"{k} {v}" for k, v in sorted(states.items())))
    print(f"Dossiers received: {report.dossiers_received}, fees {report.fees_vnd:,} đ")
    for row in report.dossiers_by_procedure:
        print(f"  {row['count']:>4}  {row['code']}  {row['name']}")
    print("Queue (minutes: median/90th percentile of wait, then of service):")
    for stat in stats:
        print(f"  {stat.scope:<8} {stat.key:<14} issued {stat.issued:>4} served {stat.served:>4} "
              f"no-show {stat.no_show:>3} transferred {stat.transferred:>3} "
              f"wait {_pair(stat.wait_median_min, stat.wait_p90_min)} "
              f"service {_pair(stat.service_median_min, stat.service_p90_min)} "
              f"rated +{stat.satisfied}/={stat.acceptable}/-{stat.not_satisfied}")
    print(f"Account help requests: {report.account_requests}")
    print(f"Waiting to be sent to the portal (all days): {report.outbox_pending}")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, like every other user error."""

    def error(self, message: str) -> NoReturn:
        print(f"error: {message} (see `{self.prog} --help`)", file=sys.stderr)
        sys.exit(EXIT_USER_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kiosk", description="One-stop-shop kiosk admin tool")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def group(name: str, help_: str) -> Any:
        return sub.add_parser(name, help=help_).add_subparsers(dest="action", required=True,
                                                               metavar="ACTION")

    def command(parent: Any, name: str, func: Callable[[argparse.Namespace], None],
                help_: str) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=help_)
        p.set_defaults(func=func)
        return p

    db = group("db", "database schema")
    command(db, "upgrade", cmd_db_upgrade, "apply pending migrations")
    command(db, "status", cmd_db_status, "show the schema revision")

    catalog = group("catalog", "procedure catalog")
    command(catalog, "import", cmd_catalog_import, "validate and import a catalog file") \
        .add_argument("file")
    command(catalog, "list", cmd_catalog_list, "one JSON line per procedure") \
        .add_argument("--level", choices=("commune", "province", "other"))

    user = group("user", "staff accounts")
    p = command(user, "add", cmd_user_add, "add a staff user")
    p.add_argument("name")
    p.add_argument("--role", required=True, help="admin, counter or volunteer")
    p.add_argument("--full-name")
    p.add_argument("--password", action="store_true", help="set a password (asked for)")
    p.add_argument("--pin", action="store_true", help="set a PIN (asked for; admins always)")
    p = command(user, "passwd", cmd_user_passwd, "change a password or PIN")
    p.add_argument("name")
    p.add_argument("--password", action="store_true")
    p.add_argument("--pin", action="store_true")
    command(user, "list", cmd_user_list, "one JSON line per user")

    office = group("office", "the office")
    p = command(office, "bank", cmd_office_bank,
                "the bank account fees are transferred to (VietQR); BIN '' removes it")
    p.add_argument("bin", help="the bank's 6-digit BIN, e.g. 970436")
    p.add_argument("account", nargs="?")
    p.add_argument("--holder", help="the account holder, as the bank knows it")

    holiday = group("holiday", "days off and make-up working days (appointment dates)")
    command(holiday, "list", cmd_holiday_list, "one JSON line per day") \
        .add_argument("--year", type=int)
    p = command(holiday, "set", cmd_holiday_set, "add or change a day off")
    p.add_argument("date", type=business_day_argument)
    p.add_argument("name")
    p.add_argument("--working-saturday", action="store_true",
                   help="a weekend day worked in exchange, not a day off")
    command(holiday, "remove", cmd_holiday_remove, "remove a day") \
        .add_argument("date", type=business_day_argument)

    service = group("service", "queue services")
    command(service, "list", cmd_service_list, "one JSON line per service")

    p = sub.add_parser("seed-demo", help="a demo office with N received dossiers")
    p.set_defaults(func=cmd_seed_demo)
    p.add_argument("--dossiers", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)

    for plugin in COMMAND_PLUGINS:  # printers/ and sync/ add their own command groups
        importlib.import_module(plugin).add_commands(sub, command)

    report = group("report", "reports")
    p = command(report, "day", cmd_report_day, "figures of one business day")
    p.add_argument("date", type=business_day_argument)
    p.add_argument("--json", action="store_true")
    p.add_argument("--csv", action="store_true", help="queue figures as CSV")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from kiosk.logging_setup import setup_logging
    from kiosk.settings import load_settings

    args = build_parser().parse_args(argv)
    try:
        args.settings = load_settings()
        setup_logging(args.settings, stderr_level=logging.CRITICAL)  # errors: one line, below
        args.func(args)
    except UserError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except OperationalError as exc:
        log.error("database unreachable: %s", exc.orig)
        print(f"error: cannot use the database: {str(exc.orig).strip().splitlines()[0]}",
              file=sys.stderr)
        return EXIT_DB_UNREACHABLE
    except SQLAlchemyError as exc:
        log.exception("database error")
        print(f"error: database error ({type(exc).__name__}); see the log", file=sys.stderr)
        return EXIT_DB_UNREACHABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: the traceback goes to the log, one line to the user
        log.exception("unexpected failure")
        where = args.settings.log_dir / "kiosk.log" if hasattr(args, "settings") else "the log"
        print(f"error: unexpected failure ({type(exc).__name__}); details in {where}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
