"""A draft revision carries a version and who changed it last: optimistic locking for the office database.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

Every change of a draft revision increases ``version`` by one (compare-and-set: ``UPDATE ... WHERE version = the
one the editor saw``) and records ``changed_by`` / ``changed_at``, so a second editor of the same draft is told
who changed it instead of overwriting it. Existing rows start at version 1, changed by nobody known.
Written by hand to match orm.py; tests/core/catalogue/test_catalogue_migrations.py compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("quote_revisions") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("changed_by", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("changed_at", sa.DateTime(), nullable=True))
        batch.create_check_constraint("version_positive", "version >= 1")


def downgrade() -> None:
    with op.batch_alter_table("quote_revisions") as batch:
        batch.drop_constraint("version_positive", type_="check")
        batch.drop_column("changed_at")
        batch.drop_column("changed_by")
        batch.drop_column("version")
