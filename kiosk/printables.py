"""What a printed ticket or receipt says, as plain values: the printers' input.

Built by services from the database, stored as JSON in the print job (so a
reprint next month prints exactly what was printed today), and turned into a
layout by printers/layouts. No Qt, no printer library.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

from kiosk.clock import as_utc

T = TypeVar("T")
TICKET_QR_PREFIX = "TICKET:"  # the ticket's QR: TICKET:<ticket id>, typed by the counter's scanner


def to_data(value: Any) -> dict[str, Any]:
    """A printable as JSON-ready data (datetimes as ISO text, tuples as lists)."""
    def plain(item: Any) -> Any:
        if isinstance(item, datetime):
            return as_utc(item).isoformat()
        if isinstance(item, (list, tuple)):
            return [plain(x) for x in item]
        if isinstance(item, dict):
            return {k: plain(v) for k, v in item.items()}
        return item

    return plain(asdict(value))


def from_data(cls: type[T], data: dict[str, Any]) -> T:
    """The inverse of `to_data` for the printables below (unknown keys ignored)."""
    values: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name not in data:
            continue
        raw = data[f.name]
        if f.type in ("datetime", "datetime | None") and raw is not None:
            raw = as_utc(datetime.fromisoformat(raw))
        elif f.name == "documents":
            raw = tuple(DocumentLine(**d) for d in raw)
        elif f.name == "steps_left":
            raw = tuple(raw)
        elif f.name == "links":
            raw = tuple(tuple(pair) for pair in raw)
        values[f.name] = raw
    return cls(**values)


@dataclass(frozen=True)
class TicketPrint:
    ticket_id: str
    office_name: str
    service_name: str
    label: str  # "A025"
    priority_group: str | None
    issued_at: datetime
    people_ahead: int
    wait_minutes: int | None


@dataclass(frozen=True)
class AccountHelpPrint:
    """The slip a citizen takes home after help with a portal account: what is left to do."""

    office_name: str
    citizen_name: str
    helped_by: str  # the volunteer or officer, or "" at the kiosk alone
    steps_left: tuple[str, ...]
    printed_at: datetime
    links: tuple[tuple[str, str], ...]  # (caption, URL) printed as QR codes


@dataclass(frozen=True)
class DocumentLine:
    name: str
    originals: int
    copies: int


@dataclass(frozen=True)
class ReceiptPrint:
    dossier_id: str
    code: str
    agency: str  # "ỦY BAN NHÂN DÂN XÃ HÒA AN" (upper-cased by the layout)
    office_name: str
    place: str  # the commune named in "Hòa An, ngày … tháng … năm …"
    applicant_name: str
    address: str
    phone: str
    email: str
    procedure_code: str
    procedure_name: str
    documents: tuple[DocumentLine, ...]
    sets: int
    deadline_days: int | None
    received_at: datetime
    appointment_at: datetime | None
    return_place: str
    fee_vnd: int
    payment_method: str | None
    officer_name: str
    lookup: str  # what the QR carries: the status lookup key
    payment_qr: str | None = None  # a VietQR transfer of the fee (EMVCo), when paid so
