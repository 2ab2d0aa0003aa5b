"""Translations for every text the core shows a user (also in PDFs and error messages).

English is the source language: messages are written in English in the code and looked up in the
Norwegian bokmål catalogue ``resources/i18n/nb.po`` (read with Babel). A message is kept as a
:class:`Message` (its id and parameters) until it is shown, so the same error can be rendered in
the language of whoever reads it. Messages are whole sentences with named placeholders; no text shown
to a user is put together from translated fragments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

Language = Literal["nb", "en"]  # the languages every user-facing text exists in
LANGUAGES: tuple[Language, ...] = ("nb", "en")
DEFAULT_LANGUAGE = "nb"
RESOURCES = Path(__file__).resolve().parents[2] / "resources"
CATALOGUE_DIR = RESOURCES / "i18n"


@cache
def _catalogue(language: str) -> dict[str, str]:
    """The translations of one language: msgid -> text (empty for English, the source language)."""
    if language == "en":
        return {}
    from babel.messages.pofile import read_po

    path = CATALOGUE_DIR / f"{language}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


def translate(msgid: str, language: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """Translate ``msgid`` into ``language`` and fill in its ``{placeholders}``."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    text = _catalogue(language).get(msgid, msgid)
    return text.format(**params)  # always: a literal brace is written {{ }} in every text


def plural_msgid(one: str, other: str, count: int) -> str:
    """The msgid of a counted text: ``one`` for exactly 1, ``other`` for any other count (0, 2, 21 ...).

    Bokmål and English share this rule, so each form is its own msgid in ``nb.po``."""
    return one if count == 1 else other


def ntranslate(one: str, other: str, count: int, language: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """A counted text in ``language`` ("1 problem found" / "2 problems found"); ``{count}`` is ``count``
    unless given (e.g. already formatted)."""
    params.setdefault("count", count)
    return translate(plural_msgid(one, other, count), language, **params)


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(day: date, language: str) -> str:
    """A date as its reader writes it: ``25.11.2026`` (nb) / ``25 Nov 2026`` (en)."""
    if language == "nb":
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def N_(msgid: str) -> str:
    """Mark a string for translation without translating it (it is translated when shown)."""
    return msgid


@dataclass(frozen=True)
class Message:
    """A translatable message with its parameters, rendered in a language when shown."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        params = {k: v.render(language) if isinstance(v, Message) else v for k, v in self.params.items()}
        return translate(self.msgid, language, **params)

    def __str__(self) -> str:
        return self.render("en")


def msg(msgid: str, /, **params: Any) -> Message:
    """Build a :class:`Message`; the first argument is the English text (found by the catalogue test)."""
    return Message(msgid, params)


def nmsg(one: str, other: str, count: int, /, **params: Any) -> Message:
    """A counted :class:`Message` in the form ``count`` needs (both forms are found by the catalogue test)."""
    params.setdefault("count", count)
    return Message(plural_msgid(one, other, count), params)


@dataclass(frozen=True)
class Text:
    """A text written in the model in both languages (``{nb: ..., en: ...}``)."""

    nb: str
    en: str

    def get(self, language: str = DEFAULT_LANGUAGE) -> str:
        return self.nb if language == "nb" else self.en

    def as_dict(self) -> dict[str, str]:
        return {"nb": self.nb, "en": self.en}
