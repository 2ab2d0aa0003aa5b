"""Errors of catalogue packages: what is wrong and where (the package, the entry, the line), in nb and en."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from configurator.core.i18n import DEFAULT_LANGUAGE, Message, translate


class _Renders(Protocol):
    def render(self, language: str = ..., /) -> str: ...


class PackageError(Exception):
    """A package (or a key, or an import step) that cannot be used; the database was not changed."""

    def __init__(self, message: Message, where: str | None = None, details: Sequence[_Renders] = ()) -> None:
        super().__init__(message.render("en"))
        self.message = message
        self.where = where
        self.details = tuple(details)  # located problems (model errors), shown after the message

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        text = self.message.render(language)
        if self.where:
            text = translate("{where}: {message}", language, where=self.where, message=text)
        return "\n".join([text, *(d.render(language) for d in self.details)])

    def __str__(self) -> str:
        return self.render("en")
