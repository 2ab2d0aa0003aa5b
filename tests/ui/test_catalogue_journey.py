"""A salesperson's catalogue update in the app (pytest-qt, offscreen, a real SQLite file): a signed package and a
price list imported with the progress dialog showing the core's real steps, the open quotes re-checked, one quote
moved to the new catalogue and one kept at its old prices, the report saved as PDF and read back; then rollback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from configurator.core.sync.keys import parse_public
from configurator.core.sync.pricelist import write_price_list_template
from configurator.core.sync.recheck import recheck_quotes
from configurator.core.sync.service import PackageService
from configurator.ui import catalogue_import
from configurator.ui.catalogue_import import ChangesDialog, RecheckDialog
from configurator.ui.catalogue_view import CatalogueView
from configurator.ui.context import AppContext
from tests.helpers.documents_kit import pdf_text
from tests.helpers.model_kit import edit_file
from tests.helpers.package_kit import make_key, make_package, models_copy
from tests.helpers.ui_kit import add_customer, screenshot

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

CHAIR = {"model": "capisco_8106", "gas_lift": "lift_200", "footring": "true", "floor": "carpet", "castors": "hard"}
WINDOW = {"window_type": "side_hung", "width_mm": "1200", "height_mm": "1400", "glazing": "triple"}


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, str]]:
    """Every progress step the background jobs of the import report (fraction, text)."""
    seen: list[tuple[float, str]] = []
    original = catalogue_import.run_in_background

    def recording(parent: Any, context: Any, label: str, job: Any, **kwargs: Any) -> Any:
        def watched(progress: Any) -> Any:
            def report(fraction: float, text: str = "") -> None:
                seen.append((fraction, text))
                progress(fraction, text)

            return job(report)

        return original(parent, context, label, watched, **kwargs)

    monkeypatch.setattr(catalogue_import, "run_in_background", recording)
    return seen


def _dialog(view: CatalogueView, qtbot: QtBot, previous: object = None) -> RecheckDialog:
    qtbot.waitUntil(lambda: isinstance(view.importer.last_dialog, RecheckDialog)
                    and view.importer.last_dialog is not previous, timeout=90_000)
    dialog = view.importer.last_dialog
    assert isinstance(dialog, RecheckDialog)
    return dialog


def test_update_decide_per_quote_save_the_report_and_roll_back(context: AppContext, qtbot: QtBot, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               steps: list[tuple[float, str]]) -> None:
    service = context.service
    key, _key_id, public = make_key(tmp_path)
    PackageService(context.database).trust_key(parse_public(public))
    moved = service.new_quote(add_customer(context.database, "Ørjan Åsen")).number
    service.add_line(moved, "chair", CHAIR, complete=True)
    service.add_line(moved, "window", WINDOW, complete=True)
    service.send(moved)
    kept = service.new_quote(add_customer(context.database, "Hansen Gård")).number
    service.add_line(kept, "window", WINDOW, complete=True)
    kept_before = service.quote(kept)
    models = models_copy(tmp_path, ("chair", "window"))
    chair = models / "chair" / "chair.yaml"
    edit_file(chair, 'version: "2026.1"', 'version: "2026.2"')
    edit_file(chair, "exclude: footring and gas_lift == lift_150",
              "exclude: footring and gas_lift in [lift_150, lift_200]")
    package = make_package(models, key, tmp_path / "v1.skcat", version=1)

    view = CatalogueView(context)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    monkeypatch.setattr(ChangesDialog, "exec", lambda self: ChangesDialog.DialogCode.Accepted)
    view.importer.import_file(package)
    dialog = _dialog(view, qtbot)
    texts = [text for _fraction, text in steps]
    assert "Kontrollerer pakken" in texts and "Leser modell 1 av 2" in texts
    assert any(t.startswith("Kontrollerer reglene i chair") for t in texts)
    assert "Tar et øyeblikksbilde av databasen" in texts
    assert any(t.startswith(f"Kontrollerer tilbud {moved}") for t in texts)
    fractions = [fraction for fraction, _text in steps]
    assert 0.0 in fractions and max(fractions) > 0.5 and all(0.0 <= f <= 1.0 for f in fractions)

    assert dialog.table.rowCount() == 3  # the chair and window lines of one quote, the window of the other
    assert sorted(dialog.move_buttons) == [moved]  # only the chair's quote changed: the window is the same
    screenshot(dialog, tmp_path / "catalog_recheck.png")
    qtbot.mouseClick(dialog.move_buttons[moved], qtbot_button())
    qtbot.waitUntil(lambda: dialog.decisions[moved].text() != "", timeout=60_000)
    assert dialog.decisions[moved].text() == "Flyttet: revisjon B bruker den nye katalogen"
    assert not dialog.move_buttons[moved].isEnabled() and not dialog.keep_buttons[moved].isEnabled()
    after = service.quote(moved)
    assert after.current.letter == "B" and after.revisions[0].status == "superseded"
    assert {c.status for c in recheck_quotes(context.database, service.today) if c.number == moved} == {"unchanged"}

    prices = tmp_path / "priser.xlsx"  # then a price list: windows cost more
    write_price_list_template(prices, [("window", "glazing=triple", 990, "2026-12-01")])
    view.importer.import_file(prices)
    second = _dialog(view, qtbot, dialog)
    assert "Leser prislisten" in [text for _f, text in steps]
    assert sorted(second.move_buttons) == sorted([kept, moved])
    assert not second.undo_buttons[kept].isVisible()
    qtbot.mouseClick(second.keep_buttons[kept], qtbot_button())
    qtbot.waitUntil(lambda: second.decisions[kept].text() != "", timeout=60_000)
    assert second.decisions[kept].text().startswith("Beholder de gamle prisene til tilbudet går ut (")
    assert service.quote(kept) == kept_before  # the quote itself is not changed; the decision is stored apart
    kept_checks = [c for c in recheck_quotes(context.database, service.today) if c.number == kept]
    assert kept_checks and all(c.kept_by is not None and not c.open for c in kept_checks if c.status != "unchanged")
    assert not second.keep_buttons[kept].isEnabled() and second.undo_buttons[kept].isEnabled()
    screenshot(second, tmp_path / "catalog_decisions.png")
    qtbot.mouseClick(second.undo_buttons[kept], qtbot_button())  # undo: asked about again
    qtbot.waitUntil(lambda: second.decisions[kept].text().startswith("Angret"), timeout=60_000)
    assert second.keep_buttons[kept].isEnabled()
    assert any(c.open for c in recheck_quotes(context.database, service.today) if c.number == kept)
    qtbot.mouseClick(second.keep_buttons[kept], qtbot_button())
    qtbot.waitUntil(lambda: second.decisions[kept].text().startswith("Beholder"), timeout=60_000)

    report = tmp_path / "rapport.pdf"
    shown: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(report), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: shown.append(text))
    qtbot.mouseClick(second.pdf_button, qtbot_button())
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert shown == [f"Rapporten er skrevet til {report}"]
    text = pdf_text(report)
    assert kept in text and moved in text and "bare pris" in text

    view.recheck_button.click()  # the next re-check shows the stored decision instead of asking again
    again = _dialog(view, qtbot, second)
    assert again.decisions[kept].text().startswith("Gamle priser beholdt (bestemt av ")
    assert not again.keep_buttons[kept].isEnabled() and not again.undo_buttons[kept].isHidden()
    screenshot(again, tmp_path / "catalog_kept_again.png")

    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    view.importer.roll_back()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=60_000)
    view.recheck_button.click()
    third = _dialog(view, qtbot, again)
    assert kept not in third.move_buttons  # the price list rolled back: the kept quote is as it was


def qtbot_button() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_a_broken_price_list_is_refused_in_plain_words(context: AppContext, qtbot: QtBot, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    view = CatalogueView(context)
    qtbot.addWidget(view)
    prices = tmp_path / "priser.csv"
    prices.write_text("familie;alternativ eller prisledd;ny pris;gyldig fra\nwindow;glazing=tripel;900;2026-12-01\n",
                      encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    view.importer.import_file(prices)
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert shown[0].startswith("priser.csv: 1 feil i prislisten; ingenting ble importert")
    assert "priser.csv, rad 2: kolonne 'alternativ eller prisledd': 'glazing' har ikke alternativet 'tripel' " \
           "(mente du 'triple'?)" in shown[0]
    assert view.importer.last_dialog is None  # no changes dialog for a refused file
