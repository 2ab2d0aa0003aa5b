"""The office database: the same catalogue, quotes and orders on a real PostgreSQL server (a throw-away cluster
on loopback, tests/helpers/postgres.py): migrations, the quote flow, a refused change, several salespeople at
once (numbers unique and gap-free, no ear-tag number allocated twice) and a server that goes away."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from configurator.cli import main
from configurator.core.catalogue.db import Database, head_revision, open_database
from configurator.core.catalogue.errors import DatabaseError
from configurator.core.catalogue.quotes import OrderRepository
from configurator.core.catalogue.repositories import ModelRepository
from configurator.core.quoting.service import LineRequest, QuoteError, QuoteService
from tests.helpers.postgres import Cluster
from tests.helpers.quoting_kit import EARTAG, TODAY, WINDOW, add_customer, make_settings

pytestmark = pytest.mark.postgres


@pytest.fixture
def office(office_url: str) -> Iterator[Database]:
    database = open_database(office_url)
    yield database
    database.close()


def eartag_order(service: QuoteService, customer: int, **choices: str) -> str:
    quote = service.new_quote(customer, parameters={"origin_pairs": False},
                              first_line=LineRequest("eartag", {**EARTAG, **choices}, complete=True))
    service.send(quote.number)
    service.accept(quote.number)
    return service.create_order(quote.number).number


def test_a_new_office_database_is_migrated_to_head_with_the_seed_families(postgres_cluster: Cluster) -> None:
    url = postgres_cluster.create_database("office_fresh")
    with open_database(url) as database:
        assert database.engine.dialect.name == "postgresql"
        assert database.schema_revision() == head_revision()
        pool = database.engine.pool
        assert pool.size() + pool._max_overflow <= 2  # type: ignore[attr-defined]  # a desktop client: 1-2
    with open_database(url, upgrade=False) as database, database.session() as session:
        assert ModelRepository(session).families() == []


def test_the_quote_flow_on_postgresql(office: Database) -> None:
    service = QuoteService(office, make_settings(), today=TODAY)
    with office.session() as session:
        assert {f.id for f in ModelRepository(session).families()} == {"window", "chair", "eartag", "chimney_cap",
                                                                        "kitchen"}
    customer = add_customer(office, "Æsa Østby")
    quote = service.new_quote(customer, first_line=LineRequest("window", WINDOW, complete=True))
    assert quote.number == "Q-2026-00001"
    service.add_line(quote.number, "chimney_cap", {"flue_shape": "round"}, complete=True)
    assert [line.family_id for line in service.quote(quote.number).current.lines] == ["window", "chimney_cap"]
    assert service.quote(quote.number).current.total_ex_vat_ore > 1_285_200
    service.send(quote.number)
    service.accept(quote.number)
    order = service.create_order(quote.number)
    assert order.number == "O-2026-00001" and len(order.lines) == 2
    assert eartag_order(service, customer) == "O-2026-00002"
    with office.session() as session:
        (block,) = OrderRepository(session).allocations("1234567")
    assert (block.first_number, block.last_number, block.order_number) == (70001, 70100, "O-2026-00002")


def _counts(database: Database) -> dict[str, int]:
    tables = ["quotes", "quote_revisions", "quote_lines", "production_orders", "eartag_allocations",
              "number_series"]
    with database.session() as session:
        counts = {t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}
        counts["series"] = session.execute(text("SELECT coalesce(sum(next_value), 0) FROM number_series")).scalar_one()
    return counts


def test_a_refused_order_leaves_the_office_database_as_it_was(office: Database) -> None:
    service = QuoteService(office, make_settings(), today=TODAY)
    customer = add_customer(office)
    first = eartag_order(service, customer)
    quote = service.new_quote(customer, parameters={"origin_pairs": False},
                              first_line=LineRequest("eartag", {**EARTAG, "series_number": "50", "tag_count": "20"},
                                                     complete=True))
    for step in (service.send, service.accept, service.create_order):  # sending checks the numbers already
        before = _counts(office)
        try:
            step(quote.number)
        except QuoteError as error:
            clash = error
            break
    else:
        pytest.fail("numbers given out twice")
    assert "70050–70069" in clash.render("en") and first in clash.render("nb")
    assert _counts(office) == before  # nothing of the refused change is stored, no number used


HOLDINGS = ("1234567", "7654321")


def _salesperson(url: str, seed: int, until: float, failures: list[BaseException]) -> None:
    """Creates, sends and accepts ear-tag quotes and orders them, with clashing series, until ``until``."""
    rng = random.Random(seed)
    try:
        with open_database(url) as database:
            service = QuoteService(database, make_settings(), today=TODAY)
            customer = add_customer(database, f"Kunde {seed}")
            while time.monotonic() < until:
                choices = {"holding_id": rng.choice(HOLDINGS), "series_number": str(rng.randrange(1, 400)),
                           "tag_count": str(rng.randrange(1, 40))}
                try:
                    eartag_order(service, customer, **choices)
                except QuoteError as error:
                    if "already" not in error.render("en") and "taken" not in error.render("en"):
                        assert "holding" in error.render("en"), error.render("en")  # a clash: expected
    except BaseException as error:  # reported by the test
        failures.append(error)


def _gap_free(numbers: list[str], prefix: str) -> None:
    assert numbers, "nothing was stored"
    assert len(set(numbers)) == len(numbers)
    assert sorted(numbers) == [f"{prefix}-2026-{n:05d}" for n in range(1, len(numbers) + 1)]


def test_salespeople_at_the_same_time_get_unique_gap_free_numbers_and_never_the_same_tags(office_url: str) -> None:
    failures: list[BaseException] = []
    until = time.monotonic() + 5
    workers = [threading.Thread(target=_salesperson, args=(office_url, seed, until, failures)) for seed in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not failures, failures
    with open_database(office_url) as database, database.session() as session:
        quotes = list(session.execute(text("SELECT number FROM quotes")).scalars())
        orders = list(session.execute(text("SELECT number FROM production_orders")).scalars())
        blocks = session.execute(text(
            "SELECT holding_id, first_number, count FROM eartag_allocations ORDER BY holding_id, first_number")).all()
    _gap_free(quotes, "Q")
    _gap_free(orders, "O")
    assert len(quotes) >= 6 and len(blocks) == len(orders)
    for (holding, first, count), (next_holding, next_first, _) in itertools.pairwise(blocks):
        if holding == next_holding:
            assert first + count <= next_first, f"holding {holding}: numbers from {next_first} allocated twice"


def test_a_stopped_server_is_a_plain_message_and_the_client_carries_on_when_it_is_back(
        postgres_cluster: Cluster, office: Database, office_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    service = QuoteService(office, make_settings(), today=TODAY)
    customer = add_customer(office)
    postgres_cluster.stop()
    try:
        with pytest.raises(DatabaseError) as gone:
            service.new_quote(customer, first_line=LineRequest("window", WINDOW, complete=True))
        assert "cannot be reached" in gone.value.render("en") and "Nothing was changed" in gone.value.render("en")
        assert "Ingenting ble endret" in gone.value.render("nb")
        capsys.readouterr()
        code = main(["customer", "list", "--database", office_url, "--language", "nb"])
        out, err = capsys.readouterr()
        assert code != 0 and "Traceback" not in out + err
        assert "127.0.0.1" in err and "skredder" in err, err
    finally:
        postgres_cluster.start()
    quote = service.new_quote(customer, first_line=LineRequest("window", WINDOW, complete=True))
    assert quote.number == "Q-2026-00001"  # nothing was half-written, no number was used


def test_two_clients_ordering_the_same_quote_at_once_make_one_order_and_a_plain_refusal(office_url: str) -> None:
    """The second writer waits for the first (one lock for writers) and then sees its order, instead of both
    checking "no order yet" and the second failing on the unique constraint."""
    clients = [open_database(office_url) for _ in range(2)]
    services = [QuoteService(database, make_settings(), today=TODAY) for database in clients]
    try:
        customer = add_customer(clients[0])
        numbers = []
        for _ in range(6):
            quote = services[0].new_quote(customer, first_line=LineRequest("window", WINDOW, complete=True))
            services[0].send(quote.number)
            services[0].accept(quote.number)
            numbers.append(quote.number)
        for number in numbers:
            start = threading.Barrier(2)
            outcomes: list[str] = []

            def order(service: QuoteService, number: str = number, start: threading.Barrier = start,
                      outcomes: list[str] = outcomes) -> None:
                start.wait()
                try:
                    outcomes.append(service.create_order(number).number)
                except QuoteError as error:
                    outcomes.append(error.render("en"))
                except Exception as error:  # a constraint error: what must not happen
                    outcomes.append(f"{type(error).__name__}: {error}")

            threads = [threading.Thread(target=order, args=(service,)) for service in services]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            assert len(outcomes) == 2 and sum(o.startswith("O-2026-") for o in outcomes) == 1, outcomes
            assert any("already has production order" in o for o in outcomes), outcomes
    finally:
        for database in clients:
            database.close()


def test_eight_salespeople_in_eight_processes_for_a_bounded_time(office_url: str, tmp_path: Path) -> None:
    """Issue 11: eight Skredders (processes, each its own pool) create ear-tag quotes for the same two holdings,
    send, accept and order them, and bump one shared draft at the version they read, all at once for 12 s.
    Afterwards every quote and order number is unique and gap-free, everything a client was told it got is
    stored (and nothing else), no ear-tag number is allocated twice in a holding, and no update of the shared
    draft was lost: its quantity grew by exactly the increments that were stored."""
    from tests.helpers.office_kit import salesperson

    with open_database(office_url) as database:
        setup = QuoteService(database, make_settings(), today=TODAY)
        shared = setup.new_quote(add_customer(database, "Felles kunde"),
                                 first_line=LineRequest("window", WINDOW, complete=True)).number
    spawn = multiprocessing.get_context("spawn")  # fresh interpreters: nothing inherited from pytest
    ready = spawn.Barrier(8)  # the clock starts once all eight are up and warm
    outs = [tmp_path / f"salesperson-{n}.json" for n in range(8)]
    workers = [spawn.Process(target=salesperson, args=({"url": office_url, "seed": n, "ready": ready, "seconds": 12,
                                                        "shared": shared, "out": str(out)},))
               for n, out in enumerate(outs)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=400)
    assert [worker.exitcode for worker in workers] == [0] * 8
    records = [json.loads(out.read_text(encoding="utf-8")) for out in outs]
    assert [r["error"] for r in records] == [""] * 8
    for record in records:  # a refusal is a clash of numbers, in words
        assert all("holding" in text or "already" in text or "taken" in text for text in record["refused"]), record

    told_quotes = [n for r in records for n in r["quotes"]]
    told_orders = {n: o for r in records for n, o in r["orders"].items()}
    with open_database(office_url) as database, database.session() as session:
        quotes = dict(session.execute(text("SELECT number, status FROM quotes")).all())
        orders = dict(session.execute(text(
            "SELECT o.number, q.number FROM production_orders o JOIN quotes q ON q.id = o.quote_id")).all())
        blocks = session.execute(text(
            "SELECT a.holding_id, a.first_number, a.count, o.number FROM eartag_allocations a "
            "JOIN production_orders o ON o.id = a.production_order_id ORDER BY a.holding_id, a.first_number")).all()
        final = QuoteService(database, make_settings(), today=TODAY).quote(shared).current
    _gap_free(list(quotes), "Q")
    _gap_free(list(orders), "O")
    assert sorted(quotes) == sorted([shared, *told_quotes])  # nothing missing, nothing a client did not hear of
    assert orders == {n: o["quote"] for n, o in told_orders.items()}
    assert all(quotes[n] in ("sent", "accepted") for r in records for n in r["sent"])
    assert all(quotes[n] == "accepted" for r in records for n in r["accepted"])
    assert {(h, f, c, o) for h, f, c, o in blocks} == {
        (o["holding"], o["first"], o["count"], n) for n, o in told_orders.items()}
    for (holding, first, count, order), (next_holding, next_first, _, other) in itertools.pairwise(blocks):
        if holding == next_holding:
            assert first + count <= next_first, f"holding {holding}: {order} and {other} share numbers"
    assert len(told_orders) >= 2, records  # it did work at once (how much depends on the machine: benchmarks/)
    increments = sum(r["increments"] for r in records)
    assert increments > 0, records
    assert final.lines[0].quantity == 1 + increments  # no lost update
    assert final.version == 1 + increments
    print(f"8 salespeople, 12 s: {len(quotes)} quotes, {len(orders)} orders, {len(blocks)} ear-tag blocks, "
          f"{sum(len(r['refused']) for r in records)} refused clashes, {sum(r['busy'] for r in records)} busy, "
          f"{increments} draft updates stored, {sum(r['stale'] for r in records)} told of a newer version")
