"""What the admin window's overview shows, in one read."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from kiosk.db.engine import Database
from kiosk.db.migrate import current_revision
from kiosk.models import Dossier, Procedure, StaffUser
from kiosk.services.office_setup import OfficeInfo, office_info
from kiosk.services.outbox import OutboxCounts, outbox_counts


@dataclass(frozen=True)
class AdminOverview:
    office: OfficeInfo
    database: str  # URL without password
    schema_revision: str | None
    procedures: int
    commune_procedures: int
    dossiers: int
    staff: int
    outbox: OutboxCounts


def admin_overview(db: Database) -> AdminOverview:
    with db.read() as s:
        procedures = s.scalar(select(func.count()).select_from(Procedure)) or 0
        commune = s.scalar(select(func.count()).select_from(Procedure)
                           .where(Procedure.level == "commune")) or 0
        dossiers = s.scalar(select(func.count()).select_from(Dossier)) or 0
        staff = s.scalar(select(func.count()).select_from(StaffUser)) or 0
    return AdminOverview(office_info(db), db.engine.url.render_as_string(hide_password=True),
                         current_revision(db), procedures, commune, dossiers, staff,
                         outbox_counts(db))
