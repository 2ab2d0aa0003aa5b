"""Typed access to a model document that reports every problem with its file, line and field."""

from __future__ import annotations

import difflib
import keyword
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from configurator.core.i18n import Message, Text, msg
from configurator.core.model.errors import ModelError
from configurator.core.model.yamlio import YDict, YList, text_problem

ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
RULE_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# names an expression cannot use for an attribute, an option or a parameter
RESERVED = frozenset(keyword.kwlist) | {"true", "false", "quote"}
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_TEXT = 2000
MAX_AMOUNT = 10_000_000  # kroner: the largest amount (price, rate, minimum) a model may give
MAX_EXPONENT = 12  # numbers in a model (sizes, prices, counts) lie between 1e-12 and 1e12


class Invalid(Exception):
    """A value was wrong; the error is already recorded."""


class Reader:
    """Collects errors while reading fields of mappings read by :mod:`yamlio` (or plain JSON)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.errors: list[ModelError] = []

    # -------------------------------------------------------------- reporting
    def error(self, container: Any, key: Any, where: Message | None, message: Message) -> None:
        line: int | None = None
        file = self.file
        if isinstance(container, YDict | YList):
            line = container.line_of(key) if key is not None else container.line
            file = container.file or file
        self.errors.append(ModelError(file, line, where, message))

    def fail(self, container: Any, key: Any, where: Message | None, message: Message) -> Invalid:
        self.error(container, key, where, message)
        return Invalid()

    # -------------------------------------------------------------- structure
    def mapping(self, container: Any, key: Any, where: Message | None, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(container, key, where, msg("'{field}' must be a mapping (name: value)", field=key))
        return value

    def check_keys(self, mapping: dict[str, Any], allowed: Iterable[str], where: Message | None) -> None:
        allowed = list(allowed)
        for key in mapping:
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            if close:
                message = msg("unknown field '{field}' (did you mean '{suggestion}'?)", field=key,
                              suggestion=close[0])
            else:
                message = msg("unknown field '{field}' (expected one of: {known})", field=key,
                              known=", ".join(allowed))
            self.error(mapping, key, where, message)

    def required(self, mapping: dict[str, Any], key: str, where: Message | None) -> Any:
        if key not in mapping or mapping[key] is None:
            raise self.fail(mapping, None, where, msg("missing field '{field}'", field=key))
        return mapping[key]

    def items(self, mapping: dict[str, Any], key: str, where: Message | None, *, required: bool = False
              ) -> list[tuple[YList | list[Any], int, Any]]:
        """The entries of a list field, each with its container and index (for line numbers)."""
        value = mapping.get(key)
        if value is None:
            if required:
                self.error(mapping, None, where, msg("missing field '{field}'", field=key))
            return []
        if not isinstance(value, list):
            self.error(mapping, key, where, msg("'{field}' must be a list", field=key))
            return []
        return [(value, index, item) for index, item in enumerate(value)]

    # -------------------------------------------------------------- scalars
    def text(self, mapping: dict[str, Any], key: str, where: Message | None, *, required: bool = True
             ) -> str | None:
        value = mapping.get(key)
        if value is None:
            if required:
                raise self.fail(mapping, None, where, msg("missing field '{field}'", field=key))
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            raise self.fail(mapping, key, where, msg("'{field}' must be text", field=key))
        if len(str(value)) > MAX_TEXT:
            raise self.fail(mapping, key, where, msg("'{field}' is longer than {limit} characters", field=key,
                                                     limit=MAX_TEXT))
        self.no_control(mapping, key, where, str(value))
        return str(value)

    def no_control(self, mapping: dict[str, Any], key: str, where: Message | None, value: str) -> None:
        """Refuse terminal escapes, reversed text and lone surrogates (also in documents read back from the
        catalogue, which never passed the YAML reader's check)."""
        problem = text_problem(value)
        if problem is not None:
            raise self.fail(mapping, key, where, problem)

    def identifier(self, mapping: dict[str, Any], key: str, where: Message | None,
                   pattern: re.Pattern[str] = ID_PATTERN) -> str:
        value = self.required(mapping, key, where)
        if not isinstance(value, str) or not pattern.match(value):
            raise self.fail(mapping, key, where, msg(
                "'{field}' must be an identifier: a letter, then letters, digits or _ (got '{value}')",
                field=key, value=value))
        if value in RESERVED:
            raise self.fail(mapping, key, where, msg("'{value}' is a reserved word and cannot be an identifier",
                                                     value=value))
        return value

    def localised(self, mapping: dict[str, Any], key: str, where: Message | None, *, required: bool = True
                  ) -> Text | None:
        value = mapping.get(key)
        if value is None:
            if required:
                raise self.fail(mapping, None, where, msg("missing field '{field}'", field=key))
            return None
        if not isinstance(value, dict):
            raise self.fail(mapping, key, where, msg(
                "'{field}' must give the text in both languages: {{nb: ..., en: ...}}", field=key))
        self.check_keys(value, ("nb", "en"), where)
        texts = {}
        for language in ("nb", "en"):
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                raise self.fail(value, language if language in value else None, where, msg(
                    "'{field}' has no {language} text", field=key, language=language))
            self.no_control(value, language, where, text)
            texts[language] = text
        return Text(nb=texts["nb"], en=texts["en"])

    def number(self, mapping: dict[str, Any], key: str, where: Message | None, *, required: bool = True,
               integer: bool = False, minimum: Decimal | None = None) -> Decimal | None:
        value = mapping.get(key)
        if value is None:
            if required:
                raise self.fail(mapping, None, where, msg("missing field '{field}'", field=key))
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise self.fail(mapping, key, where, msg("'{field}' must be a number (got '{value}')", field=key,
                                                     value=value))
        number = Decimal(value)
        # compare exponents, not values: abs() of a number like 1e9999999 overflows the decimal context
        if not number.is_finite() or (number and not -MAX_EXPONENT <= number.adjusted() < MAX_EXPONENT):
            raise self.fail(mapping, key, where, msg("'{field}' must be a number (got '{value}')", field=key,
                                                     value=value))
        if integer and number != number.to_integral_value():
            raise self.fail(mapping, key, where, msg("'{field}' must be a whole number", field=key))
        if minimum is not None and number < minimum:
            raise self.fail(mapping, key, where, msg("'{field}' must be at least {minimum}", field=key,
                                                     minimum=minimum))
        return number

    def money(self, mapping: dict[str, Any], key: str, where: Message | None, *, required: bool = True
              ) -> Decimal | None:
        value = self.number(mapping, key, where, required=required)
        if value is not None and abs(value) > MAX_AMOUNT:  # times 100,000 units, still far inside 64-bit øre
            raise self.fail(mapping, key, where, msg("'{field}' is more than {limit} kroner", field=key,
                                                     limit=f"{MAX_AMOUNT:,}".replace(",", " ")))
        if value is not None and value != round(value, 2):
            raise self.fail(mapping, key, where, msg("'{field}' is an amount in kroner with at most two decimals",
                                                     field=key))
        return value

    def boolean(self, mapping: dict[str, Any], key: str, where: Message | None, default: bool) -> bool:
        value = mapping.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(mapping, key, where, msg("'{field}' must be true or false", field=key))
        return value

    def date(self, mapping: dict[str, Any], key: str, where: Message | None) -> date:
        value = self.required(mapping, key, where)
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(mapping, key, where, msg("'{field}' must be a date like 2026-09-01 (got '{value}')",
                                                     field=key, value=value)) from None
