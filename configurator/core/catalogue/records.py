"""What the rest of the core sees of the catalogue: plain, frozen dataclasses.

Repositories turn ORM rows into these records, so nothing outside ``core/catalogue`` holds a
database object (no lazy loading, no sessions to keep alive). This module imports no SQLAlchemy.
Money is integer øre, discounts are basis points (1 % = 100), timestamps are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

CustomerKind = Literal["company", "person"]
Language = Literal["nb", "en"]
ImportStatus = Literal["applied", "rejected", "rolled_back"]


@dataclass(frozen=True)
class FamilyRecord:
    """A product family, e.g. ``window`` ("Vindu" / "Window")."""

    id: str
    name_nb: str
    name_en: str
    created_at: datetime

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_nb


@dataclass(frozen=True)
class ModelVersionRecord:
    """One stored, validated version of a family's product model."""

    id: int
    family_id: str
    version: str
    effective_date: date
    source_hash: str  # sha256 hex of the model's source files
    document: dict[str, Any] = field(hash=False)  # the validated model document (JSON data)
    loaded_at: datetime


@dataclass(frozen=True)
class ImageRecord:
    """An image shipped with a model version (preview layers, option pictures)."""

    id: int
    model_version_id: int
    path: str  # as written in the model, e.g. "images/frame.png"
    sha256: str
    media_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True)
class Address:
    """A postal address; ``lines`` are the street lines above postcode and city."""

    lines: tuple[str, ...] = ()
    postcode: str = ""
    city: str = ""
    country: str = "NO"  # ISO 3166-1 alpha-2


@dataclass(frozen=True, kw_only=True)
class CustomerData:
    """The editable facts about a customer (what a form fills in)."""

    kind: CustomerKind
    name: str
    org_number: str | None = None
    email: str = ""
    phone: str = ""
    contact_person: str = ""
    billing: Address = Address()
    delivery: Address | None = None  # None: deliver to the billing address
    language: Language = "nb"
    discount_basis_points: int = 0
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class CustomerRecord(CustomerData):
    """A stored customer: its data plus identity and timestamps.

    Being a :class:`CustomerData`, a record (or ``dataclasses.replace(record, ...)``) can be passed
    straight back to ``CustomerRepository.update``.
    """

    id: int
    created_at: datetime
    updated_at: datetime

    @property
    def delivery_address(self) -> Address:
        """Where goods go: the delivery address, or the billing address when none is given."""
        return self.delivery if self.delivery is not None else self.billing


@dataclass(frozen=True)
class CatalogueImportRecord:
    """One attempt to import a catalogue package, and how it ended."""

    id: int
    imported_at: datetime
    source: str
    package_hash: str
    status: ImportStatus
    summary: dict[str, Any] = field(hash=False)
    error: str | None
