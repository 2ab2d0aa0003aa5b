"""A catalogue package imported on the office's PostgreSQL server (issue 11): one transaction, and every client
picks up the new version the next time it opens a product; while the import runs, the others keep working on the
catalogue as it was (they read, nobody waits), and a failure half-way leaves nothing, for anyone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from configurator.core.catalogue.db import Database, open_database
from configurator.core.catalogue.repositories import ImportHistoryRepository
from configurator.core.quoting.service import LineRequest, QuoteService
from configurator.core.sync.importer import apply_import, prepare_import
from configurator.core.sync.keys import parse_public
from configurator.core.sync.service import PackageService
from tests.helpers.model_kit import edit_file
from tests.helpers.package_kit import make_key, make_package, models_copy
from tests.helpers.quoting_kit import TODAY, add_customer, make_settings

pytestmark = pytest.mark.postgres
CHAIR = {"model": "capisco_8106"}
TABLES = ("model_versions", "model_images", "product_families", "catalogue_installs", "catalogue_imports",
          "trusted_keys")


class Stop(Exception):
    """The failure injected at the end of the import's transaction."""


@pytest.fixture
def office(office_url: str) -> Iterator[tuple[Database, Database]]:
    """The sales manager's Skredder (imports) and a salesperson's (configures), each with its own pool."""
    manager, salesperson = open_database(office_url), open_database(office_url)
    yield manager, salesperson
    manager.close()
    salesperson.close()


def counts(database: Database) -> dict[str, int]:
    with database.session() as session:
        return {t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}


def chair_version(service: QuoteService) -> str:
    return service.models.current("chair", TODAY).version.version


def test_an_import_on_the_server_is_one_transaction_and_clients_see_it_at_their_next_open(
        office: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manager, salesperson = office
    key, _key_id, public = make_key(tmp_path)
    assert PackageService(manager).trust_key(parse_public(public), "HQ")
    models = models_copy(tmp_path)
    apply_import(manager, prepare_import(manager, make_package(models, key, tmp_path / "v1.skcat", version=1),
                                         today=TODAY), user="leder")
    kari = QuoteService(salesperson, make_settings(), today=TODAY)
    assert chair_version(kari) == "2026.1"

    edit_file(models / "chair" / "chair.yaml", 'version: "2026.1"', 'version: "2026.2"')
    edit_file(models / "chair" / "chair.yaml", "        price: 1100\n", "        price: 1250\n")
    plan = prepare_import(manager, make_package(models, key, tmp_path / "v2.skcat", version=2), today=TODAY)
    before = counts(salesperson)
    record = ImportHistoryRepository.record
    seen: list[Any] = []

    def last_step(self: ImportHistoryRepository, **values: Any) -> Any:
        """The import's last write: everything else of it is in the transaction, not committed."""
        seen.append((chair_version(kari), counts(salesperson)))  # the salesperson reads on, and sees the old
        if not seen[1:]:
            raise Stop
        return record(self, **values)

    monkeypatch.setattr(ImportHistoryRepository, "record", last_step)
    with pytest.raises(Stop):
        apply_import(manager, plan, user="leder")
    assert counts(salesperson) == counts(manager) == before  # nothing of the failed import, for anyone
    assert chair_version(kari) == "2026.1"

    result = apply_import(manager, plan, user="leder")
    assert (result.version_before, result.version_after, result.snapshot) == (1, 2, None)  # the server's backups
    assert seen == [("2026.1", before), ("2026.1", before)]  # during the transaction: the catalogue as it was
    after = counts(salesperson)
    assert after["model_versions"] == before["model_versions"] + 1
    assert after["catalogue_installs"] == before["catalogue_installs"] + 1
    assert chair_version(kari) == "2026.2"  # her next open of the product: the new version, no restart
    quote = kari.new_quote(add_customer(salesperson), first_line=LineRequest("chair", CHAIR, complete=True))
    line = quote.current.lines[0]
    assert kari.models.by_version_id(line.model_version_id).version.version == "2026.2"
