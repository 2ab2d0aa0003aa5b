"""A quote or an order as plain text (for the command line), made from the same snapshots as the PDFs."""

from __future__ import annotations

from datetime import datetime

from configurator.core.documents.snapshot import CutRow, OrderSnapshot, QuoteSnapshot
from configurator.core.i18n import translate
from configurator.core.numbers import format_percent
from configurator.core.pricing.money import format_money, format_number
from configurator.core.quoting.service import QuoteService, local_time
from configurator.core.quoting.snapshots import order_snapshot, quote_snapshot


def quote_text(service: QuoteService, number: str, letter: str | None, language: str) -> str:
    snapshot = quote_snapshot(service, number, letter, language)
    quote = service.quote(number)
    revision = quote.revision(snapshot.revision)
    assert revision is not None
    lines = [translate("Quote {number} revision {letter} ({status}), {customer}", language, number=snapshot.number,
                       letter=snapshot.revision, status=snapshot.status, customer=snapshot.customer.name),
             translate("Valid until {date}; salesperson {name}", language, date=snapshot.valid_until.isoformat(),
                       name=snapshot.salesperson or "-")]
    if revision.is_editable:  # what `--if-version` and a second editor go by
        lines.append(_version_text(revision.version, revision.changed_by, revision.changed_at, language))
    others = [r.letter for r in quote.revisions if r.letter != snapshot.revision]
    if others:
        lines.append(translate("Other revisions: {letters}", language, letters=", ".join(others)))
    lines.extend(_quote_lines(snapshot))
    lines.extend(_totals(snapshot))
    if revision.needs_approval:
        lines.append(translate("Needs a manager's approval (discount above the limit): approved by {manager}",
                               language, manager=revision.approved_by) if revision.approved_by else
                     translate("Needs a manager's approval (discount above the limit): not approved yet", language))
    lines.extend(f"! {note}" for note in snapshot.notes)
    return "\n".join(lines)


def _version_text(version: int, changed_by: str, changed_at: datetime | None, language: str) -> str:
    if changed_at is None:
        return translate("Version {version}", language, version=version)
    return translate("Version {version}, last changed by {name} ({when})", language, version=version,
                     name=changed_by or "-", when=local_time(changed_at, language))


def _quote_lines(snapshot: QuoteSnapshot) -> list[str]:
    language = snapshot.language
    out = []
    for line in snapshot.lines:
        out.append("")
        gross = line.unit_price * line.quantity
        if gross == line.line_total:
            out.append(translate("{position}. {product} ({version}): {quantity} × {price} = {total}", language,
                                 position=line.position, product=line.product, version=line.model_version,
                                 quantity=line.quantity, price=format_money(line.unit_price, language),
                                 total=format_money(line.line_total, language)))
        else:  # the line's discounts (listed below) come off the gross line
            out.append(translate("{position}. {product} ({version}): {quantity} × {price}, less discounts "
                                 "{discount} = {total}", language, position=line.position, product=line.product,
                                 version=line.model_version, quantity=line.quantity,
                                 price=format_money(line.unit_price, language),
                                 discount=format_money(line.line_total - gross, language),
                                 total=format_money(line.line_total, language)))
        out.extend(f"     {item.label}: {item.value}" for item in line.specification)
        out.extend(f"     · {item.text}" for item in line.breakdown)
    if snapshot.items:
        out += ["", translate("For the whole quote", language)]
        out.extend(translate("  {label}: {quantity} × {price} = {total}", language, label=item.label,
                             quantity=f"{format_number(item.quantity, language)} {item.unit}".strip(),
                             price=format_money(item.unit_price, language),
                             total=format_money(item.total, language)) for item in snapshot.items)
    out.append("")
    return out


def _totals(snapshot: QuoteSnapshot) -> list[str]:
    language = snapshot.language
    out = [translate("Subtotal: {amount}", language, amount=format_money(snapshot.subtotal, language))]
    if snapshot.discount:
        out.append(translate("Quote discount {percent}: {amount}", language,
                             percent=format_percent(snapshot.discount_percent, language),
                             amount=format_money(-snapshot.discount, language)))
    out.append(translate("Total excl. VAT: {amount}", language, amount=format_money(snapshot.total_ex_vat, language)))
    out.append(translate("VAT {percent}: {amount}", language, percent=format_percent(snapshot.vat_percent, language),
                         amount=format_money(snapshot.vat, language)))
    out.append(translate("Total incl. VAT: {amount}", language,
                         amount=format_money(snapshot.total_inc_vat, language)))
    return out


def order_text(service: QuoteService, number: str, language: str) -> str:
    snapshot: OrderSnapshot = order_snapshot(service, number, language)
    delivery = snapshot.delivery_date.isoformat() if snapshot.delivery_date else "-"
    out = [translate("Production order {order} from quote {number} revision {letter}, {customer}; delivery {date}",
                     language, order=snapshot.number, number=snapshot.quote_number, letter=snapshot.revision,
                     customer=snapshot.customer.name, date=delivery)]
    for line in snapshot.lines:
        out.append("")
        out.append(f"{line.position}. {line.product} × {line.quantity}")
        out.extend(f"     {item.label}: {item.value}" for item in (*line.specification, *line.fields))
        out.extend(f"     [{row.item}] {row.label}: {format_number(row.quantity, language)} {row.unit}"
                   for row in line.bom)
        out.extend(f"     ✂ {row.label} ({row.material}): {row.count} × {_cut_size(row, language)}"
                   for row in line.cut_list)
    return "\n".join(out)


def _cut_size(row: CutRow, language: str) -> str:
    """``1200 mm`` for a bar, ``720 × 560 × 18 mm`` for a panel (length × width × thickness)."""
    sizes = [row.length_mm, *(v for v in (row.width_mm, row.thickness_mm) if v is not None)]
    return " × ".join(format_number(v, language) for v in sizes) + " mm"
