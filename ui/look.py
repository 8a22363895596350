"""Fonts and the touch theme, applied once at start on the GUI thread.

The bundled DejaVu Sans covers every Vietnamese letter, so a machine with no
fonts at all still shows "Số thứ tự" and not boxes.
"""
from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from resources import resource_path

log = logging.getLogger(__name__)

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
THEME_FILE = resource_path("theme", "touch.qss")
TOUCH_ROLES = ("kiosk", "volunteer", "display")


def load_fonts() -> str:
    family = ""
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        if font_id < 0:
            log.error("could not load font %s", name)
            continue
        family = family or QFontDatabase.applicationFontFamilies(font_id)[0]
    return family or "DejaVu Sans"


def apply_look(app: QApplication, role: str) -> None:
    family = load_fonts()
    font = QFont(family)
    font.setPixelSize(22 if role in TOUCH_ROLES else 17)
    app.setFont(font)
    app.setStyle("Fusion")
    app.setStyleSheet(THEME_FILE.read_text(encoding="utf-8"))
