"""The catalogue: product families, model versions and their images, customers, import history.

Revision ID: 0001
Revises:
Create Date: 2026-05-09

Written by hand to match orm.py; tests/core/catalogue/test_migrations.py compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "product_families",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name_nb", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_families")),
    )
    op.create_table(
        "model_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.String(64), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("source_hash", sa.String(64), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_versions")),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["product_families.id"],
            name=op.f("fk_model_versions_family_id_product_families"),
        ),
        sa.UniqueConstraint("family_id", "source_hash", name=op.f("uq_model_versions_family_id_source_hash")),
        sa.UniqueConstraint("family_id", "version", name=op.f("uq_model_versions_family_id_version")),
    )
    op.create_table(
        "model_images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_version_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_images")),
        sa.ForeignKeyConstraint(
            ["model_version_id"],
            ["model_versions.id"],
            name=op.f("fk_model_images_model_version_id_model_versions"),
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("model_version_id", "path", name=op.f("uq_model_images_model_version_id_path")),
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("org_number", sa.String(32), nullable=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("phone", sa.String(50), nullable=False),
        sa.Column("contact_person", sa.String(200), nullable=False),
        sa.Column("billing_address", sa.Text(), nullable=False),
        sa.Column("billing_postcode", sa.String(16), nullable=False),
        sa.Column("billing_city", sa.String(100), nullable=False),
        sa.Column("billing_country", sa.String(2), nullable=False),
        sa.Column("delivery_address", sa.Text(), nullable=True),
        sa.Column("delivery_postcode", sa.String(16), nullable=True),
        sa.Column("delivery_city", sa.String(100), nullable=True),
        sa.Column("delivery_country", sa.String(2), nullable=True),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("discount_basis_points", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.CheckConstraint("kind IN ('company', 'person')", name=op.f("ck_customers_kind_allowed")),
        sa.CheckConstraint("language IN ('nb', 'en')", name=op.f("ck_customers_language_allowed")),
        sa.CheckConstraint(
            "discount_basis_points BETWEEN 0 AND 10000", name=op.f("ck_customers_discount_basis_points_range")
        ),
        sa.CheckConstraint("name <> ''", name=op.f("ck_customers_name_not_empty")),
    )
    op.create_index(op.f("ix_customers_name"), "customers", ["name"])
    op.create_index(op.f("ix_customers_org_number"), "customers", ["org_number"])
    op.create_table(
        "catalogue_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("package_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_imports")),
        sa.CheckConstraint(
            "status IN ('applied', 'rejected', 'rolled_back')", name=op.f("ck_catalogue_imports_status_allowed")
        ),
    )


def downgrade() -> None:
    op.drop_table("catalogue_imports")
    op.drop_index(op.f("ix_customers_org_number"), table_name="customers")
    op.drop_index(op.f("ix_customers_name"), table_name="customers")
    op.drop_table("customers")
    op.drop_table("model_images")
    op.drop_table("model_versions")
    op.drop_table("product_families")
