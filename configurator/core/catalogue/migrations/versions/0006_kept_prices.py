""""Keep the old prices" after a catalogue update is stored: the re-check does not ask again about that version.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

One row per open quote and newer model version the salesperson declined; deleting the rows undoes it.
Written by hand to match orm.py; tests/core/catalogue/test_catalogue_migrations.py compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kept_prices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.String(64), nullable=False),
        sa.Column("model_version_id", sa.Integer(), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["quote_id"], ["quotes.id"], name=op.f("fk_kept_prices_quote_id_quotes"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["model_version_id"], ["model_versions.id"],
                                name=op.f("fk_kept_prices_model_version_id_model_versions"), ondelete="CASCADE"),
        sa.UniqueConstraint("quote_id", "model_version_id", name=op.f("uq_kept_prices_quote_id_model_version_id")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_prices")),
    )


def downgrade() -> None:
    op.drop_table("kept_prices")
