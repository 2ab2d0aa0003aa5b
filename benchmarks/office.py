"""Office database benchmark: quote changes per second and their p95 latency with 1, 4 and 8 concurrent clients,
on SQLite (one laptop's file) and on PostgreSQL (a throw-away cluster on loopback, as in the tests).

    python benchmarks/office.py [--seconds 5] [--clients 1 4 8]

Each client is its own process with its own connection pool (as each salesperson's Skredder is), and repeats a
quote change for ``seconds`` (after one untimed warm-up): a new quote with a window line, then a second line
added (two write units). The
seed catalogue is built once (SQLite) and copied to PostgreSQL with ``copy_database``; each run starts from a
fresh copy. Needs the postgresql package (initdb, pg_ctl). Prints one Markdown table.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from configurator.core.catalogue.copy import copy_database
from configurator.core.catalogue.db import open_database
from configurator.core.quoting.service import LineRequest, QuoteService
from configurator.core.sync.build import build_catalogue
from tests.helpers.postgres import remove_cluster, start_cluster
from tests.helpers.quoting_kit import TODAY, WINDOW, add_customer, make_settings

ROOT = Path(__file__).resolve().parents[1]


def client(url: str, seconds: float, start: float, results: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    try:
        results.put(timed_changes(url, seconds, start))
    except Exception as error:  # reported in the table's last column
        results.put(f"{type(error).__name__}: {error}")


def timed_changes(url: str, seconds: float, start: float) -> list[float]:
    latencies: list[float] = []
    with open_database(url) as database:
        service = QuoteService(database, make_settings(), today=TODAY)
        customer = add_customer(database)
        warm = service.new_quote(customer, first_line=LineRequest("window", WINDOW, complete=True))  # caches
        service.add_line(warm.number, "chimney_cap", {"flue_shape": "round"}, complete=True)
        while time.time() < start:
            time.sleep(0.01)
        until = start + seconds
        while time.time() < until:
            began = time.perf_counter()
            quote = service.new_quote(customer, first_line=LineRequest("window", WINDOW, complete=True))
            service.add_line(quote.number, "chimney_cap", {"flue_shape": "round"}, complete=True)
            latencies.append(time.perf_counter() - began)
    return latencies


def run(url: str, clients: int, seconds: float) -> tuple[float, float, str]:
    results: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    start = time.time() + 8 + clients * 2  # every client has opened its database before the clock starts
    workers = [multiprocessing.Process(target=client, args=(url, seconds, start, results)) for _ in range(clients)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    latencies = [x for outcome in outcomes if isinstance(outcome, list) for x in outcome]
    errors = [outcome for outcome in outcomes if isinstance(outcome, str)]
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else (latencies or [0.0])[0]
    return len(latencies) / seconds, p95 * 1000, "; ".join(errors)[:200] or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 8])
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="skredder-office-bench-"))
    seed = folder / "seed.sqlite"
    result = build_catalogue([ROOT / "product_models"], f"sqlite:///{seed}")
    assert not result.errors, result.errors
    cluster = start_cluster()
    try:
        copy_database(f"sqlite:///{seed}", cluster.create_database("seed"))
        rows = []
        for clients in args.clients:
            file = folder / f"run{clients}.sqlite"
            shutil.copyfile(seed, file)
            rows.append(("SQLite", clients, *run(f"sqlite:///{file}", clients, args.seconds)))
            url = cluster.create_database(f"run{clients}", template="seed")
            rows.append(("PostgreSQL", clients, *run(url, clients, args.seconds)))
    finally:
        remove_cluster(cluster)
        shutil.rmtree(folder, ignore_errors=True)
    print("| database | clients | quote changes/s | p95 latency (ms) | client errors |")
    print("|---|---:|---:|---:|---|")
    for name, clients, rate, p95, errors in rows:
        print(f"| {name} | {clients} | {rate:.1f} | {p95:.0f} | {errors} |")


if __name__ == "__main__":
    main()
