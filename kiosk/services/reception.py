"""Receiving a dossier at the counter: one transaction that makes it official.

The officer has ticked the papers handed in and chosen how the fee is paid; then,
all or nothing: the answers are checked against the procedure's form, the dossier
code `<unit code>-YYMMDD-XXXX` is taken from `sequence_counter` (unique across
terminals, like ticket numbers), the appointment is counted in working days over
the office's holiday table, the receipt's print job and the outbox row for the
portal are written. Commit first, print after. Runs on the UI's DB worker thread
or in the CLI.
"""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from kiosk.admin_units import choice_lists
from kiosk.clock import business_date, local, utc_now
from kiosk.db.engine import Database
from kiosk.errors import UserError
from kiosk.forms.engine import FormState
from kiosk.forms.spec import Form, procedure_form
from kiosk.models import Dossier, Office, Procedure
from kiosk.portal_payloads import dossier_payload
from kiosk.printables import to_data
from kiosk.services import audit
from kiosk.services.dossiers import (Applicant, DossierInfo, _load, _procedure_any,
                                     check_unchanged, dossier_info, set_applicant)
from kiosk.services.holidays import work_calendar
from kiosk.services.numbering import dossier_code, dossier_sequence_name, next_value
from kiosk.services.outbox import enqueue
from kiosk.services.print_jobs import add_job
from kiosk.services.printables import payment_qr_for, receipt_print

PAYMENT_METHODS = ("cash", "transfer", "free")
MAX_FEE_VND = 2_000_000_000


@dataclass(frozen=True)
class DocumentCheck:
    """One line of the checklist as the officer left it."""

    position: int
    received: bool
    copies: int | None = None  # copies handed in, when not what the catalog says


@dataclass(frozen=True)
class Received:
    dossier: DossierInfo
    print_job_id: uuid.UUID
    payment_qr: str | None  # the VietQR payload printed on the receipt, for a transfer


def form_of(procedure: Procedure) -> Form:
    """The procedure's own form, or the generic one when the catalog gives none."""
    return procedure_form(procedure.form)


def _mark_documents(dossier: Dossier, checks: Sequence[DocumentCheck]) -> None:
    by_position = {d.position: d for d in dossier.documents}
    for check in checks:
        document = by_position.get(check.position)
        if document is None:
            raise UserError("no_such_document", f"No document {check.position} in the list",
                            position=check.position)
        if check.copies is not None and not 0 <= check.copies <= 99:
            raise UserError("bad_copies", "Copies must be 0 to 99", position=check.position)
        document.received = check.received
        if check.copies is not None:
            document.copies = check.copies
    if dossier.documents and not any(d.received for d in dossier.documents):
        raise UserError("no_documents", "Tick the papers the citizen handed in")


def _fee(procedure: Procedure, fee_vnd: int | None, payment_method: str) -> int:
    fee = procedure.fee_vnd if fee_vnd is None else fee_vnd
    if fee is None:
        raise UserError("fee_needed", "This procedure's fee depends on the case: enter it")
    if not 0 <= fee <= MAX_FEE_VND:
        raise UserError("bad_fee", "The fee must be 0 or more đồng")
    if payment_method not in PAYMENT_METHODS:
        raise UserError("bad_payment", f"Payment must be one of {', '.join(PAYMENT_METHODS)}")
    if (fee == 0) != (payment_method == "free"):
        raise UserError("payment_mismatch", "A free procedure is 'free'; a fee is paid in cash "
                        "or by transfer")
    return fee


def _payment_qr(office: Office, fee: int, code: str) -> str:
    qr = payment_qr_for(office, fee, code)
    if qr is None:
        raise UserError("no_bank_account", "The office has no bank account for transfers: "
                        "ask the administrator")
    return qr


def _checked(form: Form, answers: dict[str, Any], today: date,
             lists: Any) -> tuple[dict[str, Any], Applicant]:
    """The answers as stored and the applicant columns, from one evaluation of the form
    (this runs under the write lock); refused, naming every answer that needs attention."""
    state = FormState(form, answers, today=today, lists=lists)
    errors = state.validate_all()
    if errors:
        raise UserError("dossier_incomplete", f"{len(errors)} answers need attention: "
                        + ", ".join(f"{e.path} ({e.code})" for e in errors[:5]),
                        errors=[(e.path, e.code, e.params) for e in errors], count=len(errors))
    return state.clean_answers(), Applicant(**state.applicant_fields())


def receive(db: Database, dossier_id: uuid.UUID, *, officer_id: int | None,
            documents: Sequence[DocumentCheck], payment_method: str,
            fee_vnd: int | None = None, now: datetime | None = None,
            terminal: str | None = None, lists: Any = None,
            expected_updated_at: datetime | None = None) -> Received:
    """Receive a draft: code, appointment, fee, receipt print job and outbox row, in one
    transaction. Refused, it changes nothing (the draft stays as it was); with
    `expected_updated_at` a draft changed since the officer checked it is refused. `lists`
    are the province and commune lists addresses are checked against (the bundled 2025
    ones)."""
    now = now or utc_now()
    day = business_date(now)
    with db.write() as s:
        dossier = _load(s, dossier_id, lock=True)
        if dossier.state != "draft":
            raise UserError("dossier_not_draft", "This dossier was already received",
                            dossier_code=dossier.code or "")
        check_unchanged(dossier, expected_updated_at)  # what the officer checked
        procedure = _procedure_any(s, dossier.procedure_code)
        office = s.get(Office, dossier.office_id)
        assert office is not None
        form = form_of(procedure)
        lists = choice_lists() if lists is None else lists
        answers, applicant = _checked(form, dossier.answers, day, lists)
        set_applicant(dossier, applicant)
        if not dossier.applicant_full_name:
            raise UserError("no_applicant", "The applicant's name is missing")
        _mark_documents(dossier, documents)
        fee = _fee(procedure, fee_vnd, payment_method)
        number = next_value(s, dossier_sequence_name(office.code), day)
        dossier.code = dossier_code(office.code, day, number)
        qr = _payment_qr(office, fee, dossier.code) if payment_method == "transfer" else None
        _make_official(s, dossier, procedure, office, answers, now, fee, payment_method,
                       officer_id)
        s.flush()
        data = to_data(receipt_print(s, dossier, payment_qr=qr))
        job = add_job(s, "receipt", "receipt", data, str(dossier.id), terminal)
        audit.record(s, "receive", staff_id=officer_id, subject=dossier.code,
                     details={"dossier_id": str(dossier.id), "procedure": procedure.code,
                              "fee_vnd": fee, "payment": payment_method, "print_job": str(job)})
        return Received(dossier_info(dossier, procedure), job, qr)


def _make_official(s: Session, dossier: Dossier, procedure: Procedure, office: Office,
                   answers: dict[str, Any], now: datetime, fee: int, payment_method: str,
                   officer_id: int | None) -> None:
    appointment = None
    if procedure.deadline_days is not None:
        appointment = work_calendar(s).add_working_days(local(now), procedure.deadline_days)
    dossier.answers = answers
    dossier.state, dossier.received_at, dossier.received_by = "received", now, officer_id
    dossier.appointment_at = appointment
    dossier.fee_vnd, dossier.payment_method = fee, payment_method
    dossier.form_version = procedure.form_version
    received = [d for d in dossier.documents if d.received]
    enqueue(s, "dossier", dossier.id, dossier_payload(
        procedure_code=procedure.code, office_code=office.code, received_at=now,
        appointment_at=appointment, fee_vnd=fee, full_name=dossier.applicant_full_name,
        id_number=dossier.applicant_id_number, date_of_birth=dossier.applicant_date_of_birth,
        phone=dossier.applicant_phone, email=dossier.applicant_email,
        address=dossier.applicant_address, fields=answers,
        documents=[{"code": d.code, "name": d.name, "copies": d.copies,
                    "attachment_sha256": d.attachment_sha256} for d in received]))
