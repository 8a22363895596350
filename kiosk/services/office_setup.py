"""The office this install serves: created on first start with a typical commune set-up.

An admin renames it and edits services and counters later; nothing here runs
again once an office exists.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.engine import Database
from kiosk.errors import UserError
from kiosk.models import Counter, Office, Service
from kiosk.services import audit
from kiosk.settings import Settings
from kiosk.textnorm import clean_text
from kiosk.vietqr import build_payload

# (code, prefix, name_vi, name_en, group_vi, group_en, catalog sectors)
DEFAULT_SERVICES: tuple[tuple[str, str, str, str, str, str, list[str]], ...] = (
    ("ho-tich", "A", "Hộ tịch", "Civil status", "Tư pháp", "Justice", ["G15-TP07"]),
    ("chung-thuc", "B", "Chứng thực", "Certified copies", "Tư pháp", "Justice", []),
    ("dat-dai", "C", "Đất đai – Xây dựng", "Land and construction",
     "Đất đai – Xây dựng", "Land and construction", ["G13-TN02", "G17-XD11"]),
    ("cu-tru", "D", "Cư trú", "Residence", "Công an xã", "Commune police", ["G01-CA05"]),
    ("lao-dong", "E", "Lao động – Chính sách xã hội", "Labour and social policy",
     "Lao động – Xã hội", "Labour and social affairs", ["G09-NV23"]),
    ("ho-tro", "F", "Hỗ trợ dịch vụ công trực tuyến, VNeID", "Help with online services and VNeID",
     "Hỗ trợ – Trả kết quả", "Help and results", []),
    ("tra-ket-qua", "K", "Nhận kết quả", "Collect results",
     "Hỗ trợ – Trả kết quả", "Help and results", []),
)


@dataclass(frozen=True)
class OfficeInfo:
    id: int
    code: str
    name: str
    agency: str
    announce_volume: int = 80
    announce_muted: bool = False
    bank_bin: str | None = None  # fees by bank transfer (VietQR on the receipt)
    bank_account: str | None = None
    bank_account_name: str | None = None


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    code: str
    prefix: str
    name_vi: str
    name_en: str
    group_vi: str
    group_en: str
    opens: str
    closes: str
    daily_max: int | None
    active: bool

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_vi

    def group(self, lang: str) -> str:
        return self.group_en if lang == "en" and self.group_en else self.group_vi


def _office_info(office: Office) -> OfficeInfo:
    return OfficeInfo(office.id, office.code, office.name, office.agency,
                      office.announce_volume, office.announce_muted, office.bank_bin,
                      office.bank_account, office.bank_account_name)


def set_bank_account(db: Database, bank_bin: str, account: str, holder: str, *,
                     staff_id: int | None = None) -> OfficeInfo:
    """The account fees are transferred to (VietQR on receipts); an empty BIN removes it.
    Audited with the old and new account (fees could be sent elsewhere), not the holder."""
    if not bank_bin.strip():
        bank_bin = account = holder = ""
    else:
        build_payload(bank_bin.strip(), account.strip(), amount_vnd=None, reference="")  # checks
        holder = clean_text(holder) or ""
        if not holder or len(holder) > 100:
            raise UserError("bad_account_holder", "Give the account holder's name (at most 100 "
                            "characters)")
    with db.write() as s:
        office = the_office(s)
        was = {"bank_bin": office.bank_bin, "bank_account": office.bank_account}
        office.bank_bin = bank_bin.strip() or None
        office.bank_account = account.strip() or None
        office.bank_account_name = holder or None
        audit.record(s, "settings_change", staff_id=staff_id, subject="office.bank_account",
                     details={"was": was, "now": {"bank_bin": office.bank_bin,
                                                  "bank_account": office.bank_account}})
        return _office_info(office)


def set_announcements(db: Database, volume: int, muted: bool, *,
                      staff_id: int | None = None) -> OfficeInfo:
    """The hall displays' volume (0-100) and mute, for the whole office."""
    if not 0 <= volume <= 100:
        raise UserError("bad_volume", "The volume goes from 0 to 100", volume=volume)
    with db.write() as s:
        office = the_office(s)
        office.announce_volume, office.announce_muted = volume, muted
        audit.record(s, "settings_change", staff_id=staff_id, subject="office.announcements",
                     details={"volume": volume, "muted": bool(muted)})
        return _office_info(office)


def _first_office(session: Session) -> Office | None:
    return session.scalar(select(Office).order_by(Office.id).limit(1))


def the_office(session: Session) -> Office:
    office = _first_office(session)
    if office is None:
        raise UserError("no_office", "No office is set up yet: run `kiosk db upgrade` first")
    return office


def ensure_office(db: Database, settings: Settings) -> OfficeInfo:
    with db.read() as s:
        office = _first_office(s)
        if office is not None:
            return _office_info(office)
    with db.write() as s:
        office = _first_office(s)  # again, inside the write: another terminal may have made it
        if office is None:
            office = Office(code=settings["office.code"], name=settings["office.name"],
                            agency=settings["office.agency"])
            s.add(office)
            s.flush()
            add_default_services(s, office)
        return _office_info(office)


def add_default_services(s: Session, office: Office) -> None:
    for sort, (code, prefix, vi, en, gvi, gen, sectors) in enumerate(DEFAULT_SERVICES):
        s.add(Service(office_id=office.id, code=code, prefix=prefix, name_vi=vi, name_en=en,
                      group_vi=gvi, group_en=gen, sectors=sectors, sort=sort))


def office_info(db: Database) -> OfficeInfo:
    with db.read() as s:
        return _office_info(the_office(s))


def list_services(db: Database, *, active_only: bool = False) -> list[ServiceInfo]:
    with db.read() as s:
        query = select(Service).where(Service.office_id == the_office(s).id).order_by(Service.sort)
        if active_only:
            query = query.where(Service.active.is_(True))
        return [
            ServiceInfo(v.id, v.code, v.prefix, v.name_vi, v.name_en, v.group_vi, v.group_en,
                        v.opens, v.closes, v.daily_max, v.active)
            for v in s.scalars(query)
        ]


@dataclass(frozen=True)
class CounterInfo:
    id: int
    number: int
    name: str
    service_codes: tuple[str, ...]


def list_counters(db: Database) -> list[CounterInfo]:
    with db.read() as s:
        counters = s.scalars(select(Counter).where(Counter.office_id == the_office(s).id)
                             .order_by(Counter.number))
        return [CounterInfo(c.id, c.number, c.name, tuple(v.code for v in c.services))
                for c in counters]
