"""The configurator's preview: the product drawn by the core's preview code (Pillow), shown as a pixmap.

The drawing runs on a lane of its own (off the UI thread, the newest values win); the UI thread only turns the
finished image into a pixmap. ``drawn_values`` are the values of the picture shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PIL import Image
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy

from configurator.core.documents.preview import PreviewError, render_preview
from configurator.core.quoting.models import StoredModel
from configurator.ui.context import AppContext
from configurator.ui.work import Lane, Stale

PREVIEW_SIZE = 340


def to_image(picture: Image.Image) -> QImage:
    """A Pillow image as a QImage (through raw RGB bytes; no copy of Pillow's Qt module needed; any thread)."""
    rgb = picture.convert("RGB")
    width, height = rgb.size
    image = QImage(rgb.tobytes(), width, height, 3 * width, QImage.Format.Format_RGB888)
    return image.copy()


def to_pixmap(picture: Image.Image) -> QPixmap:
    """A Pillow image as a QPixmap (on the UI thread)."""
    return QPixmap.fromImage(to_image(picture))


class PreviewPane(QLabel):
    """The preview of the current values, redrawn on every change; ``drawn`` when a new picture is shown."""

    drawn = Signal()

    def __init__(self, context: AppContext, stored: StoredModel, size: int = PREVIEW_SIZE, *,
                 lane: Lane | None = None) -> None:
        super().__init__()
        self.context, self.stored, self.size_px = context, stored, size
        self.lane = lane if lane is not None else Lane(context, name="preview", parent=self)
        self._asked: dict[str, Any] | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(size, size)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setObjectName("preview")
        self.drawn_values: dict[str, Any] | None = None

    def redraw(self, values: Mapping[str, Any]) -> None:
        """Draw ``values`` off the UI thread; the picture is shown when it is ready (unless newer values came)."""
        if self._asked == values:
            return
        self._asked = wanted = dict(values)
        stored, size = self.stored, self.size_px

        def job(_stale: Stale) -> tuple[dict[str, Any], QImage | PreviewError]:
            try:
                return wanted, to_image(render_preview(stored.model, wanted, stored.image, size=size))
            except PreviewError as error:
                return wanted, error

        self.lane.submit(job, self._drawn)

    def _drawn(self, result: tuple[dict[str, Any], QImage | PreviewError]) -> None:
        values, picture = result
        self.drawn_values = values
        if isinstance(picture, PreviewError):
            self.setPixmap(QPixmap())
            self.setText(self.context.render(picture.message))
        else:
            self.setPixmap(QPixmap.fromImage(picture))
        self.drawn.emit()

    def is_drawn(self) -> bool:
        """Whether the picture shown is of the newest values asked for."""
        return not self.lane.is_busy() and self.drawn_values == self._asked
