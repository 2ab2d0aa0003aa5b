"""Engine benchmark on real automotive data (Renault: CLib, BR4CP medium and big).

    python benchmarks/renault.py export OUTDIR     # write the three problems as product model folders
    python benchmarks/renault.py run [--sessions N] [--seed S] [--no-count] [--only SCENARIO ...]

Each scenario draws its cars/sessions from its own random stream (seed and scenario name), so a scenario
sees the same sessions whether it runs alone or with the others. ``--only`` runs only the named scenarios
(medium-file, medium-random, file (big, file order), random (big, random order), edits, clib),
e.g. ``--only clib file --sessions 20 --no-count``
measures in under a minute.

``run`` converts the data, loads it through the product model language, then replays real sold cars of
BR4CP medium and big choice by choice (variables in file order and in a random order) and random sessions
on CLib, timing the full state (every valid value of every attribute) after each choice, each car on a new
session over one shared encoding (the first state of the first and the last session are reported, and the
encoding's growth, which must be 0); "sold cars with edits" changes or removes an earlier choice every 5th step
and puts it back (both timed). On a sample of the
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
# (problem, scenario) -> (p95 ms, max ms or None, speed-up at the median or None, speed-up at p95 or None)
SCENARIO_TARGETS = {
    ("big", "sold cars, random order"): (20.0, 150.0, 50.0, 10.0),
    ("big", "sold cars with edits"): (20.0, 150.0, 50.0, 10.0),
    ("big", "sold cars, file order"): (10.0, None, None, None),
    ("clib", "random sessions"): (10.0, None, None, None),
}
SCENARIO_KEYS = ("medium-file", "medium-random", "file", "random", "edits", "clib")  # names for --only
EDIT_EVERY = 5  # the edits scenario changes or removes an earlier choice every 5th step (then puts it back)


@dataclass
class Scenario:
    problem: str
    name: str
    steps: list[float] = field(default_factory=list)  # seconds per step (choice + full state)
    cpu: list[float] = field(default_factory=list)  # process CPU seconds per step (the machine is shared)
    naive: list[float] = field(default_factory=list)
    ours_on_sample: list[float] = field(default_factory=list)
    explain: list[float] = field(default_factory=list)
    load: float = 0.0
    peak_mib: float = 0.0
    first_states: list[float] = field(default_factory=list)  # the first state of each new session (one encoding)
    growth: int = 0  # variables the shared encoding gained over the scenario (must stay 0)


def _ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _naive_state(session: ConfigurationSession) -> None:
    """What a typical first implementation does: one solver call per open value, nothing reused
    (on a solver of its own, so that it does not warm up or disturb the session's solver)."""
    oracle = _naive_oracles.get(id(session.encoding))
    if oracle is None:
        oracle = _naive_oracles[id(session.encoding)] = Oracle(session.encoding)
    assumptions = session.assumptions(session.choices)
    for attr_id in session.encoding.attributes:
        if attr_id in session.choices:
            continue
        for literal in session.encoding.literals[attr_id]:
            oracle.solve([*assumptions, literal])


def _measure_step(session: ConfigurationSession, scenario: Scenario, rng: random.Random, sample: bool) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    state = session.state()
    scenario.steps.append(time.perf_counter() - start)
    scenario.cpu.append(time.process_time() - cpu)
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


def replay_sales(folder: Path, problem: str, sessions: int, shuffle: bool, rng: random.Random, *,
                 edits: bool = False) -> Scenario:
    """Sold cars replayed choice by choice, each on a new session over one shared encoding (as the app makes a
    session per configurator opening from the encoding it caches). With ``edits`` every 5th step changes an
    earlier choice to another possible value or removes it (timed), and the next step puts it back (timed)."""
    session, load = _load(folder)
    encoding = session.encoding
    top = encoding.top
    name = "sold cars with edits" if edits else "sold cars, " + ("random order" if shuffle else "file order")
    scenario = Scenario(problem, name, load=load)
    header, cars = renault_data.read_sales(problem)
    chosen = rng.sample(cars, min(sessions, len(cars)))
    total_steps = sum(len(header) for _ in chosen) * (1.4 if edits else 1)
    for number, car in enumerate(chosen):
        if number:
            session.close()
            session = ConfigurationSession(session.model, encoding)
        start = time.perf_counter()
        session.state()
        scenario.first_states.append(time.perf_counter() - start)
        order = list(zip(header, car, strict=True))
        if shuffle:
            rng.shuffle(order)
        for step, (attr_id, raw) in enumerate(order, start=1):
            session.set(attr_id, session.parse(attr_id, raw))
            # the baseline and an explanation on a random sample of the steps
            _measure_step(session, scenario, rng, rng.random() < NAIVE_SAMPLE / total_steps)
            if edits and step % EDIT_EVERY == 0 and len(session.choices) > 1:
                earlier = rng.choice([a for a in session.choices if a != attr_id])
                kept = session.choices[earlier]
                others = [v for v in session.alternatives(earlier) if v != kept]
                if others and rng.random() < 0.5:
                    session.set(earlier, rng.choice(others))
                else:
                    session.unset(earlier)
                _measure_step(session, scenario, rng, rng.random() < NAIVE_SAMPLE / total_steps)
                session.set(earlier, kept)
                _measure_step(session, scenario, rng, rng.random() < NAIVE_SAMPLE / total_steps)
    scenario.peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    scenario.growth = encoding.top - top
    session.close()
    return scenario


def random_sessions(folder: Path, problem: str, sessions: int, rng: random.Random) -> Scenario:
    session, load = _load(folder)
    scenario = Scenario(problem, "random sessions", load=load)
    for number in range(sessions):
        if number:  # a new session over the same encoding, as the app makes one per configurator opening
            session.close()
            session = ConfigurationSession(session.model, session.encoding)
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


def _speedups(s: Scenario) -> tuple[float, float]:
    """The naive baseline over ours on the same sampled steps, at the median and at p95."""
    if not s.naive or not s.ours_on_sample:
        return float("nan"), float("nan")
    return (statistics.median(s.naive) / statistics.median(s.ours_on_sample),
            _ms(s.naive, 0.95) / _ms(s.ours_on_sample, 0.95))


def _first(s: Scenario, index: int) -> str:
    return f"{1000 * s.first_states[index]:.0f}" if s.first_states else "-"


def _row(s: Scenario) -> list[str]:
    naive = statistics.median(s.naive) if s.naive else float("nan")
    median_x, p95_x = _speedups(s)
    return [s.problem, s.name, str(len(s.steps)), f"{_ms(s.steps, 0.5):.1f}", f"{_ms(s.steps, 0.95):.1f}",
            f"{_ms(s.steps, 1.0):.1f}", f"{_ms(s.cpu, 0.5):.1f} / {_ms(s.cpu, 0.95):.1f}",
            f"{1000 * naive:.1f}", f"{_ms(s.naive, 0.95):.1f}", f"{median_x:.0f}x",
            f"{p95_x:.0f}x", f"{_ms(s.explain, 0.5):.1f}", f"{_ms(s.explain, 0.95):.1f}",
            f"{_first(s, 0)} / {_first(s, -1)}", str(s.growth), f"{s.load:.2f}", f"{s.peak_mib:.0f}"]


def _verdicts(scenarios: list[Scenario]) -> list[str]:
    lines = []
    for s in scenarios:
        target = SCENARIO_TARGETS.get((s.problem, s.name))
        if target is None:
            continue
        p95, most, median_x, p95_x = target
        found = [(f"p95 {_ms(s.steps, 0.95):.1f} ms", _ms(s.steps, 0.95) <= p95, f"≤ {p95:.0f} ms")]
        if most is not None:
            found.append((f"max {_ms(s.steps, 1.0):.1f} ms", _ms(s.steps, 1.0) <= most, f"≤ {most:.0f} ms"))
        speed_median, speed_p95 = _speedups(s)
        if median_x is not None:
            found.append((f"{speed_median:.0f}x the naive median", speed_median >= median_x, f"≥ {median_x:.0f}x"))
        if p95_x is not None:
            found.append((f"{speed_p95:.0f}x the naive p95", speed_p95 >= p95_x, f"≥ {p95_x:.0f}x"))
        parts = [f"{text} ({'met' if ok else 'MISSED'}, target {goal})" for text, ok, goal in found]
        lines.append(f"{s.problem}, {s.name}: " + "; ".join(parts))
    return lines


def print_table(scenarios: list[Scenario], count: tuple[int, float] | None) -> None:
    headers = ["problem", "scenario", "steps", "median ms", "p95 ms", "max ms", "CPU median / p95 ms",
               "naive median ms", "naive p95 ms",
               "speed-up median", "speed-up p95", "explain median ms", "explain p95 ms",
               "first state 1st / last session ms", "encoding growth", "load s", "peak MiB"]
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
    print("\nTargets (same run, same machine):")
    for line in _verdicts(scenarios):
        print("- " + line)
    print(f"Earlier targets on BR4CP big (sold cars): median ≤ {TARGETS['median_ms']:.0f} ms,"
          f" p95 ≤ {TARGETS['p95_ms']:.0f} ms,"
          f" ≥ {TARGETS['ratio']:.0f}x the naive baseline, explanation ≤ {TARGETS['explain_ms']:.0f} ms,"
          f" load ≤ {TARGETS['load_s']:.0f} s.")


def run(args: argparse.Namespace) -> int:
    def rng(key: str) -> random.Random:  # one stream per scenario: --only and new scenarios change no other's
        return random.Random(f"{args.seed}:{key}")

    out = Path(tempfile.mkdtemp(prefix="skredder-renault-"))
    folders = {name: renault_data.export(renault_data.read_problem(name), out) for name in renault_data.PROBLEMS}
    only = set(args.only or SCENARIO_KEYS)
    scenarios = []
    for problem in ("medium", "big"):
        for shuffle in (False, True):
            key = f"{'' if problem == 'big' else 'medium-'}{'random' if shuffle else 'file'}"
            if key not in only:
                continue
            scenarios.append(replay_sales(folders[problem], problem, args.sessions, shuffle, rng(key)))
            print(f"... {problem}: {scenarios[-1].name} done", file=sys.stderr)
    if "edits" in only:
        scenarios.append(replay_sales(folders["big"], "big", args.sessions, True, rng("edits"), edits=True))
        print(f"... big: {scenarios[-1].name} done", file=sys.stderr)
    if "clib" in only:
        scenarios.append(random_sessions(folders["clib"], "clib", args.sessions, rng("clib")))
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
    bench.add_argument("--only", nargs="+", choices=SCENARIO_KEYS, metavar="SCENARIO",
                       help="run only these scenarios: " + ", ".join(SCENARIO_KEYS))
    args = parser.parse_args(argv)
    if args.command == "export":
        for name in renault_data.PROBLEMS:
            print(renault_data.export(renault_data.read_problem(name), args.outdir))
        return 0
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
