"""Importing a signed catalogue package in the app (pytest-qt): the difference, the update applied off the UI
thread, the open quotes re-checked, the view showing the new version; a forged package refused in plain words."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from configurator.core.sync.keys import parse_public
from configurator.core.sync.service import PackageService
from configurator.ui.catalogue_import import ChangesDialog, RecheckDialog
from configurator.ui.catalogue_view import CatalogueView
from configurator.ui.context import AppContext
from tests.helpers.model_kit import edit_file
from tests.helpers.package_kit import make_key, make_package, models_copy
from tests.helpers.ui_kit import add_customer, screenshot

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_import_a_package_and_see_what_it_means(context: AppContext, qtbot: QtBot, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    key, _key_id, public = make_key(tmp_path)
    PackageService(context.database).trust_key(parse_public(public))
    models = models_copy(tmp_path, ("chair", "window"))
    edit_file(models / "chair" / "chair.yaml", 'version: "2026.1"', 'version: "2026.2"')
    edit_file(models / "chair" / "chair.yaml", "        price: 1100\n", "        price: 1250\n")
    edit_file(models / "chair" / "chair.yaml", "exclude: footring and gas_lift == lift_150",
              "exclude: footring and gas_lift in [lift_150, lift_200]")
    package = make_package(models, key, tmp_path / "v1.skcat", version=1)
    quote = context.service.new_quote(add_customer(context.database)).number
    context.service.add_line(quote, "chair", {"model": "capisco_8106", "gas_lift": "lift_200", "footring": "true",
                                              "floor": "carpet", "castors": "hard"}, complete=True)
    view = CatalogueView(context)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    assert view.import_button.text() == "&Importer katalog…"

    monkeypatch.setattr(ChangesDialog, "exec", lambda self: ChangesDialog.DialogCode.Accepted)
    view.importer.import_file(package)
    qtbot.waitUntil(lambda: isinstance(view.importer.last_dialog, RecheckDialog), timeout=60_000)
    table = view.importer.last_dialog.table
    assert table.rowCount() == 1 and table.item(0, 0).text() == quote
    assert table.item(0, 3).text() == "ikke lenger gyldig" and "nærmeste gyldige" in table.item(0, 6).text()
    qtbot.waitUntil(lambda: "2026.2" in [view.families.index(r, 1).data() for r in range(view.families.rowCount())])
    assert view.families.rowCount() == 2  # ear tags and chimney caps withdrawn by the package
    screenshot(view.importer.last_dialog, tmp_path / "recheck.png")

    forged = tmp_path / "forged.skcat"
    data = bytearray(package.read_bytes())
    data[-200] ^= 0xFF
    forged.write_bytes(bytes(data))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    view.importer.import_file(forged)
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert shown[0].startswith("forged.skcat")


def test_the_changes_dialog_lists_prices_in_norwegian(context: AppContext, qtbot: QtBot, tmp_path: Path) -> None:
    from configurator.core.sync.importer import prepare_import

    key, _key_id, public = make_key(tmp_path)
    PackageService(context.database).trust_key(parse_public(public))
    models = models_copy(tmp_path, ("chair", "chimney_cap", "eartag", "window"))
    edit_file(models / "chair" / "chair.yaml", 'version: "2026.1"', 'version: "2026.2"')
    edit_file(models / "chair" / "chair.yaml", "        price: 1100\n", "        price: 1250\n")
    plan = prepare_import(context.database, make_package(models, key, tmp_path / "p.skcat", version=1))
    dialog = ChangesDialog(context, plan)
    qtbot.addWidget(dialog)
    text = dialog.changes.toPlainText().replace("\xa0", " ").replace("\u202f", " ")
    assert "chair: pris på seat_variant = puls_plus: kr 1 100,00 → kr 1 250,00 (+13,6 %)" in text
    screenshot(dialog, tmp_path / "changes.png")
