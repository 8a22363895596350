"""Dossier drafts, lookups and scans on a real database (per KIOSK_TEST_DB)."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, update

from kiosk.attachments import path_of, store, store_bytes
from kiosk.db.engine import Database
from kiosk.errors import NotFound, UserError
from kiosk.models import Dossier, Procedure
from kiosk.services import dossiers
from kiosk.services.dossiers import Applicant
from kiosk.services.issuing import issue_ticket
from kiosk.services.seed_demo import seed_demo
from kiosk.textnorm import nfc

BIRTH = "1.001193"  # Đăng ký khai sinh
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def office(db: Database) -> None:
    seed_demo(db, 0, 1)


def test_a_draft_lists_the_papers_to_hand_in_not_the_notes(db: Database, office: None) -> None:
    draft = dossiers.start_draft(db, BIRTH, source="kiosk")
    with db.read() as s:
        procedure = s.get(Procedure, BIRTH)
        assert procedure is not None
        papers = [d for d in procedure.documents if d.get("originals") or d.get("copies")]
    assert [d.name for d in draft.documents] == [d["name"] for d in papers]
    assert all(d.originals or d.copies for d in draft.documents)
    assert draft.state == "draft" and draft.code is None and draft.answers == {}
    assert draft.fee_vnd == procedure.fee_vnd and draft.source == "kiosk"


def test_every_step_is_saved_and_read_back(db: Database, office: None) -> None:
    draft = dossiers.start_draft(db, BIRTH)
    decomposed = "Nguye\u0302\u0303n Va\u0306n An"  # typed by an input method that decomposes
    answers = {"full_name": decomposed, "members": [{"name": "Lan"}, {"name": "Huệ"}]}
    saved = dossiers.save_draft(db, draft.id, answers, step="applicant",
                                applicant=Applicant(full_name=decomposed,
                                                    id_number="001203004567",
                                                    date_of_birth=date(2003, 5, 14),
                                                    phone="0912345678",
                                                    address="  Thôn 3,\n xã Hòa An "))
    assert saved.draft_step == "applicant"
    again = dossiers.get_dossier(db, draft.id)
    assert again.answers == answers and again.draft_step == "applicant"
    assert again.applicant.full_name == nfc("Nguyễn Văn An")
    assert again.applicant.address == "Thôn 3, xã Hòa An"
    with db.read() as s:
        row = s.get(Dossier, draft.id)
        assert row is not None and row.applicant_name_folded == "nguyen van an"
    # the next step replaces the answers; nothing else is lost
    dossiers.save_draft(db, draft.id, dict(answers, child="Bình"), step="child")
    assert dossiers.get_dossier(db, draft.id).answers["child"] == "Bình"
    assert dossiers.get_dossier(db, draft.id).applicant.id_number == "001203004567"


def test_bad_drafts_are_refused_and_change_nothing(db: Database, office: None) -> None:
    with pytest.raises(NotFound):
        dossiers.start_draft(db, "9.999999")
    with pytest.raises(UserError) as caught:
        dossiers.start_draft(db, BIRTH, source="web")
    assert caught.value.code == "bad_source"
    draft = dossiers.start_draft(db, BIRTH)
    dossiers.save_draft(db, draft.id, {"a": 1}, step="one")
    with pytest.raises(UserError) as caught:
        dossiers.save_draft(db, draft.id, {"when": datetime.now(timezone.utc)})
    assert caught.value.code == "answers_not_plain"
    with pytest.raises(UserError) as caught:
        dossiers.save_draft(db, draft.id, {"text": "x" * 300_000})
    assert caught.value.code == "answers_too_large"
    assert dossiers.get_dossier(db, draft.id).answers == {"a": 1}
    with pytest.raises(NotFound):
        dossiers.save_draft(db, uuid.uuid4(), {})
    dossiers.cancel_draft(db, draft.id)
    with pytest.raises(UserError) as caught:
        dossiers.save_draft(db, draft.id, {"a": 2})
    assert caught.value.code == "dossier_not_draft"


def test_the_counter_finds_a_draft_by_ticket_number_or_qr(db: Database, office: None) -> None:
    ticket = issue_ticket(db, "ho-tich", check_hours=False)
    other = issue_ticket(db, "ho-tich", check_hours=False)
    mine = dossiers.start_draft(db, BIRTH, ticket_id=ticket.id)
    dossiers.start_draft(db, BIRTH, ticket_id=other.id)
    dossiers.start_draft(db, BIRTH)  # no ticket
    assert [d.id for d in dossiers.find_drafts(db, ticket.label.lower())] == [mine.id]
    assert [d.id for d in dossiers.find_drafts(db, f" TICKET:{ticket.id} ")] == [mine.id]
    assert [d.id for d in dossiers.find_drafts(db, str(mine.id))] == [mine.id]
    assert dossiers.find_drafts(db, "Z999") == []
    with pytest.raises(NotFound):
        dossiers.find_drafts(db, "TICKET:not-a-uuid")
    with pytest.raises(UserError):
        dossiers.find_drafts(db, "   ")
    # a ticket number is today's: yesterday's A001 is another citizen
    assert dossiers.find_drafts(db, ticket.label, day=date(2001, 1, 1)) == []


def test_a_scanned_qr_follows_a_transferred_ticket(db: Database, office: None) -> None:
    from kiosk.services import tickets
    from kiosk.services.tickets import counter_id_by_number
    ticket = issue_ticket(db, "ho-tich", check_hours=False)
    counter = counter_id_by_number(db, 1)
    tickets.call_next(db, counter)
    moved = tickets.transfer(db, counter, "chung-thuc")
    draft = dossiers.start_draft(db, "1.000894", ticket_id=moved.id)
    assert [d.id for d in dossiers.find_drafts(db, f"TICKET:{ticket.id}")] == [draft.id]


def test_lookup_by_code_or_receipt_qr_shows_no_personal_data(db: Database,
                                                             office: None) -> None:
    seed_demo(db, 5, 7)
    with db.read() as s:
        dossier = s.scalars(select(Dossier).where(Dossier.state == "received")).first()
        assert dossier is not None and dossier.code is not None
    status = dossiers.lookup_status(db, dossier.code)
    assert status.code == dossier.code and status.status == "received" and not status.sent
    assert status.applicant_initials == dossiers.initials(dossier.applicant_full_name)
    assert dossier.applicant_full_name not in repr(status)
    assert dossiers.lookup_status(db, f"MOTCUA:{dossier.code}").code == dossier.code
    assert dossiers.lookup_status(db, f"  {dossier.code.lower()} ").code == dossier.code
    with db.write() as s:  # a status pulled from the portal earlier
        s.execute(update(Dossier).where(Dossier.id == dossier.id).values(
            portal_ref="G22-1", portal_status="processing",
            portal_status_at=datetime(2026, 1, 2, tzinfo=timezone.utc)))
    status = dossiers.lookup_status(db, dossier.code)
    assert (status.status, status.sent) == ("processing", True)
    for bad in ("", "MOTCUA:", "000.00.01.H22-000101-9999"):
        with pytest.raises(UserError):
            dossiers.lookup_status(db, bad)
    draft = dossiers.start_draft(db, BIRTH)
    with pytest.raises(NotFound):
        dossiers.lookup_status(db, str(draft.id))


def test_search_by_code_id_number_or_name_start(db: Database, office: None) -> None:
    seed_demo(db, 40, 3)
    with db.read() as s:
        target = s.scalars(select(Dossier).order_by(Dossier.code)).first()
        assert target is not None and target.code and target.applicant_id_number
    assert [r.id for r in dossiers.search_dossiers(db, target.code)] == [target.id]
    assert target.id in [r.id for r in dossiers.search_dossiers(db,
                                                                target.applicant_id_number)]
    first_two = " ".join(target.applicant_full_name.split()[:2])
    found = dossiers.search_dossiers(db, first_two.upper(), limit=100)
    assert target.id in [r.id for r in found]
    folded = dossiers.fold_for_search(first_two)
    assert all(dossiers.fold_for_search(r.applicant_full_name).startswith(folded)
               for r in found)
    # pattern characters are text, not wildcards
    assert dossiers.search_dossiers(db, "%") == [] and dossiers.search_dossiers(db, "*") == []
    assert dossiers.search_dossiers(db, "_guyen") == []


def test_scans_are_stored_by_hash_and_attached(db: Database, office: None,
                                               data_dir: Path, tmp_path: Path) -> None:
    draft = dossiers.start_draft(db, BIRTH)
    scan = tmp_path / "giay-chung-sinh.pdf"
    scan.write_bytes(PDF)
    stored = store(data_dir, scan)
    assert stored.media_type == "application/pdf" and stored.size == len(PDF)
    assert path_of(data_dir, stored.relative_path).read_bytes() == PDF
    assert store_bytes(data_dir, PDF, "again.pdf").relative_path == stored.relative_path
    position = draft.documents[0].position
    attached = dossiers.attach_scan(db, draft.id, position, stored)
    paper = attached.documents[0]
    assert paper.attachment_sha256 == stored.sha256 and paper.received
    for data, code in ((b"", "scan_empty"), (b"GIF89a....", "scan_type"),
                       (PNG[:4], "scan_type")):
        with pytest.raises(UserError) as caught:
            store_bytes(data_dir, data, "x")
        assert caught.value.code == code
    with pytest.raises(UserError) as caught:
        store(data_dir, tmp_path / "missing.pdf")
    assert caught.value.code == "scan_unreadable"
    with pytest.raises(UserError):
        path_of(data_dir, "../../etc/passwd")
    with pytest.raises(UserError):
        dossiers.attach_scan(db, draft.id, 999, stored)


def test_a_draft_saved_elsewhere_meanwhile_is_not_overwritten(db: Database,
                                                              office: None) -> None:
    opened = dossiers.start_draft(db, BIRTH)
    officer = dossiers.save_draft(db, opened.id, {"full_name": "Corrected"}, step="review",
                                  expected_updated_at=opened.updated_at)
    with pytest.raises(UserError) as caught:  # the kiosk's late idle save, from before
        dossiers.save_draft(db, opened.id, {"full_name": "Old"}, step="applicant",
                            expected_updated_at=opened.updated_at)
    assert caught.value.code == "draft_changed_elsewhere"
    kept = dossiers.get_dossier(db, opened.id)
    assert kept.answers == {"full_name": "Corrected"} and kept.draft_step == "review"
    assert kept.updated_at == officer.updated_at


def test_a_draft_without_a_number_is_found_by_id_number_or_name(db: Database,
                                                                office: None) -> None:
    made = dossiers.start_draft(db, BIRTH)
    dossiers.save_draft(db, made.id, {}, applicant=Applicant(full_name="Lê Thị Bình",
                                                             id_number="001192012345"))
    assert [d.id for d in dossiers.find_drafts(db, "001192012345")] == [made.id]
    assert [d.id for d in dossiers.find_drafts(db, "le thi")] == [made.id]
    assert [d.id for d in dossiers.find_drafts(db, "LÊ THỊ BÌNH")] == [made.id]
    assert dossiers.find_drafts(db, "nguyen") == []
