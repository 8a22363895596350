"""Live language switching: Vietnamese (default) and English.

Source strings are English; `resources/i18n/kiosk_vi.qm` holds Vietnamese.
Switching installs or removes the translator; Qt then sends every widget a
LanguageChange event, on which screens call their `retranslate()`. GUI thread.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from resources import resource_path
from ui.signals import signals

log = logging.getLogger(__name__)

LANGUAGES = ("vi", "en")
QM_FILES = {"vi": resource_path("i18n", "kiosk_vi.qm"),
            "en": resource_path("i18n", "kiosk_en.qm")}  # English: plural forms only


class LanguageManager:
    def __init__(self) -> None:
        self.language = ""
        self._ours = {lang: QTranslator() for lang in LANGUAGES}
        for lang, path in QM_FILES.items():
            if not self._ours[lang].load(str(path)):
                log.error("translations not found at %s", path)
        self._qt = QTranslator()  # Qt's own dialogs (print preview, message boxes)
        self._qt.load("qtbase_vi", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))

    def switch(self, language: str) -> None:
        if language not in LANGUAGES:
            language = "vi"
        if language == self.language:
            return
        app = QCoreApplication.instance()
        for translator in (*self._ours.values(), self._qt):
            app.removeTranslator(translator)
        app.installTranslator(self._ours[language])
        if language == "vi":
            app.installTranslator(self._qt)
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if language == "vi"
                                   else QLocale.Language.English, QLocale.Country.Vietnam))
        self.language = language
        signals.language_changed.emit(language)


_manager: LanguageManager | None = None


def languages() -> LanguageManager:
    global _manager
    if _manager is None:
        _manager = LanguageManager()
    return _manager


def current_language() -> str:
    return languages().language
