"""The audit trail on a real database (per KIOSK_TEST_DB): each audited staff action appends
exactly one row in its own transaction (a refused one none), the hash chain verifies, and
an edited, deleted, moved or forged row is found by `verify` and `kiosk audit verify`."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import date, datetime, time
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, insert, select, text, update

from kiosk.cli import main
from kiosk.clock import VN_TZ, business_date, utc_now
from kiosk.db.engine import Database
from kiosk.errors import UserError
from kiosk.models import AuditLog, Outbox, StaffUser
from kiosk.services import audit, issuing, print_jobs, reception, tickets
from kiosk.services.dossiers import save_draft, start_draft
from kiosk.services.holidays import remove_holiday, set_holiday
from kiosk.services.office_setup import list_counters, set_announcements, set_bank_account
from kiosk.services.reception import DocumentCheck, receive
from kiosk.services.seed_demo import seed_demo
from kiosk.services.staff import add_user, authenticate, set_credentials
from kiosk.services.sync_overview import resend_fixed

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse"
ID_NUMBER, PHONE, NAME = "001303004567", "0912345678", "Nguyễn Thị Hòa"
ANSWERS = {"full_name": NAME, "id_number": ID_NUMBER, "date_of_birth": "14/05/2003",
           "phone": PHONE, "email": "",
           "address": {"province": "01", "commune": "00070", "street": "12 Lý Thái Tổ"},
           "request_text": "Xin cấp giấy xác nhận"}
STATUS = "1.002755"  # generic form, fee set by the province (see test_reception.py)


@pytest.fixture
def office(db: Database) -> dict[str, Any]:
    seed_demo(db, 0, 1)
    with db.read() as s:
        officers = list(s.scalars(select(StaffUser.id).where(StaffUser.username.like("canbo%"))
                                  .order_by(StaffUser.username)))
    return {"counter": {c.number: c.id for c in list_counters(db)}, "officer": officers}


def rows(db: Database) -> list[AuditLog]:
    with db.read() as s:
        return list(s.scalars(select(AuditLog).order_by(AuditLog.id)))


def count(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(AuditLog)) or 0


def appended(db: Database, action: Callable[[], Any]) -> list[AuditLog]:
    """The audit rows `action` added."""
    last = max((r.id for r in rows(db)), default=0)
    action()
    return [r for r in rows(db) if r.id > last]


def draft(db: Database) -> Any:
    made = start_draft(db, STATUS, source="kiosk")
    return save_draft(db, made.id, dict(ANSWERS), step="review")


def received(db: Database, officer: int | None) -> reception.Received:
    info = draft(db)
    return receive(db, info.id, officer_id=officer, payment_method="cash", fee_vnd=15_000,
                   documents=[DocumentCheck(d.position, True) for d in info.documents])


def a_few_rows(db: Database, n: int = 6) -> list[AuditLog]:
    for i in range(n):
        audit.append(db, "settings_change", staff_id=None, subject=f"test:{i}",
                     details={"n": i, "nested": {"b": [1, "x"], "a": True}})
    return rows(db)


# -- each audited action: one row, in its own transaction ---------------------------------
def test_sign_in_success_and_failures_are_recorded_without_the_secret(db: Database) -> None:
    [made] = appended(db, lambda: add_user(db, "lan", "counter", password=PASSWORD))
    assert (made.action, made.subject, made.details["change"]) == ("staff_change", "lan",
                                                                   "added")
    assert made.details["password_set"] is True and made.details["pin_set"] is False
    user_id = made.details["user_id"]

    [good] = appended(db, lambda: authenticate(db, "lan", PASSWORD))
    assert (good.action, good.staff_id, good.subject) == ("sign_in", user_id, "lan")

    def wrong(name: str, secret: str) -> None:
        with pytest.raises(UserError):
            authenticate(db, name, secret)

    [bad] = appended(db, lambda: wrong("lan", "not the password"))
    assert (bad.action, bad.staff_id, bad.details) == ("sign_in_failed", user_id,
                                                       {"reason": "bad_secret", "locked": False})
    [unknown] = appended(db, lambda: wrong("nobody-here", "x"))
    assert (unknown.staff_id, unknown.subject, unknown.details) == (None, None,
                                                                    {"reason": "unknown_user"})
    [typo] = appended(db, lambda: wrong("MY PASSWORD 123!", "x"))  # a secret in the name box
    assert typo.details == {"reason": "unknown_user"} and typo.subject is None
    for _ in range(3):
        wrong("lan", "still wrong")
    [locking] = appended(db, lambda: wrong("lan", "still wrong"))  # the fifth: locked
    assert locking.details == {"reason": "bad_secret", "locked": True}
    [locked] = appended(db, lambda: wrong("lan", PASSWORD))
    assert locked.details == {"reason": "locked_out"} and locked.staff_id == user_id

    [changed] = appended(db, lambda: set_credentials(db, "lan", password="another one!"))
    assert changed.details == {"change": "credentials", "user_id": user_id,
                               "password_set": True, "pin_set": False}
    everything = json.dumps([[r.subject, r.details] for r in rows(db)], ensure_ascii=False)
    for secret in (PASSWORD, "not the password", "still wrong", "another one!", "MY PASSWORD"):
        assert secret not in everything
    assert audit.verify(db).ok


def test_calls_recalls_and_calls_by_number_are_recorded(db: Database, office) -> None:
    counter, officer = office["counter"][1], office["officer"][0]
    first = issuing.issue_ticket(db, "ho-tich", check_hours=False)
    second = issuing.issue_ticket(db, "ho-tich", check_hours=False)
    assert appended(db, lambda: None) == []  # taking a number is the citizen's, not staff's

    [call] = appended(db, lambda: tickets.call_next(db, counter, officer))
    assert (call.action, call.staff_id, call.subject) == ("call", officer, first.label)
    assert call.details == {"how": "next", "counter": 1, "ticket_id": str(first.id)}
    [again] = appended(db, lambda: tickets.recall(db, counter, officer))
    assert (again.subject, again.details["how"]) == (first.label, "recall")
    [typed] = appended(db, lambda: tickets.call_number(db, counter, second.label, officer))
    assert (typed.subject, typed.details["how"]) == (second.label, "number")
    [empty] = appended(db, lambda: tickets.call_next(db, counter, officer))  # nobody waits
    assert empty.subject is None and empty.details["ticket_id"] is None

    def refused() -> None:
        with pytest.raises(UserError):
            tickets.recall(db, counter, officer)  # nothing called now
    assert appended(db, refused) == []
    assert audit.verify(db).ok


def test_receiving_is_recorded_with_codes_only_and_a_refusal_records_nothing(
        db: Database, office) -> None:
    officer = office["officer"][0]
    done: list[reception.Received] = []
    [row] = appended(db, lambda: done.append(received(db, officer)))
    dossier = done[0].dossier
    assert (row.action, row.staff_id, row.subject) == ("receive", officer, dossier.code)
    assert row.details == {"dossier_id": str(dossier.id), "procedure": STATUS,
                           "fee_vnd": 15_000, "payment": "cash",
                           "print_job": str(done[0].print_job_id)}

    info = draft(db)

    def refused() -> None:
        with pytest.raises(UserError) as caught:
            receive(db, info.id, officer_id=officer, payment_method="card", fee_vnd=15_000,
                    documents=[DocumentCheck(d.position, True) for d in info.documents])
        assert caught.value.code == "bad_payment"
    assert appended(db, refused) == []

    everything = json.dumps([[r.subject, r.details] for r in rows(db)], ensure_ascii=False)
    for personal in (ID_NUMBER, PHONE, NAME, "Hòa", "Lý Thái Tổ", "14/05/2003", "2003-05-14"):
        assert personal not in everything


def test_an_action_and_its_audit_row_commit_together(db: Database, office,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    info = draft(db)

    def broken(*_args: Any, **_kwargs: Any) -> None:  # fails after the audit row is added
        raise RuntimeError("crash after the audit row")

    monkeypatch.setattr(reception, "Received", broken)
    before = count(db)
    with pytest.raises(RuntimeError):
        receive(db, info.id, officer_id=None, payment_method="cash", fee_vnd=15_000,
                documents=[DocumentCheck(d.position, True) for d in info.documents])
    assert count(db) == before
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Outbox)) == 0
    with pytest.raises(RuntimeError), db.write() as s:
        audit.record(s, "purge", staff_id=None, subject="test", details={"dossiers": 3})
        raise RuntimeError("rolled back")
    assert count(db) == before


def test_reprints_settings_and_resends_are_recorded(db: Database, office) -> None:
    officer = office["officer"][0]
    done = received(db, officer)
    new_job: list[Any] = []
    [reprint] = appended(db, lambda: new_job.append(
        print_jobs.reprint(db, done.print_job_id, staff_id=officer)))
    assert (reprint.action, reprint.staff_id) == ("reprint", officer)
    assert reprint.subject == f"receipt:{done.dossier.id}"
    assert reprint.details["job"] == str(done.print_job_id)
    assert reprint.details["new_job"] == str(new_job[0])

    [bank] = appended(db, lambda: set_bank_account(db, "970436", "0011001234567",
                                                   "UBND XA TAN LAP", staff_id=officer))
    assert (bank.action, bank.subject) == ("settings_change", "office.bank_account")
    assert bank.details == {"was": {"bank_bin": None, "bank_account": None},
                            "now": {"bank_bin": "970436", "bank_account": "0011001234567"}}
    [volume] = appended(db, lambda: set_announcements(db, 40, True))
    assert volume.details == {"volume": 40, "muted": True}
    [day] = appended(db, lambda: set_holiday(db, date(2030, 9, 3), "Nghỉ bù"))
    assert day.subject == "holiday:2030-09-03" and day.details["was"] is None
    [gone] = appended(db, lambda: remove_holiday(db, date(2030, 9, 3)))
    assert gone.details == {"was": {"name": "Nghỉ bù", "working_saturday": False}, "now": None}

    def refused() -> None:
        with pytest.raises(UserError):
            remove_holiday(db, date(2030, 9, 3))
        with pytest.raises(UserError):
            set_announcements(db, 101, False)
    assert appended(db, refused) == []

    with db.read() as s:
        outbox = s.scalar(select(Outbox).where(Outbox.record_id == done.dossier.id))
    with db.write() as s:
        s.execute(update(Outbox).where(Outbox.id == outbox.id).values(state="rejected"))
    new_id: list[Any] = []
    [resend] = appended(db, lambda: new_id.append(
        resend_fixed(db, outbox.id, {"applicant.phone": "0912345679"}, staff_id=officer)))
    assert (resend.action, resend.subject) == ("sync_resend", f"dossier:{done.dossier.id}")
    assert resend.details == {"outbox_id": str(outbox.id), "new_outbox_id": str(new_id[0]),
                              "fields": ["applicant.phone"]}
    assert "0912345679" not in json.dumps([r.details for r in rows(db)])
    assert audit.verify(db).ok


def test_personal_data_and_unknown_actions_are_refused(db: Database) -> None:
    for details in ({"id_number": ID_NUMBER}, {"x": {"phone": PHONE}},
                    {"rows": [{"full_name": NAME}]}, {"ratio": 0.5}, {"when": date.today()}):
        with pytest.raises(audit.AuditError), db.write() as s:
            audit.record(s, "purge", details=details)
    with pytest.raises(audit.AuditError), db.write() as s:
        audit.record(s, "dance")


# -- the chain ----------------------------------------------------------------------------
def test_an_untouched_chain_verifies_in_any_chunk_size(db: Database) -> None:
    made = a_few_rows(db, 7)
    assert made[0].prev_hash == audit.GENESIS
    for chunk in (1, 2, 3, 1000):
        result = audit.verify(db, chunk=chunk)
        assert (result.ok, result.rows, result.first_bad_id, result.problem) == \
            (True, len(made), None, None)
        assert result.last_hash == made[-1].hash
    assert all(b.prev_hash == a.hash for a, b in pairwise(made))


def _sql(statement: str) -> Callable[[Any, AuditLog, int], Any]:
    return lambda s, row, other: s.execute(text(statement.format(other=other)), {"id": row.id})


EDITS: dict[str, Callable[[Any, AuditLog, int], Any]] = {  # raw UPDATEs: no hash recomputed
    "action": _sql("UPDATE audit_log SET action = 'purge' WHERE id = :id"),
    "subject": _sql("UPDATE audit_log SET subject = 'A999' WHERE id = :id"),
    "staff_id": _sql("UPDATE audit_log SET staff_id = {other} WHERE id = :id"),
    "prev_hash": _sql(f"UPDATE audit_log SET prev_hash = '{'0' * 64}' WHERE id = :id"),
    "hash": _sql(f"UPDATE audit_log SET hash = '{'f' * 64}' WHERE id = :id"),
    "details": lambda s, row, other: s.execute(
        update(AuditLog.__table__).where(AuditLog.id == row.id)
        .values(details={**row.details, "n": 99})),
    "at": lambda s, row, other: s.execute(
        update(AuditLog.__table__).where(AuditLog.id == row.id)
        .values(at=row.at.replace(microsecond=(row.at.microsecond + 1) % 1_000_000))),
}


@pytest.mark.parametrize("column", sorted(EDITS))
def test_editing_any_column_of_a_row_is_found_at_that_row(db: Database, column: str) -> None:
    add_user(db, "lan", "counter", password=PASSWORD)
    authenticate(db, "lan", PASSWORD)
    made = a_few_rows(db)
    with db.read() as s:
        other = s.scalar(select(StaffUser.id).where(StaffUser.username == "lan"))
    target = made[-3]
    with db.write() as s:
        EDITS[column](s, target, other)
    result = audit.verify(db, chunk=2)
    assert (result.ok, result.first_bad_id) == (False, target.id)
    assert result.problem == "content_changed"
    assert result.rows == len(made) - 2 and result.last_hash is None


def test_unreadable_details_are_found_at_that_row(db: Database) -> None:
    made = a_few_rows(db)
    if db.dialect == "postgresql":
        pytest.skip("JSONB refuses text that is not JSON")
    with db.write() as s:
        s.execute(text("UPDATE audit_log SET details = 'not json' WHERE id = :id"),
                  {"id": made[2].id})
    assert audit.verify(db, chunk=2).first_bad_id == made[2].id


def test_deleting_a_row_is_found_at_the_row_after_it(db: Database) -> None:
    made = a_few_rows(db)
    with db.write() as s:
        s.execute(delete(AuditLog).where(AuditLog.id == made[3].id))
    result = audit.verify(db)
    assert (result.ok, result.first_bad_id, result.problem) == (False, made[4].id,
                                                                 "chain_broken")
    with db.write() as s:
        s.execute(delete(AuditLog).where(AuditLog.id == made[0].id))  # and the very first
    assert audit.verify(db).first_bad_id == made[1].id


def test_reordering_rows_is_found(db: Database) -> None:
    made = a_few_rows(db)
    a, b = made[2].id, made[4].id
    with db.write() as s:  # swap two rows' places in the chain
        s.execute(text("UPDATE audit_log SET id = :tmp WHERE id = :a"), {"tmp": -1, "a": a})
        s.execute(text("UPDATE audit_log SET id = :a WHERE id = :b"), {"a": a, "b": b})
        s.execute(text("UPDATE audit_log SET id = :b WHERE id = :tmp"), {"b": b, "tmp": -1})
    result = audit.verify(db)
    assert (result.ok, result.first_bad_id, result.problem) == (False, a, "chain_broken")


def _forge(db: Database, row_id: int, prev_hash: str, *, good_hash: bool = True) -> None:
    at, details = utc_now(), {"forged": True}
    digest = audit.entry_hash(prev_hash, at, None, "settings_change", "forged", details) \
        if good_hash else "0" * 64
    with db.write() as s:
        s.execute(insert(AuditLog.__table__).values(
            id=row_id, at=at, staff_id=None, action="settings_change", subject="forged",
            details=details, prev_hash=prev_hash, hash=digest))


def test_a_forged_row_is_found_even_with_a_well_made_hash(db: Database) -> None:
    made = a_few_rows(db)
    first_id = rows(db)[0].id
    _forge(db, first_id - 1000, audit.GENESIS)  # slipped in before the first row
    result = audit.verify(db)
    assert (result.ok, result.first_bad_id, result.problem) == (False, first_id,
                                                                 "chain_broken")
    with db.write() as s:
        s.execute(delete(AuditLog).where(AuditLog.id == first_id - 1000))
    assert audit.verify(db).ok
    _forge(db, made[-1].id + 5, made[2].hash)  # a fork off an old row, at the end
    assert audit.verify(db).first_bad_id == made[-1].id + 5
    with db.write() as s:
        s.execute(delete(AuditLog).where(AuditLog.id == made[-1].id + 5))
    _forge(db, made[-1].id + 5, made[-1].hash, good_hash=False)
    result = audit.verify(db)
    assert (result.first_bad_id, result.problem) == (made[-1].id + 5, "content_changed")


# -- several terminals at once ------------------------------------------------------------
def test_appends_from_many_threads_and_processes_keep_one_chain(db: Database, office,
                                                                tmp_path: Path) -> None:
    for name in ("t0", "t1", "t2"):
        add_user(db, name, "counter", password=PASSWORD)
    done = received(db, office["officer"][0])
    before = count(db)
    errors: list[BaseException] = []

    def terminal(work: Callable[[Database], Any], times: int) -> None:
        own = Database(db.url)
        try:
            for _ in range(times):
                work(own)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.dispose()

    works: list[tuple[Callable[[Database], Any], int]] = [
        (lambda d, n=name: authenticate(d, n, PASSWORD), 4) for name in ("t0", "t1", "t2")]
    works += [(lambda d: print_jobs.reprint(d, done.print_job_id), 15),
              (lambda d: set_announcements(d, 50, False), 15),
              (lambda d: audit.append(d, "sign_out", subject="x"), 15)]
    threads = [threading.Thread(target=terminal, args=work) for work in works]
    script = ("import sys\nfrom kiosk.db.engine import Database\nfrom kiosk.services import audit\n"
              "db = Database(sys.argv[1])\n"
              "for i in range(15):\n    audit.append(db, 'sign_out', subject=f'p{i}')\n")
    procs = [subprocess.Popen([sys.executable, "-c", script, db.url], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    outputs = [p.communicate(timeout=180) for p in procs]
    assert errors == []
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    expected = 3 * 4 + 3 * 15 + 3 * 15
    assert count(db) - before == expected
    result = audit.verify(db)
    assert result.ok and result.rows == count(db)


# -- export and the command line ----------------------------------------------------------
def test_export_writes_csv_that_reads_back(db: Database) -> None:
    made = a_few_rows(db, 5)
    add_user(db, "lan", "counter", password=PASSWORD)
    authenticate(db, "lan", PASSWORD)
    out = io.StringIO()
    written = audit.export_csv(db, out, chunk=2)
    table = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(table[0]) == audit.CSV_HEADER and len(table) - 1 == written == count(db)
    by_id = {int(r[0]): dict(zip(audit.CSV_HEADER, r, strict=True)) for r in table[1:]}
    assert [int(r[0]) for r in table[1:]] == sorted(by_id)
    sign_in = next(r for r in by_id.values() if r["action"] == "sign_in")
    assert sign_in["staff"] == "lan" and sign_in["subject"] == "lan"
    assert json.loads(by_id[made[1].id]["details"]) == made[1].details
    assert by_id[made[1].id]["hash"] == made[1].hash
    assert datetime.fromisoformat(by_id[made[1].id]["at"]) == made[1].at

    with db.write() as s:  # an entry from an earlier day, to cut by date
        s.execute(update(AuditLog.__table__).where(AuditLog.id == made[0].id)
                  .values(at=datetime.combine(date(2025, 1, 24), time(23, 30), VN_TZ)))
    day = io.StringIO()
    assert audit.export_csv(db, day, date(2025, 1, 24), date(2025, 1, 24)) == 1
    assert list(csv.reader(io.StringIO(day.getvalue())))[1][0] == str(made[0].id)
    assert audit.export_csv(db, io.StringIO(), date(2025, 1, 25), date(2025, 1, 26)) == 0
    assert audit.export_csv(db, io.StringIO(), start=business_date()) == written - 1


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_verify_and_export(db: Database, capsys, tmp_path: Path) -> None:
    made = a_few_rows(db, 4)
    code, out, _ = run_cli(capsys, "audit", "verify")
    result = json.loads(out)
    assert code == 0 and result["ok"] is True and result["rows"] == count(db)
    assert result["first_bad_id"] is None and result["problem"] is None

    code, out, _ = run_cli(capsys, "audit", "export")
    assert code == 0 and len(list(csv.reader(io.StringIO(out)))) == count(db) + 1
    target = tmp_path / "audit.csv"
    today = business_date().isoformat()
    code, out, err = run_cli(capsys, "audit", "export", "--from", today, "--to", today,
                             "--out", str(target))
    assert code == 0 and out == "" and f"{count(db)} audit rows" in err
    with target.open(encoding="utf-8", newline="") as f:
        assert len(list(csv.DictReader(f))) == count(db)
    code, _, err = run_cli(capsys, "audit", "export", "--from", today, "--to", "2000-01-01")
    assert code == 2 and err.startswith("error:")

    with db.write() as s:
        s.execute(text("UPDATE audit_log SET subject = 'x' WHERE id = :id"), {"id": made[1].id})
    with pytest.raises(SystemExit) as exited:
        main(["audit", "verify"])
    out, err = capsys.readouterr()
    assert exited.value.code == 6
    position = [r.id for r in rows(db)].index(made[1].id) + 1
    assert json.loads(out) == {"ok": False, "rows": position,
                               "first_bad_id": made[1].id, "problem": "content_changed",
                               "last_hash": None}
    assert f"row {made[1].id}" in err


def test_cli_settings_commands_are_audited(db: Database, capsys, monkeypatch) -> None:
    before = count(db)
    assert run_cli(capsys, "holiday", "set", "2030-09-03", "Nghỉ bù")[0] == 0
    assert run_cli(capsys, "office", "bank", "970436", "0011001234567", "--holder", "UBND")[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    assert run_cli(capsys, "user", "add", "lan", "--role", "counter", "--password")[0] == 0
    new = rows(db)[before:]
    assert [(r.action, r.subject) for r in new] == [
        ("settings_change", "holiday:2030-09-03"), ("settings_change", "office.bank_account"),
        ("staff_change", "lan")]
    assert all(r.staff_id is None for r in new)  # the CLI: the machine's operator
