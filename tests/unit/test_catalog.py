"""The procedure catalog: the bundled file, the validator, and the import."""
from __future__ import annotations

import copy
import dataclasses
import json
import shutil
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from kiosk.catalog import (
    CODE,
    ImportResult,
    bundled_catalog_path,
    ensure_bundled_catalog,
    import_catalog,
    list_procedures,
    load_catalog,
)
from kiosk.db.engine import Database
from kiosk.db.migrate import upgrade
from kiosk.errors import UserError
from kiosk.models.dossier import Procedure

TOTAL, COMMUNE, PROVINCE, OTHER = 502, 197, 270, 35


@pytest.fixture(scope="module")
def bundled():
    return load_catalog(bundled_catalog_path())


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A migrated database file, made once and copied for each test (migrating is slow)."""
    path = tmp_path_factory.mktemp("template") / "k.db"
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    database.dispose()  # the last connection closing checkpoints the WAL into k.db
    return path


@pytest.fixture
def db(tmp_path, migrated):
    shutil.copyfile(migrated, tmp_path / "k.db")
    database = Database(f"sqlite:///{tmp_path}/k.db")
    upgrade(database)  # already at head: returns at once
    yield database
    database.dispose()


def entry(code: str = "1.000001", **changes: Any) -> dict[str, Any]:
    base = {
        "code": code,
        "name": "Thủ tục đăng ký khai sinh",
        "sector": {"code": "G15-TP07", "name": "Hộ tịch"},
        "level": "commune",
        "executing_agency": "Ủy ban nhân dân cấp xã",
        "deadline_days": 1,
        "deadline_text": "1 ngày làm việc",
        "fee_vnd": 0,
        "fee_text": "Miễn phí",
        "documents": [{"code": "KQ1", "name": "Tờ khai đăng ký khai sinh", "originals": 1,
                       "copies": 0, "group": "Giấy tờ phải nộp"}],
        "form": {"version": 1, "fields": []},
        "source": {"url": "https://dichvucong.gov.vn/x", "date": "2026-07-18"},
    }
    base.update(changes)
    return base


def catalog(*entries: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"schema": 1, "generated_at": "2026-07-18", "procedures": list(entries), **top}


def write(path: Path, content: Any) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content, ensure_ascii=True), encoding="utf-8")
    return path


def snapshot(db: Database) -> list[tuple]:
    with db.read() as session:
        return [tuple(row) for row in session.execute(
            select(Procedure.__table__).order_by(Procedure.code))]


# --- the bundled catalog -------------------------------------------------------------

def test_bundled_catalog_has_every_procedure(bundled):
    assert len(bundled) == TOTAL
    codes = [spec.code for spec in bundled]
    assert codes == sorted(codes) and len(set(codes)) == TOTAL
    assert all(CODE.fullmatch(code) for code in codes)
    levels = [spec.level for spec in bundled]
    assert (levels.count("commune"), levels.count("province"), levels.count("other")) == (
        COMMUNE, PROVINCE, OTHER)


def test_birth_registration_is_there_with_its_documents(bundled):
    spec = next(s for s in bundled if s.code == "1.001193")
    assert spec.name == "Thủ tục đăng ký khai sinh"
    assert (spec.sector_code, spec.sector_name) == ("G15-TP07", "Hộ tịch")
    assert spec.level == "commune"
    assert spec.executing_agency == "Ủy ban nhân dân cấp xã"
    assert (spec.deadline_days, spec.deadline_text) == (1, "1 ngày làm việc")
    assert (spec.fee_vnd, spec.fee_text) == (0, "Miễn phí")
    names = [doc.name for doc in spec.documents]
    declaration = next(d for d in spec.documents if d.name.startswith("Tờ khai đăng ký khai sinh"))
    assert (declaration.originals, declaration.copies) == (1, 0)
    assert any(name.startswith("Giấy chứng sinh") for name in names)
    assert {d.group for d in spec.documents} >= {"Giấy tờ phải nộp", "Giấy tờ phải xuất trình"}
    assert spec.source_url.startswith("https://dichvucong.gov.vn/")
    assert str(spec.source_date) == "2026-07-18"
    # its own form, merged from resources/catalog/forms/1.001193.json (test_catalog_forms.py)
    assert spec.form["fields"] and spec.form_version == spec.form["version"] >= 2


def test_commune_level_is_read_case_insensitively_and_from_steps(bundled):
    # The portal writes "Công an cấp Xã": a case-sensitive match would miss all 11.
    by_code = {spec.code: spec for spec in bundled}
    assert by_code["1.004222"].level == "commune"  # Đăng ký thường trú
    assert (by_code["1.004222"].deadline_days, by_code["1.004222"].fee_vnd) == (7, 20000)
    assert by_code["1.004194"].level == "commune"  # Đăng ký tạm trú
    # No agency on the portal, but the steps say the commune People's Committee signs.
    assert by_code["1.000656"].level == by_code["1.000894"].level == "commune"
    assert by_code["1.000656"].executing_agency == ""
    assert by_code["1.000578"].level == "other"  # Cục Lãnh sự - Bộ Ngoại giao


def test_bundled_text_is_nfc_with_diacritics_intact(bundled):
    raw = bundled_catalog_path().read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    assert "\u200e" not in raw
    for spec in bundled:
        for text in (spec.name, spec.executing_agency, *(d.name for d in spec.documents)):
            assert unicodedata.is_normalized("NFC", text)
        assert len(spec.name) <= 500 and all(len(d.name) <= 1000 for d in spec.documents)
    assert "Đăng ký" in raw and "Ủy ban nhân dân cấp xã" in raw
    assert bundled_catalog_path().stat().st_size < 3 * 1024 * 1024


# --- import ---------------------------------------------------------------------------

def test_import_then_reimport_changes_nothing(db, bundled):
    started = time.perf_counter()
    first = import_catalog(db, bundled)
    elapsed = time.perf_counter() - started
    assert first == ImportResult(added=TOTAL, updated=0, unchanged=0)
    assert elapsed < 1.0, f"importing {TOTAL} procedures took {elapsed:.2f} s"
    before = snapshot(db)
    assert import_catalog(db, bundled) == ImportResult(added=0, updated=0, unchanged=TOTAL)
    assert snapshot(db) == before


def test_modified_entry_counts_as_updated_and_keeps_active_flag(db, bundled):
    import_catalog(db, bundled)
    with db.write() as session:
        session.get(Procedure, "1.001193").active = False  # an admin switched it off
    changed = [dataclasses.replace(s, deadline_days=2) if s.code == "1.001193" else s
               for s in bundled]
    assert import_catalog(db, changed) == ImportResult(added=0, updated=1, unchanged=TOTAL - 1)
    with db.read() as session:
        row = session.get(Procedure, "1.001193")
        assert (row.deadline_days, row.active) == (2, False)
        birth = next(s for s in bundled if s.code == "1.001193")
        assert row.documents == [doc.as_dict() for doc in birth.documents]


def test_procedures_missing_from_the_file_are_kept(db, bundled, tmp_path):
    import_catalog(db, bundled)
    small = load_catalog(write(tmp_path / "one.json", catalog(entry("9.999999"))))
    assert import_catalog(db, small) == ImportResult(added=1, updated=0, unchanged=0)
    assert len(snapshot(db)) == TOTAL + 1


def test_nfd_text_is_normalised_not_rejected(db, tmp_path):
    nfd = unicodedata.normalize("NFD", "Đăng ký  kết hôn ")
    specs = load_catalog(write(tmp_path / "c.json", catalog(entry(name=nfd))))
    assert specs[0].name == "Đăng ký kết hôn" and nfd != specs[0].name
    import_catalog(db, specs)
    with db.read() as session:
        assert session.get(Procedure, "1.000001").name == "Đăng ký kết hôn"


def test_failure_part_way_leaves_the_table_as_it_was(db, tmp_path):
    specs = load_catalog(write(tmp_path / "c.json", catalog(entry("1.000001"), entry("1.000002"))))
    import_catalog(db, specs[:1])
    before = snapshot(db)
    broken = dataclasses.replace(specs[0], form={"version": 1, "fields": [{"x": {1, 2}}]})
    with pytest.raises(Exception):  # cannot be stored as JSON: the update fails after the insert
        import_catalog(db, [broken, specs[1]])
    assert snapshot(db) == before


def test_ensure_bundled_catalog_only_fills_an_empty_table(db):
    assert ensure_bundled_catalog(db) == ImportResult(added=TOTAL, updated=0, unchanged=0)
    assert ensure_bundled_catalog(db) is None


def test_list_procedures(db, bundled):
    import_catalog(db, bundled)
    assert len(list_procedures(db)) == TOTAL
    commune = list_procedures(db, level="commune")
    assert len(commune) == COMMUNE
    birth = next(p for p in commune if p["code"] == "1.001193")
    assert birth["sector"] == {"code": "G15-TP07", "name": "Hộ tịch"}
    assert (birth["deadline_days"], birth["fee_vnd"]) == (1, 0)
    with pytest.raises(UserError) as err:
        list_procedures(db, level="district")
    assert err.value.code == "bad_level"


# --- refusing bad files -------------------------------------------------------------

BAD_FILES = {
    "not utf-8": (b'{"schema": 1, "name": "\xff"}', "is not UTF-8 text"),
    "broken json": ('{"schema": 1, "procedures": [', "is not valid JSON"),
    "top level list": ("[]", "must hold a JSON object"),
    "no schema": ({"procedures": []}, 'has no "schema"'),
    "future schema": ({"schema": 2, "procedures": []}, "schema version 2 is not supported"),
    "schema as text": ({"schema": "1", "procedures": []}, 'schema version "1" is not supported'),
    "no procedures": ({"schema": 1}, '"procedures" is missing'),
    "empty procedures": ({"schema": 1, "procedures": []}, '"procedures" must be a list'),
    "unknown top key": ({"schema": 1, "procedures": [], "x": 1}, '"x" is not a known field'),
    "duplicate key": ('{"schema": 1, "schema": 1, "procedures": []}', "appears twice"),
    "NaN": ('{"schema": 1, "procedures": [NaN]}', "entry 1: must be an object, not NaN"),
    "deep nesting": ('{"schema": 1, "procedures": ' + "[" * 100_000 + "]" * 100_000 + "}",
                     "is not valid JSON"),
}

BAD_ENTRIES = {  # the second entry is broken: (change, field, words in the message)
    "missing field": ({"name": None}, "name", "is missing"),
    "unknown field": ({"deadline_day": 3}, "deadline_day", "is not a known field"),
    "days not a number": ({"deadline_days": "abc"}, "deadline_days",
                          'must be a whole number of days >= 0 (or null), not "abc"'),
    "negative days": ({"deadline_days": -1}, "deadline_days", "not -1"),
    "fractional days": ({"deadline_days": 1.5}, "deadline_days", "not 1.5"),
    "boolean days": ({"deadline_days": True}, "deadline_days", "not true"),
    "negative fee": ({"fee_vnd": -5}, "fee_vnd", "whole number of đồng"),
    "fee as text": ({"fee_vnd": "free"}, "fee_vnd", 'not "free"'),
    "empty name": ({"name": "  "}, "name", "must not be empty"),
    "name too long": ({"name": "x" * 501}, "name", "501 characters long, more than 500"),
    "name not text": ({"name": ["a"]}, "name", "must be text, not a list"),
    "control character": ({"name": "Khai\x00sinh"}, "name", "control character U+0000"),
    "lone surrogate": ({"fee_text": "\ud800"}, "fee_text", "control character U+D800"),
    "bad level": ({"level": "district"}, "level", "must be one of commune, province, other"),
    "sector not object": ({"sector": "Hộ tịch"}, "sector", "must be an object"),
    "sector code missing": ({"sector": {"name": "Hộ tịch"}}, "sector.code", "is missing"),
    "documents not list": ({"documents": {}}, "documents", "must be a list"),
    "document copies": ({"documents": [{"code": "", "name": "a", "originals": 1, "copies": -1,
                                        "group": ""}]}, "documents[0].copies", "not -1"),
    "document nameless": ({"documents": [{"code": "", "name": "", "originals": 1, "copies": 0,
                                          "group": ""}]}, "documents[0].name", "must not be empty"),
    "document field": ({"documents": [{"name": "a"}]}, "documents[0].code", "is missing"),
    "form version": ({"form": {"fields": []}}, "form.version", "is missing"),
    "form fields": ({"form": {"version": 1, "fields": "none"}}, "form.fields", "must be a list"),
    "source date": ({"source": {"url": "", "date": "18/07/2026"}}, "source.date",
                    'must be a date like 2026-07-18 (or null), not "18/07/2026"'),
    "impossible date": ({"source": {"url": "", "date": "2026-02-30"}}, "source.date", "a date"),
    "source url": ({"source": {"url": "ftp://x", "date": None}}, "source.url", "web address"),
}


@pytest.fixture
def filled(db, tmp_path):
    """A table with a good catalog in it, to check a refused file changes nothing."""
    import_catalog(db, load_catalog(write(tmp_path / "good.json",
                                          catalog(entry("1.000001"), entry("1.000002")))))
    return snapshot(db)


def refuse(db: Database, path: Path, *fragments: str) -> str:
    before = snapshot(db)
    with pytest.raises(UserError) as err:
        import_catalog(db, load_catalog(path))
    assert err.value.code == "bad_catalog"
    for fragment in fragments:
        assert fragment in err.value.message, err.value.message
    assert snapshot(db) == before
    return err.value.message


@pytest.mark.parametrize("content, words", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_is_refused(db, filled, tmp_path, content, words):
    refuse(db, write(tmp_path / "procedures.json", content), "procedures.json: ", words)


@pytest.mark.parametrize("change, key, words", BAD_ENTRIES.values(), ids=BAD_ENTRIES.keys())
def test_bad_entry_is_refused_naming_entry_and_field(db, filled, tmp_path, change, key, words):
    broken = entry("1.000002", deadline_days=5)
    for name, value in change.items():
        if value is None and name == "name":
            del broken[name]
        else:
            broken[name] = value
    path = write(tmp_path / "procedures.json", catalog(entry("1.000001"), broken))
    message = refuse(db, path, "procedures.json: entry 2 (1.000002): ", f'"{key}" ', words)
    assert message.startswith("procedures.json: entry 2 (1.000002): ")


def test_missing_file_and_directory_are_refused(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        load_catalog(tmp_path / "nope.json")
    with pytest.raises(UserError, match="is not a file"):
        load_catalog(tmp_path)


@pytest.mark.parametrize("code", ["abc", "1.00119", "1.001193.h38", " ", "1.001193..H38", 1001193])
def test_bad_code_is_refused(db, filled, tmp_path, code):
    path = write(tmp_path / "procedures.json", catalog(entry("1.000001"), entry(code)))
    refuse(db, path, "procedures.json: entry 2: ", '"code" ')


def test_province_variant_code_is_accepted(tmp_path):
    path = write(tmp_path / "c.json", catalog(entry("2.000815.000.00.00.H38")))
    assert load_catalog(path)[0].code == "2.000815.000.00.00.H38"


def test_duplicate_code_names_both_entries(db, filled, tmp_path):
    path = write(tmp_path / "procedures.json", catalog(entry("1.000001"), entry("1.000001")))
    refuse(db, path, "entry 2 (1.000001)", "already used by entry 1")


def test_entry_not_an_object(db, filled, tmp_path):
    path = write(tmp_path / "procedures.json", catalog(entry("1.000001"), "1.000002"))
    refuse(db, path, "procedures.json: entry 2: must be an object")


# --- hostile input ------------------------------------------------------------------

scalars = (st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats()
           | st.text(max_size=30)
           | st.sampled_from(["", "\x00", "\ud800", "e\u0301", "1.001193", "x" * 1200]))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
FIXTURES = [HealthCheck.function_scoped_fixture]  # one db / tmp_path serves all examples
paths = st.sampled_from([
    ("code",), ("name",), ("sector",), ("sector", "code"), ("level",), ("executing_agency",),
    ("deadline_days",), ("deadline_text",), ("fee_vnd",), ("fee_text",), ("documents",),
    ("documents", 0), ("documents", 0, "name"), ("documents", 0, "copies"), ("form",),
    ("form", "fields"), ("form", "version"), ("source",), ("source", "date"), ("name_en",),
    ("extra",),
])


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURES)
@given(where=paths, value=json_values)
def test_random_values_raise_only_user_error(db, tmp_path, where, value):
    broken = copy.deepcopy(entry("1.000002"))
    target = broken
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    path = write(tmp_path / "procedures.json", catalog(entry("1.000001"), broken))
    try:
        specs = load_catalog(path)
    except UserError as exc:
        assert exc.message.startswith("procedures.json: ")
        return
    import_catalog(db, specs)  # what the validator accepts, the database stores


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(content=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode())
       | st.dictionaries(st.sampled_from(["schema", "procedures", "generated_at"]), json_values)
       .map(lambda v: json.dumps(v).encode()))
def test_random_files_raise_only_user_error(tmp_path, content):
    path = write(tmp_path / "procedures.json", content)
    try:
        load_catalog(path)
    except UserError as exc:
        assert exc.code == "bad_catalog"

