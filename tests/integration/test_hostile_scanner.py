"""What a USB scanner (or a hand) types into the lookup fields, on a real database.

A scanner is a keyboard: it types whatever the code holds, then Enter. A torn receipt,
a phone screen, a QR from a shop, a scanner set to the wrong keyboard layout or one
that adds control characters all arrive as text in the counter's draft search
(`find_drafts`, "TICKET:<id>"), the counter's "call this number" (`call_number`), the
kiosk's status lookup (`lookup_status`, "MOTCUA:<code>"), the dossier search, and the
VietQR reader. Each gives a result or a UserError (NotFound is one), never another
exception, and a refused lookup writes nothing.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kiosk.db.engine import Database
from kiosk.errors import UserError
from kiosk.models import Base, Dossier, Ticket
from kiosk.services import dossiers, tickets
from kiosk.services.dossiers import Applicant
from kiosk.services.issuing import issue_ticket
from kiosk.services.seed_demo import seed_demo
from kiosk.textnorm import clean_text, fold_for_search
from kiosk.vietqr import build_payload, parse_payload

FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
NAME, ID_NUMBER = "Lê Thị Hoa", "001192012345"


@dataclass(frozen=True)
class Desk:
    ticket_id: uuid.UUID
    label: str
    draft_id: uuid.UUID
    code: str  # a received dossier's
    counter: int


@pytest.fixture
def desk(db: Database) -> Desk:
    """The demo office with received dossiers, and today's ticket with its citizen's draft."""
    seed_demo(db, 3, seed=31)
    ticket = issue_ticket(db, "ho-tich", check_hours=False)
    draft = dossiers.start_draft(db, "1.001193", ticket_id=ticket.id)
    dossiers.save_draft(db, draft.id, {"note": "x"},
                        applicant=Applicant(full_name=NAME, id_number=ID_NUMBER))
    with db.read() as s:
        code = s.scalar(select(Dossier.code).where(Dossier.code.is_not(None)).limit(1))
    return Desk(ticket.id, ticket.label, draft.id, code,
                tickets.counter_id_by_number(db, 1))


def written(db: Database) -> tuple:
    """Every table's row count, and what a lookup could have changed."""
    counts = select(*(select(func.count()).select_from(table).scalar_subquery()
                      for table in Base.metadata.sorted_tables))
    with db.read() as s:
        counts = tuple(s.execute(counts).one())  # one round trip
        ticket_rows = tuple(s.execute(select(Ticket.id, Ticket.state, Ticket.counter_id,
                                             Ticket.called_at).order_by(Ticket.id)))
        dossier_rows = tuple(s.execute(select(Dossier.id, Dossier.state, Dossier.updated_at)
                                       .order_by(Dossier.id)))
    return counts, ticket_rows, dossier_rows


# --- what a scanner types ------------------------------------------------------------------

def _digits(text: str, zero: str) -> str:
    """The same text with its ASCII digits written in another script's digits."""
    return text.translate({ord("0") + n: ord(zero) + n for n in range(10)})


PREFIXES = ["", "TICKET:", "ticket:", " TICKET: ", "TICKET:TICKET:", "MOTCUA:", "motcua:",
            "MOTCUA: MOTCUA:", "\x02", "]Q1", "TICKET\x00:", "MOTCUA：", "ＴＩＣＫＥＴ:"]
SUFFIXES = ["", "\r", "\n", "\r\n", "\t", "\x00", "\x03", "\x1d", " ", "\u200b"]
SPECIALS = ["", " ", "\x00", "\ud800", "\udfff", "\ud83d", "\x1b[2J", "\x7f", "\u202e",
            "\ufeff", "%", "_", "*", "?", "[", "[a-z]*", "\\", "'; DROP TABLE ticket; --",
            "A\u0301", "e\u0301" * 5, "😀", "ß", "ǅ", "İ", "٣", "𝟘𝟙𝟚", "0" * 12, "A001",
            "a001", "A0001", "B999"]
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(categories=["Cc", "Cs", "Cf", "Mn", "Nd", "Zs", "Lu", "So"]),
            max_size=30),  # controls, lone surrogates, bidi marks, other scripts' digits
    st.sampled_from(SPECIALS),
    st.integers(1, 200_000).map(lambda n: "9" * n),
    st.integers(1, 50_000).map(lambda n: "A\u0301" * n),  # long and not NFC
)


@st.composite
def scans(draw: st.DrawFn, desk: Desk) -> str:
    """A prefix, then garbage or a real key (ticket id, label, code, name) made wrong."""
    real = draw(st.sampled_from([str(desk.ticket_id), desk.ticket_id.hex, desk.label,
                                 desk.code, str(desk.draft_id), ID_NUMBER, NAME]))
    core = draw(st.one_of(
        hostile_text,
        st.just(real),
        st.sampled_from(["０", "٠", "۰", "०", "๐", "𝟎"]).map(lambda z: _digits(real, z)),
        st.tuples(hostile_text, st.integers(0, max(len(real) - 1, 0))).map(
            lambda t: real[:t[1]] + t[0] + real[t[1] + 1:]),  # one character replaced
        hostile_text.map(lambda junk: real + junk),
        st.just(real.lower()), st.just(real.upper()), st.just(real * 3),
    ))
    return draw(st.sampled_from(PREFIXES)) + core + draw(st.sampled_from(SUFFIXES))


def _names_the_draft(key: str, desk: Desk) -> bool:
    """Could `key` honestly find the draft: its ticket, id, applicant's number or name?"""
    text = clean_text(key) or ""
    rest = text[len("TICKET:"):].strip() if text.upper().startswith("TICKET:") else None
    for candidate in (rest, text):
        try:
            if candidate is not None and uuid.UUID(candidate) in (desk.ticket_id, desk.draft_id):
                return True
        except ValueError:
            pass
    return (text == ID_NUMBER or text.upper() == desk.label
            or fold_for_search(NAME).startswith(fold_for_search(text)))


# --- the properties --------------------------------------------------------------------

@settings(max_examples=80, deadline=None, suppress_health_check=FIXTURES)
@given(data=st.data())
def test_a_scan_at_the_counter_finds_the_draft_or_says_why_and_writes_nothing(db, desk, data):
    key = data.draw(scans(desk), "scanned")
    before = written(db)
    try:
        found = dossiers.find_drafts(db, key)
    except UserError as exc:
        assert exc.code in ("empty_key", "no_such_ticket"), exc.code
    else:
        assert [d.id for d in found] in ([], [desk.draft_id])
        if found:  # no wildcard ("%", "*", "[") or fold ever matches a stranger
            assert _names_the_draft(key, desk), key
    try:
        rows = dossiers.search_dossiers(db, key)
    except UserError as exc:
        assert exc.code == "empty_key"
    else:
        assert all(isinstance(row, dossiers.DossierRow) for row in rows)
    assert written(db) == before


@settings(max_examples=80, deadline=None, suppress_health_check=FIXTURES)
@given(data=st.data())
def test_a_receipt_scanned_at_the_kiosk_finds_its_dossier_or_not_found(db, desk, data):
    key = data.draw(scans(desk), "scanned")
    before = written(db)
    try:
        info = dossiers.lookup_status(db, key)
    except UserError as exc:
        assert exc.code in ("empty_key", "no_such_dossier"), exc.code
        assert exc.message.encode("utf-8", "backslashreplace")
    else:
        text = key.strip()
        text = text[len("MOTCUA:"):].strip() if text.upper().startswith("MOTCUA:") else text
        assert info.code == desk.code and desk.code in (text, text.upper())
    assert written(db) == before


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(data=st.data())
def test_a_ticket_scanned_to_call_it_is_called_or_refused_unchanged(db, desk, data):
    key = data.draw(scans(desk), "scanned")
    before = written(db)
    try:
        called = tickets.call_number(db, desk.counter, key)
    except UserError as exc:
        assert exc.code in ("no_such_ticket", "called_elsewhere", "no_show_expired"), exc.code
        assert written(db) == before
    else:
        assert called.id == desk.ticket_id and called.state == "called"


def test_wildcards_typed_match_only_themselves(db, desk):
    for key in ("%", "*", "_", "?", "[L]*", "\\", "L%", "l*", "Le_", "le thi hoa" + "x" * 300):
        assert dossiers.find_drafts(db, key) == [], key
        assert dossiers.search_dossiers(db, key) == [], key
    assert [d.id for d in dossiers.find_drafts(db, "le thi")] == [desk.draft_id]


# --- the payment QR --------------------------------------------------------------------

PAYMENT = build_payload("970436", "0011001234567", amount_vnd=50_000, reference="HS 000101",
                        merchant_name="UBND XA HOA AN")


@settings(max_examples=200, deadline=None)
@given(at=st.integers(0, len(PAYMENT)), cut=st.integers(0, 8), junk=hostile_text,
       zero=st.sampled_from(["0", "０", "٠", "๐"]))
def test_a_payment_code_misread_is_refused_with_a_vietqr_error(at, cut, junk, zero):
    """A real payload with a piece replaced (garbage, another script's digits, a surrogate)."""
    text = _digits(PAYMENT[:at], zero) + junk + PAYMENT[at + cut:]
    try:
        parsed = parse_payload(text)
    except UserError as exc:
        assert exc.code.startswith("vietqr_")
    else:
        assert isinstance(parsed, dict) and "63" in parsed
