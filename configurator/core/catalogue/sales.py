"""What was sold: the configurations of the lines of accepted quote revisions (the production orders are made
from these), per product family, as plain data for the suggestions learned from sales."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from configurator.core.catalogue.orm import QuoteLine, QuoteRevision


def sold_configurations(session: Session, family_id: str) -> list[dict[str, Any]]:
    """The values of every line of ``family_id`` on an accepted revision, oldest first (one per line)."""
    rows = session.execute(
        select(QuoteLine.configuration)
        .join(QuoteRevision, QuoteLine.revision_id == QuoteRevision.id)
        .where(QuoteRevision.status == "accepted", QuoteLine.family_id == family_id)
        .order_by(QuoteLine.id)
    ).scalars()
    found = []
    for configuration in rows:
        values = configuration.get("values") if isinstance(configuration, dict) else None
        if isinstance(values, dict):
            found.append({str(k): v for k, v in values.items() if v is not None and not isinstance(v, dict | list)})
    return found
