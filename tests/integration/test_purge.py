"""`kiosk purge`: personal data goes some days after the portal reports a record done;
the statistics stay, and records not finished (or finished recently) are untouched."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import func, select, update

from kiosk.attachments import store_bytes
from kiosk.clock import utc_now
from kiosk.models import AccountRequest, Dossier, DossierDocument, Outbox, PrintJob
from kiosk.services.purge import PURGED_PAYLOAD, purge
from kiosk.services.seed_demo import seed_demo


def _finish(db, ids, days_ago: int, status: str = "done") -> None:
    at = utc_now() - timedelta(days=days_ago)
    with db.write() as s:
        s.execute(update(Dossier).where(Dossier.id.in_(ids))
                  .values(portal_status=status, portal_status_at=at))
        s.execute(update(Outbox).where(Outbox.record_id.in_(ids))
                  .values(portal_status=status, portal_status_at=at, state="accepted"))


def _ids(db) -> list:
    with db.read() as s:
        return list(s.scalars(select(Dossier.id).order_by(Dossier.received_at)))


def test_finished_long_ago_loses_personal_data_and_keeps_statistics(db, data_dir):
    seed_demo(db, 12, seed=5)
    ids = _ids(db)
    old, recent, running = ids[:5], ids[5:8], ids[8:]
    _finish(db, old, days_ago=200)
    _finish(db, recent, days_ago=10)
    _finish(db, running[:2], days_ago=300, status="processing")
    scan = store_bytes(data_dir, b"%PDF-1.4 a birth certificate scan", "giay.pdf")
    with db.write() as s:
        s.execute(update(DossierDocument).where(DossierDocument.dossier_id == old[0])
                  .values(attachment_sha256=scan.sha256, attachment_path=scan.relative_path))
        s.add(PrintJob(kind="receipt", printer="receipt", state="done",
                       data={"applicant": "Nguyễn Văn An"}, subject_id=str(old[1])))
        by_procedure = dict(s.execute(select(Dossier.procedure_code, func.count())
                                      .group_by(Dossier.procedure_code)).all())
    result = purge(db, days=180, data_folder=data_dir)
    assert (result.dossiers, result.outbox_rows, result.print_jobs, result.scans_deleted) == \
        (5, 5, 1, 1)
    assert not (data_dir / scan.relative_path).exists()
    with db.read() as s:
        rows = {d.id: d for d in s.scalars(select(Dossier))}
        payloads = {o.record_id: o.payload for o in s.scalars(select(Outbox))}
        job = s.scalars(select(PrintJob).where(PrintJob.subject_id == str(old[1]))).one()
        kept = dict(s.execute(select(Dossier.procedure_code, func.count())
                              .group_by(Dossier.procedure_code)).all())
    for dossier_id in old:
        d = rows[dossier_id]
        assert (d.applicant_full_name, d.applicant_id_number, d.applicant_phone,
                d.applicant_date_of_birth, d.answers) == ("", None, None, None, {})
        assert d.code and d.received_at and d.procedure_code  # statistics stay
        assert payloads[dossier_id] == PURGED_PAYLOAD
    for dossier_id in recent + running:
        assert rows[dossier_id].applicant_id_number and rows[dossier_id].applicant_full_name
        assert json.loads(payloads[dossier_id])["applicant"]["id_number"]
    assert job.data == {} and kept == by_procedure
    again = purge(db, days=180, data_folder=data_dir)  # nothing left to clear
    assert (again.dossiers, again.outbox_rows, again.print_jobs) == (0, 0, 0)


def test_a_dry_run_counts_and_changes_nothing(db, data_dir):
    seed_demo(db, 4, seed=6)
    ids = _ids(db)
    _finish(db, ids[:3], days_ago=100)
    result = purge(db, days=30, data_folder=data_dir, dry_run=True)
    assert result.dossiers == 3 and result.dry_run
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)
                        .where(Dossier.applicant_id_number.is_(None))) == 0


def test_account_requests_finished_by_the_portal_are_purged(db, data_dir):
    from kiosk.services.account_requests import save_request

    person = {"full_name": "Hoàng Thị Mỷ", "id_number": "001303004568",
              "date_of_birth": "02/01/2003", "phone": "0912345678", "email": ""}
    saved = save_request(db, details=person, answers={"chip_card": "no"},
                         consent_at=utc_now(), consent_version="1", guide_version="1",
                         assisted_by=None, dossier_id=None, steps_left=["a"], links=[])
    _finish(db, [saved.request_id], days_ago=400)
    result = purge(db, days=180, data_folder=data_dir)
    assert result.account_requests == 1
    with db.read() as s:
        request = s.get(AccountRequest, saved.request_id)
        outbox = s.scalars(select(Outbox).where(Outbox.record_id == saved.request_id)).one()
    assert (request.full_name, request.id_number, request.phone, request.answers) == \
        ("", "", None, {})
    assert outbox.payload == PURGED_PAYLOAD and outbox.payload_sha256  # what was sent, proven


def test_the_cli_prints_what_it_purged(db, data_dir, capsys, settings):
    from kiosk.cli import main

    seed_demo(db, 3, seed=7)
    _finish(db, _ids(db)[:2], days_ago=365)
    assert main(["purge", "--days", "180"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dossiers"] == 2 and out["dry_run"] is False
    assert main(["purge", "--days", "-1"]) == 2
