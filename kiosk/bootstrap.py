"""Opening the database for a process: upgrade the schema, then first-start data.

Run once per process (GUI or CLI) before anything else touches the database.
Each step is idempotent and cheap when already done, so every start runs them.
A process that opens the database without it calls `unlock_personal_data` first:
personal fields are encrypted with a key kept outside the database (docs/SECURITY.md).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from kiosk.catalog import ensure_bundled_catalog
from kiosk.db.engine import Database
from kiosk.db.migrate import upgrade
from kiosk.services.holidays import ensure_holidays
from kiosk.services.office_setup import OfficeInfo, ensure_office
from kiosk.services.personal_data import encrypt_existing, unlock
from kiosk.services.staff import ensure_first_admin
from kiosk.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Opened:
    db: Database
    office: OfficeInfo
    first_admin_pin: str | None  # set only on the start that created the first admin
    schema_before: str | None  # the revision found before this start upgraded it


def open_database(settings: Settings, *, first_start_data: bool = True) -> Opened:
    return prepare_database(Database(settings.db_url), settings,
                            first_start_data=first_start_data)


def prepare_database(db: Database, settings: Settings, *,
                     first_start_data: bool = True) -> Opened:
    """Terminals starting together take turns here (one office server, many kiosks)."""
    with db.exclusive("kiosk-bootstrap"):
        before = upgrade(db)
        unlock(db, settings.key_file)  # the personal data key, before any personal field
        encrypt_existing(db)  # fields from before encryption; one read once done
        office = ensure_office(db, settings)
        pin = None
        if first_start_data:
            ensure_bundled_catalog(db)
            ensure_holidays(db)
            pin = ensure_first_admin(db, settings.folder)
    return Opened(db, office, pin, before)


def unlock_personal_data(db: Database, settings: Settings) -> str:
    """For a process that opens an already bootstrapped database without `open_database`
    (a benchmark's worker): check and install the key, never make one. Its key id."""
    return unlock(db, settings.key_file, create=False)
