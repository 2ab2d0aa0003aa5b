"""Signed catalogue packages: the trusted publisher keys and the catalogue versions installed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Written by hand to match orm.py; tests/core/catalogue/test_catalogue_migrations.py compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "trusted_keys",
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusted_keys")),
    )
    op.create_table(
        "catalogue_installs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("catalogue", sa.String(500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("package_hash", sa.String(64), nullable=False),
        sa.Column("signer", sa.String(16), nullable=False),
        sa.Column("created", sa.String(40), nullable=False),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.Column("installed_by", sa.String(200), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("versions", sa.Text(), nullable=False),
        sa.CheckConstraint("state IN ('active', 'rolled_back')", name=op.f("ck_catalogue_installs_state_allowed")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_installs")),
    )


def downgrade() -> None:
    op.drop_table("catalogue_installs")
    op.drop_table("trusted_keys")
