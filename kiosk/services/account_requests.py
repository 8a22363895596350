"""Help with a portal account (docs/ACCOUNT_HELP.md): the citizen's consented request,
its slip, the outcome a volunteer records, and the figures per volunteer and day.

A citizen, alone at the kiosk or with a youth volunteer at the help desk, walks
through the guide; after consenting they type their details, and `save_request`
writes, all or nothing, the account request, its outbox row for the portal
(`account_request`, portal-api.md) and the slip's print job (commit first, print
after). Details are checked by the dossier forms' own engine (kiosk/forms), so the
UI shows the same messages for the same mistakes. A flow that ends without details
only prints a slip (`queue_slip`): nothing personal is stored. Staff screens never
show a whole id number, only its last four digits.

Runs on the UI's DB worker thread or in the CLI; no Qt. `check_details` touches no
database and may run anywhere.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, case, cast, func, literal_column, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from kiosk.citizen_id import parse_citizen_id
from kiosk.clock import VN_TZ, as_utc, business_date, utc_now
from kiosk.db.engine import Database
from kiosk.errors import NotFound, UserError
from kiosk.forms import FormState, load_form
from kiosk.forms.validators import Invalid, clean_string
from kiosk.models import AccountRequest, Dossier, StaffUser
from kiosk.portal_payloads import account_request_payload
from kiosk.printables import AccountHelpPrint, to_data
from kiosk.services.dossiers import DossierInfo, find_drafts
from kiosk.services.office_setup import the_office
from kiosk.services.outbox import enqueue
from kiosk.services.print_jobs import add_job
from kiosk.services.reports import day_bounds

OUTCOMES = ("account_works", "needs_police_activation", "not_finished")
DETAIL_FIELDS = ("full_name", "id_number", "date_of_birth", "phone", "email")
MAX_NOTE = 500
MAX_VERSION = 20  # consent_version's column; the guide's version is kept alike
MAX_ANSWERS, MAX_ANSWER_CHARS = 100, 200  # the guide's question keys and option values
CONSENT_VALID_FOR = timedelta(days=1)
GUIDE_VERSION_KEY = "_guide_version"  # in `answers`: which guide the citizen followed

# The details page as a form spec (docs/FORMS.md): the dossier forms' cleaners and codes.
# `map_to` ties the id number to the date of birth (its birth year) and turns on the
# plausible-age check of the date.
ACCOUNT_DETAILS_FORM: dict[str, Any] = {
    "version": 1,
    "fields": [{
        "name": "details", "type": "group",
        "label": {"vi": "Thông tin công dân", "en": "Your details"},
        "fields": [
            {"name": "full_name", "type": "text", "required": True, "max_length": 200,
             "label": {"vi": "Họ, chữ đệm và tên", "en": "Full name"},
             "map_to": "applicant.full_name"},
            {"name": "id_number", "type": "citizen_id", "required": True,
             "label": {"vi": "Số định danh cá nhân (CCCD)",
                       "en": "Personal identification number"},
             "map_to": "applicant.id_number"},
            {"name": "date_of_birth", "type": "date", "required": True,
             "label": {"vi": "Ngày, tháng, năm sinh", "en": "Date of birth"},
             "map_to": "applicant.date_of_birth"},
            {"name": "phone", "type": "phone", "required": True,
             "label": {"vi": "Số điện thoại di động", "en": "Mobile phone number"},
             "map_to": "applicant.phone"},
            {"name": "email", "type": "email",
             "label": {"vi": "Thư điện tử (không bắt buộc)", "en": "E-mail (optional)"},
             "map_to": "applicant.email"},
        ],
    }],
}
_DETAILS = load_form(ACCOUNT_DETAILS_FORM)  # checked once, at import


@dataclass(frozen=True)
class SavedRequest:
    request_id: uuid.UUID
    print_job_id: uuid.UUID


@dataclass(frozen=True)
class RequestRow:
    """One request on the volunteer's outcome panel."""

    id: uuid.UUID
    created_at: datetime
    full_name: str
    id_tail: str  # the id number's last 4 digits: staff screens never show the whole number
    outcome: str | None
    outcome_note: str | None
    dossier_code: str | None  # the linked dossier's code (None: none, or still a draft)


@dataclass(frozen=True)
class HelpStat:
    """Requests helped by one volunteer (or the kiosk alone: "") on one business day."""

    day: date
    volunteer: str
    requests: int
    account_works: int
    needs_police_activation: int
    not_finished: int
    no_outcome: int


# --- the details --------------------------------------------------------------------

def _evaluate(full_name: Any, id_number: Any, date_of_birth: Any, phone: Any, email: Any,
              today: date) -> tuple[dict[str, tuple[str, dict]], dict[str, Any]]:
    """Problems per field (the first of each), and the clean values."""
    answers = dict(zip(DETAIL_FIELDS, (full_name, id_number, date_of_birth, phone, email)))
    state = FormState(_DETAILS, answers, today=today)
    problems: dict[str, tuple[str, dict]] = {}
    for error in state.validate_all():
        problems.setdefault(error.path, (error.code, dict(error.params)))
    return problems, state.applicant_fields()


def check_details(full_name: str, id_number: str, date_of_birth: str, phone: str,
                  email: str | None) -> dict[str, tuple[str, dict]]:
    """Field name -> (error code, params), with the dossier forms' codes
    (ui.error_text.field_message shows them); {} when everything is fine. The date of
    birth is "dd/mm/yyyy" or ISO; the e-mail may be empty. Never raises."""
    return _evaluate(full_name, id_number, date_of_birth, phone, email, business_date())[0]


def _refuse_details(problems: dict[str, tuple[str, dict]]) -> UserError:
    return UserError("account_details_invalid",
                     "Please check: " + ", ".join(f"{k} ({v[0]})" for k, v in problems.items()),
                     fields=list(problems), problems=problems)


# --- checks inside the transaction ----------------------------------------------------

def _staff(s: Session, staff_id: int | None) -> StaffUser | None:
    if staff_id is None:
        return None
    user = s.get(StaffUser, staff_id)
    if user is None:
        raise NotFound("no_such_user", f"No staff user {staff_id}")
    return user


def _helper_name(user: StaffUser | None) -> str:
    return "" if user is None else (user.full_name or user.username)


def _own_draft(s: Session, dossier_id: uuid.UUID, id_number: str) -> Dossier:
    dossier = s.get(Dossier, dossier_id)
    if dossier is None:
        raise NotFound("no_such_dossier", f"No dossier {dossier_id}")
    if dossier.state != "draft" or dossier.applicant_id_number != id_number:
        raise UserError("not_this_citizens_draft", "That dossier is not a draft of this "
                        "citizen (same id number)")
    return dossier


def _version(value: str, what: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > MAX_VERSION:
        raise UserError("bad_version", f"The {what} version must be 1 to {MAX_VERSION} "
                        "characters", what=what)
    return text


def _answers(answers: dict[str, str], guide_version: str) -> dict[str, str]:
    if not isinstance(answers, dict) or len(answers) > MAX_ANSWERS or not all(
            isinstance(k, str) and isinstance(v, str) and len(k) <= MAX_ANSWER_CHARS
            and len(v) <= MAX_ANSWER_CHARS and "\x00" not in k + v for k, v in answers.items()):
        raise UserError("answers_not_plain", "The guide's answers must be short texts")
    return {**answers, GUIDE_VERSION_KEY: guide_version}


def _check_consent(consent_at: datetime, now: datetime) -> None:
    if not isinstance(consent_at, datetime) or consent_at.utcoffset() is None:
        raise UserError("consent_time_invalid", "The consent time must carry its time zone")
    if consent_at > now:
        raise UserError("consent_in_future", "The consent is dated in the future")
    if now - consent_at > CONSENT_VALID_FOR:
        raise UserError("consent_too_old", "The consent is more than a day old: ask again")


def _slip(s: Session, *, citizen_name: str, helper: StaffUser | None, steps_left: list[str],
          links: list[tuple[str, str]], now: datetime, subject_id: str | None,
          terminal: str | None) -> uuid.UUID:
    data = to_data(AccountHelpPrint(
        office_name=the_office(s).name, citizen_name=citizen_name,
        helped_by=_helper_name(helper), steps_left=tuple(str(x) for x in steps_left),
        printed_at=now, links=tuple((str(caption), str(url)) for caption, url in links)))
    return add_job(s, "account_help", "slip", data, subject_id, terminal)


# --- operations -----------------------------------------------------------------------

def save_request(db: Database, *, details: dict[str, str], answers: dict[str, str],
                 consent_at: datetime, consent_version: str, guide_version: str,
                 assisted_by: int | None, dossier_id: uuid.UUID | None,
                 steps_left: list[str], links: list[tuple[str, str]],
                 terminal: str | None = None, now: datetime | None = None) -> SavedRequest:
    """The request, its outbox row and its slip's print job, in one transaction; refused
    (nothing written) when a detail is wrong, the consent is not from the last day, the
    helper is unknown or the dossier is not a draft of this citizen."""
    now = now or utc_now()
    problems, clean = _evaluate(*(details.get(k) for k in DETAIL_FIELDS), business_date(now))
    if problems:
        raise _refuse_details(problems)
    _check_consent(consent_at, now)
    consent_version = _version(consent_version, "consent")
    stored_answers = _answers(answers, _version(guide_version, "guide"))
    with db.write() as s:
        helper = _staff(s, assisted_by)
        if dossier_id is not None:
            _own_draft(s, dossier_id, clean["id_number"])
        request = AccountRequest(
            id=uuid.uuid4(), office_id=the_office(s).id, full_name=clean["full_name"],
            id_number=clean["id_number"], date_of_birth=clean["date_of_birth"],
            phone=clean["phone"], email=clean.get("email"), consent_at=as_utc(consent_at),
            consent_version=consent_version, answers=stored_answers,
            assisted_by=assisted_by, dossier_id=dossier_id, created_at=now)
        s.add(request)
        s.flush()
        enqueue(s, "account_request", request.id, account_request_payload(
            full_name=request.full_name, id_number=request.id_number,
            date_of_birth=request.date_of_birth, phone=request.phone, email=request.email,
            consent_at=consent_at, assisted_by=helper.username if helper else None))
        job = _slip(s, citizen_name=request.full_name, helper=helper, steps_left=steps_left,
                    links=links, now=now, subject_id=str(request.id), terminal=terminal)
        return SavedRequest(request.id, job)


def queue_slip(db: Database, *, steps_left: list[str], links: list[tuple[str, str]],
               assisted_by: int | None, terminal: str | None,
               now: datetime | None = None) -> uuid.UUID:
    """The slip of a flow that ended without a request: no name, nothing personal kept."""
    with db.write() as s:
        return _slip(s, citizen_name="", helper=_staff(s, assisted_by), steps_left=steps_left,
                     links=links, now=now or utc_now(), subject_id=None, terminal=terminal)


def _id_number(value: str) -> str:
    return parse_citizen_id(value).number  # UserError (id_length, ...) when malformed


def drafts_for(db: Database, id_number: str) -> list[DossierInfo]:
    """The citizen's dossier drafts, newest first: offered to link to the request."""
    return find_drafts(db, _id_number(id_number))


def _load(s: Session, request_id: uuid.UUID) -> AccountRequest:
    request = s.get(AccountRequest, request_id)
    if request is None:
        raise NotFound("no_such_account_request", f"No account request {request_id}")
    return request


def _row(request: AccountRequest, dossier_code: str | None) -> RequestRow:
    return RequestRow(request.id, as_utc(request.created_at), request.full_name,
                      request.id_number[-4:], request.outcome, request.outcome_note,
                      dossier_code)


def link_draft(db: Database, request_id: uuid.UUID, dossier_id: uuid.UUID) -> RequestRow:
    """Tie the request to a dossier draft of the same citizen (same id number)."""
    with db.write() as s:
        request = _load(s, request_id)
        dossier = _own_draft(s, dossier_id, request.id_number)
        request.dossier_id = dossier.id
        return _row(request, dossier.code)


def record_outcome(db: Database, request_id: uuid.UUID, staff_id: int, outcome: str,
                   note: str | None = None) -> RequestRow:
    """What came of the help; `not_finished` needs a reason. A kiosk request finished by a
    volunteer becomes theirs."""
    if outcome not in OUTCOMES:
        raise UserError("bad_outcome", f"The outcome must be one of {', '.join(OUTCOMES)}",
                        outcome=str(outcome)[:40])
    try:
        reason = clean_string(note) if note is not None else None
    except Invalid:
        raise UserError("outcome_note_invalid", "The note has invisible characters") from None
    if reason is not None and len(reason) > MAX_NOTE:
        raise UserError("outcome_note_too_long", f"The note has at most {MAX_NOTE} characters",
                        max_length=MAX_NOTE, length=len(reason))
    if outcome == "not_finished" and reason is None:
        raise UserError("outcome_reason_required", "Say why the account is not finished")
    with db.write() as s:
        request = _load(s, request_id)
        _staff(s, staff_id)
        request.outcome, request.outcome_note = outcome, reason
        if request.assisted_by is None:
            request.assisted_by = staff_id
        code = s.scalar(select(Dossier.code).where(Dossier.id == request.dossier_id)) \
            if request.dossier_id else None
        return _row(request, code)


def recent_requests(db: Database, *, assisted_by: int | None, day: date) -> list[RequestRow]:
    """The requests of one business day helped by this volunteer (None: made at the kiosk
    alone and not yet taken up), newest first."""
    start, end = day_bounds(day)
    helper = (AccountRequest.assisted_by.is_(None) if assisted_by is None
              else AccountRequest.assisted_by == assisted_by)
    with db.read() as s:
        rows = s.execute(
            select(AccountRequest, Dossier.code)
            .outerjoin(Dossier, Dossier.id == AccountRequest.dossier_id)
            .where(AccountRequest.office_id == the_office(s).id, helper,
                   AccountRequest.created_at >= start, AccountRequest.created_at < end)
            .order_by(AccountRequest.created_at.desc(), AccountRequest.id)).all()
        return [_row(request, code) for request, code in rows]


# Vietnam has kept UTC+7 without summer time since 1975; SQLite has no time zones, so the
# offset is applied as a modifier there (stored times are naive UTC text).
_VN_OFFSET_S = int(VN_TZ.utcoffset(datetime(2000, 1, 1)).total_seconds())  # type: ignore[union-attr]


def _local_day(dialect: str, moment: Any) -> ColumnElement[Any]:
    """The business day (Vietnam's date) of a stored UTC time, in SQL. Literal SQL text,
    not bound parameters, so PostgreSQL sees the same expression in SELECT and GROUP BY."""
    if dialect == "postgresql":
        return cast(func.timezone(literal_column(f"'{VN_TZ.key}'"), moment), Date)
    return func.date(moment, literal_column(f"'{_VN_OFFSET_S:+d} seconds'"))


def _count(outcome: str | None) -> ColumnElement[Any]:
    matches = AccountRequest.outcome.is_(None) if outcome is None \
        else AccountRequest.outcome == outcome
    return func.sum(case((matches, 1), else_=0))


def help_by_volunteer(db: Database, start: date, end: date) -> list[HelpStat]:
    """Requests and outcomes per business day (start to end, both included) and helper,
    ordered by day then volunteer name ("" is the kiosk alone)."""
    first, _ = day_bounds(start)
    _, last = day_bounds(end)
    day = _local_day(db.dialect, AccountRequest.created_at).label("day")
    query = (
        select(day, StaffUser.full_name, StaffUser.username, func.count(),
               *(_count(outcome) for outcome in (*OUTCOMES, None)))
        .select_from(AccountRequest)
        .outerjoin(StaffUser, StaffUser.id == AccountRequest.assisted_by)
        .where(AccountRequest.created_at >= first, AccountRequest.created_at < last)
        .group_by(_local_day(db.dialect, AccountRequest.created_at), AccountRequest.assisted_by,
                  StaffUser.full_name, StaffUser.username))
    with db.read() as s:
        rows = s.execute(query).all()
    stats = [HelpStat(day if isinstance(day, date) else date.fromisoformat(str(day)),
                      full_name or username or "", *(int(n or 0) for n in counts))
             for day, full_name, username, *counts in rows]
    return sorted(stats, key=lambda stat: (stat.day, stat.volunteer))
