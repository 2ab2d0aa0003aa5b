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


@dataclass(frozen=True)
class OrderLineRecord:
    id: int
    position: int
    quote_line_id: int
    specification: dict[str, Any] = field(hash=False)


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
