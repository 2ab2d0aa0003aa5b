"""Quotes and production orders: the business rules over the catalogue.

- A quote has revisions A, B, C…; only the current revision, and only while it is a **draft**, changes.
  Sending freezes it; editing a sent (or rejected, or expired) quote makes the next revision, a copy of the
  last one. Every revision stays readable.
- Status: draft → sent → accepted / rejected / expired (a sent quote past its validity date).
- Every line stores its configuration, the model version it was made with, its price breakdown and its
  preview. Nothing reprices a stored line silently: a line is priced when it is added or edited, with its own
  model version.
- A discount (quote or line) above the settings' limit marks the revision "needs approval": it cannot be sent
  until a manager approves it with the manager PIN; who approved it and when is recorded. Changing a discount
  afterwards asks for approval again.
- The models' quote rules are checked over all lines of a family; a quote that breaks one cannot be sent.
- An accepted quote becomes exactly one production order; ear-tag number series are allocated against the
  holding's history in the same transaction (a clash names the earlier order and nothing is stored).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from configurator.core.catalogue.columns import utc_now
from configurator.core.catalogue.customers import CustomerRepository
from configurator.core.catalogue.db import Database
from configurator.core.catalogue.errors import CatalogueError
from configurator.core.catalogue.quote_records import OrderRecord, QuoteRecord, QuoteSummary
from configurator.core.catalogue.quotes import LineData, OrderRepository, QuoteRepository, next_letter
from configurator.core.catalogue.records import CustomerRecord
from configurator.core.engine import describe
from configurator.core.engine.quote_rules import check_quote_rules
from configurator.core.i18n import Message, msg
from configurator.core.pricing.money import to_ore
from configurator.core.pricing.price import LinePrice, PricingError, price_line, quote_totals
from configurator.core.quoting import production
from configurator.core.quoting.frozen import company_data, customer_data
from configurator.core.quoting.messages import lazy, model_text, status_text
from configurator.core.quoting.models import ModelStore, StoredModel
from configurator.core.settings import Settings, needs_approval, verify_manager_pin

MAX_QUANTITY = 100_000  # units on one line: beyond any real order, and the øre amounts stay far inside 64 bits


class QuoteError(CatalogueError):
    """A quote operation that is not allowed now (with the reason in the user's language)."""

    def __init__(self, message: Message, details: Sequence[Message] = ()) -> None:
        super().__init__(message)
        self.details = tuple(details)

    def render(self, language: str = "nb") -> str:
        lines = [super().render(language), *(f"  - {d.render(language)}" for d in self.details)]
        return "\n".join(lines)


@dataclass(frozen=True)
class LineRequest:
    """A product to configure onto a quote: choices as typed (``{"width_mm": "1200"}``) or as values."""

    family: str
    choices: Mapping[str, Any]
    quantity: int = 1
    line_discount_bp: int = 0
    complete: bool = False


@dataclass(frozen=True)
class OrderSummary:
    number: str
    quote_number: str
    created: date
    delivery_date: date | None
    lines: int


@dataclass(frozen=True)
class RuleFinding:
    """A quote rule the lines of one family break, with the lines (1-based positions) that cause it."""

    family: str
    rule_id: str
    message: Message
    lines: tuple[int, ...]


class QuoteService:
    """Everything a salesperson does with quotes and orders, each operation in one transaction."""

    def __init__(self, database: Database, settings: Settings, *, today: date | None = None) -> None:
        self.database = database
        self.settings = settings
        self.models = ModelStore(database)
        self._today = today

    @property
    def today(self) -> date:
        return self._today or date.today()

    # ------------------------------------------------------------------ reading
    def quote(self, number: str) -> QuoteRecord:
        with self.database.session() as session:
            return QuoteRepository(session).get(number)

    def customer(self, customer_id: int) -> CustomerRecord:
        with self.database.session() as session:
            customer = CustomerRepository(session).get(customer_id)
        if customer is None:
            raise QuoteError(msg("There is no customer with id {id}.", id=customer_id))
        return customer

    def order(self, number: str) -> OrderRecord:
        with self.database.session() as session:
            return OrderRepository(session).get(number)

    def order_for_quote(self, number: str) -> OrderRecord | None:
        with self.database.session() as session:
            quote = QuoteRepository(session).get(number)
            return OrderRepository(session).for_quote(quote.id)

    # ------------------------------------------------------------------ quotes
    def search(self, text: str = "", **filters: Any) -> list[QuoteSummary]:
        with self.database.session() as session:
            return QuoteRepository(session).search(text, **filters)

    def orders(self) -> list[OrderSummary]:
        with self.database.session() as session:
            quotes = QuoteRepository(session)
            return [OrderSummary(o.number, quotes.get_by_id(o.quote_id).number, o.created_at.date(),
                                 o.delivery_date, len(o.lines)) for o in OrderRepository(session).newest()]

    def new_quote(self, customer_id: int, *, salesperson: str | None = None, discount_bp: int = 0,
                  parameters: Mapping[str, Any] | None = None, note: str = "",
                  first_line: LineRequest | None = None) -> QuoteRecord:
        """A new draft quote; with ``first_line`` the line is configured and priced first, so a refused line
        makes no quote (and uses no number)."""
        customer = self.customer(customer_id)
        if not 0 <= discount_bp <= 10_000:
            raise QuoteError(msg("A discount must be between 0 and 100 %."))
        parameters = self.checked_parameters(parameters or {})
        data = None
        if first_line is not None:
            stored = self.models.current(first_line.family, self.today)
            configuration = self.configure(stored, first_line.choices, complete=first_line.complete)
            data = self._line_data(stored, configuration, first_line.quantity, first_line.line_discount_bp, customer)
        valid_until = self.today + timedelta(days=self.settings.quote_validity_days)
        seller = salesperson if salesperson is not None else self.settings.salesperson
        with self.database.session() as session:
            repository = QuoteRepository(session)
            record = repository.create(
                customer_id=customer_id, salesperson=seller,
                valid_until=valid_until, year=self.today.year, quote_parameters=dict(parameters or {}),
                discount_basis_points=discount_bp, note=note)
            if data is not None:
                repository.add_line(record.number, data)
            number = record.number
        self._recompute(number)
        return self.quote(number)

    def _draft(self, number: str) -> QuoteRecord:
        quote = self.quote(number)
        if quote.current.status == "accepted":
            raise QuoteError(msg("Quote {number} is accepted and cannot be changed; copy it to make a new quote.",
                                 number=quote.number))
        if not quote.current.is_editable:
            raise QuoteError(msg("Quote {number} revision {letter} is {status} and cannot be changed; revise it "
                                 "to make revision {next}.", number=quote.number, letter=quote.current.letter,
                                 status=status_text(quote.current.status), next=next_letter(quote.current.letter)))
        return quote

    def configure(self, stored: StoredModel, choices: Mapping[str, Any], *, complete: bool = False) -> dict[str, Any]:
        """The values of a valid configuration from the user's choices (texts as typed, e.g. from the CLI)."""
        from configurator.core.engine.session import SessionError

        session = stored.session()
        try:
            parsed = {a: session.parse(a, v) if isinstance(v, str) else v for a, v in choices.items()}
            for attr_id, value in parsed.items():
                session.set(attr_id, value)
            if complete:
                session.complete()
            state = session.state()
        except SessionError as error:
            model, explanation = stored.model, error.explanation
            details = [] if explanation is None else [
                lazy(lambda language: describe.explanation_text(model, explanation, language))]
            raise QuoteError(error.message, details) from None
        finally:
            session.close()
        if not state.complete:
            missing = [a.label for a in stored.model.chosen_attributes
                       if state.attributes[a.id].value is None and state.attributes[a.id].chosen is None
                       and (a.type != "text" or a.required)]
            raise QuoteError(msg("The configuration is not complete; still to choose: {attributes}. "
                                 "Choose them, or complete with the defaults.",
                                 attributes=lazy(lambda lang: ", ".join(t.get(lang) for t in missing))))
        values = {k: a.value for k, a in state.attributes.items() if a.value is not None}
        values.update({a: v for a, v in session.choices.items() if stored.model.attribute(a).type == "text"})
        return {"choices": dict(session.choices), "values": values}

    def _price(self, stored: StoredModel, values: Mapping[str, Any], quantity: int, line_discount_bp: int,
               customer: CustomerRecord) -> LinePrice:
        return price_line(stored.model, values, quantity=quantity, on_date=self.today,
                          customer_discount_bp=customer.discount_basis_points, line_discount_bp=line_discount_bp)

    def _line_data(self, stored: StoredModel, configuration: dict[str, Any], quantity: int, line_discount_bp: int,
                   customer: CustomerRecord) -> LineData:
        from configurator.core.documents.preview import preview_png

        if not 1 <= quantity <= MAX_QUANTITY:
            raise QuoteError(msg("The quantity must be between 1 and {largest}.", largest=MAX_QUANTITY))
        if not 0 <= line_discount_bp <= 10_000:
            raise QuoteError(msg("A discount must be between 0 and 100 %."))
        if quantity != 1 and any(f.type == "number_series" for f in stored.model.production.fields):
            raise QuoteError(msg("A line with a number series is ordered once: set the number of tags instead "
                                 "of the quantity."))
        try:
            price = self._price(stored, configuration["values"], quantity, line_discount_bp, customer)
        except PricingError as error:
            raise QuoteError(error.message) from None
        png = preview_png(stored.model, configuration["values"], stored.image) if stored.model.preview else None
        return LineData(stored.model.family, stored.version.id, configuration, quantity, line_discount_bp,
                        to_ore(price.unit_price), to_ore(price.line_total), price.to_json(), png)

    def add_line(self, number: str, family: str, choices: Mapping[str, Any], *, quantity: int = 1,
                 line_discount_bp: int = 0, complete: bool = False) -> int:
        """Configure a product and add it to the draft; returns the new line's position."""
        quote = self._draft(number)
        stored = self.models.current(family, self.today)
        configuration = self.configure(stored, choices, complete=complete)
        data = self._line_data(stored, configuration, quantity, line_discount_bp, self.customer(quote.customer_id))
        with self.database.session() as session:
            position = QuoteRepository(session).add_line(quote.number, data)
        self._recompute(quote.number)
        return position

    def edit_line(self, number: str, position: int, *, choices: Mapping[str, Any] | None = None,
                  quantity: int | None = None, line_discount_bp: int | None = None, complete: bool = False,
                  replace_choices: bool = False) -> None:
        """Change a line's choices (merged into its own, or with ``replace_choices`` instead of them — what the
        configurator dialog gives), quantity or discount; priced with the line's own model version."""
        quote = self._draft(number)
        line = self._line(quote, position)
        stored = self.models.by_version_id(line.model_version_id)
        configuration = line.configuration
        if choices or replace_choices:
            merged = dict(choices or {}) if replace_choices else {**configuration["choices"], **(choices or {})}
            configuration = self.configure(stored, merged, complete=complete)
        data = self._line_data(stored, configuration, quantity if quantity is not None else line.quantity,
                               line_discount_bp if line_discount_bp is not None else line.line_discount_basis_points,
                               self.customer(quote.customer_id))
        with self.database.session() as session:
            QuoteRepository(session).replace_line(quote.number, position, data)
        self._recompute(quote.number)

    def copy_line(self, number: str, position: int) -> int:
        """Copy a line to just after it; returns the copy's position."""
        quote = self._draft(number)
        line = self._line(quote, position)
        with self.database.session() as session:
            repository = QuoteRepository(session)
            data = repository.lines_of(quote.number)[position - 1]
            repository.add_line(quote.number, data, position=position + 1)
        self._recompute(quote.number)
        return line.position + 1

    def remove_line(self, number: str, position: int) -> None:
        quote = self._draft(number)
        self._line(quote, position)
        with self.database.session() as session:
            QuoteRepository(session).remove_line(quote.number, position)
        self._recompute(quote.number)

    @staticmethod
    def _line(quote: QuoteRecord, position: int) -> Any:
        line = next((line for line in quote.current.lines if line.position == position), None)
        if line is None:
            raise QuoteError(msg("Quote {number} has no line {position}.", number=quote.number, position=position))
        return line

    def set_discount(self, number: str, discount_bp: int) -> None:
        quote = self._draft(number)
        if not 0 <= discount_bp <= 10_000:
            raise QuoteError(msg("A discount must be between 0 and 100 %."))
        with self.database.session() as session:
            QuoteRepository(session).update_revision(quote.number, discount_basis_points=discount_bp)
        self._recompute(quote.number)

    def set_parameters(self, number: str, parameters: Mapping[str, Any]) -> None:
        quote = self._draft(number)
        checked = self.checked_parameters(parameters)
        with self.database.session() as session:
            QuoteRepository(session).set_quote_parameters(quote.number, {**quote.quote_parameters, **checked})
        self._recompute(quote.number)

    def quote_parameters(self) -> dict[str, Any]:
        """Every quote parameter the catalogue's products know (id -> attribute), from their current versions."""
        from configurator.core.catalogue.repositories import ModelRepository

        with self.database.session() as session:
            families = [family.id for family in ModelRepository(session).families()]
        known: dict[str, Any] = {}
        for family in families:
            for parameter in self.models.current(family, self.today).model.quote_parameters:
                known.setdefault(parameter.id, parameter)
        return known

    def checked_parameters(self, parameters: Mapping[str, Any]) -> dict[str, Any]:
        """Quote parameters as their values (``"true"`` → True), refusing unknown names and wrong values."""
        known = self.quote_parameters()
        checked: dict[str, Any] = {}
        for name, value in parameters.items():
            attribute = known.get(name)
            if attribute is None:
                raise QuoteError(msg("'{name}' is not a quote parameter (known: {known}).", name=name,
                                     known=", ".join(sorted(known)) or "-"))
            parsed = _parameter_value(attribute, value)
            if parsed is None:
                raise QuoteError(msg("'{value}' is not a value of the quote parameter '{name}'.", value=value,
                                     name=name))
            checked[name] = parsed
        return checked

    def _recompute(self, number: str) -> None:
        """After any change to a draft: its totals from the stored lines (no repricing) and whether it needs an
        approval. An approval is for the quote as it stood: any change asks for it again."""
        quote = self.quote(number)
        revision = quote.current
        totals = quote_totals([Decimal(line.line_total_ore) / 100 for line in revision.lines],
                              discount_bp=revision.discount_basis_points, vat_percent=self.settings.vat_percent)
        customer_bp = self.customer(quote.customer_id).discount_basis_points
        effective = max([effective_discount_bp(customer_bp, line.line_discount_basis_points,
                                               revision.discount_basis_points) for line in revision.lines]
                        or [revision.discount_basis_points])
        approval = needs_approval(effective, self.settings)
        changes: dict[str, Any] = {"total_ex_vat_ore": to_ore(totals.total_ex_vat), "vat_ore": to_ore(totals.vat),
                                   "total_inc_vat_ore": to_ore(totals.total_inc_vat), "needs_approval": approval,
                                   "approved_by": None, "approved_at": None}
        with self.database.session() as session:
            QuoteRepository(session).update_revision(quote.number, **changes)

    # ------------------------------------------------------------------ rules, approval, status
    def rule_findings(self, number: str, letter: str | None = None) -> list[RuleFinding]:
        quote = self.quote(number)
        revision = quote.revision(letter) if letter else quote.current
        assert revision is not None
        findings = []
        parameters = revision.frozen["parameters"] if revision.frozen else quote.quote_parameters
        by_family: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        newest: dict[str, int] = {}  # a family's rules are those of its newest version on the quote
        for line in revision.lines:
            by_family.setdefault(line.family_id, []).append((line.position, line.configuration["values"]))
            newest[line.family_id] = max(newest.get(line.family_id, 0), line.model_version_id)
        for family, lines in by_family.items():
            model = self.models.by_version_id(newest[family]).model
            for violation in check_quote_rules(model, [values for _, values in lines], parameters):
                positions = tuple(lines[i][0] for i in violation.lines)
                text = msg("{message} (lines: {lines})", message=model_text(violation.rule.message),
                           lines=", ".join(map(str, positions)) or "-")
                findings.append(RuleFinding(model.family, violation.rule.id, text, positions))
        return findings

    def approve(self, number: str, pin: str, manager: str | None = None) -> None:
        quote = self._draft(number)
        if not quote.current.needs_approval:
            raise QuoteError(msg("Quote {number} does not need an approval.", number=quote.number))
        if not verify_manager_pin(self.settings, pin):
            raise QuoteError(msg("Wrong manager PIN; the quote was not approved."))
        name = manager or self.settings.manager_name or "manager"
        with self.database.session() as session:
            QuoteRepository(session).update_revision(quote.number, approved_by=name, approved_at=utc_now())

    def send(self, number: str) -> None:
        quote = self._draft(number)
        revision = quote.current
        if not revision.lines:
            raise QuoteError(msg("Quote {number} has no lines to send.", number=quote.number))
        if revision.needs_approval and revision.approved_by is None:
            raise QuoteError(msg("Quote {number} has a discount above the limit of {limit} % and needs a manager's "
                                 "approval before it is sent.", number=quote.number,
                                 limit=self.settings.discount_limit_percent))
        findings = self.rule_findings(quote.number)
        if findings:
            raise QuoteError(msg("Quote {number} breaks the product rules for a whole quote:", number=quote.number),
                             [f.message for f in findings])
        customer = self.customer(quote.customer_id)
        frozen = {"vat_percent": str(self.settings.vat_percent), "terms": self.settings.terms.as_dict(),
                  "parameters": dict(quote.quote_parameters), "customer_id": customer.id,
                  "company": company_data(self.settings), "customer": customer_data(customer)}
        with self.database.session() as session:
            repository = QuoteRepository(session)
            repository.update_revision(quote.number, status="sent", sent_at=utc_now(),
                                       valid_until=self.today + timedelta(days=self.settings.quote_validity_days))
            repository.freeze(quote.number, frozen)

    def _sent(self, number: str) -> QuoteRecord:
        self.expire_overdue()
        quote = self.quote(number)
        if quote.current.status != "sent":
            raise QuoteError(msg("Quote {number} is {status}; only a sent quote can be accepted or rejected.",
                                 number=quote.number, status=status_text(quote.current.status)))
        return quote

    def accept(self, number: str) -> None:
        quote = self._sent(number)
        with self.database.session() as session:
            QuoteRepository(session).update_revision(quote.number, status="accepted")

    def reject(self, number: str) -> None:
        quote = self._sent(number)
        with self.database.session() as session:
            QuoteRepository(session).update_revision(quote.number, status="rejected")

    def expire_overdue(self) -> list[str]:
        """Mark sent quotes whose validity has passed as expired; returns their numbers."""
        expired = []
        with self.database.session() as session:
            repository = QuoteRepository(session)
            for summary in repository.search(status="sent", limit=10_000):
                if summary.valid_until < self.today:
                    repository.update_revision(summary.number, status="expired")
                    expired.append(summary.number)
        return expired

    def revise(self, number: str) -> str:
        """Make the next revision (a draft copy of the current one); returns its letter."""
        self.expire_overdue()
        quote = self.quote(number)
        if quote.current.status == "draft":
            raise QuoteError(msg("Quote {number} revision {letter} is still a draft: change it directly.",
                                 number=quote.number, letter=quote.current.letter))
        if quote.current.status == "accepted":
            raise QuoteError(msg("Quote {number} is accepted and cannot be revised.", number=quote.number))
        with self.database.session() as session:
            letter = QuoteRepository(session).new_revision(
                quote.number, valid_until=self.today + timedelta(days=self.settings.quote_validity_days))
        self._reprice_for_today(quote.number)
        self._recompute(quote.number)
        return letter

    def _reprice_for_today(self, number: str) -> None:
        """A new revision is a new offer: its lines are priced for today (an early-order date may have passed,
        the customer's discount may have changed), each with its own model version and configuration."""
        quote = self.quote(number)
        customer = self.customer(quote.customer_id)
        with self.database.session() as session:
            repository = QuoteRepository(session)
            for line in quote.current.lines:
                stored = self.models.by_version_id(line.model_version_id)
                data = self._line_data(stored, line.configuration, line.quantity, line.line_discount_basis_points,
                                       customer)
                repository.replace_line(quote.number, line.position, data)

    def copy_quote(self, number: str, *, customer_id: int | None = None, letter: str | None = None) -> QuoteRecord:
        """A new draft quote with the lines of ``number`` (its current revision, or ``letter``), for the same
        or another customer; lines are priced again for today and that customer, each with its own model version."""
        source = self.quote(number)
        revision = source.revision(letter) if letter else source.current
        if revision is None:
            raise QuoteError(msg("Quote {number} has no revision {letter}.", number=source.number, letter=letter))
        target = self.new_quote(customer_id or source.customer_id, parameters=source.quote_parameters,
                                discount_bp=revision.discount_basis_points, note=revision.note)
        customer = self.customer(target.customer_id)
        with self.database.session() as session:
            repository = QuoteRepository(session)
            for line in revision.lines:
                stored = self.models.by_version_id(line.model_version_id)
                data = self._line_data(stored, line.configuration, line.quantity, line.line_discount_basis_points,
                                       customer)
                repository.add_line(target.number, data)
        self._recompute(target.number)
        return self.quote(target.number)

    # ------------------------------------------------------------------ production orders
    def create_order(self, number: str, *, delivery_date: date | None = None) -> OrderRecord:
        quote = self.quote(number)
        revision = quote.current
        if revision.status != "accepted":
            raise QuoteError(msg("Quote {number} is {status}; only an accepted quote becomes a production order.",
                                 number=quote.number, status=status_text(revision.status)))
        if delivery_date is not None and delivery_date < self.today:
            raise QuoteError(msg("The delivery date {date} has passed.", date=delivery_date.isoformat()))
        specs = []
        for line in revision.lines:
            model = self.models.by_version_id(line.model_version_id).model
            specs.append((line.id, production.specification(model, line.configuration["values"], line.quantity)))
        with self.database.session() as session:
            orders = OrderRepository(session)
            existing = orders.for_quote(quote.id)
            if existing is not None:
                raise QuoteError(msg("Quote {number} already has production order {order}.", number=quote.number,
                                     order=existing.number))
            order = orders.create(quote_id=quote.id, revision_id=revision.id, year=self.today.year,
                                  delivery_date=delivery_date or self._delivery_date(specs), lines=specs)
            self._allocate(orders, order.id, [spec for _, spec in specs])
        return self.order(order.number)

    def _delivery_date(self, specs: Sequence[tuple[int, dict[str, Any]]]) -> date:
        """The Monday of the earliest ``delivery_week`` field (ear tags: before the animals are born); else in
        3 weeks."""
        weeks = []
        for _, spec in specs:
            field = next((f for f in spec["fields"] if f["type"] == "delivery_week"), None)
            week, year = (field.get("value"), field.get("year")) if field else (None, None)
            if week and year:
                weeks.append(date.fromisocalendar(int(year), min(int(week), 52), 1))
        return max(min(weeks), self.today) if weeks else self.today + timedelta(weeks=3)

    @staticmethod
    def _allocate(orders: OrderRepository, order_id: int, specs: Sequence[dict[str, Any]]) -> None:
        """Give the order's number series to their holdings, or refuse the whole order naming the clash.

        A block is recorded per tag kind, so the two tags of a pair (visual and electronic, the same numbers)
        may come in one order or, the second topping up the first, in a later one; the same kind twice may not.
        """
        blocks: list[production.Block] = []
        for spec in specs:
            series = spec.get("series")
            if not series or not series["allocate"]:
                continue
            block = production.Block(series["holding_id"], series["species"], series["birth_year"],
                                     series["start"], series["count"], kind=series["kind"])
            for earlier in orders.allocations(block.holding_id):
                if earlier.production_order_id == order_id:
                    continue  # this order's own blocks: checked below, with a message that says so
                other = production.Block(earlier.holding_id, earlier.species, earlier.birth_year,
                                         earlier.first_number, earlier.count, earlier.order_number,
                                         kind=earlier.tag_kind)
                if production.clash(block, other) and not production.pair_of(block, other):
                    raise QuoteError(production.clash_message(block, other))
            for other in blocks:
                if production.clash(block, other) and not production.pair_of(block, other):
                    raise QuoteError(production.clash_message(block, other))
            blocks.append(block)
            orders.allocate(order_id=order_id, holding_id=block.holding_id, species=block.species,
                            birth_year=block.birth_year, first_number=block.first, count=block.count,
                            tag_kind=block.kind)


def effective_discount_bp(customer_bp: int, line_bp: int, quote_bp: int) -> int:
    """The discount a line gets in all, in basis points: the customer's and the line's (added, as on the line),
    then the quote's on what is left. 10 % + 5 % on the line and 10 % on the quote: 23.5 %."""
    kept = (Decimal(10_000) - customer_bp - line_bp) * (Decimal(10_000) - quote_bp) / 10_000
    return int(Decimal(10_000) - kept)


def _parameter_value(attribute: Any, value: Any) -> Any:
    """A quote parameter's value from what was typed, or None when it is not one."""
    text = str(value).strip().lower()
    if attribute.type == "boolean":
        if isinstance(value, bool):
            return value
        return {"true": True, "yes": True, "ja": True, "1": True,
                "false": False, "no": False, "nei": False, "0": False}.get(text)
    if attribute.type in ("integer", "decimal"):
        try:
            number = Decimal(text.replace(",", "."))
        except ArithmeticError:
            return None
        return number if attribute.accepts(number) else None
    if attribute.type == "choice":
        return text if attribute.option(text) is not None else None
    return str(value) if attribute.accepts(str(value)) else None
