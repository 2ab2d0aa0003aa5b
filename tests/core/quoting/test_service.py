"""The quote service on a real SQLite catalogue built from the bundled models: numbers, revisions, approval,
status changes, quote rules, copies, production orders and ear-tag allocation."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from configurator.core.catalogue.db import Database
from configurator.core.catalogue.errors import CatalogueError
from configurator.core.catalogue.quotes import OrderRepository, next_letter
from configurator.core.pricing.price import LinePrice
from configurator.core.quoting.service import LineRequest, QuoteError, QuoteService
from tests.helpers.quoting_kit import EARTAG, PIN, TODAY, WINDOW, add_customer, make_settings


def window_quote(service: QuoteService, database: Database, **choices: str) -> str:
    customer = add_customer(database)
    quote = service.new_quote(customer, first_line=LineRequest("window", {**WINDOW, **choices}, complete=True))
    return quote.number


def test_a_new_quote_is_numbered_by_year_and_priced_to_the_ore(service: QuoteService, database: Database) -> None:
    number = window_quote(service, database)
    assert number == "Q-2026-00001"
    quote = service.quote(number)
    assert (quote.status, quote.current.letter, quote.salesperson) == ("draft", "A", "Kari Nordmann")
    assert quote.current.valid_until == TODAY + timedelta(days=30)
    (line,) = quote.current.lines
    # 1.2 m × 1.4 m = 1.68 m²: 1.68 × 6 800 = 11 424.00; triple glazing 1.68 × 850 = 1 428.00
    assert (line.unit_price_ore, line.line_total_ore) == (1_285_200, 1_285_200)
    price = LinePrice.from_json(line.price_breakdown)
    assert [item.amount for item in price.unit_lines] == [Decimal("11424.00"), Decimal("1428.00")]
    assert (quote.current.total_ex_vat_ore, quote.current.vat_ore, quote.current.total_inc_vat_ore) == (
        1_285_200, 321_300, 1_606_500)
    assert line.configuration.values["area_m2"] == Decimal("1.68")
    assert line.preview_png is not None and line.preview_png.startswith(b"\x89PNG")
    assert window_quote(service, database) == "Q-2026-00002"


def test_an_incomplete_or_invalid_line_makes_no_quote(service: QuoteService, database: Database) -> None:
    customer = add_customer(database)
    with pytest.raises(QuoteError) as incomplete:
        service.new_quote(customer, first_line=LineRequest("window", {"width_mm": "1200"}))
    assert "Height (outside frame)" in incomplete.value.render("en")
    assert "Høyde (utvendig karmmål)" in incomplete.value.render("nb")
    with pytest.raises(QuoteError) as conflict:
        service.new_quote(customer, first_line=LineRequest(
            "window", {"window_type": "top_hung", "width_mm": "1200", "height_mm": "600", "escape_window": "true"}))
    assert "600 mm" in conflict.value.render("en")
    assert service.search() == []  # nothing stored, no number used
    assert window_quote(service, database) == "Q-2026-00001"


def test_a_sent_revision_is_frozen_and_revising_makes_the_next_letter(service: QuoteService,
                                                                     database: Database) -> None:
    number = window_quote(service, database)
    service.send(number)
    with pytest.raises(QuoteError, match="cannot be changed"):
        service.add_line(number, "window", WINDOW, complete=True)
    with pytest.raises(QuoteError, match="cannot be changed"):
        service.set_discount(number, 500)
    assert service.revise(number) == "B"
    service.edit_line(number, 1, quantity=3)
    quote = service.quote(number)
    a, b = quote.revisions
    assert (a.letter, a.status, b.letter, b.status, quote.status) == ("A", "superseded", "B", "draft", "draft")
    assert a.lines[0].quantity == 1 and b.lines[0].quantity == 3
    assert a.total_ex_vat_ore == 1_285_200 and b.total_ex_vat_ore == 3 * 1_285_200
    assert b.lines[0].model_version_id == a.lines[0].model_version_id  # repriced with its own model version
    with pytest.raises(QuoteError, match="still a draft"):
        service.revise(number)


def test_next_letter_counts_like_spreadsheet_columns() -> None:
    assert [next_letter(x) for x in ("A", "B", "Z", "AZ", "ZZ")] == ["B", "C", "AA", "BA", "AAA"]


def test_a_discount_above_the_limit_needs_a_managers_pin(service: QuoteService, database: Database) -> None:
    number = window_quote(service, database)
    service.set_discount(number, 1500)  # at the limit: fine
    assert not service.quote(number).current.needs_approval
    service.set_discount(number, 2000)
    revision = service.quote(number).current
    assert revision.needs_approval and revision.approved_by is None
    # 12 852.00 − 20 % = 10 281.60; VAT 2 570.40
    assert (revision.total_ex_vat_ore, revision.vat_ore) == (1_028_160, 257_040)
    with pytest.raises(QuoteError) as refused:
        service.send(number)
    assert "manager" in refused.value.render("en")
    with pytest.raises(QuoteError, match="Wrong manager PIN"):
        service.approve(number, "0000")
    service.approve(number, PIN)
    assert service.quote(number).current.approved_by == "Ola Leder"
    service.set_discount(number, 2500)  # changed after the approval: approve again
    assert service.quote(number).current.approved_by is None
    service.approve(number, PIN, "Per Sjef")
    service.send(number)
    sent = service.quote(number).current
    assert (sent.status, sent.approved_by) == ("sent", "Per Sjef")
    assert sent.approved_at is not None and sent.sent_at is not None


def test_a_line_discount_above_the_limit_needs_approval_too(service: QuoteService, database: Database) -> None:
    number = window_quote(service, database)
    service.edit_line(number, 1, line_discount_bp=1600)
    assert service.quote(number).current.needs_approval


def test_quote_rules_over_all_lines_block_sending_and_name_the_lines(service: QuoteService,
                                                                    database: Database) -> None:
    customer = add_customer(database)
    quote = service.new_quote(customer, first_line=LineRequest("eartag", EARTAG, complete=True))
    findings = service.rule_findings(quote.number)
    assert [(f.rule_id, f.lines) for f in findings] == [("origin-tags-in-pairs", (1,))]
    with pytest.raises(QuoteError) as refused:
        service.send(quote.number)
    assert "as many of each. (lines: 1)" in refused.value.render("en")
    service.add_line(quote.number, "eartag", {**EARTAG, "tag_type": "e24"}, complete=True)
    assert service.rule_findings(quote.number) == []
    service.send(quote.number)


def test_accept_reject_and_expiry(service: QuoteService, database: Database) -> None:
    first, second, third = (window_quote(service, database) for _ in range(3))
    with pytest.raises(QuoteError, match="only a sent quote"):
        service.accept(first)
    for number in (first, second, third):
        service.send(number)
    service.accept(first)
    service.reject(second)
    assert [service.quote(n).status for n in (first, second, third)] == ["accepted", "rejected", "sent"]
    later = QuoteService(service.database, service.settings, today=TODAY + timedelta(days=31))
    with pytest.raises(QuoteError, match="expired"):
        later.accept(third)
    assert service.quote(third).status == "expired"
    service.create_order(first)
    with pytest.raises(QuoteError, match="cannot be revised"):  # accepted and ordered
        later.revise(first)
    assert later.revise(third) == "B"
    assert later.quote(third).current.valid_until == TODAY + timedelta(days=61)


def test_copy_quote_and_lines(service: QuoteService, database: Database) -> None:
    number = window_quote(service, database)
    assert service.copy_line(number, 1) == 2
    service.edit_line(number, 2, choices={"width_mm": "600"})
    service.add_line(number, "chimney_cap", {}, complete=True)
    lines = service.quote(number).current.lines
    assert [line.position for line in lines] == [1, 2, 3]
    assert [line.configuration.values["width_mm"] for line in lines[:2]] == [1200, 600]
    service.remove_line(number, 1)
    assert [line.family_id for line in service.quote(number).current.lines] == ["window", "chimney_cap"]
    other = add_customer(database, "Kunde med rabatt", discount_bp=1000)
    copy = service.copy_quote(number, customer_id=other)
    assert copy.number != number and copy.customer_id == other and copy.status == "draft"
    original, copied = service.quote(number).current.lines, copy.current.lines
    assert [line.family_id for line in copied] == ["window", "chimney_cap"]
    for before, after in zip(original, copied, strict=True):  # the customer's 10 % applies to the copy
        assert after.line_total_ore == before.line_total_ore - round(before.line_total_ore / 10)


def test_an_accepted_quote_becomes_one_order_with_its_specification(service: QuoteService,
                                                                     database: Database) -> None:
    number = window_quote(service, database)
    with pytest.raises(QuoteError, match="only an accepted quote"):
        service.create_order(number)
    service.send(number)
    service.accept(number)
    order = service.create_order(number)
    assert order.number == "O-2026-00001" and order.delivery_date == TODAY + timedelta(weeks=3)
    spec = order.lines[0].specification
    cuts = {c.id: (c.length_mm, c.count) for c in spec.cut_list}
    assert cuts["frame-head"] == (Decimal(1200), 1) and cuts["frame-jamb"] == (Decimal(1400), 2)
    assert cuts["sash-rail"] == (Decimal(1120), 2) and cuts["sash-stile"] == (Decimal(1320), 2)
    assert {b.item for b in spec.bom} >= {"FURU-56x115", "GLASS-3LAG-ARGON", "VINDUSVRIDER"}
    with pytest.raises(QuoteError, match="already has production order O-2026-00001"):
        service.create_order(number)


def eartag_order(service: QuoteService, database: Database, **choices: str) -> str:
    customer = add_customer(database)
    values = {**EARTAG, **choices}
    quote = service.new_quote(customer, parameters={"origin_pairs": False},
                              first_line=LineRequest("eartag", values, complete=True))
    service.send(quote.number)
    service.accept(quote.number)
    return service.create_order(quote.number).number


def test_ear_tag_numbers_are_allocated_and_never_reused_within_ten_years(service: QuoteService,
                                                                        database: Database) -> None:
    first = eartag_order(service, database)  # 70001–70100 for 2027
    with database.session() as session:
        (block,) = OrderRepository(session).allocations("1234567")
    assert (block.first_number, block.last_number, block.order_number) == (70001, 70100, first)
    with pytest.raises(QuoteError) as clash:
        eartag_order(service, database, series_number="50", tag_count="20")
    text = clash.value.render("en")
    assert "70050–70069" in text and first in text
    assert "O-2026-00001" in clash.value.render("nb")
    with database.session() as session:  # the refused order left nothing behind
        assert len(OrderRepository(session).newest()) == 1
        assert len(OrderRepository(session).allocations("1234567")) == 1
    eartag_order(service, database, series_number="101", tag_count="10")  # next to it: fine
    eartag_order(service, database, holding_id="7654321")  # another holding: fine
    with database.session() as session:
        assert len(OrderRepository(session).allocations("1234567")) == 2


def test_goats_share_the_sheeps_numbers_but_replacements_reuse_them(service: QuoteService,
                                                                    database: Database) -> None:
    eartag_order(service, database)
    with pytest.raises(QuoteError, match="70001–70100"):
        eartag_order(service, database, species="goat")
    eartag_order(service, database, purpose="replacement", tag_count="5")  # same numbers, marked E
    with database.session() as session:
        assert len(OrderRepository(session).allocations("1234567")) == 1


def test_numbers_may_return_after_ten_years(service: QuoteService, database: Database) -> None:
    # cattle numbers have no year digit (0xxxx): only the ten-year rule keeps them apart
    cattle = {"species": "cattle", "tag_type": "combi_e30_flagg", "colour": "yellow"}
    first = eartag_order(service, database, **cattle, birth_year="2025")  # 00001–00100
    with pytest.raises(QuoteError) as clash:
        eartag_order(service, database, **cattle, birth_year="2034", series_number="100")
    assert "numbers 00100–00100 for holding 1234567" in clash.value.render("en")
    assert first in clash.value.render("en")
    eartag_order(service, database, **cattle, birth_year="2035")  # the same numbers ten years later


def test_a_pair_of_tags_in_one_order_shares_its_numbers(service: QuoteService, database: Database) -> None:
    customer = add_customer(database)
    quote = service.new_quote(customer, first_line=LineRequest("eartag", EARTAG, complete=True))
    service.add_line(quote.number, "eartag", {**EARTAG, "tag_type": "e24"}, complete=True)
    service.send(quote.number)
    service.accept(quote.number)
    order = service.create_order(quote.number)
    with database.session() as session:
        visual, electronic = OrderRepository(session).allocations("1234567")
    assert (visual.tag_kind, electronic.tag_kind) == ("visual", "e24")
    assert {visual.production_order_id, electronic.production_order_id} == {order.id}
    assert (visual.first_number, visual.count) == (electronic.first_number, electronic.count) == (70001, 100)
    # ear tags are delivered by the Monday of week 16 − 3 = 13 of the birth year
    assert order.delivery_date is not None and order.delivery_date.isoformat() == "2027-03-29"


def test_a_sheeps_and_a_goats_tags_are_no_pair(service: QuoteService, database: Database) -> None:
    """Only the visual and the electronic tag of the same animal share numbers: a sheep's visual tags and a
    goat's electronic tags of one holding are two animals, so the second order is refused."""
    eartag_order(service, database)  # sheep, visual, 70001–70100
    with pytest.raises(QuoteError, match="70001–70100"):
        eartag_order(service, database, species="goat", tag_type="e24")
    eartag_order(service, database, tag_type="e24")  # the sheep's own electronic tags: the pair
    with database.session() as session:
        assert len(OrderRepository(session).allocations("1234567")) == 2


def test_numbers_given_out_meanwhile_are_refused_at_sending_and_an_accepted_quote_reopens(
        service: QuoteService, database: Database) -> None:
    waiting = service.new_quote(add_customer(database), parameters={"origin_pairs": False},
                                first_line=LineRequest("eartag", EARTAG, complete=True)).number
    service.send(waiting)
    service.accept(waiting)  # accepted, but not ordered yet
    first = eartag_order(service, database)  # another quote takes 70001–70100 and is ordered
    late = service.new_quote(add_customer(database), parameters={"origin_pairs": False},
                             first_line=LineRequest("eartag", EARTAG, complete=True)).number
    with pytest.raises(QuoteError) as refused:
        service.send(late)  # checked again at sending, not only when the order is made
    assert first in refused.value.render("en") and "70001–70100" in refused.value.render("en")
    assert service.quote(late).current.status == "draft"
    with pytest.raises(QuoteError, match=first):
        service.create_order(waiting)
    assert service.revise(waiting) == "B"  # no dead end: a new revision with other numbers
    service.edit_line(waiting, 1, choices={"series_number": "200"}, complete=True)
    service.send(waiting)
    service.accept(waiting)
    assert service.create_order(waiting).number != first


def test_two_lines_of_the_same_kind_with_the_same_numbers_clash(service: QuoteService, database: Database) -> None:
    customer = add_customer(database)
    quote = service.new_quote(customer, parameters={"origin_pairs": False},
                              first_line=LineRequest("eartag", EARTAG, complete=True))
    service.copy_line(quote.number, 1)
    with pytest.raises(QuoteError, match="occur twice in this order"):  # found before the customer sees it
        service.send(quote.number)


def test_a_line_with_a_number_series_is_ordered_once(service: QuoteService, database: Database) -> None:
    customer = add_customer(database)
    with pytest.raises(QuoteError, match="number of tags"):
        service.new_quote(customer, first_line=LineRequest("eartag", EARTAG, quantity=2, complete=True))


def test_vat_comes_from_the_settings(database: Database) -> None:
    service = QuoteService(database, make_settings(vat_percent=Decimal(15)), today=TODAY)
    number = window_quote(service, database)
    assert service.quote(number).current.vat_ore == 192_780  # 15 % of 12 852.00


def test_an_unknown_product_names_the_known_ones(service: QuoteService, database: Database) -> None:
    customer = add_customer(database)
    with pytest.raises(CatalogueError) as unknown:
        service.new_quote(customer, first_line=LineRequest("sofa", {}))
    assert "chair" in unknown.value.render("en") and "window" in unknown.value.render("en")


def test_settings_changes_do_not_reprice_stored_lines(service: QuoteService, database: Database) -> None:
    number = window_quote(service, database)
    stored = service.quote(number).current.lines[0]
    other = QuoteService(database, replace(service.settings, vat_percent=Decimal(10)), today=TODAY)
    assert other.quote(number).current.lines[0] == stored


def test_the_other_tag_of_a_pair_may_come_later_but_the_same_kind_may_not(service: QuoteService,
                                                                         database: Database) -> None:
    first = eartag_order(service, database)  # visual 70001–70100
    eartag_order(service, database, tag_type="e24")  # the electronic tags for the same animals
    with pytest.raises(QuoteError) as again:
        eartag_order(service, database, tag_type="e24")
    assert first not in again.value.render("en") and "O-2026-00002" in again.value.render("en")
    with pytest.raises(QuoteError):  # part of the range is not a pair
        eartag_order(service, database, tag_type="e24", series_number="50")


def test_discounts_above_the_whole_price_are_refused(service: QuoteService, database: Database) -> None:
    customer = add_customer(database, discount_bp=9000)
    with pytest.raises(QuoteError) as refused:
        service.new_quote(customer, first_line=LineRequest("window", WINDOW, line_discount_bp=1500, complete=True))
    assert "add up to 105 %" in refused.value.render("en")
    assert service.search() == []


def test_any_change_after_an_approval_asks_for_it_again(service: QuoteService, database: Database) -> None:
    number = window_quote(service, database)
    service.edit_line(number, 1, line_discount_bp=2000)
    service.approve(number, PIN)
    # a bigger discount with the same total (two windows at 57.5 % cost what one cost at 15 %) is a change
    service.edit_line(number, 1, quantity=2, line_discount_bp=5750)
    revision = service.quote(number).current
    assert revision.needs_approval and revision.approved_by is None
    with pytest.raises(QuoteError, match="approval"):
        service.send(number)


def test_the_customers_discount_counts_towards_the_approval_limit(service: QuoteService,
                                                                  database: Database) -> None:
    customer = add_customer(database, discount_bp=1000)
    quote = service.new_quote(customer, discount_bp=500, first_line=LineRequest("window", WINDOW, complete=True))
    assert not service.quote(quote.number).current.needs_approval  # 1 − 0.9 × 0.95 = 14.5 %
    service.edit_line(quote.number, 1, line_discount_bp=100)
    assert service.quote(quote.number).current.needs_approval  # 1 − 0.89 × 0.95 = 15.45 % > 15 %


def test_a_sent_revision_keeps_what_it_was_sent_with(service: QuoteService, database: Database) -> None:
    from configurator.core.i18n import Text
    from configurator.core.quoting.snapshots import quote_snapshot
    from tests.helpers.quoting_kit import make_settings

    number = window_quote(service, database)
    service.send(number)
    sent = quote_snapshot(service, number)
    changed = QuoteService(database, make_settings(vat_percent=Decimal(15), terms=Text("NYE VILKÅR", "NEW")),
                           today=TODAY)
    later = quote_snapshot(changed, number)
    assert (later.vat_percent, later.vat, later.terms) == (Decimal(25), sent.vat, sent.terms)
    assert later == sent


def test_quote_parameters_are_checked(service: QuoteService, database: Database) -> None:
    number = window_quote(service, database)
    with pytest.raises(QuoteError, match="not a quote parameter"):
        service.set_parameters(number, {"nonsense": "3"})
    with pytest.raises(QuoteError, match="'maybe' is not a value"):
        service.set_parameters(number, {"origin_pairs": "maybe"})
    service.set_parameters(number, {"energy_level": "ja"})
    assert service.quote(number).quote_parameters == {"energy_level": True}


def test_sending_starts_the_validity_and_orders_are_not_delivered_in_the_past(database: Database) -> None:
    from tests.helpers.quoting_kit import make_settings

    early = QuoteService(database, make_settings(), today=TODAY)
    number = window_quote(early, database)
    later = QuoteService(database, make_settings(), today=TODAY + timedelta(days=40))
    later.send(number)  # made 40 days ago, valid 30: valid from the day it is sent
    assert later.quote(number).current.valid_until == TODAY + timedelta(days=70)
    later.accept(number)
    with pytest.raises(QuoteError, match="has passed"):
        later.create_order(number, delivery_date=TODAY)


def test_a_revision_is_priced_for_its_own_day(service: QuoteService, database: Database) -> None:
    customer = add_customer(database)
    quote = service.new_quote(customer, parameters={"origin_pairs": False},
                              first_line=LineRequest("eartag", EARTAG, complete=True))
    before = service.quote(quote.number).current.lines[0].line_total_ore
    service.send(quote.number)
    from tests.helpers.quoting_kit import make_settings

    after_the_date = QuoteService(database, make_settings(), today=TODAY.replace(year=2027, month=1, day=25))
    after_the_date.revise(quote.number)  # the 20 % early-order discount ended on 20 January
    revised = after_the_date.quote(quote.number)
    assert revised.current.lines[0].line_total_ore > before
    assert revised.revisions[0].lines[0].line_total_ore == before  # revision A keeps its price


@pytest.mark.backends("sqlite")  # writes a damaged document into the file with sqlite3
def test_a_line_configuration_is_typed_and_read_with_checks(service: QuoteService, database: Database) -> None:
    import sqlite3

    from configurator.core.catalogue.quote_records import LineConfiguration

    number = window_quote(service, database)
    configuration = service.quote(number).current.lines[0].configuration
    assert isinstance(configuration, LineConfiguration)
    assert LineConfiguration.from_json(configuration.to_json()) == configuration
    with pytest.raises(TypeError):
        configuration.values["width_mm"] = 1  # type: ignore[index]  # read-only
    connection = sqlite3.connect(database.url.removeprefix("sqlite:///"))
    connection.execute("""UPDATE quote_lines SET configuration = '{"choices": [], "values": {}}'""")
    connection.commit()
    connection.close()
    with pytest.raises(CatalogueError) as damaged:
        service.quote(number)
    assert "configuration of a quote line is damaged: 'choices'" in damaged.value.render("en")
    assert "konfigurasjonen til en tilbudslinje er skadet" in damaged.value.render("nb")


@pytest.mark.backends("sqlite")  # writes a damaged document into the file with sqlite3
def test_a_sent_revisions_data_is_typed_and_read_with_checks(service: QuoteService, database: Database) -> None:
    import sqlite3

    from configurator.core.catalogue.quote_records import SentData

    number = window_quote(service, database)
    service.send(number)
    sent = service.quote(number).current.frozen
    assert isinstance(sent, SentData)
    assert sent.vat_percent == Decimal("25") and sent.customer["language"] == "nb" and sent.parameters == {}
    assert SentData.from_json(sent.to_json()) == sent
    connection = sqlite3.connect(database.url.removeprefix("sqlite:///"))
    connection.execute("""UPDATE quote_revisions SET frozen = json_set(frozen, '$.vat_percent', 'lots')""")
    connection.commit()
    connection.close()
    with pytest.raises(CatalogueError) as damaged:
        service.quote(number)
    assert "sent quote revision is damaged: vat_percent" in damaged.value.render("en")
    assert "sendt tilbudsrevisjon er skadet" in damaged.value.render("nb")


@pytest.mark.backends("sqlite")  # writes a damaged document into the file with sqlite3
def test_an_order_lines_production_data_is_typed_and_read_with_checks(service: QuoteService,
                                                                       database: Database) -> None:
    import sqlite3

    from configurator.core.catalogue.quote_records import ProductionSpec

    order = eartag_order(service, database)
    spec = service.order(order).lines[0].specification
    assert isinstance(spec, ProductionSpec) and spec.series is not None and spec.series.count == 100
    assert ProductionSpec.from_json(spec.to_json()) == spec
    connection = sqlite3.connect(database.url.removeprefix("sqlite:///"))
    connection.execute("""UPDATE production_order_lines
                          SET specification = json_set(specification, '$.series.count', 'many')""")
    connection.commit()
    connection.close()
    with pytest.raises(CatalogueError) as damaged:
        service.order(order)
    assert "order line is damaged: series.count" in damaged.value.render("en")
    assert "ordrelinje er skadet: series.count" in damaged.value.render("nb")
