"""Errors in the user's language: a UserError's code becomes a translated sentence.

kiosk/ raises UserError(code, English message) for the CLI; screens show this
module's sentence for the code instead. GUI thread.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from kiosk.errors import UserError, is_db_unreachable

SENTENCES = {
    "no_office": QT_TRANSLATE_NOOP("Errors", "No office is set up yet. Ask the administrator."),
    "schema_newer": QT_TRANSLATE_NOOP(
        "Errors", "The office database is newer than this program. Update the program."),
    "bad_db_url": QT_TRANSLATE_NOOP("Errors", "The database address in the settings is wrong."),
    "data_dir_unusable": QT_TRANSLATE_NOOP("Errors", "The data folder cannot be used."),
    "no_such_dossier": QT_TRANSLATE_NOOP("Errors", "No dossier has that code."),
    "no_such_job": QT_TRANSLATE_NOOP("Errors", "That print job no longer exists."),
}
UNREACHABLE = QT_TRANSLATE_NOOP(
    "Errors", "The office database cannot be reached. Nothing saved is lost; try again shortly.")
UNKNOWN = QT_TRANSLATE_NOOP(
    "Errors", "Something went wrong; the details are in the log. Nothing that was saved is lost.")


def user_message(error: BaseException) -> str:
    if isinstance(error, UserError) and error.code in SENTENCES:
        return QCoreApplication.translate("Errors", SENTENCES[error.code])
    if is_db_unreachable(error):
        return QCoreApplication.translate("Errors", UNREACHABLE)
    return QCoreApplication.translate("Errors", UNKNOWN)
