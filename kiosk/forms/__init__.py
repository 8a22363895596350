"""The form engine: a procedure's dossier form as data, and what the wizard asks of it.

A procedure's `form` in the catalog (docs/FORMS.md) is loaded once by
`load_form` (spec.py, checked in full), then evaluated on the answers at every
step of the wizard (engine.py): visible pages and fields, errors as codes,
answers as stored, applicant columns. Pure Python: no Qt, no I/O.
"""
from __future__ import annotations

from kiosk.forms.engine import (
    FieldView,
    FormState,
    ItemView,
    PageView,
    applicant_fields,
    clean_answers,
    evaluate,
    next_page,
    pages,
    validate_all,
    validate_page,
)
from kiosk.forms.errors import ERROR_CODES, FieldError, FormSpecError
from kiosk.forms.generic import GENERIC_FORM
from kiosk.forms.spec import Choice, Field, Form, Label, load_form, procedure_form
from kiosk.forms.state import Lists

__all__ = [
    "ERROR_CODES", "GENERIC_FORM", "Choice", "Field", "FieldError", "FieldView", "Form",
    "FormSpecError", "FormState", "ItemView", "Label", "Lists", "PageView", "applicant_fields",
    "clean_answers", "evaluate", "load_form", "next_page", "pages", "procedure_form",
    "validate_all", "validate_page",
]
