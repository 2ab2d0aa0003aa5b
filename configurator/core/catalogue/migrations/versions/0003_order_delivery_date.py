"""Production orders get a delivery date, a sent revision what it was sent with, an allocation its tag kind.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

Written by hand to match orm.py; tests/core/catalogue/test_catalogue_migrations.py compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("production_orders") as batch:
        batch.add_column(sa.Column("delivery_date", sa.Date(), nullable=True))
    with op.batch_alter_table("quote_revisions") as batch:
        batch.add_column(sa.Column("frozen", sa.Text(), nullable=True))
    with op.batch_alter_table("eartag_allocations") as batch:
        batch.add_column(sa.Column("tag_kind", sa.String(32), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("eartag_allocations") as batch:
        batch.drop_column("tag_kind")
    with op.batch_alter_table("quote_revisions") as batch:
        batch.drop_column("frozen")
    with op.batch_alter_table("production_orders") as batch:
        batch.drop_column("delivery_date")
