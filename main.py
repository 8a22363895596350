"""Start the one-stop-shop app for one role: `python main.py --role kiosk|volunteer|counter|display|admin`."""
from __future__ import annotations

import sys

from ui.app import run

if __name__ == "__main__":
    sys.exit(run())
