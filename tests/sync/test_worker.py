"""The sync worker against the real simulator over loopback, on the test database.

Each test seeds received dossiers (real payloads from kiosk.services.seed_demo), runs
cycles of the worker and looks inside both ends: the outbox rows and the portal's store.
"""
from __future__ import annotations

import hashlib
import json
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, update

from kiosk.db.engine import Database
from kiosk.models import Dossier, Outbox, SyncState
from kiosk.services.outbox import canonical_json, payload_sha256
from kiosk.services.seed_demo import seed_demo
from kiosk.services.sync_overview import needing_staff, resend_fixed, sync_overview
from sync.http_portal import HttpPortal, PortalAccount
from sync.simulator import Simulator
from sync.worker import SyncConfig, SyncWorker
from tests.sync.conftest import CLIENT


class Waits(threading.Event):
    """A stop event whose waits return at once and are remembered (no real sleeping)."""

    def __init__(self) -> None:
        super().__init__()
        self.waits: list[float] = []

    def wait(self, timeout: float | None = None) -> bool:
        self.waits.append(timeout or 0.0)
        return self.is_set()


def make_worker(db: Database, sim: Simulator, folder: Path, *, owner: str = "test",
                stop: threading.Event | None = None, **config: object) -> SyncWorker:
    account = PortalAccount(sim.url, CLIENT["client_id"], CLIENT["client_secret"], "kiosk-01")
    return SyncWorker(db, HttpPortal(account), SyncConfig(folder, owner=owner, **config),
                      stop=stop or Waits())


def outbox_states(db: Database) -> dict[str, str]:
    with db.read() as s:
        return {str(i): state for i, state in s.execute(select(Outbox.id, Outbox.state))}


def put_payload(db: Database, row_id: uuid.UUID, text: str, *, rehash: bool = True) -> None:
    values = {"payload": text}
    if rehash:
        values["payload_sha256"] = payload_sha256(text)
    with db.write() as s:
        s.execute(update(Outbox).where(Outbox.id == row_id).values(**values))


def first_rows(db: Database, n: int) -> list[Outbox]:
    with db.read() as s:
        return list(s.scalars(select(Outbox).order_by(Outbox.created_at, Outbox.id).limit(n)))


def test_a_cycle_delivers_everything_once_and_records_refs(db, sim, data_dir):
    seed_demo(db, 150, seed=3)  # two batches (at most 100 items each)
    summary = make_worker(db, sim, data_dir).run_cycle()
    assert (summary.sent, summary.accepted, summary.pending, summary.error) == (150, 150, 0, None)
    assert set(outbox_states(db).values()) == {"accepted"}
    assert set(sim.count_by_id().values()) == {1} and len(sim.count_by_id()) == 150
    with db.read() as s:
        refs = s.scalars(select(Dossier.portal_ref)).all()
    assert all(ref and ref.startswith("G22.99-") for ref in refs)
    overview = sync_overview(db)
    assert (overview.pending, overview.delivered, overview.needs_staff) == (0, 150, 0)
    assert overview.last_success_at is not None


def test_a_lost_answer_is_resent_and_counted_as_duplicate(db, sim, data_dir):
    seed_demo(db, 20, seed=4)
    sim.faults.drop_after_commit_rate = 1.0  # stored, then the connection closes
    worker = make_worker(db, sim, data_dir, max_failures=2)
    first = worker.run_cycle()
    assert first.pending == 20 and first.error and len(sim.accepted_ids()) == 20
    sim.faults.drop_after_commit_rate = 0.0
    second = worker.run_cycle()
    assert (second.duplicate, second.pending) == (20, 0)
    assert set(sim.count_by_id().values()) == {1}
    with db.read() as s:
        attempts = set(s.scalars(select(Outbox.attempts)))
    assert attempts == {3}  # the attempt was recorded before each request, answered or not


def test_a_rejected_record_stops_only_itself_and_is_fixed_as_a_new_record(db, sim, data_dir):
    seed_demo(db, 10, seed=5)
    bad = first_rows(db, 1)[0]
    payload = json.loads(bad.payload)
    payload["applicant"]["id_number"] = "12345"
    put_payload(db, bad.id, canonical_json(payload))
    summary = make_worker(db, sim, data_dir).run_cycle()
    assert (summary.accepted, summary.rejected, summary.pending) == (9, 1, 0)
    [item] = needing_staff(db)
    assert item.id == bad.id and item.state == "rejected"
    assert item.values == {"applicant.id_number": "12345"}
    assert item.errors[0]["code"] == "invalid" and item.fixable
    assert sync_overview(db).needs_staff == 1
    good_id = payload["applicant"]["id_number"] = "001203004567"
    payload["applicant"]["date_of_birth"] = "2003-05-14"
    new_id = resend_fixed(db, bad.id, {"applicant.id_number": good_id,
                                       "applicant.date_of_birth": "2003-05-14"})
    assert new_id != bad.id and needing_staff(db) == []
    again = make_worker(db, sim, data_dir).run_cycle()
    assert again.accepted == 1
    with db.read() as s:
        new = s.get(Outbox, new_id)
        old = s.get(Outbox, bad.id)
        dossier = s.get(Dossier, bad.record_id)
    assert new.replaces_id == bad.id and new.state == "accepted"
    assert old.state == "rejected" and old.replaced_at is not None
    assert dossier.applicant_id_number == good_id and dossier.portal_ref == new.portal_ref
    assert sync_overview(db).needs_staff == 0


def test_a_fix_is_checked_like_the_form_and_a_sent_record_cannot_change(db, sim, data_dir):
    from kiosk.errors import UserError

    seed_demo(db, 2, seed=6)
    make_worker(db, sim, data_dir).run_cycle()
    row = first_rows(db, 1)[0]
    with pytest.raises(UserError) as refused:
        resend_fixed(db, row.id, {"applicant.phone": "0912345678"})
    assert refused.value.code == "record_not_fixable"
    with db.write() as s:
        s.execute(update(Outbox).where(Outbox.id == row.id).values(state="rejected"))
    with pytest.raises(UserError) as bad_id:
        resend_fixed(db, row.id, {"applicant.id_number": "99"})
    assert bad_id.value.code == "id_length"
    with pytest.raises(UserError) as bad_path:
        resend_fixed(db, row.id, {"__class__": "x"})
    assert bad_path.value.code == "bad_field_path"


def test_a_batch_the_portal_refuses_is_split_until_the_bad_row_waits_alone(db, sim, data_dir):
    seed_demo(db, 40, seed=7)
    bad = first_rows(db, 3)[2]
    # valid for Python's json, refused by the portal's strict parser (a repeated key): 400
    text = bad.payload[:-1] + ',"fee_vnd":0}'
    put_payload(db, bad.id, text)
    stop = Waits()
    summary = make_worker(db, sim, data_dir, stop=stop).run_cycle()
    assert (summary.accepted, summary.pending, summary.error) == (39, 1, None)
    with db.read() as s:
        row = s.get(Outbox, bad.id)
    assert row.state == "pending" and row.next_attempt_at is not None and "400" in row.last_error
    assert str(bad.id) not in sim.accepted_ids()


def test_unreadable_rows_and_lost_scans_are_quarantined_without_blocking(db, sim, data_dir):
    seed_demo(db, 12, seed=8)
    tampered, not_json, lost_scan = first_rows(db, 3)
    put_payload(db, tampered.id, tampered.payload.replace('"fee_vnd":', '"fee_vnd": '),
                rehash=False)
    put_payload(db, not_json.id, "{not json")
    payload = json.loads(lost_scan.payload)
    payload["documents"][0]["attachment_sha256"] = "ab" * 32
    put_payload(db, lost_scan.id, canonical_json(payload))
    summary = make_worker(db, sim, data_dir).run_cycle()
    assert (summary.accepted, summary.quarantined, summary.pending) == (9, 3, 0)
    states = outbox_states(db)
    assert {states[str(r.id)] for r in (tampered, not_json, lost_scan)} == {"quarantined"}
    reasons = {i.id: i for i in needing_staff(db)}
    assert "hash" in reasons[tampered.id].errors[0]["message"]
    assert not reasons[not_json.id].fixable


def test_scans_are_uploaded_before_the_dossier_that_names_them(db, sim, data_dir):
    from kiosk.attachments import store_bytes

    seed_demo(db, 3, seed=9)
    scan = store_bytes(data_dir, b"%PDF-1.4 a scanned birth certificate", "giay.pdf")
    for row in first_rows(db, 3):
        payload = json.loads(row.payload)
        payload["documents"][0]["attachment_sha256"] = scan.sha256
        put_payload(db, row.id, canonical_json(payload))
    summary = make_worker(db, sim, data_dir).run_cycle()
    assert (summary.accepted, summary.pending) == (3, 0)
    assert sim.store.has_attachment(scan.sha256)


def test_a_revoked_token_is_renewed_and_the_request_repeated(db, sim, data_dir):
    seed_demo(db, 30, seed=10)
    worker = make_worker(db, sim, data_dir)
    worker.adapter.max_items = 10
    worker.run_cycle()  # has a token now
    seed_demo(db, 5, seed=11)
    sim.revoke_tokens()
    summary = worker.run_cycle()
    assert (summary.accepted, summary.error) == (5, None)


def test_too_large_is_split_in_halves(db, sim, data_dir):
    seed_demo(db, 160, seed=12)
    worker = make_worker(db, sim, data_dir)
    worker.adapter.max_items = 200  # more than the portal takes: 413, then two of 80
    summary = worker.run_cycle()
    assert (summary.accepted, summary.pending) == (160, 0)


def test_faults_back_off_with_jitter_and_honour_retry_after(db, sim_db, data_dir):
    seed_demo(db, 5, seed=13)
    with Simulator(db_path=sim_db, fault_rate=1.0, status_every=0, seed=2) as sim:
        stop = Waits()
        summary = make_worker(db, sim, data_dir, stop=stop, max_failures=6).run_cycle()
        faults = sim.fault_counts()
    assert summary.pending == 5 and summary.error and summary.portal_up
    assert len(stop.waits) == 5  # between the six failures of the cycle
    assert all(1.0 <= w <= 300 for w in stop.waits)
    if faults.get("429") or faults.get("503"):
        assert max(stop.waits) >= 1.0
    overview = sync_overview(db)
    assert overview.pending == 5 and overview.last_error


def test_the_wait_grows_and_takes_retry_after_as_a_floor(data_dir, db, sim):
    worker = make_worker(db, sim, data_dir, backoff_base=1.0, backoff_cap=300.0)
    assert all(1.0 <= worker.backoff(1) <= 2.0 for _ in range(50))
    assert max(worker.backoff(8) for _ in range(200)) > 100
    assert all(worker.backoff(20) <= 300 for _ in range(50))
    assert worker.backoff(1, retry_after=30) == 30


def test_statuses_are_pulled_with_the_cursor_and_stored(db, sim, data_dir):
    seed_demo(db, 4, seed=14)
    worker = make_worker(db, sim, data_dir)
    worker.run_cycle()
    sim.advance_statuses()
    summary = worker.run_cycle()
    assert summary.status_updates == 4
    with db.read() as s:
        statuses = set(s.scalars(select(Dossier.portal_status)))
        cursor = s.get(SyncState, "status_cursor")
    assert statuses == {"processing"} and cursor.value
    assert worker.run_cycle().status_updates == 0  # the cursor moved on: nothing twice


def test_the_portal_clock_offset_is_recorded_and_flagged(db, sim_db, data_dir):
    seed_demo(db, 1, seed=15)
    with Simulator(db_path=sim_db, clock_offset_s=900, status_every=0) as sim:
        make_worker(db, sim, data_dir).run_cycle()
    overview = sync_overview(db)
    assert 890 < overview.clock_offset_s < 910 and overview.clock_warning


def test_one_worker_per_database_at_a_time(db, sim, data_dir):
    from kiosk.clock import utc_now
    from kiosk.services.delivery import take_lease

    seed_demo(db, 3, seed=16)
    assert take_lease(db, "counter-2:77", utc_now(), 60)
    summary = make_worker(db, sim, data_dir).run_cycle()
    assert summary.sent == 0 and "another terminal" in summary.error


def test_an_unreachable_portal_is_said_plainly(db, data_dir):
    seed_demo(db, 2, seed=17)
    account = PortalAccount("http://127.0.0.1:9", "kiosk-dev", "kiosk-dev-secret", "k")
    worker = SyncWorker(db, HttpPortal(account, timeout=(1, 1)), SyncConfig(data_dir),
                        stop=Waits())
    summary = worker.run_cycle()
    assert (summary.portal_up, summary.pending, summary.sent) == (False, 2, 0)
    assert sync_overview(db).last_error == "portal unreachable"


def test_sha256_of_the_frozen_text_is_what_the_portal_checks(db, sim, data_dir):
    seed_demo(db, 1, seed=18)
    row = first_rows(db, 1)[0]
    assert hashlib.sha256(row.payload.encode()).hexdigest() == row.payload_sha256
    make_worker(db, sim, data_dir).run_cycle()
    stored = sim.record(str(row.id))["payload"]
    assert payload_sha256(canonical_json(json.loads(stored))) == row.payload_sha256


def test_the_kiosk_answers_status_from_what_was_pulled_offline(db, sim, data_dir):
    from kiosk.services.dossiers import lookup_status

    seed_demo(db, 1, seed=19)
    worker = make_worker(db, sim, data_dir)
    worker.run_cycle()
    sim.advance_statuses()
    sim.advance_statuses()
    worker.run_cycle()
    sim.stop()  # the portal is gone: the answer comes from the database
    with db.read() as s:
        code = s.scalar(select(Dossier.code))
    info = lookup_status(db, code)
    assert info.status == "done" and info.sent


def test_no_secret_token_or_citizen_data_reaches_the_log(db, sim, data_dir, caplog):
    import logging

    seed_demo(db, 30, seed=20)
    with db.read() as s:
        id_numbers = set(s.scalars(select(Dossier.applicant_id_number)))
    bad = first_rows(db, 1)[0]
    put_payload(db, bad.id, bad.payload[:-1] + ',"fee_vnd":0}')  # a 400 with its error logged
    caplog.set_level(logging.DEBUG)
    worker = make_worker(db, sim, data_dir)
    worker.run_cycle()
    sim.revoke_tokens()
    seed_demo(db, 2, seed=21)
    worker.run_cycle()  # a 401 and a renewal, logged
    text = caplog.text
    assert "401" in text and text
    assert CLIENT["client_secret"] not in text and "Bearer " not in text
    assert worker.adapter._token not in text
    assert not [n for n in id_numbers if n and n in text]
    assert CLIENT["client_secret"] not in repr(worker.adapter.account)


def test_a_killed_worker_of_this_terminal_does_not_hold_the_lease(db, sim, data_dir):
    import subprocess
    import sys

    from kiosk.clock import utc_now
    from kiosk.services.delivery import take_lease

    seed_demo(db, 3, seed=23)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    assert take_lease(db, f"office-pc:{dead.pid}", utc_now(), 120)  # then killed
    assert not take_lease(db, "other-pc:1", utc_now(), 120)  # another PC waits it out
    summary = make_worker(db, sim, data_dir, owner="office-pc:999999").run_cycle()
    assert summary.accepted == 3 and summary.error is None
