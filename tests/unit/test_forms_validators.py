"""Every field type: what the UI may hand over, what is stored, and the error codes."""
from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.forms import ERROR_CODES, FieldError, FormState, load_form
from tests.unit.test_forms_birth_registration import LISTS

TODAY = date(2026, 7, 20)
SHA = "ab" * 32
CHOICES = [{"value": "a", "label": {"vi": "A"}}, {"value": "b", "label": {"vi": "B"}},
           {"value": "c", "label": {"vi": "C"}}]


def one(kind: str, raw: Any, lists: Any = LISTS, **keys: Any) -> tuple[list[FieldError], Any]:
    """Validate one answer in a one-field form; return the errors and what is stored."""
    if kind in ("select_one", "select_multiple") and "choices" not in keys:
        keys["choices"] = CHOICES
    form = load_form({"version": 1, "fields": [{"name": "p", "type": "group",
                                                "label": {"vi": "P"}, "fields": [
        {"name": "f", "type": kind, "label": {"vi": "F"}, **keys}]}]})
    state = FormState(form, {"f": raw}, today=TODAY, lists=lists)
    return state.validate_all(), state.clean_answers().get("f")


# (type, raw, keys, expected code or None, stored value when valid)
CASES: list[tuple[str, Any, dict, str | None, Any]] = [
    # text
    ("text", "  Nguyễn \t Văn\n An ", {}, None, "Nguyễn Văn An"),
    ("text", "", {"required": True}, "required", None),
    ("text", "   ", {"required": True}, "required", None),
    ("text", None, {}, None, None),
    ("text", "a\x00b", {}, "control_character", None),
    ("text", "a\u202eb", {}, "control_character", None),
    ("text", "\ud800", {}, "control_character", None),
    ("text", "x" * 501, {}, "too_long", None),
    ("text", "x" * 500, {}, None, "x" * 500),
    ("text", "abcdef", {"max_length": 5}, "too_long", None),
    ("text", "ab", {"min_length": 3}, "too_short", None),
    ("text", "AB12", {"pattern": "[A-Z]{2}[0-9]{2}"}, None, "AB12"),
    ("text", "AB123", {"pattern": "[A-Z]{2}[0-9]{2}"}, "pattern_mismatch", None),
    ("text", 12, {}, "wrong_type", None),
    ("text", ["a"], {}, "wrong_type", None),
    # number, integer
    ("number", "1.5", {}, None, 1.5),
    ("number", "1,5", {}, None, 1.5),
    ("number", " -2 ", {}, None, -2),
    ("number", "３", {}, None, 3),  # full-width digit from some keyboards
    ("number", 2.0, {}, None, 2),
    ("number", "1.000.000", {}, "number_invalid", None),
    ("number", "1e5", {}, "number_invalid", None),
    ("number", "abc", {}, "number_invalid", None),
    ("number", "nan", {}, "number_invalid", None),
    ("number", float("inf"), {}, "number_invalid", None),
    ("number", 10**16, {}, "number_invalid", None),
    ("number", True, {}, "wrong_type", None),
    ("number", "5", {"min": 6}, "below_min", None),
    ("number", "7", {"max": 6}, "above_max", None),
    ("integer", "12", {}, None, 12),
    ("integer", "1,5", {}, "not_integer", None),
    ("integer", 2.5, {}, "not_integer", None),
    ("integer", "3", {"min": "2 + 2"}, "below_min", None),  # an expression bound
    # date
    ("date", "2026-07-01", {}, None, "2026-07-01"),
    ("date", "1/7/2026", {}, None, "2026-07-01"),
    ("date", "01/07/2026", {}, None, "2026-07-01"),
    ("date", date(2026, 7, 1), {}, None, "2026-07-01"),
    ("date", datetime(2026, 7, 1, 9, 30), {}, None, "2026-07-01"),
    ("date", "2026-02-30", {}, "date_invalid", None),
    ("date", "31/02/2026", {}, "date_invalid", None),
    ("date", "07/01/26", {}, "date_invalid", None),
    ("date", "hôm qua", {}, "date_invalid", None),
    ("date", 20260701, {}, "wrong_type", None),
    ("date", "2026-07-21", {}, "date_in_future", None),
    ("date", "2026-07-21", {"allow_future": True}, None, "2026-07-21"),
    ("date", "2026-07-20", {}, None, "2026-07-20"),
    ("date", "1900-01-01", {"plausible_age": True}, "age_implausible", None),
    ("date", "1906-07-20", {"plausible_age": True}, None, "1906-07-20"),
    ("date", "2025-12-31", {"min": "2026-01-01"}, "below_min", None),
    ("date", "2026-07-10", {"max": "today() - 30"}, "above_max", None),
    ("date", "2026-06-20", {"max": "today() - 30"}, None, "2026-06-20"),
    # citizen id
    ("citizen_id", "001 090 012 345", {}, None, "001090012345"),
    ("citizen_id", "００１０９００１２３４５", {}, None, "001090012345"),
    ("citizen_id", "---", {}, "id_empty", None),
    ("citizen_id", "0010900123a5", {}, "id_not_digits", None),
    ("citizen_id", "00109001234", {}, "id_length", None),
    ("citizen_id", "001590012345", {}, "id_century", None),
    ("citizen_id", "003090012345", {}, "id_province", None),
    # phone
    ("phone", "+84 912 345 678", {}, None, "0912345678"),
    ("phone", "(+84) 0912-345-678", {}, None, "0912345678"),
    ("phone", "()", {}, "phone_empty", None),
    ("phone", "09123abc78", {}, "phone_not_digits", None),
    ("phone", "0123456789", {}, "phone_prefix", None),
    ("phone", "091234567", {}, "phone_length", None),
    # email
    ("email", " An.Nguyen@Example.VN ", {}, None, "An.Nguyen@example.vn"),
    ("email", "an@localhost", {}, "email_invalid", None),
    ("email", "an@@x.vn", {}, "email_invalid", None),
    ("email", "an..b@x.vn", {}, "email_invalid", None),
    ("email", "an b@x.vn", {}, "email_invalid", None),
    ("email", "a" * 60 + "@" + "b" * 140 + ".vn", {}, "email_invalid", None),
    # select
    ("select_one", "b", {}, None, "b"),
    ("select_one", "d", {}, "choice_unknown", None),
    ("select_one", ["a"], {}, "wrong_type", None),
    ("select_multiple", ["a", "c", "a"], {}, None, ["a", "c"]),
    ("select_multiple", "b", {}, None, ["b"]),
    ("select_multiple", [], {"required": True}, "required", None),
    ("select_multiple", ["a", "x"], {}, "choice_unknown", None),
    ("select_multiple", {"a": 1}, {}, "wrong_type", None),
    ("select_one", "79", {"choices": "provinces"}, None, "79"),
    ("select_one", "02", {"choices": "provinces"}, "choice_unknown", None),
    # yes/no
    ("yes_no", True, {}, None, True),
    ("yes_no", False, {"required": True}, None, False),  # "no" is an answer
    ("yes_no", "có", {}, None, True),
    ("yes_no", "no", {}, None, False),
    ("yes_no", "maybe", {}, "wrong_type", None),
    ("yes_no", 2, {}, "wrong_type", None),
    # address
    ("address", {"province": "01", "commune": "00008", "street": " 12  Lý Thái Tổ "}, {}, None,
     {"province": "01", "commune": "00008", "street": "12 Lý Thái Tổ"}),
    ("address", {"province": "01", "street": "x"}, {}, "address_commune_required", None),
    ("address", {"commune": "00008", "street": "x"}, {}, "address_province_required", None),
    ("address", {"province": "01", "commune": "00008"}, {}, "address_street_required", None),
    ("address", {"province": "01", "commune": "00008"}, {"street_required": False}, None,
     {"province": "01", "commune": "00008", "street": None}),
    ("address", {"province": "99", "commune": "00008", "street": "x"}, {},
     "address_province_unknown", None),
    ("address", {"province": "79", "commune": "00008", "street": "x"}, {},
     "address_commune_unknown", None),
    ("address", {}, {"required": True}, "required", None),
    ("address", "Hà Nội", {}, "wrong_type", None),
    ("address", {"province": "01", "commune": "00008", "street": "x" * 201}, {}, "too_long",
     None),
    # scan
    ("scan", [{"sha256": SHA.upper(), "name": " giay chung sinh.jpg ",
               "media_type": "image/jpeg"}], {}, None,
     [{"sha256": SHA, "name": "giay chung sinh.jpg", "media_type": "image/jpeg"}]),
    ("scan", [{"sha256": "ab", "name": "x", "media_type": "image/png"}], {}, "scan_invalid",
     None),
    ("scan", [{"sha256": SHA, "name": "x", "media_type": "text/html"}], {}, "scan_invalid",
     None),
    ("scan", [{"sha256": SHA, "name": "", "media_type": "image/png"}], {}, "scan_invalid", None),
    ("scan", ["x"], {}, "scan_invalid", None),
    ("scan", [{"sha256": SHA, "name": "a", "media_type": "image/png"}] * 2, {}, "scan_duplicate",
     None),
    ("scan", [{"sha256": SHA, "name": "a", "media_type": "application/pdf"}], {"min": 2},
     "too_few", None),
    ("scan", [{"sha256": f"{i:064x}", "name": "a", "media_type": "image/png"} for i in range(3)],
     {"max": 2}, "too_many", None),
    ("scan", "x.jpg", {}, "wrong_type", None),
    # a rule of the form's own
    ("integer", "17", {"constraint": "${f} >= 18",
                       "constraint_message": {"vi": "Phải đủ 18 tuổi", "en": "Must be 18"}},
     "constraint_failed", None),
    ("integer", "18", {"constraint": "${f} >= 18"}, None, 18),
]


@pytest.mark.parametrize("kind, raw, keys, code, stored", CASES,
                         ids=[f"{c[0]}-{str(c[1])[:30]}-{c[3]}" for c in CASES])
def test_value(kind, raw, keys, code, stored):
    errors, value = one(kind, raw, **keys)
    assert [e.code for e in errors] == ([code] if code else [])
    assert all(e.path == "f" for e in errors)
    if not errors:
        assert value == stored


def test_stored_answers_keep_what_breaks_a_rule_and_not_what_cannot_be_read():
    assert one("integer", "5", min=6) == ([FieldError("f", "below_min", {"min": 6})], 5)
    assert one("date", "2026-07-21")[1] == "2026-07-21"
    assert one("integer", "năm")[1] is None
    assert one("date", "2026-02-30")[1] is None


def test_every_error_code_is_documented_and_reachable():
    reached = {case[3] for case in CASES if case[3]}
    reached |= {"id_birth_year_mismatch", "too_few", "too_many"}  # test_forms_engine
    assert reached == set(ERROR_CODES)


def test_params_of_some_errors():
    assert one("text", "abcdef", max_length=5)[0] == [
        FieldError("f", "too_long", {"max_length": 5, "length": 6})]
    assert one("number", "5", min=6)[0] == [FieldError("f", "below_min", {"min": 6})]
    assert one("date", "2025-12-31", min="2026-01-01")[0] == [
        FieldError("f", "below_min", {"min": "2026-01-01"})]
    assert one("citizen_id", "00109001234")[0] == [FieldError("f", "id_length", {"length": 11})]
    assert one("text", "a\x07")[0] == [FieldError("f", "control_character", {"char": "U+0007"})]
    assert one("integer", "17", constraint="${f} >= 18",
               constraint_message={"vi": "Phải đủ 18 tuổi"})[0] == [
        FieldError("f", "constraint_failed", {"message": {"vi": "Phải đủ 18 tuổi",
                                                          "en": "Phải đủ 18 tuổi"}})]
    assert one("date", "1900-01-01", plausible_age=True)[0] == [
        FieldError("f", "age_implausible", {"age": 126})]


def test_without_lists_province_and_commune_are_only_required():
    value = {"province": "01", "commune": "99999", "street": "x"}
    assert one("address", value, lists=None) == ([], value)
    assert one("select_one", "anything", lists=None, choices="communes") == ([], "anything")
    assert one("address", {"street": "x"}, lists=None)[0] == [
        FieldError("f", "address_province_required"), FieldError("f", "address_commune_required")]


def test_decomposed_text_is_stored_composed():
    nfd = unicodedata.normalize("NFD", "Trần Thị Ánh Tuyết")
    assert nfd != "Trần Thị Ánh Tuyết"
    _, stored = one("text", nfd)
    assert stored == "Trần Thị Ánh Tuyết" and unicodedata.is_normalized("NFC", stored)
    street = unicodedata.normalize("NFD", "Đường Lê Lợi")
    _, address = one("address", {"province": "01", "commune": "00004", "street": street})
    assert address["street"] == "Đường Lê Lợi"


# --- hostile answers ------------------------------------------------------------------

TYPES = ["text", "number", "integer", "date", "select_one", "select_multiple", "yes_no",
         "citizen_id", "phone", "email", "address", "scan"]
_leaves = (st.none() | st.booleans() | st.integers() | st.floats() | st.text()
           | st.dates() | st.binary(max_size=10)
           | st.sampled_from(["", " ", "\x00", "\ud800", "e\u0301", "1,5", "31/12/2020",
                              "+84912345678", "a@b.vn", "01", "00004", SHA]))
hostile = st.recursive(_leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(["province", "commune", "street", "sha256", "name", "media_type"])
    | st.text(max_size=5), inner, max_size=4), max_leaves=10)


@settings(max_examples=600, deadline=None)
@given(kind=st.sampled_from(TYPES), raw=hostile, required=st.booleans())
def test_any_answer_gives_field_errors_never_an_exception(kind, raw, required):
    errors, stored = one(kind, raw, required=required)
    assert all(isinstance(e, FieldError) and e.code in ERROR_CODES for e in errors)
    if not errors:  # what is stored reads back to itself
        assert one(kind, stored, required=required) == ([], stored)


@settings(max_examples=100, deadline=None)
@given(answers=hostile | st.dictionaries(st.sampled_from(["f", "p", "x"]), hostile))
def test_any_answers_object_gives_field_errors(answers):
    form = load_form({"version": 1, "fields": [{"name": "p", "type": "group",
                                                "label": {"vi": "P"}, "fields": [
        {"name": "f", "type": "integer", "label": {"vi": "F"}, "required": True}]}]})
    state = FormState(form, answers, today=TODAY)
    assert all(e.code in ERROR_CODES for e in state.validate_all())
    assert set(state.clean_answers()) <= {"f"}


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_any_text_is_stored_in_nfc(text):
    errors, stored = one("text", unicodedata.normalize("NFD", text))
    if not errors and stored is not None:
        assert unicodedata.is_normalized("NFC", stored)
        assert stored == stored.strip() and "  " not in stored
