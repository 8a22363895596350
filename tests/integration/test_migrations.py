"""Migrations build exactly the models' schema; the start-up shortcut names the real head."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from kiosk.db.engine import Database
from kiosk.db.migrate import HEAD_REVISION, current_revision, head_revision, upgrade
from kiosk.models import Base


def test_head_revision_constant_is_alembics_head() -> None:
    assert head_revision() == HEAD_REVISION


def test_migrated_database_matches_the_models(db: Database) -> None:
    assert current_revision(db) == HEAD_REVISION
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert diff == []


def test_upgrade_from_empty_and_again_is_a_no_op(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    assert upgrade(db) is None
    assert upgrade(db) == HEAD_REVISION
    assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())
    db.dispose()


def test_sqlite_pragmas_are_set(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    db.dispose()


def test_a_newer_schema_is_refused_with_a_clear_message(db: Database, capsys) -> None:
    from sqlalchemy import text

    from kiosk.cli import main

    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    assert main(["service", "list"]) == 2
    err = capsys.readouterr().err
    assert "newer than this program" in err and len(err.strip().splitlines()) == 1
