"""Render the account-help flow into docs/screenshots/: the kiosk's home, each kind of
screen of the bundled guide (Vietnamese, one in English), the details with a mistake
said beside it, the end with the steps left, the volunteer's outcome list, the admin's
tab, and the slip the flow printed (its PDF through pdftoppm).

    .venv/bin/python scripts/account_help_screenshots.py

A development tool: offscreen, a demo database in a temporary data folder.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["KIOSK_DATA_DIR"] = tempfile.mkdtemp()
os.environ.pop("KIOSK_DB_URL", None)

from PySide6.QtWidgets import QApplication, QPushButton  # noqa: E402
from sqlalchemy import select  # noqa: E402

from kiosk.bootstrap import open_database  # noqa: E402
from kiosk.db.engine import Database  # noqa: E402
from kiosk.models import PrintJob  # noqa: E402
from kiosk.services.print_jobs import get_job  # noqa: E402
from kiosk.services.seed_demo import seed_demo  # noqa: E402
from kiosk.services.staff import add_user  # noqa: E402
from kiosk.services.staff import list_users  # noqa: E402
from kiosk.settings import load_settings  # noqa: E402
from printers.pdf_render import render_pdf_file  # noqa: E402
from printers.spooler import layout_for  # noqa: E402
from scripts.dossier_screenshots import OUT, settle, shot  # noqa: E402

PERSON = {"full_name": "Hoàng Thị Mỷ", "id_number": "001303004568",
          "date_of_birth": "02/01/2003", "phone": "0912345678", "email": ""}


def tap_option(app, runner, flow, value: str) -> None:  # noqa: ANN001
    button = next(b for b in flow.step_page.findChildren(QPushButton)
                  if b.property("option") == value and b.isVisible())
    button.click()
    settle(app, runner, 150)


def main() -> None:
    settings = load_settings()
    db = open_database(settings).db
    seed_demo(db, 0, 1)
    helper = add_user(db, "doanvien1", "volunteer", full_name="Lò Thị Hoa",
                      password="mat-khau-dai-1")

    from ui.app import window_class
    from ui.i18n import languages
    from ui.look import apply_look
    from ui.print_pool import install_pool, make_print_pool
    from ui.runner import DbRunner, install_runner, run_op
    from ui.signals import signals

    app = QApplication.instance() or QApplication([])
    runner = DbRunner(lambda: Database(settings.db_url))
    install_runner(runner)
    install_pool(make_print_pool(settings))
    apply_look(app, "kiosk")
    languages().switch("vi")
    kiosk = window_class("kiosk")(False)
    kiosk.locked_down = False
    kiosk.apply_settings(settings)
    kiosk.resize(1080, 1920 // 2 + 400)
    kiosk.show()
    run_op(None, lambda d: open_database(settings, first_start_data=False), signals.started.emit)
    settle(app, runner)
    shot(kiosk, "account-help-0-home-vi")
    kiosk.account_button.click()
    settle(app, runner)
    flow = kiosk.account_flow
    shot(kiosk, "account-help-1-welcome-vi")
    tap_option(app, runner, flow, "next")
    shot(kiosk, "account-help-2-chip-card-vi")
    tap_option(app, runner, flow, "no")
    shot(kiosk, "account-help-3-vneid-vi")
    languages().switch("en")
    settle(app, runner, 150)
    shot(kiosk, "account-help-3-vneid-en")
    languages().switch("vi")
    settle(app, runner, 150)
    for value in ("level1", "yes", "yes", "no"):
        tap_option(app, runner, flow, value)
    shot(kiosk, "account-help-4-consent-vi")
    flow.consent_page.agree.click()
    settle(app, runner)
    page = flow.details_page
    for key, value in PERSON.items():
        page.edits[key].setText(value if key != "id_number" else "0013030045")
    page.save.click()
    settle(app, runner)
    shot(kiosk, "account-help-5-details-mistake-vi")
    page.edits["id_number"].setText(PERSON["id_number"])
    page.save.click()
    settle(app, runner, 600)
    shot(kiosk, "account-help-6-finish-vi")
    with db.read() as s:
        job_id = s.scalar(select(PrintJob.id).where(PrintJob.kind == "account_help"))
    pdf = render_pdf_file(layout_for(get_job(db, job_id)), OUT / "account-help-slip.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(pdf),
                    str(OUT / "account-help-slip")], check=True)
    pdf.unlink()
    print("docs/screenshots/account-help-slip.png")
    kiosk.close()

    apply_look(app, "volunteer")
    volunteer = window_class("volunteer")(False)
    volunteer.apply_settings(settings)
    volunteer.resize(1280, 800)
    volunteer.show()
    settle(app, runner)
    volunteer._signed_in(helper)
    volunteer.show_outcomes()
    settle(app, runner)
    shot(volunteer, "account-help-7-volunteer-outcomes-vi")
    volunteer.close()

    apply_look(app, "admin")
    admin = window_class("admin")(False)
    admin.resize(1280, 800)
    admin.show()
    run_op(None, lambda d: open_database(settings, first_start_data=False), signals.started.emit)
    settle(app, runner)
    admin._signed_in(next(u for u in list_users(db) if u.role == "admin"))
    settle(app, runner)
    admin.tabs.setCurrentWidget(admin.account_help)
    settle(app, runner)
    shot(admin, "account-help-8-admin-vi")
    runner.stop()


if __name__ == "__main__":
    main()
