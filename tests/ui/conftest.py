"""GUI fixtures: the app's look, a DB runner on a real database, a role window opened on it."""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from kiosk.bootstrap import prepare_database
from kiosk.db.engine import Database
from kiosk.settings import Settings
from ui.i18n import languages
from ui.look import apply_look
from ui.print_pool import PrintPool, install_pool, make_print_pool
from ui.role_window import RoleWindow
from ui.runner import DbRunner, install_runner, run_op
from ui.signals import signals


@pytest.fixture
def runner(qapp, settings: Settings) -> Iterator[DbRunner]:
    runner = DbRunner(lambda: Database(settings.db_url))
    install_runner(runner)
    yield runner
    runner.stop()


@pytest.fixture
def print_pool(qapp, runner: DbRunner, settings: Settings) -> Iterator[PrintPool]:
    pool = make_print_pool(settings)
    install_pool(pool)
    yield pool
    pool.wait()


@pytest.fixture
def open_role(qtbot, qapp, runner: DbRunner, print_pool: PrintPool, settings: Settings) -> Iterator[Callable[..., RoleWindow]]:
    """open_role("kiosk", lang="vi") -> the window, shown, with its data loaded (the admin
    window signed in as the first admin unless signed_in=False)."""
    from ui.app import window_class

    windows: list[RoleWindow] = []

    def open_(role: str, lang: str = "vi", signed_in: bool = True) -> RoleWindow:
        apply_look(qapp, role)
        languages().switch(lang)
        window = window_class(role)(False)
        windows.append(window)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        with qtbot.waitSignal(signals.started, timeout=20_000):
            run_op(None, lambda db: prepare_database(db, settings), signals.started.emit)
        qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
        if role == "admin" and signed_in:  # the admin window shows nothing before sign-in
            from kiosk.services.staff import list_users

            run_op(None, lambda db: next(u for u in list_users(db) if u.role == "admin"),
                   window._signed_in)
            qtbot.waitUntil(lambda: window.admin is not None and not runner.busy,
                            timeout=10_000)
        return window

    yield open_
    for window in windows:
        window.locked_down = False  # let the kiosk close at teardown
    languages().switch("vi")


@pytest.fixture
def open_all_day(db):
    """The demo office (counters 1-4 and their officers), every service open all day,
    and no holiday today: the tests run on any day at any hour."""
    from sqlalchemy import delete, update

    from kiosk.clock import business_date
    from kiosk.models import Holiday, Service
    from kiosk.services.seed_demo import seed_demo

    seed_demo(db, 0, 1)
    with db.write() as s:
        s.execute(update(Service).values(opens="00:00", closes="24:00"))
        s.execute(delete(Holiday).where(Holiday.day == business_date()))
