"""Validation of a model's ``preview``: image layers, a named drawing, or shapes placed by expressions."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from configurator.core.i18n import Message, msg
from configurator.core.model import schema as s
from configurator.core.model.expr import Kind, source_text
from configurator.core.model.reader import COLOUR_PATTERN, Invalid

if TYPE_CHECKING:
    from configurator.core.model.validate import ModelValidator

DRAWINGS = ("window", "chair", "ear_tag", "chimney_cap")
SHAPE_KEYS = ("when", "fill", "stroke", "width", "size")
MAX_SHAPES = 500
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
PLACES = {"rect": msg("[x, y, width, height]"), "box": msg("[x, y, width, height, depth]"),
          "circle": msg("[x, y, radius]"), "line": msg("[x1, y1, x2, y2]"), "text": msg("[x, y]")}


def read_preview(v: ModelValidator, doc: dict[str, Any]) -> s.Preview | None:
    if doc.get("preview") is None:
        return None
    where = msg("preview")
    preview = v.mapping(doc, "preview", where, doc["preview"])
    kind = v.text(preview, "kind", where)
    size = _size(v, preview, where)
    if kind == "layers":
        v.check_keys(preview, ("kind", "size", "layers"), where)
        layers = []
        for container, index, raw in v.items(preview, "layers", where, required=True):
            try:
                layers.append(_layer(v, v.mapping(container, index, where, raw), where))
            except Invalid:
                continue
        return s.Preview("layers", size, layers=tuple(layers))
    if kind == "drawing":
        v.check_keys(preview, ("kind", "size", "drawing", "parameters"), where)
        drawing = v.text(preview, "drawing", where)
        if drawing not in DRAWINGS:
            raise v.fail(preview, "drawing", where, msg("unknown drawing '{name}' (known: {known})", name=drawing,
                                                        known=", ".join(DRAWINGS)))
        raw = preview.get("parameters") or {}
        parameters = v.mapping(preview, "parameters", where, raw)
        compiled = {}
        for name in parameters:
            expression = v.optional_expression(parameters, name, where, v.scope())
            if expression is not None:
                compiled[str(name)] = expression
        return s.Preview("drawing", size, drawing=drawing, parameters=compiled)
    if kind == "shapes":
        return _shapes(v, preview, size, where)
    raise v.fail(preview, "kind", where, msg("'kind' must be 'layers', 'drawing' or 'shapes' (got '{value}')",
                                             value=kind))


def _size(v: ModelValidator, preview: dict[str, Any], where: Message) -> tuple[int, int]:
    raw = preview.get("size", [480, 480])
    if (not isinstance(raw, list) or len(raw) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) and 16 <= n <= 4096 for n in raw)):
        raise v.fail(preview, "size", where, msg("'size' must be [width, height] in pixels, each 16 to 4096"))
    return (raw[0], raw[1])


def _layer(v: ModelValidator, entry: dict[str, Any], where: Message) -> s.Layer:
    v.check_keys(entry, ("image", "when", "tint", "scale", "offset"), where)
    v.required(entry, "image", where)
    image = v.image(entry, "image", where)
    assert image is not None
    when = v.optional_expression(entry, "when", where, v.scope(), Kind.BOOL)
    tint = v.text(entry, "tint", where, required=False)
    if tint is not None:
        attribute = v.attributes.get(tint)
        if attribute is None or attribute.type != s.CHOICE:
            raise v.fail(entry, "tint", where, msg("'tint' must name a choice whose options have colours (got "
                                                   "'{value}')", value=tint))
        if any(o.colour is None for o in attribute.options):
            raise v.fail(entry, "tint", where, msg("every option of '{id}' needs a 'colour' to tint with", id=tint))
    scale = v.optional_expression(entry, "scale", where, v.scope(), Kind.NUM)
    offset = None
    if entry.get("offset") is not None:
        pair = _numbers(v, entry, "offset", where, count=2, shape=msg("[right, down] in pixels"))
        offset = (pair[0], pair[1])
    return s.Layer(image, when, tint, scale, offset)


# ------------------------------------------------------------------ shapes


def _shapes(v: ModelValidator, preview: dict[str, Any], size: tuple[int, int], where: Message) -> s.Preview:
    v.check_keys(preview, ("kind", "size", "extent", "shapes"), where)
    v.required(preview, "extent", where)
    pair = _numbers(v, preview, "extent", where, count=2, shape=msg("[width, height] in model units"))
    shapes: list[s.Shape] = []
    entries = v.items(preview, "shapes", where, required=True)
    if len(entries) > MAX_SHAPES:
        raise v.fail(preview, "shapes", where, msg("a preview may have at most {limit} shapes (got {count})",
                                                   limit=MAX_SHAPES, count=len(entries)))
    for container, index, raw in entries:
        try:
            shapes.append(_shape(v, v.mapping(container, index, where, raw), where))
        except Invalid:
            continue
    return s.Preview("shapes", size, shapes=tuple(shapes), extent=(pair[0], pair[1]))


def _shape(v: ModelValidator, entry: dict[str, Any], where: Message) -> s.Shape:
    kinds = [key for key in s.SHAPE_KINDS if key in entry]
    if len(kinds) != 1:
        raise v.fail(entry, None, where, msg("a shape needs exactly one of: {kinds}", kinds=", ".join(s.SHAPE_KINDS)))
    kind = kinds[0]
    v.check_keys(entry, (kind, "at", *SHAPE_KEYS) if kind == "text" else (kind, *SHAPE_KEYS[:4]), where)
    text: tuple[str | s.Expression, ...] = ()
    size = None
    if kind == "text":
        v.required(entry, "at", where)
        place = _numbers(v, entry, "at", where, count=2, shape=PLACES["text"])
        text = _template(v, entry, "text", where)
        size = v.optional_expression(entry, "size", where, v.scope(), Kind.NUM)
    else:
        place = _numbers(v, entry, kind, where, count=s.SHAPE_KINDS[kind], shape=PLACES[kind])
    fill = _colour(v, entry, "fill", where)
    stroke = _colour(v, entry, "stroke", where, none=True)
    width = v.number(entry, "width", where, required=False, minimum=Decimal(0))
    if width is not None and width > 100:
        raise v.fail(entry, "width", where, msg("'width' must be 0 to 100 picture units (got {value})", value=width))
    when = v.optional_expression(entry, "when", where, v.scope(), Kind.BOOL)
    return s.Shape(kind, place, fill, stroke, Decimal(2) if width is None else width, when, text, size)


def _numbers(v: ModelValidator, entry: dict[str, Any], key: str, where: Message, *, count: int,
             shape: Message) -> tuple[s.Expression, ...]:
    """A list of ``count`` numeric expressions (each a number or an expression text)."""
    raw = entry.get(key)
    if not isinstance(raw, list) or len(raw) != count:
        raise v.fail(entry, key, where, msg("'{field}' must be a list of {count} numbers or expressions: {shape}",
                                            field=key, count=count, shape=shape))
    expressions = []
    for index in range(count):
        expressions.append(_expression(v, raw, index, where, value=raw[index], expect=Kind.NUM))
    return tuple(expressions)


def _expression(v: ModelValidator, container: Any, key: Any, where: Message, *, value: Any,
                expect: Kind | None = None) -> s.Expression:
    """``value`` (in ``container`` at ``key``) compiled as an expression; errors point at that entry."""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise v.fail(container, key, where, msg("'{value}' must be a number or an expression", value=value))
    return v.compiled(container, key, where, source_text(value), scope=v.scope(), expect=expect)


def _template(v: ModelValidator, entry: dict[str, Any], key: str, where: Message) -> tuple[str | s.Expression, ...]:
    """A text with ``{expression}`` parts (``{{`` and ``}}`` for braces)."""
    raw = v.text(entry, key, where)
    assert raw is not None
    parts: list[str | s.Expression] = []
    position = 0
    for match in PLACEHOLDER.finditer(raw):
        if match.start() > position:
            parts.append(raw[position:match.start()])
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            parts.append(token[0])
        elif token in ("{", "}"):
            raise v.fail(entry, key, where, msg("'{field}' has an unpaired '{brace}' (write {brace}{brace} for "
                                                "the brace itself)", field=key, brace=token))
        else:
            parts.append(_expression(v, entry, key, where, value=match.group(1).strip()))
    if position < len(raw):
        parts.append(raw[position:])
    return tuple(parts)


def _colour(v: ModelValidator, entry: dict[str, Any], key: str, where: Message, *, none: bool = False
            ) -> str | None:
    value = v.text(entry, key, where, required=False)
    if value is None or (none and value == "none") or COLOUR_PATTERN.match(value):
        return value
    attribute = v.attributes.get(value)
    if attribute is not None and attribute.type == s.CHOICE and not none:
        if any(o.colour is None for o in attribute.options):
            raise v.fail(entry, key, where, msg("every option of '{id}' needs a 'colour' to fill with", id=value))
        return value
    if none:
        raise v.fail(entry, key, where, msg("'{field}' must be a colour #rrggbb or none (got '{value}')",
                                            field=key, value=value))
    raise v.fail(entry, key, where, msg("'{field}' must be a colour #rrggbb or a choice whose options have "
                                        "colours (got '{value}')", field=key, value=value))
