"""A real form end to end: "Đăng ký khai sinh" (1.001193), as a citizen would fill it.

BIRTH_REGISTRATION and LISTS are also used by the other test_forms_* modules.
"""
from __future__ import annotations

import copy
import unicodedata
from datetime import date
from typing import Any

import pytest

from kiosk.forms import FieldError, FormState, load_form

TODAY = date(2026, 7, 20)

# Made-up codes in the shape of the 2025 lists (province 2 digits, commune 5 digits).
LISTS: dict[str, list[dict[str, Any]]] = {
    "provinces": [
        {"value": "01", "label": "Thành phố Hà Nội"},
        {"value": "79", "label": {"vi": "Thành phố Hồ Chí Minh", "en": "Ho Chi Minh City"}},
    ],
    "communes": [
        {"value": "00004", "label": "Phường Ba Đình", "province": "01"},
        {"value": "00008", "label": "Phường Ngọc Hà", "province": "01"},
        {"value": "26734", "label": "Phường Sài Gòn", "province": "79"},
    ],
}

_NAME = {"type": "text", "required": True, "max_length": 100}
BIRTH_REGISTRATION: dict[str, Any] = {
    "version": 1,
    "fields": [
        {"name": "applicant", "type": "group",
         "label": {"vi": "Người đi đăng ký khai sinh", "en": "Person registering the birth"},
         "fields": [
             {"name": "applicant_name", **_NAME, "map_to": "applicant.full_name",
              "label": {"vi": "Họ, chữ đệm, tên người đi đăng ký", "en": "Full name"}},
             {"name": "applicant_id", "type": "citizen_id", "required": True,
              "map_to": "applicant.id_number",
              "label": {"vi": "Số định danh cá nhân", "en": "Personal identification number"}},
             {"name": "applicant_phone", "type": "phone", "required": True,
              "map_to": "applicant.phone",
              "label": {"vi": "Số điện thoại", "en": "Phone number"}},
             {"name": "relationship", "type": "select_one", "required": True,
              "label": {"vi": "Quan hệ với người được khai sinh",
                        "en": "Relationship to the child"},
              "choices": [
                  {"value": "cha", "label": {"vi": "Cha", "en": "Father"}},
                  {"value": "me", "label": {"vi": "Mẹ", "en": "Mother"}},
                  {"value": "ong", "label": {"vi": "Ông", "en": "Grandfather"}},
                  {"value": "ba", "label": {"vi": "Bà", "en": "Grandmother"}},
                  {"value": "nguoi_khac", "label": {"vi": "Người khác", "en": "Someone else"}},
              ]},
             {"name": "relationship_other", "type": "text", "required": True, "max_length": 100,
              "relevant": "${relationship} = 'nguoi_khac'",
              "label": {"vi": "Quan hệ khác (ghi rõ)", "en": "Other relationship"}},
         ]},
        {"name": "child", "type": "group",
         "label": {"vi": "Người được khai sinh", "en": "The child"},
         "fields": [
             {"name": "child_name", **_NAME,
              "label": {"vi": "Họ, chữ đệm, tên", "en": "Full name"}},
             {"name": "child_sex", "type": "select_one", "required": True,
              "label": {"vi": "Giới tính", "en": "Sex"},
              "choices": [{"value": "nam", "label": {"vi": "Nam", "en": "Male"}},
                          {"value": "nu", "label": {"vi": "Nữ", "en": "Female"}}]},
             {"name": "child_dob", "type": "date", "required": True, "min": "1900-01-01",
              "label": {"vi": "Ngày, tháng, năm sinh", "en": "Date of birth"}},
             {"name": "child_age_days", "type": "calculate",
              "calculation": "today() - ${child_dob}"},
             {"name": "late_note", "type": "note", "relevant": "${child_age_days} > 60",
              "label": {"vi": "Đã quá 60 ngày kể từ ngày sinh: đây là đăng ký khai sinh "
                              "quá hạn.", "en": "More than 60 days since the birth: "
                                                "this is a late registration."}},
             {"name": "birth_place", "type": "address", "required": True,
              "label": {"vi": "Nơi sinh", "en": "Place of birth"},
              "help": {"vi": "Tên cơ sở y tế hoặc địa chỉ nơi sinh",
                       "en": "The hospital or the address where the child was born"}},
             {"name": "ethnicity", "type": "text", "required": True, "default": "Kinh",
              "max_length": 50, "label": {"vi": "Dân tộc", "en": "Ethnicity"}},
             {"name": "nationality", "type": "text", "required": True, "default": "Việt Nam",
              "max_length": 50, "label": {"vi": "Quốc tịch", "en": "Nationality"}},
         ]},
        {"name": "parents", "type": "group",
         "label": {"vi": "Cha, mẹ của người được khai sinh", "en": "The child's parents"},
         "fields": [
             {"name": "mother_name", **_NAME,
              "label": {"vi": "Họ, chữ đệm, tên người mẹ", "en": "Mother's full name"}},
             {"name": "mother_id", "type": "citizen_id", "required": True,
              "label": {"vi": "Số định danh cá nhân của người mẹ", "en": "Mother's id number"}},
             {"name": "father_known", "type": "yes_no", "required": True,
              "label": {"vi": "Đã xác định được cha?", "en": "Is the father known?"}},
             {"name": "father", "type": "group", "relevant": "${father_known}",
              "label": {"vi": "Người cha", "en": "The father"},
              "fields": [
                  {"name": "father_name", **_NAME,
                   "label": {"vi": "Họ, chữ đệm, tên người cha", "en": "Father's full name"}},
                  {"name": "father_id", "type": "citizen_id", "required": True,
                   "label": {"vi": "Số định danh cá nhân của người cha",
                             "en": "Father's id number"}},
              ]},
         ]},
        {"name": "documents", "type": "group",
         "label": {"vi": "Giấy tờ kèm theo", "en": "Documents"},
         "fields": [
             {"name": "documents_note", "type": "note",
              "label": {"vi": "Mang theo Giấy chứng sinh (bản chính) và giấy tờ tùy thân "
                              "để xuất trình.",
                        "en": "Bring the birth certificate (original) and your identity "
                              "card to show."}},
             {"name": "birth_certificate_scan", "type": "scan", "max": 3,
              "label": {"vi": "Ảnh chụp Giấy chứng sinh (nếu có)",
                        "en": "Scan of the birth certificate (if any)"}},
         ]},
    ],
}


def good_answers() -> dict[str, Any]:
    return {
        "applicant_name": "Nguyễn Văn An", "applicant_id": "001090012345",
        "applicant_phone": "0912 345 678", "relationship": "cha",
        "child_name": "Nguyễn Minh Khôi", "child_sex": "nam", "child_dob": "05/07/2026",
        "birth_place": {"province": "01", "commune": "00004",
                        "street": "Bệnh viện Phụ sản Hà Nội"},
        "mother_name": "Trần Thị Bình", "mother_id": "001192012345", "father_known": True,
        "father_name": "Nguyễn Văn An", "father_id": "001090012345",
    }


@pytest.fixture(scope="module")
def form():
    return load_form(BIRTH_REGISTRATION)


def state(form, answers: Any) -> FormState:
    return FormState(form, answers, today=TODAY, lists=LISTS)


def test_good_dossier_validates_and_is_stored_clean(form):
    s = state(form, good_answers())
    assert s.validate_all() == []
    stored = s.clean_answers()
    assert stored == {
        "applicant_name": "Nguyễn Văn An", "applicant_id": "001090012345",
        "applicant_phone": "0912345678", "relationship": "cha",
        "child_name": "Nguyễn Minh Khôi", "child_sex": "nam", "child_dob": "2026-07-05",
        "child_age_days": 15,
        "birth_place": {"province": "01", "commune": "00004",
                        "street": "Bệnh viện Phụ sản Hà Nội"},
        "ethnicity": "Kinh", "nationality": "Việt Nam",
        "mother_name": "Trần Thị Bình", "mother_id": "001192012345", "father_known": True,
        "father_name": "Nguyễn Văn An", "father_id": "001090012345",
        "birth_certificate_scan": None,
    }
    # what is stored reads back to itself: a draft survives a reload unchanged
    assert state(form, stored).clean_answers() == stored
    assert state(form, stored).validate_all() == []


def test_applicant_columns_come_from_map_to(form):
    assert state(form, good_answers()).applicant_fields() == {
        "full_name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678"}


def test_pages_in_order_with_both_languages(form):
    s = state(form, good_answers())
    assert s.visible_pages() == ["applicant", "child", "parents", "documents"]
    assert s.next_page(None) == "applicant" and s.next_page("parents") == "documents"
    assert s.next_page("documents") is None and s.previous_page("child") == "applicant"
    child = s.page("child")
    assert [f.name for f in child.fields] == ["child_name", "child_sex", "child_dob",
                                              "birth_place", "ethnicity", "nationality"]
    sex = child.fields[1]
    assert [(c.value, c.label.vi, c.label.en) for c in sex.choices] == [
        ("nam", "Nam", "Male"), ("nu", "Nữ", "Female")]
    place = child.fields[3]
    assert [c.value for c in place.choices] == ["01", "79"]
    assert [c.label.vi for c in place.communes] == ["Phường Ba Đình", "Phường Ngọc Hà"]
    assert place.help.en.startswith("The hospital")
    assert child.fields[2].value == date(2026, 7, 5) and child.fields[4].value == "Kinh"


def test_other_relationship_is_asked_only_for_someone_else(form):
    answers = good_answers() | {"relationship_other": "Cô ruột"}
    s = state(form, answers)
    assert "relationship_other" not in [f.name for f in s.page("applicant").fields]
    assert "relationship_other" not in s.clean_answers()
    answers["relationship"] = "nguoi_khac"
    s = state(form, answers)
    assert s.page("applicant").fields[-1].name == "relationship_other"
    assert s.clean_answers()["relationship_other"] == "Cô ruột"
    del answers["relationship_other"]
    assert state(form, answers).validate_page("applicant") == [
        FieldError("relationship_other", "required")]


def test_unknown_father_hides_and_drops_the_father_fields(form):
    answers = good_answers() | {"father_known": False, "father_id": "123"}
    s = state(form, answers)
    assert [f.name for f in s.page("parents").fields] == ["mother_name", "mother_id",
                                                          "father_known"]
    assert s.validate_page("parents") == []  # the bad father_id is not shown, not checked
    stored = s.clean_answers()
    assert "father_name" not in stored and "father_id" not in stored
    answers["father_known"] = True
    assert state(form, answers).validate_page("parents") == [
        FieldError("father_id", "id_length", {"length": 3})]


def test_cleared_default_stays_cleared(form):
    answers = good_answers() | {"ethnicity": "  "}
    s = state(form, answers)
    assert s.validate_page("child") == [FieldError("ethnicity", "required")]
    assert s.clean_answers()["ethnicity"] is None
    assert state(form, good_answers() | {"ethnicity": "Tày"}).clean_answers()["ethnicity"] == "Tày"


def test_late_registration_note_shows_after_60_days(form):
    def notes(dob: str) -> list[str]:
        return [f.name for f in state(form, good_answers() | {"child_dob": dob})
                .page("child").fields if f.type == "note"]
    assert notes("2026-05-21") == []  # 60 days
    assert notes("2026-05-20") == ["late_note"]  # 61 days


def test_each_page_reports_its_own_errors(form):
    answers = good_answers() | {
        "applicant_phone": "+1 555 0100", "child_dob": "2026-08-01", "child_sex": "x",
        "birth_place": {"province": "79", "commune": "00004", "street": ""},
        "mother_id": "0011920123"}
    s = state(form, answers)
    assert s.validate_page("applicant") == [
        FieldError("applicant_phone", "phone_prefix", {"prefix": "+155"})]
    assert s.validate_page("child") == [
        FieldError("child_sex", "choice_unknown", {"value": "x"}),
        FieldError("child_dob", "date_in_future"),
        FieldError("birth_place", "address_commune_unknown",
                   {"commune": "00004", "province": "79"}),
        FieldError("birth_place", "address_street_required"),
    ]
    assert s.validate_page("parents") == [FieldError("mother_id", "id_length", {"length": 10})]
    assert s.validate_page("documents") == []
    assert len(s.validate_all()) == 6


def test_decomposed_vietnamese_is_stored_composed(form):
    nfd = unicodedata.normalize("NFD", "Nguyễn   Minh Khôi ")
    stored = state(form, good_answers() | {"child_name": nfd}).clean_answers()
    assert stored["child_name"] == "Nguyễn Minh Khôi"
    assert unicodedata.is_normalized("NFC", stored["child_name"])


def test_spec_is_not_changed_by_loading(form):
    before = copy.deepcopy(BIRTH_REGISTRATION)
    load_form(BIRTH_REGISTRATION)
    assert BIRTH_REGISTRATION == before
