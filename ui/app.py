"""The GUI entry point: one program, five roles (`main.py --role ...`).

Builds the QApplication on the main (GUI) thread, starts the DB worker, shows
the role's window at once and lets the worker open the database (migrations,
first-start data) behind it. `--screenshot FILE` renders offscreen, waits until
the screen has its data, saves a PNG and exits.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ui.system_check import NO_SCREEN_HINT, install_hint, missing_packages, no_screen

log = logging.getLogger(__name__)
ROLES = ("kiosk", "volunteer", "counter", "display", "admin")
SENDING_ROLES = ("counter", "admin")  # the PCs that run the sync worker when a portal is set
SCREENSHOT_TIMEOUT_MS = 20_000


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="One-stop-shop kiosk")
    parser.add_argument("--role", choices=ROLES, default="kiosk")
    parser.add_argument("--fullscreen", action="store_true")
    parser.add_argument("--lang", choices=("vi", "en"))
    parser.add_argument("--screenshot", metavar="FILE", help="render offscreen, save a PNG, exit")
    parser.add_argument("--size", default="1280x800", help="window size for --screenshot")
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        width, height = (int(n) for n in args.size.lower().split("x"))
    except ValueError:
        parser.error(f"--size must look like 1280x800, not {args.size!r}")
    args.width, args.height = width, height
    return args


def window_class(role: str) -> type:
    if role == "kiosk":
        from ui.kiosk.window import KioskWindow
        return KioskWindow
    if role == "volunteer":
        from ui.volunteer.window import VolunteerWindow
        return VolunteerWindow
    if role == "counter":
        from ui.counter.window import CounterWindow
        return CounterWindow
    if role == "display":
        from ui.display.window import DisplayWindow
        return DisplayWindow
    from ui.admin.window import AdminWindow
    return AdminWindow


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    headless = bool(args.screenshot or args.exit_when_ready)
    if headless:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        missing = missing_packages(screen=bool(os.environ.get("DISPLAY")))
        if missing:
            print(install_hint(missing), file=sys.stderr)
            return 1
        if no_screen():
            print(NO_SCREEN_HINT, file=sys.stderr)
            return 1

    from kiosk.errors import UserError
    from kiosk.logging_setup import setup_logging
    from kiosk.settings import load_settings

    try:
        settings = load_settings()
    except UserError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    setup_logging(settings)

    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from kiosk.bootstrap import Opened, prepare_database
    from kiosk.db.engine import Database
    from ui.error_text import user_message
    from ui.i18n import languages
    from ui.look import apply_look
    from ui.print_pool import install_pool, make_print_pool
    from ui.runner import DbRunner, install_runner, run_op
    from ui.signals import signals

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("mot-cua-kiosk")
    apply_look(app, args.role)
    languages().switch(args.lang or settings["ui.language"])
    runner = DbRunner(lambda: Database(settings.db_url))
    install_runner(runner)
    install_pool(make_print_pool(settings))

    portal = bool(settings["portal.url"])
    sync_service = None
    if portal and args.role in SENDING_ROLES and not headless:
        from ui.sync_service import install_sync, make_sync_service

        sync_service = make_sync_service(settings)
        install_sync(sync_service)

    role_class = window_class(args.role)
    window = (role_class(portal, settings["ui.kiosk_idle_seconds"]) if args.role == "kiosk"
              else role_class(portal))
    window.apply_settings(settings)
    ready: dict[str, Any] = {"opened": False, "painted": None, "painted_at": None}

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and ready["painted"] is None:
                ready["painted"] = time.perf_counter() - started
                ready["painted_at"] = time.time()
            return False

    paint_watch = FirstPaint()
    window.installEventFilter(paint_watch)

    if headless:
        window.locked_down = False
        window.resize(args.width, args.height)
        window.show()
    elif args.role == "kiosk":
        window.lock_down()
    elif args.fullscreen:
        window.showFullScreen()
    else:
        window.resize(args.width, args.height)
        window.show()

    def opened(result: Opened) -> None:
        ready["opened"] = True
        if sync_service is not None:
            sync_service.start()
        if result.first_admin_pin:
            print(f"First start: admin user 'admin' created with PIN {result.first_admin_pin} "
                  f"(also in {settings.folder / 'FIRST-ADMIN-PIN.txt'}).", file=sys.stderr)
        signals.started.emit(result)

    def open_failed(error: BaseException) -> None:
        log.error("cannot open the database: %s", type(error).__name__, exc_info=error)
        if headless:
            text = error.message if isinstance(error, UserError) else str(error).splitlines()[0]
            print(f"error: cannot open the database: {text}", file=sys.stderr)
            app.exit(3)
            return
        if args.role == "kiosk":  # a dialog could hide behind the frameless kiosk
            window.show_message(user_message(error))
            return
        QMessageBox.critical(window, QCoreApplication.translate("App", "Database"),
                             user_message(error))

    run_op(None, lambda db: prepare_database(db, settings), opened, open_failed)

    if headless:
        def finish_when_ready() -> None:
            if not (ready["opened"] and not runner.busy and ready["painted"] is not None):
                return
            app.processEvents()
            if args.screenshot:
                target = Path(args.screenshot)
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                except OSError:
                    pass
                if not window.grab().save(str(target)):
                    print(f"error: cannot write the screenshot to {target} (use a .png name in "
                          "a folder you can write to)", file=sys.stderr)
                    app.exit(5)
                    return
            if args.exit_when_ready:
                print(json.dumps({"first_paint_s": round(ready["painted"], 3),
                                  "first_paint_at": ready["painted_at"],
                                  "ready_s": round(time.perf_counter() - started, 3),
                                  "rss_mb": round(_rss_mb(), 1)}), flush=True)
            app.quit()

        poll = QTimer(interval=50)
        poll.timeout.connect(finish_when_ready)
        poll.start()

        def too_slow() -> None:
            print("error: the screen did not get ready in time", file=sys.stderr)
            app.exit(4)

        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, too_slow)

    code = app.exec()
    if sync_service is not None:
        sync_service.stop()
    runner.stop()
    return code
