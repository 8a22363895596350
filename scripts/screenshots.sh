#!/usr/bin/env bash
# Render every role in Vietnamese and English into docs/screenshots/, on a demo
# database in a temporary data folder (the user's own data is not touched).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${VENV:-.venv}/bin/python
out=docs/screenshots
mkdir -p "$out"
KIOSK_DATA_DIR=$(mktemp -d)
export KIOSK_DATA_DIR
trap 'rm -rf "$KIOSK_DATA_DIR"' EXIT
unset KIOSK_DB_URL
"$PY" -m kiosk seed-demo --dossiers 200 --seed 1 >/dev/null
for role in kiosk volunteer counter display admin; do
  for lang in vi en; do
    size=1280x800
    [ "$role" = display ] && size=1600x900
    "$PY" main.py --role "$role" --lang "$lang" --size "$size" --screenshot "$out/$role-$lang.png" 2>/dev/null
  done
done
ls "$out"
