"""Texts of the quoting code that are made in the reader's language only when shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from configurator.core.i18n import Message, Text, msg


@dataclass(frozen=True)
class LazyText(Message):
    """A text made in the reader's language when shown (model texts, engine explanations)."""

    make: Callable[[str], str] = str

    def render(self, language: str = "nb") -> str:
        return self.make(language)


def lazy(make: Callable[[str], str]) -> Message:
    return LazyText("", make=make)


def model_text(text: Text) -> Message:
    """A model text (nb and en) as a message that renders in the reader's language."""
    return lazy(text.get)


STATUS_TEXTS = {
    "draft": msg("draft"), "sent": msg("sent"), "accepted": msg("accepted"), "rejected": msg("rejected"),
    "expired": msg("expired"), "superseded": msg("superseded"),
}


def status_text(status: str) -> Message:
    return STATUS_TEXTS.get(status, msg("{status}", status=status))
