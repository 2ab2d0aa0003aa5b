"""The re-check report as a PDF for the sales manager, read back from the file (pdftotext, pdffonts): the table in
the reader's language, the summary, every quote line, fonts embedded; also from the command line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from configurator.cli import main
from configurator.core.catalogue.db import Database
from configurator.core.quoting.service import QuoteError, QuoteService
from configurator.core.sync.importer import apply_import, prepare_import
from configurator.core.sync.keys import parse_public
from configurator.core.sync.recheck import recheck_quotes
from configurator.core.sync.report_pdf import write_report_pdf
from configurator.core.sync.service import PackageService
from tests.helpers.documents_kit import pdf_fonts, pdf_info, pdf_text
from tests.helpers.model_kit import edit_file
from tests.helpers.package_kit import make_key, make_package, models_copy
from tests.helpers.quoting_kit import TODAY, WINDOW, add_customer

CHAIR = {"model": "capisco_8106", "gas_lift": "lift_200", "footring": "true", "floor": "carpet", "castors": "hard"}


def _updated(tmp_path: Path, database: Database, service: QuoteService) -> tuple[str, str]:
    """Two open quotes, then a package: the footring needs the 265 mm lift, windows cost more per m²."""
    key, _key_id, public = make_key(tmp_path)
    PackageService(database).trust_key(parse_public(public))
    first = service.new_quote(add_customer(database, "Ørjan Åsen")).number
    service.add_line(first, "chair", CHAIR, complete=True)
    service.add_line(first, "window", WINDOW, complete=True)
    service.send(first)
    second = service.new_quote(add_customer(database, "Hansen Gård")).number
    service.add_line(second, "window", WINDOW, complete=True)
    models = models_copy(tmp_path, ("chair", "window"))
    chair, window = models / "chair" / "chair.yaml", models / "window" / "window.yaml"
    edit_file(chair, 'version: "2026.1"', 'version: "2026.2"')
    edit_file(chair, "exclude: footring and gas_lift == lift_150",
              "exclude: footring and gas_lift in [lift_150, lift_200]")
    edit_file(window, 'version: "2026.1"', 'version: "2026.2"')
    edit_file(window, "base: {rate: 6800, per: area_m2}", "base: {rate: 7200, per: area_m2}")
    edit_file(window, "price: 18228.88", "price: 19149.52")  # the model's own test case, as the publisher updates it
    package = make_package(models, key, tmp_path / "v1.skcat", version=1)
    apply_import(database, prepare_import(database, package, today=TODAY))
    return first, second


def test_the_report_pdf_reads_back_in_both_languages(tmp_path: Path, database: Database,
                                                     service: QuoteService) -> None:
    first, second = _updated(tmp_path, database, service)
    checks = recheck_quotes(database, TODAY)
    assert sorted(c.status for c in checks) == ["invalid", "price", "price"]
    nb, en = tmp_path / "rapport.pdf", tmp_path / "report.pdf"
    write_report_pdf(checks, nb, "nb", today=TODAY, catalogue="skredder 1")
    write_report_pdf(checks, en, "en", today=TODAY)
    text = pdf_text(nb)
    assert "Åpne tilbud etter katalogoppdateringen" in text
    assert "Kontrollert 01.12.2026 mot katalogen som gjelder (skredder 1)" in text
    assert "2 åpne tilbud, 3 linjer: 0 uendret, 2 bare pris, 1 ikke lenger gyldig, 0 trukket tilbake" in text
    assert first in text and second in text and "ikke lenger gyldig" in text and "nærmeste gyldige" in text
    assert "Resultat" in text and "kr " in text and "Side 1" in text
    english = pdf_text(en)
    assert "Open quotes after the catalogue update" in english and "price only" in english
    assert "nearest valid" in english and "NOK" in english
    assert pdf_info(nb)["Title"] == "Åpne tilbud etter katalogoppdateringen"
    assert all(font["embedded"] == "yes" for font in pdf_fonts(nb))
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temporary file, nothing left behind


def test_an_empty_report_says_so(tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    write_report_pdf([], out, "nb", today=TODAY)
    assert "Ingen åpne tilbud å kontrollere." in pdf_text(out)


def test_the_command_line_writes_the_pdf(tmp_path: Path, database: Database, database_file: Path,
                                         service: QuoteService, capsys: pytest.CaptureFixture[str]) -> None:
    first, _second = _updated(tmp_path, database, service)
    out = tmp_path / "manager.pdf"
    assert main(["catalogue", "recheck", "--pdf", str(out), "--language", "en", "--database",
                 str(database_file)]) == 0
    assert f"Report written to {out}" in capsys.readouterr().out
    assert first in pdf_text(out)


def test_keeping_the_old_prices_is_stored_shown_and_can_be_undone(tmp_path: Path, database: Database,
                                                                   service: QuoteService,
                                                                   database_file: Path) -> None:
    from configurator.core.sync.recheck import keep_old_prices, report_rows, undo_kept_prices
    from tests.helpers.kill_kit import dump

    first, second = _updated(tmp_path, database, service)
    assert {c.number for c in recheck_quotes(database, TODAY) if c.open} == {first, second}
    quote_before = service.quote(second)
    assert keep_old_prices(database, second, TODAY, by="Kari") == 1
    assert service.quote(second) == quote_before  # the quote itself is not changed
    checks = recheck_quotes(database, TODAY)  # the next re-check: the decision, not the question again
    assert {c.number for c in checks if c.open} == {first}
    kept = [c for c in checks if c.number == second]
    assert [(c.status, c.kept_by) for c in kept] == [("price", "Kari")]  # the new price is still shown
    day = kept[0].kept_on  # the day of the decision (UTC)
    assert day is not None and abs((day - datetime.now(UTC).date()).days) <= 1
    rows = {row[0]: row for row in report_rows(checks, "nb")[1:] if row[0] == second}
    assert rows[second][-1] == f"gamle priser beholdt (bestemt av Kari {day:%d.%m.%Y})"
    assert report_rows(checks, "en")[-1][-1] == f"old prices kept (decided by Kari on {day.day} {day:%b %Y})"
    assert keep_old_prices(database, second, TODAY, by="Ola") == 1  # again: still one decision, Kari's
    assert [c.kept_by for c in recheck_quotes(database, TODAY) if c.number == second] == ["Kari"]

    assert undo_kept_prices(database, second) == 1
    assert {c.number for c in recheck_quotes(database, TODAY) if c.open} == {first, second}
    assert undo_kept_prices(database, second) == 0
    before = dump(database_file)
    with pytest.raises(QuoteError) as refused:  # a quote that is not open: plain words, nothing written
        keep_old_prices(database, "Q-2026-99999", TODAY, by="Kari")
    assert "Q-2026-99999" in refused.value.render("en") and "Q-2026-99999" in refused.value.render("nb")
    assert refused.value.render("en") != refused.value.render("nb")
    assert dump(database_file) == before
