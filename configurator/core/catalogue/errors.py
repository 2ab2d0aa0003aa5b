"""Errors raised by the catalogue: what went wrong with stored data, in words a user can act on."""

from __future__ import annotations

from configurator.core.i18n import DEFAULT_LANGUAGE, Message


class CatalogueError(Exception):
    """Something about the stored catalogue is not as expected (e.g. a model version must be bumped).

    Carries a translatable :class:`Message` when the text is meant for a user; ``render`` gives it in
    their language."""

    def __init__(self, message: str | Message) -> None:
        super().__init__(str(message))
        self.message = message

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        return self.message.render(language) if isinstance(self.message, Message) else str(self.message)


class DatabaseError(CatalogueError):
    """The database cannot be opened or upgraded (unreadable file, unknown newer schema, ...)."""
