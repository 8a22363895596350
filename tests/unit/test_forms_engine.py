"""The engine on answers: conditions, defaults, calculations, choice filters, repeats."""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.forms import (
    GENERIC_FORM,
    FieldError,
    FormState,
    applicant_fields,
    clean_answers,
    load_form,
    next_page,
    pages,
    validate_all,
    validate_page,
)
from tests.unit.test_forms_birth_registration import LISTS

TODAY = date(2026, 7, 20)


def leaf(name: str, kind: str = "text", **keys: Any) -> dict:
    return {"name": name, "type": kind, "label": {"vi": name.upper()}, **keys}


def page(name: str, *fields: dict, kind: str = "group", **keys: Any) -> dict:
    return {"name": name, "type": kind, "label": {"vi": name.upper()}, "fields": list(fields),
            **keys}


def make(*pages_: dict) -> Any:
    return load_form({"version": 1, "fields": list(pages_)})


def state(form, answers: Any, **kw: Any) -> FormState:
    return FormState(form, answers, today=TODAY, lists=kw.pop("lists", LISTS), **kw)


def shown(s: FormState, page_name: str) -> list[str]:
    return [f.name for f in s.page(page_name).fields]


# --- conditions -----------------------------------------------------------------------

CONDITIONS = make(
    page("a",
         leaf("has_job", "yes_no"),
         leaf("employer", relevant="${has_job}", required=True),
         leaf("age", "integer"),
         leaf("guardian", required="${age} < 18"),
         page("work", leaf("salary", "number", required=True),
              relevant="${has_job} and ${employer} != ''")),
    page("b", leaf("note_b", "note"), relevant="${age} >= 60"),
    page("c", leaf("last")),
)


def test_relevant_hides_fields_and_drops_their_answers():
    answers = {"has_job": False, "employer": "Công ty X", "salary": "bad", "age": "30",
               "last": "z"}
    s = state(CONDITIONS, answers)
    assert shown(s, "a") == ["has_job", "age", "guardian"]
    assert s.validate_all() == []  # the hidden, invalid salary is not checked
    assert s.clean_answers() == {"has_job": False, "age": 30, "guardian": None, "last": "z"}
    s = state(CONDITIONS, answers | {"has_job": True})
    assert shown(s, "a") == ["has_job", "employer", "age", "guardian", "work"]
    assert s.page("a").fields[-1].fields[0].name == "salary"
    assert s.validate_page("a") == [FieldError("salary", "number_invalid")]


def test_a_hidden_field_reads_as_unanswered():
    # employer is hidden when has_job is false, so the "work" group (which reads it) is too
    s = state(CONDITIONS, {"has_job": False, "employer": "X"})
    assert s.values["employer"] is None and not s.slots["work"].relevant


def test_required_as_an_expression():
    assert state(CONDITIONS, {"age": 15}).validate_page("a") == [FieldError("guardian",
                                                                            "required")]
    assert state(CONDITIONS, {"age": 18}).validate_page("a") == []
    assert state(CONDITIONS, {}).validate_page("a") == []  # unanswered age: not < 18
    views = {f.name: f for f in state(CONDITIONS, {"age": 15}).page("a").fields}
    assert views["guardian"].required and not views["age"].required


def test_pages_and_next_page_follow_relevance():
    assert [p.name for p in pages(CONDITIONS, {"age": 30}, today=TODAY)] == ["a", "c"]
    assert next_page(CONDITIONS, "a", {"age": 30}, today=TODAY) == "c"
    assert next_page(CONDITIONS, "a", {"age": 61}, today=TODAY) == "b"
    assert next_page(CONDITIONS, "c", {}, today=TODAY) is None
    assert next_page(CONDITIONS, None, {}, today=TODAY) == "a"
    s = state(CONDITIONS, {"age": 30})
    assert s.previous_page("c") == "a" and s.page("b") is None and s.page("nope") is None
    assert validate_page(CONDITIONS, "b", {"age": 30}, today=TODAY) == []


# --- defaults, calculations, readonly ---------------------------------------------------

CALC = make(page(
    "p",
    leaf("dob", "date", map_to="applicant.date_of_birth"),
    leaf("age", "calculate", calculation="age(${dob})"),
    leaf("adult", "calculate", calculation="${age} >= 18"),
    leaf("country", default="Việt Nam"),
    leaf("visit", "date", default={"expr": "today()"}, allow_future=True),
    leaf("deadline", "date", readonly=True, allow_future=True, calculation="${visit} + 14"),
    leaf("fee", "integer", readonly=True, default=20000),
    leaf("summary", "calculate", calculation="concat(${country}, ' / ', ${age})"),
))


def test_defaults_fill_unanswered_fields_only():
    s = state(CALC, {})
    assert s.values["country"] == "Việt Nam" and s.values["visit"] == TODAY
    assert state(CALC, {"country": "Lào"}).values["country"] == "Lào"
    assert state(CALC, {"country": None}).values["country"] is None  # cleared by the citizen
    assert state(CALC, {"visit": "2026-08-01"}).values["deadline"] == date(2026, 8, 15)


def test_calculations_are_always_recomputed():
    s = state(CALC, {"dob": "21/07/2000", "age": 99, "deadline": "2020-01-01"})
    assert s.values["age"] == 25 and s.values["adult"] is True
    assert s.values["deadline"] == date(2026, 8, 3)
    stored = s.clean_answers()
    assert stored["age"] == 25 and stored["deadline"] == "2026-08-03"
    assert stored["summary"] == "Việt Nam / 25"
    assert state(CALC, {"dob": "20/07/2000"}).values["age"] == 26  # birthday today
    assert state(CALC, {}).values["age"] is None and state(CALC, {}).values["adult"] is False


def test_readonly_fields_are_drawn_readonly_and_calculate_fields_not_at_all():
    views = {f.name: f for f in state(CALC, {"dob": "2000-01-01"}).page("p").fields}
    assert "age" not in views and "summary" not in views
    assert views["deadline"].readonly and views["fee"].readonly and not views["dob"].readonly
    assert views["fee"].value == 20000 and views["deadline"].value == date(2026, 8, 3)


def test_count_of_a_repeat():
    form = make(page("family", leaf("full_name"), kind="repeat"),
                page("sum", leaf("members", "calculate", calculation="count(${family})"),
                     leaf("big", "note", relevant="count(${family}) >= 3")))
    assert state(form, {}).values["members"] == 0
    s = state(form, {"family": [{}, {"full_name": "B"}, {}]})
    assert s.values["members"] == 3 and shown(s, "sum") == ["big"]


# --- choice filters ---------------------------------------------------------------------

PLACE = make(page(
    "where",
    leaf("province", "select_one", choices="provinces", required=True),
    leaf("commune", "select_one", choices="communes", choice_filter="choice.province = "
         "${province}", required=True),
    leaf("kind", "select_multiple", choice_filter="choice.level <= ${max_level}", choices=[
        {"value": "a", "label": {"vi": "A"}, "level": 1},
        {"value": "b", "label": {"vi": "B"}, "level": 2},
        {"value": "c", "label": {"vi": "C"}, "level": 3}]),
    leaf("max_level", "integer", default=2),
))


def test_communes_are_filtered_by_the_chosen_province():
    s = state(PLACE, {"province": "79"})
    commune = s.page("where").fields[1]
    assert [c.value for c in commune.choices] == ["26734"]
    assert [c.label.vi for c in s.page("where").fields[0].choices] == [
        "Thành phố Hà Nội", "Thành phố Hồ Chí Minh"]
    assert s.page("where").fields[0].choices[1].label.en == "Ho Chi Minh City"
    assert state(PLACE, {}).page("where").fields[1].choices == ()
    assert state(PLACE, {"province": "01", "commune": "26734"}).validate_page("where") == [
        FieldError("commune", "choice_unknown", {"value": "26734"})]
    assert state(PLACE, {"province": "79", "commune": "26734"}).validate_page("where") == []


def test_a_general_choice_filter():
    s = state(PLACE, {"province": "01", "commune": "00004", "kind": ["a", "c"]})
    assert [c.value for c in s.page("where").fields[2].choices] == ["a", "b"]
    assert s.validate_page("where") == [FieldError("kind", "choice_unknown", {"value": "c"})]
    assert state(PLACE, {"province": "01", "commune": "00004", "kind": ["a", "c"],
                         "max_level": 3}).validate_page("where") == []


# --- repeats ----------------------------------------------------------------------------

FAMILY = make(
    page("head", leaf("head_name", required=True)),
    page("members",
         leaf("full_name", required=True),
         leaf("relation", "select_one", choices=[
             {"value": "con", "label": {"vi": "Con"}}, {"value": "khac", "label": {"vi": "Khác"}}]),
         leaf("relation_other", relevant="${relation} = 'khac'", required=True),
         leaf("dob", "date"),
         page("ids", leaf("id_number", "citizen_id", birth_date_field="dob"),
              relevant="age(${dob}) >= 14"),
         leaf("same_as_head", "calculate", calculation="${full_name} = ${head_name}"),
         kind="repeat", min_count=1, max_count=3,
         item_label="concat(${full_name}, ' (', ${relation}, ')')"),
)


def test_repeat_items_are_validated_with_their_paths():
    answers = {"head_name": "Lê Văn Hùng", "members": [
        {"full_name": "Lê Thị Mai", "relation": "con", "dob": "2011-03-01",
         "id_number": "001310012345"},
        {"full_name": "", "relation": "khac", "dob": "2020-01-01", "id_number": "bad"},
        {"full_name": "Lê Văn Hùng", "relation": "khac", "relation_other": "Cháu",
         "dob": "1995-05-05", "id_number": "001094012345"},
    ]}
    errors = state(FAMILY, answers).validate_page("members")
    assert errors == [
        FieldError("members[0].id_number", "id_birth_year_mismatch",
                   {"id_year": 2010, "birth_year": 2011}),
        FieldError("members[1].full_name", "required"),
        FieldError("members[1].relation_other", "required"),
        FieldError("members[2].id_number", "id_birth_year_mismatch",
                   {"id_year": 1994, "birth_year": 1995}),
    ]  # members[1] is 6: no id asked, so "bad" is not checked


def test_sibling_references_stay_inside_their_item():
    answers = {"head_name": "Lê Văn Hùng", "members": [
        {"full_name": "A", "relation": "khac"}, {"full_name": "Lê Văn Hùng", "relation": "con"}]}
    s = state(FAMILY, answers)
    view = s.page("members")
    assert [i.label for i in view.items] == ["A (khac)", "Lê Văn Hùng (con)"]
    assert [f.name for f in view.items[0].fields] == ["full_name", "relation", "relation_other",
                                                      "dob"]
    assert [f.name for f in view.items[1].fields] == ["full_name", "relation", "dob"]
    assert view.items[1].fields[0].path == "members[1].full_name"
    stored = s.clean_answers()["members"]
    assert [m["same_as_head"] for m in stored] == [False, True]
    assert "relation_other" not in stored[1] and stored[0]["relation_other"] is None


def test_repeat_counts():
    assert state(FAMILY, {"head_name": "X"}).validate_page("members") == [
        FieldError("members", "too_few", {"min": 1, "count": 0})]
    four = [{"full_name": f"N{i}"} for i in range(4)]
    s = state(FAMILY, {"head_name": "X", "members": four})
    assert s.validate_page("members") == [FieldError("members", "too_many",
                                                     {"max": 3, "count": 4})]
    assert len(s.clean_answers()["members"]) == 3
    assert state(FAMILY, {"members": "x"}).validate_page("members") == [
        FieldError("members", "wrong_type", {"expected": "repeat"})]
    assert state(FAMILY, {"members": [5]}).validate_page("members") == [
        FieldError("members[0]", "wrong_type", {"expected": "item"}),
        FieldError("members[0].full_name", "required")]


# --- the generic form, applicant columns -----------------------------------------------

GOOD = {"full_name": "Phạm Thị Hoa", "id_number": "001190012345",
        "date_of_birth": "15/03/1990", "phone": "0912345678", "email": "",
        "address": {"province": "01", "commune": "00008", "street": "5 Phan Đình Phùng"},
        "request_text": "Xin cấp bản sao trích lục khai sinh"}


def test_generic_form_fills_the_applicant_columns():
    form = load_form(GENERIC_FORM)
    assert validate_all(form, GOOD, today=TODAY, lists=LISTS) == []
    assert applicant_fields(form, GOOD, today=TODAY, lists=LISTS) == {
        "full_name": "Phạm Thị Hoa", "id_number": "001190012345",
        "date_of_birth": date(1990, 3, 15), "phone": "0912345678",
        "address": "5 Phan Đình Phùng, Phường Ngọc Hà, Thành phố Hà Nội"}
    assert applicant_fields(form, GOOD, today=TODAY)["address"] == "5 Phan Đình Phùng, 00008, 01"
    assert clean_answers(form, GOOD, today=TODAY, lists=LISTS)["email"] is None


def test_id_number_is_checked_against_the_mapped_date_of_birth():
    form = load_form(GENERIC_FORM)
    errors = validate_all(form, GOOD | {"date_of_birth": "1991-03-15"}, today=TODAY,
                          lists=LISTS)
    assert errors == [FieldError("id_number", "id_birth_year_mismatch",
                                 {"id_year": 1990, "birth_year": 1991})]
    assert validate_all(form, GOOD | {"date_of_birth": "1890-01-01"}, today=TODAY,
                        lists=LISTS) == [
        FieldError("id_number", "id_birth_year_mismatch", {"id_year": 1990, "birth_year": 1890}),
        FieldError("date_of_birth", "age_implausible", {"age": 136})]


def test_generic_form_reports_every_missing_answer_in_order():
    form = load_form(GENERIC_FORM)
    assert [e.path for e in validate_all(form, {}, today=TODAY)] == [
        "full_name", "id_number", "date_of_birth", "phone", "address", "request_text"]
    assert validate_page(form, "request", {"request_text": "x" * 1001}, today=TODAY) == [
        FieldError("request_text", "too_long", {"max_length": 1000, "length": 1001})]


@pytest.mark.parametrize("answers", [None, [], "x", 5, {1: 2}, {"full_name": object()}])
def test_answers_of_the_wrong_shape_are_just_unanswered(answers):
    form = load_form(GENERIC_FORM)
    errors = validate_all(form, answers, today=TODAY)
    assert {e.code for e in errors} <= {"required", "wrong_type"}


def test_today_defaults_to_the_business_date():
    form = make(page("p", leaf("d", "date", default={"expr": "today()"})))
    assert isinstance(FormState(form, {}).values["d"], date)


# --- hostile answers to whole forms ------------------------------------------------------

_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates()
    | st.sampled_from(["", "khac", "con", "2010-01-01", "01", "00004", "001310012345"]),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(
        st.sampled_from(["full_name", "relation", "relation_other", "dob", "id_number",
                         "province", "commune", "street", "x"]), inner, max_size=5),
    max_leaves=15)


@settings(max_examples=150, deadline=None)
@given(answers=st.dictionaries(st.sampled_from(["head_name", "members", "has_job", "employer",
                                                "age", "salary", "province", "commune",
                                                "kind", "max_level", "dob", "visit"]), _values))
def test_any_answers_to_any_form_give_field_errors_and_views(answers):
    for form in (FAMILY, CONDITIONS, PLACE, CALC):
        s = state(form, answers)
        assert all(isinstance(e, FieldError) for e in s.validate_all())
        s.pages()
        stored = s.clean_answers()
        assert state(form, stored).clean_answers() == stored  # stored answers are a fixed point
