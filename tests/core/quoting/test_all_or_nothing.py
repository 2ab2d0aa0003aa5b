"""Every operation of the quote service (and the sample data) is all-or-nothing.

A fault is injected before the 1st, 2nd, ... data-changing statement of an operation, until it runs through:
after each failure a full dump of the database (``iterdump``, number series included) is what it was before,
so nothing is half-written and no quote or order number is used up. Then the operation succeeds and takes the
next number.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from configurator.cli import main
from configurator.core.catalogue.db import Database, open_database
from configurator.core.demo import add_demo_data
from configurator.core.quoting.service import LineRequest, QuoteService
from tests.helpers.kill_kit import dump
from tests.helpers.quoting_kit import EARTAG, PIN, WINDOW, add_customer


class Fault(Exception):
    """The injected failure."""


pytestmark = pytest.mark.backends("sqlite")  # the dumps and the faults are those of the SQLite file

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@contextmanager
def fault_before_write(nth: int) -> Iterator[list[int]]:
    """Raise :class:`Fault` just before the ``nth`` data-changing statement of any engine (the command line
    opens its own); yields [writes seen so far]."""
    seen = [0]

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().split(None, 1)[0].upper() in WRITES:
            seen[0] += 1
            if seen[0] == nth:
                raise Fault(f"injected before write {nth}: {statement[:60]}")

    event.listen(Engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", before)


def every_fault(file: Path, operation: Callable[[], object], *, points: Iterable[int] | None = None) -> int:
    """Fail ``operation`` before each of its writes in turn (or before those in ``points``), checking that
    nothing changed; then let it run through. Returns how many writes it made."""
    before = dump(file)
    for nth in itertools.count(1) if points is None else [*points, 10**9]:
        with fault_before_write(nth) as seen:
            try:
                operation()
            except Fault:
                assert dump(file) == before, f"write {nth} of the operation left a trace"
                continue
        assert seen[0] < nth, "the operation ran through although a fault was due"
        assert dump(file) != before
        return seen[0]
    raise AssertionError("unreachable")


def test_every_quote_operation_is_all_or_nothing(service: QuoteService, database: Database,
                                                 database_file: Path) -> None:
    customer = add_customer(database, discount_bp=1500)  # with a line discount above the limit: approval
    made: list[str] = []

    def new() -> None:
        made.append(service.new_quote(customer, first_line=LineRequest("window", WINDOW, complete=True)).number)

    assert every_fault(database_file, new) >= 3
    number = made[-1]
    assert number == "Q-2026-00001"  # no number used up by the failed attempts
    assert every_fault(database_file, lambda: service.add_line(
        number, "window", {**WINDOW, "width_mm": "600"}, complete=True, line_discount_bp=1000)) >= 2
    assert every_fault(database_file, lambda: service.edit_line(number, 2, quantity=3)) >= 2
    every_fault(database_file, lambda: service.copy_line(number, 1))
    every_fault(database_file, lambda: service.remove_line(number, 3))
    every_fault(database_file, lambda: service.set_discount(number, 500))
    assert service.quote(number).current.needs_approval
    every_fault(database_file, lambda: service.approve(number, PIN))
    every_fault(database_file, lambda: service.send(number))
    assert service.quote(number).status == "sent"
    every_fault(database_file, lambda: service.revise(number))
    assert service.quote(number).current.letter == "B"
    copies: list[str] = []
    assert every_fault(database_file,
                       lambda: copies.append(service.copy_quote(number, letter="A").number)) >= 4
    assert copies[-1] == "Q-2026-00002"
    copy = service.quote(copies[-1])
    assert len(copy.current.lines) == 2 and copy.current.total_inc_vat_ore > 0


def test_a_production_order_is_all_or_nothing(service: QuoteService, database: Database,
                                              database_file: Path) -> None:
    customer = add_customer(database)
    quote = service.new_quote(customer, first_line=LineRequest("eartag", EARTAG, complete=True))
    service.add_line(quote.number, "eartag", {**EARTAG, "tag_type": "e24"}, complete=True)
    service.send(quote.number)
    every_fault(database_file, lambda: service.accept(quote.number))
    orders: list[str] = []
    writes = every_fault(database_file,
                         lambda: orders.append(service.create_order(quote.number).number))
    assert writes >= 3  # the order, its lines and the two allocations
    assert orders == ["O-2026-00001"]


def test_sample_data_is_all_or_nothing(service: QuoteService, database: Database, database_file: Path) -> None:
    """Many writes: the first, a few in the middle and the last are failed (each failure is one rollback)."""
    copy = database_file.with_name("count.sqlite")  # count the writes on a copy first
    copy.write_bytes(database_file.read_bytes())
    with open_database(f"sqlite:///{copy}") as counting, fault_before_write(10**9) as counted:
        add_demo_data(counting, service.settings)
    total = counted[0]
    assert total > 20
    picked = sorted({1, total // 2, total})
    assert every_fault(database_file, lambda: add_demo_data(database, service.settings), points=picked) == total
    assert len(service.search()) == 4


def test_sample_data_without_a_catalogue_stores_nothing_and_can_be_run_again(tmp_path: Path,
                                                                             catalogue_template: Path,
                                                                             capsys: Any) -> None:
    file = tmp_path / "empty.sqlite"
    url = f"sqlite:///{file}"
    assert main(["demo-data", "--database", url, "--language", "en"]) == 1
    assert "catalogue build" in capsys.readouterr().err
    connection = sqlite3.connect(file)
    try:
        assert connection.execute("SELECT count(*) FROM customers").fetchone() == (0,)
    finally:
        connection.close()
    file.write_bytes(catalogue_template.read_bytes())  # the catalogue built meanwhile
    assert main(["demo-data", "--database", url, "--language", "en"]) == 0
    assert "4 customers" in capsys.readouterr().out


@pytest.mark.parametrize("args", [
    ["customer", "add", "--person", "--name", "Ola Nordmann", "--postcode", "7374", "--city", "Røros"],
])
def test_a_customer_from_the_command_line_is_all_or_nothing(database: Database, database_file: Path,
                                                            args: list[str], capsys: Any) -> None:
    url = database.url

    def run() -> None:
        code = main([*args, "--database", url])
        if code != 0 and "Fault" in capsys.readouterr().err:  # the command line told the injected fault plainly
            raise Fault
        assert code == 0

    every_fault(database_file, run)


def test_a_busy_database_is_a_plain_message_and_nothing_changes(database: Database, database_file: Path,
                                                                 capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from configurator.core.catalogue import db as db_module
    from configurator.core.catalogue import sqlite as sqlite_module

    customer = add_customer(database)
    url = database.url
    database.close()
    monkeypatch.setattr(sqlite_module, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(db_module, "LOCK_ATTEMPTS", 2)
    before = dump(database_file)
    holder = sqlite3.connect(database_file, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        for language, words in (("en", "is busy: another Skredder is writing"), ("nb", "er opptatt")):
            assert main(["quote", "new", "--customer", str(customer), "--product", "window", "--complete",
                         "--database", url, "--language", language]) == 1
            err = capsys.readouterr().err
            assert words in err and "Traceback" not in err and "sqlalchemy" not in err.lower()
    finally:
        holder.rollback()
        holder.close()
    assert dump(database_file) == before
    assert main(["quote", "new", "--customer", str(customer), "--product", "window", "--complete",
                 "--database", url]) == 0
    assert "Q-" in capsys.readouterr().out
