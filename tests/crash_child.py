"""A kiosk process that commits as fast as it can until it is killed, for
tests/integration/test_crash_anywhere.py.

`python -m tests.crash_child OPERATION JOURNAL` opens the database of KIOSK_DB_URL the
way a terminal does (KIOSK_DATA_DIR), imports what OPERATION needs, writes
`READY <pid>` to JOURNAL, then repeats OPERATION until SIGKILL (or SIGTERM, for `sync`):

- `ticket`: takes a number, alternately of two services;
- `draft`: starts a dossier, saves it page by page, receives it at the counter; a
  restarted process first finishes the draft its predecessor left (the citizen who comes
  back to the kiosk);
- `print`: takes a number and prints every waiting job of this terminal to PDF files;
- `sync`: the sync worker sending the outbox to the portal of KIOSK_PORTAL_URL.

After each commit *returns* it appends one line to JOURNAL naming what was committed
(one write, fsynced), so every complete line is something the database must hold; a
kill between a commit and its line loses only the line. Journal lines are plain words:
`TICKET <id> <service> <day> <number> <label> <print job>`, `DRAFT <id>`,
`SAVED <id> <save> <step> <answers sha256>`, `RECEIVED <id> <code> <receipt job>`,
`QUEUED <job> <label>`, `PRINTED <job>`, `SETTLED <outbox id> <state> <portal ref>`.
Runs on its main thread only.
"""
from __future__ import annotations

import hashlib
import os
import signal
import sys
import threading
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kiosk.bootstrap import open_database
from kiosk.db.engine import Database
from kiosk.services.outbox import canonical_json
from kiosk.settings import Settings, load_settings

TERMINAL = "crash-kiosk"  # print jobs belong to a terminal; ours print only ours
TICKET_SERVICES = ("ho-tich", "cu-tru")
PRINT_SERVICE = "chung-thuc"
PROCEDURE = "1.003583"  # Đăng ký khai sinh lưu động: the generic form, free
SAVES = ("applicant", "address", "request")  # the wizard's pages, saved in this order
PRINTS = "printed"  # under the data folder: one PDF per ticket printed


class Journal:
    """Append-only lines, each in one write and fsynced before the next commit begins."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def ready(self) -> None:
        """Imported and set up: from here on the process only works (and may be killed)."""
        self.note("READY", os.getpid())

    def note(self, *fields: object) -> None:
        self.lines([fields])

    def lines(self, rows: Iterable[Iterable[object]]) -> None:
        data = "".join(" ".join(str(f) for f in row) + "\n" for row in rows)
        if data:
            os.write(self.fd, data.encode("utf-8"))
            os.fsync(self.fd)


def read_journal(path: Path) -> list[list[str]]:
    """The complete lines (a kill mid-write can leave the last one torn: it is ignored)."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    complete = text[:text.rfind("\n") + 1]
    return [line.split() for line in complete.splitlines() if line]


def draft_answers(dossier_id: uuid.UUID, save: int) -> dict[str, Any]:
    """What the wizard has saved after its `save`-th page (0: nothing yet): the request
    text names the draft and the save, so a save that landed on another draft, or an
    older save that came back, shows."""
    if save == 0:
        return {}
    answers: dict[str, Any] = {
        "request_text": f"Hồ sơ {dossier_id.hex[:12]}, bản lưu {save}",
        "full_name": "Nguyễn Thị Hòa", "id_number": "001303004567",
        "date_of_birth": "14/05/2003", "phone": "+84 912 345 678", "email": ""}
    if save >= 2:
        answers["address"] = {"province": "01", "commune": "00070",
                              "street": f"Số {int(dossier_id.hex[:4], 16) % 500 + 1} Lý Thái Tổ"}
    return answers


def answers_sha(answers: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(answers).encode("utf-8")).hexdigest()


def save_number(answers: dict[str, Any]) -> int:
    """Which save of draft_answers() a draft's answers are (0: none yet)."""
    text = answers.get("request_text", "")
    return int(text.rsplit(" ", 1)[1]) if text else 0


# -- the operations ---------------------------------------------------------------------

def issue_tickets(db: Database, journal: Journal, _settings: Settings) -> None:
    from kiosk.clock import business_date
    from kiosk.services.issuing import issue_ticket

    n = 0
    journal.ready()
    while True:
        service = TICKET_SERVICES[n % len(TICKET_SERVICES)]
        t = issue_ticket(db, service, check_hours=False, source="cli", terminal=TERMINAL)
        journal.note("TICKET", t.id, service, business_date(t.issued_at).isoformat(),
                     t.number, t.label, t.print_job_id)
        n += 1


def save_drafts(db: Database, journal: Journal, _settings: Settings) -> None:
    from kiosk.admin_units import choice_lists
    from kiosk.services import dossiers
    from kiosk.services.dossiers import Applicant
    from kiosk.services.reception import DocumentCheck, receive

    lists = choice_lists()
    applicant = Applicant("Nguyễn Thị Hòa", "001303004567")

    def finish(dossier_id: uuid.UUID, saved: int) -> None:
        for save in range(saved + 1, len(SAVES) + 1):
            answers = draft_answers(dossier_id, save)
            dossiers.save_draft(db, dossier_id, answers, step=SAVES[save - 1],
                                applicant=applicant)
            journal.note("SAVED", dossier_id, save, SAVES[save - 1], answers_sha(answers))
        info = dossiers.get_dossier(db, dossier_id)
        done = receive(db, dossier_id, officer_id=None, payment_method="free", lists=lists,
                       documents=[DocumentCheck(d.position, True) for d in info.documents],
                       terminal=TERMINAL)
        journal.note("RECEIVED", dossier_id, done.dossier.code, done.print_job_id)

    journal.ready()
    left = unfinished_draft(read_journal(journal.path))
    if left is not None:  # the citizen comes back: go on from what the database kept
        info = dossiers.get_dossier(db, left)
        if info.state == "draft":
            finish(left, save_number(info.answers))
    while True:
        made = dossiers.start_draft(db, PROCEDURE, source="kiosk")
        journal.note("DRAFT", made.id)
        finish(made.id, 0)


def unfinished_draft(lines: list[list[str]]) -> uuid.UUID | None:
    """The last draft journaled as started and not as received."""
    last = next((line[1] for line in reversed(lines) if line[0] == "DRAFT"), None)
    if last is None or any(line[:2] == ["RECEIVED", last] for line in lines):
        return None
    return uuid.UUID(last)


def print_tickets(db: Database, journal: Journal, settings: Settings) -> None:
    from kiosk.services.issuing import issue_ticket
    from kiosk.services.print_jobs import pending_jobs
    from printers import pdf_render  # noqa: F401 - imported before READY, not on the clock
    from printers.backends import PrinterRegistry
    from printers.spooler import print_job

    folder = settings.folder / PRINTS
    registry = PrinterRegistry({"ticket": (f"pdf:{folder}", None, "text")}, folder)
    journal.ready()
    while True:
        for job in pending_jobs(db, "ticket", TERMINAL):  # a restart prints what was left
            outcome = print_job(db, job.id, registry)
            if not outcome.printed:
                raise SystemExit(f"job {job.id} did not print: {outcome}")
            journal.note("PRINTED", job.id)
        t = issue_ticket(db, PRINT_SERVICE, check_hours=False, source="cli", terminal=TERMINAL)
        journal.note("QUEUED", t.print_job_id, t.label)


def send_outbox(db: Database, journal: Journal, settings: Settings) -> None:
    from kiosk.services import delivery
    from sync.connect import make_worker

    settle = delivery.record_outcomes

    def settle_and_note(db: Database, outcomes: Any, now: Any, values: Any = None) -> None:
        outcomes = list(outcomes)
        settle(db, outcomes, now, values)
        journal.lines(("SETTLED", o.id, o.state, o.portal_ref or "-") for o in outcomes)

    delivery.record_outcomes = settle_and_note  # the worker looks it up on every batch
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    worker = make_worker(db, settings, stop=stop)
    journal.ready()
    worker.run_forever(0.1)


OPERATIONS = {"ticket": issue_tickets, "draft": save_drafts, "print": print_tickets,
              "sync": send_outbox}


def main() -> None:
    operation, journal_path = OPERATIONS[sys.argv[1]], Path(sys.argv[2])
    settings = load_settings()
    db = open_database(settings, first_start_data=False).db
    operation(db, Journal(journal_path), settings)


if __name__ == "__main__":
    main()
