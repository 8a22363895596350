"""Reading what a receipt says from the database (for printing and reprinting)."""
from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.engine import Database
from kiosk.errors import NotFound
from kiosk.models import Dossier, Office, Procedure, StaffUser
from kiosk.printables import DocumentLine, ReceiptPrint
from kiosk.vietqr import build_payload

LOOKUP_PREFIX = "MOTCUA:"  # the QR on a receipt: MOTCUA:<dossier code>, read by the kiosk's scanner


def place_of(office: Office) -> str:
    """The commune's name for the dateline: the agency without its "Ủy ban nhân dân" prefix."""
    name = office.agency or office.name
    for prefix in ("Ủy ban nhân dân ", "UBND "):
        if name.startswith(prefix):
            name = name[len(prefix):]
    for kind in ("xã ", "phường ", "đặc khu "):
        if name.lower().startswith(kind):
            return name[len(kind):]
    return name


def receipt_print(s: Session, dossier: Dossier, *, payment_qr: str | None = None) -> ReceiptPrint:
    """What the receipt of a received dossier says (inside the caller's session)."""
    office = s.get(Office, dossier.office_id)
    procedure = s.get(Procedure, dossier.procedure_code)
    officer = s.get(StaffUser, dossier.received_by) if dossier.received_by else None
    assert office is not None and procedure is not None
    assert dossier.code is not None and dossier.received_at is not None
    documents = tuple(DocumentLine(d.name, d.originals, d.copies)
                      for d in dossier.documents if d.received)
    return ReceiptPrint(
        dossier_id=str(dossier.id), code=dossier.code, agency=office.agency,
        office_name=office.name, place=place_of(office),
        applicant_name=dossier.applicant_full_name, address=dossier.applicant_address or "",
        phone=dossier.applicant_phone or "", email=dossier.applicant_email or "",
        procedure_code=procedure.code, procedure_name=procedure.name, documents=documents,
        sets=1, deadline_days=procedure.deadline_days, received_at=dossier.received_at,
        appointment_at=dossier.appointment_at, return_place=office.name,
        fee_vnd=dossier.fee_vnd, payment_method=dossier.payment_method,
        officer_name=officer.full_name if officer else "",
        lookup=f"{LOOKUP_PREFIX}{dossier.code}", payment_qr=payment_qr,
    )


def receipt_for_dossier(db: Database, code_or_id: str) -> ReceiptPrint:
    """A received dossier's receipt, for a reprint (the transfer QR is rebuilt from the
    office's account, as first printed)."""
    with db.read() as s:
        query = select(Dossier).where(Dossier.code == code_or_id.strip())
        try:
            query = select(Dossier).where(Dossier.id == uuid.UUID(code_or_id))
        except ValueError:
            pass
        dossier = s.scalar(query)
        if dossier is None or dossier.code is None or dossier.received_at is None:
            raise NotFound("no_such_dossier", f"No received dossier {code_or_id!r}")
        office = s.get(Office, dossier.office_id)
        qr = payment_qr_for(office, dossier.fee_vnd, dossier.code) \
            if office is not None and dossier.payment_method == "transfer" else None
        return receipt_print(s, dossier, payment_qr=qr)


def payment_qr_for(office: Office, fee_vnd: int, code: str) -> str | None:
    """The VietQR code for paying `fee_vnd` to the office's account with the dossier code
    as the transfer's reference; None when the office has no account set."""
    if not (office.bank_bin and office.bank_account):
        return None
    return build_payload(office.bank_bin, office.bank_account, amount_vnd=fee_vnd,
                         reference=code)  # banking apps show the account holder's name
