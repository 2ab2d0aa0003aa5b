"""Quote rules count line quantity: the seed windows' TEK17 rule (``avg(u_window, weight=area_m2) <= 0.80``
when the quote takes the energy measure) weighs a line of 10 windows as ten windows."""

from __future__ import annotations

import pytest

from configurator.core.catalogue.db import Database
from configurator.core.quoting.service import QuoteError, QuoteService
from tests.helpers.quoting_kit import WINDOW, add_customer

ENERGY = {"energy_level": "true"}


def energy_quote(service: QuoteService, database: Database) -> str:
    return service.new_quote(add_customer(database), parameters=ENERGY).number


def test_ten_triple_glazed_windows_outweigh_one_double_glazed(service: QuoteService, database: Database) -> None:
    # same size: (1 × U double + 10 × U triple) / 11 is below 0.80; one line each would average above it
    number = energy_quote(service, database)
    service.add_line(number, "window", {**WINDOW, "glazing": "double"}, complete=True)
    service.add_line(number, "window", {**WINDOW, "glazing": "triple"}, quantity=10, complete=True)
    assert service.rule_findings(number) == []
    service.send(number)


def test_ten_double_glazed_windows_break_the_rule_that_four_good_lines_would_hide(service: QuoteService,
                                                                                    database: Database) -> None:
    number = energy_quote(service, database)
    service.add_line(number, "window", {**WINDOW, "glazing": "double"}, quantity=10, complete=True)
    for _ in range(4):
        service.add_line(number, "window", {**WINDOW, "glazing": "triple_plus"}, complete=True)
    findings = service.rule_findings(number)
    assert [(f.rule_id, f.lines) for f in findings] == [("energy-average-u", (1,))]
    with pytest.raises(QuoteError):
        service.send(number)
