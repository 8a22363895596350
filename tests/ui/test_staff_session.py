"""Staff screens: only their roles sign in, the admin window shows nothing before an admin
does, and an idle PC signs its user out (issue 8)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.services.staff import add_user
from ui.counter.sign_in import SignInDialog


def sign_in_dialog(qtbot, window, button, username: str, secret: str) -> SignInDialog:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in window.findChildren(SignInDialog) if d.isVisible())
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.secret, secret)
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.ok.isEnabled(), timeout=10_000)
    return dialog


def test_the_admin_window_shows_nothing_until_an_admin_signs_in(qtbot, db, open_role):
    add_user(db, "doanvien9", "volunteer", full_name="Tòng Văn Ơn", password="mat-khau-dai-9")
    add_user(db, "quantri2", "admin", full_name="Hà Thị Lan", password="mat-khau-quan-tri",
             pin="48151623")
    window = open_role("admin", lang="en", signed_in=False)
    assert window.stack.currentWidget() is window.gate and not window.tabs.isVisible()
    refused = sign_in_dialog(qtbot, window, window.gate_sign_in, "doanvien9", "mat-khau-dai-9")
    assert "cannot use this screen" in refused.error.text() and window.admin is None
    refused.reject()
    dialog = sign_in_dialog(qtbot, window, window.gate_sign_in, "quantri2", "mat-khau-quan-tri")
    qtbot.waitUntil(lambda: window.admin is not None, timeout=10_000)
    assert not dialog.isVisible() and window.tabs.isVisible()
    assert "Hà Thị Lan" in window.who.text()
    qtbot.waitUntil(lambda: window.staff.rowCount() >= 3, timeout=10_000)
    qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.gate and window.staff.rowCount() == 0


def test_an_idle_admin_window_signs_out(qtbot, db, open_role):
    window = open_role("admin", lang="vi")
    assert window.admin is not None
    window.idle_sign_out.timer.setInterval(150)  # minutes in the field; ms here
    window.idle_sign_out.restart()
    qtbot.waitUntil(lambda: window.admin is None, timeout=5_000)
    assert window.stack.currentWidget() is window.gate


def test_the_counter_refuses_a_volunteer_and_signs_an_idle_officer_out(qtbot, db, open_role):
    add_user(db, "doanvien8", "volunteer", password="mat-khau-dai-8")
    add_user(db, "canbo9", "counter", full_name="Lường Thị Xuân", password="mat-khau-can-bo")
    window = open_role("counter", lang="en")
    refused = sign_in_dialog(qtbot, window, window.sign_in, "doanvien8", "mat-khau-dai-8")
    assert "cannot use this screen" in refused.error.text() and window.officer is None
    refused.reject()
    sign_in_dialog(qtbot, window, window.sign_in, "canbo9", "mat-khau-can-bo")
    qtbot.waitUntil(lambda: window.officer is not None, timeout=10_000)
    window.idle_sign_out.timer.setInterval(150)
    window.idle_sign_out.restart()
    qtbot.waitUntil(lambda: window.officer is None, timeout=5_000)
    assert "Nobody signed in" in window.officer_label.text()


def test_activity_keeps_the_officer_signed_in(qtbot, db, open_role):
    add_user(db, "canbo8", "counter", password="mat-khau-can-bo")
    window = open_role("counter", lang="en")
    sign_in_dialog(qtbot, window, window.sign_in, "canbo8", "mat-khau-can-bo")
    qtbot.waitUntil(lambda: window.officer is not None, timeout=10_000)
    window.idle_sign_out.timer.setInterval(400)
    window.idle_sign_out.restart()
    for _ in range(4):
        qtbot.wait(200)
        qtbot.mouseClick(window.officer_label, Qt.MouseButton.LeftButton)  # still working
    assert window.officer is not None
