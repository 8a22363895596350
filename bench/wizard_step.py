"""One step of the dossier wizard, as a citizen feels it: Next tapped to the next page shown.

`python -m bench.wizard_step [--db URL|none] [--procedure CODE] [--rounds 30]`

A step is: the page's answers collected, checked by the form engine, saved as the
draft (one write transaction on the DB worker thread), the next page's widgets
built and filled from the engine's view. Measured offscreen with the real
DossierWizard on a SQLite file and on PostgreSQL (a scratch database, as in
bench/queue.py), for every page of one procedure's form, `--rounds` times each.
Goal: under 50 ms. Also printed: the part spent in the form engine alone and in
the save alone, so a slow step shows where its time goes.
"""
from __future__ import annotations

import argparse
import logging
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.queue import (PG_SERVER, bootstrap, percentile, scratch_databases,  # noqa: E402
                         verdict)
from kiosk.db.engine import Database  # noqa: E402

GOAL_MS = 50
PROCEDURE = "1.001193"  # Đăng ký khai sinh: conditions, an address, several pages
ANSWERS: dict[str, Any] = {  # a complete birth registration, as the wizard stores it
    "full_name": "Trần Văn An", "id_number": "001090012345", "date_of_birth": "02/09/1990",
    "phone": "0912345678", "email": "",
    "address": {"province": "01", "commune": "00070", "street": "12 Lý Thái Tổ"},
    "relationship": "cha", "child_name": "Trần Ngọc Diệp", "child_sex": "nu",
    "child_dob": "05/07/2026",
    "birth_place": {"province": "01", "commune": "00070",
                    "street": "Bệnh viện Phụ sản Trung ương, 43 Tràng Thi"},
    "hometown": "Xã Phù Đổng, Thành phố Hà Nội", "mother_name": "Lê Thị Bình",
    "mother_dob": "15/03/1992", "mother_id": "001192012345", "father_known": True,
    "birth_proof": "giay_chung_sinh", "copies_wanted": True, "copies_count": "2",
}


def wait(condition: Callable[[], bool], app: Any, timeout_s: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout_s
    while not condition():
        app.processEvents()
        if time.perf_counter() > deadline:
            raise RuntimeError("the wizard did not answer in time")


def measure(url: str, procedure: str, rounds: int) -> dict[str, list[float]]:
    from PySide6.QtWidgets import QApplication

    from kiosk.forms.engine import FormState
    from kiosk.services.dossiers import save_draft, start_draft
    from ui.look import apply_look
    from ui.runner import DbRunner, install_runner
    from ui.wizard.wizard import DossierWizard

    app = QApplication.instance() or QApplication([])
    apply_look(app, "kiosk")
    db = Database(url)
    runner = DbRunner(lambda: Database(url))
    install_runner(runner)
    wizard = DossierWizard(keyboard=True)
    wizard.resize(1280, 800)
    wizard.show()
    times: dict[str, list[float]] = {"step": [], "engine": [], "save": []}
    try:
        for _ in range(rounds):
            info = start_draft(db, procedure, source="kiosk")
            probe = start_draft(db, procedure, source="kiosk")  # the save timed alone
            wizard.open(info)
            wait(lambda: wizard.page_widget is not None, app)
            wizard.answers.update(ANSWERS)
            wizard.show_page(wizard.current)  # the answers typed so far, on screen
            while wizard.current != "review":
                before = wizard.current
                started = time.perf_counter()
                wizard.next()
                if wizard.state().validate_page(before):
                    raise RuntimeError(f"the answers do not pass page {before}")
                wait(lambda b=before: wizard.current != b, app)
                times["step"].append((time.perf_counter() - started) * 1000)
                state_started = time.perf_counter()
                state = FormState(wizard.form, wizard.answers, lists=wizard.lists)
                state.validate_page(before)
                state.next_page(before)
                times["engine"].append((time.perf_counter() - state_started) * 1000)
                save_started = time.perf_counter()
                save_draft(db, probe.id, dict(wizard.answers), step=wizard.current)
                times["save"].append((time.perf_counter() - save_started) * 1000)
    finally:
        runner.stop()
        db.dispose()
        wizard.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description="Dossier wizard: Next to the next page.")
    parser.add_argument("--db", default=PG_SERVER)
    parser.add_argument("--procedure", default=PROCEDURE)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    backends = scratch_databases(args.db)
    print(f"wizard step (Next to the next page shown), procedure {args.procedure}, "
          f"{args.rounds} dossiers (goal < {GOAL_MS} ms)")
    for name, scratch in backends:
        with scratch as (url, folder):
            bootstrap(url, folder).dispose()
            times = measure(url, args.procedure, args.rounds)
        steps = times["step"]
        p95 = percentile(steps, 0.95)
        print(f"    {name:<12} {len(steps)} steps: median {statistics.median(steps):5.1f} ms, "
              f"p95 {p95:5.1f} ms, max {max(steps):5.1f} ms  goal p95 < {GOAL_MS} ms: "
              f"{verdict(p95 < GOAL_MS)}")
        print(f"    {'':<12} of which the form engine median "
              f"{statistics.median(times['engine']):.1f} ms, the draft's save median "
              f"{statistics.median(times['save']):.1f} ms")


if __name__ == "__main__":
    main()
