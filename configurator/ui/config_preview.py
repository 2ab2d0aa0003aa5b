"""The configurator's preview: the product drawn by the core's preview code (Pillow), shown as a pixmap."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy

from configurator.core.documents.preview import PreviewError, render_preview
from configurator.core.quoting.models import StoredModel
from configurator.ui.context import AppContext

PREVIEW_SIZE = 340


def to_pixmap(picture: Image.Image) -> QPixmap:
    """A Pillow image as a QPixmap (through raw RGB bytes; no copy of Pillow's Qt module needed)."""
    rgb = picture.convert("RGB")
    width, height = rgb.size
    image = QImage(rgb.tobytes(), width, height, 3 * width, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image.copy())


class PreviewPane(QLabel):
    """The preview of the current values, redrawn on every change."""

    def __init__(self, context: AppContext, stored: StoredModel, size: int = PREVIEW_SIZE) -> None:
        super().__init__()
        self.context, self.stored, self.size_px = context, stored, size
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(size, size)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setObjectName("preview")
        self.drawn_values: dict[str, Any] | None = None

    def redraw(self, values: Mapping[str, Any]) -> None:
        if self.drawn_values == values:
            return
        self.drawn_values = dict(values)
        try:
            picture = render_preview(self.stored.model, values, self.stored.image, size=self.size_px)
        except PreviewError as error:
            self.setPixmap(QPixmap())
            self.setText(self.context.render(error.message))
            return
        self.setPixmap(to_pixmap(picture))
