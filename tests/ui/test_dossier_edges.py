"""The dossier screens where taps come fast or late: one tap one draft, a keyboard whose
field went away, a scan stored while the officer presses Back, the fee and payment
kept when a scan is attached, a fee the province sets, the admin typing while the
table reloads, a volunteer signing out mid-page."""
from __future__ import annotations

from kiosk.services import dossiers
from tests.ui.test_dossier_ui import field, first_procedure, touch, type_keys
from tests.ui.test_queue_ui import sign_in, tap
from tests.unit.test_catalog_forms import GOOD

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def test_a_double_tap_on_a_procedure_makes_one_draft(open_role, qtbot, db, open_all_day):
    window = open_role("kiosk")
    tap(qtbot, window.fill)
    flow = window.dossier_flow
    qtbot.waitUntil(lambda: bool(flow.picker.buttons), timeout=10_000)
    choice = next(c for c in flow.picker.choices if c.code == "1.001193")
    flow.picker.chosen.emit(choice)
    flow.picker.chosen.emit(choice)
    qtbot.waitUntil(lambda: flow.wizard.page_widget is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not flow.starting, timeout=10_000)
    assert len(dossiers.find_drafts(db, str(flow.wizard.dossier.id))) == 1
    assert len(dossiers.drafts_today(db)) == 1


def test_the_keyboard_never_types_into_a_field_that_went_away(open_role, qtbot, db,
                                                              open_all_day):
    window = open_role("kiosk")
    tap(qtbot, window.fill)
    flow = window.dossier_flow
    qtbot.waitUntil(lambda: bool(flow.picker.buttons), timeout=10_000)
    flow.picker.chosen.emit(next(c for c in flow.picker.choices if c.code == "1.004194"))
    wizard = flow.wizard
    qtbot.waitUntil(lambda: wizard.page_widget is not None, timeout=10_000)
    touch(qtbot, field(wizard, "full_name").editor)
    type_keys(qtbot, wizard.keyboard, "An")
    wizard.show_page(wizard.current)  # the page is rebuilt (as on Next, Back, Change)
    wizard.keyboard.press("a")  # no field now: nothing happens, nothing raises
    members = next(name for name in wizard.state().visible_pages()
                   if wizard.form.page(name).type == "repeat")
    wizard.show_page(members)
    page = wizard.page_widget
    page.add_item()
    qtbot.waitUntil(lambda: bool(page.items), timeout=5_000)
    touch(qtbot, page.items[0]["member_name"].editor)
    tap(qtbot, page.items[0]["_remove"])
    wizard.keyboard.press("b")  # the item's field was deleted with it


def test_back_waits_for_a_scan_being_stored(open_role, qtbot, db, open_all_day, tmp_path):
    from ui.wizard.wizard import DossierWizard

    made = dossiers.start_draft(db, "1.001193", source="counter")
    draft = dossiers.save_draft(db, made.id, dict(GOOD["1.001193"]), step="documents")
    open_role("counter")  # the runner and the look
    wizard = DossierWizard(keyboard=False)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.open(draft)
    scan = field(wizard, "proof_scan")
    paper = tmp_path / "giay.png"
    paper.write_bytes(PNG)
    wizard.attach_file(scan, paper)
    wizard.back()  # pressed while the file is being stored: waits
    assert wizard.current == "documents"
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    assert [item["name"] for item in field(wizard, "proof_scan").items] == ["giay.png"]


def counter_with_checklist(open_role, qtbot, db, db_template, procedure: str):  # noqa: ANN001
    window = open_role("counter")
    qtbot.waitUntil(lambda: window.counter_pick.count() == 4, timeout=10_000)
    sign_in(qtbot, window, "admin", db_template.admin_pin)
    made = dossiers.start_draft(db, procedure, source="counter")
    info = dossiers.save_draft(db, made.id, dict(GOOD[procedure]), step="review")
    window.open_reception()
    reception = window.reception
    reception.show_checklist(info)
    return window, reception


def test_attaching_a_scan_keeps_the_fee_and_how_it_is_paid(open_role, qtbot, db, db_template,
                                                           open_all_day, tmp_path):
    _, reception = counter_with_checklist(open_role, qtbot, db, db_template, "1.004873")
    reception.fee.setValue(7_000)
    reception.method_buttons["transfer"].setChecked(True)
    scan = tmp_path / "to-khai.png"
    scan.write_bytes(PNG)
    reception.attach_file(reception.dossier.documents[0].position, scan)
    qtbot.waitUntil(lambda: reception.dossier.documents[0].attachment_sha256 is not None,
                    timeout=10_000)
    assert reception.fee.value() == 7_000 and reception.method() == "transfer"


def test_a_fee_the_province_sets_must_be_entered(open_role, qtbot, db, db_template,
                                                 open_all_day):
    _, reception = counter_with_checklist(open_role, qtbot, db, db_template, "1.004873")
    assert reception.fee.value() == -1 and reception.fee.text() == "nhập số tiền"
    assert reception.method() is None
    for row in range(reception.papers.rowCount()):
        reception.papers.cellWidget(row, 0).setChecked(True)
    tap(qtbot, reception.receive_button)
    qtbot.waitUntil(lambda: "tùy trường hợp" in reception.message.text(), timeout=10_000)
    assert dossiers.get_dossier(db, reception.dossier.id).state == "draft"
    reception.fee.setValue(0)  # entered: free after all
    tap(qtbot, reception.receive_button)
    qtbot.waitUntil(lambda: reception.pages.currentWidget() is reception.done_page,
                    timeout=10_000)
    assert reception.last.dossier.fee_vnd == 0 and reception.last.dossier.payment_method \
        == "free"


def test_the_admin_keeps_typing_the_bank_account_while_the_table_reloads(open_role, qtbot, db,
                                                                          runner, open_all_day):
    admin = open_role("admin")
    tab = admin.calendar
    qtbot.waitUntil(lambda: tab.bank_loaded, timeout=10_000)
    tab.bank_bin.setText("970436")
    with qtbot.waitSignal(runner.idle, timeout=10_000):
        tab.year.setValue(2031)  # reloads the holidays (and, before the fix, the bank)
    assert tab.bank_bin.text() == "970436"


def test_a_volunteer_signing_out_keeps_the_page_being_typed(open_role, qtbot, db,
                                                            open_all_day):
    from kiosk.services.staff import add_user

    add_user(db, "doanvien2", "volunteer", full_name="Vừ A Dính", password="mat-khau-dai-2")
    window = open_role("volunteer")
    sign_in(qtbot, window, "doanvien2", "mat-khau-dai-2")
    tap(qtbot, window.fill)
    flow = window.dossier_flow
    wizard = first_procedure(qtbot, flow)
    touch(qtbot, field(wizard, "full_name").editor)
    type_keys(qtbot, wizard.keyboard, "Mui")
    dossier_id = wizard.dossier.id
    tap(qtbot, window.sign_in)  # sign out
    assert window.screens.currentWidget() is window.home_screen
    qtbot.waitUntil(lambda: dossiers.get_dossier(db, dossier_id).answers.get("full_name")
                    == "Mui", timeout=10_000)
