"""The Qt binding must survive a day of calls: PySide6 6.12.0 on Python 3.11 drops a
reference to None on every void call and aborts the process after a few thousand
(a hall display polling every 200 ms would die within the hour). Run in a child
process, since the failure is an abort, not an exception."""
from __future__ import annotations

import os
import subprocess
import sys

CHILD = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label, timer = QLabel(), QTimer()
before = sys.getrefcount(None)
for i in range(30_000):
    label.setText(str(i % 7))
    timer.start(1000)
    app.processEvents()
after = sys.getrefcount(None)
print(before - after, flush=True)
os._exit(0)
"""


def test_void_calls_do_not_eat_references_to_none() -> None:
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr[-500:]
    assert abs(int(done.stdout.strip().splitlines()[-1])) < 1000
