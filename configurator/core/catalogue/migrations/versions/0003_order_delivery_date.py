"""Production orders get a delivery date.

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


def downgrade() -> None:
    with op.batch_alter_table("production_orders") as batch:
        batch.drop_column("delivery_date")
