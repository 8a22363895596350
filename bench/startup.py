"""Cold start of the kiosk: process start to first painted window, to a ready screen, and RSS.

`python -m bench.startup [--runs N]`. Each run is a new process
(`main.py --role kiosk --exit-when-ready`, offscreen) on a database made by the
first run, so runs 2..N are what a kiosk sees every morning; run 1 (first
start: schema, catalog import, first admin) is printed apart. Goals: first
paint under 1.5 s, resident memory under 250 MB.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_run(data_dir: Path) -> dict[str, float]:
    env = dict(os.environ, KIOSK_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    env.pop("KIOSK_DB_URL", None)
    spawned_at = time.time()
    started = time.perf_counter()
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "--role", "kiosk",
                          "--exit-when-ready"], env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    wall = time.perf_counter() - started
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["process_wall_s"] = round(wall, 3)
    figures["spawn_to_paint_s"] = round(figures["first_paint_at"] - spawned_at, 3)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        first = one_run(Path(folder))
        runs = [one_run(Path(folder)) for _ in range(args.runs)]
    print(f"first start (new database): first paint {first['spawn_to_paint_s']:.3f} s, "
          f"ready {first['ready_s']:.3f} s, RSS {first['rss_mb']:.0f} MB")
    for key, label, unit in (("spawn_to_paint_s", "cold start (spawn) to first paint", "s"),
                             ("first_paint_s", "main() to first paint", "s"),
                             ("ready_s", "cold start to screen with data", "s"),
                             ("process_wall_s", "whole process incl. exit", "s"),
                             ("rss_mb", "resident memory when ready", "MB")):
        values = [r[key] for r in runs]
        print(f"{label}: median {statistics.median(values):.3f} {unit}, "
              f"max {max(values):.3f} {unit} over {len(values)} runs")
    median_paint = statistics.median(r["spawn_to_paint_s"] for r in runs)
    median_rss = statistics.median(r["rss_mb"] for r in runs)
    print(f"goals: first paint < 1.5 s: {'met' if median_paint < 1.5 else 'MISSED'}; "
          f"RSS < 250 MB: {'met' if median_rss < 250 else 'MISSED'}")


if __name__ == "__main__":
    main()
