"""Spin boxes that read and show numbers as the UI language writes them (``5,5`` is 5.5 in bokmål).

Every number and money input of the app is a :class:`DecimalSpinBox` or an :class:`IntegerSpinBox`:
what is typed is read by :func:`configurator.core.numbers.parse_number` and what is shown is written
by :func:`configurator.core.numbers.format_number`, the one place that owns numbers for the core, the
command line and the app. Qt's own C-locale parsing (where ``5,5`` became 55) is never used.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox, QWidget

from configurator.core.numbers import NumberError, format_number, parse_number

_PARTIAL = ("", "-", "+", "−", ",", ".")


def _core(box: QDoubleSpinBox | QSpinBox, text: str) -> str:
    """The number part of a spin box's text (its prefix and suffix taken off)."""
    core = text.strip()
    prefix, suffix = box.prefix().strip(), box.suffix().strip()
    if prefix and core.startswith(prefix):
        core = core[len(prefix):]
    if suffix and core.endswith(suffix):
        core = core[: -len(suffix)]
    return core.strip()


def _validate(box: QDoubleSpinBox | QSpinBox, text: str, language: str, decimals: int) -> QValidator.State:
    if box.specialValueText() and text == box.specialValueText():
        return QValidator.State.Acceptable
    core = _core(box, text)
    if core in _PARTIAL or core.endswith((",", ".")):
        return QValidator.State.Intermediate
    try:
        number = parse_number(core, language)
    except NumberError:
        return QValidator.State.Invalid
    if number != number.quantize(Decimal(1).scaleb(-decimals)):  # more decimals than the box keeps
        return QValidator.State.Invalid
    if not box.minimum() <= float(number) <= box.maximum():
        return QValidator.State.Intermediate
    return QValidator.State.Acceptable


class DecimalSpinBox(QDoubleSpinBox):
    """A decimal spin box in the UI language's locale (``5,5 %`` in nb, ``5.5 %`` in en)."""

    def __init__(self, language: str = "nb", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language

    def set_language(self, language: str) -> None:
        self.language = language
        self.setSuffix(self.suffix())  # shows the value again, in the new language

    def decimal_value(self) -> Decimal:
        """The value as the exact decimal shown (a float never reaches the core)."""
        return Decimal(f"{self.value():.{self.decimals()}f}")

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        return _validate(self, text, self.language, self.decimals()), text, pos

    def valueFromText(self, text: str) -> float:
        if self.specialValueText() and text == self.specialValueText():
            return self.minimum()
        try:
            return float(parse_number(_core(self, text), self.language))
        except NumberError:
            return self.value()

    def textFromValue(self, value: float) -> str:
        return format_number(Decimal(f"{value:.{self.decimals()}f}"), self.language, self.decimals(), grouping=False)


class IntegerSpinBox(QSpinBox):
    """A whole-number spin box (a quantity) in the UI language's locale."""

    def __init__(self, language: str = "nb", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language

    def set_language(self, language: str) -> None:
        self.language = language
        self.setSuffix(self.suffix())  # shows the value again, in the new language

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        return _validate(self, text, self.language, 0), text, pos

    def valueFromText(self, text: str) -> int:
        try:
            return int(parse_number(_core(self, text), self.language))
        except NumberError:
            return self.value()

    def textFromValue(self, value: int) -> str:
        return format_number(value, self.language, 0, grouping=False)
