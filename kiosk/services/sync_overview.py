"""What staff see of sync, and how they fix a record the portal would not take.

`sync_overview` gathers the counts, last success and error, the clock offset and
anything waiting over a day. `needing_staff` lists rejected, conflicting and
quarantined records with the portal's errors; `resend_fixed` freezes a corrected
copy as a new outbox row that names the old one (a sent record is never edited:
the portal holds it under its id forever). Thread: the DB worker or the CLI.
"""
from __future__ import annotations

import copy
import json
import re
import uuid
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from kiosk.citizen_id import validate_citizen_id
from kiosk.clock import as_utc, utc_now
from kiosk.db.engine import Database
from kiosk.errors import NotFound, UserError
from kiosk.models import Dossier, Outbox, SyncState
from kiosk.phone import normalise_phone
from kiosk.services import audit
from kiosk.services.outbox import NEEDS_STAFF, outbox_row
from kiosk.textnorm import clean_text, fold_for_search

CLOCK_WARNING_S = 300  # portal-api.md: an offset over 300 s is shown to staff
OVERDUE = timedelta(days=1)
_PATH = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*|\[\d{1,3}\])*$")


@dataclass(frozen=True)
class SyncOverview:
    pending: int
    delivered: int
    needs_staff: int
    overdue: int  # pending for more than a day: staff are alerted
    oldest_pending_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    clock_offset_s: float | None

    @property
    def clock_warning(self) -> bool:
        return self.clock_offset_s is not None and abs(self.clock_offset_s) > CLOCK_WARNING_S

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "clock_warning": self.clock_warning}


def _when(value: str | None) -> datetime | None:
    try:
        return as_utc(datetime.fromisoformat(value)) if value else None
    except ValueError:
        return None


def sync_overview(db: Database, now: datetime | None = None) -> SyncOverview:
    now = now or utc_now()
    with db.read() as s:
        by_state = dict(s.execute(
            select(Outbox.state, func.count()).where(Outbox.replaced_at.is_(None))
            .group_by(Outbox.state)).all())
        oldest = s.scalar(select(func.min(Outbox.created_at)).where(Outbox.state == "pending"))
        overdue = s.scalar(select(func.count()).select_from(Outbox).where(
            Outbox.state == "pending", Outbox.created_at < now - OVERDUE)) or 0
        values = dict(s.execute(select(SyncState.name, SyncState.value)).all())
    try:
        offset = float(values["clock_offset_s"]) if values.get("clock_offset_s") else None
    except ValueError:
        offset = None
    return SyncOverview(
        pending=by_state.get("pending", 0),
        delivered=by_state.get("accepted", 0) + by_state.get("duplicate", 0),
        needs_staff=sum(by_state.get(state, 0) for state in NEEDS_STAFF),
        overdue=overdue,
        oldest_pending_at=as_utc(oldest) if oldest else None,
        last_success_at=_when(values.get("last_success_at")),
        last_error=values.get("last_error"),
        last_error_at=_when(values.get("last_error_at")),
        clock_offset_s=offset,
    )


@dataclass(frozen=True)
class ReviewItem:
    """A record staff must look at, with the fields the portal named and their values."""

    id: uuid.UUID
    record_type: str
    record_id: uuid.UUID
    state: str  # rejected | conflict | quarantined
    errors: list[dict[str, str]]
    values: dict[str, str]  # error field path -> the value sent
    who: str  # the applicant's name, for staff to recognise the record
    portal_ref: str | None
    created_at: datetime
    fixable: bool  # the payload can be read, so a corrected copy can be made


def _get(payload: Any, path: str) -> Any:
    for part in re.findall(r"[a-z_]+|\[\d+\]", path):
        if part.startswith("["):
            index = int(part[1:-1])
            payload = payload[index] if isinstance(payload, list) and index < len(payload) \
                else None
        else:
            payload = payload.get(part) if isinstance(payload, dict) else None
    return payload


def _errors(row: Outbox) -> list[dict[str, str]]:
    try:
        errors = json.loads(row.last_error or "[]")
    except ValueError:
        errors = None
    if not isinstance(errors, list):  # quarantine and conflict carry a plain sentence
        return [{"field": "", "code": row.state, "message": row.last_error or ""}]
    return [e for e in errors if isinstance(e, dict)]


def needing_staff(db: Database, limit: int = 200) -> list[ReviewItem]:
    with db.read() as s:
        rows = s.scalars(select(Outbox).where(Outbox.state.in_(NEEDS_STAFF),
                                              Outbox.replaced_at.is_(None))
                         .order_by(Outbox.created_at).limit(limit)).all()
    items = []
    for row in rows:
        try:
            payload = json.loads(row.payload)
        except ValueError:
            payload = None
        errors = _errors(row)
        values = {}
        if isinstance(payload, dict):
            for error in errors:
                path = error.get("field", "")
                if path and _PATH.match(path):
                    value = _get(payload, path)
                    values[path] = "" if value is None else str(value)
        who = ""
        if isinstance(payload, dict):
            who = str(_get(payload, "applicant.full_name") or payload.get("full_name") or "")
        items.append(ReviewItem(row.id, row.record_type, row.record_id, row.state, errors,
                                values, who, row.portal_ref, row.created_at,
                                isinstance(payload, dict)))
    return items


def _clean(path: str, value: str, born: date | None) -> Any:
    """A corrected value checked the way the form checks it; '' clears an optional field."""
    text = clean_text(value) or ""
    if not text:
        return None
    leaf = path.rsplit(".", 1)[-1]
    if leaf == "id_number":
        return validate_citizen_id(text, born)
    if leaf == "date_of_birth":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise UserError("date_invalid", f"{path} must be a date (YYYY-MM-DD)",
                            field=path) from None
    if leaf == "phone":
        return normalise_phone(text)
    if leaf in ("fee_vnd", "copies"):
        if not text.isdigit():
            raise UserError("not_a_number", f"{path} must be a whole number", field=path)
        return int(text)
    return text


def _put(payload: dict[str, Any], path: str, value: Any) -> None:
    parts = re.findall(r"[a-z_]+|\[\d+\]", path)
    target: Any = payload
    for part in parts[:-1]:
        target = target[int(part[1:-1])] if part.startswith("[") else target.setdefault(part, {})
    last = parts[-1]
    if last.startswith("["):
        target[int(last[1:-1])] = value
    else:
        target[last] = value


_DOSSIER_COLUMNS = {"applicant.full_name": "applicant_full_name",
                    "applicant.id_number": "applicant_id_number",
                    "applicant.phone": "applicant_phone", "applicant.email": "applicant_email",
                    "applicant.address": "applicant_address"}


def resend_fixed(db: Database, outbox_id: uuid.UUID, changes: dict[str, str], *,
                 staff_id: int | None = None) -> uuid.UUID:
    """Queue a corrected copy under a new id naming the old one; returns the new id. The
    audit trail gets the paths of the fields changed, never their values."""
    for path in changes:
        if not _PATH.match(path):
            raise UserError("bad_field_path", f"{path!r} is not a field of the record", field=path)
    with db.write() as s:
        row = s.get(Outbox, outbox_id, with_for_update=True)
        if row is None:
            raise NotFound("record_not_found", "No such record in the outbox")
        if row.state not in NEEDS_STAFF or row.replaced_at is not None:
            raise UserError("record_not_fixable", "This record was delivered or already "
                            "sent again; it cannot be changed")
        try:
            payload = json.loads(row.payload)
        except ValueError:
            raise UserError("record_unreadable", "The stored copy of this record cannot be "
                            "read; enter it again") from None
        named = {error.get("field") for error in _errors(row)}
        for path in changes:
            parent, _, leaf = path.rpartition(".")
            holder = _get(payload, parent) if parent else payload
            if path not in named and not (isinstance(holder, dict) and leaf in holder):
                raise UserError("bad_field_path", f"{path!r} is not a field of the record",
                                field=path)
        fixed = copy.deepcopy(payload)
        born_text = changes.get("applicant.date_of_birth") or \
            _get(payload, "applicant.date_of_birth") or payload.get("date_of_birth")
        try:
            born = date.fromisoformat(str(born_text)) if born_text else None
        except ValueError:
            born = None
        cleaned = {path: _clean(path, value, born) for path, value in changes.items()}
        for path, value in cleaned.items():
            try:
                _put(fixed, path, value)
            except (IndexError, KeyError, TypeError, AttributeError):
                raise UserError("bad_field_path", f"{path!r} is not a field of the record",
                                field=path) from None
        new = Outbox(**outbox_row(row.record_type, row.record_id, fixed, id=uuid.uuid4(),
                                  replaces_id=row.id))
        s.add(new)
        row.replaced_at = utc_now()
        if row.record_type == "dossier":
            dossier = s.get(Dossier, row.record_id)
            for path, value in cleaned.items():
                column = _DOSSIER_COLUMNS.get(path)
                if dossier is not None and column and value is not None:
                    setattr(dossier, column, value)
                    if column == "applicant_full_name":
                        dossier.applicant_name_folded = fold_for_search(value)
        s.flush()
        audit.record(s, "sync_resend", staff_id=staff_id,
                     subject=f"{row.record_type}:{row.record_id}",
                     details={"outbox_id": str(row.id), "new_outbox_id": str(new.id),
                              "fields": sorted(changes)})
        return new.id
