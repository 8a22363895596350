"""The kiosk cannot be left without an admin PIN typed on its own pad."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtCore import QCoreApplication

import ui.kiosk.unlock_pad as unlock_pad
from ui.kiosk.unlock_pad import UnlockPad


@pytest.fixture(autouse=True)
def _fresh_pad_state(monkeypatch):
    unlock_pad._Lockout.reset()
    quits: list[bool] = []
    monkeypatch.setattr(QCoreApplication, "quit", staticmethod(lambda: quits.append(True)))
    return quits


def _pad(window) -> UnlockPad:
    pads = [p for p in window.findChildren(UnlockPad) if p.isVisible()]
    assert len(pads) == 1
    return pads[0]


def _type(qtbot, pad: UnlockPad, pin: str, runner) -> None:
    for digit in pin:
        qtbot.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not pad.checking, timeout=10_000)


def test_closing_the_kiosk_asks_for_the_pin_and_stays(open_role, qtbot):
    window = open_role("kiosk")
    assert window.close() is False
    assert window.isVisible()
    assert _pad(window).prompt.text().startswith("Chỉ dành cho cán bộ")


def test_long_press_on_the_clock_opens_the_pad(open_role, qtbot):
    window = open_role("kiosk")
    window.header.clock._hold.setInterval(30)
    qtbot.mousePress(window.header.clock, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool([p for p in window.findChildren(UnlockPad) if p.isVisible()]))
    qtbot.mouseRelease(window.header.clock, Qt.MouseButton.LeftButton)


def test_wrong_pins_never_leave_and_three_lock_the_pad(open_role, qtbot, runner,
                                                       _fresh_pad_state):
    window = open_role("kiosk")
    window.close()
    pad = _pad(window)
    _type(qtbot, pad, "000000", runner)
    assert pad.isVisible() and pad.prompt.text() == "Sai mã PIN. Vui lòng thử lại."
    _type(qtbot, pad, "123", runner)
    _type(qtbot, pad, "999999", runner)
    assert not pad.isVisible()
    assert window.isVisible() and not window.unlocked
    assert UnlockPad.refusing()
    window.close()  # asks again: refused for a while, with a message
    assert window.isVisible()
    assert "Nhập sai quá nhiều lần" in window.message.text()
    assert _fresh_pad_state == []


def test_the_admin_pin_unlocks_and_quits(open_role, qtbot, runner, db_template, _fresh_pad_state):
    window = open_role("kiosk")
    window.close()
    _type(qtbot, _pad(window), db_template.admin_pin, runner)
    assert window.unlocked
    assert not window.isVisible()
    assert _fresh_pad_state == [True]


def test_escape_does_nothing_on_the_kiosk(open_role, qtbot):
    window = open_role("kiosk")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()


def test_cancel_and_reopen_does_not_reset_the_count(open_role, qtbot, runner):
    window = open_role("kiosk")
    for _ in range(2):
        window.close()
        pad = _pad(window)
        _type(qtbot, pad, "111111", runner)
        pad.reject()
    window.close()
    _type(qtbot, _pad(window), "222222", runner)  # the third wrong PIN in a row
    assert UnlockPad.refusing()


def test_the_pin_works_while_the_database_is_down(open_role, qtbot, runner, db_template,
                                                   monkeypatch, _fresh_pad_state):
    window = open_role("kiosk")
    qtbot.waitUntil(lambda: bool(window.pin_hashes))
    monkeypatch.setattr("ui.kiosk.window.admin_pin_hashes",
                        lambda db: (_ for _ in ()).throw(OSError("server down")))
    window.close()
    _type(qtbot, _pad(window), db_template.admin_pin, runner)
    assert window.unlocked


def test_lock_down_is_frameless_full_screen_and_on_top(open_role, qtbot):
    window = open_role("kiosk")
    window.lock_down()
    qtbot.waitUntil(lambda: window.isFullScreen())
    flags = window.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint
