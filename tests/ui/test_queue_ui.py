"""The queue by taps: a citizen takes a number, a counter calls it, the display shows it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import update

from kiosk.clock import business_date
from kiosk.models import Holiday, Service
from kiosk.services.print_jobs import get_job
from printers.backends import DummyBackend
from printers.escpos_decode import decode_escpos
from ui.counter.sign_in import SignInDialog




def tiles(widget) -> list[QPushButton]:
    return [b for b in widget.findChildren(QPushButton)
            if b.isVisible() and b.objectName() == "tile"]


def tile(qtbot, board, match) -> QPushButton:
    """The visible tile whose text matches; tiles added to a shown window become visible
    on the next turn of the event loop, so wait for it."""
    qtbot.waitUntil(lambda: any(match(t.text()) for t in tiles(board)), timeout=10_000)
    return next(t for t in tiles(board) if match(t.text()))


def tap(qtbot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def take_a_number(qtbot, window, priority_group: str | None = None) -> str:
    flow = window.flow
    tap(qtbot, tile(qtbot, flow.board, lambda text: text == "Tư pháp"))
    tap(qtbot, tile(qtbot, flow.board, lambda text: text.startswith("Hộ tịch")))
    assert flow.pages.currentWidget() is flow.priority
    button = flow.priority.normal if priority_group is None else \
        flow.priority.group_buttons[priority_group]
    tap(qtbot, button)
    qtbot.waitUntil(lambda: flow.pages.currentWidget() is flow.ticket, timeout=10_000)
    return flow.ticket.label.text()


def test_citizen_takes_a_number_by_taps_and_it_prints(open_role, qtbot, db, open_all_day,
                                                      print_pool):
    dummy = DummyBackend()
    print_pool.registry.set_backend("ticket", dummy)
    window = open_role("kiosk")
    with qtbot.waitSignal(print_pool.finished, timeout=10_000) as printed:
        label = take_a_number(qtbot, window)
    assert label == "A001"
    assert printed.args[1] is True and get_job(db, printed.args[0]).state == "done"
    ticket = decode_escpos(dummy.outputs[0])
    assert "A001" in ticket.text and "Hộ tịch" in ticket.text
    assert ticket.qr_payloads == [f"TICKET:{window.flow.ticket.ticket.id}"]
    assert window.flow.ticket.qr.pixmap() is not None
    assert "Số người chờ trước: 0" in window.flow.ticket.details.text()
    # the number is shown whole at 1280x800: the home's buttons make room for it
    assert not window.actions.isVisible()
    ticket_page = window.flow.ticket
    for part in (ticket_page.label, ticket_page.details):
        assert part.height() >= part.sizeHint().height(), part.objectName()
    tap(qtbot, window.flow.ticket.ok)
    assert window.flow.pages.currentWidget() is window.flow.board
    assert take_a_number(qtbot, window, "elderly") == "A002"


def ask_for_a_normal_number(qtbot, window):
    """Tap Tư pháp, Hộ tịch, a normal number; the flow once its notice shows."""
    flow = window.flow
    tap(qtbot, tile(qtbot, flow.board, lambda text: text == "Tư pháp"))
    tap(qtbot, tile(qtbot, flow.board, lambda text: text.startswith("Hộ tịch")))
    tap(qtbot, flow.priority.normal)
    qtbot.waitUntil(lambda: flow.notice.isVisible(), timeout=10_000)
    return flow


def test_a_closed_service_says_so_and_issues_nothing(open_role, qtbot, db, open_all_day):
    with db.write() as s:
        s.execute(update(Service).values(opens="00:00", closes="00:00"))
    flow = ask_for_a_normal_number(qtbot, open_role("kiosk"))
    assert "00:00" in flow.notice.text() and "quay lại" in flow.notice.text()
    assert flow.pages.currentWidget() is flow.board


def test_on_a_public_holiday_the_kiosk_says_the_office_is_closed(open_role, qtbot, db,
                                                                 open_all_day):
    with db.write() as s:
        s.add(Holiday(day=business_date(), name="Quốc khánh"))
    flow = ask_for_a_normal_number(qtbot, open_role("kiosk"))
    assert "Quốc khánh" in flow.notice.text() and "nghỉ" in flow.notice.text()
    assert flow.pages.currentWidget() is flow.board


def sign_in(qtbot, window, username: str, secret: str) -> None:
    tap(qtbot, window.sign_in)
    dialog = next(d for d in window.findChildren(SignInDialog) if d.isVisible())
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.secret, secret)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000):
        qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)


def test_a_counter_calls_the_number_and_the_display_shows_it(open_role, qtbot, db, db_template,
                                                             open_all_day):
    kiosk = open_role("kiosk")
    label = take_a_number(qtbot, kiosk)
    display = open_role("display")
    counter = open_role("counter")
    qtbot.waitUntil(lambda: counter.counter_pick.count() == 4, timeout=10_000)
    assert not counter.buttons["call"].isEnabled()  # nobody signed in yet
    sign_in(qtbot, counter, "admin", db_template.admin_pin)
    assert "Quản trị viên" in counter.officer_label.text()
    qtbot.waitUntil(lambda: counter.table.rowCount() == 1, timeout=10_000)
    assert counter.table.item(0, 0).text() == label

    with qtbot.waitSignal(display.announcer.started, timeout=10_000) as spoken:
        tap(qtbot, counter.buttons["call"])
        qtbot.waitUntil(lambda: counter.current_label.text() == label, timeout=10_000)
    assert label[0] in spoken.args[0] or "số thứ tự" in spoken.args[0].lower()
    qtbot.waitUntil(lambda: any(w.text() == label for w in display.findChildren(QLabel)
                                if w.objectName() == "servingNumber"), timeout=5_000)
    assert label in display.last_calls.text()

    tap(qtbot, counter.buttons["start"])
    qtbot.waitUntil(lambda: "đang phục vụ" in counter.current_info.text(), timeout=5_000)
    tap(qtbot, counter.buttons["done"])  # the citizen then rates the service
    qtbot.waitUntil(lambda: counter.rating.isVisible(), timeout=5_000)
    tap(qtbot, counter.rating_buttons["satisfied"])
    qtbot.waitUntil(lambda: "Cảm ơn" in counter.message.text(), timeout=5_000)
    assert counter.current_label.text() == "—"


def test_counter_keyboard_shortcuts_and_scanned_ticket(open_role, qtbot, db, db_template,
                                                       open_all_day):
    from kiosk.services.issuing import issue_ticket

    first = issue_ticket(db, "ho-tich", check_hours=False)
    second = issue_ticket(db, "ho-tich", check_hours=False)
    counter = open_role("counter")
    qtbot.waitUntil(lambda: counter.counter_pick.count() == 4, timeout=10_000)
    sign_in(qtbot, counter, "admin", db_template.admin_pin)
    counter.activateWindow()
    qtbot.waitActive(counter)
    qtbot.keyClick(counter, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: counter.current_label.text() == first.label, timeout=10_000)
    qtbot.keyClick(counter, Qt.Key.Key_F5)  # no-show
    qtbot.waitUntil(lambda: counter.current_label.text() == "—", timeout=10_000)
    qtbot.keyClick(counter, Qt.Key.Key_F7)  # to the number field; a USB scanner types the QR
    qtbot.keyClicks(counter.number_input, f"TICKET:{second.id}")
    qtbot.keyClick(counter.number_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.current_label.text() == second.label, timeout=10_000)
    counter.number_input.setText(first.label)  # the no-show comes back within the tolerance
    qtbot.keyClick(counter.number_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.current_label.text() == first.label, timeout=10_000)


def test_the_admin_sets_the_displays_volume_and_mute(open_role, qtbot, db, open_all_day):
    from kiosk.services.office_setup import office_info

    admin = open_role("admin")
    display = open_role("display")
    qtbot.waitUntil(lambda: admin.volume.value() == 80, timeout=5000)
    admin.volume.setValue(35)
    qtbot.mouseClick(admin.muted, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(admin.save_audio, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: office_info(db).announce_volume == 35, timeout=5000)
    assert office_info(db).announce_muted is True
    qtbot.waitUntil(lambda: display.announcer._muted and display.announcer._volume == 35,
                    timeout=5000)


def test_a_double_press_calls_one_citizen_only(open_role, qtbot, db, db_template, open_all_day):
    from kiosk.services.issuing import issue_ticket
    from kiosk.services.tickets import waiting_tickets

    first = issue_ticket(db, "ho-tich", check_hours=False)
    issue_ticket(db, "ho-tich", check_hours=False)
    counter = open_role("counter")
    qtbot.waitUntil(lambda: counter.counter_pick.count() == 4, timeout=10_000)
    sign_in(qtbot, counter, "admin", db_template.admin_pin)
    qtbot.mouseClick(counter.buttons["call"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(counter, Qt.Key.Key_F1)  # the impatient second press
    qtbot.mouseClick(counter.buttons["call"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: counter.current_label.text() == first.label, timeout=10_000)
    qtbot.waitUntil(lambda: not counter.busy, timeout=10_000)
    assert len(waiting_tickets(db)) == 1  # the second citizen is still waiting
    assert counter.transfer_to.currentData() is None  # a transfer needs a chosen service
    counter.act("transfer")
    assert "Chọn dịch vụ" in counter.message.text()
