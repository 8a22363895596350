"""What the portal receives for each record type (portal-api.md, "Payloads").

Built from plain values so both the reception service and bulk seeding use the
same shape; times are RFC 3339 in Vietnam's offset.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from kiosk.clock import local


def rfc3339(moment: datetime) -> str:
    return local(moment).isoformat(timespec="seconds")


def dossier_payload(*, procedure_code: str, office_code: str, received_at: datetime,
                    appointment_at: datetime | None, fee_vnd: int, full_name: str,
                    id_number: str | None, date_of_birth: date | None, phone: str | None,
                    email: str | None, address: str | None, fields: dict[str, Any],
                    documents: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "procedure_code": procedure_code,
        "office_code": office_code,
        "received_at": rfc3339(received_at),
        "appointment_at": rfc3339(appointment_at) if appointment_at else None,
        "fee_vnd": fee_vnd,
        "applicant": {
            "full_name": full_name,
            "id_number": id_number,
            "date_of_birth": date_of_birth.isoformat() if date_of_birth else None,
            "phone": phone,
            "email": email,
            "address": address,
        },
        "fields": fields,
        "documents": [
            {"code": d.get("code", ""), "name": d["name"], "copies": d.get("copies", 0),
             "attachment_sha256": d.get("attachment_sha256")}
            for d in documents
        ],
    }


def account_request_payload(*, full_name: str, id_number: str, date_of_birth: date | None,
                            phone: str | None, email: str | None, consent_at: datetime,
                            assisted_by: str | None) -> dict[str, Any]:
    """`assisted_by` is the volunteer's user name (the portal's "volunteer id"), or None
    when the citizen used the kiosk alone."""
    return {
        "full_name": full_name,
        "id_number": id_number,
        "date_of_birth": date_of_birth.isoformat() if date_of_birth else None,
        "phone": phone,
        "email": email,
        "consent_at": rfc3339(consent_at),
        "assisted_by": assisted_by,
    }
