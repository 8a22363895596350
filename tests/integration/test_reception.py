"""Receiving a dossier at the counter, on a real database (per KIOSK_TEST_DB): code,
appointment over working days and Tết, fee and VietQR, receipt job and outbox row in
one transaction; refusals change nothing; codes unique across terminals at once."""
from __future__ import annotations

import json
import threading
from datetime import date, datetime, time
from typing import Any

import pytest
from sqlalchemy import func, select

from kiosk.admin_units import choice_lists
from kiosk.clock import VN_TZ
from kiosk.db.engine import Database
from kiosk.errors import UserError
from kiosk.models import Dossier, Outbox, PrintJob, SequenceCounter
from kiosk.printables import ReceiptPrint, from_data
from kiosk.services import dossiers
from kiosk.services.office_setup import set_bank_account
from kiosk.services.reception import DocumentCheck, receive
from kiosk.services.seed_demo import seed_demo
from kiosk.vietqr import parse_payload

# procedures with the generic form (applicant, request); those with forms of their own are
# received in tests/ui/test_dossier_ui.py and tests/unit/test_catalog_forms.py
STATUS = "1.002755"  # Gia hạn tạm trú: 3 working days, fee set by the province
BIRTH = "1.003583"  # Đăng ký khai sinh lưu động: free
LISTS = choice_lists()
ANSWERS = {"full_name": "  Nguyễn   Thị Hòa ", "id_number": "001303004567",
           "date_of_birth": "14/05/2003", "phone": "+84 912 345 678", "email": "",
           "address": {"province": "01", "commune": "00070", "street": "12 Lý Thái Tổ"},
           "request_text": "Xin cấp giấy xác nhận để đăng ký kết hôn"}


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), VN_TZ)


@pytest.fixture
def office(db: Database) -> int:
    seed_demo(db, 0, 1)
    with db.read() as s:
        return s.scalar(select(func.min(Dossier.received_by))) or 1


def draft(db: Database, procedure: str = STATUS, answers: dict[str, Any] | None = None):
    made = dossiers.start_draft(db, procedure, source="kiosk")
    return dossiers.save_draft(db, made.id, dict(ANSWERS if answers is None else answers),
                               step="review")


def all_papers(info) -> list[DocumentCheck]:  # noqa: ANN001
    return [DocumentCheck(d.position, True) for d in info.documents]


def counts(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        return (s.scalar(select(func.count()).select_from(Outbox)) or 0,
                s.scalar(select(func.count()).select_from(PrintJob)) or 0,
                s.scalar(select(func.count()).where(SequenceCounter.name.like("dossier:%"))
                         .select_from(SequenceCounter)) or 0)


def test_receiving_makes_it_official_in_one_transaction(db: Database, office: int) -> None:
    info = draft(db)
    done = receive(db, info.id, officer_id=None, documents=all_papers(info),
                   payment_method="cash", fee_vnd=15_000, now=at(date(2025, 1, 24)),
                   lists=LISTS, terminal="quay-1")
    dossier = done.dossier
    assert dossier.state == "received" and dossier.code == "000.00.00.H00-250124-0001"
    # Friday before Tết Ất Tỵ (25 Jan - 2 Feb 2025): 3 working days end on Wednesday
    assert dossier.appointment_at == at(date(2025, 2, 5))
    assert dossier.fee_vnd == 15_000 and dossier.payment_method == "cash"
    assert dossier.applicant.full_name == "Nguyễn Thị Hòa"
    assert dossier.applicant.phone == "0912345678"
    assert dossier.applicant.date_of_birth == date(2003, 5, 14)
    assert dossier.applicant.address == "12 Lý Thái Tổ, Phường Hoàn Kiếm, Thành phố Hà Nội"
    assert all(d.received for d in dossier.documents)
    with db.read() as s:
        job = s.get(PrintJob, done.print_job_id)
        assert job is not None and (job.kind, job.printer, job.terminal) == ("receipt",
                                                                              "receipt", "quay-1")
        receipt = from_data(ReceiptPrint, job.data)
        assert receipt.code == dossier.code and receipt.payment_qr is None
        assert receipt.lookup == f"MOTCUA:{dossier.code}"
        row = s.scalar(select(Outbox).where(Outbox.record_id == dossier.id))
        assert row is not None and row.record_type == "dossier" and row.state == "pending"
        payload = json.loads(row.payload)
    assert payload["procedure_code"] == STATUS and payload["fee_vnd"] == 15_000
    assert payload["applicant"]["id_number"] == "001303004567"
    assert payload["fields"]["request_text"] == ANSWERS["request_text"]
    assert payload["appointment_at"] == "2025-02-05T10:00:00+07:00"
    assert len(payload["documents"]) == len(dossier.documents)
    assert dossiers.lookup_status(db, dossier.code).code == dossier.code
    with pytest.raises(UserError) as caught:  # once only
        receive(db, info.id, officer_id=None, documents=all_papers(info),
                payment_method="cash", fee_vnd=15_000, lists=LISTS)
    assert caught.value.code == "dossier_not_draft"


@pytest.mark.parametrize(("change", "code"), [
    ({"answers": {**ANSWERS, "id_number": "001303004"}}, "dossier_incomplete"),
    ({"answers": {**ANSWERS, "date_of_birth": "14/05/2013"}}, "dossier_incomplete"),
    ({"answers": {**ANSWERS, "phone": "0112345678"}}, "dossier_incomplete"),
    ({"answers": {k: v for k, v in ANSWERS.items() if k != "full_name"}}, "dossier_incomplete"),
    ({"documents": []}, "no_documents"),
    ({"fee_vnd": None}, "fee_needed"),
    ({"payment_method": "free"}, "payment_mismatch"),
    ({"payment_method": "card"}, "bad_payment"),
    ({"fee_vnd": -1}, "bad_fee"),
    ({"payment_method": "transfer"}, "no_bank_account"),
])
def test_a_refused_reception_changes_nothing(db: Database, office: int, change: dict[str, Any],
                                             code: str) -> None:
    info = draft(db, answers=change.get("answers"))
    before = counts(db)
    with pytest.raises(UserError) as caught:
        receive(db, info.id, officer_id=None,
                documents=change.get("documents", all_papers(info)),
                payment_method=change.get("payment_method", "cash"),
                fee_vnd=change.get("fee_vnd", 15_000), lists=LISTS)
    assert caught.value.code == code
    after = dossiers.get_dossier(db, info.id)
    assert after.state == "draft" and after.code is None and after.answers == info.answers
    assert counts(db) == before
    if code == "dossier_incomplete":
        assert caught.value.params["errors"]


def test_the_wrong_id_year_is_named(db: Database, office: int) -> None:
    info = draft(db, answers={**ANSWERS, "id_number": "001301004567"})  # born 2001
    with pytest.raises(UserError) as caught:
        receive(db, info.id, officer_id=None, documents=all_papers(info),
                payment_method="cash", fee_vnd=1, lists=LISTS)
    assert ("id_number", "id_birth_year_mismatch") in [
        (path, error) for path, error, _ in caught.value.params["errors"]]


def test_free_procedures_and_fees_by_transfer_with_vietqr(db: Database, office: int) -> None:
    free = draft(db, BIRTH)
    done = receive(db, free.id, officer_id=None, documents=all_papers(free)[:1],
                   payment_method="free", lists=LISTS)
    assert (done.dossier.fee_vnd, done.payment_qr) == (0, None)
    assert [d.received for d in done.dossier.documents][:2] == [True, False]
    set_bank_account(db, "970436", "0011004123456", "UBND xã Hòa An")
    paid = draft(db, STATUS)
    done = receive(db, paid.id, officer_id=None, documents=all_papers(paid),
                   payment_method="transfer", fee_vnd=20_000, lists=LISTS)
    assert done.dossier.fee_vnd == 20_000 and done.payment_qr is not None
    fields = parse_payload(done.payment_qr)
    assert fields["54"] == "20000" and fields["62"]["08"] == done.dossier.code
    assert fields["38"]["01"] == {"00": "970436", "01": "0011004123456"}
    with db.read() as s:
        job = s.get(PrintJob, done.print_job_id)
        assert job is not None and from_data(ReceiptPrint, job.data).payment_qr == done.payment_qr


def test_codes_are_unique_and_gapless_across_terminals_at_once(db: Database,
                                                               office: int) -> None:
    drafts = [draft(db) for _ in range(12)]
    codes: list[str] = []
    errors: list[BaseException] = []
    day = date(2030, 3, 4)

    def terminal(mine: list) -> None:  # noqa: ANN001
        own = Database(db.url)
        try:
            for info in mine:
                codes.append(receive(own, info.id, officer_id=None, documents=all_papers(info),
                                     payment_method="cash", fee_vnd=5_000, now=at(day),
                                     lists=LISTS).dossier.code)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=terminal, args=(drafts[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(codes) == [f"000.00.00.H00-300304-{n:04d}" for n in range(1, 13)]


def test_a_draft_changed_since_the_officer_checked_it_is_not_received(db: Database,
                                                                      office: int) -> None:
    checked = draft(db)
    dossiers.save_draft(db, checked.id, {**ANSWERS, "full_name": "Someone Else"})
    with pytest.raises(UserError) as caught:
        receive(db, checked.id, officer_id=None, documents=all_papers(checked),
                payment_method="cash", fee_vnd=1_000, lists=LISTS,
                expected_updated_at=checked.updated_at)
    assert caught.value.code == "draft_changed_elsewhere"
    assert dossiers.get_dossier(db, checked.id).state == "draft"
