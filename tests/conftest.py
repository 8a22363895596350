"""Shared fixtures: a real database per test, built once and copied (as Anki's tests do).

KIOSK_TEST_DB chooses the backend for the whole run: `sqlite` (default) or
`postgresql` (KIOSK_TEST_PG_URL, default postgresql://postgres@127.0.0.1:5432/test).
On PostgreSQL a template database is migrated and bootstrapped once per run and
each test gets `CREATE DATABASE ... TEMPLATE` of it; on SQLite a file copy.
When CI is set, a missing PostgreSQL fails the run instead of skipping it.
"""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import atexit
import itertools
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kiosk import crypto
from kiosk.bootstrap import Opened, open_database
from kiosk.db.engine import Database
from kiosk.settings import Settings, load_settings

BACKEND = os.environ.get("KIOSK_TEST_DB", "sqlite")
PG_URL = os.environ.get("KIOSK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = bool(os.environ.get("CI"))
_counter = itertools.count()


def _session_key() -> None:
    """One personal data key for the whole run, as every terminal of an office shares one
    (docs/SECURITY.md): the template's copies open with it, and so do subprocesses."""
    if os.environ.get("KIOSK_KEY_FILE"):
        return
    folder = Path(tempfile.mkdtemp(prefix="kiosk-test-key-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "keys" / "personal-data.key"
    crypto.create_key(path)
    os.environ["KIOSK_KEY_FILE"] = str(path)


_session_key()


def pytest_report_header(config: pytest.Config) -> str:
    return f"kiosk database backend: {BACKEND}" + (f" ({PG_URL})" if BACKEND == "postgresql" else "")


def _pg_admin_engine():
    url = make_url(PG_URL).set(drivername="postgresql+psycopg")
    return create_engine(url, isolation_level="AUTOCOMMIT")


def pg_available() -> str | None:
    """None if the test PostgreSQL answers, else why not."""
    try:
        engine = _pg_admin_engine()
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def require_postgres() -> None:
    why = pg_available()
    if why is None:
        return
    if IN_CI:
        pytest.fail(f"PostgreSQL is required in CI but unreachable at {PG_URL}: {why}")
    pytest.skip(f"PostgreSQL unreachable at {PG_URL}: {why}")


def pg_url_for(database: str) -> str:
    return make_url(PG_URL).set(drivername="postgresql+psycopg", database=database) \
        .render_as_string(hide_password=False)


class _Template:
    """The bootstrapped database of this run, to copy per test."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name = f"kiosk_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.url = (pg_url_for(self.name) if BACKEND == "postgresql"
                    else f"sqlite:///{folder / 'template.sqlite3'}")
        if BACKEND == "postgresql":
            require_postgres()
            with _pg_admin_engine().connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        data = folder / "template-data"
        data.mkdir()
        opened = open_database(_settings(data, self.url))
        self.admin_pin = opened.first_admin_pin  # the PIN of the template's `admin`
        opened.db.dispose()

    def copy(self, folder: Path) -> str:
        if BACKEND == "postgresql":
            name = f"kiosk_t_{os.getpid()}_{next(_counter)}"
            with _pg_admin_engine().connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"'))
            return pg_url_for(name)
        target = folder / "kiosk.sqlite3"
        shutil.copyfile(self.folder / "template.sqlite3", target)
        return f"sqlite:///{target}"

    def drop(self, url: str) -> None:
        if BACKEND != "postgresql":
            return
        name = make_url(url).database
        with _pg_admin_engine().connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        self.drop(self.url)


def _settings(folder: Path, url: str) -> Settings:
    os.environ["KIOSK_DB_URL"] = url
    try:
        return load_settings(folder)
    finally:
        del os.environ["KIOSK_DB_URL"]


@pytest.fixture(scope="session")
def db_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Template]:
    template = _Template(tmp_path_factory.mktemp("template"))
    yield template
    template.close()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("KIOSK_DATA_DIR", str(folder))
    for name in ("KIOSK_LANG", "KIOSK_PORTAL_URL", "KIOSK_OFFICE_CODE"):
        monkeypatch.delenv(name, raising=False)
    return folder


@pytest.fixture
def db_url(db_template: _Template, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh copy of the bootstrapped database; KIOSK_DB_URL points at it."""
    url = db_template.copy(data_dir)
    monkeypatch.setenv("KIOSK_DB_URL", url)
    yield url
    db_template.drop(url)


@pytest.fixture
def empty_db_url(data_dir: Path) -> Iterator[str]:
    """A database with nothing in it yet (no schema): a kiosk's very first start."""
    if BACKEND == "postgresql":
        require_postgres()
        name = f"kiosk_e_{os.getpid()}_{next(_counter)}"
        with _pg_admin_engine().connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = pg_url_for(name)
        yield url
        with _pg_admin_engine().connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        yield f"sqlite:///{data_dir / 'first-start.sqlite3'}"


@pytest.fixture
def settings(db_url: str, data_dir: Path) -> Settings:
    return load_settings(data_dir)


@pytest.fixture
def opened(settings: Settings) -> Iterator[Opened]:
    result = open_database(settings)
    yield result
    result.db.dispose()


@pytest.fixture
def db(opened: Opened) -> Database:
    return opened.db
