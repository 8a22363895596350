"""The procedure catalog: the bundled file, its validator, and its import into the database.

A procedure is data (DESIGN.md, "Dossier"): the wizard, the receipt and the
appointment date are all built from its row in the procedure table. Those rows
come from resources/catalog/procedures.json (built by scripts/build_catalog.py,
format in docs/CATALOG.md) or from a newer file an admin imports. Either way the
file is input from outside, so it is checked field by field before anything
touches the table: a bad file is refused whole, with a message naming the file,
the entry and the field, and the import itself is one transaction. A procedure's
`form` is checked in full by kiosk/forms (docs/FORMS.md), so a form the wizard
could not draw never reaches a kiosk.
"""
from __future__ import annotations

import json
import logging
import math
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.clock import utc_now
from kiosk.db.engine import Database
from kiosk.errors import UserError
from kiosk.forms import FormSpecError, load_form
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
# in a message, what would break its one line or print as nothing: shown as \n, \x01, \u2028
UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
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
        return asdict(self)


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


class _Checker:
    """Checks values, and on the first problem raises one UserError naming where it is."""

    def __init__(self, file: str) -> None:
        self.file, self.entry, self.code = file, 0, ""

    def fail(self, problem: str, key: str = "") -> NoReturn:
        where = self.file + (f": entry {self.entry}" if self.entry else "")
        where += f" ({self.code})" if self.code else ""
        subject = f': "{key}" ' if key else ": "
        # a lone surrogate in the input would make the message itself unprintable
        message = f"{where}{subject}{problem}".encode("utf-8", "backslashreplace").decode()
        message = UNSHOWN.sub(lambda found: repr(found.group())[1:-1], message)
        raise UserError("bad_catalog", message, file=self.file, entry=self.entry or None,
                        procedure=self.code or None, field=key or None)

    def obj(self, key: str, value: Any, keys: tuple[str, ...], optional: tuple[str, ...] = ()
            ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(f"must be an object, not {_show(value)}", key)
        prefix = f"{key}." if key else ""
        for name in (*keys, *value):
            if name not in value:
                self.fail("is missing", prefix + name)
            if name not in keys and name not in optional:
                self.fail("is not a known field", prefix + name[:40])
        return value

    def text(self, key: str, value: Any, limit: int, *, required: bool = False) -> str:
        if not isinstance(value, str):
            self.fail(f"must be text, not {_show(value)}", key)
        if bad := CONTROL.search(value):
            self.fail(f"contains the control character U+{ord(bad.group()):04X}", key)
        cleaned = clean_text(value) or ""
        if required and not cleaned:
            self.fail("must not be empty", key)
        if len(cleaned) > limit:
            self.fail(f"is {len(cleaned)} characters long, more than {limit}", key)
        return cleaned

    def whole(self, key: str, value: Any, low: int, high: int, what: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(f"must be {what}, not {_show(value)}", key)
        return value

    def iso_date(self, key: str, value: Any) -> date | None:
        if value is None:
            return None
        try:
            if isinstance(value, str) and ISO_DATE.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError:  # 2026-02-30
            pass
        self.fail(f"must be a date like 2026-07-18 (or null), not {_show(value)}", key)

    def any_json(self, key: str, value: Any, depth: int = 0) -> Any:
        """Any JSON (inside a form), bounded, with its text in NFC."""
        if depth > MAX_DEPTH:
            self.fail(f"is nested more than {MAX_DEPTH} levels deep", key)
        if isinstance(value, str):
            if CONTROL.search(value):
                self.fail("contains a control character", key)
            return unicodedata.normalize("NFC", value)
        if isinstance(value, float) and not math.isfinite(value):
            self.fail("must be a finite number", key)
        if isinstance(value, list):
            return [self.any_json(f"{key}[{i}]", item, depth + 1) for i, item in enumerate(value)]
        if isinstance(value, dict):
            return {self.any_json(key, k, depth + 1): self.any_json(f"{key}.{k[:40]}", v, depth + 1)
                    for k, v in value.items()}
        return value  # int, float, bool, None


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "an object" if isinstance(value, dict) else "a list"
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError(f'the key "{key[:40]}" appears twice in one object')
        obj[key] = value
    return obj


def _read_json(path: Path, check: _Checker) -> Any:
    try:
        if not path.is_file():
            check.fail("is not a file" if path.exists() else "does not exist")
        if path.stat().st_size > MAX_FILE_BYTES:
            check.fail(f"is larger than {MAX_FILE_BYTES // 2**20} MB: not a catalog")
        raw = path.read_bytes()
    except (OSError, ValueError) as exc:
        check.fail(f"cannot be read ({getattr(exc, 'strerror', None) or exc})")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        check.fail(f"is not UTF-8 text (bad byte at offset {exc.start})")
    try:  # NaN and Infinity parse, then fail the type checks like any other wrong value
        return json.loads(content, object_pairs_hook=_pairs)
    except RecursionError:
        check.fail("is not valid JSON: nested too deeply")
    except ValueError as exc:  # JSONDecodeError, duplicate keys, over-long integers
        check.fail(f"is not valid JSON: {exc}")


def _document(check: _Checker, key: str, value: Any) -> DocumentSpec:
    doc = check.obj(key, value, DOCUMENT_KEYS)
    count = f"a whole number from 0 to {MAX_COPIES}"
    return DocumentSpec(
        code=check.text(f"{key}.code", doc["code"], 60),
        name=check.text(f"{key}.name", doc["name"], 1000, required=True),
        originals=check.whole(f"{key}.originals", doc["originals"], 0, MAX_COPIES, count),
        copies=check.whole(f"{key}.copies", doc["copies"], 0, MAX_COPIES, count),
        group=check.text(f"{key}.group", doc["group"], 500),
    )


def _entry(check: _Checker, raw: Any) -> ProcedureSpec:
    if not isinstance(raw, dict):
        check.fail(f"must be an object, not {_show(raw)}")
    if "code" not in raw:
        check.fail("is missing", "code")
    code = check.text("code", raw["code"], 40, required=True)
    if not CODE.fullmatch(code):
        check.fail("must be a national procedure code like 1.001193 or 2.000815.000.00.00.H38,"
                   f" not {_show(code)}", "code")
    check.code = code
    check.obj("", raw, ENTRY_KEYS, optional=("name_en",))
    sector = check.obj("sector", raw["sector"], ("code", "name"))
    if raw["level"] not in LEVELS:
        check.fail(f"must be one of {', '.join(LEVELS)}, not {_show(raw['level'])}", "level")
    documents = raw["documents"]
    if not isinstance(documents, list) or len(documents) > MAX_DOCUMENTS:
        check.fail(f"must be a list of at most {MAX_DOCUMENTS} documents, not {_show(documents)}",
                   "documents")
    form = check.obj("form", raw["form"], ("version", "fields"))
    fields = form["fields"]
    if not isinstance(fields, list) or len(fields) > MAX_FORM_FIELDS:
        check.fail(f"must be a list of at most {MAX_FORM_FIELDS} fields", "form.fields")
    for i, item in enumerate(fields):
        if not isinstance(item, dict):
            check.fail(f"must be an object, not {_show(item)}", f"form.fields[{i}]")
    form_json = check.any_json("form", form)
    form_version = check.whole("form.version", form["version"], 1, 10**6, "a whole number >= 1")
    try:  # the wizard is generated from it: a bad form is refused here, not at a kiosk
        load_form(form_json)
    except FormSpecError as exc:
        check.fail(exc.message, f"form.{exc.path}" if exc.path else "form")
    source = check.obj("source", raw["source"], ("url", "date"))
    url = check.text("source.url", source["url"], 500)
    if url and not url.startswith(("https://", "http://")):
        check.fail(f"must be a web address (http:// or https://), not {_show(url)}", "source.url")
    days, fee = raw["deadline_days"], raw["fee_vnd"]
    return ProcedureSpec(
        code=code,
        name=check.text("name", raw["name"], 500, required=True),
        name_en=check.text("name_en", raw.get("name_en", ""), 500),
        sector_code=check.text("sector.code", sector["code"], 40),
        sector_name=check.text("sector.name", sector["name"], 200),
        level=raw["level"],
        executing_agency=check.text("executing_agency", raw["executing_agency"], 4000),
        deadline_days=None if days is None else check.whole(
            "deadline_days", days, 0, MAX_DAYS, "a whole number of days >= 0 (or null)"),
        deadline_text=check.text("deadline_text", raw["deadline_text"], 500),
        fee_vnd=None if fee is None else check.whole(
            "fee_vnd", fee, 0, MAX_FEE, f"a whole number of đồng from 0 to {MAX_FEE} (or null)"),
        fee_text=check.text("fee_text", raw["fee_text"], 500),
        documents=tuple(_document(check, f"documents[{i}]", d) for i, d in enumerate(documents)),
        form=form_json,
        form_version=form_version,
        source_url=url,
        source_date=check.iso_date("source.date", source["date"]),
    )


def load_catalog(path: Path) -> list[ProcedureSpec]:
    """Read and check a catalog file; raises UserError("bad_catalog") naming what is wrong."""
    path = Path(path)
    check = _Checker(path.name or str(path))
    top = _read_json(path, check)
    if not isinstance(top, dict):
        check.fail(f"must hold a JSON object with \"schema\" and \"procedures\", not {_show(top)}")
    if "schema" not in top:
        check.fail('has no "schema" version: not a procedure catalog')
    if type(top["schema"]) is not int or top["schema"] != SCHEMA_VERSION:
        check.fail(f"schema version {_show(top['schema'])} is not supported"
                   f" (this program reads version {SCHEMA_VERSION})")
    check.obj("", top, ("schema", "procedures"), optional=("generated_from", "generated_at"))
    for key in ("generated_from", "generated_at"):
        if key in top:
            check.text(key, top[key], 1000)
    entries = top["procedures"]
    if not isinstance(entries, list) or not 0 < len(entries) <= MAX_ENTRIES:
        check.fail(f"must be a list of 1 to {MAX_ENTRIES} procedures, not {_show(entries)}",
                   "procedures")
    specs: list[ProcedureSpec] = []
    first_seen: dict[str, int] = {}
    for number, raw in enumerate(entries, start=1):
        check.entry, check.code = number, ""
        spec = _entry(check, raw)
        if spec.code in first_seen:
            check.fail(f"{spec.code} is already used by entry {first_seen[spec.code]}", "code")
        first_seen[spec.code] = number
        specs.append(spec)
    return specs


def _upsert(session: Session, specs: list[ProcedureSpec]) -> ImportResult:
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
    any_row = select(Procedure.code).limit(1)
    with db.read() as session:
        if session.execute(any_row).first() is not None:
            return None
    specs = load_catalog(bundled_catalog_path())
    try:
        with db.write() as session:
            if session.execute(any_row).first() is not None:  # filled since we looked
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
    return [{"code": r.code, "name": r.name,
             "sector": {"code": r.sector_code, "name": r.sector_name}, "level": r.level,
             "deadline_days": r.deadline_days, "fee_vnd": r.fee_vnd, "active": r.active}
            for r in rows]
