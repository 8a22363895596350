"""All tables, imported in one place so Alembic and the services see the same metadata."""
from __future__ import annotations

from kiosk.models.base import Base, new_id
from kiosk.models.dossier import AccountRequest, Dossier, DossierDocument, Procedure
from kiosk.models.operations import (AuditLog, CryptoState, Holiday, Outbox, PortalUpload,
                                     PrintJob, SyncState)
from kiosk.models.org import Counter, Office, Service, StaffUser, counter_service
from kiosk.models.queue import SequenceCounter, Ticket, TicketEvent

__all__ = [
    "AccountRequest", "AuditLog", "Base", "Counter", "CryptoState", "Dossier", "DossierDocument",
    "Holiday", "Office", "Outbox", "PortalUpload", "PrintJob", "Procedure", "SequenceCounter", "Service",
    "StaffUser", "SyncState", "Ticket", "TicketEvent", "counter_service", "new_id",
]
