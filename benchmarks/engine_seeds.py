"""The engine alone on the seed models: random clicks (choose a possible value, now and then take one back or
start again), the time of each new state, wall and processor time, and the solver calls it needed.

    python benchmarks/engine_seeds.py [--clicks 80] [--seed 7] [--family window ...]

Processor time is reported beside wall time: on a machine shared with other work the wall times grow with the
load, the processor times do not. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FAMILIES = ("chair", "chimney_cap", "eartag", "kitchen", "window")


def percentile(ordered: list[float], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def replay(family: str, clicks: int, seed: int) -> dict[str, float]:
    from configurator.core.engine.encode import encode_model
    from configurator.core.engine.session import ConfigurationSession, SessionError
    from configurator.core.model import schema as s
    from configurator.core.model.loader import load_model

    model = load_model(ROOT / "product_models" / family).model
    started = time.perf_counter()
    encoding = encode_model(model)
    encoded = (time.perf_counter() - started) * 1000
    session = ConfigurationSession(model, encoding)
    started = time.perf_counter()
    session.state()
    first = (time.perf_counter() - started) * 1000
    pick = random.Random(seed)
    wall: list[float] = []
    cpu: list[float] = []
    calls: list[float] = []
    while len(wall) < clicks:
        state = session.state()
        options = [(a, v) for a in encoding.attributes if a not in session.choices
                   and model.attribute(a).type != s.TEXT for v in state.available(a)]
        if not options:
            session.set_many({}, replace=True)
            continue
        removing = bool(session.choices) and pick.random() < 0.2
        attr_id, value = (pick.choice(sorted(session.choices)), None) if removing else pick.choice(options)
        before, clock, processor = session.oracle.calls, time.perf_counter(), time.thread_time()
        try:
            if removing:
                session.unset(attr_id)
            else:
                session.set(attr_id, value)
            session.state()
        except SessionError:
            pass
        wall.append((time.perf_counter() - clock) * 1000)
        cpu.append((time.thread_time() - processor) * 1000)
        calls.append(session.oracle.calls - before)
        if len(session.choices) > 6 and pick.random() < 0.1:
            session.set_many({}, replace=True)
    session.close()
    wall.sort()
    cpu.sort()
    calls.sort()
    return {"encode": encoded, "first": first, "median": statistics.median(wall), "p95": percentile(wall, 0.95),
            "max": wall[-1], "cpu_median": statistics.median(cpu), "cpu_p95": percentile(cpu, 0.95),
            "calls_median": statistics.median(calls), "calls_p95": percentile(calls, 0.95)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clicks", type=int, default=80)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--family", action="append", choices=FAMILIES)
    arguments = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Engine alone, {arguments.clicks} random clicks per seed model (load average {load:.1f} on "
          f"{os.cpu_count()} processors)\n")
    print("| model | encode ms | first state ms | click median ms | p95 ms | max ms | processor median ms | "
          "processor p95 ms | solver calls median | p95 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for family in arguments.family or FAMILIES:
        r = replay(family, arguments.clicks, arguments.seed)
        print(f"| {family} | {r['encode']:.0f} | {r['first']:.0f} | {r['median']:.1f} | {r['p95']:.1f} | "
              f"{r['max']:.1f} | {r['cpu_median']:.1f} | {r['cpu_p95']:.1f} | {r['calls_median']:.0f} | "
              f"{r['calls_p95']:.0f} |")


if __name__ == "__main__":
    main()
