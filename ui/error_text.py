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
    "no_such_procedure": QT_TRANSLATE_NOOP("Errors", "This procedure is not in the catalog."),
    "dossier_not_draft": QT_TRANSLATE_NOOP("Errors", "This dossier was already received."),
    "draft_changed_elsewhere": QT_TRANSLATE_NOOP(
        "Errors", "This draft was changed on another screen since it was opened. Open it "
                  "again to see the changes."),
    "dossier_incomplete": QT_TRANSLATE_NOOP(
        "Errors", "%1 answers still need attention: go back to the answers and correct them."),
    "no_applicant": QT_TRANSLATE_NOOP("Errors", "The applicant's name is missing."),
    "no_documents": QT_TRANSLATE_NOOP("Errors", "Tick the papers the citizen handed in."),
    "no_such_document": QT_TRANSLATE_NOOP("Errors", "That paper is not in the list."),
    "bad_copies": QT_TRANSLATE_NOOP("Errors", "Copies go from 0 to 99."),
    "fee_needed": QT_TRANSLATE_NOOP("Errors", "This procedure's fee depends on the case: enter "
                                              "it."),
    "bad_fee": QT_TRANSLATE_NOOP("Errors", "The fee cannot be negative."),
    "bad_payment": QT_TRANSLATE_NOOP("Errors", "Choose how the fee is paid."),
    "payment_mismatch": QT_TRANSLATE_NOOP("Errors", "A free procedure is marked free; a fee is "
                                                    "paid in cash or by transfer."),
    "no_bank_account": QT_TRANSLATE_NOOP("Errors", "The office has no bank account for "
                                                   "transfers yet. Ask the administrator."),
    "bad_account_holder": QT_TRANSLATE_NOOP("Errors", "Give the account holder's name."),
    "vietqr_bad_bin": QT_TRANSLATE_NOOP("Errors", "A bank BIN has 6 digits."),
    "vietqr_bad_account": QT_TRANSLATE_NOOP("Errors", "The account number has 1 to 19 letters "
                                                      "or digits."),
    "answers_too_large": QT_TRANSLATE_NOOP("Errors", "The answers are too long to keep."),
    "answers_not_plain": QT_TRANSLATE_NOOP("Errors", "These answers cannot be kept."),
    "empty_key": QT_TRANSLATE_NOOP("Errors", "Type a number or a code first."),
    "scan_too_large": QT_TRANSLATE_NOOP("Errors", "The file is larger than 20 MB."),
    "scan_unreadable": QT_TRANSLATE_NOOP("Errors", "The file cannot be read."),
    "scan_empty": QT_TRANSLATE_NOOP("Errors", "The file is empty."),
    "scan_type": QT_TRANSLATE_NOOP("Errors", "Only JPEG or PNG images and PDF files can be "
                                             "attached."),
    "bad_holiday_name": QT_TRANSLATE_NOOP("Errors", "Give the day a name."),
    "bad_holiday_date": QT_TRANSLATE_NOOP("Errors", "The date must be between 2000 and 2100."),
    "make_up_on_weekday": QT_TRANSLATE_NOOP("Errors", "A make-up working day falls on a "
                                                      "weekend."),
    "no_such_holiday": QT_TRANSLATE_NOOP("Errors", "There is no such day in the table."),
    "record_not_found": QT_TRANSLATE_NOOP("Errors", "This record is no longer in the list."),
    "record_not_fixable": QT_TRANSLATE_NOOP("Errors", "This record was delivered or already "
                                                      "sent again; it cannot be changed."),
    "record_unreadable": QT_TRANSLATE_NOOP("Errors", "The stored copy of this record cannot be "
                                                     "read; receive the dossier again."),
    "bad_field_path": QT_TRANSLATE_NOOP("Errors", "This field cannot be changed here."),
    "not_a_number": QT_TRANSLATE_NOOP("Errors", "Type a whole number."),
    "portal_not_set": QT_TRANSLATE_NOOP("Errors", "The portal address is not set. Ask the "
                                                  "administrator."),
    "portal_bad_url": QT_TRANSLATE_NOOP("Errors", "The portal address is not a web address."),
    "portal_not_https": QT_TRANSLATE_NOOP("Errors", "The portal must be reached over HTTPS."),
    "portal_credentials": QT_TRANSLATE_NOOP("Errors", "The portal client id or secret is not "
                                                      "set."),
    "portal_ca_missing": QT_TRANSLATE_NOOP("Errors", "The portal's certificate file is "
                                                     "missing."),
    "portal_adapter": QT_TRANSLATE_NOOP("Errors", "The portal connection type is unknown."),
    "account_details_invalid": QT_TRANSLATE_NOOP("Errors", "Some details need checking: see "
                                                           "the messages beside them."),
    "not_this_citizens_draft": QT_TRANSLATE_NOOP("Errors", "That dossier belongs to another "
                                                           "citizen."),
    "consent_time_invalid": QT_TRANSLATE_NOOP("Errors", "The time of consent is missing. "
                                                        "Please start again."),
    "consent_in_future": QT_TRANSLATE_NOOP("Errors", "This computer's clock is wrong. Ask "
                                                     "the staff to set it."),
    "consent_too_old": QT_TRANSLATE_NOOP("Errors", "The consent was given too long ago. "
                                                   "Please start again."),
    "bad_outcome": QT_TRANSLATE_NOOP("Errors", "Choose one of the outcomes shown."),
    "outcome_note_invalid": QT_TRANSLATE_NOOP("Errors", "The reason has invisible "
                                                        "characters: type it again."),
    "outcome_note_too_long": QT_TRANSLATE_NOOP("Errors", "The reason is too long: at most "
                                                         "500 characters."),
    "outcome_reason_required": QT_TRANSLATE_NOOP("Errors", "Say why it could not be "
                                                           "finished."),
    "no_such_account_request": QT_TRANSLATE_NOOP("Errors", "This request is no longer in the "
                                                           "list."),
    "guide_invalid": QT_TRANSLATE_NOOP("Errors", "The account-help guide cannot be read. Ask "
                                                 "the administrator."),
    # the personal data key (docs/SECURITY.md): the start is refused, nothing is changed
    "personal_data_key_wrong": QT_TRANSLATE_NOOP(
        "Errors", "The personal data key file is missing or is not this office's key. Ask the "
                  "administrator: nothing was changed."),
    "personal_data_key_exposed": QT_TRANSLATE_NOOP(
        "Errors", "The personal data key file cannot be used (who may read it, or what it "
                  "holds). Ask the administrator."),
}
SENTENCES["personal_data_key_missing"] = SENTENCES["personal_data_key_wrong"]
SENTENCES["personal_data_key_unreadable"] = SENTENCES["personal_data_key_exposed"]
PARAMS = {"service_closed": ("opens", "closes"), "office_closed_today": ("holiday",),
          "locked_out": ("minutes",), "dossier_incomplete": ("count",)}
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


# A form answer's problem (kiosk/forms/errors.py ERROR_CODES), shown beside the field.
FIELD_SENTENCES = {
    "required": QT_TRANSLATE_NOOP("FieldErrors", "Please answer this."),
    "wrong_type": QT_TRANSLATE_NOOP("FieldErrors", "This answer is not of the right kind."),
    "control_character": QT_TRANSLATE_NOOP("FieldErrors", "Remove the invisible character."),
    "too_short": QT_TRANSLATE_NOOP("FieldErrors", "Too short: at least %1 characters."),
    "too_long": QT_TRANSLATE_NOOP("FieldErrors", "Too long: at most %1 characters."),
    "pattern_mismatch": QT_TRANSLATE_NOOP("FieldErrors", "This is not in the expected form."),
    "number_invalid": QT_TRANSLATE_NOOP("FieldErrors", "Type a number, for example 12 or 3,5."),
    "not_integer": QT_TRANSLATE_NOOP("FieldErrors", "Type a whole number."),
    "below_min": QT_TRANSLATE_NOOP("FieldErrors", "At least %1."),
    "above_max": QT_TRANSLATE_NOOP("FieldErrors", "At most %1."),
    "date_invalid": QT_TRANSLATE_NOOP("FieldErrors", "Type the date as day/month/year, for "
                                                     "example 14/05/2003."),
    "date_in_future": QT_TRANSLATE_NOOP("FieldErrors", "This date is after today."),
    "age_implausible": QT_TRANSLATE_NOOP("FieldErrors", "Please check the year of birth."),
    "id_empty": QT_TRANSLATE_NOOP("FieldErrors", "Type the 12-digit citizen id number."),
    "id_not_digits": QT_TRANSLATE_NOOP("FieldErrors", "The id number has digits only."),
    "id_length": QT_TRANSLATE_NOOP("FieldErrors", "The id number has 12 digits; %1 were "
                                                  "typed."),
    "id_century": QT_TRANSLATE_NOOP("FieldErrors", "The 4th digit of the id number is 0 to 3."),
    "id_province": QT_TRANSLATE_NOOP("FieldErrors", "The first 3 digits are not a province "
                                                    "code: please check the number."),
    "id_birth_year_mismatch": QT_TRANSLATE_NOOP(
        "FieldErrors", "The id number says born in %1, the date of birth says %2."),
    "phone_empty": QT_TRANSLATE_NOOP("FieldErrors", "Type the mobile phone number."),
    "phone_not_digits": QT_TRANSLATE_NOOP("FieldErrors", "A phone number has digits only."),
    "phone_prefix": QT_TRANSLATE_NOOP("FieldErrors", "This is not a Vietnamese mobile number."),
    "phone_length": QT_TRANSLATE_NOOP("FieldErrors", "A mobile number has 10 digits, starting "
                                                     "with 0."),
    "email_invalid": QT_TRANSLATE_NOOP("FieldErrors", "Type an e-mail address like "
                                                      "ten@vidu.vn."),
    "choice_unknown": QT_TRANSLATE_NOOP("FieldErrors", "Choose one of the answers shown."),
    "address_province_required": QT_TRANSLATE_NOOP("FieldErrors", "Choose the province."),
    "address_commune_required": QT_TRANSLATE_NOOP("FieldErrors", "Choose the commune or ward."),
    "address_street_required": QT_TRANSLATE_NOOP("FieldErrors", "Type the house number, street "
                                                                "or hamlet."),
    "address_province_unknown": QT_TRANSLATE_NOOP("FieldErrors", "Choose the province again."),
    "address_commune_unknown": QT_TRANSLATE_NOOP("FieldErrors", "Choose the commune or ward "
                                                                "again."),
    "scan_invalid": QT_TRANSLATE_NOOP("FieldErrors", "A scanned paper cannot be read."),
    "scan_duplicate": QT_TRANSLATE_NOOP("FieldErrors", "The same paper is attached twice."),
    "too_few": QT_TRANSLATE_NOOP("FieldErrors", "At least %1 are needed."),
    "too_many": QT_TRANSLATE_NOOP("FieldErrors", "At most %1 are allowed."),
    "constraint_failed": QT_TRANSLATE_NOOP("FieldErrors", "Please check this answer."),
}
FIELD_PARAMS = {"too_short": ("min_length",), "too_long": ("max_length",), "below_min": ("min",),
                "above_max": ("max",), "id_length": ("length",),
                "id_birth_year_mismatch": ("id_year", "birth_year"), "too_few": ("min",),
                "too_many": ("max",)}


def field_message(code: str, params: dict, lang: str) -> str:  # noqa: ANN001
    """The sentence for one answer's problem; a form's own constraint message wins."""
    message = params.get("message")
    if code == "constraint_failed" and isinstance(message, dict) and message.get("vi"):
        return str(message.get(lang) or message["vi"])
    sentence = FIELD_SENTENCES.get(code, FIELD_SENTENCES["wrong_type"])
    text = QCoreApplication.translate("FieldErrors", sentence)
    for index, name in enumerate(FIELD_PARAMS.get(code, ()), start=1):
        text = text.replace(f"%{index}", _shown(params.get(name, "")))
    return text


def _shown(value: object) -> str:
    """ISO dates in params become day/month/year, as Vietnamese readers expect."""
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:]}/{text[5:7]}/{text[:4]}"
    return text
