"""Every role's window: header facts, data from the database, live language switch."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from ui.i18n import current_language

ROLE_TITLES = {
    "kiosk": ("Ki-ốt công dân", "Citizen kiosk"),
    "volunteer": ("Tổ Thanh niên hỗ trợ", "Youth support desk"),
    "counter": ("Quầy tiếp nhận", "Counter"),
    "display": ("Màn hình gọi số", "Hall display"),
    "admin": ("Quản trị", "Administration"),
}


@pytest.mark.parametrize("role", sorted(ROLE_TITLES))
def test_each_role_shows_title_office_clock_state_and_switches_language(open_role, qtbot, role):
    window = open_role(role)
    header = window.header
    vi_title, en_title = ROLE_TITLES[role]
    assert header.title.text() == vi_title
    assert header.office.text() == "Bộ phận Một cửa"
    assert "/" in header.clock.text() and ":" in header.clock.text()
    qtbot.waitUntil(lambda: "gửi" in header.state.text())  # "… chờ gửi": the sync state
    assert window.status_poll.timer.isActive()  # and it keeps being refreshed
    assert header.state.text().startswith("Ngoại tuyến: chưa cấu hình Cổng DVC")

    qtbot.mouseClick(header.lang_en, Qt.MouseButton.LeftButton)
    assert current_language() == "en"
    qtbot.waitUntil(lambda: header.title.text() == en_title)  # LanguageChange is posted
    assert "offline" in header.state.text().lower()
    assert "0 records waiting to be sent" in header.state.text()  # English plural form
    assert header.lang_en.isChecked() and not header.lang_vi.isChecked()

    qtbot.mouseClick(header.lang_vi, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: header.title.text() == vi_title)


def _buttons(widget) -> list[QPushButton]:
    return [b for b in widget.findChildren(QPushButton) if b.isVisible()]


def test_kiosk_tiles_lead_to_services_with_hours_and_back(open_role, qtbot):
    window = open_role("kiosk")
    tiles = [b for b in _buttons(window.board) if b.objectName() == "tile"]
    assert [t.text() for t in tiles][:2] == ["Tư pháp", "Đất đai – Xây dựng"]
    qtbot.mouseClick(tiles[0], Qt.MouseButton.LeftButton)
    services = [b.text() for b in _buttons(window.board) if b.objectName() == "tile"]
    assert services[0].startswith("Hộ tịch") and "07:30–17:00" in services[0]
    assert "Chứng thực" in services[1]
    qtbot.mouseClick(window.board.back, Qt.MouseButton.LeftButton)
    assert window.board.prompt.text().startswith("Xin chào")


def test_kiosk_touch_targets_and_text_are_large(open_role):
    window = open_role("kiosk")
    for button in _buttons(window):
        assert button.height() >= 60, (button.text(), button.height())
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.text():
            assert label.fontInfo().pixelSize() >= 20, (label.text(), label.fontInfo().pixelSize())


def test_kiosk_idle_returns_to_start_in_vietnamese(open_role, qtbot):
    window = open_role("kiosk", lang="en")
    tile = next(b for b in _buttons(window.board) if b.objectName() == "tile")
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    window.idle.setInterval(50)
    window.idle.start()
    qtbot.waitUntil(lambda: current_language() == "vi")
    assert window.board.pages.currentWidget() is window.board.groups_page


def test_volunteer_is_marked_assisted(open_role):
    window = open_role("volunteer")
    assert "Chế độ hỗ trợ" in window.banner.text()


def test_admin_lists_services_staff_and_catalog(open_role, qtbot):
    window = open_role("admin")
    assert window.services.rowCount() == 7
    assert window.services.item(0, 1).text() == "Hộ tịch"
    assert window.staff.item(0, 0).text() == "admin"
    assert "502" in window.values["catalog"].text()
    qtbot.mouseClick(window.header.lang_en, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.services.item(0, 1).text() == "Civil status")
    assert window.tabs.tabText(2) == "Services"


def test_display_shows_counters_after_seeding(open_role, qtbot, db):
    from kiosk.services.seed_demo import seed_demo

    seed_demo(db, 0, 1)  # counters and officers only
    window = open_role("display")
    window.load()
    qtbot.waitUntil(lambda: len(window.now) == 4)
    texts = [w.text() for w in window.findChildren(QLabel) if w.objectName() == "counterName"]
    assert texts == ["Quầy 1", "Quầy 2", "Quầy 3", "Quầy 4"]


@pytest.mark.parametrize("role", ["kiosk", "volunteer"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_1024_by_768_screen_shows_every_tile_whole(open_role, qtbot, role, lang):
    window = open_role(role, lang=lang)
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.width() == 1024 and window.height() == 768)
    tiles = [b for b in _buttons(window.board) if b.objectName() == "tile"]
    assert len(tiles) == 5
    for tile in tiles:
        bottom_right = tile.mapTo(window, tile.rect().bottomRight())
        assert bottom_right.y() < window.height() and bottom_right.x() < window.width()
        assert tile.height() >= 60
