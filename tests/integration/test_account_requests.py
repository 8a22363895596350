"""Account help requests on a real database (per KIOSK_TEST_DB): the details checked like the
dossier forms, one transaction for request + outbox + slip, outcomes, the per-volunteer
figures by Vietnam's business day, and the request delivered to the portal simulator."""
from __future__ import annotations

import hashlib
import io
import json
import unicodedata
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import func, select

from kiosk.clock import business_date, utc_now
from kiosk.db.engine import Database
from kiosk.errors import NotFound, UserError
from kiosk.forms import ERROR_CODES
from kiosk.models import AccountRequest, Dossier, Outbox, PrintJob
from kiosk.services import account_requests as ar
from kiosk.services.dossiers import Applicant, cancel_draft, save_draft, start_draft
from kiosk.services.outbox import canonical_json
from kiosk.services.print_jobs import get_job
from kiosk.services.staff import StaffInfo, add_user
from printers.pdf_render import render_pdf
from printers.spooler import layout_for
from sync.simulator import Simulator
from tests.sync.test_worker import make_worker

BIRTH = "1.001193"  # Đăng ký khai sinh
NOW = datetime(2026, 11, 24, 1, 5, tzinfo=UTC)  # 08:05 in Hà Nội
CONSENT = NOW - timedelta(minutes=2)
HOA = {"full_name": "Tra\u0302\u0300n Thi\u0323 Hoa",  # decomposed, as some keyboards type it
       "id_number": "0013 0300 4568", "date_of_birth": "02/01/2003",
       "phone": "+84 912 345 678", "email": ""}
STEPS = ["Đến Công an xã để kích hoạt tài khoản định danh điện tử mức độ 2.",
         "Đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản VNeID."]
LINKS = [("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn")]
GOOD = {"full_name": "Trần Thị Hoa", "id_number": "001303004568",
        "date_of_birth": "02/01/2003", "phone": "0912345678", "email": None}


@pytest.fixture
def mai(db: Database) -> StaffInfo:
    return add_user(db, "vol.mai", "volunteer", full_name="Hà Thị Mai")


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[Simulator]:
    simulator = Simulator(db_path=tmp_path / "portal.sqlite3", status_every=0, seed=1)
    simulator.start()
    yield simulator
    simulator.stop()


def save(db: Database, *, details: dict | None = None, assisted_by: int | None = None,
         now: datetime = NOW, consent_at: datetime | None = None,
         dossier_id: uuid.UUID | None = None) -> ar.SavedRequest:
    return ar.save_request(
        db, details=details or HOA, answers={"chip_card": "yes", "vneid": "level1"},
        consent_at=consent_at or now - timedelta(minutes=2), consent_version="2026.11",
        guide_version="2026.11", assisted_by=assisted_by, dossier_id=dossier_id,
        steps_left=STEPS, links=LINKS, terminal="desk-1", now=now)


def counts(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(model))  # type: ignore[return-value]
                     for model in (AccountRequest, Outbox, PrintJob))


# --- check_details ------------------------------------------------------------------

@pytest.mark.parametrize("changes", [
    {},
    {"date_of_birth": "2003-01-02"},  # ISO
    {"date_of_birth": "2/1/2003"},
    {"id_number": "0013-0300-4568", "phone": "84912345678"},
    {"full_name": "Tra\u0302\u0300n Thi\u0323 Hoa", "email": "hoa.tran@Gmail.COM"},
    {"full_name": "  Lò   Văn Páo  ", "id_number": "０１１０７８０００１２３",  # full-width digits
     "date_of_birth": "15.03.1978", "phone": "(+84) 0981-234-567"},
])
def test_check_details_accepts_what_vietnamese_users_type(changes: dict) -> None:
    assert ar.check_details(**{**GOOD, **changes}) == {}


TOMORROW = (business_date() + timedelta(days=1)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(("field", "value", "code"), [
    ("full_name", "", "required"),
    ("full_name", "   ", "required"),
    ("full_name", "A" * 201, "too_long"),
    ("full_name", "Hoa\x07", "control_character"),
    ("id_number", "", "required"),
    ("id_number", "0013030045", "id_length"),
    ("id_number", "00130300456x", "id_not_digits"),
    ("id_number", "001903004568", "id_century"),
    ("id_number", "003303004568", "id_province"),
    ("id_number", "001304004568", "id_birth_year_mismatch"),
    ("date_of_birth", "", "required"),
    ("date_of_birth", "31/02/2003", "date_invalid"),
    ("date_of_birth", "2003/01/02", "date_invalid"),
    ("date_of_birth", "hôm qua", "date_invalid"),
    ("date_of_birth", TOMORROW, "date_in_future"),
    ("phone", "", "required"),
    ("phone", "0112345678", "phone_prefix"),
    ("phone", "+1 415 555 0100", "phone_prefix"),
    ("phone", "09123", "phone_length"),
    ("phone", "0912 abc 678", "phone_not_digits"),
    ("email", "hoa@", "email_invalid"),
    ("email", "hoa..tran@vidu.vn", "email_invalid"),
    ("email", "a" * 190 + "@vidu.vn.com", "email_invalid"),
])
def test_check_details_gives_the_dossier_forms_codes(field: str, value: str, code: str) -> None:
    problems = ar.check_details(**{**GOOD, field: value})
    assert problems[field][0] == code, problems
    # another year of birth also contradicts the id number's
    assert set(problems) - {field} <= ({"id_number"} if field == "date_of_birth" else set())
    assert code in ERROR_CODES  # ui.error_text.field_message has a sentence for it
    assert isinstance(problems[field][1], dict)


def test_check_details_names_every_wrong_field_and_the_implausible_age() -> None:
    problems = ar.check_details("", "001303004568", "01/01/1850", "", "x")
    assert problems["full_name"] == ("required", {})
    assert problems["date_of_birth"][0] == "age_implausible"
    assert problems["id_number"] == ("id_birth_year_mismatch",
                                     {"id_year": 2003, "birth_year": 1850})
    assert problems["phone"][0] == "required" and problems["email"][0] == "email_invalid"


HOSTILE = st.one_of(
    st.text(),
    st.text(st.characters(categories=["Cc", "Cs", "Cf", "Mn", "So", "Zs", "Lu", "Nd"]),
            max_size=50),  # controls, lone surrogates, bidi marks, emoji, combining marks
    st.text(st.sampled_from("0123456789 ./-+()\u0301\u0300\u0323aĐđ😀\x00\u202e"), max_size=40),
    st.integers(1, 300_000).map(lambda n: "9" * n),
    st.integers(1, 100_000).map(lambda n: "A\u0301" * n),  # huge and not NFC
    st.sampled_from(["", " ", "\n", "😀" * 1000, "0912345678\x00", "02/01/2003\u200b"]),
)


@hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE)
def test_check_details_never_raises_on_any_text(full_name: str, id_number: str,
                                                date_of_birth: str, phone: str,
                                                email: str) -> None:
    problems = ar.check_details(full_name, id_number, date_of_birth, phone, email)
    assert isinstance(problems, dict)
    for field, (code, params) in problems.items():
        assert field in ar.DETAIL_FIELDS and code in ERROR_CODES and isinstance(params, dict)


# --- save_request -------------------------------------------------------------------

def test_saving_writes_the_request_its_outbox_row_and_its_slip_together(db, mai) -> None:
    saved = save(db, assisted_by=mai.id)
    expected = {"full_name": "Trần Thị Hoa", "id_number": "001303004568",
                "date_of_birth": "2003-01-02", "phone": "0912345678", "email": None,
                "consent_at": "2026-11-24T08:03:00+07:00", "assisted_by": "vol.mai"}
    with db.read() as s:
        request = s.get(AccountRequest, saved.request_id)
        [row] = s.scalars(select(Outbox).where(Outbox.record_id == saved.request_id)).all()
        job = s.get(PrintJob, saved.print_job_id)
    assert request is not None and job is not None
    assert request.full_name == unicodedata.normalize("NFC", "Trần Thị Hoa")
    assert (request.id_number, request.date_of_birth, request.phone, request.email) == (
        "001303004568", date(2003, 1, 2), "0912345678", None)
    assert request.answers == {"chip_card": "yes", "vneid": "level1", "_guide_version": "2026.11"}
    assert request.consent_version == "2026.11" and request.assisted_by == mai.id
    assert request.consent_at.replace(tzinfo=UTC) == CONSENT
    assert request.outcome is None and request.dossier_id is None
    assert (row.record_type, row.state) == ("account_request", "pending")
    assert json.loads(row.payload) == expected and row.payload == canonical_json(expected)
    assert row.payload_sha256 == hashlib.sha256(row.payload.encode("utf-8")).hexdigest()
    assert (job.kind, job.printer, job.subject_id, job.terminal, job.state) == (
        "account_help", "slip", str(saved.request_id), "desk-1", "pending")
    assert job.data["citizen_name"] == "Trần Thị Hoa" and job.data["helped_by"] == "Hà Thị Mai"
    assert job.data["steps_left"] == STEPS and job.data["links"] == [list(LINKS[0])]
    assert job.data["office_name"]


def test_at_the_kiosk_alone_the_portal_gets_no_helper(db) -> None:
    saved = save(db, details={**HOA, "email": "Hoa@VIDU.vn"})
    with db.read() as s:
        payload = json.loads(s.scalar(select(Outbox.payload)
                                      .where(Outbox.record_id == saved.request_id)))
        job = s.get(PrintJob, saved.print_job_id)
    assert payload["assisted_by"] is None and payload["email"] == "Hoa@vidu.vn"
    assert job.data["helped_by"] == ""


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"details": {**HOA, "phone": "0112345678", "full_name": ""}}, "account_details_invalid"),
    ({"details": {k: v for k, v in HOA.items() if k != "phone"}}, "account_details_invalid"),
    ({"consent_at": NOW + timedelta(minutes=1)}, "consent_in_future"),
    ({"consent_at": NOW - timedelta(days=1, minutes=1)}, "consent_too_old"),
    ({"consent_at": CONSENT.replace(tzinfo=None)}, "consent_time_invalid"),
    ({"assisted_by": 999_999}, "no_such_user"),
])
def test_a_refused_save_writes_nothing(db, kwargs: dict, code: str) -> None:
    before = counts(db)
    with pytest.raises(UserError) as refused:
        save(db, **kwargs)
    assert refused.value.code == code
    if code == "account_details_invalid":
        assert "phone" in refused.value.params["fields"]
    assert counts(db) == before


def test_a_refused_save_names_every_wrong_field(db) -> None:
    with pytest.raises(UserError) as refused:
        save(db, details={**HOA, "phone": "0112345678", "full_name": ""})
    assert sorted(refused.value.params["fields"]) == ["full_name", "phone"]
    assert refused.value.params["problems"]["phone"][0] == "phone_prefix"


def test_the_slip_renders_with_the_steps_left(db, mai) -> None:
    saved = save(db, assisted_by=mai.id)
    layout = layout_for(get_job(db, saved.print_job_id))
    pdf = render_pdf(layout)
    assert pdf.startswith(b"%PDF")
    text = " ".join(unicodedata.normalize("NFC", " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)).split())
    for words in ("HƯỚNG DẪN TÀI KHOẢN DỊCH VỤ CÔNG", "Trần Thị Hoa", "Hà Thị Mai", *STEPS,
                  LINKS[0][0]):
        assert " ".join(words.split()) in text, words
    assert layout.qr_payloads() == [LINKS[0][1]]


def test_a_slip_without_a_request_stores_no_name(db, mai) -> None:
    before = counts(db)
    job_id = ar.queue_slip(db, steps_left=STEPS[:1], links=LINKS, assisted_by=mai.id,
                           terminal="kiosk-1")
    job = get_job(db, job_id)
    assert (job.kind, job.printer, job.subject_id) == ("account_help", "slip", None)
    assert job.data["citizen_name"] == "" and job.data["helped_by"] == "Hà Thị Mai"
    assert job.data["steps_left"] == STEPS[:1]
    assert counts(db)[:2] == before[:2] and counts(db)[2] == before[2] + 1
    layout_for(job)  # it lays out


# --- drafts -------------------------------------------------------------------------

def draft_of(db: Database, id_number: str, born: date) -> uuid.UUID:
    draft = start_draft(db, BIRTH, source="volunteer")
    save_draft(db, draft.id, {}, step="applicant",
               applicant=Applicant(full_name="Trần Thị Hoa", id_number=id_number,
                                   date_of_birth=born))
    return draft.id


def test_a_request_links_to_the_citizens_own_draft_only(db) -> None:
    own = draft_of(db, "001303004568", date(2003, 1, 2))
    other = draft_of(db, "001203004567", date(2003, 5, 14))
    cancelled = draft_of(db, "001303004568", date(2003, 1, 2))
    cancel_draft(db, cancelled)
    assert [d.id for d in ar.drafts_for(db, "0013 0300 4568")] == [own]
    saved = save(db)
    row = ar.link_draft(db, saved.request_id, own)
    assert row.id == saved.request_id and row.dossier_code is None  # a draft has no code yet
    for wrong in (other, cancelled):
        with pytest.raises(UserError) as refused:
            ar.link_draft(db, saved.request_id, wrong)
        assert refused.value.code == "not_this_citizens_draft"
    with pytest.raises(NotFound):
        ar.link_draft(db, saved.request_id, uuid.uuid4())
    with pytest.raises(NotFound):
        ar.link_draft(db, uuid.uuid4(), own)
    with db.read() as s:
        assert s.scalar(select(AccountRequest.dossier_id)) == own
        assert s.get(Dossier, own).state == "draft"


def test_saving_with_another_persons_draft_writes_nothing(db) -> None:
    other = draft_of(db, "001203004567", date(2003, 5, 14))
    before = counts(db)
    with pytest.raises(UserError) as refused:
        save(db, dossier_id=other)
    assert refused.value.code == "not_this_citizens_draft" and counts(db) == before
    own = draft_of(db, "001303004568", date(2003, 1, 2))
    saved = save(db, dossier_id=own)
    with db.read() as s:
        assert s.get(AccountRequest, saved.request_id).dossier_id == own


def test_drafts_for_refuses_a_malformed_number(db) -> None:
    with pytest.raises(UserError) as refused:
        ar.drafts_for(db, "0013")
    assert refused.value.code == "id_length"


# --- outcomes -----------------------------------------------------------------------

def test_an_outcome_needs_a_reason_when_not_finished(db, mai) -> None:
    saved = save(db, assisted_by=mai.id)
    for note in (None, "", "   "):
        with pytest.raises(UserError) as refused:
            ar.record_outcome(db, saved.request_id, mai.id, "not_finished", note)
        assert refused.value.code == "outcome_reason_required"
    with pytest.raises(UserError) as refused:
        ar.record_outcome(db, saved.request_id, mai.id, "not_finished", "x" * 501)
    assert refused.value.code == "outcome_note_too_long"
    with pytest.raises(UserError) as refused:
        ar.record_outcome(db, saved.request_id, mai.id, "not_finished", "mất\x00 sóng")
    assert refused.value.code == "outcome_note_invalid"
    with pytest.raises(UserError) as refused:
        ar.record_outcome(db, saved.request_id, mai.id, "gave_up")
    assert refused.value.code == "bad_outcome"
    with pytest.raises(NotFound):
        ar.record_outcome(db, uuid.uuid4(), mai.id, "account_works")
    with pytest.raises(NotFound):
        ar.record_outcome(db, saved.request_id, 999_999, "account_works")
    row = ar.record_outcome(db, saved.request_id, mai.id, "not_finished",
                            "  Điện thoại   hết pin ")
    assert (row.outcome, row.outcome_note) == ("not_finished", "Điện thoại hết pin")
    row = ar.record_outcome(db, saved.request_id, mai.id, "account_works", "x" * 500)
    assert row.outcome == "account_works" and len(row.outcome_note) == 500


def test_a_volunteer_finishing_a_kiosk_request_takes_it_up(db, mai) -> None:
    lan = add_user(db, "vol.lan", "volunteer", full_name="Lê Thị Lan")
    alone = save(db)
    helped = save(db, assisted_by=lan.id)
    ar.record_outcome(db, alone.request_id, mai.id, "needs_police_activation")
    ar.record_outcome(db, helped.request_id, mai.id, "account_works")
    with db.read() as s:
        assert s.get(AccountRequest, alone.request_id).assisted_by == mai.id
        assert s.get(AccountRequest, helped.request_id).assisted_by == lan.id  # not taken over


def test_recent_requests_show_only_the_ids_last_digits_newest_first(db, mai) -> None:
    first = save(db, assisted_by=mai.id, now=NOW)
    second = save(db, assisted_by=mai.id, now=NOW + timedelta(minutes=5),
                  details={**HOA, "full_name": "Lò Văn Páo", "id_number": "011078000123",
                           "date_of_birth": "15/03/1978"})
    alone = save(db, now=NOW + timedelta(minutes=7))
    save(db, assisted_by=mai.id, now=NOW - timedelta(days=1))  # another day
    own = draft_of(db, "001303004568", date(2003, 1, 2))
    ar.link_draft(db, first.request_id, own)
    rows = ar.recent_requests(db, assisted_by=mai.id, day=date(2026, 11, 24))
    assert [r.id for r in rows] == [second.request_id, first.request_id]
    assert [r.id_tail for r in rows] == ["0123", "4568"]
    assert rows[0].full_name == "Lò Văn Páo" and rows[0].outcome is None
    assert rows[1].dossier_code is None  # linked, but a draft has no code
    assert all("001303004568" not in repr(r) and "011078000123" not in repr(r) for r in rows)
    assert [r.id for r in ar.recent_requests(db, assisted_by=None, day=date(2026, 11, 24))] == [
        alone.request_id]
    assert ar.recent_requests(db, assisted_by=mai.id, day=date(2026, 11, 25)) == []


def test_help_by_volunteer_counts_per_business_day_in_vietnam(db, mai) -> None:
    lan = add_user(db, "vol.lan", "volunteer", full_name="Lê Thị Lan")
    late = datetime(2026, 11, 23, 16, 59, 30, tzinfo=UTC)  # 23:59:30 on the 23rd
    midnight = datetime(2026, 11, 23, 17, 0, 30, tzinfo=UTC)  # 00:00:30 on the 24th
    save(db, assisted_by=mai.id, now=late)
    just_after = save(db, assisted_by=mai.id, now=midnight)
    works = save(db, assisted_by=mai.id, now=NOW)
    police = save(db, assisted_by=lan.id, now=NOW)
    unfinished = save(db, assisted_by=lan.id, now=NOW + timedelta(hours=8))  # 16:05
    save(db, now=NOW)  # the kiosk alone, no outcome
    save(db, now=datetime(2026, 11, 24, 17, 0, tzinfo=UTC))  # the 25th: outside
    ar.record_outcome(db, just_after.request_id, mai.id, "account_works")
    ar.record_outcome(db, works.request_id, mai.id, "account_works")
    ar.record_outcome(db, police.request_id, lan.id, "needs_police_activation")
    ar.record_outcome(db, unfinished.request_id, lan.id, "not_finished", "Quên thẻ căn cước")
    stats = ar.help_by_volunteer(db, date(2026, 11, 23), date(2026, 11, 24))
    d23, d24 = date(2026, 11, 23), date(2026, 11, 24)
    assert stats == [
        ar.HelpStat(d23, "Hà Thị Mai", 1, 0, 0, 0, 1),
        ar.HelpStat(d24, "", 1, 0, 0, 0, 1),
        ar.HelpStat(d24, "Hà Thị Mai", 2, 2, 0, 0, 0),
        ar.HelpStat(d24, "Lê Thị Lan", 2, 0, 1, 1, 0),
    ]
    assert [s.day for s in ar.help_by_volunteer(db, d24, date(2026, 11, 25))].count(
        date(2026, 11, 25)) == 1
    assert ar.help_by_volunteer(db, date(2026, 11, 1), date(2026, 11, 22)) == []


# --- to the portal ------------------------------------------------------------------

def test_the_request_reaches_the_portal_through_sync(db, mai, sim, data_dir) -> None:
    now = utc_now()
    saved = save(db, assisted_by=mai.id, now=now)
    summary = make_worker(db, sim, data_dir).run_cycle()
    assert (summary.sent, summary.accepted, summary.pending, summary.error) == (1, 1, 0, None)
    record = sim.record(str(saved.request_id))
    assert record is not None and record["type"] == "account_request"
    payload = json.loads(record["payload"])
    assert payload["id_number"] == "001303004568" and payload["assisted_by"] == "vol.mai"
    with db.read() as s:
        row = s.scalar(select(Outbox).where(Outbox.record_id == saved.request_id))
    assert row.state == "accepted" and row.portal_ref == record["portal_ref"]
    assert record["payload"] == row.payload
