"""Who is signed in at a staff screen, which roles may, and sign-out after inactivity.

The counter PCs and the volunteer desk are shared: a staff screen signs its user
out after `staff.idle_sign_out_minutes` without a key press or a click, and a
sign-in whose role may not use the screen is refused there (the admin window
shows nothing before an admin signs in). GUI thread.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.services.staff import StaffInfo

ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin,
            QEvent.Type.Wheel}
# which staff roles may use each role's window (kiosk and display need nobody)
SCREEN_ROLES = {"counter": ("counter", "admin"), "volunteer": ("volunteer", "counter", "admin"),
                "admin": ("admin",)}


def may_use(screen: str, user: StaffInfo) -> bool:
    return user.active and user.role in SCREEN_ROLES.get(screen, ())


class IdleSignOut(QObject):
    """Calls `sign_out` once no input has come for `minutes` while `active()` is true."""

    def __init__(self, parent: QObject, minutes: int, active: Callable[[], bool],
                 sign_out: Callable[[], None]) -> None:
        super().__init__(parent)
        self._active, self._sign_out = active, sign_out
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self._expired)
        self.set_minutes(minutes)
        QApplication.instance().installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)

    def restart(self) -> None:
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in ACTIVITY and self._active():
            self.timer.start()
        return False

    def _expired(self) -> None:
        if self._active():
            self._sign_out()
