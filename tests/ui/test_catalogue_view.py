"""The catalogue view over the bundled seed catalogue, and over an empty one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from configurator.core.catalogue.db import open_database
from configurator.ui.catalogue_view import CatalogueView
from configurator.ui.context import AppContext
from tests.helpers.ui_kit import has_colour, screenshot

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def column(model: QAbstractItemModel, number: int) -> list[str]:
    return [model.index(row, number).data() for row in range(model.rowCount())]


@pytest.fixture
def view(context: AppContext, qtbot: QtBot) -> CatalogueView:
    widget = CatalogueView(context)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def test_the_seed_families_with_their_versions(view: CatalogueView, context: AppContext) -> None:
    families = view.family_table.model()
    assert sorted(column(families, 0)) == ["HÅG kontorstol", "Kjøkkenskap etter mål", "Pipehatt", "Trevindu etter mål",
                                           "Øremerker til husdyr"]
    assert all(re.fullmatch(r"2026\.\d+", version) for version in column(families, 1))
    assert not view.empty.isVisible()
    versions = view.version_table.model()
    assert versions.rowCount() >= 1
    assert re.fullmatch(r"2026\.\d+", versions.index(0, 0).data())
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", versions.index(0, 1).data())
    assert len(versions.index(0, 3).data()) == 12
    history = view.history_table.model()
    assert column(history, 2) == ["tatt i bruk"]
    assert history.index(0, 3).data().startswith("lagret: HÅG kontorstol 2026.1, Pipehatt 2026.1, ")
    context.set_language("en")
    assert sorted(column(families, 0)) == [
        "Chimney cap", "HÅG office chair", "Kitchen cabinet made to measure", "Livestock ear tags",
        "Made-to-measure wooden window"]
    assert families.headerData(0, Qt.Orientation.Horizontal) == "Product family"
    assert view.titles["history"].text() == "&Import history"


def test_families_in_norwegian_order_and_the_choice_kept_on_a_language_switch(
        view: CatalogueView, context: AppContext) -> None:
    families = view.family_table.model()
    assert column(families, 0) == ["HÅG kontorstol", "Kjøkkenskap etter mål", "Pipehatt", "Trevindu etter mål",
                                   "Øremerker til husdyr"]
    view.family_table.selectRow(4)
    context.set_language("en")
    assert column(families, 0)[0] == "Chimney cap"
    assert view.family_table.selectionModel().selectedRows()[0].data() == "Livestock ear tags"


def test_choosing_a_family_shows_its_versions(view: CatalogueView, qtbot: QtBot) -> None:
    families = view.family_table.model()
    for row in range(families.rowCount()):
        view.family_table.selectRow(row)
        newest = families.index(row, 1).data()
        assert view.version_table.model().index(0, 0).data() == newest


def test_an_empty_catalogue_says_what_to_do(context: AppContext, qtbot: QtBot, tmp_path: object) -> None:
    empty = open_database(f"sqlite:///{tmp_path}/empty.sqlite")
    try:
        context = AppContext(empty, context.settings, language="nb", qsettings=context.qsettings)
        view = CatalogueView(context)
        qtbot.addWidget(view)
        view.show()
        assert view.empty.isVisible()
        assert view.empty.text() == "Katalogen er tom: kjør skredder catalogue build"
        assert view.family_table.model().rowCount() == 0
    finally:
        empty.close()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_screenshots(view: CatalogueView, context: AppContext, qtbot: QtBot, language: str, tmp_path: Path) -> None:
    context.set_language(language)
    image = screenshot(view, tmp_path / f"views_catalogue_{language}.png")
    assert has_colour(image, view.palette().color(QPalette.ColorRole.Highlight))  # the chosen family
