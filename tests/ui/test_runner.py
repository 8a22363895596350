"""The DB worker: ops run off the GUI thread, in order; results and errors come back to it."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from kiosk.errors import UserError
from kiosk.services.office_setup import list_services
from ui.runner import run_op


def test_ops_run_in_order_on_the_worker_and_report_on_the_gui_thread(qtbot, runner) -> None:
    gui = threading.get_ident()
    ran_on: list[int] = []
    results: list[tuple[int, int]] = []

    def op(n: int):
        def run(db):
            ran_on.append(threading.get_ident())
            return n
        return run

    for n in range(20):
        run_op(None, op(n), lambda value: results.append((value, threading.get_ident())))
    qtbot.waitUntil(lambda: len(results) == 20)
    assert [value for value, _ in results] == list(range(20))
    assert {thread for _, thread in results} == {gui}
    assert gui not in ran_on and len(set(ran_on)) == 1


def test_a_failing_op_reaches_its_failure_callback_and_the_worker_goes_on(qtbot, runner) -> None:
    errors: list[BaseException] = []
    services: list = []

    def bad(db):
        raise UserError("nope", "Not possible")

    run_op(None, bad, None, errors.append)
    run_op(None, list_services, services.append)
    qtbot.waitUntil(lambda: bool(services))
    assert isinstance(errors[0], UserError) and services[0][0].code == "ho-tich"


def test_an_unhandled_failure_is_announced_not_swallowed(qtbot, runner) -> None:
    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        run_op(None, lambda db: 1 / 0)
    assert isinstance(blocker.args[0], ZeroDivisionError)


def test_a_result_for_a_deleted_widget_is_dropped(qtbot, runner) -> None:
    widget = QWidget()
    called: list[object] = []
    release = threading.Event()

    def slow(db):
        release.wait(5)
        return 1

    run_op(widget, slow, called.append)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(widget))
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert called == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_bundled_font_is_the_apps_font(open_role, lang) -> None:
    from PySide6.QtWidgets import QApplication

    open_role("kiosk", lang=lang)
    assert QApplication.font().family() == "DejaVu Sans"
