"""Quotes with revisions and lines, production orders, ear-tag allocations, number series.

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-09

Written by hand to match orm.py; tests/core/catalogue/test_migrations.py compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUOTE_STATUSES = "'draft', 'sent', 'accepted', 'rejected', 'expired'"


def _non_negative(table: str, column: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} >= 0", name=op.f(f"ck_{table}_{column}_non_negative"))


def _basis_points(table: str, column: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} BETWEEN 0 AND 10000", name=op.f(f"ck_{table}_{column}_range"))


def upgrade() -> None:
    op.create_table(
        "number_series",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("next_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_number_series")),
        sa.CheckConstraint("next_value >= 1", name=op.f("ck_number_series_next_value_positive")),
    )
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("salesperson", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("quote_parameters", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_quotes_customer_id_customers")),
        sa.UniqueConstraint("number", name=op.f("uq_quotes_number")),
        sa.CheckConstraint(f"status IN ({QUOTE_STATUSES})", name=op.f("ck_quotes_status_allowed")),
    )
    op.create_index(op.f("ix_quotes_customer_id"), "quotes", ["customer_id"])
    op.create_table(
        "quote_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("letter", sa.String(4), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("discount_basis_points", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("total_ex_vat_ore", sa.Integer(), nullable=False),
        sa.Column("vat_ore", sa.Integer(), nullable=False),
        sa.Column("total_inc_vat_ore", sa.Integer(), nullable=False),
        sa.Column("needs_approval", sa.Boolean(), nullable=False),
        sa.Column("approved_by", sa.String(200), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quote_revisions")),
        sa.ForeignKeyConstraint(
            ["quote_id"], ["quotes.id"], name=op.f("fk_quote_revisions_quote_id_quotes"), ondelete="CASCADE"
        ),
        sa.UniqueConstraint("quote_id", "letter", name=op.f("uq_quote_revisions_quote_id_letter")),
        sa.CheckConstraint(
            f"status IN ({QUOTE_STATUSES}, 'superseded')", name=op.f("ck_quote_revisions_status_allowed")
        ),
        _basis_points("quote_revisions", "discount_basis_points"),
        _non_negative("quote_revisions", "total_ex_vat_ore"),
        _non_negative("quote_revisions", "vat_ore"),
        _non_negative("quote_revisions", "total_inc_vat_ore"),
        sa.CheckConstraint(
            "total_inc_vat_ore = total_ex_vat_ore + vat_ore", name=op.f("ck_quote_revisions_totals_add_up")
        ),
    )
    op.create_table(
        "quote_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.String(64), nullable=False),
        sa.Column("model_version_id", sa.Integer(), nullable=False),
        sa.Column("configuration", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("line_discount_basis_points", sa.Integer(), nullable=False),
        sa.Column("unit_price_ore", sa.Integer(), nullable=False),
        sa.Column("line_total_ore", sa.Integer(), nullable=False),
        sa.Column("price_breakdown", sa.Text(), nullable=False),
        sa.Column("preview_png", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quote_lines")),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["quote_revisions.id"],
            name=op.f("fk_quote_lines_revision_id_quote_revisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["family_id"], ["product_families.id"], name=op.f("fk_quote_lines_family_id_product_families")
        ),
        sa.ForeignKeyConstraint(
            ["model_version_id"], ["model_versions.id"], name=op.f("fk_quote_lines_model_version_id_model_versions")
        ),
        sa.UniqueConstraint("revision_id", "position", name=op.f("uq_quote_lines_revision_id_position")),
        sa.CheckConstraint("position >= 1", name=op.f("ck_quote_lines_position_positive")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_quote_lines_quantity_positive")),
        _basis_points("quote_lines", "line_discount_basis_points"),
        _non_negative("quote_lines", "unit_price_ore"),
        _non_negative("quote_lines", "line_total_ore"),
    )
    op.create_index(op.f("ix_quote_lines_model_version_id"), "quote_lines", ["model_version_id"])
    op.create_table(
        "production_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_production_orders")),
        sa.ForeignKeyConstraint(["quote_id"], ["quotes.id"], name=op.f("fk_production_orders_quote_id_quotes")),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["quote_revisions.id"], name=op.f("fk_production_orders_revision_id_quote_revisions")
        ),
        sa.UniqueConstraint("number", name=op.f("uq_production_orders_number")),
        sa.UniqueConstraint("quote_id", name=op.f("uq_production_orders_quote_id")),
        sa.CheckConstraint(
            "status IN ('open', 'in_production', 'completed', 'cancelled')",
            name=op.f("ck_production_orders_status_allowed"),
        ),
    )
    op.create_table(
        "production_order_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("quote_line_id", sa.Integer(), nullable=False),
        sa.Column("specification", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_production_order_lines")),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["production_orders.id"],
            name=op.f("fk_production_order_lines_order_id_production_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["quote_line_id"], ["quote_lines.id"], name=op.f("fk_production_order_lines_quote_line_id_quote_lines")
        ),
        sa.UniqueConstraint("order_id", "position", name=op.f("uq_production_order_lines_order_id_position")),
        sa.CheckConstraint("position >= 1", name=op.f("ck_production_order_lines_position_positive")),
    )
    op.create_table(
        "eartag_allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("holding_id", sa.String(7), nullable=False),
        sa.Column("species", sa.String(16), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=False),
        sa.Column("first_number", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("production_order_id", sa.Integer(), nullable=True),
        sa.Column("allocated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eartag_allocations")),
        sa.ForeignKeyConstraint(
            ["production_order_id"],
            ["production_orders.id"],
            name=op.f("fk_eartag_allocations_production_order_id_production_orders"),
            ondelete="SET NULL",
        ),
        sa.CheckConstraint(
            "species IN ('sheep', 'goat', 'cattle')", name=op.f("ck_eartag_allocations_species_allowed")
        ),
        sa.CheckConstraint("length(holding_id) = 7", name=op.f("ck_eartag_allocations_holding_id_length")),
        sa.CheckConstraint("count > 0", name=op.f("ck_eartag_allocations_count_positive")),
        sa.CheckConstraint(
            "first_number >= 0 AND first_number + count <= 100000",
            name=op.f("ck_eartag_allocations_numbers_in_range"),
        ),
    )
    op.create_index(op.f("ix_eartag_allocations_holding_id"), "eartag_allocations", ["holding_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_eartag_allocations_holding_id"), table_name="eartag_allocations")
    op.drop_table("eartag_allocations")
    op.drop_table("production_order_lines")
    op.drop_table("production_orders")
    op.drop_index(op.f("ix_quote_lines_model_version_id"), table_name="quote_lines")
    op.drop_table("quote_lines")
    op.drop_table("quote_revisions")
    op.drop_index(op.f("ix_quotes_customer_id"), table_name="quotes")
    op.drop_table("quotes")
    op.drop_table("number_series")
