"""Model errors: what is wrong and where (file, line, field), in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from configurator.core.i18n import DEFAULT_LANGUAGE, Message, translate


@dataclass(frozen=True)
class ModelError:
    """One problem in a product model."""

    file: str
    line: int | None
    where: Message | None  # the field, e.g. "rule 'escape-clear-opening'"
    message: Message

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        location = self.file if self.line is None else f"{self.file}:{self.line}"
        text = self.message.render(language)
        if self.where is not None:
            text = translate("{where}: {message}", language, where=self.where.render(language), message=text)
        return f"{location}: {text}"

    def __str__(self) -> str:
        return self.render("en")


class ModelErrors(Exception):
    """Raised when a model cannot be loaded; carries every problem found."""

    def __init__(self, errors: list[ModelError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        return "\n".join(e.render(language) for e in self.errors)
