"""Build resources/catalog/procedures.json from the portal records in ../shared/data.

Run from the repository root:

    .venv/bin/python scripts/build_catalog.py [--source DIR] [--forms DIR] [--out FILE] [--check]

A development tool only: the app reads the committed file in resources/ and
never this script nor the portal records. The output is deterministic (sorted
by code, fixed dates), so rebuilding from the same records gives the same
bytes. Each rule that turns the portal's loose fields into ours is written
down here and in docs/CATALOG.md.

The portal has no dossier forms we can use, so every entry gets the empty form
(`{"version": 1, "fields": []}`: the wizard shows the generic one) unless
resources/catalog/forms/<code>.json holds a form of our own for that code
(docs/FORMS.md). That file is merged as it is, after `kiosk.forms.load_form`
accepts it; its `version` must be 2 or more, above the empty form's 1, because
a dossier stores the `form_version` it was filled in with.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.catalog import SCHEMA_VERSION, load_catalog
from kiosk.forms import FormSpecError, load_form
from kiosk.textnorm import clean_text

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "procedures"
DEFAULT_FORMS = ROOT / "resources" / "catalog" / "forms"
DEFAULT_OUT = ROOT / "resources" / "catalog" / "procedures.json"
GENERATED_AT = "2026-07-18"
GENERATED_FROM = (
    "dichvucong.gov.vn (national public-service portal) procedure pages, crawled 2026-07-18 "
    "by github.com/VoidKeishi/OpenGOV; converted by scripts/build_catalog.py"
)
MAX_NAME = 500  # procedure.name is String(500)
MAX_DOC_NAME = 1000
MAX_GROUP = 300
MAX_SHORT = 200  # deadline_text, fee_text taken from free text

UNITS = {"WORKING_DAY": "ngày làm việc", "DAY": "ngày", "HOUR": "giờ", "MONTH": "tháng"}
# A body of the commune tier (since 1 July 2025): anything "cấp xã" (UBND, Công an,
# cơ quan chuyên môn ...), and the commune's economic division, "Phòng Kinh tế" (xã)
# or "Phòng Kinh tế, Hạ tầng và Đô thị" (phường). Case-insensitive: the portal writes
# "Công an cấp Xã".
COMMUNE_BODY = re.compile(r"cấp xã|^phòng kinh tế\b", re.IGNORECASE)
PROVINCE_BODY = re.compile(r"\bsở\b|cấp tỉnh|\btỉnh\b|thành phố|văn phòng đăng ký đất đai",
                           re.IGNORECASE)
# When the portal gives no executing agency, the steps may still say that the commune
# People's Committee signs or decides (the civil-status procedures of Bộ Tư pháp).
COMMUNE_STEPS = re.compile(
    r"(lãnh đạo|chủ tịch) ủy ban nhân dân cấp xã|tư pháp - hộ tịch cấp xã"
    r"|chuyển hồ sơ đến ủy ban nhân dân cấp xã",
    re.IGNORECASE,
)
BULLET = re.compile(r"^[-•*]\s+")
EMPTY_FORM: dict[str, Any] = {"version": 1, "fields": []}  # no form of its own: generic form


def text(value: Any) -> str:
    """clean_text, minus invisible format characters (the portal has stray U+200E)."""
    if not isinstance(value, str):
        return ""
    visible = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")
    return clean_text(visible) or ""


def shorten(value: str, limit: int) -> str:
    """Cut at a sentence end or else a word boundary, marked with an ellipsis."""
    if len(value) <= limit:
        return value
    head = value[: limit - 1]
    for stop in (". ", "; "):
        cut = head.rfind(stop)
        if cut >= limit // 2:
            return head[: cut + 1] + " …"
    cut = head.rfind(" ")
    return (head[:cut] if cut >= limit // 2 else head).rstrip(" ,;:") + "…"


def number(qty: float) -> str:
    return str(int(qty)) if float(qty).is_integer() else f"{qty:g}".replace(".", ",")


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def level_of(record: dict[str, Any]) -> str:
    agency = text(record.get("executing_agency"))
    if not agency:
        steps = " ".join(text(step.get("text")) for step in record.get("steps_raw") or [])
        return "commune" if COMMUNE_STEPS.search(steps) else "other"
    parts = [part.strip() for part in agency.split(";")]
    # "... cấp tỉnh hoặc ... cấp xã (nếu được ủy quyền)" is a provincial body first.
    if any(COMMUNE_BODY.search(p) and "cấp tỉnh" not in p.lower() for p in parts):
        return "commune"
    return "province" if PROVINCE_BODY.search(agency) else "other"


def _numeric(entries: list[dict[str, Any]], unit: str) -> list[float]:
    return [e["qty"] for e in entries if e.get("unit") == unit
            and isinstance(e.get("qty"), (int, float)) and not isinstance(e.get("qty"), bool)
            and e["qty"] >= 0]


def deadline(record: dict[str, Any]) -> tuple[int | None, str]:
    """Working days from the smallest WORKING_DAY case, else the in-person channel.

    Fractions (the portal has 6.25 and 17.5) round up: the deadline falls on that day.
    """
    cases = [c for c in record.get("processing_cases") or [] if isinstance(c, dict)]
    direct = [ch.get("processing") or {} for ch in record.get("channels") or []
              if ch.get("method") == "DIRECT"]
    days = _numeric(cases, "WORKING_DAY") or _numeric(direct, "WORKING_DAY")
    deadline_days = math.ceil(min(days)) if days else None
    described = cases if any(c.get("unit") in UNITS for c in cases) else direct
    pieces = []
    for unit, words in UNITS.items():
        values = sorted(set(_numeric(described, unit)))
        if values:
            span = number(values[0]) if len(values) == 1 else (
                f"{number(values[0])}–{number(values[-1])}")
            pieces.append(f"{span} {words}")
    if not pieces:  # the portal's own words, when it gave no number
        free = [text(e.get("qty")) for e in direct if isinstance(e.get("qty"), str)]
        pieces = [shorten(free[0], MAX_SHORT)] if free and free[0] else []
    return deadline_days, "; ".join(pieces)


def _is_free_note(note: str) -> bool:
    return not note or note.lstrip("(").lower().startswith("miễn")


def fee(record: dict[str, Any]) -> tuple[int | None, str]:
    """The in-person fee when the portal states one amount; None when it depends.

    A 0 is "free" only with no note or a note that starts "Miễn ...": the portal also
    writes 0 for "set by the province" and for fees given only in the note. Amounts
    under 1,000 are consular fees in another currency or typos: not taken as VND.
    """
    seen: dict[tuple[Any, str], None] = {}
    for channel in record.get("channels") or []:
        if channel.get("method") == "DIRECT":
            for item in channel.get("fees") or []:
                value = item.get("value_vnd")
                value = value if isinstance(value, int) and not isinstance(value, bool) else None
                seen.setdefault((value, text(item.get("text"))), None)
    if not seen:
        return None, ""
    values = {value for value, _ in seen}
    notes = [note for _, note in seen if note]
    if None not in values and all(v == 0 or v >= 1000 for v in values):
        if values == {0} and all(_is_free_note(note) for _, note in seen):
            return 0, "Miễn phí"
        if len(values) == 1 and 0 not in values:
            amount = next(iter(values))
            return amount, vnd(amount)
        if len(values) > 1:
            low, high = min(values), max(values)
            return None, f"{vnd(low) if low else '0'} – {vnd(high)}, tùy trường hợp"
    return None, shorten(notes[0], MAX_SHORT) if notes else ""


def documents(record: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for group in record.get("checklist_raw") or []:
        label = shorten(text(group.get("group")).lstrip("* ").rstrip(" :"), MAX_GROUP)
        for item in group.get("items") or []:
            name = BULLET.sub("", text(item.get("name")))
            if not name or item.get("is_processing_result") is True:
                continue
            out.append({
                "code": text(item.get("code")),
                "name": shorten(name, MAX_DOC_NAME),
                "originals": max(0, int(item.get("original_qty") or 0)),
                "copies": max(0, int(item.get("copy_qty") or 0)),
                "group": label,
            })
    return out


def convert(record: dict[str, Any]) -> dict[str, Any]:
    category = record.get("category") or {}
    deadline_days, deadline_text = deadline(record)
    fee_vnd, fee_text = fee(record)
    source = record.get("source") or {}
    return {
        "code": text(record["code"]),
        "name": shorten(text(record.get("name")), MAX_NAME),
        "sector": {"code": text(category.get("code")), "name": text(category.get("name"))},
        "level": level_of(record),
        "executing_agency": text(record.get("executing_agency")),
        "deadline_days": deadline_days,
        "deadline_text": deadline_text,
        "fee_vnd": fee_vnd,
        "fee_text": fee_text,
        "documents": documents(record),
        "form": dict(EMPTY_FORM),
        "source": {"url": text(source.get("url")),
                   "date": text(source.get("crawled_at"))[:10] or None},
    }


class FormFileError(Exception):
    pass


def read_forms(folder: Path) -> dict[str, dict[str, Any]]:
    """The procedures' own forms: `<code>.json` in `folder`, each checked by load_form.

    A missing folder means no form files. Text is taken in NFC (render() writes NFC).
    """
    forms: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            raw = json.loads(unicodedata.normalize("NFC", path.read_text(encoding="utf-8")))
            load_form(raw)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FormFileError(f"{path}: cannot be read: {exc}") from None
        except FormSpecError as exc:
            raise FormFileError(f"{path}: {exc}") from None
        if not raw["fields"] or raw["version"] < 2:
            raise FormFileError(f"{path}: a form of its own needs fields and a version of 2 or "
                                "more (version 1 with no fields is the generic form)")
        forms[path.stem] = raw
    return forms


def merge_forms(procedures: list[dict[str, Any]], forms: dict[str, dict[str, Any]]) -> None:
    """Put each form file in the entry of its code; a file for an unknown code is an error."""
    by_code = {proc["code"]: proc for proc in procedures}
    unknown = sorted(set(forms) - set(by_code))
    if unknown:
        raise FormFileError(f"form files for codes that are not in the catalog: "
                            f"{', '.join(unknown)}")
    for code, form in forms.items():
        by_code[code]["form"] = form


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _dump_form(form: dict[str, Any]) -> str:
    """An empty form on one line; a real one indented, one key per line, to review and diff."""
    if not form.get("fields"):
        return _dump(form)
    return json.dumps(form, ensure_ascii=False, indent=1).replace("\n", "\n   ")


def render(procedures: list[dict[str, Any]]) -> str:
    """Pretty enough to review and diff (one document per line), compact enough to ship."""
    lines = ["{", f' "schema": {SCHEMA_VERSION},', f' "generated_from": {_dump(GENERATED_FROM)},',
             f' "generated_at": {_dump(GENERATED_AT)},', ' "procedures": [']
    for i, proc in enumerate(procedures):
        fields = []
        for key, value in proc.items():
            if key == "documents" and value:
                docs = ",\n".join(f"    {_dump(doc)}" for doc in value)
                fields.append(f'   "documents": [\n{docs}\n   ]')
            elif key == "form":
                fields.append(f'   "form": {_dump_form(value)}')
            else:
                fields.append(f"   {_dump(key)}: {_dump(value)}")
        comma = "," if i < len(procedures) - 1 else ""
        lines.append("  {\n" + ",\n".join(fields) + "\n  }" + comma)
    lines += [" ]", "}", ""]
    return unicodedata.normalize("NFC", "\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--forms", type=Path, default=DEFAULT_FORMS,
                        help="folder of <code>.json dossier forms to merge (docs/FORMS.md)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true",
                        help="fail if the output file differs from a fresh build")
    args = parser.parse_args(argv)
    files = sorted(args.source.glob("*.json"))
    if not files:
        parser.error(f"no *.json in {args.source}")
    records = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    procedures = sorted((convert(r) for r in records), key=lambda p: p["code"])
    try:
        forms = read_forms(args.forms)
        merge_forms(procedures, forms)
    except FormFileError as exc:
        parser.error(str(exc))
    output = render(procedures)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != output:
            print(f"{args.out} is out of date: run scripts/build_catalog.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(output, encoding="utf-8", newline="\n")
    specs = load_catalog(args.out)  # the app's own validator must accept what we ship
    levels: dict[str, int] = {}
    for spec in specs:
        levels[spec.level] = levels.get(spec.level, 0) + 1
    print(f"{args.out}: {len(specs)} procedures, {args.out.stat().st_size:,} bytes, "
          f"levels {dict(sorted(levels.items()))}, {len(forms)} with a form of their own")
    return 0


if __name__ == "__main__":
    sys.exit(main())
