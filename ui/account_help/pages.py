"""The account-help flow's screens, one per step kind of the guide (docs/ACCOUNT_HELP.md).

Each page only shows what it is given and says what was tapped; the flow
(ui/account_help/flow.py) decides what comes next. Big type, one question per
screen, a picture, Back always at the same place: for visitors who have never
used a touchscreen. GUI thread.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from kiosk.account_guide import Guide, Step, picture_path
from ui.error_text import field_message
from ui.i18n import current_language
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.live_language import Retranslating, clear_layout

PICTURE = QSize(300, 225)


def _label(name: str, centred: bool = False) -> QLabel:
    label = QLabel(objectName=name)
    label.setWordWrap(True)
    if centred:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class StepPage(QWidget):
    """An info or question step: picture, title, body; Next, or one tile per answer."""

    answered = Signal(object)  # the option's value, or None for "Next"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = QSvgWidget()
        self.picture.setFixedSize(PICTURE)
        self.title = _label("prompt", centred=True)
        self.body = _label("guideBody", centred=True)
        self.options = QVBoxLayout()
        column = QVBoxLayout(self)
        column.setContentsMargins(40, 10, 40, 10)
        column.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.title)
        column.addWidget(self.body)
        column.addStretch(1)
        column.addLayout(self.options)

    def show_step(self, guide: Guide, step: Step, next_text: str) -> None:
        lang = current_language()
        self.picture.setVisible(bool(step.picture))
        if step.picture:
            self.picture.load(str(picture_path(step.picture)))
        self.title.setText(guide.text(step.title, lang))
        self.body.setText(guide.text(step.body, lang))
        clear_layout(self.options)
        if step.kind == "question":
            for option in step.options:
                tile = QPushButton(guide.text(option.label, lang), objectName="tile")
                tile.setProperty("option", option.value)
                tile.clicked.connect(lambda _=False, v=option.value: self.answered.emit(v))
                self.options.addWidget(tile)
        else:
            tile = QPushButton(next_text, objectName="homeAction")
            tile.setProperty("option", "next")
            tile.clicked.connect(lambda: self.answered.emit(None))
            self.options.addWidget(tile)


class ConsentPage(Retranslating, QWidget):
    """The consent text, whole, with agree and refuse as two equal, plain buttons."""

    agreed = Signal()
    refused = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _label("prompt", centred=True)
        self.text = _label("consentText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.text)
        self.agree = QPushButton(objectName="tile")
        self.refuse = QPushButton(objectName="tile")
        self.agree.clicked.connect(self.agreed)
        self.refuse.clicked.connect(self.refused)
        row = QHBoxLayout()
        row.addWidget(self.refuse)
        row.addWidget(self.agree)
        column = QVBoxLayout(self)
        column.setContentsMargins(40, 10, 40, 10)
        column.addWidget(self.title)
        column.addWidget(scroll, 1)
        column.addLayout(row)
        self.retranslate()

    def show_text(self, text: str) -> None:
        self.text.setText(text)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Your personal data"))
        self.agree.setText(self.tr("I agree"))
        self.refuse.setText(self.tr("I do not agree"))


FIELDS = (("full_name", "text"), ("id_number", "digits"), ("date_of_birth", "date"),
          ("phone", "phone"), ("email", "text"))


class DetailsPage(Retranslating, QWidget):
    """Name, citizen id, date of birth, phone, e-mail, each problem said beside its field."""

    submitted = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _label("prompt", centred=True)
        self.edits: dict[str, QLineEdit] = {}
        self.problems: dict[str, QLabel] = {}
        self.names: dict[str, QLabel] = {}
        self.keyboard = OnScreenKeyboard()
        form = QFormLayout()
        for key, mode in FIELDS:
            edit = QLineEdit(objectName="bigField")
            edit.setProperty("field", key)
            edit.setMaxLength(200)
            edit.installEventFilter(self)
            edit.returnPressed.connect(self._submit)
            problem = _label("fieldError")
            problem.hide()
            self.edits[key], self.problems[key] = edit, problem
            self.names[key] = QLabel()
            box = QVBoxLayout()
            box.addWidget(edit)
            box.addWidget(problem)
            form.addRow(self.names[key], box)
            edit.setProperty("mode", mode)
        self.save = QPushButton(objectName="homeAction")
        self.save.clicked.connect(self._submit)
        self.keyboard.done.connect(self._submit)
        column = QVBoxLayout(self)
        column.setContentsMargins(40, 10, 40, 10)
        column.addWidget(self.title)
        column.addLayout(form)
        column.addWidget(self.save)
        column.addStretch(1)
        column.addWidget(self.keyboard)
        self.keyboard.attach(self.edits["full_name"], "text")
        self.retranslate()

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001 - Qt's signature
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress) and \
                isinstance(watched, QLineEdit):
            self.keyboard.attach(watched, watched.property("mode"))
        return False

    def values(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.edits.items()}

    def show_problems(self, problems: dict[str, tuple[str, dict]]) -> None:
        lang = current_language()
        for key, label in self.problems.items():
            if key in problems:
                code, params = problems[key]
                label.setText(field_message(code, params, lang))
                label.show()
            else:
                label.hide()

    def clear(self) -> None:
        """Wipe every field and message: nothing of one visitor stays for the next."""
        for edit in self.edits.values():
            edit.clear()
        self.show_problems({})
        self.keyboard.attach(self.edits["full_name"], "text")
        self.save.setEnabled(True)

    def _submit(self) -> None:
        if self.save.isEnabled():
            self.submitted.emit(self.values())

    def retranslate(self) -> None:
        self.title.setText(self.tr("Your details for the portal"))
        for key, text in (("full_name", self.tr("Full name")),
                          ("id_number", self.tr("Citizen id number (12 digits)")),
                          ("date_of_birth", self.tr("Date of birth (day/month/year)")),
                          ("phone", self.tr("Mobile phone")),
                          ("email", self.tr("E-mail (if you have one)"))):
            self.names[key].setText(text)
        self.save.setText(self.tr("Save and go on"))


class FinishPage(Retranslating, QWidget):
    """The end: what is left for this citizen, the slip printed, Done."""

    done = Signal()
    print_slip = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _label("prompt", centred=True)
        self.body = _label("guideBody", centred=True)
        self.left_title = _label("guideBody")
        self.steps = QVBoxLayout()
        self.status = _label("hint", centred=True)
        self.print_button = QPushButton(objectName="tile")
        self.print_button.clicked.connect(self.print_slip)
        self.done_button = QPushButton(objectName="homeAction")
        self.done_button.clicked.connect(self.done)
        column = QVBoxLayout(self)
        column.setContentsMargins(40, 10, 40, 10)
        column.addWidget(self.title)
        column.addWidget(self.body)
        column.addWidget(self.left_title)
        column.addLayout(self.steps)
        column.addStretch(1)
        column.addWidget(self.status)
        column.addWidget(self.print_button)
        column.addWidget(self.done_button)
        self.retranslate()

    def show_finish(self, title: str, body: str, steps_left: list[str]) -> None:
        self.title.setText(title)
        self.body.setText(body)
        clear_layout(self.steps)
        for number, text in enumerate(steps_left, start=1):
            step = _label("guideStep")
            step.setText(f"{number}. {text}")
            self.steps.addWidget(step)
        self.left_title.setVisible(bool(steps_left))
        self.status.setText("")
        self.print_button.setEnabled(True)

    def say(self, text: str) -> None:
        self.status.setText(text)

    def retranslate(self) -> None:
        self.left_title.setText(self.tr("What is left for you to do:"))
        self.done_button.setText(self.tr("Done"))
