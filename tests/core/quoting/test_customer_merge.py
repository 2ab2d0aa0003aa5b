"""Deleting and merging customers on a real SQLite catalogue with real quotes: a customer with quotes is never
deleted; a merge moves every quote to the customer kept and removes the other in one transaction — a failure
half-way leaves the database exactly as it was (compared as a full SQL dump)."""

from __future__ import annotations

from pathlib import Path

import pytest

from configurator.core.catalogue.customers import CustomerRepository
from configurator.core.catalogue.db import Database
from configurator.core.customers import CustomerRefused, CustomerService
from configurator.core.quoting.service import LineRequest, QuoteService
from tests.helpers.kill_kit import dump
from tests.helpers.quoting_kit import WINDOW, add_customer


def quote_for(service: QuoteService, customer: int) -> str:
    return service.new_quote(customer, first_line=LineRequest("window", WINDOW, complete=True)).number


def test_an_unused_customer_is_deleted_one_with_quotes_is_not(service: QuoteService, database: Database) -> None:
    customers = CustomerService(database)
    unused, used = add_customer(database, "Aasen Gård"), add_customer(database, "Berg Gård")
    quote_for(service, used)
    assert customers.delete(unused).name == "Aasen Gård"
    assert customers.get(unused) is None
    with pytest.raises(CustomerRefused) as refused:
        customers.delete(used)
    assert refused.value.render("en") == ("Berg Gård has 1 quote and cannot be deleted: the quote needs its "
                                          "customer. Merge Berg Gård into another customer instead.")
    assert "kan ikke slettes" in refused.value.render("nb")
    assert customers.get(used) is not None
    with pytest.raises(CustomerRefused, match="no customer with id 999"):
        customers.delete(999)


def test_a_merge_moves_the_quotes_to_the_customer_kept(service: QuoteService, database: Database) -> None:
    customers = CustomerService(database)
    keep, remove = add_customer(database, "Hansen Gård"), add_customer(database, "Hansen gård (dublett)")
    kept_quote, moved = quote_for(service, keep), [quote_for(service, remove), quote_for(service, remove)]
    service.send(moved[0])  # a sent quote keeps the customer data it was sent with
    merged = customers.merge(keep, remove)
    assert (merged.kept.id, merged.removed.name, merged.quotes_moved) == (keep, "Hansen gård (dublett)", 2)
    assert customers.get(remove) is None
    assert {service.quote(n).customer_id for n in [kept_quote, *moved]} == {keep}
    frozen = service.quote(moved[0]).current.frozen
    assert frozen is not None and frozen.customer["name"] == "Hansen gård (dublett)"
    with pytest.raises(CustomerRefused, match="into itself"):
        customers.merge(keep, keep)
    with pytest.raises(CustomerRefused, match="no customer with id"):
        customers.merge(keep, remove)  # already gone


@pytest.mark.backends("sqlite")  # the dump is that of the SQLite file
def test_a_merge_that_fails_half_way_changes_nothing(service: QuoteService, database: Database,
                                                    database_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    customers = CustomerService(database)
    keep, remove = add_customer(database, "Hansen Gård"), add_customer(database, "Hansen AS")
    quote_for(service, remove)
    before = dump(database_file)

    def broken(_self: CustomerRepository, _customer_id: int) -> None:
        raise OSError("disk I/O error (injected)")

    monkeypatch.setattr(CustomerRepository, "delete", broken)  # the quotes have moved when this fails
    with pytest.raises(OSError, match="injected"):
        customers.merge(keep, remove)
    assert dump(database_file) == before
    monkeypatch.undo()
    assert customers.merge(keep, remove).quotes_moved == 1
