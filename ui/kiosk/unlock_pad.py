"""The admin PIN pad that is the only way out of the kiosk screen.

Touch-only (a kiosk has no keyboard): ten large digit keys. The PIN is checked
against admin PIN hashes the kiosk loaded at start, on a pool thread (Argon2
takes tens of ms), so the kiosk can be left even while the office server is
down. Wrong PINs are counted for the whole process, not per dialog: after
MAX_TRIES in a row the pad refuses for COOL_DOWN_S, doubling each time.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from kiosk.services.staff import pin_matches
from ui.widgets.live_language import Retranslating

MAX_TRIES = 3
COOL_DOWN_S = 60


class _Lockout:
    """Wrong PINs in a row, for this kiosk process."""

    failures = 0
    refused_until = 0.0
    rounds = 0

    @classmethod
    def refusing(cls) -> bool:
        return time.monotonic() < cls.refused_until

    @classmethod
    def failed(cls) -> bool:
        """Count a wrong PIN; True when the pad must now close and refuse for a while."""
        cls.failures += 1
        if cls.failures < MAX_TRIES:
            return False
        cls.failures = 0
        cls.refused_until = time.monotonic() + COOL_DOWN_S * 2 ** min(cls.rounds, 6)
        cls.rounds += 1
        return True

    @classmethod
    def reset(cls) -> None:
        cls.failures, cls.refused_until, cls.rounds = 0, 0.0, 0


class _Check(QRunnable):
    class Done(QObject):
        result = Signal(bool)

    def __init__(self, hashes: tuple[str, ...], pin: str) -> None:
        super().__init__()
        self.hashes, self.pin, self.done = hashes, pin, _Check.Done()

    def run(self) -> None:
        self.done.result.emit(pin_matches(self.hashes, self.pin))


class UnlockPad(Retranslating, QDialog):
    """Ten digit keys, OK and Cancel: the admin PIN is the only way out of the kiosk."""

    def __init__(self, hashes: tuple[str, ...], parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setObjectName("unlockPad")
        self.setModal(True)
        self.hashes = hashes
        self._check: _Check | None = None
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
        return _Lockout.refusing()

    @property
    def checking(self) -> bool:
        return self._check is not None

    def check(self) -> None:
        if self._check is not None:
            return
        self.ok.setEnabled(False)
        self._check = _Check(self.hashes, self.pin.text())
        self.pin.clear()
        self._check.done.result.connect(self._checked)
        QThreadPool.globalInstance().start(self._check)

    def _checked(self, good: bool) -> None:
        self._check = None
        self.ok.setEnabled(True)
        if good:
            _Lockout.reset()
            self.accept()
        elif _Lockout.failed():
            self.reject()
        else:
            self.prompt.setText(self.tr("Wrong PIN. Try again."))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Staff only"))
        self.prompt.setText(self.tr("Staff only: enter the admin PIN to leave the kiosk."))
        self.clear_key.setText(self.tr("Clear"))
        self.ok.setText(self.tr("OK"))
        self.cancel.setText(self.tr("Cancel"))
