"""Quotes, their revisions and lines, production orders and ear-tag allocations as plain frozen dataclasses.

What :mod:`configurator.core.catalogue.quotes` returns; imports no SQLAlchemy. Money is integer øre,
discounts basis points (1 % = 100), timestamps timezone-aware UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Literal

from configurator.core.catalogue.errors import CatalogueError
from configurator.core.i18n import Message, msg

QuoteStatus = Literal["draft", "sent", "accepted", "rejected", "expired"]
RevisionStatus = Literal["draft", "sent", "accepted", "rejected", "expired", "superseded"]
QUOTE_STATUSES: tuple[QuoteStatus, ...] = ("draft", "sent", "accepted", "rejected", "expired")


def _read_mapping(data: Mapping[str, Any], key: str, what: Message) -> Mapping[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not all(isinstance(name, str) for name in value):
        raise CatalogueError(msg("The stored {what} is damaged: '{key}' is not a table of names and values.",
                                 what=what, key=key))
    return MappingProxyType(dict(value))


@dataclass(frozen=True)
class LineConfiguration:
    """A quote line's configuration: the user's ``choices`` (attribute id -> value, as chosen) and every
    ``values`` the engine derived from them (what pricing, the preview and production read). Read-only."""

    choices: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    values: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "choices", MappingProxyType(dict(self.choices)))
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def to_json(self) -> dict[str, Any]:
        return {"choices": dict(self.choices), "values": dict(self.values)}

    @classmethod
    def from_json(cls, data: object) -> LineConfiguration:
        """The configuration stored as :meth:`to_json` wrote it; a damaged one is a :class:`CatalogueError`."""
        what = msg("configuration of a quote line")
        if not isinstance(data, dict):
            raise CatalogueError(msg("The stored {what} is damaged: it is not a table of names and values.",
                                     what=what))
        return cls(_read_mapping(data, "choices", what), _read_mapping(data, "values", what))


def _damaged(what: str) -> CatalogueError:
    return CatalogueError(msg("The stored data of a sent quote revision is damaged: {field} is missing or wrong.",
                              field=what))


@dataclass(frozen=True)
class SentData:
    """What a revision kept when it was sent, so it prints the same forever: the VAT rate, the terms in each
    language, the quote parameters (None in revisions sent before they were kept: the quote's then apply),
    the customer's id, and the seller and the customer as printed (:mod:`configurator.core.quoting.frozen`)."""

    vat_percent: Decimal
    terms: Mapping[str, str] = field(hash=False)
    parameters: Mapping[str, Any] | None = field(hash=False)
    customer_id: int | None
    company: Mapping[str, Any] = field(hash=False)
    customer: Mapping[str, Any] = field(hash=False)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"vat_percent": str(self.vat_percent), "terms": dict(self.terms),
                                "customer_id": self.customer_id, "company": dict(self.company),
                                "customer": dict(self.customer)}
        if self.parameters is not None:
            data["parameters"] = dict(self.parameters)
        return data

    @classmethod
    def from_json(cls, data: object) -> SentData:
        """Read what :meth:`to_json` wrote, checking each field; a damaged one is a :class:`CatalogueError`."""
        if not isinstance(data, dict):
            raise _damaged("the whole record")
        try:
            vat = Decimal(str(data["vat_percent"]))
        except (KeyError, ArithmeticError):
            raise _damaged("vat_percent") from None
        if not vat.is_finite():
            raise _damaged("vat_percent")
        tables = {}
        for name in ("terms", "company", "customer"):
            value = data.get(name)
            if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
                raise _damaged(name)
            tables[name] = MappingProxyType(dict(value))
        if not all(isinstance(text, str) for text in tables["terms"].values()):
            raise _damaged("terms")
        if not isinstance(tables["customer"].get("language"), str):
            raise _damaged("customer.language")
        parameters = data.get("parameters")
        if parameters is not None and not isinstance(parameters, dict):
            raise _damaged("parameters")
        customer_id = data.get("customer_id")
        if customer_id is not None and (isinstance(customer_id, bool) or not isinstance(customer_id, int)):
            raise _damaged("customer_id")
        return cls(vat, tables["terms"], None if parameters is None else MappingProxyType(dict(parameters)),
                   customer_id, tables["company"], tables["customer"])


@dataclass(frozen=True)
class QuoteLineRecord:
    id: int
    position: int  # 1, 2, ... within its revision
    family_id: str
    model_version_id: int
    configuration: LineConfiguration = field(hash=False)
    quantity: int = 1
    line_discount_basis_points: int = 0
    unit_price_ore: int = 0
    line_total_ore: int = 0
    price_breakdown: dict[str, Any] = field(default_factory=dict, hash=False)  # LinePrice.to_json()
    preview_png: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class QuoteRevisionRecord:
    id: int
    letter: str  # "A", "B", ...
    valid_until: date
    discount_basis_points: int
    status: RevisionStatus
    total_ex_vat_ore: int
    vat_ore: int
    total_inc_vat_ore: int
    needs_approval: bool
    approved_by: str | None
    approved_at: datetime | None
    sent_at: datetime | None
    created_at: datetime
    note: str
    lines: tuple[QuoteLineRecord, ...] = ()
    frozen: SentData | None = field(default=None, hash=False)  # set when sent: what the customer got
    version: int = 1  # +1 on every change of the draft (optimistic locking): pass it back as expected_version
    changed_by: str = ""  # who made the last change ("" before migration 0005 or when nobody was named)
    changed_at: datetime | None = None

    @property
    def is_editable(self) -> bool:
        """Only a draft changes; a sent revision is frozen (editing it makes the next revision)."""
        return self.status == "draft"


@dataclass(frozen=True)
class QuoteRecord:
    id: int
    number: str  # "Q-2026-00001"
    customer_id: int
    salesperson: str
    status: QuoteStatus  # the status of the current revision
    quote_parameters: dict[str, Any] = field(hash=False)
    created_at: datetime
    revisions: tuple[QuoteRevisionRecord, ...] = ()  # oldest first

    @property
    def current(self) -> QuoteRevisionRecord:
        """The latest revision: the one that is edited, sent and accepted."""
        return self.revisions[-1]

    def revision(self, letter: str) -> QuoteRevisionRecord | None:
        return next((r for r in self.revisions if r.letter == letter.upper()), None)


@dataclass(frozen=True)
class QuoteSummary:
    """One row of a quote list."""

    id: int
    number: str
    customer_id: int
    customer_name: str
    status: QuoteStatus
    revision: str
    total_inc_vat_ore: int
    valid_until: date
    created_at: datetime


def _spec_damaged(what: str) -> CatalogueError:
    return CatalogueError(msg("The stored production data of an order line is damaged: {field} is missing or wrong.",
                              field=what))


def _get(data: object, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = data.get(key) if isinstance(data, dict) else None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise _spec_damaged(f"{where}.{key}" if where else key)
    return value


def _decimal(data: object, key: str, where: str) -> Decimal:
    value = _get(data, key, (int, Decimal, str), where)
    try:
        number = Decimal(value)
    except ArithmeticError:
        raise _spec_damaged(f"{where}.{key}") from None
    if not number.is_finite():
        raise _spec_damaged(f"{where}.{key}")
    return number


@dataclass(frozen=True)
class SpecField:
    """One production field of an order line: a value (text, number, a ``delivery_week`` with its ``year``), or
    a ``number_series`` (``start``, ``count``, printed with ``digits``)."""

    id: str
    type: str
    value: Any = None
    start: int | None = None
    count: int | None = None
    digits: int | None = None
    year: int | None = None

    def to_json(self) -> dict[str, Any]:
        if self.type == "number_series":
            return {"id": self.id, "type": self.type, "start": self.start, "count": self.count, "digits": self.digits}
        data = {"id": self.id, "type": self.type, "value": self.value}
        if self.type == "delivery_week":
            data["year"] = self.year
        return data

    @classmethod
    def from_json(cls, data: object) -> SpecField:
        field_id, kind = _get(data, "id", str, "fields"), _get(data, "type", str, "fields")
        where = f"fields.{field_id}"
        if kind == "number_series":
            return cls(field_id, kind, start=_get(data, "start", int, where), count=_get(data, "count", int, where),
                       digits=_get(data, "digits", int, where))
        assert isinstance(data, dict)
        year = data.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise _spec_damaged(f"{where}.year")
        return cls(field_id, kind, value=data.get("value"), year=year)


@dataclass(frozen=True)
class BomLine:
    id: str
    item: str
    unit: str
    quantity: Decimal

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "item": self.item, "unit": self.unit, "quantity": self.quantity}

    @classmethod
    def from_json(cls, data: object) -> BomLine:
        return cls(_get(data, "id", str, "bom"), _get(data, "item", str, "bom"), _get(data, "unit", str, "bom"),
                   _decimal(data, "quantity", "bom"))


@dataclass(frozen=True)
class CutLine:
    """One cut: a length (a bar) or, with ``width_mm``, a panel length × width; its thickness and the edges
    banded (long and short sides, 0-2 each) with the banding's item or text."""

    id: str
    material: str
    length_mm: Decimal
    count: int
    width_mm: Decimal | None = None
    thickness_mm: Decimal | None = None
    edge_long: int = 0
    edge_short: int = 0
    edge_material: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "material": self.material, "length_mm": self.length_mm,
                                "count": self.count}
        if self.width_mm is not None:
            data["width_mm"] = self.width_mm
        if self.thickness_mm is not None:
            data["thickness_mm"] = self.thickness_mm
        if self.edge_long or self.edge_short:
            data.update(edge_long=self.edge_long, edge_short=self.edge_short, edge_material=self.edge_material)
        return data

    @classmethod
    def from_json(cls, data: object) -> CutLine:
        optional: dict[str, Any] = {}
        if isinstance(data, dict):  # a line stored before 2-D cuts has none of these
            for key in ("width_mm", "thickness_mm"):
                if data.get(key) is not None:
                    optional[key] = _decimal(data, key, "cut_list")
            for key in ("edge_long", "edge_short"):
                if data.get(key) is not None:
                    optional[key] = _get(data, key, int, "cut_list")
            if data.get("edge_material") is not None:
                optional["edge_material"] = _get(data, "edge_material", str, "cut_list")
        return cls(_get(data, "id", str, "cut_list"), _get(data, "material", str, "cut_list"),
                   _decimal(data, "length_mm", "cut_list"), _get(data, "count", int, "cut_list"), **optional)

    @property
    def edge_length_mm(self) -> Decimal:
        """The banded edge length of all ``count`` pieces."""
        return self.count * (self.edge_long * self.length_mm + self.edge_short * (self.width_mm or 0))


@dataclass(frozen=True)
class SeriesSpec:
    """The individual numbers of a line (ear tags) with what they are allocated by and printed with."""

    start: int
    count: int
    digits: int
    kind: str
    holding_id: str
    species: str
    birth_year: int
    allocate: bool
    prefix: str = ""
    letter: str = ""
    inside: tuple[str, ...] = ()
    eid_country: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "count": self.count, "digits": self.digits, "kind": self.kind,
                "holding_id": self.holding_id, "species": self.species, "birth_year": self.birth_year,
                "allocate": self.allocate, "prefix": self.prefix, "letter": self.letter, "inside": list(self.inside),
                "eid_country": self.eid_country}

    @classmethod
    def from_json(cls, data: object) -> SeriesSpec:
        inside = _get(data, "inside", list, "series")
        if not all(isinstance(text, str) for text in inside):
            raise _spec_damaged("series.inside")
        return cls(_get(data, "start", int, "series"), _get(data, "count", int, "series"),
                   _get(data, "digits", int, "series"), _get(data, "kind", str, "series"),
                   _get(data, "holding_id", str, "series"), _get(data, "species", str, "series"),
                   _get(data, "birth_year", int, "series"), _get(data, "allocate", bool, "series"),
                   _get(data, "prefix", str, "series"), _get(data, "letter", str, "series"), tuple(inside),
                   _get(data, "eid_country", int, "series"))


@dataclass(frozen=True)
class ProductionSpec:
    """What production needs of one order line, worked out once when the order is made and stored with it:
    every value, the production fields, the bill of materials and cut list for the quantity, the number series."""

    family: str
    version: str
    quantity: int
    values: Mapping[str, Any] = field(hash=False)
    fields: tuple[SpecField, ...] = ()
    bom: tuple[BomLine, ...] = ()
    cut_list: tuple[CutLine, ...] = ()
    series: SeriesSpec | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "family": self.family, "version": self.version, "quantity": self.quantity, "values": dict(self.values),
            "fields": [f.to_json() for f in self.fields], "bom": [b.to_json() for b in self.bom],
            "cut_list": [c.to_json() for c in self.cut_list]}
        if self.series is not None:
            data["series"] = self.series.to_json()
        return data

    @classmethod
    def from_json(cls, data: object) -> ProductionSpec:
        """Read what :meth:`to_json` wrote, checking each field; a damaged one is a :class:`CatalogueError`."""
        values = _get(data, "values", dict, "")
        series = data.get("series") if isinstance(data, dict) else None
        return cls(_get(data, "family", str, ""), _get(data, "version", str, ""), _get(data, "quantity", int, ""),
                   values, tuple(SpecField.from_json(f) for f in _get(data, "fields", list, "")),
                   tuple(BomLine.from_json(b) for b in _get(data, "bom", list, "")),
                   tuple(CutLine.from_json(c) for c in _get(data, "cut_list", list, "")),
                   None if series is None else SeriesSpec.from_json(series))


@dataclass(frozen=True)
class OrderLineRecord:
    id: int
    position: int
    quote_line_id: int
    specification: ProductionSpec = field(hash=False)


@dataclass(frozen=True)
class OrderRecord:
    id: int
    number: str  # "O-2026-00001"
    quote_id: int
    revision_id: int
    created_at: datetime
    status: str
    delivery_date: date | None
    lines: tuple[OrderLineRecord, ...] = ()


@dataclass(frozen=True)
class AllocationRecord:
    """A block of ear-tag individual numbers given to a holding by a production order."""

    id: int
    holding_id: str
    species: str
    birth_year: int
    first_number: int
    count: int
    production_order_id: int | None
    order_number: str | None
    allocated_at: datetime
    tag_kind: str = ""  # "visual", "e24", ...: the same numbers on another kind of tag are the pair's other tag

    @property
    def last_number(self) -> int:
        return self.first_number + self.count - 1
