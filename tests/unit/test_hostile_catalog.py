"""The catalog importer on hostile files, built from the real bundled entries, on the
test database (per KIOSK_TEST_DB).

An admin imports a file from outside (`kiosk catalog import FILE`). Whatever it holds
(wrong types, missing or unknown keys, huge text, control characters, decomposed or
unencodable Unicode, nesting a hundred thousand deep, numbers too big for a column,
one code twice, bytes that are not UTF-8, JSON cut short), `load_catalog` refuses it
with a UserError naming the file, and the entry and field when there is one; what it
accepts, the database stores; a refused import leaves the procedures as they were.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import JSON, Text, cast, select
from sqlalchemy.dialects.postgresql import JSONB

from kiosk.catalog import CODE, ENTRY_KEYS, import_catalog, load_catalog
from kiosk.cli import EXIT_USER_ERROR, main
from kiosk.db.engine import Database
from kiosk.errors import UserError
from kiosk.models import Procedure
from kiosk.textnorm import storable
from tests.hostile_json import bundled_catalog, one_change

FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
# three real entries: a commune one with a form of its own, a province one, and another
BASE_CODES = ("1.001193", "1.004222", "1.000080")
KEYS = [*ENTRY_KEYS, "name_en", "version", "fields", "type", "label", "vi", "url", "date",
        "originals", "copies", "schema", "procedures"]
MARK = "@@hostile@@"
RAW = {  # JSON text no json.dumps writes: spliced in where a value was
    "NaN": b"NaN", "-Infinity": b"-Infinity", "1e999": b"1e999", "5000 digits": b"1" * 5000,
    "100,000 deep": b"[" * 100_000 + b"]" * 100_000, "cut deep": b"[" * 50_000,
    "20 deep": b"[" * 20 + b"]" * 20, "repeated key": b'{"a": 1, "a": 2}',
    "not UTF-8": b'"\xff\xfe"', "CESU surrogate": b'"\xed\xa0\x80"',
    "escaped surrogate": b'"\\udbff"', "escaped NUL": b'"Khai\\u0000sinh"',
    "raw NUL": b'"a\x00b"', "raw newline": b'"a\nb"', "nothing": b"", "unterminated": b'"abc',
    "hex": b"0x10", "leading zero": b"01", "plus": b"+1", "comment": b"1 /* x */",
}
WHOLE = {  # the whole file made wrong
    "cut short": lambda b: b[: len(b) // 2], "BOM": lambda b: b"\xef\xbb\xbf" + b,
    "UTF-16": lambda b: b.decode().encode("utf-16"), "two documents": lambda b: b + b"{}",
    "trailing NUL": lambda b: b + b"\x00", "Latin-1": lambda b: b.decode().encode(
        "latin-1", "replace"),
}


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    catalog = bundled_catalog()
    entries = {e["code"]: e for e in catalog["procedures"]}
    return {"schema": 1, "generated_at": "2026-07-18",
            "procedures": [entries[code] for code in BASE_CODES]}


def snapshot(db: Database) -> list[tuple]:
    """Every procedure's code, active flag and last change (an import that writes a row
    stamps it), and the whole rows of those a hostile file names (JSON as the database's
    text: quick to compare)."""
    table = Procedure.__table__
    columns = [cast(c, Text) if isinstance(c.type, (JSON, JSONB)) else c for c in table.c]
    with db.read() as s:
        stamps = s.execute(select(table.c.code, table.c.active, table.c.updated_at)
                           .order_by(table.c.code)).all()
        rows = s.execute(select(*columns).where(table.c.code.in_(BASE_CODES))
                         .order_by(table.c.code)).all()
    return [tuple(row) for row in (*stamps, *rows)]


@pytest.fixture
def imported(db: Database, base: dict[str, Any], tmp_path: Path) -> list[tuple]:
    """The bundled catalog is in the table (the first start put it there)."""
    before = snapshot(db)
    assert {code for code, *_ in before} >= set(BASE_CODES)
    return before


def write(path: Path, document: Any, raw: bytes | None = None,
          whole: str | None = None) -> Path:
    text = json.dumps(document, ensure_ascii=True, allow_nan=True).encode()
    if raw is not None:
        text = text.replace(f'"{MARK}"'.encode(), raw, 1)
    if whole is not None:
        text = WHOLE[whole](text)
    path.write_bytes(text)
    return path


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


class HostileFile(NamedTuple):
    document: dict[str, Any]
    path: tuple[Any, ...]  # where the change is
    raw: bytes | None  # JSON text spliced in there
    whole: str | None  # a change to the whole file (WHOLE)

    def __repr__(self) -> str:  # the change, not 3 entries of catalog
        try:
            now = repr(_at(self.document, self.path))[:120]
        except (KeyError, IndexError, TypeError):
            now = "(removed)"
        raw = None if self.raw is None else self.raw[:40]
        return f"HostileFile(path={self.path!r}, now={now}, raw={raw!r}, whole={self.whole!r})"


@st.composite
def hostile_files(draw: st.DrawFn, base: dict[str, Any]) -> HostileFile:
    if draw(st.integers(0, 5)):  # most often inside one entry
        number = draw(st.integers(0, len(base["procedures"]) - 1))
        entry, inner = draw(one_change(base["procedures"][number], KEYS))
        document = {**base, "procedures": [entry if n == number else e
                                           for n, e in enumerate(base["procedures"])]}
        path: tuple[Any, ...] = ("procedures", number, *inner)
    else:
        document, path = draw(one_change(base, KEYS))
    raw = whole = None
    if draw(st.integers(0, 4)) == 0 and path and isinstance(
            _at(document, path[:-1]), (dict, list)) and path[-1] in _slots(document, path):
        _at(document, path[:-1])[path[-1]] = MARK
        raw = RAW[draw(st.sampled_from(sorted(RAW)))]
    elif draw(st.integers(0, 9)) == 0:
        whole = draw(st.sampled_from(sorted(WHOLE)))
    return HostileFile(document, path, raw, whole)


def _slots(document: Any, path: tuple[Any, ...]) -> list[Any]:
    node = _at(document, path[:-1])
    return list(node) if isinstance(node, dict) else list(range(len(node)))


def check_refusal(exc: UserError, path: tuple[Any, ...], file_level: bool) -> None:
    """The message names the file, and for a change inside an entry, the entry and field."""
    message = exc.message
    assert exc.code == "bad_catalog"
    assert message.startswith("procedures.json: "), message
    message.encode("utf-8")  # printable: a lone surrogate in the input is escaped
    assert not [c for c in message if unicodedata.category(c) in ("Cc", "Zl", "Zp")], \
        message  # one line, nothing invisible: a "\n" in a key is shown as \n
    inside = len(path) >= 3 and path[0] == "procedures"
    if inside and not file_level and "is not valid JSON" not in message \
            and "is not UTF-8" not in message:
        assert "entry " in message, message
        if path[2] in KEYS[:13]:  # a known key of an entry: named, maybe with its path
            assert f'"{path[2]}' in message or '"code"' in message, (path, message)


@settings(max_examples=80, deadline=None, suppress_health_check=FIXTURES)
@given(data=st.data())
def test_a_hostile_catalog_is_refused_naming_where_or_stored_whole(db, base, imported,
                                                                   tmp_path, data):
    document, path, raw, whole = data.draw(hostile_files(base), "file")
    file = write(tmp_path / "procedures.json", document, raw, whole)
    before = snapshot(db)
    try:
        specs = load_catalog(file)
    except UserError as exc:
        event("refused: " + ("entry" if "entry " in exc.message else "file"))
        check_refusal(exc, path, file_level=whole is not None)
        assert snapshot(db) == before
        return
    event("accepted")
    # accepted: every value fits the table, and the import stores all of it or nothing
    for spec in specs:
        assert CODE.fullmatch(spec.code)
        for text in (spec.name, spec.name_en, spec.sector_code, spec.sector_name,
                     spec.executing_agency, spec.deadline_text, spec.fee_text, spec.source_url,
                     *(d.name for d in spec.documents), json.dumps(spec.form, ensure_ascii=False)):
            assert storable(text)
    try:
        import_catalog(db, specs)
    except UserError:
        assert snapshot(db) == before
        return
    with db.read() as s:
        stored = {p.code: p for p in s.scalars(select(Procedure).where(
            Procedure.code.in_([spec.code for spec in specs])))}
    for spec in specs:
        row = stored[spec.code]
        assert (row.name, row.form, row.documents) == (
            spec.name, spec.form, [d.as_dict() for d in spec.documents])
    import_catalog(db, load_catalog(write(tmp_path / "base.json", base)))  # as it was


@settings(max_examples=12, deadline=None, suppress_health_check=FIXTURES)
@given(data=st.data())
def test_kiosk_catalog_import_refuses_in_one_line_and_changes_nothing(db_url, base, imported,
                                                                      tmp_path, capsys, data):
    """The admin's command: exit 2 and one line "error: ..." for a refused file."""
    document, _, raw, whole = data.draw(hostile_files(base), "file")
    file = write(tmp_path / "procedures.json", document, raw, whole)
    database = Database(db_url)
    try:
        before = snapshot(database)
        code = main(["catalog", "import", str(file)])
        out, err = capsys.readouterr()
        if code == 0:
            assert "procedures:" in out
            main(["catalog", "import", str(write(tmp_path / "base.json", base))])
            capsys.readouterr()
        else:
            assert code == EXIT_USER_ERROR, err
            assert err.startswith("error: procedures.json: ") and err.count("\n") == 1, err
            assert snapshot(database) == before
    finally:
        database.dispose()


def test_the_same_code_twice_is_refused_whole(db, base, imported, tmp_path):
    twice = {**base, "procedures": [*base["procedures"], base["procedures"][0]]}
    with pytest.raises(UserError) as caught:
        load_catalog(write(tmp_path / "procedures.json", twice))
    assert "entry 4 (1.001193)" in caught.value.message
    assert "already used by entry 1" in caught.value.message
    specs = load_catalog(write(tmp_path / "base.json", base))
    with pytest.raises(UserError):  # given twice by a caller: refused before any write
        import_catalog(db, [*specs, specs[0]])
    assert snapshot(db) == imported
