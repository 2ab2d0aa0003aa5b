"""Where suggestions learn from: accepted quotes in a real catalogue database, and an imported sales file."""

from __future__ import annotations

from pathlib import Path

import pytest

from configurator.core.catalogue.db import Database
from configurator.core.quoting.models import ModelStore
from configurator.core.quoting.service import LineRequest, QuoteService
from configurator.core.suggest.history import HistoryError
from configurator.core.suggest.service import SuggestionService
from tests.helpers.quoting_kit import add_customer

CAP = {"flue_shape": "round", "diameter_mm": "150", "material": "copper"}


def accepted_quote(service: QuoteService, database: Database, choices: dict[str, str]) -> str:
    quote = service.new_quote(add_customer(database), first_line=LineRequest("chimney_cap", choices, complete=True))
    service.send(quote.number)
    service.accept(quote.number)
    return quote.number


def test_accepted_quotes_are_the_sales_and_drafts_are_not(service: QuoteService, database: Database,
                                                           tmp_path: Path) -> None:
    accepted_quote(service, database, CAP)
    service.new_quote(add_customer(database, "Utkast AS"),
                      first_line=LineRequest("chimney_cap", {**CAP, "material": "stainless"}, complete=True))
    suggestions = SuggestionService(database, tmp_path)
    sold = suggestions.configurations("chimney_cap")
    assert len(sold) == 1 and sold[0]["material"] == "copper" and sold[0]["flue_shape"] == "round"
    assert suggestions.configurations("window") == []


def test_an_imported_file_teaches_a_new_installation_and_a_broken_one_changes_nothing(
        service: QuoteService, database: Database, tmp_path: Path) -> None:
    suggestions = SuggestionService(database, tmp_path / "data")
    good = tmp_path / "history.csv"
    good.write_text("material;flue_shape\n" + "copper;round\n" * 25, encoding="utf-8")
    assert suggestions.import_history("chimney_cap", good) == 25
    model = ModelStore(database).current("chimney_cap", service.today).model
    recommender = suggestions.recommender(model)
    assert recommender.enough and recommender.best({}, "material") == "copper"
    broken = tmp_path / "broken.csv"
    broken.write_text("material;flue_shape\ncopper\n", encoding="utf-8")
    with pytest.raises(HistoryError, match=r"broken.csv:2: 1 values, expected 2"):
        suggestions.import_history("chimney_cap", broken)
    assert len(suggestions.configurations("chimney_cap")) == 25  # the earlier import is kept
    accepted_quote(service, database, CAP)
    assert suggestions.recommender(model).history.size == 26  # a new sale is learned at the next look


def test_the_command_line_imports_sales_and_suggests(database: Database, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from configurator.cli import main

    monkeypatch.setenv("SKREDDER_DATA_DIR", str(tmp_path / "data"))
    url = database.url
    database.close()
    sales = tmp_path / "sales.csv"
    sales.write_text("material;flue_shape;mesh\n" + "copper;round;true\n" * 20 + "stainless;square;false\n" * 5,
                     encoding="utf-8")
    assert main(["suggest", "chimney_cap", "--database", url, "--language", "en"]) == 0
    assert "Only 0 sales of chimney_cap so far (fewer than 20)" in capsys.readouterr().out
    assert main(["suggest", "chimney_cap", "--import", str(sales), "--database", url, "--language", "nb"]) == 0
    assert "25 salg av chimney_cap er lest inn" in capsys.readouterr().out
    assert main(["suggest", "chimney_cap", "--attribute", "material", "--database", url, "--language", "nb"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Materiale: Kobber (valgt av "), out
    assert main(["suggest", "chimney_cap", "--set", "flue_shape=square", "--attribute", "material",
                 "--database", url, "--language", "en"]) == 0
    assert capsys.readouterr().out.split(": ", 1)[1].startswith("Stainless"), "square flues were sold in stainless"
    broken = tmp_path / "broken.csv"
    broken.write_text("material\n\xff", encoding="latin-1")
    assert main(["suggest", "chimney_cap", "--import", str(broken), "--database", url, "--language", "en"]) == 1
    assert "broken.csv: not UTF-8 text (byte 9)" in capsys.readouterr().err
