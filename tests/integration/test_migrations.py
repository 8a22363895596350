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


def test_an_old_database_is_upgraded_with_its_rows_kept(empty_db_url: str) -> None:
    """A kiosk in the field is upgraded, never wiped: rows made under 0001 survive to head,
    and the upgraded schema is exactly the models' (the partial unique index included)."""
    from alembic import command
    from sqlalchemy import text

    from kiosk.db.migrate import alembic_config

    db = Database(empty_db_url)
    config = alembic_config(db)
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO office (code, name, agency, address, created_at) "
                          "VALUES ('000.00.01.H22', 'Một cửa', 'UBND', '', '2026-01-05')"))
        conn.execute(text(
            "INSERT INTO service (office_id, code, name_vi, name_en, group_vi, group_en, prefix, "
            "sectors, sort, opens, closes, active) VALUES (1, 'ho-tich', 'Hộ tịch', '', '', '', "
            "'A', '[]', 0, '07:30', '17:00', true)"))
        conn.execute(text(
            "INSERT INTO ticket (id, office_id, service_id, business_date, number, label, state, "
            "issued_at, source) VALUES ('6a1d8f0e-8c3b-4f7e-a0b2-5f7a9e2c1d34', 1, 1, "
            "'2026-01-05', 1, 'A001', 'waiting', '2026-01-05 01:00:00', 'kiosk')"))
    assert upgrade(db) == "0001"
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT label FROM ticket")).scalar() == "A001"
        assert conn.execute(text("SELECT announce_volume FROM office")).scalar() == 80
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert diff == []
    db.dispose()
