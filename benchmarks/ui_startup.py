"""Cold start of the desktop app: from launching the process to a usable main window, and to the first page
filled from the catalogue.

    python benchmarks/ui_startup.py [--runs 10]

Each run starts the app as ``skredder`` does, as a new process, offscreen, on a catalogue built once beforehand
in a temporary data folder (QSettings and Qt's standard paths too: the user's own are never
touched), through ``startup_probe.py`` (the app itself has no benchmark hooks): it prints READY
when the window is on screen and painted (navigation, menus, shortcuts work) and LOADED when the database is
open and the start page shows its data, then quits. Times are wall-clock from ``Popen`` to each line, so they
include the interpreter's own start. Prints one Markdown table (median, p95, max; target 600 ms for READY).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 600.0


def one_run(env: dict[str, str]) -> dict[str, float]:
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "benchmarks" / "startup_probe.py")], cwd=ROOT, env=env,
                               text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    marks: dict[str, float] = {}
    assert process.stdout is not None
    for line in process.stdout:
        marks[line.strip()] = 1000 * (time.perf_counter() - start)
    if process.wait(timeout=60) != 0 or {"READY", "LOADED"} - set(marks):
        raise SystemExit(f"the app did not start cleanly (exit {process.returncode}, saw {sorted(marks)})")
    return marks


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "SKREDDER_DATA_DIR": folder, "SKREDDER_CONFIG_DIR": str(Path(folder) / "config"),
               "QT_QPA_PLATFORM": "offscreen",
               # QSettings (language, window geometry) and Qt's standard paths in the temporary folder too
               "XDG_CONFIG_HOME": str(Path(folder) / "xdg-config"), "XDG_DATA_HOME": str(Path(folder) / "xdg-data"),
               "XDG_CACHE_HOME": str(Path(folder) / "xdg-cache")}
        env.pop("SKREDDER_DATABASE", None)
        subprocess.run([sys.executable, "-m", "configurator", "catalogue", "build"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        one_run(env)  # warm-up: the operating system's file cache, Python's bytecode cache
        runs = [one_run(env) for _ in range(args.runs)]
    rows = [("window on screen (READY)", [r["READY"] for r in runs], f"{TARGET_MS:.0f}"),
            ("start page filled (LOADED)", [r["LOADED"] for r in runs], "–")]
    print("| stage | runs | median ms | p95 ms | max ms | target ms | met |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, times, target in rows:
        met = "–" if target == "–" else ("yes" if percentile(times, 0.95) <= TARGET_MS else "no")
        print(f"| {name} | {len(times)} | {statistics.median(times):.0f} | {percentile(times, 0.95):.0f} | "
              f"{max(times):.0f} | {target} | {met} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
