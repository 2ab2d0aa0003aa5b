"""Screenshots of every main screen of the app, in bokmål and English, for docs/screenshots/.

Run from the repository root:  .venv/bin/python resources/make_app_screenshots.py

Everything runs offscreen on a temporary data folder: the bundled catalogue is built, the sample data added
(``skredder demo-data``), and each screen is shown at 1280 × 800 and grabbed (``QWidget.grab()``): the customer
register, the quote list, a quote in the editor, the configurator (a window with a conflict and its repair
panel, a chair with a Designer's Choice preset, a chimney cap with its preview's caption), the catalogue and
the settings. The date is fixed, so the pictures change only when the screens do.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

TODAY = date(2026, 11, 30)
SIZE = (1280, 800)


def wait(app: QApplication, ready: Callable[[], bool], seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > end:
            raise SystemExit("timed out waiting for the app")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()


def save(app: QApplication, widget: QWidget, name: str) -> None:
    for _ in range(5):
        app.processEvents()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["SKREDDER_DATA_DIR"] = folder
        os.environ["SKREDDER_CONFIG_DIR"] = str(Path(folder) / "config")
        from configurator.core.sync.build import build_catalogue
        from configurator.core.catalogue.db import open_database
        from configurator.core.demo import add_demo_data
        from configurator.core.settings import CompanySettings, Settings, set_manager_pin

        url = f"sqlite:///{Path(folder) / 'catalogue.sqlite'}"
        if build_catalogue([ROOT / "product_models"], url).errors:
            print("the product models do not build", file=sys.stderr)
            return 1
        database = open_database(url)
        settings = set_manager_pin(Settings(
            salesperson="Kari Nordmann", manager_name="Ola Leder",
            company=CompanySettings(name="Røros Dører og Vinduer AS", address_lines=("Kjerkgata 12", "7374 Røros"),
                                    org_number="923609016", phone="72 41 00 00", email="salg@example.no")), "2468")
        demo = add_demo_data(database, settings)
        app = QApplication.instance() or QApplication([])
        OUT.mkdir(parents=True, exist_ok=True)
        for language in ("nb", "en"):
            shoot(app, database, settings, demo.quotes, language, Path(folder))
        database.close()
    return 0


def shoot(app: QApplication, database: object, settings: object, quotes: tuple[str, ...], language: str,
          folder: Path) -> None:
    from configurator.ui.app import MainWindow
    from configurator.ui.config_dialog import ConfiguratorDialog
    from configurator.ui.context import AppContext

    qsettings = QSettings(str(folder / f"qsettings-{language}.ini"), QSettings.Format.IniFormat)
    context = AppContext(database, settings, language=language, qsettings=qsettings, today=TODAY)  # type: ignore[arg-type]
    window = MainWindow(context)
    window.resize(*SIZE)
    window.show()
    opened: list[bool] = []
    window.open_start_page(opened.append)
    wait(app, lambda: bool(opened))
    for page in ("customers", "quotes", "catalogue", "settings"):
        window.show_page(page)
        save(app, window, f"app-{page}-{language}")
    window.open_quote(quotes[1])  # the housing co-operative's windows, sent
    save(app, window, f"app-quote-editor-{language}")

    service = context.service
    window_model = service.models.current("window", TODAY)
    dialog = ConfiguratorDialog(context, window_model, title=context.tr("New line"), parent=window)
    dialog.resize(*SIZE)
    dialog.show()
    wait(app, dialog.view.is_ready)
    view = dialog.view

    def click(attr_id: str, value: object) -> None:  # what the attribute's widget asks for when clicked
        view.editors[attr_id].requested.emit(attr_id, value)
        wait(app, lambda: not view.is_busy())

    def settled() -> None:
        wait(app, lambda: not view.is_busy() and view.marks.is_settled() and view.price.is_settled())

    for attr_id, value in (("window_type", "top_hung"), ("width_mm", Decimal(1200)), ("height_mm", Decimal(600))):
        click(attr_id, value)
    escape = view.editors["escape_window"]
    view.steps.setCurrentRow(next(i for i, editors in enumerate(view.page_editors) if escape in editors))
    settled()
    save(app, dialog, f"app-configurator-reasons-{language}")  # short reasons beside the greyed values
    escape.check.click()
    wait(app, view.repair.isVisible)
    wait(app, lambda: bool(view.repair.labels) and "(" in view.repair.labels[0].text())  # its "from" price
    save(app, dialog, f"app-configurator-repair-{language}")
    view.repair.apply_buttons[0].click()
    wait(app, lambda: not view.is_busy())
    for attr_id, value in (("glazing", "triple"), ("paint", "ncs_s7502b")):
        click(attr_id, value)
    view.steps.setCurrentRow(next(i for i, editors in enumerate(view.page_editors)
                                  if view.editors["glazing"] in editors))
    settled()
    save(app, dialog, f"app-configurator-effects-{language}")  # the price effect beside each option
    view.complete_button.click()
    wait(app, lambda: not view.is_busy() and view.is_complete())
    settled()
    dialog.ok_button.click()
    wait(app, dialog.in_summary)
    save(app, dialog, f"app-configurator-summary-{language}")
    dialog.reject()

    chair = ConfiguratorDialog(context, service.models.current("chair", TODAY), parent=window)
    chair.resize(*SIZE)
    chair.show()
    wait(app, chair.view.is_ready)
    chair.view.presets_menu.actions()[0].trigger()  # the first Designer's Choice preset
    wait(app, lambda: not chair.view.is_busy() and chair.view.is_complete())
    wait(app, lambda: chair.view.price.is_settled() and chair.view.marks.is_settled())
    save(app, chair, f"app-configurator-chair-{language}")
    chair.reject()

    cap = ConfiguratorDialog(context, service.models.current("chimney_cap", TODAY), parent=window)
    cap.resize(*SIZE)
    cap.show()
    wait(app, cap.view.is_ready)
    cap.view.presets_menu.actions()[0].trigger()  # a brick cabin chimney: the flue's inner size and the cap's
    wait(app, lambda: not cap.view.is_busy() and cap.view.marks.is_settled() and cap.view.price.is_settled())
    for attr_id, value in (("inner_width_mm", Decimal(200)), ("inner_depth_mm", Decimal(200))):
        cap.view.editors[attr_id].requested.emit(attr_id, value)
        wait(app, lambda: not cap.view.is_busy())
    cap.view.steps.setCurrentRow(1)  # the flues and their dimensions, beside the preview and its caption
    wait(app, lambda: not cap.view.is_busy() and cap.view.preview.is_drawn() and cap.view.marks.is_settled()
         and cap.view.price.is_settled())
    save(app, cap, f"app-configurator-chimney-cap-{language}")
    cap.reject()
    window.close()
    window.deleteLater()
    app.processEvents()
    _ = Qt  # (imported for readers who extend the script with key presses)


if __name__ == "__main__":
    sys.exit(main())
