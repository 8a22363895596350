"""`kiosk ticket ...`: the queue from the command line (scripts, tests, benchmarks).

Each command prints one JSON line with the ticket it touched. Counters are
named by their number, services by their code. Ticket print jobs are queued
as at the kiosk; `kiosk print retry` prints them.
"""
from __future__ import annotations

import argparse
from typing import Any

from kiosk.errors import UserError
from kiosk.queue_rules import PRIORITY_GROUPS


def _ticket_json(ticket: Any) -> dict[str, Any]:
    if ticket is None:
        return {"ticket": None}
    return {"id": str(ticket.id), "label": ticket.label, "number": ticket.number,
            "service": ticket.service_code, "priority": ticket.priority_group,
            "state": ticket.state, "counter": ticket.counter_number,
            "people_ahead": ticket.people_ahead, "wait_minutes": ticket.wait_minutes,
            "issued_at": ticket.issued_at.isoformat()}


def _queue_settings(args: argparse.Namespace) -> dict[str, int]:
    return {"normal_per_priority": args.settings["queue.normal_per_priority"]}


def cmd_issue(args: argparse.Namespace) -> None:
    from kiosk.cli import open_for, print_json
    from kiosk.services.issuing import issue_ticket

    ticket = issue_ticket(open_for(args).db, args.service, priority_group=args.priority,
                          source="cli", check_hours=not args.any_hour,
                          terminal=args.settings["terminal.id"],
                          default_service_minutes=args.settings["queue.default_service_minutes"])
    print_json(_ticket_json(ticket))


def _counter_op(name: str):  # noqa: ANN202 - returns a command function
    def command(args: argparse.Namespace) -> None:
        from kiosk.cli import open_for, print_json
        from kiosk.services import tickets

        db = open_for(args).db
        counter = tickets.counter_id_by_number(db, args.counter)
        if name == "call":
            result = tickets.call_next(db, counter, **_queue_settings(args))
        elif name == "call-number":
            result = tickets.call_number(
                db, counter, args.label,
                reopen_minutes=args.settings["queue.no_show_reopen_minutes"])
        elif name == "transfer" and args.target.startswith("counter:"):
            number = args.target.split(":", 1)[1]
            if not number.isdigit():
                raise UserError("bad_counter", f"{args.target!r}: write counter:3 for counter 3")
            other = tickets.counter_id_by_number(db, int(number))
            result = tickets.transfer(db, counter, to_counter=other)
        elif name == "transfer":
            result = tickets.transfer(db, counter, args.target)
        else:
            result = {"recall": tickets.recall, "start": tickets.start, "done": tickets.done,
                      "no-show": tickets.no_show}[name](db, counter)
        print_json(_ticket_json(result))
    return command


def cmd_waiting(args: argparse.Namespace) -> None:
    from kiosk.cli import open_for, print_json
    from kiosk.services.tickets import waiting_tickets

    for ticket in waiting_tickets(open_for(args).db):
        if args.service is None or ticket.service_code == args.service:
            print_json(_ticket_json(ticket))


def add_commands(sub: Any, command: Any) -> None:
    group = sub.add_parser("ticket", help="the queue").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    p = command(group, "issue", cmd_issue, "take a number (one JSON line)")
    p.add_argument("service", help="service code, e.g. ho-tich")
    p.add_argument("--priority", choices=PRIORITY_GROUPS)
    p.add_argument("--any-hour", action="store_true", help="ignore the opening hours")
    for name, help_ in (("call", "call the next citizen to a counter"),
                        ("call-number", "call a given number (or a recent no-show)"),
                        ("recall", "announce the current number again"),
                        ("start", "the citizen has arrived: service starts"),
                        ("done", "service finished"), ("no-show", "the citizen did not come"),
                        ("transfer", "send the current citizen to another service")):
        p = command(group, name, _counter_op(name), help_)
        p.add_argument("counter", type=int, help="counter number")
        if name == "call-number":
            p.add_argument("label", help="the ticket's number, e.g. A025")
        if name == "transfer":
            p.add_argument("target", help="a service code, or counter:N for counter N")
    command(group, "waiting", cmd_waiting, "who is waiting (one JSON line each)") \
        .add_argument("--service")
