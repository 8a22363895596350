"""A citizen fills in a dossier by taps alone, on the on-screen keyboard, diacritics included;
the draft is kept at every step; the kiosk looks a received dossier up."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.models import Dossier
from kiosk.services import dossiers
from kiosk.services.seed_demo import seed_demo
from ui.widgets.keyboard import OnScreenKeyboard

from tests.ui.test_queue_ui import tap, take_a_number




def type_keys(qtbot, keyboard: OnScreenKeyboard, keys: str) -> None:
    """Tap each key of the on-screen keyboard (Telex spelling for Vietnamese)."""
    for key in keys:
        if key.isupper():
            tap(qtbot, keyboard.shift_key)
            key = key.lower()
        if keyboard.pages.currentWidget() is keyboard.pad and not key.isdigit() \
                and key not in "+/":
            tap(qtbot, keyboard.to_letters)
        if keyboard.pages.currentWidget() is keyboard.letters and key.isdigit():
            tap(qtbot, keyboard.to_digits)
        tap(qtbot, keyboard.keys[key])


def field(wizard, name: str):
    return wizard.page_widget.widgets[name]


def touch(qtbot, editor) -> None:
    qtbot.mouseClick(editor, Qt.MouseButton.LeftButton)


def pick(qtbot, keyboard, address, button, search_keys: str, text: str) -> None:
    """Tap the list's button, type a few letters of the name, tap the row."""
    tap(qtbot, button)
    picker = address.picker
    assert picker.isVisible()
    touch(qtbot, picker.search)
    type_keys(qtbot, keyboard, search_keys)
    rows = picker.list
    item = next(rows.item(i) for i in range(rows.count()) if rows.item(i).text() == text)
    rows.scrollToItem(item)
    qtbot.mouseClick(rows.viewport(), Qt.MouseButton.LeftButton,
                     pos=rows.visualItemRect(item).center())
    assert not picker.isVisible() and text in button.text()


def first_procedure(qtbot, flow):
    """Tap the first procedure tile of a dossier flow; the wizard once its page shows."""
    qtbot.waitUntil(lambda: bool(flow.picker.buttons), timeout=10_000)
    tap(qtbot, flow.picker.buttons[0])
    qtbot.waitUntil(lambda: flow.wizard.page_widget is not None, timeout=10_000)
    return flow.wizard


def next_page(qtbot, wizard) -> None:
    before = wizard.current
    tap(qtbot, wizard.next_button)
    errors = wizard.state().validate_page(before)
    assert not errors, errors  # what the page still shows as wrong
    qtbot.waitUntil(lambda: wizard.current != before and not wizard.busy, timeout=10_000)


def choose(qtbot, widget, value: str) -> None:
    """Tap the choice button with that value."""
    button = next(b for b in widget.group.buttons() if b.property("value") == value)
    tap(qtbot, button)


def fill_applicant(qtbot, wizard) -> None:
    keyboard = wizard.keyboard
    touch(qtbot, field(wizard, "full_name").editor)
    type_keys(qtbot, keyboard, "Nguyeenx Thij Hoaf")
    assert field(wizard, "full_name").editor.text() == "Nguyễn Thị Hòa"
    touch(qtbot, field(wizard, "id_number").editor)
    assert keyboard.pages.currentWidget() is keyboard.pad
    type_keys(qtbot, keyboard, "001303004567")
    touch(qtbot, field(wizard, "date_of_birth").editor)
    type_keys(qtbot, keyboard, "14/05/2003")
    touch(qtbot, field(wizard, "phone").editor)
    type_keys(qtbot, keyboard, "0912345678")
    address = field(wizard, "address")
    pick(qtbot, keyboard, address, address.province, "ha nooij", "Thành phố Hà Nội")
    pick(qtbot, keyboard, address, address.commune, "hoanf", "Phường Hoàn Kiếm")
    touch(qtbot, address.street)
    type_keys(qtbot, keyboard, "12 Lys Thais Toor")
    assert address.street.text() == "12 Lý Thái Tổ"


MARITAL = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân: its own form, with conditions


def fill_marital_status_form(qtbot, wizard, db, label: str | None) -> None:
    """The real declaration (resources/catalog/forms/1.004873.json) by taps: applicant,
    marital status, purpose (marriage: the intended spouse's block appears), review."""
    keyboard = wizard.keyboard
    tap(qtbot, wizard.next_button)  # nothing typed: each required field says so
    assert field(wizard, "full_name").error.text() == "Xin vui lòng điền mục này."
    assert wizard.current == "applicant"
    fill_applicant(qtbot, wizard)
    choose(qtbot, field(wizard, "sex"), "nu")
    next_page(qtbot, wizard)  # "for yourself?" is Yes by default: no page about another
    assert wizard.current == "status"
    if label is not None:
        saved = dossiers.find_drafts(db, label)
        assert len(saved) == 1 and saved[0].draft_step == "status"
        assert saved[0].applicant.full_name == "Nguyễn Thị Hòa"
        assert saved[0].applicant.id_number == "001303004567"
    assert field(wizard, "nationality").editor.text() == "Việt Nam"  # a default
    ended = field(wizard, "ended_paper_number")
    assert not ended.isVisible()
    choose(qtbot, field(wizard, "marital_status"), "da_ly_hon")
    qtbot.waitUntil(ended.isVisible, timeout=5_000)  # divorced: the decree's number appears
    choose(qtbot, field(wizard, "marital_status"), "chua_ket_hon")
    qtbot.waitUntil(lambda: not ended.isVisible(), timeout=5_000)
    next_page(qtbot, wizard)
    assert wizard.current == "purpose"
    spouse = field(wizard, "spouse_name")
    choose(qtbot, field(wizard, "use_for"), "ket_hon")
    qtbot.waitUntil(spouse.isVisible, timeout=5_000)
    touch(qtbot, spouse.editor)
    type_keys(qtbot, keyboard, "Traanf Vawn Dduwcs")
    assert spouse.editor.text() == "Trần Văn Đức"
    touch(qtbot, field(wizard, "spouse_dob").editor)
    type_keys(qtbot, keyboard, "02/09/2000")
    touch(qtbot, field(wizard, "spouse_id").editor)
    type_keys(qtbot, keyboard, "001200004321")
    next_page(qtbot, wizard)
    assert wizard.current == "review"


def review_lines(wizard) -> list[str]:
    return [w.text() for w in wizard.review.findChildren(type(wizard.page_title))
            if w.objectName() == "reviewAnswer"]


def test_a_citizen_fills_in_a_dossier_by_taps_and_the_draft_is_kept(open_role, qtbot, db,
                                                                   open_all_day):
    window = open_role("kiosk")
    label = take_a_number(qtbot, window)
    tap(qtbot, window.flow.ticket.dossier)
    flow = window.dossier_flow
    assert window.screens.currentWidget() is flow
    picker = flow.picker
    qtbot.waitUntil(lambda: bool(picker.buttons), timeout=10_000)
    type_keys(qtbot, picker.keyboard, "hoon nhaan")  # "hôn nhân"
    assert picker.search.text() == "hôn nhân"
    qtbot.waitUntil(lambda: any(b.property("code") == MARITAL for b in picker.buttons))
    tap(qtbot, next(b for b in picker.buttons if b.property("code") == MARITAL))
    wizard = flow.wizard
    qtbot.waitUntil(lambda: wizard.page_widget is not None, timeout=10_000)
    fill_marital_status_form(qtbot, wizard, db, label)
    answers = review_lines(wizard)
    assert any("Nguyễn Thị Hòa" in a for a in answers)
    assert any("14/05/2003" in a for a in answers)
    assert any("Phường Hoàn Kiếm" in a for a in answers)
    assert any("Trần Văn Đức" in a for a in answers)
    assert not any("Số Bản án" in a for a in answers)  # hidden fields are not reviewed
    tap(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: flow.pages.currentWidget() is flow.saved, timeout=10_000)
    assert label in flow.saved.text.text()
    draft = dossiers.find_drafts(db, label)[0]
    assert draft.draft_step == "review"
    assert draft.answers["spouse_name"] == "Trần Văn Đức"
    assert draft.answers["marital_status"] == "chua_ket_hon"
    tap(qtbot, flow.saved.ok)
    assert window.screens.currentWidget() is window.home_screen


def test_an_idle_kiosk_warns_then_clears_and_keeps_the_draft(open_role, qtbot, db,
                                                             open_all_day):
    window = open_role("kiosk")
    tap(qtbot, window.fill)
    flow = window.dossier_flow
    wizard = first_procedure(qtbot, flow)
    touch(qtbot, field(wizard, "full_name").editor)
    type_keys(qtbot, wizard.keyboard, "Traanf Vawn Binhf")
    dossier_id = wizard.dossier.id
    window.warn_idle()
    assert window.idle_warning.isVisible()
    window.last_call.timeout.emit()  # nobody came back
    assert window.screens.currentWidget() is window.home_screen
    qtbot.waitUntil(lambda: dossiers.get_dossier(db, dossier_id).answers.get("full_name")
                    == "Trần Văn Bình", timeout=10_000)


def test_the_kiosk_looks_up_a_received_dossier_offline(open_role, qtbot, db, open_all_day):
    seed_demo(db, 3, 5)
    with db.read() as s:
        code = s.scalar(select(Dossier.code).where(Dossier.state == "received").limit(1))
    window = open_role("kiosk")
    tap(qtbot, window.lookup_button)
    page = window.lookup
    page.code.setFocus()
    qtbot.keyClicks(page.code, f"MOTCUA:{code}")  # what a USB scanner types
    qtbot.keyClick(page.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: code in page.answer.text(), timeout=10_000)
    assert "Trạng thái" in page.answer.text()
    page.code.clear()
    qtbot.keyClicks(page.code, "000.00.00.H00-000000-0000")
    tap(qtbot, page.search)
    qtbot.waitUntil(lambda: "Không có hồ sơ" in page.answer.text(), timeout=10_000)


def test_a_volunteer_fills_in_a_dossier_and_is_recorded(open_role, qtbot, db, open_all_day):
    from kiosk.services.staff import add_user
    from tests.ui.test_queue_ui import sign_in

    helper = add_user(db, "doanvien1", "volunteer", full_name="Lò Văn Páo",
                      password="mat-khau-dai-1")
    window = open_role("volunteer")
    tap(qtbot, window.fill)  # not signed in: nothing starts, and it says why
    assert window.screens.currentWidget() is window.home_screen
    assert "đăng nhập" in window.message.text().lower()
    sign_in(qtbot, window, "doanvien1", "mat-khau-dai-1")
    assert "Lò Văn Páo" in window.banner.text()
    label = take_a_number(qtbot, window)
    tap(qtbot, window.flow.ticket.dossier)
    flow = window.dossier_flow
    wizard = first_procedure(qtbot, flow)
    touch(qtbot, field(wizard, "full_name").editor)
    type_keys(qtbot, wizard.keyboard, "Giangf Thij Mair")
    qtbot.waitUntil(lambda: len(dossiers.find_drafts(db, label)) == 1, timeout=10_000)
    draft = dossiers.find_drafts(db, label)[0]
    with db.read() as s:
        row = s.get(Dossier, draft.id)
        assert row is not None and (row.source, row.assisted_by) == ("volunteer", helper.id)
    from kiosk.models import Ticket
    with db.read() as s:
        ticket = s.get(Ticket, draft.ticket_id)
        assert ticket is not None and (ticket.source, ticket.assisted_by) == ("volunteer",
                                                                              helper.id)


def test_the_admin_corrects_the_holiday_table_and_the_bank_account(open_role, qtbot, db,
                                                                   open_all_day):
    from datetime import date

    from PySide6.QtCore import QDate

    from kiosk.services.holidays import list_holidays
    from kiosk.services.office_setup import office_info

    admin = open_role("admin")
    tab = admin.calendar
    admin.tabs.setCurrentWidget(tab)
    tab.year.setValue(2030)
    qtbot.waitUntil(lambda: tab.table.rowCount() == len(list_holidays(db, 2030)), timeout=5000)
    tab.day.setDate(QDate(2030, 9, 3))
    tab.name.setText("Nghỉ bù Quốc khánh")  # QTest types ASCII only; an IME gives this
    tap(qtbot, tab.add)
    qtbot.waitUntil(lambda: any(h.day == date(2030, 9, 3) for h in list_holidays(db, 2030)),
                    timeout=5000)
    qtbot.waitUntil(lambda: any(tab.table.item(r, 0).text() == "03/09/2030"
                                for r in range(tab.table.rowCount())), timeout=5000)
    tab.make_up.setChecked(True)  # a make-up day on a Tuesday is refused, in Vietnamese
    tap(qtbot, tab.add)
    qtbot.waitUntil(lambda: "cuối tuần" in tab.message.text(), timeout=5000)
    row = next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text() ==
               "03/09/2030")
    tab.table.selectRow(row)
    tap(qtbot, tab.remove)
    qtbot.waitUntil(lambda: not any(h.day == date(2030, 9, 3)
                                    for h in list_holidays(db, 2030)), timeout=5000)
    qtbot.keyClicks(tab.bank_bin, "970436")
    qtbot.keyClicks(tab.bank_account, "0011004123456")
    tab.bank_holder.setText("UBND xã Hòa An")
    tap(qtbot, tab.save_bank)
    qtbot.waitUntil(lambda: office_info(db).bank_account == "0011004123456", timeout=5000)


def test_the_counter_receives_the_draft_and_prints_the_receipt(open_role, qtbot, db, db_template,
                                                               open_all_day, print_pool,
                                                               tmp_path):
    from kiosk.models import Outbox
    from kiosk.services.print_jobs import get_job
    from tests.ui.test_queue_ui import sign_in

    # the citizen, at the kiosk, by taps
    kiosk = open_role("kiosk")
    label = take_a_number(qtbot, kiosk)
    tap(qtbot, kiosk.flow.ticket.dossier)
    picker = kiosk.dossier_flow.picker
    qtbot.waitUntil(lambda: bool(picker.buttons), timeout=10_000)
    type_keys(qtbot, picker.keyboard, "hoon nhaan")  # "hôn nhân"
    qtbot.waitUntil(lambda: any(b.property("code") == MARITAL for b in picker.buttons))
    tap(qtbot, next(b for b in picker.buttons if b.property("code") == MARITAL))
    wizard = kiosk.dossier_flow.wizard
    qtbot.waitUntil(lambda: wizard.page_widget is not None, timeout=10_000)
    fill_marital_status_form(qtbot, wizard, db, label)
    tap(qtbot, wizard.next_button)  # "Save my dossier"
    flow = kiosk.dossier_flow
    qtbot.waitUntil(lambda: flow.pages.currentWidget() is flow.saved, timeout=10_000)

    # the officer calls the number, and receives the dossier
    counter = open_role("counter")
    qtbot.waitUntil(lambda: counter.counter_pick.count() == 4, timeout=10_000)
    counter.counter_pick.setCurrentIndex(3)  # counter 4 serves every service
    sign_in(qtbot, counter, "admin", db_template.admin_pin)
    tap(qtbot, counter.buttons["call"])
    qtbot.waitUntil(lambda: counter.current_label.text() == label, timeout=10_000)
    tap(qtbot, counter.reception_button)
    reception = counter.reception
    rwizard = reception.wizard
    qtbot.waitUntil(lambda: reception.pages.currentWidget() is rwizard, timeout=10_000)
    assert rwizard.current == "review" and rwizard.keyboard is None
    tap(qtbot, rwizard.next_button)
    qtbot.waitUntil(lambda: reception.pages.currentWidget() is reception.checklist_page,
                    timeout=10_000)
    assert not reception.has_camera  # no camera here: files only, no photo button
    scan = tmp_path / "don.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    reception.attach_file(reception.dossier.documents[0].position, scan)
    qtbot.waitUntil(lambda: reception.dossier.documents[0].attachment_sha256 is not None,
                    timeout=10_000)
    assert reception.fee.value() == -1  # set by the province: the officer enters it
    reception.fee.setValue(5_000)
    assert reception.method() == "cash"
    with qtbot.waitSignal(print_pool.finished, timeout=20_000) as printed:
        tap(qtbot, reception.receive_button)
    qtbot.waitUntil(lambda: reception.pages.currentWidget() is reception.done_page,
                    timeout=10_000)
    received = reception.last.dossier
    assert received.code and received.code in reception.done_text.text()
    assert printed.args[1] is True and get_job(db, printed.args[0]).kind == "receipt"
    assert dossiers.lookup_status(db, received.code).status == "received"
    with db.read() as s:
        assert s.scalar(select(Outbox.record_type).where(Outbox.record_id == received.id)) \
            == "dossier"
    assert received.applicant.full_name == "Nguyễn Thị Hòa"
    assert received.procedure_code == MARITAL and received.answers["spouse_name"] == \
        "Trần Văn Đức"


@pytest.mark.parametrize("at_counter", [True, False])
def test_scan_fields_attach_files_at_the_counter_only(qtbot, db, runner, open_all_day,
                                                      tmp_path, at_counter):
    from tests.unit.test_catalog_forms import GOOD
    from ui.i18n import languages
    from ui.wizard.fields import ScanFieldWidget
    from ui.wizard.wizard import DossierWizard

    languages().switch("vi")
    BIRTH_ANSWERS = GOOD["1.001193"]
    made = dossiers.start_draft(db, "1.001193", source="counter" if at_counter else "kiosk")
    draft = dossiers.save_draft(db, made.id, dict(BIRTH_ANSWERS), step="documents")
    wizard = DossierWizard(keyboard=not at_counter)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.open(draft)
    assert wizard.current == "documents"
    scan = field(wizard, "proof_scan")
    assert isinstance(scan, ScanFieldWidget)
    assert scan.attach.isVisible() is at_counter
    if not at_counter:
        assert "quầy" in scan.listing.text()  # bring the paper to the counter
        return
    paper = tmp_path / "giay-chung-sinh.png"
    paper.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    wizard.attach_file(scan, paper)
    qtbot.waitUntil(lambda: bool(scan.items), timeout=10_000)
    assert "giay-chung-sinh.png" in scan.listing.text()
    tap(qtbot, wizard.next_button)
    qtbot.waitUntil(lambda: wizard.current == "review" and not wizard.busy, timeout=10_000)
    kept = dossiers.get_dossier(db, made.id).answers["proof_scan"]
    assert kept == [{"sha256": scan.items[0]["sha256"], "name": "giay-chung-sinh.png",
                     "media_type": "image/png"}]
