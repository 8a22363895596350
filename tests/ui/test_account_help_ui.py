"""Account help by taps (issue 7): every branch of the bundled guide, in Vietnamese and
English, at the kiosk and at the volunteer desk; refusal of consent stores nothing."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton
from sqlalchemy import func, select

from kiosk.models import AccountRequest, Dossier, Outbox, PrintJob
from tests.ui.test_dossier_ui import type_keys
from tests.ui.test_queue_ui import sign_in, tap

# the answers that lead to the consent screen: no chip card, VNeID level 1, own phone, e-mail
TO_CONSENT = ("next", "no", "level1", "yes", "yes", "no")
PERSON = {"full_name": "Hoàng Thị Mỷ", "id_number": "001303004568",
          "date_of_birth": "02/01/2003", "phone": "0912 345 678"}


def counts(db) -> tuple[int, int, int]:
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(t))
                     for t in (AccountRequest, Outbox, PrintJob))


def option(flow, value: str) -> QPushButton:
    return next(b for b in flow.step_page.findChildren(QPushButton)
                if b.property("option") == value and b.isVisible())


def answer(qtbot, flow, *values: str) -> None:
    for value in values:
        qtbot.waitUntil(lambda v=value: any(b.property("option") == v and b.isVisible()
                                            for b in flow.step_page.findChildren(QPushButton)),
                        timeout=10_000)
        tap(qtbot, option(flow, value))


def start_at_kiosk(qtbot, open_role, lang: str):
    window = open_role("kiosk", lang=lang)
    tap(qtbot, window.account_button)
    assert window.screens.currentWidget() is window.account_flow
    return window, window.account_flow


def fill_details(qtbot, flow, person: dict[str, str]) -> None:
    page = flow.details_page
    page.edits["full_name"].setText(person["full_name"])  # QTest cannot type Vietnamese
    for key in ("id_number", "date_of_birth", "phone"):
        tap(qtbot, page.edits[key])  # the keyboard now types there
        qtbot.waitUntil(lambda k=key: page.keyboard.target is page.edits[k], timeout=5_000)
        type_keys(qtbot, page.keyboard, person[key].replace(" ", ""))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_citizen_with_a_working_account_is_told_so_and_nothing_is_stored(
        qtbot, db, open_role, lang):
    window, flow = start_at_kiosk(qtbot, open_role, lang)
    before = counts(db)
    answer(qtbot, flow, "next", "yes", "level2", "yes", "yes", "yes")
    assert flow.pages.currentWidget() is flow.finish_page
    assert flow.current == "has_account"
    assert counts(db) == before  # no consent asked, nothing personal kept
    tap(qtbot, flow.finish_page.print_button)  # the steps on paper, without a name
    qtbot.waitUntil(lambda: counts(db)[2] == before[2] + 1, timeout=10_000)
    with db.read() as s:
        job = s.scalars(select(PrintJob).order_by(PrintJob.created_at.desc())).first()
    assert job.kind == "account_help" and job.data["citizen_name"] == ""
    tap(qtbot, flow.finish_page.done_button)
    assert window.screens.currentWidget() is window.home_screen


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_refusing_consent_stores_nothing_and_clears_the_answers(qtbot, db, open_role, lang):
    window, flow = start_at_kiosk(qtbot, open_role, lang)
    before = counts(db)
    answer(qtbot, flow, *TO_CONSENT)
    assert flow.pages.currentWidget() is flow.consent_page
    shown = flow.consent_page.text.text()
    assert ("dữ liệu cá nhân" if lang == "vi" else "personal data") in shown.lower()
    tap(qtbot, flow.consent_page.refuse)
    assert flow.pages.currentWidget() is flow.refused_page
    assert flow.answers == {} and flow.consent_at is None
    assert counts(db) == before
    tap(qtbot, flow.refused_ok)
    assert window.screens.currentWidget() is window.home_screen


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_citizen_alone_consents_and_the_request_is_saved_with_the_slip(
        qtbot, db, open_role, lang):
    window, flow = start_at_kiosk(qtbot, open_role, lang)
    answer(qtbot, flow, *TO_CONSENT)
    tap(qtbot, flow.consent_page.agree)
    assert flow.pages.currentWidget() is flow.details_page and flow.consent_at is not None
    before = counts(db)
    page = flow.details_page
    page.edits["full_name"].setText(PERSON["full_name"])
    page.edits["id_number"].setText("0013030045")  # ten digits
    page.edits["phone"].setText("0112345678")  # no network uses 011
    tap(qtbot, page.save)
    assert page.problems["id_number"].isVisible() and page.problems["phone"].isVisible()
    assert page.problems["date_of_birth"].isVisible()  # required
    assert ("12" in page.problems["id_number"].text())
    assert counts(db) == before  # a refusal changes nothing
    page.edits["id_number"].clear()
    page.edits["phone"].clear()
    fill_details(qtbot, flow, PERSON)
    tap(qtbot, page.save)
    qtbot.waitUntil(lambda: flow.pages.currentWidget() is flow.finish_page, timeout=10_000)
    assert counts(db) == (before[0] + 1, before[1] + 1, before[2] + 1)
    with db.read() as s:
        request = s.scalars(select(AccountRequest)).one()
        outbox = s.scalars(select(Outbox).where(Outbox.record_id == request.id)).one()
    assert (request.full_name, request.id_number, request.phone) == (
        "Hoàng Thị Mỷ", "001303004568", "0912345678")
    assert request.assisted_by is None and request.answers["chip_card"] == "no"
    assert outbox.record_type == "account_request"
    steps = [w.text() for w in flow.finish_page.findChildren(type(flow.finish_page.title))
             if w.objectName() == "guideStep"]
    assert len(steps) >= 3 and any(("căn cước" if lang == "vi" else "chip id card")
                                   in s.lower() for s in steps)
    assert all(not e.text() for e in page.edits.values())  # the details left the screen
    assert not flow.stop_button.isVisible()
    tap(qtbot, flow.finish_page.print_button)  # the same named slip once more
    qtbot.waitUntil(lambda: counts(db)[2] == before[2] + 2, timeout=10_000)
    with db.read() as s:
        names = [j.data["citizen_name"] for j in s.scalars(select(PrintJob).where(
            PrintJob.kind == "account_help"))]
    assert names == ["Hoàng Thị Mỷ", "Hoàng Thị Mỷ"]


def test_back_goes_to_the_previous_question_and_keeps_the_answers(qtbot, db, open_role):
    _window, flow = start_at_kiosk(qtbot, open_role, "vi")
    answer(qtbot, flow, "next", "no", "level1")
    assert flow.current == "own_phone"
    tap(qtbot, flow.back_button)
    assert flow.current == "vneid" and flow.answers == {"chip_card": "no", "vneid": "level1"}
    answer(qtbot, flow, "not_installed")
    assert flow.answers["vneid"] == "not_installed"


def test_an_idle_kiosk_clears_the_typed_details(qtbot, db, open_role):
    window, flow = start_at_kiosk(qtbot, open_role, "vi")
    answer(qtbot, flow, *TO_CONSENT)
    tap(qtbot, flow.consent_page.agree)
    flow.details_page.edits["full_name"].setText("Hoàng Thị Mỷ")
    window.reset_for_next_visitor()
    assert window.screens.currentWidget() is window.home_screen
    assert flow.details_page.edits["full_name"].text() == "" and flow.answers == {}
    assert counts(db)[0] == 0


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_volunteer_helps_links_the_draft_and_records_the_outcome(qtbot, db, open_role, lang):
    from kiosk.services.dossiers import save_draft, start_draft  # noqa: F401
    from kiosk.services.staff import add_user
    from kiosk.services.seed_demo import seed_demo

    seed_demo(db, 0, 1)
    helper = add_user(db, "doanvien2", "volunteer", full_name="Lò Thị Hoa",
                      password="mat-khau-dai-2")
    draft_id = _a_draft_of(db, PERSON)
    window = open_role("volunteer", lang=lang)
    sign_in(qtbot, window, "doanvien2", "mat-khau-dai-2")
    tap(qtbot, window.account)
    flow = window.account_flow
    answer(qtbot, flow, *TO_CONSENT)
    tap(qtbot, flow.consent_page.agree)
    fill_details(qtbot, flow, PERSON)
    tap(qtbot, flow.details_page.save)
    qtbot.waitUntil(lambda: flow.pages.currentWidget() is flow.link_page, timeout=10_000)
    tap(qtbot, flow.link_yes)
    qtbot.waitUntil(lambda: flow.pages.currentWidget() is flow.finish_page, timeout=10_000)
    with db.read() as s:
        request = s.scalars(select(AccountRequest)).one()
    assert request.assisted_by == helper.id and request.dossier_id == draft_id
    tap(qtbot, flow.finish_page.done_button)
    panel = window.outcomes
    assert window.screens.currentWidget() is panel
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10_000)
    assert panel.table.item(0, 2).text() == "…4568"  # never the whole id on a staff screen
    panel.table.selectRow(0)
    tap(qtbot, panel.buttons["not_finished"])  # a reason is required
    qtbot.waitUntil(lambda: bool(panel.problem.text()), timeout=10_000)
    panel.reason.setText("Chưa có điện thoại thông minh" if lang == "vi" else "No smartphone")
    tap(qtbot, panel.buttons["not_finished"])
    qtbot.waitUntil(lambda: "(" in (panel.table.item(0, 3).text() if panel.table.item(0, 3)
                                    else ""), timeout=10_000)
    with db.read() as s:
        assert s.get(AccountRequest, request.id).outcome == "not_finished"


def _a_draft_of(db, person: dict[str, str]):
    """A dossier draft with this citizen's id number, as if started at the kiosk."""
    import uuid

    from kiosk.models import Office, Procedure

    with db.write() as s:
        office = s.scalars(select(Office)).first()
        procedure = s.scalars(select(Procedure).where(Procedure.level == "commune")).first()
        dossier = Dossier(id=uuid.uuid4(), office_id=office.id, procedure_code=procedure.code,
                          state="draft", source="kiosk", applicant_full_name=person["full_name"],
                          applicant_name_folded="hoang thi my",
                          applicant_id_number=person["id_number"], answers={})
        s.add(dossier)
        return dossier.id


def test_the_admin_sees_help_per_volunteer_per_day(qtbot, db, open_role):
    from kiosk.clock import utc_now
    from kiosk.services.account_requests import record_outcome, save_request
    from kiosk.services.staff import add_user

    helper = add_user(db, "doanvien3", "volunteer", full_name="Vàng A Dính",
                      password="mat-khau-dai-3")
    for assisted in (helper.id, helper.id, None):
        saved = save_request(db, details={**PERSON, "email": ""}, answers={},
                             consent_at=utc_now(), consent_version="1", guide_version="1",
                             assisted_by=assisted, dossier_id=None, steps_left=[], links=[])
        if assisted:
            record_outcome(db, saved.request_id, helper.id, "account_works")
    window = open_role("admin", lang="en")
    window.tabs.setCurrentWidget(window.account_help)
    tab = window.account_help
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2, timeout=10_000)
    rows = {tab.table.item(r, 1).text(): [tab.table.item(r, c).text() for c in range(2, 7)]
            for r in range(2)}
    assert rows["Vàng A Dính"] == ["2", "2", "0", "0", "0"]
    assert rows["kiosk, no volunteer"] == ["1", "0", "0", "0", "1"]


def test_after_the_idle_reset_no_widget_holds_what_a_visitor_typed(qtbot, db, open_role,
                                                                   open_all_day):
    from PySide6.QtWidgets import QLabel, QLineEdit

    from tests.ui.test_dossier_ui import field, first_procedure, touch

    window = open_role("kiosk", lang="vi")
    tap(qtbot, window.fill)  # a dossier, its applicant's name typed
    wizard = first_procedure(qtbot, window.dossier_flow)
    touch(qtbot, field(wizard, "full_name").editor)
    type_keys(qtbot, wizard.keyboard, "Quangf Thij Vaan")
    assert field(wizard, "full_name").editor.text() == "Quàng Thị Vân"
    window.reset_for_next_visitor()
    tap(qtbot, window.lookup_button)  # a lookup code typed
    window.lookup.code.setText("G22.99-261128-0001")
    window.reset_for_next_visitor()
    tap(qtbot, window.account_button)  # account details typed after consent
    flow = window.account_flow
    answer(qtbot, flow, *TO_CONSENT)
    tap(qtbot, flow.consent_page.agree)
    for key, value in PERSON.items():
        flow.details_page.edits[key].setText(value)
    window.reset_for_next_visitor()
    qtbot.wait(50)  # deleteLater of the wizard's page
    typed = ("Quàng", "Thị Vân", "G22.99-261128", "Hoàng Thị Mỷ", "001303004568", "0912")
    texts = [w.text() for w in window.findChildren(QLineEdit)] + \
        [w.text() for w in window.findChildren(QLabel)]
    assert not [t for t in texts if any(s in t for s in typed)]
    assert window.dossier_flow.wizard.answers == {} and flow.answers == {}
