"""The personal data key against the database: checked at every start, set on the first,
replaced only on purpose when lost; and personal fields from before encryption sealed.

`unlock` runs in the bootstrap (and in any process that opens the database without
it), before anything reads or writes a personal field. The database keeps a known
text sealed with its key (`crypto_state` row "check"): a key file that cannot open it
is refused at start with what to do, instead of reading as garbage later. Nothing
here ever overwrites a key file. Runs on the DB worker thread or in the CLI.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Text, and_, bindparam, or_, select, type_coerce, update

from kiosk import crypto
from kiosk.clock import utc_now
from kiosk.db.engine import Database
from kiosk.errors import UserError
from kiosk.models import AccountRequest, CryptoState, Dossier, Outbox, PrintJob

log = logging.getLogger(__name__)

CHECK, KEY_ID, PLAINTEXT_LEFT, REPLACED = "check", "key_id", "plaintext_left", "replaced"
KNOWN_TEXT = "mot-cua-kiosk personal data key check"
CHUNK = 500
GUIDE = "docs/SECURITY.md"

# the encrypted columns of each table, and (id number, its keyed hash) where there is one
SEALED: tuple[tuple[Any, tuple[str, ...], tuple[str, str] | None], ...] = (
    (Dossier, ("applicant_id_number", "applicant_date_of_birth", "applicant_phone",
               "applicant_email", "answers"), ("applicant_id_number", "applicant_id_hash")),
    (AccountRequest, ("id_number", "date_of_birth", "phone", "email", "answers"),
     ("id_number", "id_number_hash")),
    (Outbox, ("payload",), None),
    (PrintJob, ("data",), None),
)


def _values(db: Database) -> dict[str, str | None]:
    with db.read() as s:
        return dict(s.execute(select(CryptoState.name, CryptoState.value)).all())


def unlock(db: Database, key_file: Path, *, create: bool = True) -> str:
    """Install the process's key after checking it opens this database's personal fields;
    returns the key's id. A database that has none sealed yet (new, or from before
    encryption) takes the key file's key, made first if `create` and there is none."""
    state = _values(db)
    key = crypto.read_key(key_file)
    if state.get(CHECK) is None:
        if key is None:
            if not create:
                raise _missing(key_file, None)
            key = crypto.create_key(key_file)
        crypto.install_key(key)
        _seal_check(db)
        return crypto.installed_key_id() or ""
    if key is None:
        raise _missing(key_file, state.get(KEY_ID))
    ring = crypto.Keyring.from_key(key)
    if not crypto.opens(ring, state[CHECK] or "", KNOWN_TEXT):
        raise UserError(
            "personal_data_key_wrong",
            f"The personal data key file {key_file} (key {ring.key_id}) is not the key this "
            f"database was written with (key {state.get(KEY_ID) or '?'}); nothing was changed. "
            f"Put the right key file there (its backup, or a copy from another terminal of this "
            f"office), or set security.key_file / KIOSK_KEY_FILE to it: see {GUIDE}",
            path=str(key_file), key_id=ring.key_id, expected=state.get(KEY_ID) or "")
    crypto.install_key(key)
    return ring.key_id


def _missing(key_file: Path, expected: str | None) -> UserError:
    return UserError(
        "personal_data_key_missing",
        f"The personal data key file {key_file} is missing"
        + (f", but this database's personal fields were encrypted with a key (key {expected})"
           if expected else "") + "; no new key was made. "
        f"Restore the key file from its backup, or copy it from another terminal of this "
        f"office, to that place, or set security.key_file / KIOSK_KEY_FILE to it: see {GUIDE}",
        path=str(key_file), expected=expected or "")


def _seal_check(db: Database) -> None:
    with db.write() as s:
        for name, value in ((CHECK, crypto.encrypt_text(KNOWN_TEXT)),
                            (KEY_ID, crypto.installed_key_id())):
            row = s.get(CryptoState, name)
            if row is None:
                s.add(CryptoState(name=name, value=value))
            else:
                row.value = value


def key_status(db: Database, key_file: Path) -> dict[str, Any]:
    """Where the key file is, its id, the database's key id, whether they match; reads only."""
    state = _values(db)
    try:
        key, problem = crypto.read_key(key_file), None
    except UserError as exc:
        key, problem = None, exc.code
    ring = crypto.Keyring.from_key(key) if key is not None else None
    sealed = state.get(CHECK)
    if problem is None and sealed is not None:
        if ring is None:
            problem = "personal_data_key_missing"
        elif not crypto.opens(ring, sealed, KNOWN_TEXT):
            problem = "personal_data_key_wrong"
    return {"key_file": str(key_file), "key_id": ring.key_id if ring else None,
            "database_key_id": state.get(KEY_ID), "opens_database": problem is None,
            "problem": problem, "replaced": state.get(REPLACED),
            "plaintext_left": PLAINTEXT_LEFT in state}


def replace_lost_key(db: Database, key_file: Path) -> str:
    """For an office whose key is lost for good: a new key for the records made from now
    on. Personal fields sealed with the lost key stay unreadable (they read as
    "[unreadable]"); codes, numbers, statuses and statistics are untouched. Refused while
    a key file is at `key_file` (move a wrong one away first: nothing is overwritten)."""
    state = _values(db)
    if state.get(CHECK) is None:
        raise UserError("personal_data_key_not_lost", "This database has no personal data "
                        "sealed with a key yet: nothing to replace")
    if crypto.read_key(key_file) is not None:
        raise UserError("personal_data_key_file_present",
                        f"There is a key file at {key_file}: if it is the wrong one, move it "
                        f"elsewhere first (it is never overwritten)", path=str(key_file))
    crypto.install_key(crypto.create_key(key_file))
    lost = state.get(KEY_ID) or "?"
    _seal_check(db)
    with db.write() as s:
        s.merge(CryptoState(name=REPLACED, value=f"{lost} lost, replaced at "
                            f"{utc_now().isoformat(timespec='seconds')}"))
    new_id = crypto.installed_key_id() or ""
    log.warning("personal data key %s replaced by a new key %s: fields sealed with the lost "
                "key are unreadable", lost, new_id)
    return new_id


def encrypt_existing(db: Database) -> int:
    """Seal the personal fields written before encryption and fill their keyed hashes,
    in chunks (each its own transaction: an interrupted run goes on at the next start).
    Migration 0007 leaves the marker row that asks for it; once done, this is one
    primary-key read. Returns the rows rewritten."""
    if PLAINTEXT_LEFT not in _values(db):
        return 0
    done = sum(_seal_table(db, *table) for table in SEALED)
    if done:
        _drop_old_copies(db)
    with db.write() as s:
        marker = s.get(CryptoState, PLAINTEXT_LEFT)
        if marker is not None:
            s.delete(marker)
    log.info("personal fields from before encryption sealed: %d rows", done)
    return done


def _drop_old_copies(db: Database) -> None:
    """The rows just sealed leave their plaintext in free pages (SQLite, its WAL) or dead
    row versions (PostgreSQL) until overwritten: rewrite the tables once so the file
    holds none. Backups made before this start still do (docs/SECURITY.md)."""
    tables = [model.__tablename__ for model, _, _ in SEALED]
    if db.dialect == "sqlite":
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.close()
        finally:
            raw.close()
    elif db.dialect == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in tables:
                conn.exec_driver_sql(f"VACUUM FULL {table}")


def _seal_table(db: Database, model: Any, names: tuple[str, ...],
                hashed: tuple[str, str] | None) -> int:
    table = model.__table__
    wanted = [type_coerce(table.c[n], Text).not_like(f"{crypto.PREFIX}%") for n in names]
    if hashed:
        wanted.append(and_(table.c[hashed[0]].is_not(None), table.c[hashed[1]].is_(None)))
    values: dict[str, Any] = {n: bindparam(f"b_{n}", type_=table.c[n].type) for n in names}
    if hashed:
        values[hashed[1]] = bindparam(f"b_{hashed[1]}", type_=table.c[hashed[1]].type)
    if "updated_at" in table.c:
        values["updated_at"] = table.c.updated_at  # not a change of the record: no onupdate
    rewrite = update(table).where(table.c.id == bindparam("b_id")).values(values)
    count, last = 0, None
    while True:
        query = select(table.c.id, *(table.c[n] for n in names)).where(or_(*wanted)) \
            .order_by(table.c.id).limit(CHUNK)
        if last is not None:
            query = query.where(table.c.id > last)
        with db.write() as s:
            rows = s.execute(query).all()
            if not rows:
                return count
            params = []
            for row in rows:
                param = {"b_id": row.id, **{f"b_{n}": getattr(row, n) for n in names}}
                if hashed:
                    number = getattr(row, hashed[0])
                    param[f"b_{hashed[1]}"] = None if number in (None, crypto.UNREADABLE) \
                        else crypto.keyed_hash(number)
                params.append(param)
            s.connection().execute(rewrite, params)
        count += len(rows)
        last = rows[-1].id
