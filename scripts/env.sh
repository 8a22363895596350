# Sourced by start-app and run-tests: find Python, check Qt's system libraries,
# create .venv if missing and install the project (again only when pyproject.toml
# or constraints.txt changed). Prints exactly what is missing instead of crashing.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
VENV=${KIOSK_VENV:-$ROOT/.venv}

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 14))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Python 3.11 to 3.13 is needed: sudo apt-get install -y python3 python3-venv" >&2
  return 1
}

check_system() {
  local py=$1
  # stdlib only: runs before the venv exists
  "$py" -m ui.system_check ${DISPLAY:+--screen}
}

ensure_venv() {  # $1: extras, e.g. "" or "[test]"
  local py extras=${1:-} stamp want
  py=$(find_python)
  check_system "$py"
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$py" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      echo "Cannot create a virtual environment: sudo apt-get install -y python3-venv" >&2
      return 1
    fi
  fi
  stamp="$VENV/.kiosk-installed"
  want=$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)"$extras"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "Installing the app into $VENV ..." >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
      -c constraints.txt -e ".$extras"
    echo "$want" > "$stamp"
  fi
}
