"""Repositories: model versions (idempotent, pinned), import history, number series."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.exc import StatementError

from configurator.core.catalogue.db import Database, open_database
from configurator.core.catalogue.errors import CatalogueError
from configurator.core.catalogue.orm import CatalogueImport
from configurator.core.catalogue.records import ModelVersionRecord
from configurator.core.catalogue.repositories import ImportHistoryRepository, ModelRepository, NumberSeries

NAMES = {"nb": "Vindu", "en": "Window"}
PNG = b"\x89PNG\r\n\x1a\n fake image"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def store(database: Database, version: str, effective: date, source: str, **extra: Any) -> tuple[Any, bool]:
    arguments: dict[str, Any] = {
        "names": NAMES,
        "version": version,
        "effective_date": effective,
        "source_hash": sha(source),
        "document": {"family": "window", "version": version, "attributes": [{"id": "width_mm", "min": 300}]},
        **extra,
    }
    with database.session() as session:
        return ModelRepository(session).store_version("window", **arguments)


def test_store_version_returns_plain_record(database: Database) -> None:
    record, created = store(database, "1.0", date(2026, 1, 1), "v1", images={"images/frame.png": PNG})
    assert created
    assert isinstance(record, ModelVersionRecord)
    assert record.family_id == "window" and record.version == "1.0"
    assert record.document["attributes"][0] == {"id": "width_mm", "min": 300}
    assert record.loaded_at.tzinfo is UTC
    with database.session() as session:
        repository = ModelRepository(session)
        [family] = repository.families()
        assert (family.id, family.name("nb"), family.name("en")) == ("window", "Vindu", "Window")
        image = repository.image(record.id, "images/frame.png")
        assert image is not None
        assert (image.data, image.media_type) == (PNG, "image/png")
        assert image.sha256 == hashlib.sha256(PNG).hexdigest()
        assert repository.image(record.id, "images/missing.png") is None
        assert repository.version_by_id(record.id) == record


def test_storing_the_same_sources_again_is_idempotent(database: Database) -> None:
    first, created_first = store(database, "1.0", date(2026, 1, 1), "v1")
    again, created_again = store(database, "1.0", date(2026, 1, 1), "v1")
    assert (created_first, created_again) == (True, False)
    assert again == first
    with database.session() as session:
        assert len(ModelRepository(session).versions("window")) == 1


def test_changed_sources_under_the_same_version_must_be_bumped(database: Database) -> None:
    store(database, "1.0", date(2026, 1, 1), "v1")
    with pytest.raises(CatalogueError, match="bump the model's version"):
        store(database, "1.0", date(2026, 1, 1), "v1 with a changed price")
    second, created = store(database, "1.1", date(2026, 1, 1), "v1 with a changed price")
    assert created and second.version == "1.1"


def test_latest_version_follows_the_effective_date(database: Database) -> None:
    store(database, "2025", date(2025, 6, 1), "a")
    spring, _ = store(database, "2026-spring", date(2026, 3, 1), "b")
    store(database, "2027", date(2027, 1, 1), "c")  # next year's prices, not in force yet
    same_day_later, _ = store(database, "2026-spring-fix", date(2026, 3, 1), "d")
    with database.session() as session:
        repository = ModelRepository(session)
        assert repository.latest_version("window", date(2026, 2, 28)).version == "2025"  # type: ignore[union-attr]
        assert repository.latest_version("window", date(2026, 3, 1)) == same_day_later  # tie: stored last
        assert repository.latest_version("window", date(2027, 1, 1)).version == "2027"  # type: ignore[union-attr]
        assert repository.latest_version("window", date(2024, 1, 1)) is None
        assert repository.latest_version("door", date(2026, 3, 1)) is None
        assert [v.version for v in repository.versions("window")] == [
            "2025",
            "2026-spring",
            "2026-spring-fix",
            "2027",
        ]
    assert spring.id < same_day_later.id


def test_bad_source_hash_and_non_json_document_are_refused(database: Database) -> None:
    with database.session() as session, pytest.raises(CatalogueError, match="64 lowercase hex"):
        ModelRepository(session).store_version(
            "window", names=NAMES, version="1", effective_date=date(2026, 1, 1), source_hash="abc", document={}
        )
    with pytest.raises(CatalogueError, match="not JSON data"):
        store(database, "1", date(2026, 1, 1), "x", document={"price": object()})


def test_import_history_newest_first(database: Database) -> None:
    with database.session() as session:
        history = ImportHistoryRepository(session)
        history.record("catalogue-2026-01.skp", sha("p1"), "applied", {"families": {"window": "1.0"}})
        history.record("catalogue-2026-02.skp", sha("p2"), "rejected", {}, error="signature does not match")
    with database.session() as session:
        entries = ImportHistoryRepository(session).list()
    assert [(e.source, e.status, e.error) for e in entries] == [
        ("catalogue-2026-02.skp", "rejected", "signature does not match"),
        ("catalogue-2026-01.skp", "applied", None),
    ]
    assert entries[1].summary == {"families": {"window": "1.0"}}
    assert entries[0].imported_at >= entries[1].imported_at
    assert entries[0].imported_at.tzinfo is UTC


def test_number_series_counts_per_name_and_only_on_commit(database: Database) -> None:
    with database.session() as session:
        assert [NumberSeries.next(session, "quote-2026") for _ in range(3)] == [1, 2, 3]
        assert NumberSeries.next(session, "order-2026") == 1
    with pytest.raises(RuntimeError), database.session() as session:
        assert NumberSeries.next(session, "quote-2026") == 4
        raise RuntimeError("quote not saved")
    with database.session() as session:
        assert NumberSeries.next(session, "quote-2026") == 4  # the rolled-back number was not used


def test_number_series_is_shared_between_connections(db_url: str, database: Database) -> None:
    with open_database(db_url) as other:
        for expected, db in enumerate([database, other, database, other], start=1):
            with db.session() as session:
                assert NumberSeries.next(session, "order-2026") == expected


def test_timestamps_must_be_timezone_aware(database: Database) -> None:
    naive = CatalogueImport(
        imported_at=datetime(2026, 1, 1),
        source="x",
        package_hash=sha("x"),
        status="applied",
        summary={},
    )
    with database.session() as session, pytest.raises(StatementError, match="timezone-aware"):
        session.add(naive)
        session.flush()
