"""No lost update (issue 11): two editors of the same draft revision, each on its own connection pool as two
salespeople's Skredders are. Each change of a draft is a compare-and-set of the revision's version; an editor
whose version is no longer the stored one is told who changed it and when, in bokmål and English, and nothing of
its change is stored. Run against SQLite and PostgreSQL (the ``backend`` parameter)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import text

from configurator.cli import main
from configurator.core.catalogue.db import Database, open_database
from configurator.core.catalogue.quotes import QuoteRepository
from configurator.core.quoting.service import LineRequest, QuoteService, StaleRevisionError
from tests.helpers.quoting_kit import PIN, TODAY, WINDOW, add_customer, make_settings


@pytest.fixture
def editors(database: Database, database_url: str) -> Iterator[tuple[QuoteService, QuoteService]]:
    """Kari and Per, each with a database of their own (a second pool) on the same catalogue."""
    other = open_database(database_url)
    try:
        yield (QuoteService(database, make_settings(salesperson="Kari Nordmann"), today=TODAY),
               QuoteService(other, make_settings(salesperson="Per Hansen"), today=TODAY))
    finally:
        other.close()


def stored(database: Database, number: str) -> tuple[Any, ...]:
    """Everything of the draft that an edit could change: its revision row and its lines."""
    with database.session() as session:
        revision = session.execute(text(
            "SELECT r.version, r.changed_by, r.discount_basis_points, r.total_ex_vat_ore, r.status "
            "FROM quote_revisions r JOIN quotes q ON q.id = r.quote_id WHERE q.number = :n"), {"n": number}).one()
        lines = session.execute(text(
            "SELECT l.position, l.quantity, l.configuration, l.line_total_ore FROM quote_lines l "
            "JOIN quote_revisions r ON r.id = l.revision_id JOIN quotes q ON q.id = r.quote_id "
            "WHERE q.number = :n ORDER BY l.position"), {"n": number}).all()
        parameters = session.execute(text("SELECT quote_parameters FROM quotes WHERE number = :n"),
                                     {"n": number}).scalar_one()
    return tuple(revision), tuple(tuple(line) for line in lines), parameters


def test_a_second_editor_is_told_who_changed_the_draft_and_overwrites_nothing(
        editors: tuple[QuoteService, QuoteService], database: Database) -> None:
    kari, per = editors
    customer = add_customer(database)
    quote = kari.new_quote(customer, first_line=LineRequest("window", WINDOW, complete=True))
    created = quote.current
    assert (created.version, created.changed_by) == (1, "Kari Nordmann") and created.changed_at is not None
    seen_by_per = per.quote(quote.number).current.version  # both have the quote open at version 1

    kari.edit_line(quote.number, 1, quantity=3, expected_version=created.version)
    after_kari = stored(database, quote.number)
    assert after_kari[0][:2] == (2, "Kari Nordmann") and after_kari[1][0][1] == 3

    with pytest.raises(StaleRevisionError) as stale:
        per.edit_line(quote.number, 1, quantity=5, expected_version=seen_by_per)
    assert stale.value.changed_by == "Kari Nordmann" and stale.value.version == 2
    english, bokmal = stale.value.render("en"), stale.value.render("nb")
    assert f"Quote {quote.number} revision A was changed by Kari Nordmann" in english
    assert "Nothing of your change was stored: reload the quote" in english
    assert f"Tilbud {quote.number} revisjon A ble endret av Kari Nordmann" in bokmal
    assert "Ingenting av endringen din ble lagret" in bokmal
    assert stored(database, quote.number) == after_kari  # Kari's three windows stand, nothing of Per's

    reloaded = per.quote(quote.number).current  # Per reloads, sees Kari's change, and makes his own
    assert (reloaded.version, reloaded.lines[0].quantity) == (2, 3)
    per.edit_line(quote.number, 1, quantity=5, expected_version=reloaded.version)
    latest = kari.quote(quote.number).current
    assert (latest.version, latest.changed_by, latest.lines[0].quantity) == (3, "Per Hansen", 5)


def _operations(service: QuoteService, number: str) -> dict[str, Callable[[int], object]]:
    return {
        "add_line": lambda v: service.add_line(number, "chimney_cap", {"flue_shape": "round"}, complete=True,
                                               expected_version=v),
        "edit_line": lambda v: service.edit_line(number, 1, quantity=2, expected_version=v),
        "copy_line": lambda v: service.copy_line(number, 1, expected_version=v),
        "remove_line": lambda v: service.remove_line(number, 2, expected_version=v),
        "set_parameters": lambda v: service.set_parameters(number, {"energy_level": "ja"}, expected_version=v),
        "set_discount": lambda v: service.set_discount(number, 2500, expected_version=v),
        "approve": lambda v: service.approve(number, PIN, expected_version=v),
        "send": lambda v: service.send(number, expected_version=v),
    }


def test_every_change_of_a_draft_is_refused_on_an_old_version_and_counts_one_up_on_the_current(
        editors: tuple[QuoteService, QuoteService], database: Database) -> None:
    kari, per = editors
    customer = add_customer(database)
    number = kari.new_quote(customer, first_line=LineRequest("window", WINDOW, complete=True)).number
    kari.add_line(number, "window", WINDOW, complete=True)
    for name, operation in _operations(per, number).items():
        version = kari.quote(number).current.version
        before = stored(database, number)
        with kari.database.write() as session:  # Kari changes it first (a change that keeps an approval)
            QuoteRepository(session).claim_revision(number, seen=None, by="Kari Nordmann")
        touched = stored(database, number)
        assert touched[0][0] == version + 1, name
        with pytest.raises(StaleRevisionError):
            operation(version)  # Per still has the version before Kari's touch
        assert stored(database, number) == touched, f"{name} changed the draft on an old version"
        operation(version + 1)  # after reloading, the same change goes through and counts one
        after = stored(database, number)
        assert after[0][:2] == (version + 2, "Per Hansen"), name
        assert after != before, name
    assert kari.quote(number).current.status == "sent"


def test_without_a_version_a_change_applies_to_the_newest_draft_and_still_counts(
        service: QuoteService, database: Database) -> None:
    """The command line without --if-version, and the sample data: one change in one unit, counted."""
    number = service.new_quote(add_customer(database), first_line=LineRequest("window", WINDOW,
                                                                              complete=True)).number
    service.edit_line(number, 1, quantity=2)
    service.copy_line(number, 1)
    assert service.quote(number).current.version == 3


def test_a_new_revision_starts_again_at_version_one_and_a_sent_one_is_refused_as_before(
        editors: tuple[QuoteService, QuoteService], database: Database) -> None:
    kari, per = editors
    number = kari.new_quote(add_customer(database), first_line=LineRequest("window", WINDOW, complete=True)).number
    seen = per.quote(number).current.version
    kari.send(number, expected_version=seen)
    with pytest.raises(Exception, match="is sent and cannot be changed"):  # the status says it, not a version
        per.edit_line(number, 1, quantity=2, expected_version=seen)
    per.revise(number)
    revision_b = kari.quote(number).current
    assert (revision_b.letter, revision_b.version, revision_b.changed_by) == ("B", 1, "Per Hansen")


def _cli(capsys: pytest.CaptureFixture[str], url: str, *argv: str, language: str = "en") -> tuple[int, str, str]:
    code = main([*argv, "--database", url, "--language", language])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_shows_the_version_and_refuses_an_old_one_with_exit_3(
        editors: tuple[QuoteService, QuoteService], database: Database, database_url: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    kari, _ = editors
    number = kari.new_quote(add_customer(database), first_line=LineRequest("window", WINDOW, complete=True)).number
    code, out, _ = _cli(capsys, database_url, "quote", "show", number)
    assert code == 0 and "Version 1, last changed by Kari Nordmann (" in out
    code, out, _ = _cli(capsys, database_url, "quote", "show", number, language="nb")
    assert "Versjon 1, sist endret av Kari Nordmann (" in out

    kari.edit_line(number, 1, quantity=2)  # meanwhile, in Kari's app
    before = stored(database, number)
    for language, words in (("en", "was changed by Kari Nordmann"), ("nb", "ble endret av Kari Nordmann")):
        code, _, err = _cli(capsys, database_url, "quote", "edit-line", number, "1", "--quantity", "7",
                            "--if-version", "1", language=language)
        assert code == 3 and words in err and "Traceback" not in err, err
    code, _, err = _cli(capsys, database_url, "quote", "send", number, "--if-version", "1")
    assert code == 3, err
    assert stored(database, number) == before
    code, out, err = _cli(capsys, database_url, "quote", "edit-line", number, "1", "--quantity", "7",
                          "--if-version", "2")
    assert code == 0, err
    assert "Version 3, last changed by" in out


def test_migration_0005_down_and_up_keeps_the_drafts_and_starts_them_at_version_one(
        service: QuoteService, database: Database, database_url: str) -> None:
    """Batch mode on SQLite (the table is rebuilt), ALTER TABLE on PostgreSQL: the rows stay either way."""
    from alembic import command

    from configurator.core.catalogue.db import alembic_config, head_revision

    number = service.new_quote(add_customer(database), first_line=LineRequest("window", WINDOW, complete=True)).number
    service.edit_line(number, 1, quantity=2)
    database.close()
    command.downgrade(alembic_config(url=database_url), "0004")
    with open_database(database_url) as upgraded:  # opening upgrades it again
        assert upgraded.schema_revision() == head_revision()
        again = QuoteService(upgraded, make_settings(), today=TODAY).quote(number).current
    assert (again.version, again.changed_by, again.changed_at) == (1, "", None)
    assert again.lines[0].quantity == 2


def test_the_engine_and_pricing_run_outside_the_write_lock_and_a_change_meanwhile_is_priced_in(
        editors: tuple[QuoteService, QuoteService], database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kari's new line is configured and priced before her write lock: Per stores a change of the same draft
    meanwhile (he does not wait for her), Kari's change is then prepared again on top of his, and both stand."""
    kari, per = editors
    number = kari.new_quote(add_customer(database), first_line=LineRequest("window", WINDOW, complete=True)).number
    line_data = QuoteService._line_data
    interrupted: list[int] = []

    def per_changes_it_meanwhile(self: QuoteService, *args: Any, **kwargs: Any) -> Any:
        if self is kari and not interrupted:
            per.edit_line(number, 1, quantity=6)  # would wait for Kari's lock (and fail) if she held it now
            interrupted.append(per.quote(number).current.version)
        return line_data(self, *args, **kwargs)

    monkeypatch.setattr(QuoteService, "_line_data", per_changes_it_meanwhile)
    assert kari.add_line(number, "chimney_cap", {"flue_shape": "round"}, complete=True) == 2
    current = kari.quote(number).current
    assert [(line.family_id, line.quantity) for line in current.lines] == [("window", 6), ("chimney_cap", 1)]
    assert interrupted == [2] and (current.version, current.changed_by) == (3, "Kari Nordmann")
    with pytest.raises(StaleRevisionError):  # with the version she saw, Kari is told instead
        kari.edit_line(number, 2, quantity=2, expected_version=1)
