"""A kiosk in a process of its own, for tests/integration/test_crash_mid_wizard.py.

Opens the kiosk window on the database of KIOSK_DB_URL (offscreen), starts a dossier
for the procedure named on the command line, types the first page on the on-screen
keyboard, goes Next (which saves the draft), prints "SAVED <dossier id>", then keeps
typing on the second page until it is killed.
"""
from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.bootstrap import prepare_database  # noqa: E402
from kiosk.db.engine import Database  # noqa: E402
from kiosk.settings import load_settings  # noqa: E402
from ui.app import window_class  # noqa: E402
from ui.i18n import languages  # noqa: E402
from ui.look import apply_look  # noqa: E402
from ui.print_pool import install_pool, make_print_pool  # noqa: E402
from ui.runner import DbRunner, install_runner, run_op  # noqa: E402
from ui.signals import signals  # noqa: E402

FIRST_PAGE = {"full_name": "Nguyeenx Thij Hoaf", "id_number": "001303004567",
              "date_of_birth": "14/05/2003", "phone": "0912345678"}


def main() -> None:
    procedure = sys.argv[1]
    settings = load_settings()
    app = QApplication([sys.argv[0]])
    apply_look(app, "kiosk")
    languages().switch("vi")
    runner = DbRunner(lambda: Database(settings.db_url))
    install_runner(runner)
    install_pool(make_print_pool(settings))
    window = window_class("kiosk")(False, 600)
    window.locked_down = False
    window.resize(1280, 800)
    window.show()
    state = {"started": False, "step": 0}
    signals.started.connect(lambda _opened: state.update(started=True))
    run_op(None, lambda db: prepare_database(db, settings), signals.started.emit)
    flow, wizard = window.dossier_flow, window.dossier_flow.wizard

    def tick() -> None:
        if not state["started"] or runner.busy:
            return
        step = state["step"]
        if step == 0:
            window.start_dossier(None)
        elif step == 1:
            button = next((b for b in flow.picker.buttons
                           if b.property("code") == procedure), None)
            if button is None:
                flow.picker.search.setText(procedure)
                return
            button.click()
        elif step == 2:
            if wizard.page_widget is None:
                return
            for name, keys in FIRST_PAGE.items():
                widget = wizard.page_widget.widgets[name]
                wizard.keyboard.attach(widget.editor, "text")
                for key in keys:
                    wizard.keyboard.press(key)
            address = wizard.page_widget.widgets["address"]
            address.set_value({"province": "01", "commune": "00070", "street": "12 Lý Thái Tổ"})
            wizard.next()
        elif step == 3:
            if wizard.current == "applicant" or wizard.busy:
                return
            print(f"SAVED {wizard.dossier.id}", flush=True)
        else:  # typing on, unsaved, until killed
            editor = next(iter(wizard.page_widget.widgets.values())).first_editor()
            if editor is not None and hasattr(editor, "setText"):
                wizard.keyboard.attach(editor, "text")
                wizard.keyboard.press("a")
            return
        state["step"] = step + 1

    timer = QTimer(interval=30)
    timer.timeout.connect(tick)
    timer.start()
    app.exec()


if __name__ == "__main__":
    main()
