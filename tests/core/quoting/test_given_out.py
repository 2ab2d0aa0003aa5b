"""Ear-tag numbers already given out are found while configuring: the values of the first number that would
reuse a number of the holding, each with the earlier production order (or the quote's other line) it clashes
with — on a real SQLite catalogue with real orders."""

from __future__ import annotations

from typing import Any

from configurator.core.catalogue.db import Database
from configurator.core.quoting.given_out import number_attribute, taken_numbers
from configurator.core.quoting.service import LineRequest, QuoteService
from tests.helpers.quoting_kit import EARTAG, TODAY, add_customer

VALUES: dict[str, Any] = {"species": "sheep", "purpose": "origin", "tag_type": "visual", "holding_id": "1234567",
                          "birth_year": 2027, "tag_count": 40}


def ordered(service: QuoteService, database: Database, **choices: str) -> str:
    quote = service.new_quote(add_customer(database), parameters={"origin_pairs": False},
                              first_line=LineRequest("eartag", {**EARTAG, **choices}, complete=True))
    service.send(quote.number)
    service.accept(quote.number)
    return service.create_order(quote.number).number


def test_the_first_number_is_the_number_attribute(service: QuoteService) -> None:
    assert number_attribute(service.models.current("eartag", TODAY).model) == "series_number"
    assert number_attribute(service.models.current("window", TODAY).model) is None


def test_taken_first_numbers_name_the_earlier_order(service: QuoteService, database: Database) -> None:
    order = ordered(service, database, series_number="101", tag_count="50")  # 70101–70150 for 2027
    model = service.models.current("eartag", TODAY).model
    taken = taken_numbers(model, VALUES, service.numbers_given_out)
    assert taken is not None and taken.attribute == "series_number"
    # 40 tags from 62 end at 70101: every first number 62..150 reuses one
    assert [(r.low, r.high) for r in taken.ranges] == [(62, 150)]
    assert taken.clash(61) is None and taken.clash(151) is None and taken.clash(62) is not None
    assert taken.free([1, 61, 62, 100, 150, 151]) == [1, 61, 151]
    reason = taken.ranges[0].reason()
    assert reason.render("nb") == f"70101–70150 er tildelt i produksjonsordre {order} (fødselsår 2027)"
    assert reason.render("en") == f"70101–70150 given out by production order {order} (year of birth 2027)"
    refused = taken.message(120)
    assert refused is not None
    assert f"70120–70150 for holding 1234567 were already given out by production order {order}" \
        in refused.render("en")
    assert order in refused.render("nb")


def test_what_does_not_clash_is_not_taken(service: QuoteService, database: Database) -> None:
    ordered(service, database, series_number="101", tag_count="50")
    model = service.models.current("eartag", TODAY).model
    for other in ({"holding_id": "7654321"}, {"species": "cattle", "tag_type": "combi_e30_flagg"},
                  {"purpose": "replacement"}, {"birth_year": 2037}):
        taken = taken_numbers(model, {**VALUES, **other}, service.numbers_given_out)
        assert taken is None or taken.ranges == (), other
    goat = taken_numbers(model, {**VALUES, "species": "goat"}, service.numbers_given_out)  # sheep and goats share
    assert goat is not None and [(r.low, r.high) for r in goat.ranges] == [(62, 150)]
    # the sheep's electronic tags may carry exactly the visual tags' numbers (the same animals), nothing else
    pair = taken_numbers(model, {**VALUES, "tag_type": "e24", "tag_count": 50}, service.numbers_given_out)
    assert pair is not None and [(r.low, r.high) for r in pair.ranges] == [(52, 100), (102, 150)]
    assert pair.clash(101) is None
    open_holding = {k: v for k, v in VALUES.items() if k != "holding_id"}
    assert taken_numbers(model, open_holding, service.numbers_given_out) is None  # nothing to compare yet


def test_the_quotes_other_lines_count_too(service: QuoteService, database: Database) -> None:
    number = service.new_quote(add_customer(database), parameters={"origin_pairs": False},
                               first_line=LineRequest("eartag", EARTAG, complete=True)).number  # 70001–70100
    model = service.models.current("eartag", TODAY).model

    def given_out(holding: str) -> Any:
        return service.numbers_given_out(holding, quote_number=number)

    taken = taken_numbers(model, VALUES, given_out)
    assert taken is not None and [(r.low, r.high) for r in taken.ranges] == [(1, 100)]
    assert taken.ranges[0].reason().render("en") == "70001–70100 on line 1 of this quote"
    refused = taken.message(90)
    assert refused is not None and "already on line 1 of this quote" in refused.render("en")
    editing = taken_numbers(model, VALUES, lambda h: service.numbers_given_out(h, quote_number=number,
                                                                               except_position=1))
    assert editing is not None and editing.ranges == ()  # the line being edited is not its own clash
