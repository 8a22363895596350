"""The admin PIN pad that is the only way out of the kiosk screen.

Touch-only (a kiosk has no keyboard): ten large digit keys. The PIN is checked
on the DB worker (Argon2 takes tens of ms); after MAX_TRIES wrong PINs the pad
closes and refuses new tries for a while. GUI thread.
"""
from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from kiosk.services.staff import verify_admin_pin
from ui.runner import run_op
from ui.widgets.live_language import Retranslating

MAX_TRIES = 3
COOL_DOWN_S = 60
_refused_until = 0.0


class UnlockPad(Retranslating, QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockPad")
        self.setModal(True)
        self.tries = 0
        self.prompt = QLabel(objectName="prompt", alignment=Qt.AlignmentFlag.AlignCenter)
        self.prompt.setWordWrap(True)
        self.pin = QLineEdit(objectName="pin", echoMode=QLineEdit.EchoMode.Password,
                             readOnly=True, alignment=Qt.AlignmentFlag.AlignCenter)
        self.pin.setMaxLength(8)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.keys: dict[str, QPushButton] = {}
        for index, key in enumerate("123456789"):
            self._key(grid, key, index // 3, index % 3)
        self.clear_key = QPushButton(objectName="padKey")
        self.clear_key.clicked.connect(self.pin.clear)
        grid.addWidget(self.clear_key, 3, 0)
        self._key(grid, "0", 3, 1)
        self.ok = QPushButton(objectName="padOk")
        self.ok.clicked.connect(self.check)
        grid.addWidget(self.ok, 3, 2)
        self.cancel = QPushButton(objectName="back")
        self.cancel.clicked.connect(self.reject)
        column = QVBoxLayout(self)
        column.setSpacing(16)
        column.addWidget(self.prompt)
        column.addWidget(self.pin)
        column.addLayout(grid)
        column.addWidget(self.cancel)
        self.retranslate()

    def _key(self, grid: QGridLayout, digit: str, row: int, col: int) -> None:
        button = QPushButton(digit, objectName="padKey")
        button.clicked.connect(lambda: self.pin.setText(self.pin.text() + digit))
        grid.addWidget(button, row, col)
        self.keys[digit] = button

    @staticmethod
    def refusing() -> bool:
        return time.monotonic() < _refused_until

    def check(self) -> None:
        pin = self.pin.text()
        self.pin.clear()
        self.ok.setEnabled(False)
        run_op(self, lambda db: verify_admin_pin(db, pin), self._checked, self._failed)

    def _failed(self, _error: BaseException) -> None:
        self.ok.setEnabled(True)
        self.prompt.setText(self.tr("The PIN could not be checked. Try again."))

    def _checked(self, good: bool) -> None:
        global _refused_until
        self.ok.setEnabled(True)
        if good:
            self.accept()
            return
        self.tries += 1
        if self.tries >= MAX_TRIES:
            _refused_until = time.monotonic() + COOL_DOWN_S
            self.reject()
            return
        self.prompt.setText(self.tr("Wrong PIN. Try again."))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Staff only"))
        self.prompt.setText(self.tr("Staff only: enter the admin PIN to leave the kiosk."))
        self.clear_key.setText(self.tr("Clear"))
        self.ok.setText(self.tr("OK"))
        self.cancel.setText(self.tr("Cancel"))
