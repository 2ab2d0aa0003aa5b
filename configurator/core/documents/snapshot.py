"""Plain snapshots of a quote and a production order: what the documents show, and nothing else.

A snapshot is made once (from the stored quote or order, in the customer's language) and then rendered;
the renderers never look anything up. All texts are already in the document's language; money is exact
``Decimal`` kroner (rounded to the øre), formatted only by the renderer through ``pricing.money``.
Tests assert on snapshots exactly and on the PDFs by reading them back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class CompanyInfo:
    """The seller, from the settings."""

    name: str
    address_lines: tuple[str, ...] = ()
    org_number: str = ""  # shown as written, e.g. "923 456 789 MVA"
    phone: str = ""
    email: str = ""
    web: str = ""
    logo_png: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class PartyBlock:
    """The customer (or a delivery address) as printed."""

    name: str
    address_lines: tuple[str, ...] = ()  # street lines, then "7374 Røros", then the country if not Norway
    org_number: str = ""  # "923 456 789", empty for a private person
    contact: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class SpecItem:
    """One chosen attribute or production field: its label and its value as read (unit included)."""

    label: str  # "Width (outside frame)"
    value: str  # "1 200 mm", "Triple glazing", "Yes"
    amount: Decimal | None = None  # the chosen value's price per unit, where the model shows it on the quote
    id: str = ""  # the attribute's, field's or parameter's id in the model, "width_mm" (for the exports)
    code: str = ""  # the value as stored: an option id, "true"/"false", a plain number "1200"


@dataclass(frozen=True)
class PriceItem:
    """One line of a price breakdown, explained: "Triple glazing: 1.42 m² × NOK 850.00"."""

    text: str
    amount: Decimal  # kroner, rounded to the øre; negative for a discount


@dataclass(frozen=True)
class QuoteLineSnapshot:
    position: int
    product: str  # the family's name, e.g. "Made-to-measure wooden window"
    model_version: str  # "2026.1"
    specification: tuple[SpecItem, ...]
    quantity: int
    unit_price: Decimal  # per unit, before the line's discounts (they are in the breakdown)
    line_total: Decimal  # quantity × unit price, less the line's discounts
    breakdown: tuple[PriceItem, ...] = ()  # the internal build-up, printed only with quote.show_breakdown
    discount_percent: Decimal = Decimal(0)  # all the line's discounts together (quantity, early order, ...)
    discounts: tuple[str, ...] = ()  # each of them named: "Line discount 5 %"
    surcharges: tuple[PriceItem, ...] = ()  # the model's surcharges it shows on the quote ("Heritage work")
    preview_png: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class QuoteItemSnapshot:
    """Something the quote needs once for its lines (``quote_items`` of a model): plinth boards, a site visit."""

    label: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    total: Decimal


@dataclass(frozen=True)
class QuoteSnapshot:
    language: str  # "nb" | "en": every text below is in it
    number: str  # "Q-2026-00001"
    revision: str  # "A", "B", ...
    status: str  # translated: "Utkast" / "Draft", ...
    issued: date
    valid_until: date
    salesperson: str
    company: CompanyInfo
    customer: PartyBlock
    lines: tuple[QuoteLineSnapshot, ...]
    subtotal: Decimal  # sum of the line totals
    discount_percent: Decimal  # the quote discount, 0 when none
    discount: Decimal  # the quote discount in kroner (positive; subtracted)
    total_ex_vat: Decimal
    vat_percent: Decimal
    vat: Decimal
    total_inc_vat: Decimal
    notes: tuple[str, ...] = ()  # quote rule findings and other remarks, already translated
    terms: str = ""
    parameters: tuple[SpecItem, ...] = ()  # the quote's parameters ("Energy measure: Yes")
    show_breakdown: bool = False  # the internal layout: each line's price build-up, model version and status
    items: tuple[QuoteItemSnapshot, ...] = ()  # for the whole quote, after the lines; priced ones are in the subtotal


@dataclass(frozen=True)
class BomRow:
    item: str  # the item number, "FURU-56x115"
    label: str
    quantity: Decimal  # for the whole order line (per unit × quantity)
    unit: str  # as read: "m", "kg", "stk" / "pcs"
    id: str = ""  # the BOM line's id in the model, "frame-timber-pine"


@dataclass(frozen=True)
class CutRow:
    label: str
    material: str
    length_mm: Decimal
    count: int  # for the whole order line
    id: str = ""  # the cut-list item's id in the model, "frame-head"
    width_mm: Decimal | None = None  # a panel (2-D cut)
    thickness_mm: Decimal | None = None
    edge_long: int = 0  # banded long edges (0-2)
    edge_short: int = 0  # banded short edges (0-2)
    edge_material: str = ""


@dataclass(frozen=True)
class TagRow:
    """One printed ear tag."""

    number: str  # the individual number with its digits, "70001"
    printed: str  # everything printed on the front: "MT NO 1234567 70001" ("E" added for replacements)
    eid: str  # the 15-digit electronic ID, "" for a visual tag
    inside: tuple[str, ...] = ()  # the inside text lines


@dataclass(frozen=True)
class OrderLineSnapshot:
    position: int
    qr_payload: str  # what the line's QR code holds: "SKREDDER O-2026-00001/1"
    product: str
    model_version: str
    quantity: int
    specification: tuple[SpecItem, ...]
    fields: tuple[SpecItem, ...] = ()  # production fields (glass unit size, number series, ...)
    bom: tuple[BomRow, ...] = ()
    cut_list: tuple[CutRow, ...] = ()
    tags: tuple[TagRow, ...] = ()  # ear tags only: one per tag
    holding_id: str = ""  # ear tags only
    preview_png: bytes | None = field(default=None, repr=False)
    family: str = ""  # the product family's id, "window"


@dataclass(frozen=True)
class OrderSnapshot:
    language: str
    number: str  # "O-2026-00001"
    quote_number: str  # "Q-2026-00001"
    revision: str
    created: date
    delivery_date: date | None
    company: CompanyInfo
    customer: PartyBlock
    delivery: PartyBlock  # where the goods go
    lines: tuple[OrderLineSnapshot, ...]
    notes: tuple[str, ...] = ()
    parameters: tuple[SpecItem, ...] = ()  # the accepted quote's parameters
    bom: tuple[BomRow, ...] = ()  # for the whole order (the quote items with an item number)
