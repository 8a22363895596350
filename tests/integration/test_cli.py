"""The admin CLI against a real database (SQLite file or PostgreSQL, per KIOSK_TEST_DB)."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.db.migrate import HEAD_REVISION
from kiosk.cli import main
from kiosk.db.engine import Database
from kiosk.models import Dossier, Outbox, Procedure
from kiosk.citizen_id import validate_citizen_id
from kiosk.phone import normalise_phone

ROOT = Path(__file__).resolve().parents[2]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_db_upgrade_is_idempotent_and_reports_revision(db_url: str, capsys) -> None:
    code, out, _ = run_cli(capsys, "db", "upgrade")
    assert code == 0
    assert f"schema at {HEAD_REVISION}" in out
    code, out, _ = run_cli(capsys, "db", "status")
    assert code == 0 and json_lines(out)[0]["current"] is True


def test_service_list_prints_one_json_line_per_service(db_url: str, capsys) -> None:
    code, out, _ = run_cli(capsys, "service", "list")
    assert code == 0
    services = json_lines(out)
    assert [s["code"] for s in services][:2] == ["ho-tich", "chung-thuc"]
    assert all(s["name"] for s in services)
    assert services[0]["name"] == "Hộ tịch"


def test_catalog_list_and_import(db_url: str, capsys, tmp_path: Path) -> None:
    code, out, _ = run_cli(capsys, "catalog", "list", "--level", "commune")
    rows = json_lines(out)
    assert code == 0 and rows
    assert any(r["code"] == "1.001193" for r in rows)
    assert all(r["level"] == "commune" for r in rows)

    from kiosk.catalog import bundled_catalog_path

    code, out, _ = run_cli(capsys, "catalog", "import", str(bundled_catalog_path()))
    assert code == 0 and "0 added" in out and "unchanged" in out


def test_catalog_import_refuses_a_bad_file_with_one_line(db_url: str, capsys, tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": 1, "procedures": [{"code": "1.001193"}]}', encoding="utf-8")
    code, out, err = run_cli(capsys, "catalog", "import", str(bad))
    assert code == 2
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert "1.001193" in err
    missing = tmp_path / "missing.json"
    code, _, err = run_cli(capsys, "catalog", "import", str(missing))
    assert code == 2 and "Traceback" not in err


def test_user_add_list_and_refusals(db_url: str, capsys, monkeypatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    code, out, err = run_cli(capsys, "user", "add", "lan", "--role", "counter",
                             "--full-name", "Trần Thị Lan", "--password")
    assert code == 0, err
    assert json_lines(out)[0] == {"id": json_lines(out)[0]["id"], "username": "lan",
                                  "role": "counter"}
    monkeypatch.setattr("sys.stdin", io.StringIO("24681357\n"))
    code, out, err = run_cli(capsys, "user", "add", "boss", "--role", "admin")
    assert code == 0, err
    code, out, _ = run_cli(capsys, "user", "list")
    users = {u["username"]: u for u in json_lines(out)}
    assert users["lan"]["full_name"] == "Trần Thị Lan" and users["lan"]["password"] is True
    assert users["boss"]["pin"] is True

    for args, stdin in ((["user", "add", "lan", "--role", "counter"], ""),
                        (["user", "add", "x y", "--role", "counter"], ""),
                        (["user", "add", "minh", "--role", "chief"], ""),
                        (["user", "add", "minh", "--role", "admin"], "12\n"),
                        (["user", "add", "minh", "--role", "counter", "--password"], "short\n")):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code, _, err = run_cli(capsys, *args)
        assert code == 2, args
        assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err


def test_seed_demo_makes_a_backlog_of_valid_dossiers(db_url: str, capsys) -> None:
    code, out, err = run_cli(capsys, "seed-demo", "--dossiers", "300", "--seed", "7")
    assert code == 0, err
    summary = json_lines(out)[0]
    assert summary["dossiers"] == 300
    db = Database(db_url)
    with db.read() as s:
        dossiers = s.scalars(select(Dossier)).all()
        assert len(dossiers) == 300
        assert len({d.code for d in dossiers}) == 300
        pending = s.scalar(select(func.count()).select_from(Outbox)
                           .where(Outbox.state == "pending"))
        assert pending == 300
        known = set(s.scalars(select(Procedure.code)))
    days = {d.received_at.date() for d in dossiers}
    assert (max(days) - min(days)).days > 200  # spread over a year
    for d in dossiers:
        assert d.procedure_code in known
        assert validate_citizen_id(d.applicant_id_number, d.applicant_date_of_birth)
        assert normalise_phone(d.applicant_phone) == d.applicant_phone
        assert d.appointment_at >= d.received_at
        assert d.code.split("-")[1] == d.received_at.astimezone(
            __import__("kiosk.clock", fromlist=["VN_TZ"]).VN_TZ).strftime("%y%m%d")
    assert any(ch in "ăâđêôơưàáạảãốứự" for d in dossiers for ch in d.applicant_full_name.lower())
    db.dispose()


def test_seed_demo_is_deterministic_and_continues_codes(db_url: str, capsys) -> None:
    assert run_cli(capsys, "seed-demo", "--dossiers", "50", "--seed", "3")[0] == 0
    db = Database(db_url)
    with db.read() as s:
        first = sorted((d.applicant_full_name, d.applicant_id_number)
                       for d in s.scalars(select(Dossier)))
    assert run_cli(capsys, "seed-demo", "--dossiers", "50", "--seed", "3")[0] == 0
    with db.read() as s:
        codes = list(s.scalars(select(Dossier.code)))
        again = sorted((d.applicant_full_name, d.applicant_id_number)
                       for d in s.scalars(select(Dossier)))
    assert len(codes) == len(set(codes)) == 100  # second run continues each day's numbers
    assert again == sorted(first + first)
    db.dispose()


def test_report_day_counts_that_days_dossiers(db_url: str, capsys) -> None:
    assert run_cli(capsys, "seed-demo", "--dossiers", "200", "--seed", "5")[0] == 0
    db = Database(db_url)
    from kiosk.clock import local

    with db.read() as s:
        received = [local(t).date() for t in s.scalars(select(Dossier.received_at))]
    db.dispose()
    day = max(set(received), key=received.count)
    code, out, _ = run_cli(capsys, "report", "day", day.isoformat(), "--json")
    assert code == 0
    report = json_lines(out)[0]
    assert report["dossiers_received"] == received.count(day)
    assert sum(r["count"] for r in report["dossiers_by_procedure"]) == received.count(day)
    code, out, _ = run_cli(capsys, "report", "day", day.isoformat())
    assert code == 0 and f"{day:%d/%m/%Y}" in out
    code, _, err = run_cli(capsys, "report", "day", date.today().isoformat(), "--json")
    assert code == 0


def test_bad_arguments_and_unreachable_database_give_one_line(db_url, capsys, monkeypatch) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "day", "27/11/2026"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1
    monkeypatch.setenv("KIOSK_DB_URL", "postgresql://nobody@127.0.0.1:1/none")
    code, _, err = run_cli(capsys, "service", "list")
    assert code == 3 and err.startswith("error: cannot use the database")
    monkeypatch.setenv("KIOSK_DB_URL", "mysql://x@y/z")
    code, _, err = run_cli(capsys, "service", "list")
    assert code == 2 and "Unsupported database" in err


def test_python_dash_m_kiosk_runs_as_a_process(db_url: str) -> None:
    out = subprocess.run([sys.executable, "-m", "kiosk", "service", "list"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.splitlines()[0])["code"] == "ho-tich"
    bad = subprocess.run([sys.executable, "-m", "kiosk", "catalog", "import", "/nonexistent"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_the_kiosk_console_script_and_its_log(db_url: str, data_dir: Path) -> None:
    script = Path(sys.executable).parent / "kiosk"
    assert script.exists(), "pip install -e . makes the `kiosk` console script"
    out = subprocess.run([str(script), "user", "list"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.splitlines()[0])["username"] == "admin"
    assert (data_dir / "logs" / "kiosk.log").exists()


def test_a_dossier_received_early_morning_counts_on_the_vietnamese_day(db_url, capsys) -> None:
    """06:00 in Hà Nội is 23:00 UTC the day before: the report must use the local day."""
    from datetime import datetime, timezone

    from kiosk.clock import VN_TZ

    assert run_cli(capsys, "seed-demo", "--dossiers", "1", "--seed", "2")[0] == 0
    db = Database(db_url)
    early = datetime(2026, 3, 10, 6, 0, tzinfo=VN_TZ)
    with db.write() as s:
        dossier = s.scalars(select(Dossier)).one()
        dossier.received_at = early.astimezone(timezone.utc)
    db.dispose()
    report = json_lines(run_cli(capsys, "report", "day", "2026-03-10", "--json")[1])[0]
    assert report["dossiers_received"] == 1
    before = json_lines(run_cli(capsys, "report", "day", "2026-03-09", "--json")[1])[0]
    assert before["dossiers_received"] == 0


def test_out_of_range_dates_and_bad_settings_are_one_line(db_url, capsys, monkeypatch) -> None:
    for day in ("9999-12-31", "0001-01-01"):
        with pytest.raises(SystemExit) as exit_info:
            main(["report", "day", day])
        assert exit_info.value.code == 2
        assert "outside the years" in capsys.readouterr().err
    monkeypatch.setenv("KIOSK_LOG_LEVEL", "chatty")
    code, _, err = run_cli(capsys, "service", "list")
    assert code == 2 and "log.level must be one of" in err
    monkeypatch.delenv("KIOSK_LOG_LEVEL")
    monkeypatch.setenv("KIOSK_DATA_DIR", "/proc/no-such-place")
    code, _, err = run_cli(capsys, "service", "list")
    assert code == 2 and "data folder" in err and "Traceback" not in err


def test_office_bank_account_is_checked_and_kept(db_url: str, capsys) -> None:
    code, out, _ = run_cli(capsys, "office", "bank", "970436", "0011004123456",
                           "--holder", "UBND xã Hòa An")
    assert code == 0
    assert json_lines(out)[0] == {"bank_bin": "970436", "bank_account": "0011004123456",
                                  "bank_account_name": "UBND xã Hòa An"}
    code, _, err = run_cli(capsys, "office", "bank", "97043", "0011004123456", "--holder", "X")
    assert code == 2 and "bin" in err.lower()
    code, _, err = run_cli(capsys, "office", "bank", "970436", "0011004123456")
    assert code == 2 and "holder" in err
    code, out, _ = run_cli(capsys, "office", "bank", "")
    assert code == 0 and json_lines(out)[0]["bank_bin"] is None


def test_the_admin_edits_the_holiday_table(db_url: str, capsys) -> None:
    code, out, _ = run_cli(capsys, "holiday", "list", "--year", "2025")
    assert code == 0 and any(r["name"].startswith("Tết Nguyên đán") for r in json_lines(out))
    code, out, _ = run_cli(capsys, "holiday", "set", "2030-09-03", "Quốc khánh (nghỉ bù)")
    assert code == 0 and json_lines(out)[0]["date"] == "2030-09-03"
    code, out, _ = run_cli(capsys, "holiday", "set", "2030-09-07", "Làm bù",
                           "--working-saturday")
    assert code == 0 and json_lines(out)[0]["working_saturday"] is True
    code, _, err = run_cli(capsys, "holiday", "set", "2030-09-04", "Làm bù",
                           "--working-saturday")
    assert code == 2 and "weekend" in err
    code, out, _ = run_cli(capsys, "holiday", "list", "--year", "2030")
    assert [r["date"] for r in json_lines(out)][-2:] == ["2030-09-03", "2030-09-07"]
    assert run_cli(capsys, "holiday", "remove", "2030-09-03")[0] == 0
    assert run_cli(capsys, "holiday", "remove", "2030-09-03")[0] == 2
    with pytest.raises(SystemExit) as exited:
        run_cli(capsys, "holiday", "set", "30/09/2030", "x")
    assert exited.value.code == 2 and "not a date" in capsys.readouterr().err
