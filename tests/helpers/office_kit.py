"""One salesperson's Skredder in a process of its own, for the office-database concurrency test.

``salesperson(spec)`` warms up, waits for the others, then runs for ``spec["seconds"]``: ear-tag quotes for the
same two holdings with random (clashing) series are created, sent, accepted and ordered, and in between the
shared draft ``spec["shared"]`` gets one more window on its first line — read, then changed only at the version read
(optimistic locking). Every outcome goes to the JSON file ``spec["out"]``: the numbers it was given, the allocations its
orders reported, each refusal's text, the increments that were stored, and any unexpected error with its
traceback. Started with the ``spawn`` method, so it imports everything afresh (no inherited pool or thread).
"""

from __future__ import annotations

import json
import random
import time
import traceback
from pathlib import Path
from typing import Any

HOLDINGS = ("1234567", "7654321")


def salesperson(spec: dict[str, Any]) -> None:
    """``spec``: ``url``, ``seed``, ``seconds``, ``ready`` (a barrier of all the salespeople), ``shared`` (a
    draft's number), ``out`` (the result file)."""
    url, seed, shared = spec["url"], spec["seed"], spec["shared"]
    from configurator.core.catalogue.db import open_database
    from configurator.core.catalogue.errors import DatabaseError
    from configurator.core.quoting.service import QuoteError, QuoteService, StaleRevisionError
    from tests.helpers.quoting_kit import TODAY, add_customer, make_settings

    record: dict[str, Any] = {"quotes": [], "sent": [], "accepted": [], "orders": {}, "refused": [], "busy": 0,
                              "increments": 0, "stale": 0, "error": ""}
    rng = random.Random(seed)
    try:
        with open_database(url) as database:
            service = QuoteService(database, make_settings(salesperson=f"Selger {seed}"), today=TODAY)
            customer = add_customer(database, f"Kunde {seed}")
            service.models.current("eartag", TODAY).encoding  # noqa: B018  # warm: the engine's encoding
            spec["ready"].wait(timeout=300)  # everyone starts together, once all eight are up and warm
            until = time.time() + spec["seconds"]
            while time.time() < until:
                try:
                    _one_order(service, customer, rng.choice(HOLDINGS), rng, record)
                except QuoteError as error:
                    record["refused"].append(error.render("en"))
                except DatabaseError as error:  # the writer lock not had in 3 × 10 s: a plain "busy", allowed
                    if "busy" not in error.render("en"):
                        raise
                    record["busy"] += 1
                try:
                    seen = service.quote(shared).current
                    service.edit_line(shared, 1, quantity=seen.lines[0].quantity + 1, expected_version=seen.version)
                    record["increments"] += 1
                except StaleRevisionError:
                    record["stale"] += 1
    except BaseException:  # reported by the test, with its traceback
        record["error"] = traceback.format_exc()
    Path(spec["out"]).write_text(json.dumps(record), encoding="utf-8")


def _one_order(service: Any, customer: int, holding: str, rng: random.Random, record: dict[str, Any]) -> None:
    from configurator.core.quoting.service import LineRequest
    from tests.helpers.quoting_kit import EARTAG

    choices = {**EARTAG, "holding_id": holding, "series_number": str(rng.randrange(1, 60)),
               "tag_count": str(rng.randrange(1, 30))}
    quote = service.new_quote(customer, parameters={"origin_pairs": False},
                              first_line=LineRequest("eartag", choices, complete=True))
    record["quotes"].append(quote.number)
    service.send(quote.number)
    record["sent"].append(quote.number)
    service.accept(quote.number)
    record["accepted"].append(quote.number)
    order = service.create_order(quote.number)
    series = order.lines[0].specification.series
    assert series is not None and series.holding_id == choices["holding_id"]
    record["orders"][order.number] = {"quote": quote.number, "holding": series.holding_id,
                                      "first": series.start, "count": series.count}
