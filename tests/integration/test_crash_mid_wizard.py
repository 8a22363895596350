"""Kill the kiosk mid-wizard: every page already saved is there, intact, after a restart."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

from sqlalchemy import text

from kiosk.db.engine import Database
from kiosk.services import dossiers

ROOT = Path(__file__).resolve().parents[2]
PROCEDURE = "1.013313"  # one with the generic form


def test_a_kiosk_killed_mid_wizard_keeps_the_draft(db: Database, db_url: str,
                                                   data_dir: Path) -> None:
    env = dict(os.environ, KIOSK_DB_URL=db_url, KIOSK_DATA_DIR=str(data_dir),
               QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, "-m", "tests.wizard_child", PROCEDURE], cwd=ROOT,
                             env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line.startswith("SAVED "), line
        dossier_id = uuid.UUID(line.split()[1])
        os.kill(child.pid, signal.SIGKILL)  # a power cut, as far as the process knows
        child.wait(timeout=20)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL

    restart = subprocess.run([sys.executable, "main.py", "--role", "kiosk",
                              "--exit-when-ready"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=120)
    assert restart.returncode == 0, restart.stderr
    assert "ready_s" in json.loads(restart.stdout.strip().splitlines()[-1])

    draft = dossiers.get_dossier(db, dossier_id)
    assert draft.state == "draft" and draft.draft_step == "request"
    assert draft.answers["full_name"] == "Nguyễn Thị Hòa"
    assert draft.answers["address"]["commune"] == "00070"
    assert draft.applicant.id_number == "001303004567"
    assert draft.applicant.full_name == "Nguyễn Thị Hòa"
    if db.dialect == "sqlite":
        with db.read() as s:
            assert s.scalar(text("PRAGMA integrity_check")) == "ok"
