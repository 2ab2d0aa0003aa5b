"""``skredder database copy --to URL``: a laptop's SQLite catalogue with customers, quotes, an order and its
ear-tag allocation moves to the office's PostgreSQL server and back, checked by counts and checksums; a target
that holds data is refused unless --force."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from configurator.cli import main
from configurator.core.catalogue.copy import copy_database
from configurator.core.catalogue.db import open_database
from configurator.core.catalogue.errors import DatabaseError
from configurator.core.catalogue.quotes import OrderRepository
from configurator.core.quoting.service import LineRequest, QuoteService
from tests.helpers.postgres import Cluster
from tests.helpers.quoting_kit import EARTAG, TODAY, WINDOW, add_customer, make_settings

pytestmark = pytest.mark.postgres


def _laptop(seed_catalogue: Path, tmp_path: Path) -> str:
    """A laptop's catalogue with two customers, two quotes and one ear-tag order."""
    file = tmp_path / "laptop.sqlite"
    shutil.copyfile(seed_catalogue, file)
    url = f"sqlite:///{file}"
    with open_database(url) as database:
        service = QuoteService(database, make_settings(), today=TODAY)
        service.new_quote(add_customer(database, "Æsa Østby"), first_line=LineRequest("window", WINDOW,
                                                                                       complete=True))
        quote = service.new_quote(add_customer(database), parameters={"origin_pairs": False},
                                  first_line=LineRequest("eartag", EARTAG, complete=True))
        service.send(quote.number)
        service.accept(quote.number)
        service.create_order(quote.number)
    return url


def test_a_laptop_database_moves_to_the_office_server_and_back(
        seed_catalogue: Path, tmp_path: Path, postgres_cluster: Cluster, capsys: pytest.CaptureFixture[str]) -> None:
    laptop = _laptop(seed_catalogue, tmp_path)
    office = postgres_cluster.create_database("office_copy_target")
    assert main(["database", "copy", "--database", laptop, "--to", office, "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert "eartag_allocations" in out and "counts and checksums checked" in out
    with open_database(office) as database:
        service = QuoteService(database, make_settings(), today=TODAY)
        assert sorted(q.number for q in service.search()) == ["Q-2026-00001", "Q-2026-00002"]
        with database.session() as session:
            (block,) = OrderRepository(session).allocations("1234567")
        assert (block.first_number, block.order_number) == (70001, "O-2026-00001")
        customer = add_customer(database, "Ny Kunde")  # the id sequences were moved past the copied ids
        assert service.new_quote(customer, first_line=LineRequest("window", WINDOW, complete=True)).number == (
            "Q-2026-00003")

    # into a database that holds data: refused, nothing changed; with --force it is replaced
    assert main(["database", "copy", "--database", laptop, "--to", office, "--language", "nb"]) == 1
    err = capsys.readouterr().err
    assert "--force" in err and "quotes" in err
    with open_database(office) as database, database.session() as session:
        assert session.execute(text("SELECT count(*) FROM quotes")).scalar_one() == 3
    report = copy_database(laptop, office, force=True)
    assert {t.name: t.rows for t in report.tables}["quotes"] == 2

    back = f"sqlite:///{tmp_path / 'back.sqlite'}"
    there = copy_database(office, back)
    assert [(t.name, t.rows, t.checksum) for t in there.tables] == [
        (t.name, t.rows, t.checksum) for t in report.tables]
    with pytest.raises(DatabaseError, match="onto itself"):
        copy_database(back, back, force=True)
