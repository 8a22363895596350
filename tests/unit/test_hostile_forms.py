"""The form engine on hostile specs and hostile answers, and drafts that survive a hostile save.

Specs are the bundled procedures' own forms (and the generic one) with one change
anywhere; answers are keyed by the forms' real field names and hold anything: wrong
types, huge text, NUL, lone surrogates, NaN, decomposed Unicode, nesting hundreds deep.
A spec is loaded or refused with a FormSpecError naming its path; a loaded form gives
field errors with codes the UI can translate, never an exception; what it stores is
plain JSON any database holds. `save_draft` takes what the wizard hands it (checked or,
when the kiosk is left idle, not) and either keeps it whole or refuses it with a
UserError, the draft saved before untouched.
"""
from __future__ import annotations

import json
import math
import uuid
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kiosk.db.engine import Database
from kiosk.errors import UserError
from kiosk.forms import (
    ERROR_CODES,
    GENERIC_FORM,
    FieldError,
    Form,
    FormSpecError,
    FormState,
    load_form,
)
from kiosk.forms.spec_keys import KEYS as SPEC_KEYS
from kiosk.services import dossiers
from kiosk.services.dossiers import Applicant
from kiosk.services.outbox import canonical_json
from kiosk.services.seed_demo import seed_demo
from kiosk.textnorm import storable
from tests.hostile_json import bundled_catalog, hostile, made_hostile, nested, one_change
from tests.unit.test_forms_birth_registration import LISTS

FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
TODAY = date(2026, 7, 20)
FORMS: dict[str, dict[str, Any]] = {
    **{e["code"]: e["form"] for e in bundled_catalog()["procedures"] if e["form"]["fields"]},
    "generic": GENERIC_FORM,
}
KEY_NAMES = sorted({key for keys in SPEC_KEYS.values() for key in keys} | {"vi", "en", "expr"})
PLAUSIBLE = ["Nguyễn Văn An", "001203004567", "001192012345", "2003-05-14", "14/05/2003",
             "05/07/2026", "0912 345 678", "+84912345678", "an@vidu.vn", "cha", "con", "nam",
             "khac", "01", "00004", "3", 3, 2.5, True, False, None, "",
             {"province": "01", "commune": "00004", "street": "12 Lý Thái Tổ"},
             [{"sha256": "ab" * 32, "name": "giay.pdf", "media_type": "application/pdf"}]]
answer_values = st.one_of(
    st.sampled_from(PLAUSIBLE), hostile,
    st.sampled_from(PLAUSIBLE[:12]).flatmap(made_hostile),
)


def _names(items: Any, out: dict[str, Any]) -> None:
    """The answer keys of a raw spec: leaves at their level, a repeat's children in items."""
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            continue
        if item.get("type") == "repeat":
            inner: dict[str, Any] = {}
            _names(item.get("fields"), inner)
            out[item["name"]] = inner
        elif item.get("type") == "group":
            _names(item.get("fields"), out)
        else:
            out[item["name"]] = None


@st.composite
def answers_for(draw: st.DrawFn, spec: dict[str, Any]) -> dict[Any, Any]:
    """Answers to the form's own fields (a repeat gets items), and a stray key or two."""
    names: dict[str, Any] = {}
    _names(spec.get("fields"), names)
    answers: dict[Any, Any] = {}
    for name, inner in names.items():
        if not draw(st.integers(0, 2)):
            continue  # never answered
        if isinstance(inner, dict) and draw(st.booleans()):
            answers[name] = [{child: draw(answer_values) for child in inner
                              if draw(st.booleans())}
                             for _ in range(draw(st.integers(0, 3)))]
        else:
            answers[name] = draw(answer_values)
    for _ in range(draw(st.integers(0, 2))):
        answers[draw(st.text(max_size=6) | st.sampled_from(["\x00", "\ud800", "__class__"]))] \
            = draw(answer_values)
    return answers


def _plain(value: Any) -> bool:
    """JSON any backend stores: text without NUL or lone surrogates, finite numbers."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not storable(item):
                return False
        elif isinstance(item, float):
            if not math.isfinite(item):
                return False
        elif isinstance(item, dict):
            if not all(isinstance(k, str) for k in item):
                return False
            stack += [*item, *item.values()]
        elif isinstance(item, list):
            stack += item
        elif not (item is None or isinstance(item, (bool, int))):
            return False
    return True


def exercise(form: Form, answers: Any) -> FormState:
    """Everything the wizard and the counter ask of a form, on these answers."""
    state = FormState(form, answers, today=TODAY, lists=LISTS)
    errors = state.validate_all()
    assert all(isinstance(e, FieldError) and e.code in ERROR_CODES for e in errors)
    current = None
    for _ in range(len(form.pages) + 1):
        current = state.next_page(current)
        if current is None:
            break
        state.validate_page(current)
        state.previous_page(current)
    for view in state.pages():
        assert view.name in form.fields
    stored = state.clean_answers()
    assert _plain(stored), stored
    canonical_json(stored)
    applicant = state.applicant_fields()
    assert set(applicant) <= {"full_name", "id_number", "date_of_birth", "phone", "email",
                              "address"}
    return state


# --- hostile specs ------------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_changed_form_is_refused_with_its_path_or_works_on_any_answers(data):
    spec, where = data.draw(st.sampled_from(sorted(FORMS)).flatmap(
        lambda code: one_change(FORMS[code], KEY_NAMES)), "spec")
    try:
        form = load_form(spec)
    except FormSpecError as exc:
        event("refused")
        assert isinstance(exc.message, str) and exc.message
        if where[:1] == ("fields",):  # inside the fields: named by its path there
            assert exc.path.startswith("fields"), exc.path
        str(exc).encode("utf-8", "backslashreplace")
        return
    event("loaded")
    exercise(form, data.draw(answers_for(spec), "answers"))


@settings(max_examples=60, deadline=None)
@given(spec=st.one_of(hostile, st.fixed_dictionaries({"version": hostile, "fields": hostile}),
                      st.just({"version": 1, "fields": nested(500, {})})))
def test_a_spec_of_any_json_is_a_form_or_a_spec_error(spec):
    try:
        load_form(spec)
    except FormSpecError as exc:
        assert isinstance(exc.path, str)


# --- hostile answers ----------------------------------------------------------------

LOADED = {code: load_form(spec) for code, spec in FORMS.items()}


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_answers_to_a_real_form_give_field_errors_and_store_plain_json(data):
    code = data.draw(st.sampled_from(sorted(FORMS)), "form")
    answers = data.draw(answers_for(FORMS[code]), "answers")
    state = exercise(LOADED[code], answers)
    stored = state.clean_answers()
    again = FormState(LOADED[code], stored, today=TODAY, lists=LISTS)
    assert again.clean_answers() == stored  # what is stored reads back to itself


@pytest.mark.parametrize("answers", [None, [], "answers", 42, nested(2000), {"x": nested(2000)}],
                         ids=["none", "list", "text", "number", "deep list", "deep value"])
def test_answers_that_are_not_an_object_read_as_unanswered(answers):
    for form in LOADED.values():
        stored = exercise(form, answers).clean_answers()
        assert stored == FormState(form, {}, today=TODAY, lists=LISTS).clean_answers()


# --- hostile saves ------------------------------------------------------------------

class Opaque:
    """Something no JSON holds."""


_cycle: dict[str, Any] = {}
_cycle["self"] = _cycle
RAW = {  # what a raw (unchecked) save could carry: all refused
    "NUL": {"full_name": "An\x00"}, "NUL in a key": {"a\x00": 1},
    "lone surrogate": {"full_name": "\ud800"}, "surrogate in a key": {"\udfff": "x"},
    "surrogate deep": {"members": [{"name": ["x\udc80"]}]},
    "NaN": {"weight": float("nan")}, "Infinity": {"weight": float("inf")},
    "nested 5000 deep": {"x": nested(5000)}, "too long": {"note": "Đ" * 200_001},
    "bytes": {"scan": b"%PDF"}, "a set": {"x": {1, 2}}, "a date": {"dob": date(2003, 5, 14)},
    "an object": {"x": Opaque()}, "a cycle": _cycle, "tuple key": {(1, 2): "x"},
    "mixed keys": {1: "a", "b": 2}, "a list": [1, 2], "text": "answers", "nothing": None,
}


@pytest.fixture
def saved(db: Database) -> dossiers.DossierInfo:
    """A draft whose first page was saved: what must survive."""
    seed_demo(db, 0, 1)
    draft = dossiers.start_draft(db, "1.001193")
    return dossiers.save_draft(db, draft.id, {"full_name": "Nguyễn Văn An", "n": 1},
                               step="applicant",
                               applicant=Applicant(full_name="Nguyễn Văn An",
                                                   id_number="001203004567"))


def _intact(db: Database, before: dossiers.DossierInfo) -> None:
    after = dossiers.get_dossier(db, before.id)
    assert (after.answers, after.draft_step, after.applicant, after.updated_at) == (
        before.answers, before.draft_step, before.applicant, before.updated_at)


def test_a_save_no_database_could_keep_is_refused_and_the_draft_is_intact(db, saved):
    for name, answers in RAW.items():
        with pytest.raises(UserError) as refused:
            dossiers.save_draft(db, saved.id, answers, step="child",
                                expected_updated_at=saved.updated_at,
                                applicant=Applicant(full_name="Trần Thị Bình"))
        assert refused.value.code in ("answers_not_plain", "answers_too_large"), name
        _intact(db, saved)


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURES)
@given(data=st.data())
def test_a_hostile_save_is_kept_whole_or_refused_leaving_the_draft_as_it_was(db, saved, data):
    """Raw answers (the idle save) or the form's clean ones (every Next)."""
    code = "1.001193"
    raw = data.draw(answers_for(FORMS[code]), "answers")
    answers = data.draw(st.sampled_from([
        raw, FormState(LOADED[code], raw, today=TODAY, lists=LISTS).clean_answers()]), "which")
    before = dossiers.get_dossier(db, saved.id)
    try:
        after = dossiers.save_draft(db, saved.id, answers, step="child",
                                    expected_updated_at=before.updated_at)
    except UserError as exc:
        event(f"refused: {exc.code}")
        assert exc.code in ("answers_not_plain", "answers_too_large"), exc.code
        assert not _plain(answers) or len(canonical_json(answers)) > dossiers.MAX_ANSWERS_CHARS
        _intact(db, before)
        return
    event("kept")
    kept = json.loads(canonical_json(answers))  # keys made text, as JSON does
    assert dossiers.get_dossier(db, saved.id).answers == kept == after.answers
    assert after.draft_step == "child" and after.applicant == before.applicant


def test_a_refused_save_does_not_block_the_next_good_one(db, saved):
    with pytest.raises(UserError):
        dossiers.save_draft(db, saved.id, {"full_name": "An\x00"})
    again = dossiers.save_draft(db, saved.id, {"full_name": "An", "id": str(uuid.uuid4())},
                                expected_updated_at=saved.updated_at)
    assert again.answers["full_name"] == "An"
