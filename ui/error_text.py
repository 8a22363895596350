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
    "service_closed": QT_TRANSLATE_NOOP(
        "Errors", "This service gives numbers from %1 to %2. Please come back then."),
    "service_full": QT_TRANSLATE_NOOP(
        "Errors", "All of today's numbers for this service are taken. Please come back on the "
                  "next working day."),
    "office_closed_today": QT_TRANSLATE_NOOP(
        "Errors", "The office is closed today (%1). Please come back on the next working day."),
    "no_such_service": QT_TRANSLATE_NOOP("Errors", "This service is not open now."),
    "no_current_ticket": QT_TRANSLATE_NOOP("Errors", "No number is called at this counter."),
    "nothing_to_recall": QT_TRANSLATE_NOOP("Errors", "There is no called number to announce "
                                                     "again."),
    "no_such_ticket": QT_TRANSLATE_NOOP("Errors", "There is no ticket with that number today."),
    "no_show_expired": QT_TRANSLATE_NOOP(
        "Errors", "That number missed its call too long ago; the citizen takes a new number."),
    "bad_ticket_move": QT_TRANSLATE_NOOP("Errors", "That cannot be done with this ticket now."),
    "same_service": QT_TRANSLATE_NOOP("Errors", "The ticket is already in that service."),
    "same_counter": QT_TRANSLATE_NOOP("Errors", "The ticket is already at this counter."),
    "bad_login": QT_TRANSLATE_NOOP("Errors", "Wrong user name or password."),
    "called_elsewhere": QT_TRANSLATE_NOOP("Errors", "That number is already called to another "
                                                    "counter."),
    "no_such_counter": QT_TRANSLATE_NOOP("Errors", "This counter is closed. Ask the "
                                                   "administrator."),
    "cannot_rate": QT_TRANSLATE_NOOP("Errors", "Only a finished number can be rated."),
    "bad_rating": QT_TRANSLATE_NOOP("Errors", "That rating is not one of the choices."),
    "bad_priority": QT_TRANSLATE_NOOP("Errors", "That priority group is not one of the choices."),
    "unspeakable_label": QT_TRANSLATE_NOOP("Errors", "That number cannot be announced aloud."),
    "locked_out": QT_TRANSLATE_NOOP("Errors", "Too many wrong tries. Wait %1 minutes."),
}
PARAMS = {"service_closed": ("opens", "closes"), "office_closed_today": ("holiday",),
          "locked_out": ("minutes",)}
UNREACHABLE = QT_TRANSLATE_NOOP(
    "Errors", "The office database cannot be reached. Nothing saved is lost; try again shortly.")
UNKNOWN = QT_TRANSLATE_NOOP(
    "Errors", "Something went wrong; the details are in the log. Nothing that was saved is lost.")


def user_message(error: BaseException) -> str:
    if isinstance(error, UserError) and error.code in SENTENCES:
        text = QCoreApplication.translate("Errors", SENTENCES[error.code])
        for index, name in enumerate(PARAMS.get(error.code, ()), start=1):
            text = text.replace(f"%{index}", str(error.params.get(name, "")))
        return text
    if is_db_unreachable(error):
        return QCoreApplication.translate("Errors", UNREACHABLE)
    return QCoreApplication.translate("Errors", UNKNOWN)
