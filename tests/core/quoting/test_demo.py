"""Sample data: customers, quotes in every state and a production order, added once to an empty register."""

from __future__ import annotations

from configurator.cli import main
from configurator.core.catalogue.customers import CustomerRepository
from configurator.core.catalogue.db import Database
from configurator.core.demo import add_demo_data
from configurator.core.quoting.service import QuoteService


def test_demo_data_gives_a_living_register_once(service: QuoteService, database: Database) -> None:
    told: list[tuple[float, int]] = []
    result = add_demo_data(database, service.settings,
                           progress=lambda fraction: told.append((fraction, len(service.search()))))
    fractions = [fraction for fraction, _quotes in told]
    assert len(fractions) == 15 and fractions == sorted(set(fractions)) and fractions[-1] == 1.0
    assert fractions[0] < 0.1  # the bar moves from the start, not only at the end
    # told while the work goes on: the quotes (each stored as it is made) appear between the reports
    assert [quotes for _fraction, quotes in told][:3] == [0, 1, 1] and told[-1][1] == 4
    assert result.customers == 4 and len(result.quotes) == 4 and len(result.orders) == 1
    statuses = {summary.number: (summary.status, summary.revision) for summary in service.search()}
    tags, windows, chairs, cabin = result.quotes
    assert statuses == {tags: ("accepted", "A"), windows: ("sent", "A"), chairs: ("draft", "B"),
                        cabin: ("draft", "A")}
    assert service.order(result.orders[0]).lines[0].specification.series.count == 200
    with database.session() as session:
        names = [c.name for c in CustomerRepository(session).search("")]
    assert "Ødegård Gårdsbruk AS" in names and "John Smith" in names
    again = add_demo_data(database, service.settings)
    assert again.customers == 0 and again.quotes == ()
    assert "no sample data was added" in again.message.render("en")
    assert len(service.search()) == 4


def test_demo_data_from_the_command_line(database: Database, capsys: object) -> None:
    url = database.url
    database.close()
    assert main(["demo-data", "--database", url, "--language", "nb"]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "Eksempeldata er lagt inn: 4 kunder, 4 tilbud og 1 produksjonsordre." in out
    assert main(["demo-data", "--database", url, "--language", "en"]) == 0
    assert "no sample data was added" in capsys.readouterr().out  # type: ignore[attr-defined]
