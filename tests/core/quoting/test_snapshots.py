"""The snapshots the documents are rendered from, asserted exactly: a window quote in nb and en, an ear-tag
production order with its tags, and the plain-text report made from the same snapshot."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from configurator.core.catalogue.db import Database
from configurator.core.documents import snapshot as snap
from configurator.core.quoting.report import order_text, quote_text
from configurator.core.quoting.service import LineRequest, QuoteService
from configurator.core.quoting.snapshots import order_snapshot, quote_snapshot
from tests.helpers.quoting_kit import EARTAG, TODAY, WINDOW, add_customer

D = Decimal


def texts(items: tuple[snap.SpecItem, ...]) -> tuple[snap.SpecItem, ...]:
    """The items as a reader sees them (the ids and stored values for the exports left out)."""
    return tuple(replace(item, id="", code="") for item in items)


def bom_texts(rows: tuple[snap.BomRow, ...]) -> tuple[snap.BomRow, ...]:
    return tuple(replace(row, id="") for row in rows)


def test_window_quote_snapshot_in_bokmal(service: QuoteService, database: Database) -> None:
    customer = add_customer(database)
    quote = service.new_quote(customer, first_line=LineRequest("window", WINDOW, quantity=2, complete=True))
    snapshot = quote_snapshot(service, quote.number)
    (line,) = snapshot.lines
    assert line.preview_png is not None and line.preview_png.startswith(b"\x89PNG")
    expected_line = snap.QuoteLineSnapshot(
        position=1, product="Trevindu etter mål", model_version="2026.1",
        specification=(
            snap.SpecItem("Vindustype", "Sidehengslet"), snap.SpecItem("Bredde (utvendig karmmål)", "1200 mm"),
            snap.SpecItem("Høyde (utvendig karmmål)", "1400 mm"), snap.SpecItem("Slagretning", "Utadslående"),
            snap.SpecItem("Rømningsvindu", "nei"), snap.SpecItem("Glass", "3-lags energiglass (Ug 0,5)", D("1428.00")),
            snap.SpecItem("Glassbelegg", "Uten belegg"), snap.SpecItem("Sprosser", "Uten sprosser"),
            snap.SpecItem("Sprosser per ramme", "0 stk"), snap.SpecItem("Verneverdig utførelse", "nei"),
            snap.SpecItem("Treslag", "Furu"), snap.SpecItem("Farge", "RAL 9010 renhvit"),
        ),
        quantity=2, unit_price=D("12852.00"), line_total=D("25704.00"),
        breakdown=(
            snap.PriceItem("Vindu per m²: 1,68 m² × kr\u00a06\u00a0800,00 = kr\u00a011\u00a0424,00", D("11424.00")),
            snap.PriceItem("3-lags energiglass (Ug 0,5): 1,68 m² × kr\u00a0850,00 = kr\u00a01\u00a0428,00",
                           D("1428.00")),
        ),
    )
    assert replace(line, preview_png=None, specification=texts(line.specification)) == expected_line
    assert (line.specification[0].id, line.specification[0].code) == ("window_type", "side_hung")
    assert (line.specification[1].id, line.specification[1].code) == ("width_mm", "1200")
    assert replace(snapshot, lines=(), company=snap.CompanyInfo(""), parameters=texts(snapshot.parameters)) == \
        snap.QuoteSnapshot(
        language="nb", number="Q-2026-00001", revision="A", status="utkast", issued=snapshot.issued,
        valid_until=TODAY.replace(day=31), salesperson="Kari Nordmann", company=snap.CompanyInfo(""),
        customer=snap.PartyBlock("Hansen Gård", ("Gardsveien 1", "7374 Røros")), lines=(),
        subtotal=D("25704.00"), discount_percent=D(0), discount=D("0.00"), total_ex_vat=D("25704.00"),
        vat_percent=D(25), vat=D("6426.00"), total_inc_vat=D("32130.00"), notes=(),
        terms=service.settings.terms.nb,
        parameters=(snap.SpecItem("Energitiltak (snitt U ≤ 0,80)", "nei"),
                    snap.SpecItem("Alle vinduene står på samme fasade", "ja")),
    )
    assert snapshot.company == snap.CompanyInfo(
        "Røros Dører og Vinduer AS", ("Kjerkgata 1", "7374 Røros"), "923 609 016 MVA", "72 41 00 00")


def test_an_english_snapshot_and_a_quote_discount(service: QuoteService, database: Database) -> None:
    customer = add_customer(database, "Smith Ltd", language="en")
    quote = service.new_quote(customer, discount_bp=1000,
                              first_line=LineRequest("window", WINDOW, complete=True))
    snapshot = quote_snapshot(service, quote.number)
    assert snapshot.language == "en" and snapshot.status == "draft"
    assert texts(snapshot.lines[0].specification)[1] == snap.SpecItem("Width (outside frame)", "1200 mm")
    # 12 852.00 − 10 % (1 285.20) = 11 566.80; VAT 2 891.70
    assert (snapshot.subtotal, snapshot.discount_percent, snapshot.discount) == (D("12852.00"), D(10), D("1285.20"))
    assert (snapshot.total_ex_vat, snapshot.vat, snapshot.total_inc_vat) == (
        D("11566.80"), D("2891.70"), D("14458.50"))
    assert quote_snapshot(service, quote.number, language="nb").lines[0].specification[1].label == (
        "Bredde (utvendig karmmål)")
    text = quote_text(service, quote.number, None, "en")
    assert "Quote discount 10%: NOK\u00a0−1,285.20" in text and "Total incl. VAT: NOK\u00a014,458.50" in text


def test_ear_tag_order_snapshot_lists_every_tag(service: QuoteService, database: Database) -> None:
    customer = add_customer(database)
    values = {**EARTAG, "tag_count": "12", "inside_text_1": "Hansen", "inside_text_2": "91234567"}
    quote = service.new_quote(customer, first_line=LineRequest("eartag", values, complete=True))
    service.add_line(quote.number, "eartag", {**values, "tag_type": "e24"}, complete=True)
    service.send(quote.number)
    service.accept(quote.number)
    order = service.create_order(quote.number)
    snapshot = order_snapshot(service, order.number)
    visual, electronic = snapshot.lines
    assert (snapshot.number, snapshot.quote_number, snapshot.revision) == ("O-2026-00001", "Q-2026-00001", "A")
    assert visual.qr_payload == "SKREDDER O-2026-00001/1" and electronic.qr_payload == "SKREDDER O-2026-00001/2"
    assert visual.holding_id == "1234567" and len(visual.tags) == 12
    assert visual.tags[0] == snap.TagRow("70001", "MT NO 1234567 70001", "", ("Hansen", "91234567"))
    assert electronic.tags[-1] == snap.TagRow("70012", "MT NO 1234567 70012", "578123456770012",
                                              ("Hansen", "91234567"))
    assert snap.SpecItem("Nummerserie", "70001–70012") in texts(visual.fields)
    assert snap.BomRow("OSID-EMNE-E24", "Merkeemne, E24 med transponder", D(12), "stk") in bom_texts(electronic.bom)
    assert snap.BomRow("OSID-POSE-50", "Pose à 50 merker", D(1), "stk") in bom_texts(visual.bom)
    assert "Nummerserie: 70001–70012" in order_text(service, order.number, "nb")


def test_window_order_snapshot_has_the_cut_list_for_the_quantity(service: QuoteService, database: Database) -> None:
    customer = add_customer(database)
    quote = service.new_quote(customer, first_line=LineRequest("window", WINDOW, quantity=2, complete=True))
    service.send(quote.number)
    service.accept(quote.number)
    order = service.create_order(quote.number)
    (line,) = order_snapshot(service, order.number, language="en").lines
    assert line.tags == () and line.quantity == 2
    assert line.cut_list[:3] == (snap.CutRow("Frame head", "KARM 56x115", D(1200), 2, "frame-head"),
                                 snap.CutRow("Frame sill", "BUNNKARM 56x140", D(1200), 2, "frame-sill"),
                                 snap.CutRow("Frame jamb", "KARM 56x115", D(1400), 4, "frame-jamb"))
    # pine frame timber: (2.4 + 2.8) m × 1.1 = 5.72 m per window
    assert snap.BomRow("FURU-56x115", "Pine frame timber", D("11.44"), "m", "frame-timber-pine") in line.bom


def test_the_customer_sees_an_ear_tag_series_as_its_range(service: QuoteService, database: Database) -> None:
    customer = add_customer(database)
    quote = service.new_quote(customer, first_line=LineRequest("eartag", {**EARTAG, "tag_count": "40"},
                                                               complete=True))
    (line,) = quote_snapshot(service, quote.number).lines
    shown = {item.label: item.value for item in line.specification}
    assert shown["Nummerserie"] == "70001–70040"  # not the first number alone
    assert "Første individnummer (fire siste sifre)" not in shown
    assert shown["Antall merker (nummer)"] == "40 stk"
    labels = [item.label for item in line.specification]
    assert labels.index("Nummerserie") == labels.index("Antall merker (nummer)") - 1  # where the number was asked


def test_the_customer_sees_shown_prices_discounts_and_the_quote_parameters(service: QuoteService,
                                                                           database: Database) -> None:
    customer = add_customer(database)
    values = {**WINDOW, "heritage": "true"}
    quote = service.new_quote(customer, parameters={"energy_level": "true"},
                              first_line=LineRequest("window", values, quantity=5, line_discount_bp=200,
                                                     complete=True))
    snapshot = quote_snapshot(service, quote.number)
    (line,) = snapshot.lines
    assert [item.text for item in line.surcharges] == ["Verneverdig utførelse"]
    assert line.surcharges[0].amount == D("1713.60")  # 15 % of the base line, kr 11 424,00
    assert (line.discount_percent, line.discounts) == (D(5), ("Kvantumsrabatt (5 eller flere) 3\u00a0%",
                                                              "Linjerabatt 2\u00a0%"))
    assert snap.SpecItem("Energitiltak (snitt U ≤ 0,80)", "ja", id="energy_level", code="true") in snapshot.parameters
    assert not snapshot.show_breakdown
    service.send(quote.number)
    service.accept(quote.number)
    order = order_snapshot(service, service.create_order(quote.number).number)
    assert snap.SpecItem("Energitiltak (snitt U ≤ 0,80)", "ja", id="energy_level", code="true") in order.parameters
