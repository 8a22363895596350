#!/usr/bin/env bash
# Refresh the translation sources from ui/ (keeps existing translations), then build
# the .qm files. kiosk_vi.ts holds every string; kiosk_en.ts only the plural forms
# ("%n record(s)" -> "1 record" / "3 records"). Translate new strings with
# pyside6-linguist, then run this again.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${VENV:-.venv}/bin
mapfile -t sources < <(git ls-files 'ui/*.py'; git ls-files --others --exclude-standard 'ui/*.py')
"$bin/pyside6-lupdate" -no-obsolete -locations none "${sources[@]}" -ts resources/i18n/kiosk_vi.ts
"$bin/pyside6-lupdate" -no-obsolete -locations none -pluralonly -target-language en \
  "${sources[@]}" -ts resources/i18n/kiosk_en.ts
for lang in vi en; do
  "$bin/pyside6-lrelease" -nounfinished resources/i18n/kiosk_$lang.ts -qm resources/i18n/kiosk_$lang.qm
done
