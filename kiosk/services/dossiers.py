"""Dossier drafts and lookups: what the wizard saves at every step, and how a dossier
is found again (by the counter, by ticket or QR; by the citizen, by code, offline).

A draft is a `dossier` row in state `draft`, written in one short transaction per
wizard step, so a crash or a power cut loses at most the page being typed (SQLite
runs synchronous=FULL). Receiving it is kiosk/services/reception.py. Runs on the
UI's DB worker thread, the CLI or a benchmark.
"""
from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session, selectinload

from kiosk.attachments import StoredFile
from kiosk.clock import business_date, utc_now
from kiosk.crypto import keyed_hash
from kiosk.db.engine import Database
from kiosk.errors import NotFound, UserError
from kiosk.models import Dossier, DossierDocument, Procedure, Ticket
from kiosk.printables import TICKET_QR_PREFIX
from kiosk.services.office_setup import the_office
from kiosk.services.outbox import canonical_json
from kiosk.services.printables import LOOKUP_PREFIX
from kiosk.textnorm import (  # noqa: F401 - fold_for_search re-used by callers
    clean_text,
    fold_for_search,
    storable,
)

SOURCES = ("kiosk", "volunteer", "counter")
_ID_NUMBER = re.compile(r"\d{9}|\d{12}")
MAX_ANSWERS_CHARS = 200_000  # a whole form with a repeat of 20 family members fits easily


@dataclass(frozen=True)
class DocumentInfo:
    position: int
    code: str
    name: str
    originals: int
    copies: int
    received: bool
    attachment_sha256: str | None


@dataclass(frozen=True)
class Applicant:
    """The applicant columns of a dossier (from the form's `map_to` fields)."""

    full_name: str = ""
    id_number: str | None = None
    date_of_birth: date | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class DossierInfo:
    id: uuid.UUID
    state: str
    code: str | None
    procedure_code: str
    procedure_name: str
    procedure_name_en: str
    form: dict[str, Any]
    form_version: int
    answers: dict[str, Any]
    draft_step: str | None
    source: str
    ticket_id: uuid.UUID | None
    applicant: Applicant
    documents: tuple[DocumentInfo, ...]
    fee_vnd: int | None  # the procedure's fee until received, then what was charged
    fee_text: str
    deadline_days: int | None
    payment_method: str | None
    received_at: datetime | None
    appointment_at: datetime | None
    updated_at: datetime


def dossier_info(dossier: Dossier, procedure: Procedure) -> DossierInfo:
    received = dossier.state != "draft"
    return DossierInfo(
        dossier.id, dossier.state, dossier.code, procedure.code, procedure.name,
        procedure.name_en or procedure.name, procedure.form, dossier.form_version,
        dict(dossier.answers), dossier.draft_step, dossier.source, dossier.ticket_id,
        Applicant(dossier.applicant_full_name, dossier.applicant_id_number,
                  dossier.applicant_date_of_birth, dossier.applicant_phone,
                  dossier.applicant_email, dossier.applicant_address),
        tuple(DocumentInfo(d.position, d.code, d.name, d.originals, d.copies, d.received,
                           d.attachment_sha256) for d in dossier.documents),
        dossier.fee_vnd if received else procedure.fee_vnd, procedure.fee_text,
        procedure.deadline_days, dossier.payment_method, dossier.received_at,
        dossier.appointment_at, dossier.updated_at)


def _procedure(s: Session, code: str) -> Procedure:
    procedure = s.get(Procedure, code.strip())
    if procedure is None or not procedure.active:
        raise NotFound("no_such_procedure", f"No procedure {code!r} in the catalog", 
                       procedure=code)
    return procedure


def checklist(procedure: Procedure) -> list[DossierDocument]:
    """The papers to hand in: the catalog's documents less its notes (an item with no
    original and no copy is a condition to read, not a paper to tick)."""
    return [DossierDocument(position=i, code=d.get("code", ""), name=d["name"],
                            originals=d.get("originals", 0), copies=d.get("copies", 0))
            for i, d in enumerate(procedure.documents)
            if d.get("originals", 0) or d.get("copies", 0)]


def start_draft(db: Database, procedure_code: str, *, source: str = "kiosk",
                ticket_id: uuid.UUID | None = None,
                assisted_by: int | None = None) -> DossierInfo:
    """A new, empty dossier for a procedure, with its documents checklist."""
    if source not in SOURCES:
        raise UserError("bad_source", f"Source must be one of {', '.join(SOURCES)}")
    with db.write() as s:
        procedure = _procedure(s, procedure_code)
        if ticket_id is not None and s.get(Ticket, ticket_id) is None:
            raise NotFound("no_such_ticket", f"No ticket {ticket_id}")
        dossier = Dossier(id=uuid.uuid4(), office_id=the_office(s).id,
                          procedure_code=procedure.code, form_version=procedure.form_version,
                          state="draft", source=source, ticket_id=ticket_id,
                          assisted_by=assisted_by, answers={}, fee_vnd=0,
                          documents=checklist(procedure))
        s.add(dossier)
        s.flush()
        return dossier_info(dossier, procedure)


def _load(s: Session, dossier_id: uuid.UUID, *, lock: bool = False) -> Dossier:
    query = select(Dossier).where(Dossier.id == dossier_id) \
        .options(selectinload(Dossier.documents))
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    dossier = s.scalar(query)
    if dossier is None:
        raise NotFound("no_such_dossier", f"No dossier {dossier_id}")
    return dossier


def _check_answers(answers: dict[str, Any]) -> None:
    """Answers are kept as JSON: an object of plain values, bounded, that every backend
    holds (the idle save hands them over unchecked)."""
    try:
        if not isinstance(answers, dict):
            raise TypeError
        size = len(canonical_json(answers))
    except (TypeError, ValueError, RecursionError):
        raise UserError("answers_not_plain", "Answers must be text, numbers, lists or "
                        "objects") from None
    if size > MAX_ANSWERS_CHARS:
        raise UserError("answers_too_large", "The answers are too long to keep")
    if not _storable_json(answers):
        raise UserError("answers_not_plain", "Answers must not hold invisible control "
                        "characters or numbers that are not finite")


def _storable_json(value: Any) -> bool:
    """No NUL or lone surrogate in any text, no NaN or infinity: PostgreSQL's JSON (and
    UTF-8) cannot hold them. A loop, not recursion: the nesting may be deep."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and not storable(item) \
                or isinstance(item, float) and not math.isfinite(item):
            return False
        if isinstance(item, dict):
            stack += [*item, *item.values()]
        elif isinstance(item, (list, tuple)):
            stack += item
    return True


def check_unchanged(dossier: Dossier, expected: datetime | None) -> None:
    """Refuse to act on a draft someone else saved since the caller read it: the kiosk's
    idle save landing after the officer's corrections, an old list at the counter."""
    if expected is not None and dossier.updated_at != expected:
        raise UserError("draft_changed_elsewhere", "This draft was changed on another "
                        "screen since it was opened: open it again")


def save_draft(db: Database, dossier_id: uuid.UUID, answers: dict[str, Any], *,
               step: str | None = None, applicant: Applicant | None = None,
               expected_updated_at: datetime | None = None) -> DossierInfo:
    """Keep the answers so far (the wizard calls this on every Next): one transaction,
    committed before the next page shows. With `expected_updated_at` (what the caller
    last read) a draft saved meanwhile elsewhere is refused, not overwritten."""
    _check_answers(answers)
    with db.write() as s:
        dossier = _load(s, dossier_id, lock=True)
        if dossier.state != "draft":
            raise UserError("dossier_not_draft", "This dossier was already received",
                            dossier_code=dossier.code or "")
        check_unchanged(dossier, expected_updated_at)
        dossier.answers = answers
        dossier.draft_step = step
        dossier.updated_at = utc_now()
        if applicant is not None:
            set_applicant(dossier, applicant)
        procedure = _procedure(s, dossier.procedure_code)
        s.flush()
        return dossier_info(dossier, procedure)


def set_applicant(dossier: Dossier, applicant: Applicant) -> None:
    name = clean_text(applicant.full_name) or ""
    dossier.applicant_full_name = name[:200]
    dossier.applicant_name_folded = fold_for_search(name)[:200]
    dossier.applicant_id_number = applicant.id_number
    dossier.applicant_date_of_birth = applicant.date_of_birth
    dossier.applicant_phone = applicant.phone
    dossier.applicant_email = applicant.email
    address = clean_text(applicant.address)
    dossier.applicant_address = address[:500] if address else None


def get_dossier(db: Database, dossier_id: uuid.UUID) -> DossierInfo:
    with db.read() as s:
        dossier = _load(s, dossier_id)
        return dossier_info(dossier, _procedure_any(s, dossier.procedure_code))


def _procedure_any(s: Session, code: str) -> Procedure:
    procedure = s.get(Procedure, code)
    assert procedure is not None  # a foreign key
    return procedure


def cancel_draft(db: Database, dossier_id: uuid.UUID) -> None:
    with db.write() as s:
        dossier = _load(s, dossier_id, lock=True)
        if dossier.state != "draft":
            raise UserError("dossier_not_draft", "This dossier was already received",
                            dossier_code=dossier.code or "")
        dossier.state = "cancelled"


_TICKET_LABEL = re.compile(r"[A-Za-z]?\d{1,4}")


def find_drafts(db: Database, key: str, *, day: date | None = None) -> list[DossierInfo]:
    """The drafts a citizen made while waiting, newest first, found at the counter by
    the ticket's number typed ("A012", today's), its QR scanned ("TICKET:<id>", as a
    USB scanner types it), the applicant's id number or the start of their name (a
    draft made without a number), or the dossier's id."""
    text = (clean_text(key) or "")
    if not text:
        raise UserError("empty_key", "Type the ticket number or scan its QR code")
    with db.read() as s:
        query = select(Dossier).where(Dossier.state == "draft") \
            .options(selectinload(Dossier.documents)).order_by(Dossier.updated_at.desc())
        if text.upper().startswith(TICKET_QR_PREFIX):
            try:
                ticket_id = uuid.UUID(text[len(TICKET_QR_PREFIX):].strip())
            except ValueError:
                raise NotFound("no_such_ticket", "That QR code is not one of our tickets",
                               label=text) from None
            query = query.where(Dossier.ticket_id.in_(_ticket_chain(s, ticket_id)))
        elif not storable(text):  # a NUL or a lone surrogate: in no key, and fit for no query
            return []
        elif _ID_NUMBER.fullmatch(text):  # stored encrypted: found by its keyed hash
            query = query.where(Dossier.applicant_id_hash == keyed_hash(text))
        elif _TICKET_LABEL.fullmatch(text):
            tickets = select(Ticket.id).where(
                Ticket.office_id == the_office(s).id,
                Ticket.business_date == (day or business_date()),
                Ticket.label == text.upper())
            query = query.where(Dossier.ticket_id.in_(tickets))
        else:
            try:
                query = query.where(Dossier.id == uuid.UUID(text))
            except ValueError:
                query = query.where(_name_prefix(s, fold_for_search(text)))
        found = s.scalars(query.limit(20)).all()
        return [dossier_info(d, _procedure_any(s, d.procedure_code)) for d in found]


def _ticket_chain(s: Session, first: uuid.UUID) -> list[uuid.UUID]:
    """A ticket and the copies transfers made of it (the QR names the first one)."""
    chain, current = [first], first
    while True:
        moved = s.scalar(select(Ticket.id).where(Ticket.transferred_from_id == current))
        if moved is None or moved in chain:
            return chain
        chain.append(moved)
        current = moved


@dataclass(frozen=True)
class StatusInfo:
    """What the kiosk shows a citizen who looks a dossier up: no personal data beyond
    the initials, since anyone at the kiosk can type a code."""

    code: str
    procedure_name: str
    procedure_name_en: str
    applicant_initials: str
    received_at: datetime
    appointment_at: datetime | None
    status: str  # the portal's status when known, else "received" (kept here, not sent yet)
    status_at: datetime | None
    sent: bool


def initials(full_name: str) -> str:
    """"Nguyễn Văn An" -> "N. V. A." """
    return " ".join(f"{part[0]}." for part in full_name.split() if part)


def lookup_status(db: Database, key: str) -> StatusInfo:
    """A received dossier by its code, typed or read from the receipt's QR
    ("MOTCUA:<code>"): the last status known here, which needs no network."""
    text = (key or "").strip()
    if text.upper().startswith(LOOKUP_PREFIX):
        text = text[len(LOOKUP_PREFIX):].strip()
    if not text:
        raise UserError("empty_key", "Type the dossier code or scan the receipt's QR code")
    if not storable(text):  # a NUL or a lone surrogate: in no code, and fit for no query
        raise NotFound("no_such_dossier", f"No dossier {text!r}", key=text)
    with db.read() as s:
        dossier = s.scalar(select(Dossier).where(Dossier.code == text.upper()))
        if dossier is None:
            dossier = s.scalar(select(Dossier).where(Dossier.code == text))
        if dossier is None or dossier.received_at is None or dossier.code is None:
            raise NotFound("no_such_dossier", f"No dossier {text!r}", key=text)
        procedure = _procedure_any(s, dossier.procedure_code)
        return StatusInfo(dossier.code, procedure.name, procedure.name_en or procedure.name,
                          initials(dossier.applicant_full_name), dossier.received_at,
                          dossier.appointment_at, dossier.portal_status or "received",
                          dossier.portal_status_at, dossier.portal_ref is not None)


@dataclass(frozen=True)
class DossierRow:
    id: uuid.UUID
    code: str | None
    state: str
    procedure_code: str
    applicant_full_name: str
    applicant_id_number: str | None
    received_at: datetime | None


def _name_prefix(s: Session, folded: str) -> Any:
    """A prefix match the name index can serve: LIKE on PostgreSQL (the index uses
    varchar_pattern_ops), GLOB on SQLite (case-sensitive, so its index applies)."""
    if len(folded) > 200:  # longer than any stored name, and SQLite refuses such patterns
        return false()
    if s.get_bind().dialect.name == "sqlite":
        escaped = re.sub(r"([*?\[])", r"[\1]", folded)
        return Dossier.applicant_name_folded.op("GLOB")(escaped + "*")
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return Dossier.applicant_name_folded.like(escaped + "%", escape="\\")


def search_dossiers(db: Database, text: str, *, limit: int = 20) -> list[DossierRow]:
    """Dossiers by code, by citizen id number (9 or 12 digits) or by the start of the
    applicant's name, accents and case ignored; newest first."""
    key = (clean_text(text) or "")
    if not key:
        raise UserError("empty_key", "Type a dossier code, an id number or a name")
    if not storable(key):  # a NUL or a lone surrogate: in no dossier, and fit for no query
        return []
    with db.read() as s:
        columns = select(Dossier.id, Dossier.code, Dossier.state, Dossier.procedure_code,
                         Dossier.applicant_full_name, Dossier.applicant_id_number,
                         Dossier.received_at)
        if _ID_NUMBER.fullmatch(key):  # stored encrypted: found by its keyed hash
            query = columns.where(Dossier.applicant_id_hash == keyed_hash(key))
        elif "-" in key and any(ch.isdigit() for ch in key):
            query = columns.where(or_(Dossier.code == key, Dossier.code == key.upper()))
        else:  # the newest matches' ids from the index alone, then only those rows
            newest = select(Dossier.id).where(_name_prefix(s, fold_for_search(key))) \
                .order_by(Dossier.created_at.desc()).limit(limit).scalar_subquery()
            query = columns.where(Dossier.id.in_(newest))
        rows = s.execute(query.order_by(Dossier.created_at.desc()).limit(limit)).all()
    return [DossierRow(*row) for row in rows]


def drafts_today(db: Database, *, limit: int = 50) -> list[DossierRow]:
    """Drafts touched today, newest first: what the counter may be asked to receive."""
    with db.read() as s:
        rows = s.execute(
            select(Dossier.id, Dossier.code, Dossier.state, Dossier.procedure_code,
                   Dossier.applicant_full_name, Dossier.applicant_id_number,
                   Dossier.received_at)
            .where(Dossier.state == "draft").order_by(Dossier.updated_at.desc())
            .limit(limit)).all()
    return [DossierRow(*row) for row in rows]


def attach_scan(db: Database, dossier_id: uuid.UUID, position: int,
                stored: StoredFile) -> DossierInfo:
    """Attach a stored scan (kiosk/attachments.py) to one paper of the checklist; it counts
    as handed in. Only before the dossier is received."""
    with db.write() as s:
        dossier = _load(s, dossier_id, lock=True)
        if dossier.state != "draft":
            raise UserError("dossier_not_draft", "This dossier was already received",
                            dossier_code=dossier.code or "")
        document = next((d for d in dossier.documents if d.position == position), None)
        if document is None:
            raise UserError("no_such_document", f"No document {position} in the list",
                            position=position)
        document.attachment_sha256 = stored.sha256
        document.attachment_path = stored.relative_path
        document.received = True
        s.flush()
        return dossier_info(dossier, _procedure_any(s, dossier.procedure_code))
