"""Which system libraries Qt needs and which are missing, checked before Qt is imported.

Without them PySide6 aborts with a linker error that tells a new user nothing;
both README commands and main.py print the exact `apt-get install` line instead.
Imports nothing from Qt.
"""
from __future__ import annotations

import ctypes.util
import os
import sys

# library soname stem -> Debian/Ubuntu package (../shared/platform-notes.md)
QT_LIBRARIES = {
    "EGL": "libegl1",
    "GL": "libgl1",
    "xkbcommon": "libxkbcommon0",
    "fontconfig": "libfontconfig1",
    "dbus-1": "libdbus-1-3",
    "glib-2.0": "libglib2.0-0",
    "pulse": "libpulse0",  # QtMultimedia, which plays the hall display's announcements
}
X11_LIBRARIES = {"xcb-cursor": "libxcb-cursor0", "xcb-icccm": "libxcb-icccm4",
                 "xcb-keysyms": "libxcb-keysyms1"}


def missing_packages(*, screen: bool = False) -> list[str]:
    if not sys.platform.startswith("linux"):
        return []
    wanted = dict(QT_LIBRARIES, **(X11_LIBRARIES if screen else {}))
    return [package for lib, package in wanted.items() if ctypes.util.find_library(lib) is None]


def no_screen() -> bool:
    """On Linux, no X11 or Wayland screen to open a window on (and no platform chosen)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


NO_SCREEN_HINT = ("No screen to show the app on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                  "Start it from the kiosk's desktop session, or render one screen to a file:\n"
                  "  main.py --role kiosk --screenshot kiosk.png")


def install_hint(packages: list[str]) -> str:
    return ("Qt needs system packages that are missing: " + " ".join(packages) + "\n"
            "Install them with:\n  sudo apt-get install -y --no-install-recommends "
            + " ".join(packages))


def main() -> int:
    """`python -m ui.system_check [--screen] [--packages]`: exit 1 and say what to install
    (--packages: print only the missing package names, exit 0)."""
    missing = missing_packages(screen="--screen" in sys.argv)
    if "--packages" in sys.argv:  # for scripts that install them (.ci/run)
        print(" ".join(missing))
        return 0
    if missing:
        print(install_hint(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
