"""Sample data for a first look at the app: a few customers and quotes in every state.

``add_demo_data(database, settings)`` adds four customers (a farm, a housing co-operative, an office, an
English-speaking cabin owner) and quotes for every seed family: a draft, a sent one, an accepted one with its
production order, and a revised one. It is meant for a new, empty database: when any customer exists it
adds nothing and says so, so running it twice never doubles the data. Everything is one unit of work: the
customers, then each quote through the quote service (whose operations join the unit), so a failure (the
bundled catalogue not built yet) stores nothing and the command can simply be run again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from configurator.core.catalogue.db import Database
from configurator.core.catalogue.records import Address, CustomerData
from configurator.core.catalogue.unit import writing
from configurator.core.i18n import Message, msg
from configurator.core.quoting.service import LineRequest, QuoteService
from configurator.core.settings import Settings

CUSTOMERS = (
    CustomerData(kind="company", name="Ødegård Gårdsbruk AS", org_number="923609016",
                 contact_person="Åse Ødegård", email="ase@odegard.example", phone="72 41 12 34",
                 billing=Address(("Gardsveien 1",), "7374", "Røros")),
    CustomerData(kind="company", name="Borettslaget Bergmannsgata", org_number="974760673",
                 contact_person="Per Hagen", email="styret@bergmannsgata.example",
                 billing=Address(("Bergmannsgata 12",), "7374", "Røros"), discount_basis_points=500),
    CustomerData(kind="person", name="Kari Nordmann", email="kari@example.no", phone="915 55 555",
                 billing=Address(("Kjerkgata 3",), "7374", "Røros")),
    CustomerData(kind="person", name="John Smith", email="john.smith@example.com", language="en",
                 billing=Address(("Hyttegrenda 7",), "7370", "Brekken")),
)

WINDOW = {"window_type": "side_hung", "width_mm": "1200", "height_mm": "1400", "glazing": "triple"}
HERITAGE = {"window_type": "side_hung", "width_mm": "900", "height_mm": "1200", "heritage": "true",
            "wood": "core_pine", "glazing_bars": "through", "bars_per_sash": "2"}
TAGS = {"species": "sheep", "holding_id": "1234567", "series_number": "1", "tag_count": "200",
        "inside_text_1": "ODEGARD"}


@dataclass(frozen=True)
class DemoResult:
    customers: int
    quotes: tuple[str, ...]
    orders: tuple[str, ...]
    message: Message


STEPS = 15  # the steps that report progress: the customers, then each quote operation
T = TypeVar("T")


class _Steps:
    """Reports ``done / STEPS`` after each step, so a progress bar moves while the data is added."""

    def __init__(self, progress: Callable[[float], None] | None) -> None:
        self.progress, self.done = progress, 0

    def __call__(self, result: T) -> T:
        self.tick()
        return result

    def tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(min(1.0, self.done / STEPS))


def add_demo_data(database: Database, settings: Settings,
                  progress: Callable[[float], None] | None = None) -> DemoResult:
    """``progress(fraction)`` is told after each step (from the thread that runs this)."""
    with writing(database) as unit:
        if unit.customers.search("", limit=1):
            return DemoResult(0, (), (), msg("There are customers already; no sample data was added."))
        ids = [unit.customers.add(customer).id for customer in CUSTOMERS]
        step = _Steps(progress)
        step.tick()
        return _add_quotes(database, settings, ids, step)


def _add_quotes(database: Database, settings: Settings, ids: list[int], step: _Steps) -> DemoResult:
    service = QuoteService(database, settings)
    farm, housing, office, cabin = ids
    quotes, orders = [], []

    tags = step(service.new_quote(farm, first_line=LineRequest("eartag", TAGS, complete=True)))
    service.add_line(tags.number, "eartag", {**TAGS, "tag_type": "e24"}, complete=True)
    step.tick()
    service.send(tags.number)
    step.tick()
    service.accept(tags.number)
    step.tick()
    orders.append(step(service.create_order(tags.number)).number)
    quotes.append(tags.number)

    windows = step(service.new_quote(housing, first_line=LineRequest("window", WINDOW, quantity=12,
                                                                     complete=True)))
    service.add_line(windows.number, "window", HERITAGE, quantity=4, complete=True)
    step.tick()
    service.send(windows.number)
    step.tick()
    quotes.append(windows.number)

    chairs = step(service.new_quote(office, first_line=LineRequest("chair", {"model": "sofi"}, quantity=6,
                                                                    complete=True)))
    service.send(chairs.number)
    step.tick()
    service.revise(chairs.number)
    step.tick()
    service.edit_line(chairs.number, 1, quantity=8)
    step.tick()
    quotes.append(chairs.number)

    cabin_quote = step(service.new_quote(cabin, first_line=LineRequest("chimney_cap", {"flue_shape": "square"},
                                                                       complete=True)))
    service.add_line(cabin_quote.number, "window", {**WINDOW, "width_mm": "600", "height_mm": "600"},
                     complete=True)
    step.tick()
    quotes.append(cabin_quote.number)
    return DemoResult(len(ids), tuple(quotes), tuple(orders),
                      msg("Sample data added: {customers} customers, {quotes} quotes and {orders} production order.",
                          customers=len(ids), quotes=len(quotes), orders=len(orders)))
