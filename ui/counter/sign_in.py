"""The officer's sign-in at a counter: user name and password (or PIN). GUI thread;
the Argon2 check runs on the DB worker."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from kiosk.services.staff import StaffInfo, authenticate
from ui.error_text import user_message
from ui.runner import run_op
from ui.widgets.staff_session import may_use
from ui.widgets.live_language import Retranslating


class SignInDialog(Retranslating, QDialog):
    """Asks who is at the counter; emits `signed_in(StaffInfo)`."""

    signed_in = Signal(object)

    def __init__(self, parent=None, screen: str = "counter") -> None:  # noqa: ANN001
        super().__init__(parent)
        self.screen = screen  # whose roles may sign in here (ui/widgets/staff_session.py)
        self.setObjectName("signIn")
        self.username = QLineEdit(objectName="username")
        self.secret = QLineEdit(objectName="secret", echoMode=QLineEdit.EchoMode.Password)
        self.error = QLabel(objectName="signInError")
        self.error.setWordWrap(True)
        self.ok = QPushButton(objectName="signInOk")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.check)
        self.secret.returnPressed.connect(self.check)
        self.form = QFormLayout()
        self.user_label, self.secret_label = QLabel(), QLabel()
        self.form.addRow(self.user_label, self.username)
        self.form.addRow(self.secret_label, self.secret)
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        column.addWidget(self.error)
        column.addWidget(self.ok)
        self.retranslate()

    def check(self) -> None:
        username, secret = self.username.text(), self.secret.text()
        self.secret.clear()
        self.ok.setEnabled(False)
        run_op(self, lambda db: authenticate(db, username, secret), self._good, self._bad)

    def _good(self, user: StaffInfo) -> None:
        self.ok.setEnabled(True)
        if not may_use(self.screen, user):
            self.error.setText(self.tr("This account cannot use this screen."))
            return
        self.signed_in.emit(user)
        self.accept()

    def _bad(self, error: BaseException) -> None:
        self.ok.setEnabled(True)
        self.error.setText(user_message(error))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sign in"))
        self.user_label.setText(self.tr("User name"))
        self.secret_label.setText(self.tr("Password or PIN"))
        self.ok.setText(self.tr("Sign in"))
