"""Personal fields encrypted at rest (docs/SECURITY.md), on SQLite and PostgreSQL: values
round-trip; the raw database, the logs and a dump hold no id number, phone or date of
birth in clear; lookups by id number go through the keyed hash and its index; a
database from before encryption is sealed at start; a wrong or missing key is refused
and nothing is overwritten; files are for the app's user only; the portal gets the
frozen text byte for byte."""
from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, event, select, text
from sqlalchemy.engine import make_url

from kiosk import crypto
from kiosk.admin_units import choice_lists
from kiosk.bootstrap import open_database
from kiosk.db.engine import Database
from kiosk.db.migrate import upgrade
from kiosk.errors import UserError
from kiosk.models import AccountRequest, CryptoState, Dossier, Outbox, PrintJob
from kiosk.services import account_requests as ar
from kiosk.services.delivery import due_rows
from kiosk.services.dossiers import (
    Applicant,
    find_drafts,
    get_dossier,
    lookup_status,
    save_draft,
    search_dossiers,
    start_draft,
)
from kiosk.services.outbox import canonical_json, payload_sha256
from kiosk.services.personal_data import encrypt_existing, replace_lost_key
from kiosk.services.print_jobs import get_job
from kiosk.services.reception import DocumentCheck, receive
from kiosk.services.seed_demo import seed_demo
from kiosk.settings import load_settings
from sync.simulator import Simulator

STATUS = "1.002755"  # the generic form: applicant and request
ID, PHONE, DOB, EMAIL = "001303004567", "0912345678", date(2003, 5, 14), "hoa.tran@example.vn"
OTHER_ID = "079188001234"  # someone else's number, inside the answers
ANSWERS = {"full_name": "Nguyễn Thị Hòa", "id_number": ID, "date_of_birth": "14/05/2003",
           "phone": "+84 912 345 678", "email": EMAIL,
           "address": {"province": "01", "commune": "00070", "street": "12 Lý Thái Tổ"},
           "request_text": f"Xác nhận cho mẹ, CCCD {OTHER_ID}"}
SEALED = {"dossier": ("applicant_id_number", "applicant_date_of_birth", "applicant_phone",
                      "applicant_email", "answers"),
          "account_request": ("id_number", "date_of_birth", "phone", "email", "answers"),
          "outbox": ("payload",), "print_job": ("data",)}
NOW = datetime(2026, 11, 24, 1, 5, tzinfo=UTC)


def filled_draft(db: Database) -> Any:
    made = start_draft(db, STATUS, source="kiosk")
    return save_draft(db, made.id, dict(ANSWERS), step="review",
                      applicant=Applicant("Nguyễn Thị Hòa", ID, DOB, PHONE, EMAIL))


def received(db: Database) -> Any:
    info = filled_draft(db)
    return receive(db, info.id, officer_id=None, payment_method="cash", fee_vnd=15_000,
                   documents=[DocumentCheck(d.position, True) for d in info.documents],
                   lists=choice_lists(), terminal="quay-1").dossier


def account_request(db: Database, number: str = "001303004568") -> ar.SavedRequest:
    return ar.save_request(
        db, details={"full_name": "Trần Thị Hoa", "id_number": number,
                     "date_of_birth": "02/01/2003", "phone": "0987654321", "email": ""},
        answers={"chip_card": "yes"}, consent_at=NOW - timedelta(minutes=2),
        consent_version="2026.11", guide_version="2026.11", assisted_by=None,
        dossier_id=None, steps_left=["Kích hoạt VNeID"], links=[], terminal="desk-1", now=NOW)


def raw_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """The encrypted columns as the database holds them, read with no kiosk code."""
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg")
                           if url.startswith("postgresql") else url)
    try:
        with engine.connect() as conn:
            return {table: [tuple(row) for row in conn.execute(
                text(f"SELECT {', '.join(columns)} FROM {table}"))]
                for table, columns in SEALED.items()}
    finally:
        engine.dispose()


def clear_texts(people: list[tuple[str | None, str | None, date | None]]) -> list[bytes]:
    """What must not be found: each id number and phone, and dates of birth long before any
    date the database holds for other reasons (receipts, holidays)."""
    needles = set()
    for number, phone, born in people:
        needles.update(v for v in (number, phone) if v)
        if born and born.year < 2020:
            needles.update({born.isoformat(), born.strftime("%d/%m/%Y")})
    return [n.encode() for n in sorted(needles)]


def database_bytes(db: Database) -> bytes:
    """SQLite: the file and its WAL before a checkpoint, then the file after it;
    PostgreSQL: the sealed columns' stored text, and a data-only pg_dump when there is one."""
    if db.dialect == "sqlite":
        path = Path(make_url(db.url).database or "")
        wal = path.with_name(path.name + "-wal")
        before = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return before + path.read_bytes()
    columns = repr(raw_rows(db.url)).encode()  # the sealed columns' text, as stored
    dump = shutil.which("pg_dump")
    if dump is None:
        return columns
    url = make_url(db.url).set(drivername="postgresql").render_as_string(hide_password=False)
    done = subprocess.run([dump, "--data-only", "--no-owner", url], capture_output=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-500:]
    return columns + done.stdout


def people(db: Database) -> list[tuple[str | None, str | None, date | None]]:
    with db.read() as s:
        found = [tuple(r) for r in s.execute(select(Dossier.applicant_id_number,
                                                    Dossier.applicant_phone,
                                                    Dossier.applicant_date_of_birth))]
        found += [tuple(r) for r in s.execute(select(AccountRequest.id_number,
                                                     AccountRequest.phone,
                                                     AccountRequest.date_of_birth))]
    return found + [(OTHER_ID, None, None)]


# --- round trip and the raw database ----------------------------------------------------

def test_personal_fields_round_trip_and_are_sealed_in_the_database(db: Database,
                                                                   db_url: str) -> None:
    info = filled_draft(db)
    again = get_dossier(db, info.id)
    assert again.applicant == Applicant("Nguyễn Thị Hòa", ID, DOB, PHONE, EMAIL, None)
    assert again.answers == ANSWERS
    saved = account_request(db)
    with db.read() as s:
        request = s.get(AccountRequest, saved.request_id)
        assert (request.id_number, request.date_of_birth, request.phone) == \
            ("001303004568", date(2003, 1, 2), "0987654321")
        assert request.id_number_hash == crypto.keyed_hash("001303004568")
        assert s.get(Dossier, info.id).applicant_id_hash == crypto.keyed_hash(ID)
    for table, rows in raw_rows(db_url).items():
        for row in rows:
            for value in row:
                assert value is None or value.startswith("v1:"), (table, value)
    sealed = [v for v in raw_rows(db_url)["dossier"][0] if v]
    assert len(set(sealed)) == len(sealed)  # a random nonce each: no two alike


def test_the_raw_database_and_its_dump_hold_no_personal_data_in_clear(db: Database) -> None:
    seed_demo(db, 60, seed=5)
    received(db)
    account_request(db)
    needles = clear_texts(people(db))
    assert len(needles) > 100
    raw = database_bytes(db)
    assert len(raw) > 50_000
    found = [n.decode() for n in needles if n in raw]
    assert found == []


def test_encrypted_columns_refuse_sql_comparisons(db: Database) -> None:
    with pytest.raises(TypeError, match="encrypted"):
        select(Dossier.id).where(Dossier.applicant_id_number == ID)
    with pytest.raises(TypeError, match="encrypted"):
        select(AccountRequest.id).where(AccountRequest.phone.in_([PHONE]))
    select(Dossier.id).where(Dossier.applicant_id_number.is_(None))  # IS NULL is fine


# --- lookups ----------------------------------------------------------------------------

def _statements(db: Database) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)


def _plan(db: Database, statement: str, parameters: Any) -> str:
    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return " | ".join(str(r[-1]) for r in rows)
        conn.exec_driver_sql("SET enable_seqscan = off")
        rows = conn.exec_driver_sql(f"EXPLAIN {statement}", parameters)
        return " | ".join(str(r[0]) for r in rows)


def test_lookups_by_id_number_use_the_keyed_hash_and_its_index(db: Database) -> None:
    seed_demo(db, 40, seed=6)
    info = filled_draft(db)
    with db.read() as s:
        seeded_code, seeded_id = s.execute(select(Dossier.code, Dossier.applicant_id_number)
                                           .where(Dossier.code.is_not(None)).limit(1)).one()
    gen = _statements(db)
    seen = next(gen)
    assert [d.id for d in find_drafts(db, ID)] == [info.id]
    assert [d.id for d in ar.drafts_for(db, "0013 0300 4567")] == [info.id]
    assert seeded_code in {r.code for r in search_dossiers(db, seeded_id)}
    gen.close()
    lookups = [(st, p) for st, p in seen if "applicant_id_hash" in st and "WHERE" in st]
    assert len(lookups) >= 3
    hashed = crypto.keyed_hash(ID)
    for statement, parameters in lookups:
        assert ID not in json.dumps(parameters, default=str)
        assert hashed in json.dumps(parameters, default=str) or \
            crypto.keyed_hash(seeded_id) in json.dumps(parameters, default=str)
        assert "ix_dossier_id_hash" in _plan(db, statement, parameters), statement
    assert find_drafts(db, "001303009999") == []


# --- a database from before encryption ----------------------------------------------------

def _insert_legacy_rows(db: Database) -> uuid.UUID:
    """Rows as a kiosk at schema 0006 wrote them: every personal field in clear."""
    sqlite = db.dialect == "sqlite"

    def uid(value: uuid.UUID) -> str:
        return value.hex if sqlite else str(value)

    when = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    dossier_id, request_id, job_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    payload = canonical_json({"applicant": {"id_number": ID, "phone": PHONE,
                                            "date_of_birth": DOB.isoformat()}})
    meta = MetaData()
    with db.engine.begin() as conn:
        meta.reflect(conn, only=["office", "procedure", "dossier", "account_request",
                                 "outbox", "print_job"])
        t = meta.tables
        conn.execute(t["office"].insert(), {"code": "000.00.01.H22", "name": "Một cửa",
                                            "agency": "UBND", "address": "",
                                            "created_at": when})
        conn.execute(t["procedure"].insert(), {
            "code": STATUS, "name": "Gia hạn tạm trú", "name_en": "", "sector_code": "",
            "sector_name": "", "level": "commune", "executing_agency": "", "deadline_text": "",
            "fee_text": "", "documents": [], "form": {}, "form_version": 1, "source_url": "",
            "active": True,
            "updated_at": when})
        conn.execute(t["dossier"].insert(), {
            "id": uid(dossier_id), "office_id": 1, "procedure_code": STATUS, "form_version": 1,
            "state": "draft", "source": "kiosk", "applicant_full_name": "Nguyễn Thị Hòa",
            "applicant_name_folded": "nguyen thi hoa", "applicant_id_number": ID,
            "applicant_date_of_birth": DOB, "applicant_phone": PHONE, "applicant_email": EMAIL,
            "answers": ANSWERS, "fee_vnd": 0, "created_at": when, "updated_at": when})
        conn.execute(t["account_request"].insert(), {
            "id": uid(request_id), "office_id": 1, "full_name": "Trần Thị Hoa",
            "id_number": OTHER_ID, "date_of_birth": date(1988, 3, 9), "phone": "0987654321",
            "consent_at": when, "consent_version": "1", "answers": {"chip_card": "yes"},
            "created_at": when})
        conn.execute(t["outbox"].insert(), {
            "id": uid(request_id), "record_type": "account_request", "record_id": uid(request_id),
            "payload": payload, "payload_sha256": payload_sha256(payload), "state": "pending",
            "attempts": 0, "created_at": when})
        conn.execute(t["print_job"].insert(), {
            "id": uid(job_id), "kind": "receipt", "printer": "receipt", "state": "done",
            "attempts": 1, "data": {"applicant_id_number": ID, "phone": PHONE}, "created_at": when})
    return dossier_id


def test_a_database_from_before_encryption_is_sealed_at_start(empty_db_url: str,
                                                              data_dir: Path) -> None:
    db = Database(empty_db_url)
    upgrade(db, "0006")
    dossier_id = _insert_legacy_rows(db)
    db.dispose()
    os.environ["KIOSK_DB_URL"] = empty_db_url
    try:
        opened = open_database(load_settings(data_dir))
    finally:
        del os.environ["KIOSK_DB_URL"]
    db = opened.db
    try:
        assert opened.schema_before == "0006"
        info = get_dossier(db, dossier_id)
        assert info.applicant.id_number == ID and info.applicant.date_of_birth == DOB
        assert info.answers == ANSWERS
        with db.read() as s:
            request = s.scalars(select(AccountRequest)).one()
            assert request.date_of_birth == date(1988, 3, 9)
            assert request.id_number_hash == crypto.keyed_hash(OTHER_ID)
            outbox = s.scalars(select(Outbox)).one()
            assert payload_sha256(outbox.payload) == outbox.payload_sha256
            assert s.scalars(select(PrintJob)).one().data["phone"] == PHONE
            assert s.get(CryptoState, "plaintext_left") is None
        assert [d.id for d in find_drafts(db, ID)] == [dossier_id]
        for table, rows in raw_rows(empty_db_url).items():
            for row in rows:
                assert all(v is None or v.startswith("v1:") for v in row), table
        raw = database_bytes(db)
        assert [n for n in clear_texts([(ID, PHONE, DOB), (OTHER_ID, "0987654321", None)])
                if n in raw] == []
        assert encrypt_existing(db) == 0  # done: the next start only reads the marker
    finally:
        db.dispose()


# --- the key ----------------------------------------------------------------------------

def _crypto_rows(url: str) -> list[tuple[Any, ...]]:
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg")
                           if url.startswith("postgresql") else url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(
                text("SELECT name, value FROM crypto_state ORDER BY name"))]
    finally:
        engine.dispose()


def test_a_wrong_key_is_refused_at_start_and_nothing_is_overwritten(
        db_url: str, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "elsewhere" / "personal-data.key"
    crypto.create_key(other)
    key_before, rows_before = other.read_bytes(), _crypto_rows(db_url)
    installed = crypto.installed_key_id()
    monkeypatch.setenv("KIOSK_KEY_FILE", str(other))
    with pytest.raises(UserError) as refused:
        open_database(load_settings(data_dir))
    assert refused.value.code == "personal_data_key_wrong"
    assert str(other) in refused.value.message and "SECURITY.md" in refused.value.message
    assert crypto.Keyring.from_key(key_before).key_id in refused.value.message
    assert other.read_bytes() == key_before and _crypto_rows(db_url) == rows_before
    assert crypto.installed_key_id() == installed  # the wrong key was never installed


def test_a_missing_key_is_refused_and_no_new_key_is_made(
        db_url: str, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nowhere" / "personal-data.key"
    rows_before = _crypto_rows(db_url)
    monkeypatch.setenv("KIOSK_KEY_FILE", str(missing))
    with pytest.raises(UserError) as refused:
        open_database(load_settings(data_dir))
    assert refused.value.code == "personal_data_key_missing"
    assert str(missing) in refused.value.message
    assert not missing.exists() and not missing.parent.exists()
    assert _crypto_rows(db_url) == rows_before


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("damage, code", [
    (lambda p: p.chmod(0o644), "personal_data_key_exposed"),
    (lambda p: p.write_bytes(p.read_bytes()[:16]), "personal_data_key_unreadable"),
])
def test_a_key_file_others_may_read_or_a_short_one_is_refused(
        damage: Any, code: str, tmp_path: Path) -> None:
    path = tmp_path / "keys" / "personal-data.key"
    crypto.create_key(path)
    damage(path)
    with pytest.raises(UserError) as refused:
        crypto.load_or_create_key(path)
    assert refused.value.code == code and str(path) in refused.value.message


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_key_file_and_database_file_are_for_the_apps_user_only(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first start with the defaults (SQLite in the data folder, the key beside it)."""
    session_key = crypto.read_key(Path(os.environ["KIOSK_KEY_FILE"]))
    monkeypatch.delenv("KIOSK_KEY_FILE")
    monkeypatch.delenv("KIOSK_DB_URL", raising=False)
    data_dir.chmod(0o755)
    umask = os.umask(0o022)  # a usual umask: group and others could read new files
    try:
        settings = load_settings(data_dir)
        assert settings.key_file == data_dir / "keys" / "personal-data.key"
        opened = open_database(settings)
        filled_draft(opened.db)
        sqlite = data_dir / "kiosk.sqlite3"
        files = [settings.key_file, sqlite, sqlite.with_name("kiosk.sqlite3-wal"),
                 sqlite.with_name("kiosk.sqlite3-shm")]
        assert {str(p): stat.S_IMODE(p.stat().st_mode) for p in files} == \
            {str(p): 0o600 for p in files}
        assert stat.S_IMODE(settings.key_file.parent.stat().st_mode) == 0o700
        assert len(settings.key_file.read_bytes()) == 32
        opened.db.dispose()
        from kiosk.settings import data_dir as the_data_dir
        assert the_data_dir() == data_dir and stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    finally:
        os.umask(umask)
        crypto.install_key(session_key)


def test_a_lost_key_replaced_leaves_old_fields_unreadable_and_the_rest_usable(
        db: Database, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dossier = received(db)
    draft = filled_draft(db)
    session_key = crypto.read_key(Path(os.environ["KIOSK_KEY_FILE"]))
    new_file = tmp_path / "new" / "personal-data.key"
    try:
        replace_lost_key(db, new_file)
        with pytest.raises(UserError) as refused:
            replace_lost_key(db, new_file)  # never over an existing key file
        assert refused.value.code == "personal_data_key_file_present"
        old = get_dossier(db, draft.id)
        assert old.applicant.id_number == crypto.UNREADABLE
        assert old.applicant.date_of_birth is None and old.answers == {}
        assert old.applicant.full_name == "Nguyễn Thị Hòa"  # names are not sealed
        assert lookup_status(db, dossier.code).code == dossier.code
        assert find_drafts(db, ID) == []
        assert get_job(db, dossier_receipt_job(db)).data == {}
        monkeypatch.setenv("KIOSK_KEY_FILE", str(new_file))
        open_database(load_settings(data_dir)).db.dispose()  # the new key opens it
        assert [d.id for d in find_drafts(db, ID)] == []
        fresh = filled_draft(db)
        assert [d.id for d in find_drafts(db, ID)] == [fresh.id]
    finally:
        crypto.install_key(session_key)


def dossier_receipt_job(db: Database) -> uuid.UUID:
    with db.read() as s:
        return s.scalar(select(PrintJob.id).where(PrintJob.kind == "receipt"))


# --- the portal and the logs ---------------------------------------------------------------

@pytest.fixture
def sim(tmp_path: Path) -> Iterator[Simulator]:
    simulator = Simulator(db_path=tmp_path / "portal.sqlite3", status_every=0, seed=1)
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
def app_logging(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's own logging (kiosk.logging_setup) at DEBUG into data_dir/logs."""
    from kiosk.logging_setup import setup_logging

    root = logging.getLogger()
    kept = [h for h in root.handlers if getattr(h, "_kiosk", False)]
    level = root.level
    for handler in kept:
        root.removeHandler(handler)
    monkeypatch.setenv("KIOSK_LOG_LEVEL", "DEBUG")
    settings = load_settings(data_dir)
    setup_logging(settings)
    yield settings.log_dir
    for handler in [h for h in root.handlers if getattr(h, "_kiosk", False)]:
        root.removeHandler(handler)
        handler.close()
    for handler in kept:
        root.addHandler(handler)
    root.setLevel(level)


def test_a_full_receive_and_sync_logs_no_citizen_id_and_sends_the_frozen_text(
        db: Database, sim: Simulator, data_dir: Path, app_logging: Path) -> None:
    from tests.sync.test_worker import make_worker

    seed_demo(db, 5, seed=7)
    dossier = received(db)
    saved = account_request(db)
    with db.read() as s:
        frozen = {row.id: row.payload for row in s.scalars(select(Outbox))}
    rows = due_rows(db, datetime.now(UTC), 100)
    assert {r.id: r.payload for r in rows} == frozen
    assert all(payload_sha256(r.payload) == r.payload_sha256 for r in rows)
    summary = make_worker(db, sim, data_dir).run_cycle()
    assert summary.accepted == len(frozen) and summary.error is None
    for row_id, frozen_text in frozen.items():  # what the portal stored is the frozen text
        record = sim.record(str(row_id))
        assert record is not None and record["payload"] == frozen_text
    assert lookup_status(db, dossier.code).sent
    logged = b"".join(p.read_bytes() for p in app_logging.glob("*.log*"))
    assert logged  # the run did log
    found = [n.decode() for n in clear_texts(people(db)) if n in logged]
    assert found == [] and saved.request_id


def test_a_purged_dossier_is_no_longer_found_by_its_id_number(db: Database) -> None:
    """Purging clears the keyed hash with the number (kiosk/services/purge.py)."""
    from sqlalchemy import update

    from kiosk.services.purge import purge

    seed_demo(db, 3, seed=8)
    with db.read() as s:
        target, number = s.execute(select(Dossier.id, Dossier.applicant_id_number)).first()
    with db.write() as s:
        s.execute(update(Dossier).where(Dossier.id == target).values(
            portal_status="done", portal_status_at=datetime.now(UTC) - timedelta(days=400)))
    assert [r.id for r in search_dossiers(db, number)] == [target]
    assert purge(db, days=180, data_folder=None).dossiers == 1
    assert search_dossiers(db, number) == []
    with db.read() as s:
        assert s.get(Dossier, target).applicant_id_hash is None
