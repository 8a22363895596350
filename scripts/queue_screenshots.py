"""Render the queue's screens with real data into docs/screenshots/: the kiosk's ticket
screen and priority choice, a counter with a called citizen, the display after calls.

    .venv/bin/python scripts/queue_screenshots.py

A development tool: offscreen, on a demo database in a temporary data folder.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["KIOSK_DATA_DIR"] = tempfile.mkdtemp()
os.environ.pop("KIOSK_DB_URL", None)

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import update  # noqa: E402

from kiosk.bootstrap import open_database  # noqa: E402
from kiosk.models import Service  # noqa: E402
from kiosk.services import issuing, tickets  # noqa: E402
from kiosk.services.seed_demo import seed_demo  # noqa: E402
from kiosk.services.staff import list_users  # noqa: E402
from kiosk.settings import load_settings  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def settle(app: QApplication, runner, ms: int = 600) -> None:  # noqa: ANN001
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    while runner.busy:
        app.processEvents()


def main() -> None:
    settings = load_settings()
    opened = open_database(settings)
    db = opened.db
    seed_demo(db, 50, 3)
    with db.write() as s:
        s.execute(update(Service).values(opens="00:00", closes="24:00"))
    for group in (None, None, "elderly", None, None, "pregnant", None):
        issuing.issue_ticket(db, "ho-tich", priority_group=group, check_hours=False)
    issuing.issue_ticket(db, "cu-tru", check_hours=False)
    tickets.call_next(db, tickets.counter_id_by_number(db, 1))
    tickets.call_next(db, tickets.counter_id_by_number(db, 4))

    app = QApplication([])
    from ui.app import window_class
    from ui.i18n import languages
    from ui.look import apply_look
    from ui.print_pool import install_pool, make_print_pool
    from ui.runner import DbRunner, install_runner, run_op
    from ui.signals import signals

    runner = DbRunner(lambda: db)
    install_runner(runner)
    install_pool(make_print_pool(settings))
    for lang in ("vi", "en"):
        for role, size in (("kiosk", (1280, 800)), ("counter", (1280, 800)),
                           ("display", (1600, 900))):
            apply_look(app, role)
            languages().switch(lang)
            window = window_class(role)(False)
            window.resize(*size)
            window.show()
            run_op(None, lambda d: opened, signals.started.emit)
            settle(app, runner, 900)
            if role == "kiosk":
                window.locked_down = False
                flow = window.flow
                services = [v for v in flow.board._services if v.code == "ho-tich"]
                flow._service_chosen(services[0])
                settle(app, runner)
                window.grab().save(str(OUT / f"kiosk-priority-{lang}.png"))
                flow._priority_chosen(None)
                settle(app, runner, 900)
                window.grab().save(str(OUT / f"kiosk-ticket-{lang}.png"))
            elif role == "counter":
                window.counter_pick.setCurrentIndex(0)
                window._signed_in(next(u for u in list_users(db) if u.username == "canbo1"))
                window.refresh()
                settle(app, runner, 900)
                window.grab().save(str(OUT / f"counter-calling-{lang}.png"))
            else:
                tickets.call_next(db, tickets.counter_id_by_number(db, 4))
                settle(app, runner, 1200)
                window.grab().save(str(OUT / f"display-calls-{lang}.png"))
            window.close()
    runner.stop()
    print("\n".join(sorted(p.name for p in OUT.glob("*-*-*.png"))))


if __name__ == "__main__":
    main()
