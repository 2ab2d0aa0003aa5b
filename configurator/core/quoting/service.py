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

import getpass
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from configurator.core.catalogue.columns import utc_now
from configurator.core.catalogue.db import Database
from configurator.core.catalogue.errors import DatabaseError
from configurator.core.catalogue.quote_records import (
    LineConfiguration,
    OrderRecord,
    ProductionSpec,
    QuoteRecord,
    QuoteSummary,
    SentData,
)
from configurator.core.catalogue.quotes import LineData, OrderRepository, next_letter
from configurator.core.catalogue.records import CustomerRecord
from configurator.core.catalogue.unit import Unit, reading, writing
from configurator.core.engine import describe
from configurator.core.engine.quote_rules import check_quote_rules
from configurator.core.i18n import Message, format_date, msg, translate
from configurator.core.pricing.money import to_ore
from configurator.core.pricing.price import PricingError
from configurator.core.pricing.quote_items import QuoteItemResult
from configurator.core.quoting import production
from configurator.core.quoting.errors import QuoteError, customer_of
from configurator.core.quoting.frozen import company_data, customer_data
from configurator.core.quoting.messages import lazy, model_text, status_text
from configurator.core.quoting.models import ModelStore, StoredModel
from configurator.core.quoting.quote_pricing import QuotePricer
from configurator.core.settings import Settings, check_manager_pin

PREPARE_ATTEMPTS = 5  # a change prepared outside the write lock is prepared again this often if others got first
T = TypeVar("T")
R = TypeVar("R")
MAX_QUANTITY = 100_000  # units on one line: beyond any real order, and the øre amounts stay far inside 64 bits


class _CustomerChanged(Exception):
    """The customer of a quote changed while a change of it was being prepared (internal: it is prepared again)."""


class StaleRevisionError(QuoteError):
    """The draft was changed by someone else after the caller read it (optimistic locking): nothing was
    stored. ``changed_by`` / ``changed_at`` / ``version`` describe the change that came first; reload and redo."""

    def __init__(self, number: str, letter: str, changed_by: str, changed_at: datetime | None, version: int) -> None:
        who: Message = msg("{name}", name=changed_by) if changed_by else msg("someone else")
        when = lazy(lambda language: local_time(changed_at, language))
        super().__init__(msg("Quote {number} revision {letter} was changed by {who} ({when}) after you opened it. "
                             "Nothing of your change was stored: reload the quote to see theirs, then make yours "
                             "again.", number=number, letter=letter, who=who, when=when))
        self.number, self.letter = number, letter
        self.changed_by, self.changed_at, self.version = changed_by, changed_at, version


def local_time(moment: datetime | None, language: str) -> str:
    """A moment as its reader writes it, in this computer's time zone: ``03.12.2026 06:12`` / ``3 Dec 2026 06:12``."""
    if moment is None:
        return translate("time unknown", language)
    local = moment.astimezone()
    return f"{format_date(local.date(), language)} {local:%H:%M}"


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
    """Everything a salesperson does with quotes and orders.

    Each public method is one unit of work (:mod:`configurator.core.catalogue.unit`): it opens one transaction,
    passes its repositories down to the helpers, and commits all of its changes or none. A method that writes
    takes the write lock before it reads, so its checks (the quote is a draft, it has no order yet) still hold
    when it writes: a concurrent send cannot slip in between an edit's check and its write.
    """

    def __init__(self, database: Database, settings: Settings, *, today: date | None = None) -> None:
        self.database = database
        self.settings = settings
        self.models = ModelStore(database)
        self.pricer = QuotePricer(self.models, settings, lambda: self.today)
        self._today = today

    @property
    def today(self) -> date:
        return self._today or date.today()

    # ------------------------------------------------------------------ reading
    def quote(self, number: str) -> QuoteRecord:
        with reading(self.database) as unit:
            return unit.quotes.get(number)

    def customer(self, customer_id: int) -> CustomerRecord:
        with reading(self.database) as unit:
            return self._customer(unit, customer_id)

    @staticmethod
    def _customer(unit: Unit, customer_id: int) -> CustomerRecord:
        return customer_of(unit, customer_id)

    def order(self, number: str) -> OrderRecord:
        with reading(self.database) as unit:
            return unit.orders.get(number)

    def order_for_quote(self, number: str) -> OrderRecord | None:
        with reading(self.database) as unit:
            quote = unit.quotes.get(number)
            return unit.orders.for_quote(quote.id)

    def numbers_given_out(self, holding_id: str, *, quote_number: str | None = None,
                          except_position: int | None = None) -> list[production.Block]:
        """The blocks of ear-tag numbers ``holding_id`` already has: given out by production orders (each with its
        order's number), and with ``quote_number`` those on the quote's other lines (each with its position;
        ``except_position`` is the line being configured). The configurator checks a series against them."""
        with reading(self.database) as unit:
            blocks = [production.Block(a.holding_id, a.species, a.birth_year, a.first_number, a.count,
                                       a.order_number, kind=a.tag_kind) for a in unit.orders.allocations(holding_id)]
            if quote_number is None:
                return blocks
            for line in unit.quotes.get(quote_number).current.lines:
                if line.position == except_position:
                    continue
                model = self.models.by_version_id(line.model_version_id, unit.models).model
                try:
                    series = production.specification(model, line.configuration.values, line.quantity).series
                except (ValueError, KeyError, TypeError, ArithmeticError):
                    continue  # a line whose series cannot be worked out is found at sending
                if series is not None and series.allocate and series.holding_id == holding_id:
                    blocks.append(production.Block(series.holding_id, series.species, series.birth_year,
                                                   series.start, series.count, kind=series.kind,
                                                   line=line.position))
            return blocks

    def quote_of_order(self, order: OrderRecord) -> QuoteRecord:
        """The quote a production order was made from."""
        with reading(self.database) as unit:
            return unit.quotes.get_by_id(order.quote_id)

    # ------------------------------------------------------------------ quotes
    def search(self, text: str = "", **filters: Any) -> list[QuoteSummary]:
        with reading(self.database) as unit:
            return unit.quotes.search(text, **filters)

    def orders(self) -> list[OrderSummary]:
        with reading(self.database) as unit:
            quotes = unit.quotes
            return [OrderSummary(o.number, quotes.get_by_id(o.quote_id).number, o.created_at.date(),
                                 o.delivery_date, len(o.lines)) for o in unit.orders.newest()]

    def new_quote(self, customer_id: int, *, salesperson: str | None = None, discount_bp: int = 0,
                  parameters: Mapping[str, Any] | None = None, note: str = "",
                  first_line: LineRequest | None = None) -> QuoteRecord:
        """A new draft quote; with ``first_line`` the line is configured and priced first, so a refused line
        makes no quote (and uses no number)."""
        for _attempt in range(PREPARE_ATTEMPTS):
            with reading(self.database) as unit:  # the engine, the price and the preview: outside the write lock
                customer = self._customer(unit, customer_id)
                checked = self.pricer.checked_parameters(unit, parameters or {})
                data = None
                if first_line is not None:
                    stored = self.models.current(first_line.family, self.today, unit.models)
                    configuration = self.configure(stored, first_line.choices, complete=first_line.complete)
                    data = self._line_data(stored, configuration, first_line.quantity, first_line.line_discount_bp,
                                           customer, parameters=checked)
            with writing(self.database) as unit:
                if self._customer(unit, customer_id) != customer:
                    continue  # the customer (their discount) changed meanwhile: price again
                number = self._new_quote(unit, customer_id, salesperson=salesperson, discount_bp=discount_bp,
                                         parameters=checked, note=note, line=data)
                return unit.quotes.get(number)
        raise DatabaseError(msg("The customer kept changing while the new quote was being priced ({attempts} "
                                "tries); nothing was stored. Try again in a moment.", attempts=PREPARE_ATTEMPTS))

    def _new_quote(self, unit: Unit, customer_id: int, *, salesperson: str | None = None, discount_bp: int = 0,
                   parameters: Mapping[str, Any] | None = None, note: str = "",
                   line: LineData | None = None) -> str:
        """Store a new draft (with ``line``, configured and priced already, as its first line)."""
        self._customer(unit, customer_id)
        if not 0 <= discount_bp <= 10_000:
            raise QuoteError(msg("A discount must be between 0 and 100 %."))
        parameters = self.pricer.checked_parameters(unit, parameters or {})
        data = line
        valid_until = self.today + timedelta(days=self.settings.quote_validity_days)
        seller = salesperson if salesperson is not None else self.settings.salesperson
        record = unit.quotes.create(
            customer_id=customer_id, salesperson=seller,
            valid_until=valid_until, year=self.today.year, quote_parameters=dict(parameters or {}),
            discount_basis_points=discount_bp, note=note)
        if data is not None:
            unit.quotes.add_line(record.number, data)
        unit.quotes.update_revision(record.number, changed_by=self.editor[:200], changed_at=utc_now())
        self.pricer.recompute(unit, record.number)
        return record.number

    @property
    def editor(self) -> str:
        """Who is changing quotes here, as a second editor is told: the settings' salesperson, else the login."""
        if self.settings.salesperson.strip():
            return self.settings.salesperson.strip()
        try:
            return getpass.getuser()
        except (OSError, KeyError):  # no login name (a container without a passwd entry)
            return ""

    def _draft(self, unit: Unit, number: str, expected_version: int | None = None) -> QuoteRecord:
        """The quote, if its current revision may change now; counts this change (optimistic locking): with
        ``expected_version`` (the version the caller read) a draft changed since is a :class:`StaleRevisionError`."""
        quote = self._editable(unit, number)
        revision = quote.current
        if unit.quotes.claim_revision(quote.number, seen=expected_version, by=self.editor) is None:
            raise StaleRevisionError(quote.number, revision.letter, revision.changed_by, revision.changed_at,
                                     revision.version)
        return quote

    @staticmethod
    def _editable(unit: Unit, number: str) -> QuoteRecord:
        quote = unit.quotes.get(number)
        if quote.current.status == "accepted":
            raise QuoteError(msg("Quote {number} is accepted and cannot be changed; copy it to make a new quote.",
                                 number=quote.number))
        if not quote.current.is_editable:
            raise QuoteError(msg("Quote {number} revision {letter} is {status} and cannot be changed; revise it "
                                 "to make revision {next}.", number=quote.number, letter=quote.current.letter,
                                 status=status_text(quote.current.status), next=next_letter(quote.current.letter)))
        return quote

    def configure(self, stored: StoredModel, choices: Mapping[str, Any], *,
                  complete: bool = False) -> LineConfiguration:
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
                       and (a.type != "text" or a.required) and state.attributes[a.id].applies is not False]
            raise QuoteError(msg("The configuration is not complete; still to choose: {attributes}. "
                                 "Choose them, or complete with the defaults.",
                                 attributes=lazy(lambda lang: ", ".join(t.get(lang) for t in missing))))
        values = {k: a.value for k, a in state.attributes.items() if a.value is not None}
        values.update({a: v for a, v in session.choices.items() if stored.model.attribute(a).type == "text"})
        return LineConfiguration(dict(session.choices), values)

    def _line_data(self, stored: StoredModel, configuration: LineConfiguration, quantity: int, line_discount_bp: int,
                   customer: CustomerRecord, *, parameters: Mapping[str, Any] | None = None) -> LineData:
        """A line as stored, priced with the quote's ``parameters`` (prices may read ``quote.NAME``)."""
        from configurator.core.documents.preview import preview_png

        if not 1 <= quantity <= MAX_QUANTITY:
            raise QuoteError(msg("The quantity must be between 1 and {largest}.", largest=MAX_QUANTITY))
        if not 0 <= line_discount_bp <= 10_000:
            raise QuoteError(msg("A discount must be between 0 and 100 %."))
        if quantity != 1 and any(f.type == "number_series" for f in stored.model.production.fields):
            raise QuoteError(msg("A line with a number series is ordered once: set the number of tags instead "
                                 "of the quantity."))
        try:
            price = self.pricer.price(stored, configuration.values, quantity, line_discount_bp, customer,
                                      parameters=parameters)
        except PricingError as error:
            raise QuoteError(error.message) from None
        png = preview_png(stored.model, configuration.values, stored.image) if stored.model.preview else None
        return LineData(stored.model.family, stored.version.id, configuration, quantity, line_discount_bp,
                        to_ore(price.unit_price), to_ore(price.line_total), price.to_json(), png)

    def add_line(self, number: str, family: str, choices: Mapping[str, Any], *, quantity: int = 1,
                 line_discount_bp: int = 0, complete: bool = False, expected_version: int | None = None) -> int:
        """Configure a product and add it to the draft; returns the new line's position."""
        def prepare(unit: Unit, quote: QuoteRecord, customer: CustomerRecord) -> LineData:
            stored = self.models.current(family, self.today, unit.models)
            configuration = self.configure(stored, choices, complete=complete)
            return self._line_data(stored, configuration, quantity, line_discount_bp, customer,
                                   parameters=quote.quote_parameters)

        def store(unit: Unit, quote: QuoteRecord, data: LineData) -> int:
            position = unit.quotes.add_line(quote.number, data)
            self.pricer.recompute(unit, quote.number)
            return position

        return self._prepared_change(number, expected_version, prepare, store)

    def edit_line(self, number: str, position: int, *, choices: Mapping[str, Any] | None = None,
                  quantity: int | None = None, line_discount_bp: int | None = None, complete: bool = False,
                  replace_choices: bool = False, expected_version: int | None = None) -> None:
        """Change a line's choices (merged into its own, or with ``replace_choices`` instead of them — what the
        configurator dialog gives), quantity or discount; priced with the line's own model version."""
        def prepare(unit: Unit, quote: QuoteRecord, customer: CustomerRecord) -> LineData:
            line = self._line(quote, position)
            stored = self.models.by_version_id(line.model_version_id, unit.models)
            configuration = line.configuration
            if choices or replace_choices:
                merged = dict(choices or {}) if replace_choices else {**configuration.choices, **(choices or {})}
                configuration = self.configure(stored, merged, complete=complete)
            return self._line_data(stored, configuration, quantity if quantity is not None else line.quantity,
                                   line_discount_bp if line_discount_bp is not None
                                   else line.line_discount_basis_points, customer, parameters=quote.quote_parameters)

        def store(unit: Unit, quote: QuoteRecord, data: LineData) -> None:
            unit.quotes.replace_line(quote.number, position, data)
            self.pricer.recompute(unit, quote.number)

        self._prepared_change(number, expected_version, prepare, store)

    def _prepared_change(self, number: str, expected_version: int | None,
                         prepare: Callable[[Unit, QuoteRecord, CustomerRecord], T],
                         store: Callable[[Unit, QuoteRecord, T], R]) -> R:
        """A draft change whose heavy part (the engine, the price, the preview) runs before the write lock:
        ``prepare`` reads the draft as it is and works out what to store; ``store`` writes it under the lock only
        if the draft is still at the version ``prepare`` saw and the customer is unchanged (optimistic locking).
        Otherwise, with ``expected_version`` the caller is told (:class:`StaleRevisionError`); without one the
        change is prepared again on what is stored now. So writers hold the lock for the writing only."""
        for _attempt in range(PREPARE_ATTEMPTS):
            with reading(self.database) as unit:
                quote = self._editable(unit, number)
                revision = quote.current
                if expected_version is not None and revision.version != expected_version:
                    raise StaleRevisionError(quote.number, revision.letter, revision.changed_by,
                                             revision.changed_at, revision.version)
                customer = self._customer(unit, quote.customer_id)
                prepared = prepare(unit, quote, customer)
            try:
                with writing(self.database) as unit:
                    current = self._draft(unit, number, revision.version)
                    if self._customer(unit, current.customer_id) != customer:
                        raise _CustomerChanged
                    return store(unit, current, prepared)
            except StaleRevisionError:
                if expected_version is not None:
                    raise
            except _CustomerChanged:
                pass
        raise DatabaseError(msg("Quote {number} kept changing while this change was being priced ({attempts} tries); "
                                "nothing was stored. Try again in a moment.", number=number.strip().upper(),
                                attempts=PREPARE_ATTEMPTS))

    def copy_line(self, number: str, position: int, *, expected_version: int | None = None) -> int:
        """Copy a line to just after it; returns the copy's position."""
        with writing(self.database) as unit:
            quote = self._draft(unit, number, expected_version)
            line = self._line(quote, position)
            data = unit.quotes.lines_of(quote.number)[position - 1]
            unit.quotes.add_line(quote.number, data, position=position + 1)
            self.pricer.recompute(unit, quote.number)
            return line.position + 1

    def remove_line(self, number: str, position: int, *, expected_version: int | None = None) -> None:
        with writing(self.database) as unit:
            quote = self._draft(unit, number, expected_version)
            self._line(quote, position)
            unit.quotes.remove_line(quote.number, position)
            self.pricer.recompute(unit, quote.number)

    @staticmethod
    def _line(quote: QuoteRecord, position: int) -> Any:
        line = next((line for line in quote.current.lines if line.position == position), None)
        if line is None:
            raise QuoteError(msg("Quote {number} has no line {position}.", number=quote.number, position=position))
        return line

    def set_discount(self, number: str, discount_bp: int, *, expected_version: int | None = None) -> None:
        with writing(self.database) as unit:
            quote = self._draft(unit, number, expected_version)
            if not 0 <= discount_bp <= 10_000:
                raise QuoteError(msg("A discount must be between 0 and 100 %."))
            unit.quotes.update_revision(quote.number, discount_basis_points=discount_bp)
            self.pricer.recompute(unit, quote.number)

    def set_parameters(self, number: str, parameters: Mapping[str, Any], *,
                       expected_version: int | None = None) -> None:
        with writing(self.database) as unit:
            quote = self._draft(unit, number, expected_version)
            checked = self.pricer.checked_parameters(unit, parameters)
            unit.quotes.set_quote_parameters(quote.number, {**quote.quote_parameters, **checked})
            self._reprice_for_today(unit, quote.number)  # prices may read the parameters
            self.pricer.recompute(unit, quote.number)

    def quote_parameters(self) -> dict[str, Any]:
        """Every quote parameter the catalogue's products know (id -> attribute), from their current versions."""
        with reading(self.database) as unit:
            return self.pricer.quote_parameters(unit)

    def checked_parameters(self, parameters: Mapping[str, Any]) -> dict[str, Any]:
        """Quote parameters as their values (``"true"`` → True), refusing unknown names and wrong values."""
        with reading(self.database) as unit:
            return self.pricer.checked_parameters(unit, parameters)

    def quote_items(self, number: str, letter: str | None = None) -> list[QuoteItemResult]:
        """The quote items of a revision (default the current one): what its lines need once for the quote."""
        with reading(self.database) as unit:
            quote = unit.quotes.get(number)
            revision = quote.revision(letter) if letter else quote.current
            if revision is None:
                raise QuoteError(msg("Quote {number} has no revision {letter}.", number=quote.number, letter=letter))
            return self.pricer.quote_items(unit, quote, revision)

    # ------------------------------------------------------------------ rules, approval, status
    def rule_findings(self, number: str, letter: str | None = None) -> list[RuleFinding]:
        with reading(self.database) as unit:
            return self._rule_findings(unit, number, letter)

    def _rule_findings(self, unit: Unit, number: str, letter: str | None = None) -> list[RuleFinding]:
        quote = unit.quotes.get(number)
        revision = quote.revision(letter) if letter else quote.current
        assert revision is not None
        findings = []
        sent = revision.frozen
        parameters = sent.parameters if sent is not None and sent.parameters is not None else quote.quote_parameters
        by_family: dict[str, list[tuple[int, Mapping[str, Any], int]]] = {}
        newest: dict[str, int] = {}  # a family's rules are those of its newest version on the quote
        for line in revision.lines:
            by_family.setdefault(line.family_id, []).append((line.position, line.configuration.values,
                                                             line.quantity))
            newest[line.family_id] = max(newest.get(line.family_id, 0), line.model_version_id)
        for family, lines in by_family.items():
            model = self.models.by_version_id(newest[family], unit.models).model
            for violation in check_quote_rules(model, [values for _, values, _ in lines], parameters,
                                               [quantity for _, _, quantity in lines]):  # aggregates count them
                positions = tuple(lines[i][0] for i in violation.lines)
                text = msg("{message} (lines: {lines})", message=model_text(violation.rule.message),
                           lines=", ".join(map(str, positions)) or "-")
                findings.append(RuleFinding(model.family, violation.rule.id, text, positions))
        return findings

    def approve(self, number: str, pin: str, manager: str | None = None, *,
                expected_version: int | None = None) -> None:
        with writing(self.database) as unit:
            quote = self._draft(unit, number, expected_version)
            if not quote.current.needs_approval:
                raise QuoteError(msg("Quote {number} does not need an approval.", number=quote.number))
            problem = check_manager_pin(self.settings, pin)  # wrong tries in a row make the next one wait
            if problem is not None:
                raise QuoteError(msg("{problem} The quote was not approved.", problem=problem))
            name = manager or self.settings.manager_name or "manager"
            unit.quotes.update_revision(quote.number, approved_by=name, approved_at=utc_now())

    def send(self, number: str, *, expected_version: int | None = None) -> None:
        with writing(self.database) as unit:
            quote = self._draft(unit, number, expected_version)
            revision = quote.current
            if not revision.lines:
                raise QuoteError(msg("Quote {number} has no lines to send.", number=quote.number))
            if revision.needs_approval and revision.approved_by is None:
                raise QuoteError(msg("Quote {number} has a discount above the limit of {limit} % and needs a "
                                     "manager's approval before it is sent.", number=quote.number,
                                     limit=self.settings.discount_limit_percent))
            unpriced = [line.position for line in revision.lines if not line.price_breakdown.get("complete", True)]
            if unpriced:
                raise QuoteError(msg("Quote {number} cannot be sent: the price of line {positions} is not complete "
                                     "(a choice or a quote parameter it reads is missing). Complete the line or set "
                                     "the quote's parameters first.", number=quote.number,
                                     positions=", ".join(map(str, unpriced))))
            findings = self._rule_findings(unit, quote.number)
            if findings:
                raise QuoteError(msg("Quote {number} breaks the product rules for a whole quote:",
                                     number=quote.number), [f.message for f in findings])
            self._allocate(unit.orders, None, [  # numbers given out since the line was configured: refused now
                production.specification(self.models.by_version_id(line.model_version_id, unit.models).model,
                                         line.configuration.values, line.quantity) for line in revision.lines],
                           record=False)
            customer = self._customer(unit, quote.customer_id)
            frozen = SentData(self.settings.vat_percent, self.settings.terms.as_dict(), dict(quote.quote_parameters),
                              customer.id, company_data(self.settings), customer_data(customer))
            unit.quotes.update_revision(quote.number, status="sent", sent_at=utc_now(),
                                        valid_until=self.today + timedelta(days=self.settings.quote_validity_days))
            unit.quotes.freeze(quote.number, frozen)

    @staticmethod
    def _sent(unit: Unit, number: str) -> QuoteRecord:
        quote = unit.quotes.get(number)
        if quote.current.status != "sent":
            raise QuoteError(msg("Quote {number} is {status}; only a sent quote can be accepted or rejected.",
                                 number=quote.number, status=status_text(quote.current.status)))
        return quote

    def accept(self, number: str) -> None:
        self.expire_overdue()  # a unit of its own: a quote past its date is expired, whatever happens next
        with writing(self.database) as unit:
            quote = self._sent(unit, number)
            unit.quotes.update_revision(quote.number, status="accepted")

    def reject(self, number: str) -> None:
        self.expire_overdue()
        with writing(self.database) as unit:
            quote = self._sent(unit, number)
            unit.quotes.update_revision(quote.number, status="rejected")

    def expire_overdue(self) -> list[str]:
        """Mark sent quotes whose validity has passed as expired; returns their numbers."""
        with writing(self.database) as unit:
            return self._expire_overdue(unit)

    def _expire_overdue(self, unit: Unit) -> list[str]:
        expired = []
        for summary in unit.quotes.search(status="sent", limit=10_000):
            if summary.valid_until < self.today:
                unit.quotes.update_revision(summary.number, status="expired")
                expired.append(summary.number)
        return expired

    def revise(self, number: str) -> str:
        """Make the next revision (a draft copy of the current one, priced for today); returns its letter."""
        self.expire_overdue()
        with writing(self.database) as unit:
            quote = unit.quotes.get(number)
            if quote.current.status == "draft":
                raise QuoteError(msg("Quote {number} revision {letter} is still a draft: change it directly.",
                                     number=quote.number, letter=quote.current.letter))
            if quote.current.status == "accepted" and unit.orders.for_quote(quote.id) is not None:
                # an accepted quote whose order could not be made (numbers taken meanwhile) may be reopened
                raise QuoteError(msg("Quote {number} is accepted and cannot be revised.", number=quote.number))
            letter = unit.quotes.new_revision(
                quote.number, valid_until=self.today + timedelta(days=self.settings.quote_validity_days))
            unit.quotes.update_revision(quote.number, changed_by=self.editor[:200], changed_at=utc_now())
            self._reprice_for_today(unit, quote.number)
            self.pricer.recompute(unit, quote.number)
            return letter

    def _reprice_for_today(self, unit: Unit, number: str) -> None:
        """A new revision is a new offer: its lines are priced for today (an early-order date may have passed,
        the customer's discount may have changed), each with its own model version and configuration."""
        quote = unit.quotes.get(number)
        customer = self._customer(unit, quote.customer_id)
        for line in quote.current.lines:
            stored = self.models.by_version_id(line.model_version_id, unit.models)
            data = self._line_data(stored, line.configuration, line.quantity, line.line_discount_basis_points,
                                   customer, parameters=quote.quote_parameters)
            unit.quotes.replace_line(quote.number, line.position, data)

    def copy_quote(self, number: str, *, customer_id: int | None = None, letter: str | None = None) -> QuoteRecord:
        """A new draft quote with the lines of ``number`` (its current revision, or ``letter``), for the same
        or another customer; lines are priced again for today and that customer, each with its own model version."""
        with writing(self.database) as unit:
            source = unit.quotes.get(number)
            revision = source.revision(letter) if letter else source.current
            if revision is None:
                raise QuoteError(msg("Quote {number} has no revision {letter}.", number=source.number,
                                     letter=letter))
            target = self._new_quote(unit, customer_id or source.customer_id, parameters=source.quote_parameters,
                                     discount_bp=revision.discount_basis_points, note=revision.note)
            customer = self._customer(unit, customer_id or source.customer_id)
            for line in revision.lines:
                stored = self.models.by_version_id(line.model_version_id, unit.models)
                data = self._line_data(stored, line.configuration, line.quantity, line.line_discount_basis_points,
                                       customer, parameters=source.quote_parameters)
                unit.quotes.add_line(target, data)
            self.pricer.recompute(unit, target)
            return unit.quotes.get(target)

    # ------------------------------------------------------------------ production orders
    def create_order(self, number: str, *, delivery_date: date | None = None) -> OrderRecord:
        with writing(self.database) as unit:
            quote = unit.quotes.get(number)
            revision = quote.current
            existing = unit.orders.for_quote(quote.id)
            if existing is not None:
                raise QuoteError(msg("Quote {number} already has production order {order}.", number=quote.number,
                                     order=existing.number))
            if revision.status != "accepted":
                raise QuoteError(msg("Quote {number} is {status}; only an accepted quote becomes a production "
                                     "order.", number=quote.number, status=status_text(revision.status)))
            if delivery_date is not None and delivery_date < self.today:
                raise QuoteError(msg("The delivery date {date} has passed.", date=delivery_date.isoformat()))
            specs = []
            for line in revision.lines:
                model = self.models.by_version_id(line.model_version_id, unit.models).model
                specs.append((line.id, production.specification(model, line.configuration.values,
                                                                line.quantity)))
            order = unit.orders.create(quote_id=quote.id, revision_id=revision.id, year=self.today.year,
                                       delivery_date=delivery_date or self._delivery_date(specs), lines=specs)
            self._allocate(unit.orders, order.id, [spec for _, spec in specs])
            return unit.orders.get(order.number)

    def _delivery_date(self, specs: Sequence[tuple[int, ProductionSpec]]) -> date:
        """The Monday of the earliest ``delivery_week`` field (ear tags: before the animals are born); else in
        3 weeks."""
        weeks = []
        for _, spec in specs:
            field = next((f for f in spec.fields if f.type == "delivery_week"), None)
            week, year = (field.value, field.year) if field else (None, None)
            if week and year:
                weeks.append(date.fromisocalendar(int(year), min(int(week), 52), 1))
        return max(min(weeks), self.today) if weeks else self.today + timedelta(weeks=3)

    @staticmethod
    def _allocate(orders: OrderRepository, order_id: int | None, specs: Sequence[ProductionSpec], *,
                  record: bool = True) -> None:
        """Give the order's number series to their holdings, or refuse the whole order naming the clash.

        A block is recorded per tag kind, so the two tags of a pair (visual and electronic, the same numbers)
        may come in one order or, the second topping up the first, in a later one; the same kind twice may not.
        """
        blocks: list[production.Block] = []
        for spec in specs:
            series = spec.series
            if series is None or not series.allocate:
                continue
            block = production.Block(series.holding_id, series.species, series.birth_year,
                                     series.start, series.count, kind=series.kind)
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
            if record and order_id is not None:  # record=False: only the check (before sending)
                orders.allocate(order_id=order_id, holding_id=block.holding_id, species=block.species,
                                birth_year=block.birth_year, first_number=block.first, count=block.count,
                                tag_kind=block.kind)
