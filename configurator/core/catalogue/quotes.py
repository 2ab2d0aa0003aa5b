"""Storage of quotes (with revisions and lines), production orders and ear-tag number allocations.

Only storage: what may change when (a sent revision is frozen, an order needs an accepted quote) is decided
by :mod:`configurator.core.quoting`, which calls this repository. Records come back as the frozen
dataclasses of :mod:`configurator.core.catalogue.quote_records`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any, cast

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from configurator.core.catalogue.columns import utc_now
from configurator.core.catalogue.errors import CatalogueError
from configurator.core.catalogue.orm import (
    Customer,
    EartagAllocation,
    KeptPrice,
    ProductionOrder,
    ProductionOrderLine,
    Quote,
    QuoteLine,
    QuoteRevision,
)
from configurator.core.catalogue.quote_records import (
    AllocationRecord,
    LineConfiguration,
    OrderLineRecord,
    OrderRecord,
    ProductionSpec,
    QuoteLineRecord,
    QuoteRecord,
    QuoteRevisionRecord,
    QuoteStatus,
    QuoteSummary,
    RevisionStatus,
    SentData,
)
from configurator.core.catalogue.repositories import NumberSeries
from configurator.core.catalogue.text import casefold
from configurator.core.i18n import msg


@dataclass(frozen=True)
class LineData:
    """What a quote line stores (everything but its identity and position)."""

    family_id: str
    model_version_id: int
    configuration: LineConfiguration
    quantity: int
    line_discount_basis_points: int
    unit_price_ore: int
    line_total_ore: int
    price_breakdown: dict[str, Any]
    preview_png: bytes | None = field(default=None, repr=False)


def _line_record(row: QuoteLine) -> QuoteLineRecord:
    return QuoteLineRecord(
        id=row.id, position=row.position, family_id=row.family_id, model_version_id=row.model_version_id,
        configuration=LineConfiguration.from_json(row.configuration), quantity=row.quantity,
        line_discount_basis_points=row.line_discount_basis_points, unit_price_ore=row.unit_price_ore,
        line_total_ore=row.line_total_ore, price_breakdown=row.price_breakdown, preview_png=row.preview_png,
    )


def _revision_record(row: QuoteRevision) -> QuoteRevisionRecord:
    return QuoteRevisionRecord(
        id=row.id, letter=row.letter, valid_until=row.valid_until, discount_basis_points=row.discount_basis_points,
        status=cast(RevisionStatus, row.status), total_ex_vat_ore=row.total_ex_vat_ore, vat_ore=row.vat_ore,
        total_inc_vat_ore=row.total_inc_vat_ore, needs_approval=row.needs_approval, approved_by=row.approved_by,
        approved_at=row.approved_at, sent_at=row.sent_at, created_at=row.created_at, note=row.note,
        lines=tuple(_line_record(line) for line in sorted(row.lines, key=lambda line: line.position)),
        frozen=None if row.frozen is None else SentData.from_json(row.frozen),
        version=row.version, changed_by=row.changed_by, changed_at=row.changed_at,
    )


def _quote_record(row: Quote) -> QuoteRecord:
    return QuoteRecord(
        id=row.id, number=row.number, customer_id=row.customer_id, salesperson=row.salesperson,
        status=cast(QuoteStatus, row.status), quote_parameters=dict(row.quote_parameters or {}),
        created_at=row.created_at,
        revisions=tuple(_revision_record(r) for r in sorted(row.revisions, key=lambda r: (len(r.letter), r.letter))),
    )


def _order_record(row: ProductionOrder) -> OrderRecord:
    return OrderRecord(
        id=row.id, number=row.number, quote_id=row.quote_id, revision_id=row.revision_id, created_at=row.created_at,
        status=row.status, delivery_date=row.delivery_date,
        lines=tuple(OrderLineRecord(line.id, line.position, line.quote_line_id,
                                    ProductionSpec.from_json(line.specification))
                    for line in sorted(row.lines, key=lambda line: line.position)),
    )


def next_letter(letter: str) -> str:
    """The revision after ``letter``: A → B, Z → AA, AZ → BA (like spreadsheet columns)."""
    digits = [ord(c) - 64 for c in letter.upper()]
    number = 0
    for digit in digits:
        number = number * 26 + digit
    number += 1
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def _write_line(row: QuoteLine, data: LineData) -> None:
    row.family_id = data.family_id
    row.model_version_id = data.model_version_id
    row.configuration = data.configuration.to_json()
    row.quantity = data.quantity
    row.line_discount_basis_points = data.line_discount_basis_points
    row.unit_price_ore = data.unit_price_ore
    row.line_total_ore = data.line_total_ore
    row.price_breakdown = data.price_breakdown
    row.preview_png = data.preview_png


class QuoteRepository:
    """Quotes, revisions and lines in one database session (the caller commits)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # ------------------------------------------------------------------ reading
    def _quote_row(self, number: str) -> Quote:
        row = self._session.scalar(
            select(Quote).where(Quote.number == number.strip().upper())
            .options(selectinload(Quote.revisions).selectinload(QuoteRevision.lines))
        )
        if row is None:
            raise CatalogueError(msg("There is no quote {number}.", number=number))
        return row

    def get(self, number: str) -> QuoteRecord:
        return _quote_record(self._quote_row(number))

    def get_by_id(self, quote_id: int) -> QuoteRecord:
        row = self._session.get(Quote, quote_id)
        if row is None:
            raise CatalogueError(msg("There is no quote with id {id}.", id=quote_id))
        return _quote_record(row)

    def search(self, text: str = "", *, status: str | None = None, customer_id: int | None = None,
               since: date | None = None, until: date | None = None, limit: int = 200) -> list[QuoteSummary]:
        """Quotes, newest first; ``text`` matches the number or the customer's name (any case)."""
        latest = (select(QuoteRevision.quote_id, func.max(QuoteRevision.id).label("revision_id"))
                  .group_by(QuoteRevision.quote_id).subquery())
        query = (select(Quote, Customer.name, QuoteRevision)
                 .join(Customer, Customer.id == Quote.customer_id)
                 .join(latest, latest.c.quote_id == Quote.id)
                 .join(QuoteRevision, QuoteRevision.id == latest.c.revision_id))
        for word in text.split():  # Unicode-aware: "ødegård" finds "Ødegård"
            query = query.where(or_(Quote.number.contains(word.upper(), autoescape=True),
                                    casefold(self._session, Customer.name).contains(word.casefold(),
                                                                                    autoescape=True)))
        if status:
            query = query.where(Quote.status == status)
        if customer_id is not None:
            query = query.where(Quote.customer_id == customer_id)
        if since is not None:  # days in UTC, as the timestamps are stored
            query = query.where(Quote.created_at >= datetime.combine(since, time.min, tzinfo=UTC))
        if until is not None:
            query = query.where(Quote.created_at <= datetime.combine(until, time.max, tzinfo=UTC))
        rows = self._session.execute(query.order_by(Quote.id.desc()).limit(limit))
        return [QuoteSummary(q.id, q.number, q.customer_id, name, cast(QuoteStatus, q.status), r.letter,
                             r.total_inc_vat_ore, r.valid_until, q.created_at) for q, name, r in rows]

    # ------------------------------------------------------------------ writing
    def create(self, *, customer_id: int, salesperson: str, valid_until: date, year: int,
               quote_parameters: dict[str, Any] | None = None, discount_basis_points: int = 0,
               note: str = "") -> QuoteRecord:
        """A new quote with its number from the year's series (Q-2026-00001) and an empty draft revision A."""
        serial = NumberSeries.next(self._session, f"quote-{year}")
        row = Quote(number=f"Q-{year}-{serial:05d}", customer_id=customer_id, salesperson=salesperson,
                    status="draft", quote_parameters=dict(quote_parameters or {}))
        row.revisions.append(QuoteRevision(letter="A", valid_until=valid_until, status="draft",
                                           discount_basis_points=discount_basis_points, note=note))
        self._session.add(row)
        self._session.flush()
        return _quote_record(row)

    def _revision_row(self, number: str, letter: str | None = None) -> QuoteRevision:
        quote = self._quote_row(number)
        revisions = sorted(quote.revisions, key=lambda r: (len(r.letter), r.letter))
        if letter is None:
            return revisions[-1]
        found = next((r for r in revisions if r.letter == letter.upper()), None)
        if found is None:
            raise CatalogueError(msg("Quote {number} has no revision {letter}.", number=number, letter=letter))
        return found

    def add_line(self, number: str, data: LineData, *, position: int | None = None) -> int:
        """Add a line to the current revision (at the end, or at ``position``, moving later lines down)."""
        revision = self._revision_row(number)
        existing = sorted(revision.lines, key=lambda line: line.position)
        lines: list[QuoteLine | None] = list(existing)
        at = len(lines) + 1 if position is None else max(1, min(position, len(lines) + 1))
        self._renumber(revision, [*lines[: at - 1], None, *lines[at - 1:]], data)
        return at

    def _renumber(self, revision: QuoteRevision, ordered: list[QuoteLine | None], new: LineData | None) -> None:
        # positions are unique per revision: park every line out of the way first, then number them
        for existing in revision.lines:
            existing.position = existing.position + 100_000
        self._session.flush()
        for index, line in enumerate(ordered, start=1):
            if line is not None:
                line.position = index
                continue
            assert new is not None
            row = QuoteLine(position=index)
            _write_line(row, new)
            revision.lines.append(row)
        self._session.flush()

    def replace_line(self, number: str, position: int, data: LineData) -> None:
        revision = self._revision_row(number)
        row = next((line for line in revision.lines if line.position == position), None)
        if row is None:
            raise CatalogueError(msg("Quote {number} has no line {position}.", number=number, position=position))
        _write_line(row, data)
        self._session.flush()

    def remove_line(self, number: str, position: int) -> None:
        revision = self._revision_row(number)
        row = next((line for line in revision.lines if line.position == position), None)
        if row is None:
            raise CatalogueError(msg("Quote {number} has no line {position}.", number=number, position=position))
        revision.lines.remove(row)
        self._session.delete(row)
        self._session.flush()
        rows = sorted(revision.lines, key=lambda line: line.position)
        remaining: list[QuoteLine | None] = list(rows)
        self._renumber(revision, remaining, None)

    def claim_revision(self, number: str, *, seen: int | None, by: str) -> int | None:
        """Count one change of the current revision (optimistic locking): its ``version`` goes up by one, with
        who and when, as a compare-and-set (``UPDATE ... WHERE version = seen``; ``seen`` None: whatever it is
        now). Returns the new version, or None when the revision is no longer at ``seen`` (someone changed it
        since the caller read it): then nothing is written."""
        revision = self._revision_row(number)
        expected = revision.version if seen is None else seen
        result = self._session.execute(
            update(QuoteRevision)
            .where(QuoteRevision.id == revision.id, QuoteRevision.version == expected)
            .values(version=QuoteRevision.version + 1, changed_by=by[:200], changed_at=utc_now())
            .execution_options(synchronize_session="fetch"))
        if getattr(result, "rowcount", 0) != 1:
            return None
        return expected + 1

    def update_revision(self, number: str, **values: Any) -> None:
        """Set fields of the current revision (status, totals, discount, approval, valid_until, note, ...)."""
        revision = self._revision_row(number)
        for name, value in values.items():
            if not hasattr(QuoteRevision, name) or name in ("id", "quote_id", "letter", "lines", "quote", "frozen"):
                raise ValueError(f"not a revision field: {name}")
            setattr(revision, name, value)
        if "status" in values:
            revision.quote.status = values["status"]
        self._session.flush()

    def freeze(self, number: str, frozen: SentData) -> None:
        """Keep with the current revision what it was sent with (it never changes afterwards)."""
        revision = self._revision_row(number)
        if revision.frozen is not None:
            raise CatalogueError(msg("Quote {number} revision {letter} was sent already.", number=number,
                                     letter=revision.letter))
        revision.frozen = frozen.to_json()
        self._session.flush()

    def set_quote_parameters(self, number: str, parameters: dict[str, Any]) -> None:
        self._quote_row(number).quote_parameters = dict(parameters)
        self._session.flush()

    def new_revision(self, number: str, *, valid_until: date) -> str:
        """Copy the current revision's lines into a new draft revision; the old one is superseded."""
        quote = self._quote_row(number)
        current = self._revision_row(number)
        letter = next_letter(current.letter)
        revision = QuoteRevision(letter=letter, valid_until=valid_until, status="draft",
                                 discount_basis_points=current.discount_basis_points, note=current.note,
                                 total_ex_vat_ore=current.total_ex_vat_ore, vat_ore=current.vat_ore,
                                 total_inc_vat_ore=current.total_inc_vat_ore,
                                 needs_approval=current.needs_approval)
        for line in sorted(current.lines, key=lambda line: line.position):
            copy = QuoteLine(position=line.position)
            _write_line(copy, _line_data(line))
            revision.lines.append(copy)
        current.status = "superseded"
        quote.revisions.append(revision)
        quote.status = "draft"
        self._session.flush()
        return letter

    def lines_of(self, number: str, letter: str | None = None) -> list[LineData]:
        revision = self._revision_row(number, letter)
        return [_line_data(line) for line in sorted(revision.lines, key=lambda line: line.position)]

    # ------------------------------------------------------------------ "keep the old prices" (0006)
    def kept_prices(self) -> dict[str, dict[int, tuple[str, datetime]]]:
        """Per quote number: the newer model versions whose prices it declined, with who decided and when."""
        rows = self._session.execute(
            select(Quote.number, KeptPrice.model_version_id, KeptPrice.decided_by, KeptPrice.decided_at)
            .join(KeptPrice, KeptPrice.quote_id == Quote.id)).all()
        kept: dict[str, dict[int, tuple[str, datetime]]] = {}
        for number, version_id, by, at in rows:
            kept.setdefault(number, {})[version_id] = (by, at)
        return kept

    def keep_prices(self, number: str, versions: dict[str, int], *, by: str) -> None:
        """Store that quote ``number`` keeps its prices although ``versions`` (family -> version id) are newer."""
        quote = self._quote_row(number)
        taken = set(self._session.scalars(select(KeptPrice.model_version_id).where(KeptPrice.quote_id == quote.id)))
        for family, version_id in sorted(versions.items()):
            if version_id not in taken:
                self._session.add(KeptPrice(quote_id=quote.id, family_id=family, model_version_id=version_id,
                                            decided_by=by, decided_at=utc_now()))
        self._session.flush()

    def undo_kept_prices(self, number: str) -> int:
        """Forget every "keep the old prices" of quote ``number``; how many were forgotten."""
        quote = self._quote_row(number)
        rows = list(self._session.scalars(select(KeptPrice).where(KeptPrice.quote_id == quote.id)))
        for row in rows:
            self._session.delete(row)
        self._session.flush()
        return len(rows)


def _line_data(row: QuoteLine) -> LineData:
    return LineData(row.family_id, row.model_version_id, LineConfiguration.from_json(row.configuration),
                    row.quantity,
                    row.line_discount_basis_points, row.unit_price_ore, row.line_total_ore, row.price_breakdown,
                    row.preview_png)


class OrderRepository:
    """Production orders and the ear-tag numbers they allocate."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def create(self, *, quote_id: int, revision_id: int, year: int, delivery_date: date | None,
               lines: list[tuple[int, ProductionSpec]]) -> OrderRecord:
        """A new order O-2026-00001 with (quote line id, specification) per line, in order."""
        serial = NumberSeries.next(self._session, f"order-{year}")
        row = ProductionOrder(number=f"O-{year}-{serial:05d}", quote_id=quote_id, revision_id=revision_id,
                              status="open", delivery_date=delivery_date)
        for position, (quote_line_id, specification) in enumerate(lines, start=1):
            row.lines.append(ProductionOrderLine(position=position, quote_line_id=quote_line_id,
                                                 specification=specification.to_json()))
        self._session.add(row)
        self._session.flush()
        return _order_record(row)

    def get(self, number: str) -> OrderRecord:
        row = self._session.scalar(select(ProductionOrder).where(ProductionOrder.number == number.strip().upper()))
        if row is None:
            raise CatalogueError(msg("There is no production order {number}.", number=number))
        return _order_record(row)

    def for_quote(self, quote_id: int) -> OrderRecord | None:
        row = self._session.scalar(select(ProductionOrder).where(ProductionOrder.quote_id == quote_id))
        return None if row is None else _order_record(row)

    def newest(self, limit: int = 200) -> list[OrderRecord]:
        rows = self._session.scalars(select(ProductionOrder).order_by(ProductionOrder.id.desc()).limit(limit))
        return [_order_record(row) for row in rows]

    def allocations(self, holding_id: str, species: tuple[str, ...] | None = None) -> list[AllocationRecord]:
        """Every block of numbers given to ``holding_id`` so far, oldest first."""
        query = (select(EartagAllocation, ProductionOrder.number)
                 .outerjoin(ProductionOrder, ProductionOrder.id == EartagAllocation.production_order_id)
                 .where(EartagAllocation.holding_id == holding_id))
        if species:
            query = query.where(EartagAllocation.species.in_(species))
        rows = self._session.execute(query.order_by(EartagAllocation.id))
        return [AllocationRecord(a.id, a.holding_id, a.species, a.birth_year, a.first_number, a.count,
                                 a.production_order_id, number, a.allocated_at, a.tag_kind) for a, number in rows]

    def allocate(self, *, order_id: int, holding_id: str, species: str, birth_year: int, first_number: int,
                 count: int, tag_kind: str = "") -> None:
        self._session.add(EartagAllocation(holding_id=holding_id, species=species, birth_year=birth_year,
                                           first_number=first_number, count=count, production_order_id=order_id,
                                           allocated_at=utc_now(), tag_kind=tag_kind))
        self._session.flush()
