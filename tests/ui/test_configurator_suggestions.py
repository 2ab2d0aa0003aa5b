"""What similar customers chose, shown beside each value, and "Fill in as most customers do", as a user sees them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from configurator.ui.context import AppContext
from tests.helpers.ui_drive import go_to, open_view
from tests.helpers.ui_kit import screenshot


@pytest.fixture
def sales(context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new installation's imported history: most customers chose copper caps on round flues."""
    monkeypatch.setenv("SKREDDER_DATA_DIR", str(tmp_path / "data"))
    history = tmp_path / "sales.csv"
    history.write_text("flue_shape;diameter_mm;material\n" + "round;150;copper\n" * 24 + "square;;stainless\n" * 6,
                       encoding="utf-8")
    assert context.suggestions.import_history("chimney_cap", history) == 30


def test_each_value_shows_the_share_of_similar_customers_who_chose_it(qtbot: QtBot, context: AppContext,
                                                                       sales: None, tmp_path: Path) -> None:
    view = open_view(qtbot, context, "chimney_cap")
    go_to(qtbot, view, "material")
    editor = view.editors["material"]
    qtbot.waitUntil(lambda: "valgt av" in editor.effects["copper"].text(), timeout=30_000)
    copper, stainless = editor.effects["copper"].text(), editor.effects["stainless"].text()
    assert int(copper.split("valgt av ")[1].split(" %")[0]) > int(stainless.split("valgt av ")[1].split(" %")[0])
    assert editor.effects["copper"].isVisible()  # on screen, not only on hover
    screenshot(view, tmp_path / "configurator-suggestions-nb.png")
    context.set_language("en")
    qtbot.waitUntil(lambda: "chosen by" in editor.effects["copper"].text(), timeout=30_000)


def test_fill_in_as_most_customers_do_finishes_as_the_most_similar_sale(qtbot: QtBot, context: AppContext,
                                                                        sales: None) -> None:
    view = open_view(qtbot, context, "chimney_cap")
    assert view.popular_button.text() == "Fyll ut slik de &fleste kunder gjør"
    with qtbot.waitSignal(view.changed, timeout=20_000):
        view.popular_button.click()
    qtbot.waitUntil(lambda: view.session is not None and view.is_complete(), timeout=20_000)
    values = view.configuration().values
    assert values["material"] == "copper" and values["flue_shape"] == "round"


def test_without_sales_nothing_is_shown_and_the_defaults_fill_in(qtbot: QtBot, context: AppContext,
                                                                 tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKREDDER_DATA_DIR", str(tmp_path / "empty"))
    view = open_view(qtbot, context, "chimney_cap")
    go_to(qtbot, view, "material")
    with qtbot.waitSignal(view.changed, timeout=20_000):
        view.popular_button.click()
    qtbot.waitUntil(view.is_complete, timeout=20_000)
    assert view.configuration().values["material"] == "galvanised"  # the model's default
    assert "valgt av" not in view.editors["material"].effects["copper"].text()
