"""Render the admin's Portal tab into docs/screenshots/: after a run against the simulator
with one record the portal rejected, in Vietnamese and English, and the fix dialog.

    .venv/bin/python scripts/sync_screenshots.py

A development tool: offscreen, a demo database in a temporary data folder, the portal
simulator in-process.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["KIOSK_DATA_DIR"] = tempfile.mkdtemp()
os.environ.pop("KIOSK_DB_URL", None)

from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import select, update  # noqa: E402

from kiosk.bootstrap import open_database  # noqa: E402
from kiosk.db.engine import Database  # noqa: E402
from kiosk.models import Outbox  # noqa: E402
from kiosk.services.outbox import canonical_json, payload_sha256  # noqa: E402
from kiosk.services.seed_demo import seed_demo  # noqa: E402
from kiosk.services.staff import list_users  # noqa: E402
from kiosk.settings import load_settings  # noqa: E402
from scripts.dossier_screenshots import settle, shot  # noqa: E402
from sync.http_portal import HttpPortal, PortalAccount  # noqa: E402
from sync.simulator import Simulator  # noqa: E402
from sync.worker import SyncConfig, SyncWorker  # noqa: E402


def spoil_oldest(db: Database) -> None:
    with db.write() as s:
        row = s.scalars(select(Outbox).order_by(Outbox.created_at).limit(1)).one()
        payload = json.loads(row.payload)
        payload["applicant"]["id_number"] = "0012"
        text = canonical_json(payload)
        s.execute(update(Outbox).where(Outbox.id == row.id)
                  .values(payload=text, payload_sha256=payload_sha256(text)))


def main() -> None:
    settings = load_settings()
    db = open_database(settings).db
    seed_demo(db, 40, seed=3)
    spoil_oldest(db)
    with Simulator(status_every=0, clock_offset_s=420) as sim:
        account = PortalAccount(sim.url, "kiosk-dev", "kiosk-dev-secret", "admin-pc")
        SyncWorker(db, HttpPortal(account), SyncConfig(settings.folder)).run_cycle()
    seed_demo(db, 7, seed=4)  # received since: waiting for the next run

    from ui.app import window_class
    from ui.i18n import languages
    from ui.look import apply_look
    from ui.print_pool import install_pool, make_print_pool
    from ui.runner import DbRunner, install_runner, run_op
    from ui.signals import signals

    app = QApplication.instance() or QApplication([])
    apply_look(app, "admin")
    runner = DbRunner(lambda: Database(settings.db_url))
    install_runner(runner)
    install_pool(make_print_pool(settings))
    for lang in ("vi", "en"):
        languages().switch(lang)
        window = window_class("admin")(True)
        window.resize(1280, 800)
        window.show()
        run_op(None, lambda d: open_database(settings, first_start_data=False),
               signals.started.emit)
        settle(app, runner)
        window._signed_in(next(u for u in list_users(db) if u.role == "admin"))
        settle(app, runner)
        window.tabs.setCurrentWidget(window.sync)
        settle(app, runner)
        window.sync.table.selectRow(0)
        shot(window, f"sync-portal-tab-{lang}")
        if lang == "vi":
            window.sync.fix.click()
            settle(app, runner)
            dialog = next(w for w in QApplication.topLevelWidgets()
                          if w.objectName() == "fixDialog" and w.isVisible())
            shot(dialog, "sync-fix-dialog-vi")
            dialog.reject()
        window.close()
    runner.stop()


if __name__ == "__main__":
    main()
