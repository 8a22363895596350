"""The kiosk's on-screen keyboard: Vietnamese by Telex, and a number pad.

Qt Virtual Keyboard is not used: it works with QML, not well with widgets, and its
Vietnamese layout is not in the PySide6 wheels (../shared/platform-notes.md). This
keyboard types into one target line edit at a time, composing Vietnamese the way
Telex does (kiosk/telex.py: "Nguyeenx" becomes "Nguyễn"), and also has a row of
Vietnamese letters and tone marks for visitors who do not know Telex. Numeric
fields get a large number pad instead. Keys are big (64 px and more); nothing
here touches the database. GUI thread.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QSizePolicy,
                               QStackedWidget, QVBoxLayout, QWidget)

import shiboken6

from kiosk.telex import TelexComposer
from ui.widgets.live_language import Retranslating

LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
VIETNAMESE_LETTERS = "ăâđêôơư"
TONES = (("s", "◌́"), ("f", "◌̀"), ("r", "◌̉"), ("x", "◌̃"), ("j", "◌̣"))  # Telex key, shown
PAD_ROWS = ("123", "456", "789")
MODES = ("text", "digits", "phone", "date", "email")


class Key(QPushButton):
    def __init__(self, text: str, name: str = "key") -> None:
        super().__init__(text, objectName=name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a tap never steals the field's focus
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAutoRepeat(name == "backspace")


class OnScreenKeyboard(Retranslating, QWidget):
    """Letters (Telex) or a number pad, typing into `target`."""

    done = Signal()  # the ✓ key: the wizard goes to the next field or page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyboard")
        self.composer = TelexComposer()
        self.target: QLineEdit | None = None
        self.mode = "text"
        self.shift = False
        self.keys: dict[str, Key] = {}
        self.pages = QStackedWidget()
        self.letters = self._letters_page()
        self.pad = self._pad_page()
        self.pages.addWidget(self.letters)
        self.pages.addWidget(self.pad)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.addWidget(self.pages)
        self.retranslate()

    # --- building -------------------------------------------------------------------------

    def _key(self, label: str, value: str, name: str = "key") -> Key:
        key = Key(label, name)
        key.clicked.connect(lambda _=False, v=value: self.press(v))
        self.keys[value] = key
        return key

    def _letters_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setSpacing(6)
        extra = QHBoxLayout()
        for letter in VIETNAMESE_LETTERS:
            extra.addWidget(self._key(letter, letter, "vietKey"))
        for value, shown in TONES:
            extra.addWidget(self._key(shown, f"tone:{value}", "toneKey"))
        column.addLayout(extra)
        for index, row in enumerate(LETTER_ROWS):
            line = QHBoxLayout()
            if index == 2:
                self.shift_key = Key("⇧", "shiftKey")
                self.shift_key.setCheckable(True)
                self.shift_key.clicked.connect(self._toggle_shift)
                line.addWidget(self.shift_key)
            for letter in row:
                line.addWidget(self._key(letter, letter))
            if index == 2:
                line.addWidget(self._key("⌫", "backspace", "backspace"))
            column.addLayout(line)
        bottom = QHBoxLayout()
        self.to_digits = Key("123", "modeKey")
        self.to_digits.clicked.connect(lambda: self.pages.setCurrentWidget(self.pad))
        bottom.addWidget(self.to_digits, 1)
        for mark in (",", "."):
            bottom.addWidget(self._key(mark, mark), 1)
        space = self._key("", " ", "spaceKey")
        bottom.addWidget(space, 4)
        bottom.addWidget(self._key("@", "@"), 1)
        self.done_key = Key("", "doneKey")
        self.done_key.clicked.connect(self.done)
        bottom.addWidget(self.done_key, 2)
        column.addLayout(bottom)
        return page

    def _pad_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setSpacing(8)
        for row, digits in enumerate(PAD_ROWS):
            for col, digit in enumerate(digits):
                grid.addWidget(self._key(digit, digit, "padKey"), row, col)
        self.plus = self._key("+", "+", "padKey")
        self.slash = self._key("/", "/", "padKey")
        grid.addWidget(self.plus, 3, 0)
        grid.addWidget(self.slash, 3, 0)
        grid.addWidget(self._key("0", "0", "padKey"), 3, 1)
        grid.addWidget(self._key("⌫", "backspace:pad", "padKey"), 3, 2)
        self.to_letters = Key("abc", "modeKey")
        self.to_letters.clicked.connect(lambda: self.pages.setCurrentWidget(self.letters))
        grid.addWidget(self.to_letters, 0, 3)
        self.pad_done = Key("", "doneKey")
        self.pad_done.clicked.connect(self.done)
        grid.addWidget(self.pad_done, 1, 3, 3, 1)
        self.pad_done.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        return page

    # --- use ------------------------------------------------------------------------------

    def attach(self, target: QLineEdit | None, mode: str = "text") -> None:
        """Type into `target` from now on; `mode` picks letters or the pad and its keys."""
        self.target = target
        self.mode = mode if mode in MODES else "text"
        numeric = self.mode in ("digits", "phone", "date")
        self.pages.setCurrentWidget(self.pad if numeric else self.letters)
        self.setVisible(target is not None)  # no field to type into: room for the page
        self.plus.setVisible(self.mode == "phone")
        self.slash.setVisible(self.mode == "date")
        self.to_letters.setVisible(not numeric)
        self.composer.set_text(target.text() if target is not None else "")

    def press(self, value: str) -> None:
        target = self.target
        if target is not None and not shiboken6.isValid(target):  # its page is gone
            self.attach(None)
            return
        if target is None or target.isReadOnly():
            return
        if self.composer.text != target.text():  # typed on a real keyboard meanwhile
            self.composer.set_text(target.text())
        if value.startswith("backspace"):
            self.composer.backspace()
        elif value.startswith("tone:"):
            self.composer.press(value[5:])
        elif self.mode in ("digits", "phone", "date"):
            self.composer.set_text(self.composer.text + value)  # digits are never composed
        else:
            self.composer.press(value.upper() if self.shift else value)
            if self.shift and value.isalpha():
                self._toggle_shift(False)
        text = self.composer.text
        if target.maxLength() and len(text) > target.maxLength():
            self.composer.set_text(target.text())
            return
        target.setText(text)
        target.setCursorPosition(len(text))

    def _toggle_shift(self, on: bool) -> None:
        self.shift = bool(on)
        self.shift_key.setChecked(self.shift)
        for letter in "".join(LETTER_ROWS) + VIETNAMESE_LETTERS:
            key = self.keys[letter]
            key.setText(letter.upper() if self.shift else letter)

    def retranslate(self) -> None:
        self.keys[" "].setText(self.tr("space"))
        self.done_key.setText(self.tr("Done ✓"))
        self.pad_done.setText(self.tr("Done ✓"))
