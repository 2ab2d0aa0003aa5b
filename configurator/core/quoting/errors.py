"""What the quote service says no with, shared by its modules (the service and the quote-level pricing)."""

from __future__ import annotations

from collections.abc import Sequence

from configurator.core.catalogue.records import CustomerRecord
from configurator.core.catalogue.unit import Unit
from configurator.core.i18n import Message, msg


class QuoteError(Exception):
    """A quote operation that is not allowed now (with the reason in the user's language). Not a
    :class:`CatalogueError`: the stored data is fine, the business rules say no."""

    def __init__(self, message: Message, details: Sequence[Message] = ()) -> None:
        super().__init__(message.render("en"))
        self.message = message
        self.details = tuple(details)

    def render(self, language: str = "nb") -> str:
        lines = [self.message.render(language), *(f"  - {d.render(language)}" for d in self.details)]
        return "\n".join(lines)


def customer_of(unit: Unit, customer_id: int) -> CustomerRecord:
    """The customer with ``customer_id``, or a :class:`QuoteError` naming the id."""
    customer = unit.customers.get(customer_id)
    if customer is None:
        raise QuoteError(msg("There is no customer with id {id}.", id=customer_id))
    return customer
