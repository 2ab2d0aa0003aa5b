"""Freeze a stored quote or production order into the plain snapshot its document is rendered from.

Everything is put into the customer's language here (labels from each line's own model version, values with
their units, price breakdown lines explained), so the renderers only lay out text and numbers. What a customer
sees is chosen here too: the price of each value whose attribute the model marks ``show_on_quote``, the marked
surcharges, the line's discounts by name, an ear-tag series as its range ("70101–70140") and the quote's
parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from configurator.core.catalogue.errors import CatalogueError
from configurator.core.catalogue.quote_records import ProductionSpec, QuoteRecord, QuoteRevisionRecord
from configurator.core.documents import snapshot as snap
from configurator.core.engine.describe import format_value, unit_label
from configurator.core.i18n import msg, translate
from configurator.core.model import schema as s
from configurator.core.model.computed import with_computed
from configurator.core.model.nodes import attributes_used
from configurator.core.numbers import format_percent
from configurator.core.pricing.money import basis_points_to_percent, format_number, from_ore
from configurator.core.pricing.price import LinePrice, quote_totals
from configurator.core.quoting import production
from configurator.core.quoting.frozen import company_block, company_data, customer_data, party_block
from configurator.core.quoting.messages import status_text
from configurator.core.quoting.models import StoredModel
from configurator.core.quoting.service import QuoteError, QuoteService


def specification(model: s.ProductModel, values: Mapping[str, Any], language: str,
                  price: LinePrice | None = None) -> tuple[snap.SpecItem, ...]:
    """Every attribute a user chose or that has a value shown to them, in the model's step order.

    With ``price``, a value whose attribute is marked ``show_on_quote`` carries its price line's amount. A number
    series (ear tags) is shown as its range in place of the number it starts from.
    """
    ordered = [a for step in model.steps for a in step.attributes]
    ordered += [a.id for a in model.attributes if a.id not in ordered and not a.is_computed]
    series = _series_items(model, values, language)
    items = []
    for attr_id in ordered:
        if attr_id in series:
            range_item = series[attr_id]
            if range_item is not None:
                items.append(range_item)
            continue
        value = values.get(attr_id)
        if value is None or value == "":
            continue
        attribute = model.attribute(attr_id)
        amount = _shown_amount(attribute, value, price) if price is not None and attribute.show_on_quote else None
        items.append(snap.SpecItem(attribute.label.get(language), format_value(model, attr_id, value, language),
                                   amount, attr_id, _code(value)))
    return tuple(items)


def _code(value: Any) -> str:
    """A value as stored, for machines: an option id, "true"/"false", a number in plain notation."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def key_items(model: s.ProductModel, values: dict[str, Any], language: str,
              limit: int = 6) -> tuple[snap.SpecItem, ...]:
    """The values of the attributes the model marks ``key`` (a series as its range), in step order; for a model
    that marks none, its first ``limit`` values. What a list of quote lines shows of each line."""
    items = specification(model, values, language)
    keys = {model.attribute(a.id).label.get(language) for a in model.attributes if a.key}
    series = _series_items(model, values, language)
    if any(model.attribute(attr_id).key for attr_id in series):  # a key number of a series: the whole range
        keys |= {item.label for item in series.values() if item is not None}
    return tuple(item for item in items if item.label in keys) if keys else items[:limit]


def _shown_amount(attribute: s.Attribute, value: Any, price: LinePrice) -> Decimal | None:
    """The amount of the price line the chosen value made (an option's, a true boolean's), if any."""
    if attribute.type == s.CHOICE:
        option = attribute.option(str(value))
        kind, label = "option", option.label if option is not None else None
    else:
        kind, label = "boolean", attribute.label if value is True else None
    return next((line.amount for line in price.unit_lines if line.kind == kind and line.label == label), None)


def _series_items(model: s.ProductModel, values: Mapping[str, Any], language: str) -> dict[str, snap.SpecItem | None]:
    """For each number series: the attribute it starts from (or the chosen numbers that start is computed from)
    mapped to one item showing the whole range, "70101–70140"; further such attributes to None (left out)."""
    shown: dict[str, snap.SpecItem | None] = {}
    every = with_computed(values, model)
    for field in model.production.fields:
        if field.type != "number_series":
            continue
        start, count = every.get(field.params["start"]), every.get(field.params["count"])
        if not isinstance(start, int | Decimal) or not isinstance(count, int | Decimal) or isinstance(start, bool):
            continue
        digits = int(field.params["digits"])
        first, last = int(start), int(start) + int(count) - 1
        item = snap.SpecItem(field.label.get(language), f"{first:0{digits}d}–{last:0{digits}d}", id=field.id,
                             code=f"{first}-{last}")
        start_attribute = model.attribute(field.params["start"])
        sources = [start_attribute.id] if not start_attribute.is_computed or start_attribute.expr is None else [
            a.id for a in model.chosen_attributes
            if a.id in attributes_used(start_attribute.expr.node) and a.type == s.INTEGER]
        for index, attr_id in enumerate(sources):
            shown[attr_id] = item if index == 0 else None
    return shown


def quote_snapshot(service: QuoteService, number: str, letter: str | None = None,
                   language: str | None = None) -> snap.QuoteSnapshot:
    quote = service.quote(number)
    revision = quote.revision(letter) if letter else quote.current
    if revision is None:
        raise QuoteError(msg("Quote {number} has no revision {letter}.", number=quote.number, letter=letter))
    customer = service.customer(quote.customer_id)
    frozen = revision.frozen  # a sent revision shows what was sent, whatever the settings and register say now
    language = language or (frozen.customer["language"] if frozen else customer.language)
    lines = tuple(_quote_line(service, line, language) for line in revision.lines)
    items = tuple(snap.QuoteItemSnapshot(item.label.get(language), item.quantity, item.unit, item.unit_price,
                                         item.total) for item in service.quote_items(quote.number, revision.letter)
                  if item.unit_price is not None)  # an item without a price is for the production order only
    vat_percent = frozen.vat_percent if frozen else service.settings.vat_percent
    totals = quote_totals([line.line_total for line in lines] + [item.total for item in items],
                          discount_bp=revision.discount_basis_points, vat_percent=vat_percent)
    terms = frozen.terms.get(language, "") if frozen else service.settings.terms.get(language)
    parameters = frozen.parameters if frozen and frozen.parameters is not None else quote.quote_parameters
    models = [service.models.by_version_id(line.model_version_id).model for line in revision.lines]
    notes = [f.message.render(language) for f in service.rule_findings(quote.number, revision.letter)]
    if revision.note:
        notes.append(revision.note)
    if revision.approved_by:
        notes.append(translate("Discount approved by {manager}.", language, manager=revision.approved_by))
    return snap.QuoteSnapshot(
        language=language, number=quote.number, revision=revision.letter,
        status=status_text(revision.status).render(language), issued=_issued(quote, revision),
        valid_until=revision.valid_until, salesperson=quote.salesperson,
        company=company_block(frozen.company if frozen else company_data(service.settings)),
        customer=party_block(frozen.customer if frozen else customer_data(customer)), lines=lines,
        subtotal=totals.subtotal,
        discount_percent=basis_points_to_percent(revision.discount_basis_points), discount=totals.discount,
        total_ex_vat=from_ore(revision.total_ex_vat_ore) if revision.lines else totals.total_ex_vat,
        vat_percent=totals.vat_percent, vat=from_ore(revision.vat_ore) if revision.lines else totals.vat,
        total_inc_vat=from_ore(revision.total_inc_vat_ore) if revision.lines else totals.total_inc_vat,
        notes=tuple(notes), terms=terms, parameters=parameter_items(models, parameters, language),
        show_breakdown=service.settings.quote.show_breakdown, items=items,
    )


def parameter_items(models: list[s.ProductModel], values: Mapping[str, Any],
                    language: str) -> tuple[snap.SpecItem, ...]:
    """The quote parameters the lines' models ask (each once, in the models' order) with their values."""
    items: list[snap.SpecItem] = []
    seen: set[str] = set()
    for model in models:
        for parameter in model.quote_parameters:
            value = values.get(parameter.id, parameter.default)
            if parameter.id in seen or value is None:
                continue
            seen.add(parameter.id)
            items.append(snap.SpecItem(parameter.label.get(language), _parameter_text(parameter, value, language),
                                       id=parameter.id, code=_code(value)))
    return tuple(items)


def _parameter_text(parameter: s.Attribute, value: Any, language: str) -> str:
    if parameter.type == s.BOOLEAN or isinstance(value, bool):
        return translate("yes", language) if value else translate("no", language)
    if parameter.type == s.CHOICE:
        option = parameter.option(str(value))
        return option.label.get(language) if option is not None else str(value)
    unitless = parameter.unit in ("1", "")  # a year or an identifier: never grouped
    number = format_number(value, language, grouping=not unitless) if isinstance(value, int | Decimal) \
        else str(value)
    if unitless:
        return number
    return translate("{number} {unit}", language, number=number, unit=unit_label(parameter.unit, language))






def _issued(quote: QuoteRecord, revision: QuoteRevisionRecord) -> Any:
    return (revision.sent_at or revision.created_at or quote.created_at).date()


RESTORE_HINT = msg("Restore the database file from your last backup (README: \"Where Skredder keeps its data\").")


def stored_price(line: Any) -> LinePrice:
    """A line's stored price; a damaged one (edited by hand, a broken disk) is a plain CatalogueError."""
    try:
        return LinePrice.from_json(line.price_breakdown)
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError, RecursionError) as error:
        raise CatalogueError(msg("The stored price of quote line {position} is damaged ({detail}). {hint}",
                                 position=getattr(line, "position", "?"), detail=str(error)[:200],
                                 hint=RESTORE_HINT)) from None


def _quote_line(service: QuoteService, line: Any, language: str) -> snap.QuoteLineSnapshot:
    stored = service.models.by_version_id(line.model_version_id)
    price = stored_price(line)
    breakdown = tuple(snap.PriceItem(item.describe(language), item.amount)
                      for item in (*price.unit_lines, *price.discount_lines))
    percents = [(item, Decimal(item.detail.params["percent"])) for item in price.discount_lines
                if item.detail is not None and "percent" in item.detail.params]
    shown = {surcharge.label for surcharge in stored.model.pricing.surcharges if surcharge.show_on_quote}
    return snap.QuoteLineSnapshot(
        position=line.position, product=stored.model.name.get(language), model_version=stored.version.version,
        specification=specification(stored.model, line.configuration.values, language, price),
        quantity=line.quantity, unit_price=from_ore(line.unit_price_ore), line_total=from_ore(line.line_total_ore),
        breakdown=breakdown, preview_png=line.preview_png,
        discount_percent=sum((percent for _, percent in percents), Decimal(0)),
        discounts=tuple(f"{item.label.get(language)} {format_percent(percent, language)}"
                        for item, percent in percents),
        surcharges=tuple(snap.PriceItem(item.label.get(language), item.amount) for item in price.unit_lines
                         if item.kind == "surcharge" and item.label in shown),
    )


def _field_items(model: s.ProductModel, spec: ProductionSpec, language: str) -> tuple[snap.SpecItem, ...]:
    labels = {f.id: f.label.get(language) for f in model.production.fields}
    items = []
    for field in spec.fields:
        if field.type == "number_series":
            digits = int(field.digits or 0)
            first, last = int(field.start or 0), int(field.start or 0) + int(field.count or 0) - 1
            value, code = f"{first:0{digits}d}–{last:0{digits}d}", f"{first}-{last}"
        elif field.value in (None, ""):
            continue
        else:
            # a field's number has no unit: a code, a year or an identifier, never grouped
            value = format_number(field.value, language, grouping=False) \
                if isinstance(field.value, int | Decimal) else str(field.value)
            code = _code(field.value)
        items.append(snap.SpecItem(labels.get(field.id, field.id), value, id=field.id, code=code))
    return tuple(items)


def order_snapshot(service: QuoteService, number: str, language: str | None = None) -> snap.OrderSnapshot:
    order = service.order(number)
    quote = service.quote_of_order(order)
    revision = next(r for r in quote.revisions if r.id == order.revision_id)
    customer = service.customer(quote.customer_id)
    party = revision.frozen.customer if revision.frozen else customer_data(customer)  # what was accepted
    language = language or party["language"]
    quote_lines = {line.id: line for line in revision.lines}
    models = [service.models.by_version_id(line.model_version_id).model for line in revision.lines]
    lines = []
    for order_line in order.lines:
        quote_line = quote_lines[order_line.quote_line_id]
        stored = service.models.by_version_id(quote_line.model_version_id)
        lines.append(_order_line(f"{order.number}/{order_line.position}", stored, order_line.specification,
                                 quote_line.preview_png, language))
    return snap.OrderSnapshot(
        language=language, number=order.number, quote_number=quote.number, revision=revision.letter,
        created=order.created_at.date(), delivery_date=order.delivery_date,
        company=company_block(company_data(service.settings)),
        customer=party_block(party), delivery=party_block(party, delivery=True),
        lines=tuple(lines),
        notes=(revision.note,) if revision.note else (),
        parameters=parameter_items(models, revision.frozen.parameters
                                   if revision.frozen and revision.frozen.parameters is not None
                                   else quote.quote_parameters, language),
        bom=tuple(snap.BomRow(item.item, item.label.get(language), item.quantity, item.unit, id=item.id)
                  for item in service.quote_items(quote.number, revision.letter) if item.item is not None),
    )


def _order_line(reference: str, stored: StoredModel, spec: ProductionSpec, preview: bytes | None,
                language: str) -> snap.OrderLineSnapshot:
    """One order line; ``reference`` is "O-2026-00001/1" (order number / position), what its QR code holds."""
    model = stored.model
    position = int(reference.rsplit("/", 1)[1])
    bom_labels = {b.id: b.label.get(language) for b in model.production.bom}
    cut_labels = {c.id: c.label.get(language) for c in model.production.cut_list}
    series = spec.series
    return snap.OrderLineSnapshot(
        position=position, qr_payload=f"SKREDDER {reference}", product=model.name.get(language), family=model.family,
        model_version=stored.version.version, quantity=spec.quantity,
        specification=specification(model, spec.values, language),
        fields=_field_items(model, spec, language),
        bom=tuple(snap.BomRow(b.item, bom_labels.get(b.id, b.id), b.quantity, unit_label(b.unit, language), b.id)
                  for b in spec.bom),
        cut_list=tuple(snap.CutRow(cut_labels.get(c.id, c.id), c.material, c.length_mm, c.count, c.id, c.width_mm,
                                   c.thickness_mm, c.edge_long, c.edge_short, c.edge_material)
                       for c in spec.cut_list),
        tags=tuple(snap.TagRow(t.number, t.printed, t.eid, t.inside) for t in production.tags(series))
        if series else (),
        holding_id=series.holding_id if series else "", preview_png=preview,
    )
