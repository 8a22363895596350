#!/usr/bin/env bash
# Refresh resources/i18n/kiosk_vi.ts from the sources (keeps existing translations),
# then build kiosk_vi.qm. Translate new strings with pyside6-linguist, then run again.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${VENV:-.venv}/bin
mapfile -t sources < <(git ls-files 'ui/*.py'; git ls-files --others --exclude-standard 'ui/*.py')
"$bin/pyside6-lupdate" -no-obsolete -locations none "${sources[@]}" -ts resources/i18n/kiosk_vi.ts
"$bin/pyside6-lrelease" -nounfinished resources/i18n/kiosk_vi.ts -qm resources/i18n/kiosk_vi.qm
