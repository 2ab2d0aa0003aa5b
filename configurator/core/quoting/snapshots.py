"""Freeze a stored quote or production order into the plain snapshot its document is rendered from.

Everything is put into the customer's language here (labels from each line's own model version, values with
their units, price breakdown lines explained), so the renderers only lay out text and numbers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from configurator.core.catalogue.quote_records import QuoteRecord, QuoteRevisionRecord
from configurator.core.documents import snapshot as snap
from configurator.core.engine.describe import format_value, unit_label
from configurator.core.i18n import msg, translate
from configurator.core.model import schema as s
from configurator.core.pricing.money import basis_points_to_percent, format_number, from_ore
from configurator.core.pricing.price import LinePrice, quote_totals
from configurator.core.quoting import production
from configurator.core.quoting.frozen import company_block, company_data, customer_data, party_block
from configurator.core.quoting.messages import status_text
from configurator.core.quoting.models import StoredModel
from configurator.core.quoting.service import QuoteError, QuoteService


def specification(model: s.ProductModel, values: dict[str, Any], language: str) -> tuple[snap.SpecItem, ...]:
    """Every attribute a user chose or that has a value shown to them, in the model's step order."""
    ordered = [a for step in model.steps for a in step.attributes]
    ordered += [a.id for a in model.attributes if a.id not in ordered and not a.is_computed]
    items = []
    for attr_id in ordered:
        value = values.get(attr_id)
        if value is None or value == "":
            continue
        attribute = model.attribute(attr_id)
        items.append(snap.SpecItem(attribute.label.get(language), format_value(model, attr_id, value, language)))
    return tuple(items)


def quote_snapshot(service: QuoteService, number: str, letter: str | None = None,
                   language: str | None = None) -> snap.QuoteSnapshot:
    quote = service.quote(number)
    revision = quote.revision(letter) if letter else quote.current
    if revision is None:
        raise QuoteError(msg("Quote {number} has no revision {letter}.", number=quote.number, letter=letter))
    customer = service.customer(quote.customer_id)
    frozen = revision.frozen  # a sent revision shows what was sent, whatever the settings and register say now
    language = language or (frozen["customer"]["language"] if frozen else customer.language)
    lines = tuple(_quote_line(service, line, language) for line in revision.lines)
    vat_percent = Decimal(frozen["vat_percent"]) if frozen else service.settings.vat_percent
    totals = quote_totals([line.line_total for line in lines], discount_bp=revision.discount_basis_points,
                          vat_percent=vat_percent)
    terms = frozen["terms"][language] if frozen else service.settings.terms.get(language)
    notes = [f.message.render(language) for f in service.rule_findings(quote.number, revision.letter)]
    if revision.note:
        notes.append(revision.note)
    if revision.approved_by:
        notes.append(translate("Discount approved by {manager}.", language, manager=revision.approved_by))
    return snap.QuoteSnapshot(
        language=language, number=quote.number, revision=revision.letter,
        status=status_text(revision.status).render(language), issued=_issued(quote, revision),
        valid_until=revision.valid_until, salesperson=quote.salesperson,
        company=company_block(frozen["company"] if frozen else company_data(service.settings)),
        customer=party_block(frozen["customer"] if frozen else customer_data(customer)), lines=lines,
        subtotal=totals.subtotal,
        discount_percent=basis_points_to_percent(revision.discount_basis_points), discount=totals.discount,
        total_ex_vat=from_ore(revision.total_ex_vat_ore) if revision.lines else totals.total_ex_vat,
        vat_percent=totals.vat_percent, vat=from_ore(revision.vat_ore) if revision.lines else totals.vat,
        total_inc_vat=from_ore(revision.total_inc_vat_ore) if revision.lines else totals.total_inc_vat,
        notes=tuple(notes), terms=terms,
    )






def _issued(quote: QuoteRecord, revision: QuoteRevisionRecord) -> Any:
    return (revision.sent_at or revision.created_at or quote.created_at).date()


def _quote_line(service: QuoteService, line: Any, language: str) -> snap.QuoteLineSnapshot:
    stored = service.models.by_version_id(line.model_version_id)
    price = LinePrice.from_json(line.price_breakdown)
    breakdown = tuple(snap.PriceItem(item.describe(language), item.amount)
                      for item in (*price.unit_lines, *price.discount_lines))
    return snap.QuoteLineSnapshot(
        position=line.position, product=stored.model.name.get(language), model_version=stored.version.version,
        specification=specification(stored.model, line.configuration["values"], language),
        quantity=line.quantity, unit_price=from_ore(line.unit_price_ore), line_total=from_ore(line.line_total_ore),
        breakdown=breakdown, preview_png=line.preview_png,
    )


def _field_items(model: s.ProductModel, spec: dict[str, Any], language: str) -> tuple[snap.SpecItem, ...]:
    labels = {f.id: f.label.get(language) for f in model.production.fields}
    items = []
    for field in spec["fields"]:
        if field["type"] == "number_series":
            digits = int(field["digits"])
            first, last = int(field["start"]), int(field["start"]) + int(field["count"]) - 1
            value = f"{first:0{digits}d}–{last:0{digits}d}"
        elif field.get("value") in (None, ""):
            continue
        else:
            value = format_number(field["value"], language) if isinstance(field["value"], int | Decimal) \
                else str(field["value"])
        items.append(snap.SpecItem(labels.get(field["id"], field["id"]), value))
    return tuple(items)


def order_snapshot(service: QuoteService, number: str, language: str | None = None) -> snap.OrderSnapshot:
    order = service.order(number)
    with service.database.session() as session:
        from configurator.core.catalogue.quotes import QuoteRepository

        quote = QuoteRepository(session).get_by_id(order.quote_id)
    revision = next(r for r in quote.revisions if r.id == order.revision_id)
    customer = service.customer(quote.customer_id)
    party = revision.frozen["customer"] if revision.frozen else customer_data(customer)  # what was accepted
    language = language or party["language"]
    quote_lines = {line.id: line for line in revision.lines}
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
    )


def _order_line(reference: str, stored: StoredModel, spec: dict[str, Any], preview: bytes | None,
                language: str) -> snap.OrderLineSnapshot:
    """One order line; ``reference`` is "O-2026-00001/1" (order number / position), what its QR code holds."""
    model = stored.model
    position = int(reference.rsplit("/", 1)[1])
    bom_labels = {b.id: b.label.get(language) for b in model.production.bom}
    cut_labels = {c.id: c.label.get(language) for c in model.production.cut_list}
    series = spec.get("series")
    return snap.OrderLineSnapshot(
        position=position, qr_payload=f"SKREDDER {reference}", product=model.name.get(language),
        model_version=stored.version.version, quantity=int(spec["quantity"]),
        specification=specification(model, spec["values"], language),
        fields=_field_items(model, spec, language),
        bom=tuple(snap.BomRow(b["item"], bom_labels.get(b["id"], b["id"]), Decimal(b["quantity"]),
                              unit_label(b["unit"], language)) for b in spec["bom"]),
        cut_list=tuple(snap.CutRow(cut_labels.get(c["id"], c["id"]), c["material"], Decimal(c["length_mm"]),
                                   int(c["count"])) for c in spec["cut_list"]),
        tags=tuple(snap.TagRow(t.number, t.printed, t.eid, t.inside) for t in production.tags(series))
        if series else (),
        holding_id=series["holding_id"] if series else "", preview_png=preview,
    )
