"""Schema upgrades with Alembic, applied at every start and by `kiosk db upgrade`.

A kiosk in the field is upgraded, never wiped. Start-up stays fast: when the
database already carries HEAD_REVISION, Alembic is not even imported.
"""
from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import inspect, text

from kiosk.db.engine import Database
from kiosk.errors import UserError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD_REVISION = "0007"  # tests check this is Alembic's head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config(db: Database):  # -> alembic.config.Config
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return config


def upgrade(db: Database, revision: str = "head") -> str | None:
    """Bring the schema to `revision`; returns the revision it was at before.

    Callers running beside other terminals hold `db.exclusive(...)` (PostgreSQL);
    on SQLite the migration runs in a BEGIN IMMEDIATE transaction, so a second
    process waits and then finds the work done.
    """
    before = current_revision(db)
    if revision == "head" and before == HEAD_REVISION:
        return before
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    config = alembic_config(db)
    if before is not None:
        try:
            ScriptDirectory.from_config(config).get_revision(before)
        except CommandError:
            raise UserError("schema_newer", f"The database's schema ({before}) is newer than this "
                            f"program knows ({HEAD_REVISION}): update the program") from None
    with db.immediate_connection() as conn:
        sqlite = db.dialect == "sqlite"
        if sqlite:  # batch migrations copy tables: SQLite must not check keys mid-copy
            _raw_pragma(conn, "PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left broken references: {broken[:5]}")
        finally:
            if sqlite:
                _raw_pragma(conn, "PRAGMA foreign_keys=ON")
    log.info("schema upgraded from %s to %s", before, revision)
    return before


def _raw_pragma(conn, pragma: str) -> None:  # noqa: ANN001 - a SQLAlchemy Connection
    """Run a PRAGMA outside any transaction (inside one, foreign_keys is ignored)."""
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute(pragma)
    finally:
        cursor.close()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(Database("sqlite://"))).get_current_head()
    assert head is not None
    return head
