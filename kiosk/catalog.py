"""The procedure catalog: the bundled file, its validator, and its import into the database.

A procedure is data (DESIGN.md, "Dossier"): the wizard, the receipt and the
appointment date are all built from its row in the procedure table. Those rows
come from resources/catalog/procedures.json (built by scripts/build_catalog.py,
format in docs/CATALOG.md) or from a newer file an admin imports. Either way the
file is input from outside, so it is checked field by field before anything
touches the table: a bad file is refused whole, with a message naming the file,
the entry and the field, and the import itself is one transaction.
"""
from __future__ import annotations

import json
import logging
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.clock import utc_now
from kiosk.db.engine import Database
from kiosk.errors import UserError
from kiosk.models.dossier import Procedure
from kiosk.textnorm import clean_text
from resources import resource_path

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
LEVELS = ("commune", "province", "other")
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_ENTRIES, MAX_DOCUMENTS, MAX_FORM_FIELDS, MAX_DEPTH = 20_000, 300, 500, 16
MAX_DAYS, MAX_FEE, MAX_COPIES = 3650, 2_000_000_000, 99  # fee_vnd is a 32-bit INTEGER
# National code, then a province's variant suffix: 1.001193, 2.000815.000.00.00.H38
CODE = re.compile(r"\d{1,2}\.\d{6}(?:\.[0-9A-Z]{1,8}){0,6}")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# C0/C1 controls other than white space (clean_text folds those) and lone surrogates:
# PostgreSQL refuses NUL, and a lone surrogate cannot even be encoded.
CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff]")
TOP_KEYS = {"schema", "generated_from", "generated_at", "procedures"}
ENTRY_KEYS = ("code", "name", "sector", "level", "executing_agency", "deadline_days",
              "deadline_text", "fee_vnd", "fee_text", "documents", "form", "source")
DOCUMENT_KEYS = ("code", "name", "originals", "copies", "group")
COLUMNS = ("name", "name_en", "sector_code", "sector_name", "level", "executing_agency",
           "deadline_days", "deadline_text", "fee_vnd", "fee_text", "documents", "form",
           "form_version", "source_url", "source_date")


@dataclass(frozen=True)
class DocumentSpec:
    code: str  # the portal's document code; not unique within a procedure
    name: str
    originals: int
    copies: int
    group: str  # the portal's heading, e.g. "Giấy tờ phải nộp"; "" when none

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "originals": self.originals,
                "copies": self.copies, "group": self.group}


@dataclass(frozen=True)
class ProcedureSpec:
    """One validated catalog entry, mirroring the columns of `Procedure`."""

    code: str
    name: str
    sector_code: str
    sector_name: str
    level: str
    executing_agency: str
    deadline_days: int | None  # working days, in person
    deadline_text: str
    fee_vnd: int | None
    fee_text: str
    documents: tuple[DocumentSpec, ...]
    form: dict[str, Any] = field(hash=False)
    form_version: int
    source_url: str
    source_date: date | None
    name_en: str = ""

    def row(self) -> dict[str, Any]:
        """The values of the procedure table's columns (all but code, active, updated_at)."""
        values = {name: getattr(self, name) for name in COLUMNS}
        values["documents"] = [doc.as_dict() for doc in self.documents]
        return values


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int


def bundled_catalog_path() -> Path:
    return resource_path("catalog", "procedures.json")


class _Place:
    """Where a problem is, for the message: the file, then the entry and its code."""

    def __init__(self, file: str) -> None:
        self.file, self.entry, self.code = file, 0, ""

    def fail(self, problem: str, key: str = "") -> NoReturn:
        where = self.file
        if self.entry:
            where += f": entry {self.entry}" + (f" ({self.code})" if self.code else "")
        subject = f': "{key}" ' if key else ": "
        # a lone surrogate in the input would make the message itself unprintable
        message = f"{where}{subject}{problem}".encode("utf-8", "backslashreplace").decode()
        raise UserError("bad_catalog", message, file=self.file,
                        entry=self.entry or None, procedure=self.code or None, field=key or None)


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "an object" if isinstance(value, dict) else "a list"
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except ValueError:  # an integer too long to print
        return "a very long number"
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError(f'the key "{key[:40]}" appears twice in one object')
        obj[key] = value
    return obj


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number JSON allows")


def _read_json(path: Path, at: _Place) -> Any:
    try:
        if not path.is_file():
            at.fail("is not a file" if path.exists() else "does not exist")
        if path.stat().st_size > MAX_FILE_BYTES:
            at.fail(f"is larger than {MAX_FILE_BYTES // 2**20} MB: not a catalog")
        raw = path.read_bytes()
    except (OSError, ValueError) as exc:
        at.fail(f"cannot be read ({getattr(exc, 'strerror', None) or exc})")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at.fail(f"is not UTF-8 text (bad byte at offset {exc.start})")
    try:
        return json.loads(content, object_pairs_hook=_pairs, parse_constant=_reject_constant)
    except RecursionError:
        at.fail("is not valid JSON: nested too deeply")
    except ValueError as exc:  # JSONDecodeError, duplicate keys, NaN, huge integers
        at.fail(f"is not valid JSON: {exc}")


def _object(at: _Place, key: str, value: Any, keys: tuple[str, ...], optional: tuple[str, ...] = ()
            ) -> dict[str, Any]:
    if not isinstance(value, dict):
        at.fail(f"must be an object, not {_show(value)}", key)
    prefix = f"{key}." if key else ""
    for name in keys:
        if name not in value:
            at.fail("is missing", prefix + name)
    for name in value:
        if name not in keys and name not in optional:
            at.fail("is not a known field", prefix + name[:40])
    return value


def _text(at: _Place, key: str, value: Any, limit: int, *, required: bool = False) -> str:
    if not isinstance(value, str):
        at.fail(f"must be text, not {_show(value)}", key)
    bad = CONTROL.search(value)
    if bad:
        at.fail(f"contains the control character U+{ord(bad.group()):04X}", key)
    cleaned = clean_text(value) or ""
    if required and not cleaned:
        at.fail("must not be empty", key)
    if len(cleaned) > limit:
        at.fail(f"is {len(cleaned)} characters long, more than {limit}", key)
    return cleaned


def _int(at: _Place, key: str, value: Any, low: int, high: int, what: str,
         nullable: bool = False) -> int | None:
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        at.fail(f"must be {what}{' (or null)' if nullable else ''}, not {_show(value)}", key)
    return value


def _form_value(at: _Place, key: str, value: Any, depth: int) -> Any:
    """Any JSON inside a form field, bounded, with its text in NFC."""
    if depth > MAX_DEPTH:
        at.fail(f"is nested more than {MAX_DEPTH} levels deep", key)
    if isinstance(value, str):
        if CONTROL.search(value):
            at.fail("contains a control character", key)
        return unicodedata.normalize("NFC", value)
    if isinstance(value, float) and not math.isfinite(value):
        at.fail("must be a finite number", key)
    if isinstance(value, list):
        return [_form_value(at, key, item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {_form_value(at, key, k, depth + 1): _form_value(at, key, v, depth + 1)
                for k, v in value.items()}
    return value  # int, float, bool, None


def _document(at: _Place, key: str, value: Any) -> DocumentSpec:
    doc = _object(at, key, value, DOCUMENT_KEYS)
    return DocumentSpec(
        code=_text(at, f"{key}.code", doc["code"], 60),
        name=_text(at, f"{key}.name", doc["name"], 1000, required=True),
        originals=_int(at, f"{key}.originals", doc["originals"], 0, MAX_COPIES,  # type: ignore[arg-type]
                       f"a whole number from 0 to {MAX_COPIES}"),
        copies=_int(at, f"{key}.copies", doc["copies"], 0, MAX_COPIES,  # type: ignore[arg-type]
                    f"a whole number from 0 to {MAX_COPIES}"),
        group=_text(at, f"{key}.group", doc["group"], 500),
    )


def _entry(at: _Place, raw: Any) -> ProcedureSpec:
    if not isinstance(raw, dict):
        at.fail(f"must be an object, not {_show(raw)}")
    if "code" not in raw:
        at.fail("is missing", "code")
    code = _text(at, "code", raw["code"], 40, required=True)
    if not CODE.fullmatch(code):
        at.fail(f"must be a national procedure code like 1.001193 or 2.000815.000.00.00.H38,"
                f" not {_show(code)}", "code")
    at.code = code
    _object(at, "", raw, ENTRY_KEYS, optional=("name_en",))
    sector = _object(at, "sector", raw["sector"], ("code", "name"))
    level = raw["level"]
    if level not in LEVELS:
        at.fail(f"must be one of {', '.join(LEVELS)}, not {_show(level)}", "level")
    documents = raw["documents"]
    if not isinstance(documents, list) or len(documents) > MAX_DOCUMENTS:
        at.fail(f"must be a list of at most {MAX_DOCUMENTS} documents, not {_show(documents)}",
                "documents")
    form = _object(at, "form", raw["form"], ("version", "fields"))
    fields = form["fields"]
    if not isinstance(fields, list) or len(fields) > MAX_FORM_FIELDS:
        at.fail(f"must be a list of at most {MAX_FORM_FIELDS} fields", "form.fields")
    for i, item in enumerate(fields):
        if not isinstance(item, dict):
            at.fail(f"must be an object, not {_show(item)}", f"form.fields[{i}]")
    source = _object(at, "source", raw["source"], ("url", "date"))
    url = _text(at, "source.url", source["url"], 500)
    if url and not url.startswith(("https://", "http://")):
        at.fail(f"must be a web address (http:// or https://), not {_show(url)}", "source.url")
    return ProcedureSpec(
        code=code,
        name=_text(at, "name", raw["name"], 500, required=True),
        name_en=_text(at, "name_en", raw.get("name_en", ""), 500),
        sector_code=_text(at, "sector.code", sector["code"], 40),
        sector_name=_text(at, "sector.name", sector["name"], 200),
        level=level,
        executing_agency=_text(at, "executing_agency", raw["executing_agency"], 4000),
        deadline_days=_int(at, "deadline_days", raw["deadline_days"], 0, MAX_DAYS,
                           "a whole number of days >= 0", nullable=True),
        deadline_text=_text(at, "deadline_text", raw["deadline_text"], 500),
        fee_vnd=_int(at, "fee_vnd", raw["fee_vnd"], 0, MAX_FEE,
                     f"a whole number of đồng from 0 to {MAX_FEE}", nullable=True),
        fee_text=_text(at, "fee_text", raw["fee_text"], 500),
        documents=tuple(_document(at, f"documents[{i}]", d) for i, d in enumerate(documents)),
        form=_form_value(at, "form", form, 0),
        form_version=_int(at, "form.version", form["version"], 1, 1_000_000,  # type: ignore[arg-type]
                          "a whole number >= 1"),
        source_url=url,
        source_date=_date(at, "source.date", source["date"]),
    )


def _date(at: _Place, key: str, value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return at.fail(f"must be a date like 2026-07-18 (or null), not {_show(value)}", key)


def load_catalog(path: Path) -> list[ProcedureSpec]:
    """Read and check a catalog file; raises UserError("bad_catalog") naming what is wrong."""
    path = Path(path)
    at = _Place(path.name or str(path))
    top = _read_json(path, at)
    if not isinstance(top, dict):
        at.fail(f"must hold a JSON object with \"schema\" and \"procedures\", not {_show(top)}")
    if "schema" not in top:
        at.fail('has no "schema" version: not a procedure catalog')
    if type(top["schema"]) is not int or top["schema"] != SCHEMA_VERSION:
        at.fail(f"schema version {_show(top['schema'])} is not supported"
                f" (this program reads version {SCHEMA_VERSION})")
    _object(at, "", top, ("schema", "procedures"), optional=tuple(TOP_KEYS))
    for key in ("generated_from", "generated_at"):
        if key in top:
            _text(at, key, top[key], 1000)
    entries = top["procedures"]
    if not isinstance(entries, list) or not 0 < len(entries) <= MAX_ENTRIES:
        at.fail(f"must be a list of 1 to {MAX_ENTRIES} procedures, not {_show(entries)}",
                "procedures")
    specs: list[ProcedureSpec] = []
    first_seen: dict[str, int] = {}
    for number, raw in enumerate(entries, start=1):
        at.entry, at.code = number, ""
        spec = _entry(at, raw)
        if spec.code in first_seen:
            at.fail(f"{spec.code} is already used by entry {first_seen[spec.code]}", "code")
        first_seen[spec.code] = number
        specs.append(spec)
    return specs


def _upsert(session: Any, specs: list[ProcedureSpec]) -> ImportResult:
    table = Procedure.__table__
    columns = [table.c[name] for name in COLUMNS]
    existing = {row.code: row for row in session.execute(select(table.c.code, *columns))}
    now = utc_now()
    added: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for spec in specs:
        values = spec.row()
        old = existing.get(spec.code)
        if old is None:
            added.append({"code": spec.code, **values, "active": True, "updated_at": now})
        elif any(getattr(old, name) != values[name] for name in COLUMNS):
            changed.append({"code": spec.code, **values, "updated_at": now})
    if added:
        session.execute(insert(Procedure), added)
    if changed:  # ORM bulk UPDATE by primary key: one executemany
        session.execute(update(Procedure), changed)
    return ImportResult(len(added), len(changed), len(specs) - len(added) - len(changed))


def import_catalog(db: Database, specs: list[ProcedureSpec]) -> ImportResult:
    """Insert new procedures and update changed ones, all in one write transaction.

    Procedures missing from `specs` are left as they are, and so is each row's
    `active` flag (an admin may have switched a procedure off).
    """
    codes = [spec.code for spec in specs]
    if len(set(codes)) != len(codes):
        raise UserError("bad_catalog", "The catalog lists the same procedure code twice")
    with db.write() as session:
        result = _upsert(session, specs)
    log.info("catalog imported: %s", result)
    return result


def ensure_bundled_catalog(db: Database) -> ImportResult | None:
    """At start-up: import the bundled catalog only if the procedure table is empty."""
    with db.read() as session:
        if session.execute(select(Procedure.code).limit(1)).first() is not None:
            return None
    specs = load_catalog(bundled_catalog_path())
    try:
        with db.write() as session:
            if session.execute(select(Procedure.code).limit(1)).first() is not None:
                return None
            result = _upsert(session, specs)
    except IntegrityError:  # another terminal imported it at the same moment
        log.info("bundled catalog imported by another terminal")
        return None
    log.info("bundled catalog imported: %s", result)
    return result


def list_procedures(db: Database, level: str | None = None) -> list[dict[str, Any]]:
    """Small rows for `kiosk catalog list`, sorted by code."""
    if level is not None and level not in LEVELS:
        raise UserError("bad_level", f"Unknown level {level!r}: use one of {', '.join(LEVELS)}",
                        level=level)
    p = Procedure
    stmt = select(p.code, p.name, p.sector_code, p.sector_name, p.level, p.deadline_days,
                  p.fee_vnd, p.active).order_by(p.code)
    if level is not None:
        stmt = stmt.where(p.level == level)
    with db.read() as session:
        rows = session.execute(stmt).all()
    return [{"code": r.code, "name": r.name, "sector": {"code": r.sector_code, "name": r.sector_name},
             "level": r.level, "deadline_days": r.deadline_days, "fee_vnd": r.fee_vnd,
             "active": r.active} for r in rows]
