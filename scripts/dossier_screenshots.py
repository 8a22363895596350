"""Render the dossier screens with real data into docs/screenshots/: every wizard page of
the birth registration (1.001193) at the kiosk, its review, the counter receiving it
(the papers and the fee, then the receipt's code), and the kiosk's status lookup.

    .venv/bin/python scripts/dossier_screenshots.py

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

from bench.wizard_step import ANSWERS, PROCEDURE  # noqa: E402 - a father's birth registration
from kiosk.bootstrap import open_database  # noqa: E402
from kiosk.models import Service  # noqa: E402
from kiosk.services import issuing, tickets  # noqa: E402
from kiosk.services.seed_demo import seed_demo  # noqa: E402
from kiosk.settings import load_settings  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def settle(app: QApplication, runner, ms: int = 400) -> None:  # noqa: ANN001
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    while runner.busy:
        app.processEvents()


def shot(window, name: str) -> None:  # noqa: ANN001
    path = OUT / f"{name}.png"
    window.grab().save(str(path))
    print(path.relative_to(ROOT))


def main() -> None:
    settings = load_settings()
    opened = open_database(settings)
    db = opened.db
    seed_demo(db, 30, 4)
    with db.write() as s:
        s.execute(update(Service).values(opens="00:00", closes="24:00"))
    ticket = issuing.issue_ticket(db, "ho-tich", check_hours=False)

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
    apply_look(app, "kiosk")
    languages().switch("vi")
    kiosk = window_class("kiosk")(False)
    kiosk.locked_down = False
    kiosk.resize(1280, 1024)
    kiosk.show()
    run_op(None, lambda d: opened, signals.started.emit)
    settle(app, runner, 800)
    kiosk.start_dossier(ticket)
    settle(app, runner)
    shot(kiosk, "dossier-0-procedure-vi")
    button = next(b for b in kiosk.dossier_flow.picker.buttons
                  if b.property("code") == PROCEDURE)
    button.click()
    settle(app, runner)
    wizard = kiosk.dossier_flow.wizard
    step = 1
    while wizard.current != "review":
        wizard.answers.update(ANSWERS)
        wizard.show_page(wizard.current)
        settle(app, runner, 200)
        if step == 1 and wizard.keyboard is not None:  # the keyboard, as a citizen sees it
            name = wizard.page_widget.widgets["full_name"]
            wizard.keyboard.attach(name.editor, "text")
        shot(kiosk, f"dossier-{step}-{wizard.current}-vi")
        before = wizard.current
        wizard.next()
        settle(app, runner)
        if wizard.current == before:
            raise SystemExit(f"page {before} did not pass: {wizard.page_error.text()}")
        step += 1
    shot(kiosk, f"dossier-{step}-review-vi")
    wizard.next()
    settle(app, runner)
    shot(kiosk, f"dossier-{step + 1}-saved-vi")

    tickets.call_next(db, tickets.counter_id_by_number(db, 4))
    apply_look(app, "counter")
    counter = window_class("counter")(False)
    counter.resize(1280, 900)
    counter.show()
    run_op(None, lambda d: opened, signals.started.emit)
    settle(app, runner, 800)
    counter.counter_pick.setCurrentIndex(3)
    settle(app, runner, 800)
    from kiosk.services.staff import list_users
    counter._signed_in(next(u for u in list_users(db) if u.role == "counter"))
    counter.open_reception()
    settle(app, runner)
    reception = counter.reception
    reception.wizard.next()  # the review: the officer checked it
    settle(app, runner)
    for row in range(min(3, reception.papers.rowCount())):
        reception.papers.cellWidget(row, 0).setChecked(True)
    shot(counter, "counter-reception-papers-vi")
    reception.receive()
    settle(app, runner, 800)
    shot(counter, "counter-reception-received-vi")
    code = reception.last.dossier.code

    apply_look(app, "kiosk")
    kiosk.start_lookup()
    kiosk.lookup.code.setText(f"MOTCUA:{code}")
    kiosk.lookup.look_up()
    settle(app, runner)
    shot(kiosk, "kiosk-status-lookup-vi")
    languages().switch("en")
    settle(app, runner, 200)
    shot(kiosk, "kiosk-status-lookup-en")
    runner.stop()


if __name__ == "__main__":
    main()
