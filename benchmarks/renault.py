"""Engine benchmark on real automotive data (Renault: CLib, BR4CP medium and big).

    python benchmarks/renault.py export OUTDIR     # write the three problems as product model folders
    python benchmarks/renault.py run [--sessions N] [--seed S] [--no-count]

``run`` converts the data, loads it through the product model language, then replays real sold cars of
BR4CP medium and big choice by choice (variables in file order and in a random order) and random sessions
on CLib, timing the full state (every valid value of every attribute) after each choice. On a sample of the
same steps it times the naive baseline (one solver call per value, no reuse of solutions) and one
explanation. It prints one table: median, p95 and max per step, the ratio to the baseline, model load time,
peak memory, and the exact count of CLib.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import renault_data

from configurator.core.engine.count import count_configurations
from configurator.core.engine.encode import encode_model
from configurator.core.engine.session import ConfigurationSession
from configurator.core.engine.solver import Oracle
from configurator.core.model.loader import load_model

_naive_oracles: dict[int, Oracle] = {}
NAIVE_SAMPLE = 40  # steps per scenario timed with the naive baseline
TARGETS = {"median_ms": 10.0, "p95_ms": 40.0, "ratio": 50.0, "explain_ms": 20.0, "load_s": 3.0, "count_s": 30.0}


@dataclass
class Scenario:
    problem: str
    name: str
    steps: list[float] = field(default_factory=list)  # seconds per step (choice + full state)
    naive: list[float] = field(default_factory=list)
    ours_on_sample: list[float] = field(default_factory=list)
    explain: list[float] = field(default_factory=list)
    load: float = 0.0
    peak_mib: float = 0.0


def _ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _naive_state(session: ConfigurationSession) -> None:
    """What a typical first implementation does: one solver call per open value, nothing reused
    (on a solver of its own, so that it does not warm up or disturb the session's solver)."""
    oracle = _naive_oracles.setdefault(id(session), Oracle(session.encoding))
    assumptions = session.assumptions(session.choices)
    for attr_id in session.encoding.attributes:
        if attr_id in session.choices:
            continue
        for literal in session.encoding.literals[attr_id]:
            oracle.solve([*assumptions, literal])


def _measure_step(session: ConfigurationSession, scenario: Scenario, rng: random.Random, sample: bool) -> None:
    start = time.perf_counter()
    state = session.state()
    scenario.steps.append(time.perf_counter() - start)
    if not sample:
        return
    scenario.ours_on_sample.append(scenario.steps[-1])
    start = time.perf_counter()
    _naive_state(session)
    scenario.naive.append(time.perf_counter() - start)
    excluded = [(a, v) for a, st in state.attributes.items() if st.chosen is None for v in st.excluded]
    if excluded:
        attr_id, value = rng.choice(excluded)
        start = time.perf_counter()
        session.explain(attr_id, value)
        scenario.explain.append(time.perf_counter() - start)


def _load(folder: Path) -> tuple[ConfigurationSession, float]:
    start = time.perf_counter()
    model = load_model(folder).model
    encoding = encode_model(model)
    session = ConfigurationSession(model, encoding)
    return session, time.perf_counter() - start


def replay_sales(folder: Path, problem: str, sessions: int, shuffle: bool, rng: random.Random) -> Scenario:
    session, load = _load(folder)
    scenario = Scenario(problem, "sold cars, " + ("random order" if shuffle else "file order"), load=load)
    header, cars = renault_data.read_sales(problem)
    chosen = rng.sample(cars, min(sessions, len(cars)))
    total_steps = sum(len(header) for _ in chosen)
    for car in chosen:
        session.choices.clear()
        session._state = None
        order = list(zip(header, car, strict=True))
        if shuffle:
            rng.shuffle(order)
        for attr_id, raw in order:
            session.set(attr_id, session.parse(attr_id, raw))
            # the baseline and an explanation on a random sample of the steps
            _measure_step(session, scenario, rng, rng.random() < NAIVE_SAMPLE / total_steps)
    scenario.peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    session.close()
    return scenario


def random_sessions(folder: Path, problem: str, sessions: int, rng: random.Random) -> Scenario:
    session, load = _load(folder)
    scenario = Scenario(problem, "random sessions", load=load)
    for _ in range(sessions):
        session.choices.clear()
        session._state = None
        while True:
            state = session.state()
            open_attrs = [a for a, st in state.attributes.items() if st.chosen is None and len(st.available) > 1]
            if not open_attrs:
                break
            attr_id = rng.choice(open_attrs)
            session.set(attr_id, rng.choice(state.attributes[attr_id].available))
            _measure_step(session, scenario, rng, rng.random() < 0.2 and len(scenario.naive) < NAIVE_SAMPLE)
    scenario.peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    session.close()
    return scenario


def _row(s: Scenario) -> list[str]:
    naive = statistics.median(s.naive) if s.naive else float("nan")
    ours = statistics.median(s.ours_on_sample) if s.ours_on_sample else float("nan")
    return [s.problem, s.name, str(len(s.steps)), f"{_ms(s.steps, 0.5):.1f}", f"{_ms(s.steps, 0.95):.1f}",
            f"{_ms(s.steps, 1.0):.1f}", f"{1000 * naive:.1f}", f"{naive / ours:.0f}x" if ours else "-",
            f"{_ms(s.explain, 0.5):.1f}", f"{_ms(s.explain, 0.95):.1f}", f"{s.load:.2f}", f"{s.peak_mib:.0f}"]


def print_table(scenarios: list[Scenario], count: tuple[int, float] | None) -> None:
    headers = ["problem", "scenario", "steps", "median ms", "p95 ms", "max ms", "naive median ms", "speed-up",
               "explain median ms", "explain p95 ms", "load s", "peak MiB"]
    rows = [headers, *[_row(s) for s in scenarios]]
    widths = [max(len(r[i]) for r in rows) for i in range(len(headers))]
    line = "| " + " | ".join("-" * w for w in widths) + " |"
    for index, row in enumerate(rows):
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |")
        if index == 0:
            print(line)
    if count is not None:
        print(f"\nExact count of CLib Renault: {count[0]:,} configurations in {count[1]:.1f} s "
              f"(target ≤ {TARGETS['count_s']:.0f} s)")
    print(f"Targets on BR4CP big (sold cars): median ≤ {TARGETS['median_ms']:.0f} ms, p95 ≤ {TARGETS['p95_ms']:.0f} ms,"
          f" ≥ {TARGETS['ratio']:.0f}x the naive baseline, explanation ≤ {TARGETS['explain_ms']:.0f} ms,"
          f" load ≤ {TARGETS['load_s']:.0f} s.")


def run(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    out = Path(tempfile.mkdtemp(prefix="skredder-renault-"))
    folders = {name: renault_data.export(renault_data.read_problem(name), out) for name in renault_data.PROBLEMS}
    scenarios = []
    for problem in ("medium", "big"):
        for shuffle in (False, True):
            scenarios.append(replay_sales(folders[problem], problem, args.sessions, shuffle, rng))
            print(f"... {problem}: {scenarios[-1].name} done", file=sys.stderr)
    scenarios.append(random_sessions(folders["clib"], "clib", args.sessions, rng))
    count = None
    if not args.no_count:
        model = load_model(folders["clib"]).model
        start = time.perf_counter()
        number = count_configurations(encode_model(model))
        count = (number, time.perf_counter() - start)
    print_table(scenarios, count)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="write clib, medium and big as product model folders")
    export.add_argument("outdir", type=Path)
    bench = sub.add_parser("run", help="run the benchmark and print the table")
    bench.add_argument("--sessions", type=int, default=60, help="sold cars / random sessions per scenario")
    bench.add_argument("--seed", type=int, default=2026)
    bench.add_argument("--no-count", action="store_true", help="skip the exact count of CLib")
    args = parser.parse_args(argv)
    if args.command == "export":
        for name in renault_data.PROBLEMS:
            print(renault_data.export(renault_data.read_problem(name), args.outdir))
        return 0
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
