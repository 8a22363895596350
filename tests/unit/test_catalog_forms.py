"""The procedures' own dossier forms (resources/catalog/forms/<code>.json), as shipped in the
bundled catalog: each loads, starts with the applicant page the counter relies on, accepts a
complete realistic dossier, and hides what its conditions say to hide."""
from __future__ import annotations

import copy
import json
import shutil
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk.admin_units import choice_lists
from kiosk.catalog import ImportResult, bundled_catalog_path, import_catalog, load_catalog
from kiosk.db.engine import Database
from kiosk.db.migrate import upgrade
from kiosk.forms import FieldError, FormState, clean_answers, load_form, validate_all
from resources import resource_path

TODAY = date(2026, 7, 20)
LISTS = choice_lists()
FORMS_DIR = resource_path("catalog", "forms")
# The commune-level procedures that must have a form of their own.
REQUIRED = {
    "1.001193": "Thủ tục đăng ký khai sinh",
    "1.000656": "Thủ tục đăng ký khai tử",
    "1.000894": "Thủ tục đăng ký kết hôn",
    "1.004873": "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
    "1.004222": "Đăng ký thường trú",
    "1.004194": "Đăng ký tạm trú",
    "2.002516": "Thủ tục xác nhận thông tin hộ tịch",
    "1.010041": "Xác nhận thông tin về cư trú",
}
APPLICANT_MAP = {"full_name": "applicant.full_name", "id_number": "applicant.id_number",
                 "date_of_birth": "applicant.date_of_birth", "phone": "applicant.phone",
                 "email": "applicant.email", "address": "applicant.address"}
HOAN_KIEM = {"province": "01", "commune": "00070"}  # Thành phố Hà Nội, Phường Hoàn Kiếm


def at(street: str) -> dict[str, str]:
    return {**HOAN_KIEM, "street": street}


# Two applicants; the id's century digit and year match the date of birth (0: male 1900s,
# 3: female 2000s).
AN = {"full_name": "Trần Văn An", "id_number": "001 090 012345", "date_of_birth": "02/09/1990",
      "phone": "0912 345 678", "email": "an.tran@example.vn", "address": at("12 Lý Thái Tổ")}
HOA = {"full_name": "Nguyễn Thị Hòa", "id_number": "001303004567", "date_of_birth": "14/05/2003",
       "phone": "+84 983 456 789", "email": "", "address": at("8 Hàng Bông")}

GOOD: dict[str, dict[str, Any]] = {
    "1.001193": {  # the father registers his daughter, born 15 days ago
        **AN, "relationship": "cha",
        "child_name": "Trần Ngọc Diệp", "child_sex": "nu", "child_dob": "05/07/2026",
        "birth_place": at("Bệnh viện Phụ sản Trung ương, 43 Tràng Thi"),
        "hometown": "Xã Phù Đổng, Thành phố Hà Nội",
        "mother_name": "Lê Thị Bình", "mother_dob": "1992-03-15", "mother_id": "001192012345",
        "father_known": True,  # his name, date of birth and id come from the applicant page
        "birth_proof": "giay_chung_sinh", "copies_wanted": True, "copies_count": "2",
    },
    "1.000656": {  # a son registers his father's death, 8 days after it
        "full_name": "Lê Văn Dũng", "id_number": "001085001234", "date_of_birth": "20/11/1985",
        "phone": "0868 123 456", "address": at("25 Hàng Bài"), "relationship": "con",
        "deceased_name": "Lê Văn Thành", "deceased_sex": "nam", "deceased_dob": "10/04/1950",
        "deceased_id": "001050004321",
        "death_date": "12/07/2026", "death_time": "05:30",
        "death_place": at("Bệnh viện Hữu nghị Việt Đức, 40 Tràng Thi"),
        "death_cause": "Nhồi máu cơ tim", "notice_type": "giay_bao_tu",
        "notice_issuer": "Bệnh viện Hữu nghị Việt Đức", "copies_wanted": False,
    },
    "1.000894": {  # she (23) marries him (27), first marriage for both
        **HOA, "sex": "nu", "marriage_count": "lan_dau",
        "partner_name": "Phạm Quốc Huy", "partner_dob": "08/08/1998",
        "partner_id": "001098007788", "partner_residence": at("5 Hàng Gai"),
        "partner_marriage_count": "lan_dau",
        "voluntary": True, "no_impediment": True, "copies_wanted": False,
    },
    "1.004873": {  # for himself, never married, to marry
        **AN, "sex": "nam", "marital_status": "chua_ket_hon", "lived_elsewhere": False,
        "use_for": "ket_hon", "spouse_name": "Đỗ Thị Mai", "spouse_dob": "01/06/1995",
        "spouse_id": "001195003456", "reissue": False,
    },
    "1.004222": {  # she moves into her uncle's household with her young nephew
        **HOA, "sex": "nu", "new_address": at("18 Hàng Đào"), "housing_basis": "nguoi_than",
        "is_head": False, "head_name": "Nguyễn Văn Tuấn", "head_id": "001070001111",
        "relation_to_head": "chau", "owner_consent": True,
        "members": [{"member_name": "Nguyễn Minh Khang", "member_dob": "03/03/2024",
                     "member_sex": "nam", "member_id": "001224005678",
                     "member_relation": "chau"}],
    },
    "1.004194": {  # he rents a room for work with two colleagues
        **AN, "sex": "nam", "temp_address": at("15 Hàng Gai"), "housing_basis": "thue_muon",
        "reason": "lao_dong", "stay_from": "01/07/2026", "stay_until": "30/06/2027",
        "is_head": True, "owner_consent": True,
        "members": [
            {"member_name": "Vũ Đức Thắng", "member_dob": "1994-12-01", "member_sex": "nam",
             "member_id": "036094001122", "member_relation": "khac"},
            {"member_name": "Hoàng Thị Thu Hương", "member_dob": "2000-02-29",
             "member_sex": "nu", "member_id": "040300003344", "member_relation": "khac"},
        ],
    },
    "2.002516": {  # a father asks to confirm his son's birth registration
        **AN, "for_self": False, "subject_relation": "cha_me",
        "subject_name": "Trần Gia Bảo", "subject_sex": "nam", "subject_dob": "10/10/2018",
        "subject_id": "001218009999", "event_types": ["khai_sinh"],
        "registry_office": "Ủy ban nhân dân phường Hàng Trống",
        "registry_date": "20/10/2018", "registry_number": "Số 125, quyển 01/2018",
        "content_detail": "Xác nhận đã đăng ký khai sinh cho Trần Gia Bảo",
        "use_purpose": "Bổ sung hồ sơ nhập học",
    },
    "1.010041": {  # her own residence since 2015, collected at the police office
        **HOA, "sex": "nu", "confirm_items": ["thuong_tru", "qua_trinh"],
        "history_from": "01/01/2015", "history_to": "01/07/2026",
        "use_purpose": "Bổ sung hồ sơ xin việc",
    },
}

# One condition per form: (field, what shows it). In GOOD the field is hidden.
HIDDEN: dict[str, tuple[str, dict[str, Any]]] = {
    "1.001193": ("relationship_other", {"relationship": "nguoi_khac"}),
    "1.000656": ("organisation", {"relationship": "co_quan"}),
    "1.000894": ("previous_end", {"marriage_count": "tai_hon"}),
    "1.004873": ("subject_name", {"for_self": False}),
    "1.004222": ("guardian_name", {"date_of_birth": "2010-01-01",
                                   "id_number": "001310004567"}),
    "1.004194": ("head_name", {"is_head": False}),
    "2.002516": ("event_other", {"event_types": ["khai_sinh", "khac"]}),
    "1.010041": ("subject_name", {"for_self": False}),
}


def form_files() -> dict[str, Path]:
    return {path.stem: path for path in sorted(FORMS_DIR.glob("*.json"))}


def raw_form(code: str) -> dict[str, Any]:
    return json.loads(form_files()[code].read_text(encoding="utf-8"))


def state(code: str, answers: dict[str, Any]) -> FormState:
    return FormState(load_form(raw_form(code)), answers, today=TODAY, lists=LISTS)


def leaves(fields: Any) -> list[Any]:  # FieldView tuples
    out = []
    for f in fields:
        out += leaves(f.fields) if f.type == "group" else [f]
    return out


def shown(s: FormState) -> set[str]:
    names: set[str] = set()
    for view in s.pages():
        names |= {f.name for f in leaves(view.fields)}
        for item in view.items:
            names |= {f.name for f in leaves(item.fields)}
    return names


@pytest.fixture(scope="module")
def bundled():
    return {spec.code: spec for spec in load_catalog(bundled_catalog_path())}


# --- the files --------------------------------------------------------------------------

def test_the_required_procedures_have_a_form_file():
    assert set(REQUIRED) <= set(form_files())
    assert set(GOOD) == set(HIDDEN) == set(form_files())  # every form is exercised below


@pytest.mark.parametrize("code", sorted(form_files()))
def test_each_file_loads_and_is_pretty_nfc_json(code):
    path = form_files()[code]
    text = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    raw = json.loads(text)
    assert text == json.dumps(raw, ensure_ascii=False, indent=1) + "\n"
    form = load_form(raw)
    assert form.version >= 2  # above the empty form (version 1) the catalog shipped before
    assert 3 <= len(form.pages) <= 6


@pytest.mark.parametrize("code", sorted(form_files()))
def test_each_form_is_in_the_bundled_catalog(code, bundled):
    spec = bundled[code]
    assert spec.form == raw_form(code) and spec.form_version == raw_form(code)["version"]
    if code in REQUIRED:
        assert (spec.name, spec.level) == (REQUIRED[code], "commune")


def test_procedures_without_a_file_keep_the_empty_form(bundled):
    others = [spec for code, spec in bundled.items() if code not in form_files()]
    assert len(others) == len(bundled) - len(form_files())
    assert all(s.form == {"version": 1, "fields": []} and s.form_version == 1 for s in others)


def test_the_bundled_catalog_still_imports(tmp_path):
    database = Database(f"sqlite:///{tmp_path}/k.db")
    try:
        upgrade(database)
        specs = load_catalog(bundled_catalog_path())
        assert import_catalog(database, specs) == ImportResult(
            added=len(specs), updated=0, unchanged=0)
    finally:
        database.dispose()


# --- the applicant page -----------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(form_files()))
def test_the_first_page_is_the_applicant_with_the_six_mapped_fields(code):
    form = load_form(raw_form(code))
    first = form.pages[0]
    assert (first.name, first.type) == ("applicant", "group")
    fields = {f.name: f for f in first.fields}
    assert [f.name for f in first.fields][:6] == list(APPLICANT_MAP)
    assert {name: fields[name].map_to for name in APPLICANT_MAP} == APPLICANT_MAP
    assert {target: f.name for target, f in form.mapped.items()} == {
        v: k for k, v in APPLICANT_MAP.items()}
    assert all(fields[n].required for n in APPLICANT_MAP if n != "email")
    assert not fields["email"].required
    assert all(f.label.vi and f.label.en and f.label.en != f.label.vi for f in first.fields)


# --- a complete dossier per form ----------------------------------------------------------

def all_fields(fields: Any) -> list[Any]:
    out = []
    for f in fields:
        out += [f, *all_fields(f.fields)]
    return out


@pytest.mark.parametrize("code", sorted(form_files()))
def test_every_label_and_help_is_in_both_languages(code):
    for f in all_fields(load_form(raw_form(code)).pages):
        for text in (f.label, f.help):
            if text is not None:
                assert text.vi and text.en and text.en != text.vi, f.name
        assert f.type == "calculate" or f.label is not None, f.name
        for choice in f.choices:
            assert choice.label.en != choice.label.vi or choice.value == choice.label.vi, f.name


@pytest.mark.parametrize("code", sorted(GOOD))
def test_a_complete_dossier_validates_and_is_stored_clean(code):
    form = load_form(raw_form(code))
    answers = copy.deepcopy(GOOD[code])
    assert validate_all(form, answers, today=TODAY, lists=LISTS) == []
    stored = clean_answers(form, answers, today=TODAY, lists=LISTS)
    assert stored == clean_answers(form, stored, today=TODAY, lists=LISTS)  # a fixed point
    assert validate_all(form, stored, today=TODAY, lists=LISTS) == []
    s = state(code, answers)
    columns = s.applicant_fields()
    assert columns["full_name"] == unicodedata.normalize("NFC", answers["full_name"])
    assert columns["id_number"].isdigit() and len(columns["id_number"]) == 12
    assert columns["address"].endswith(", Phường Hoàn Kiếm, Thành phố Hà Nội")
    assert columns["phone"].startswith("0") and isinstance(columns["date_of_birth"], date)
    for view in s.pages():  # short pages for a touch screen
        assert len(leaves(view.fields)) <= 8, view.name
        assert view.label.vi and view.label.en


@pytest.mark.parametrize("code", sorted(HIDDEN))
def test_a_condition_hides_a_field(code):
    name, change = HIDDEN[code]
    hidden = state(code, GOOD[code])
    assert name not in shown(hidden) and name not in hidden.clean_answers()
    showing = state(code, {**GOOD[code], **change})
    assert name in shown(showing)
    assert FieldError(name, "required") in showing.validate_all()  # and it is asked for
    for view in showing.pages():
        assert len(leaves(view.fields)) <= 8, view.name


# --- what the real declarations ask -----------------------------------------------------

def test_birth_defaults_and_parents():
    stored = state("1.001193", GOOD["1.001193"]).clean_answers()
    assert (stored["ethnicity"], stored["nationality"]) == ("Kinh", "Việt Nam")
    assert stored["mother_known"] is True  # the default
    assert stored["mother_residence"] == GOOD["1.001193"]["address"]  # from the applicant
    assert stored["child_age_days"] == 15 and stored["copies_count"] == 2
    assert (stored["father_name"], stored["father_dob"], stored["father_id"]) == (
        "Trần Văn An", "1990-09-02", "001090012345")  # the applicant is the father
    grandma = state("1.001193", {**GOOD["1.001193"], "relationship": "ba"}).validate_all()
    assert [(e.path, e.code) for e in grandma] == [
        ("father_name", "required"), ("father_dob", "required"), ("father_id", "required")]
    no_father = state("1.001193", {**GOOD["1.001193"], "father_known": False})
    assert "father_name" not in no_father.clean_answers()
    assert no_father.validate_all() == []
    # the abandoned-child record is offered only when neither parent is known
    def offered(answers: dict[str, Any]) -> list[str]:
        page = state("1.001193", answers).page("documents")
        return [c.value for c in next(f for f in page.fields if f.name == "birth_proof").choices]
    assert "bien_ban_bo_roi" not in offered(GOOD["1.001193"])
    assert "bien_ban_bo_roi" in offered({**GOOD["1.001193"], "mother_known": False,
                                         "father_known": False})
    # a mother born after the child is refused
    errors = state("1.001193", {**GOOD["1.001193"], "child_dob": "1991-01-01"}).validate_all()
    assert [(e.path, e.code) for e in errors] == [("mother_dob", "constraint_failed")]


def test_death_registered_late_shows_the_note_and_the_date_is_checked():
    def notes(death: str) -> list[str]:
        page = state("1.000656", {**GOOD["1.000656"], "death_date": death}).page("death")
        return [f.name for f in page.fields if f.type == "note"]
    assert notes("2026-07-05") == []  # 15 days
    assert notes("2026-07-04") == ["late_note"]
    errors = state("1.000656", {**GOOD["1.000656"], "death_date": "1949-01-01"}).validate_all()
    assert [(e.path, e.code) for e in errors] == [("death_date", "below_min")]


def test_marriage_ages_and_partner():
    good = GOOD["1.000894"]
    s = state("1.000894", good)
    assert s.clean_answers()["partner_sex"] == "nam"
    # a man must be 20, a woman 18 (as of today)
    young_man = {**good, "partner_dob": "2006-07-21", "partner_id": "001206007788"}
    assert [(e.path, e.code) for e in state("1.000894", young_man).validate_all()] == [
        ("partner_dob", "constraint_failed")]
    assert state("1.000894", {**young_man, "partner_dob": "2006-07-20"}).validate_all() == []
    same_id = {**good, "partner_id": good["id_number"], "partner_dob": good["date_of_birth"]}
    assert ("partner_id", "constraint_failed") in [
        (e.path, e.code) for e in state("1.000894", same_id).validate_all()]
    refused = state("1.000894", {**good, "voluntary": False}).validate_all()
    assert [(e.path, e.code) for e in refused] == [("voluntary", "constraint_failed")]


def test_marital_status_purpose_rules():
    good = GOOD["1.004873"]
    married = state("1.004873", {**good, "marital_status": "dang_co_vo_chong"}).validate_all()
    assert [(e.path, e.code) for e in married] == [("use_for", "constraint_failed")]
    foreign = {**good, "spouse_nationality": "Nhật Bản"}
    del foreign["spouse_id"]
    assert state("1.004873", foreign).validate_all() == []  # the id is asked of citizens only
    other = state("1.004873", {**good, "use_for": "khac", "use_other": "Vay vốn ngân hàng"})
    stored = other.clean_answers()
    assert stored["copies_count"] == 1 and "spouse_name" not in stored


def test_residence_members_repeat_up_to_ten():
    member = GOOD["1.004222"]["members"][0]
    s = state("1.004222", {**GOOD["1.004222"], "members": [member] * 11})
    assert FieldError("members", "too_many", {"max": 10, "count": 11}) in s.validate_all()
    view = state("1.004222", GOOD["1.004222"]).page("members")
    assert view.max_count == 10 and view.items[0].label == "Nguyễn Minh Khang (2024-03-03)"
    bad = {**member, "member_id": "001090005678"}  # the id says 1990, not 2024
    errors = state("1.004222", {**GOOD["1.004222"], "members": [bad]}).validate_all()
    assert [(e.path, e.code) for e in errors] == [("members[0].member_id",
                                                   "id_birth_year_mismatch")]


def test_a_minor_needs_a_parent_or_guardian():
    minor = {**GOOD["1.004222"], "date_of_birth": "2010-01-01", "id_number": "001310004567"}
    s = state("1.004222", minor)
    assert "guardian" in s.visible_pages()
    consent = {**minor, "guardian_name": "Nguyễn Văn Tuấn", "guardian_id": "001070001111",
               "guardian_relation": "giam_ho", "guardian_consent": True}
    assert state("1.004222", consent).validate_all() == []
    assert "guardian" not in state("1.004222", GOOD["1.004222"]).visible_pages()


def test_temporary_residence_lasts_at_most_two_years():
    too_long = state("1.004194", {**GOOD["1.004194"], "stay_until": "2028-07-01"})
    assert [(e.path, e.code) for e in too_long.validate_all()] == [("stay_until", "above_max")]
    stored = state("1.004194", GOOD["1.004194"]).clean_answers()
    assert len(stored["members"]) == 2 and stored["request_detail"] == "Đăng ký tạm trú"


def test_residence_confirmation_posts_to_the_applicant_by_default():
    s = state("1.010041", {**GOOD["1.010041"], "delivery": "buu_chinh"})
    assert s.validate_all() == []
    assert s.clean_answers()["delivery_address"] == GOOD["1.010041"]["address"]
    assert "history_from" not in state("1.010041", {**GOOD["1.010041"],
                                                    "confirm_items": ["tam_tru"]}).clean_answers()


def test_civil_status_confirmation_for_oneself_skips_the_subject_page():
    mine = {k: v for k, v in GOOD["2.002516"].items() if not k.startswith("subject")}
    s = state("2.002516", {**mine, "for_self": True})
    assert s.visible_pages() == ["applicant", "content", "purpose"]
    assert s.validate_all() == []


def test_build_script_merges_the_files(tmp_path):
    """The script refuses a broken or unknown form file before it writes anything."""
    import scripts.build_catalog as build

    folder = tmp_path / "forms"
    folder.mkdir()
    shutil.copy(form_files()["1.001193"], folder / "1.001193.json")
    forms = build.read_forms(folder)
    procedures = [{"code": "1.001193", "form": dict(build.EMPTY_FORM)},
                  {"code": "1.000001", "form": dict(build.EMPTY_FORM)}]
    build.merge_forms(procedures, forms)
    assert procedures[0]["form"] == raw_form("1.001193")
    assert procedures[1]["form"] == {"version": 1, "fields": []}
    (folder / "9.999999.json").write_text(json.dumps(raw_form("1.001193")), encoding="utf-8")
    with pytest.raises(build.FormFileError, match="9.999999"):
        build.merge_forms(procedures, build.read_forms(folder))
    (folder / "9.999999.json").write_text('{"version": 1, "fields": []}', encoding="utf-8")
    with pytest.raises(build.FormFileError, match="version of 2"):
        build.read_forms(folder)
    (folder / "9.999999.json").write_text('{"version": 2, "fields": [{"name": "x"}]}',
                                          encoding="utf-8")
    with pytest.raises(build.FormFileError, match=r"fields\[0\]"):
        build.read_forms(folder)
