"""The catalogue's tables as SQLAlchemy 2 typed ORM models.

These classes never leave ``configurator.core.catalogue``: repositories turn them into the plain
dataclasses of :mod:`configurator.core.catalogue.records`. The migrations in ``migrations/versions``
create exactly this schema (a test compares them); change both together.

Money is integer øre in columns named ``*_ore``; discounts are basis points (1 % = 100).
Timestamps are UTC (:class:`UTCDateTime`); JSON documents are canonical text (:class:`JSONText`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from configurator.core.catalogue.columns import JSONText, UTCDateTime, utc_now

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CUSTOMER_KINDS = ("company", "person")
LANGUAGES = ("nb", "en")
QUOTE_STATUSES = ("draft", "sent", "accepted", "rejected", "expired")
REVISION_STATUSES = (*QUOTE_STATUSES, "superseded")
ORDER_STATUSES = ("open", "in_production", "completed", "cancelled")
IMPORT_STATUSES = ("applied", "rejected", "rolled_back")
EARTAG_SPECIES = ("sheep", "goat", "cattle")
MAX_BASIS_POINTS = 10_000


def one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    """A check that ``column`` holds one of ``values``, named ``<column>_allowed``."""
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=f"{column}_allowed")


def non_negative(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} >= 0", name=f"{column}_non_negative")


def basis_points(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} BETWEEN 0 AND {MAX_BASIS_POINTS}", name=f"{column}_range")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- 0001: the catalogue itself --------------------------------------------------------------


class ProductFamily(Base):
    __tablename__ = "product_families"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # e.g. "window"
    name_nb: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    versions: Mapped[list[ModelVersion]] = relationship(back_populates="family")


class ModelVersion(Base):
    """One validated version of a family's product model, as loaded from its source files."""

    __tablename__ = "model_versions"
    __table_args__ = (
        UniqueConstraint("family_id", "source_hash"),
        UniqueConstraint("family_id", "version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_id: Mapped[str] = mapped_column(ForeignKey("product_families.id"))
    version: Mapped[str] = mapped_column(String(64))
    effective_date: Mapped[date] = mapped_column(Date)
    source_hash: Mapped[str] = mapped_column(String(64))  # sha256 hex of the model's source files
    document: Mapped[dict[str, Any]] = mapped_column(JSONText)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    family: Mapped[ProductFamily] = relationship(back_populates="versions")
    images: Mapped[list[ModelImage]] = relationship(
        back_populates="model_version", cascade="all, delete-orphan", passive_deletes=True
    )


class ModelImage(Base):
    __tablename__ = "model_images"
    __table_args__ = (UniqueConstraint("model_version_id", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    model_version_id: Mapped[int] = mapped_column(ForeignKey("model_versions.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(500))  # relative to the model file, e.g. "images/frame.png"
    sha256: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)

    model_version: Mapped[ModelVersion] = relationship(back_populates="images")


class Customer(Base):
    """A customer; an empty delivery address (all NULL) means "deliver to the billing address"."""

    __tablename__ = "customers"
    __table_args__ = (
        one_of("kind", CUSTOMER_KINDS),
        one_of("language", LANGUAGES),
        basis_points("discount_basis_points"),
        CheckConstraint("name <> ''", name="name_not_empty"),
        Index(None, "name"),
        Index(None, "org_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    org_number: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    contact_person: Mapped[str] = mapped_column(String(200), default="")
    billing_address: Mapped[str] = mapped_column(Text, default="")  # street lines, newline-separated
    billing_postcode: Mapped[str] = mapped_column(String(16), default="")
    billing_city: Mapped[str] = mapped_column(String(100), default="")
    billing_country: Mapped[str] = mapped_column(String(2), default="NO")  # ISO 3166-1 alpha-2
    delivery_address: Mapped[str | None] = mapped_column(Text)
    delivery_postcode: Mapped[str | None] = mapped_column(String(16))
    delivery_city: Mapped[str | None] = mapped_column(String(100))
    delivery_country: Mapped[str | None] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(2), default="nb")
    discount_basis_points: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class CatalogueImport(Base):
    """One attempt to import a catalogue package, whatever its outcome."""

    __tablename__ = "catalogue_imports"
    __table_args__ = (one_of("status", IMPORT_STATUSES),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    source: Mapped[str] = mapped_column(Text)  # where the package came from, e.g. its file name
    package_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    summary: Mapped[dict[str, Any]] = mapped_column(JSONText)
    error: Mapped[str | None] = mapped_column(Text)


class TrustedKey(Base):
    """A publisher key this laptop trusts for catalogue packages (never read from a package unless signed)."""

    __tablename__ = "trusted_keys"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)  # first 16 hex of the raw key's sha256
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # 32 raw Ed25519 bytes
    name: Mapped[str] = mapped_column(String(500), default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    added_by: Mapped[str] = mapped_column(String(200), default="")  # "user" or "rotation by <key id>"
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CatalogueInstall(Base):
    """A catalogue version in force: which model version of each family; the newest active row is current.

    Version 0 is the catalogue as it was before the first package (so the first package can be rolled back)."""

    __tablename__ = "catalogue_installs"
    __table_args__ = (one_of("state", ("active", "rolled_back")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalogue: Mapped[str] = mapped_column(String(500))
    version: Mapped[int] = mapped_column(Integer)
    package_hash: Mapped[str] = mapped_column(String(64))
    signer: Mapped[str] = mapped_column(String(16), default="")
    created: Mapped[str] = mapped_column(String(40), default="")  # the package's signed creation time
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    installed_by: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(16), default="active")
    versions: Mapped[dict[str, Any]] = mapped_column(JSONText)  # family id -> model version id


# --- 0002: quotes and production orders --------------------------------------------------------


class NumberSeriesRow(Base):
    """The next free number of a series such as ``quote-2026``."""

    __tablename__ = "number_series"
    __table_args__ = (CheckConstraint("next_value >= 1", name="next_value_positive"),)

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_value: Mapped[int] = mapped_column(Integer)


class Quote(Base):
    __tablename__ = "quotes"
    __table_args__ = (one_of("status", QUOTE_STATUSES), Index(None, "customer_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)  # e.g. "Q-2026-00001"
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    salesperson: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    quote_parameters: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    revisions: Mapped[list[QuoteRevision]] = relationship(
        back_populates="quote", cascade="all, delete-orphan", passive_deletes=True
    )


class QuoteRevision(Base):
    """One revision ("A", "B", ...) of a quote with its frozen totals."""

    __tablename__ = "quote_revisions"
    __table_args__ = (
        UniqueConstraint("quote_id", "letter"),
        one_of("status", REVISION_STATUSES),
        basis_points("discount_basis_points"),
        non_negative("total_ex_vat_ore"),
        non_negative("vat_ore"),
        non_negative("total_inc_vat_ore"),
        CheckConstraint("total_inc_vat_ore = total_ex_vat_ore + vat_ore", name="totals_add_up"),
        CheckConstraint("version >= 1", name="version_positive"),  # 0005
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"))
    letter: Mapped[str] = mapped_column(String(4))
    valid_until: Mapped[date] = mapped_column(Date)
    discount_basis_points: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    total_ex_vat_ore: Mapped[int] = mapped_column(Integer, default=0)
    vat_ore: Mapped[int] = mapped_column(Integer, default=0)
    total_inc_vat_ore: Mapped[int] = mapped_column(Integer, default=0)
    needs_approval: Mapped[bool] = mapped_column(default=False)
    approved_by: Mapped[str | None] = mapped_column(String(200))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    note: Mapped[str] = mapped_column(Text, default="")
    # what the customer was sent, frozen at sending (VAT %, terms, seller, customer, quote parameters); migration 0003
    frozen: Mapped[dict[str, Any] | None] = mapped_column(JSONText)
    # optimistic locking (migration 0005): +1 on every change of the draft, with who made it and when
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    changed_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    quote: Mapped[Quote] = relationship(back_populates="revisions")
    lines: Mapped[list[QuoteLine]] = relationship(
        back_populates="revision",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="QuoteLine.position",
    )


class QuoteLine(Base):
    """One configured product on a quote revision, pinned to the model version it was made with."""

    __tablename__ = "quote_lines"
    __table_args__ = (
        UniqueConstraint("revision_id", "position"),
        CheckConstraint("position >= 1", name="position_positive"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        basis_points("line_discount_basis_points"),
        non_negative("unit_price_ore"),
        non_negative("line_total_ore"),
        Index(None, "model_version_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("quote_revisions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    family_id: Mapped[str] = mapped_column(ForeignKey("product_families.id"))
    model_version_id: Mapped[int] = mapped_column(ForeignKey("model_versions.id"))
    configuration: Mapped[dict[str, Any]] = mapped_column(JSONText)
    quantity: Mapped[int] = mapped_column(Integer)
    line_discount_basis_points: Mapped[int] = mapped_column(Integer, default=0)
    unit_price_ore: Mapped[int] = mapped_column(Integer)
    line_total_ore: Mapped[int] = mapped_column(Integer)
    price_breakdown: Mapped[dict[str, Any]] = mapped_column(JSONText)
    preview_png: Mapped[bytes | None] = mapped_column(LargeBinary)

    revision: Mapped[QuoteRevision] = relationship(back_populates="lines")


class ProductionOrder(Base):
    """The production order made from an accepted quote (at most one per quote)."""

    __tablename__ = "production_orders"
    __table_args__ = (one_of("status", ORDER_STATUSES),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)  # e.g. "P-2026-00001"
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"), unique=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("quote_revisions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    status: Mapped[str] = mapped_column(String(16), default="open")
    delivery_date: Mapped[date | None] = mapped_column(Date)  # migration 0003

    lines: Mapped[list[ProductionOrderLine]] = relationship(
        back_populates="order",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ProductionOrderLine.position",
    )


class ProductionOrderLine(Base):
    __tablename__ = "production_order_lines"
    __table_args__ = (
        UniqueConstraint("order_id", "position"),
        CheckConstraint("position >= 1", name="position_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("production_orders.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    quote_line_id: Mapped[int] = mapped_column(ForeignKey("quote_lines.id"))
    specification: Mapped[dict[str, Any]] = mapped_column(JSONText)

    order: Mapped[ProductionOrder] = relationship(back_populates="lines")


class EartagAllocation(Base):
    """A series of ear-tag numbers given to a holding; numbers must not be reused for ten years.

    The allocation outlives its production order (``SET NULL``): a number once printed stays taken.
    """

    __tablename__ = "eartag_allocations"
    __table_args__ = (
        one_of("species", EARTAG_SPECIES),
        CheckConstraint("length(holding_id) = 7", name="holding_id_length"),
        CheckConstraint("count > 0", name="count_positive"),
        CheckConstraint("first_number >= 0 AND first_number + count <= 100000", name="numbers_in_range"),
        Index(None, "holding_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    holding_id: Mapped[str] = mapped_column(String(7))  # the 7-digit dyreholds-ID
    species: Mapped[str] = mapped_column(String(16))
    birth_year: Mapped[int] = mapped_column(Integer)
    first_number: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    production_order_id: Mapped[int | None] = mapped_column(ForeignKey("production_orders.id", ondelete="SET NULL"))
    allocated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    tag_kind: Mapped[str] = mapped_column(String(32), default="")  # visual, e24, ...: a pair's 2nd tag; 0003


# --- 0006: decisions after a catalogue update --------------------------------------------------


class KeptPrice(Base):
    """"Keep the old prices": an open quote stays on its model versions although ``model_version_id`` (a newer
    version of ``family_id``) is in force; the re-check no longer asks about that version (it asks again about a
    later one). Deleting the rows undoes the decision."""

    __tablename__ = "kept_prices"
    __table_args__ = (UniqueConstraint("quote_id", "model_version_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"))
    family_id: Mapped[str] = mapped_column(String(64))
    model_version_id: Mapped[int] = mapped_column(ForeignKey("model_versions.id", ondelete="CASCADE"))
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
