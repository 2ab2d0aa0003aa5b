"""Texts built from values: item numbers and material texts such as ``RAMME-{frame_material.code}-{frame_size}``.

A template is literal text with ``{EXPRESSION}`` placeholders (``{{`` and ``}}`` are literal braces). Each
placeholder is an expression of the model, checked when the model is read; on a production order it is replaced
by its value: an option's id for a choice, a number without trailing zeros (``18``, ``2.5``), a text as it is,
``true``/``false``. Nothing is executed: the expressions are the model's own checked expression language.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from configurator.core.i18n import Message, msg
from configurator.core.model import evaluate as ev
from configurator.core.model.expr import ExprError, Scope, compile_expression
from configurator.core.model.schema import Expression, TemplatePart

MAX_PLACEHOLDERS = 20


class TemplateError(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def split_template(text: str) -> list[tuple[bool, str]]:
    """The pieces of ``text``: (False, literal) and (True, expression source); raises :class:`TemplateError`."""
    pieces: list[tuple[bool, str]] = []
    literal: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if text.startswith("{{", index) or text.startswith("}}", index):
            literal.append(char)
            index += 2
            continue
        if char == "}":
            raise TemplateError(msg("a '}}' without its '{{' in '{text}' (write '}}}}' for a brace)", text=text))
        if char != "{":
            literal.append(char)
            index += 1
            continue
        end = text.find("}", index + 1)
        if end < 0:
            raise TemplateError(msg("a '{{' without its '}}' in '{text}' (write '{{{{' for a brace)", text=text))
        source = text[index + 1:end].strip()
        if not source:
            raise TemplateError(msg("an empty placeholder '{{}}' in '{text}'", text=text))
        if literal:
            pieces.append((False, "".join(literal)))
            literal = []
        pieces.append((True, source))
        index = end + 1
    if literal:
        pieces.append((False, "".join(literal)))
    if sum(1 for is_expr, _ in pieces if is_expr) > MAX_PLACEHOLDERS:
        raise TemplateError(msg("'{text}' has more than {limit} placeholders", text=text[:60], limit=MAX_PLACEHOLDERS))
    return pieces


def compile_template(text: str, scope: Scope) -> tuple[TemplatePart, ...]:
    """The parts of a template, each placeholder compiled; () for a text without placeholders."""
    pieces = split_template(text)
    if not any(is_expr for is_expr, _ in pieces):
        return ()
    parts: list[TemplatePart] = []
    for is_expr, source in pieces:
        if not is_expr:
            parts.append(source)
            continue
        try:
            node = compile_expression(source, scope)
        except ExprError as exc:
            raise TemplateError(msg("in the placeholder '{{{placeholder}}}': {problem}", placeholder=source,
                                    problem=exc.message)) from None
        parts.append(Expression(source, node))
    return tuple(parts)


def shown_value(value: Any) -> str:
    """A value as a template writes it: ``18`` (not 18.000), ``oak``, ``true``."""
    if value is None:
        return "?"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int):
        number = Decimal(value).normalize()
        return format(number.quantize(Decimal(1)) if number == number.to_integral_value() else number, "f")
    return str(value)


def render_template(written: str, parts: tuple[TemplatePart, ...], env: ev.Env) -> str:
    """The text of a template over the values of ``env`` (``written`` itself when it has no placeholders)."""
    if not parts:
        return written.replace("{{", "{").replace("}}", "}")
    return "".join(part if isinstance(part, str) else shown_value(ev.evaluate(part.node, env)) for part in parts)
