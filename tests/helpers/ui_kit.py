"""Helpers shared by the app's tests (the fixtures are in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget

from configurator.core.catalogue.customers import CustomerRepository
from configurator.core.catalogue.db import Database
from configurator.core.catalogue.records import Address, CustomerData

PIN = "4321"  # the manager PIN of the test settings


def add_customer(database: Database, name: str = "Hansen Gård", language: str = "nb") -> int:
    with database.session() as session:
        return CustomerRepository(session).add(CustomerData(
            kind="person", name=name, billing=Address(("Gardsveien 1",), "7374", "Røros"),
            language=language)).id  # type: ignore[arg-type]


def screenshot(widget: QWidget, path: Path) -> QImage:
    """What ``widget`` shows now (pending layout and paint handled first), saved to ``path`` for a person to look
    at; the picture is checked to be the widget's size and not blank."""
    QApplication.processEvents()
    image = widget.grab().toImage()
    assert image.save(str(path)), path
    ratio = widget.devicePixelRatioF()
    assert (image.width(), image.height()) == (round(widget.width() * ratio), round(widget.height() * ratio))
    assert len(colours(image)) > 8, "the screenshot is (nearly) blank"
    return image


def colours(image: QImage, step: int = 3) -> set[int]:
    """The colours (RGB) of a grid of pixels ``step`` apart."""
    return {image.pixel(x, y) & 0xFFFFFF for y in range(0, image.height(), step) for x in range(0, image.width(), step)}


def has_colour(image: QImage, colour: QColor, tolerance: int = 24) -> bool:
    """Whether some pixel is within ``tolerance`` (per channel) of ``colour``: text or a mark of that colour shows."""
    want = (colour.red(), colour.green(), colour.blue())
    for rgb in colours(image, step=1):
        found = ((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF)
        if all(abs(a - b) <= tolerance for a, b in zip(found, want, strict=True)):
            return True
    return False
