"""Open quotes after a catalogue update: each line of every draft and sent quote checked against the new catalogue.

A line is *unchanged*, *price only* (old → new unit price) or *no longer valid*: the choices that were withdrawn
or are now forbidden (with the engine's explanation) and the nearest valid configuration — the engine's repair
with the fewest changes, then the smallest price difference. Nothing is written: quotes stay pinned to their
model versions until the salesperson moves one (:func:`move_quote`, a new revision, never silently), or decides
to keep its old prices (:func:`keep_old_prices`, stored: the next re-check shows the decision instead of asking
again, until a still newer version comes; :func:`undo_kept_prices` forgets it).
Accepted quotes and orders are never looked at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from configurator.core.i18n import N_, Message, format_date, msg, translate

if TYPE_CHECKING:
    from configurator.core.catalogue.db import Database
    from configurator.core.quoting.models import StoredModel

OPEN_STATUSES = ("draft", "sent")


@dataclass(frozen=True)
class LineCheck:
    number: str
    position: int
    family: str
    status: str  # "unchanged" | "price" | "invalid" | "withdrawn"
    old_unit: Decimal
    new_unit: Decimal | None = None
    reasons: tuple[Message, ...] = ()
    proposal: dict[str, Any] | None = field(default=None, hash=False)  # the repaired choices
    new_version_id: int | None = None
    kept_by: str | None = None  # "keep the old prices" was decided for new_version_id: by whom (None: not decided)
    kept_on: date | None = None

    @property
    def open(self) -> bool:
        """The line waits for a decision: it changed and its old prices were not kept."""
        return self.status != "unchanged" and self.kept_by is None


def _price(stored: StoredModel, values: Mapping[str, Any], today: date) -> Decimal:
    from configurator.core.pricing.calculate import price_line

    return price_line(stored.model, values, quantity=1, on_date=today).unit_price


def _complete_values(stored: StoredModel, choices: Mapping[str, Any]) -> dict[str, Any] | None:
    from configurator.core.engine.session import SessionError

    session = stored.session()
    try:
        session.set_many(dict(choices), replace=True)
        session.complete()
        state = session.state()
        values = {k: a.value for k, a in state.attributes.items() if a.value is not None}
        values.update({a: v for a, v in session.choices.items() if stored.model.attribute(a).type == "text"})
        return values
    except SessionError:
        return None
    finally:
        session.close()


def _explained(model: Any, explanation: Any) -> Message:
    from configurator.core.engine.describe import explanation_text
    from configurator.core.quoting.messages import lazy

    return lazy(lambda language: explanation_text(model, explanation, language))


def check_line(number: str, line: Any, new: StoredModel, today: date) -> LineCheck:
    """One stored line against the new model version ``new``."""
    from configurator.core.engine.session import SessionError
    from configurator.core.pricing.money import from_ore

    old_unit = from_ore(line.unit_price_ore)
    choices: dict[str, Any] = dict(line.configuration.choices)
    session = new.session()
    reasons: list[Message] = []
    kept: dict[str, Any] = {}
    try:
        for attr_id, value in choices.items():
            try:
                session.literal(attr_id, value)
                kept[attr_id] = value
            except SessionError:
                reasons.append(msg("{attribute} = {value} was withdrawn", attribute=attr_id, value=value))
        session.choices = dict(kept)
        valid = session.oracle.solve(session.assumptions(kept))
        if valid and not reasons:
            values = _complete_values(new, kept)
            if values is not None:
                new_unit = _price(new, values, today)
                status = "unchanged" if new_unit == old_unit else "price"
                return LineCheck(number, line.position, line.family_id, status, old_unit, new_unit,
                                 new_version_id=new.version.id, proposal=kept)
        if valid:
            proposal: dict[str, Any] | None = kept
        else:
            for attr_id, value in kept.items():
                explanation = session.explain(attr_id, value)
                if explanation is not None:
                    reasons.append(_explained(new.model, explanation))
                    break
            repairs = session.repairs({}, limit=5)
            proposal = None
            if repairs:
                fewest = min(len(r.changes) for r in repairs)
                best: tuple[Decimal, dict[str, Any]] | None = None
                for repair in (r for r in repairs if len(r.changes) == fewest):
                    values = _complete_values(new, repair.values)
                    if values is None:
                        continue
                    difference = abs(_price(new, values, today) - old_unit)
                    if best is None or difference < best[0]:
                        best = (difference, repair.values)
                proposal = best[1] if best else None
        proposed_unit: Decimal | None = None
        if proposal is not None:
            values = _complete_values(new, proposal)
            proposed_unit = _price(new, values, today) if values is not None else None
            if values is None:
                proposal = None
        return LineCheck(number, line.position, line.family_id, "invalid", old_unit, proposed_unit, tuple(reasons),
                         proposal, new.version.id)
    finally:
        session.close()


def recheck_quotes(database: Database, today: date | None = None,
                   progress: Callable[[Message, int, int], None] | None = None) -> list[LineCheck]:
    """Every line of every draft and sent quote whose family's model in force is not the line's own.

    ``progress(step, done, of)`` is told each quote before it is checked."""
    from configurator.core.catalogue.unit import reading
    from configurator.core.pricing.money import from_ore
    from configurator.core.quoting.models import ModelStore

    today = today or date.today()
    store = ModelStore(database)
    results: list[LineCheck] = []
    with reading(database) as unit:
        kept = unit.quotes.kept_prices()
        numbers = [s.number for status in OPEN_STATUSES for s in unit.quotes.search(status=status, limit=100_000)]
        for index, number in enumerate(sorted(numbers)):
            if progress is not None:
                progress(msg("Checking quote {number} ({index} of {count})", number=number, index=index + 1,
                             count=len(numbers)), index, len(numbers))
            quote = unit.quotes.get(number)
            for line in quote.current.lines:
                version = unit.models.latest_version(line.family_id, today) or unit.models.latest_version(
                    line.family_id, date.max)
                if version is None:
                    results.append(LineCheck(number, line.position, line.family_id, "withdrawn",
                                             from_ore(line.unit_price_ore),
                                             reasons=(msg("the family was withdrawn"),)))
                    continue
                if version.id == line.model_version_id:
                    results.append(LineCheck(number, line.position, line.family_id, "unchanged",
                                             from_ore(line.unit_price_ore), from_ore(line.unit_price_ore),
                                             new_version_id=version.id))
                    continue
                check = check_line(number, line, store.by_version_id(version.id, unit.models), today)
                decided = kept.get(number, {}).get(version.id) if check.status != "unchanged" else None
                if decided is not None:
                    check = replace(check, kept_by=decided[0], kept_on=decided[1].date())
                results.append(check)
    return results


def keep_old_prices(database: Database, number: str, today: date | None = None, *, by: str = "") -> int:
    """Store that open quote ``number`` keeps its old prices: the re-check shows the decision instead of asking
    again, until a newer version of one of its families comes. One transaction; returns the versions declined."""
    from configurator.core.catalogue.unit import writing
    from configurator.core.quoting.service import QuoteError

    checks = [c for c in recheck_quotes(database, today) if c.number == number.strip().upper()]
    if not checks:
        raise QuoteError(msg("Quote {number} is not open (draft or sent).", number=number))
    versions = {c.family: c.new_version_id for c in checks if c.status != "unchanged" and c.new_version_id}
    if not versions:
        raise QuoteError(msg("Quote {number} has no line that the new catalogue changes.", number=number))
    with writing(database) as unit:
        unit.quotes.keep_prices(number, {f: v for f, v in versions.items() if v is not None}, by=by)
    return len(versions)


def undo_kept_prices(database: Database, number: str) -> int:
    """Forget quote ``number``'s "keep the old prices" (one transaction): the re-check asks about it again."""
    from configurator.core.catalogue.unit import writing

    with writing(database) as unit:
        return unit.quotes.undo_kept_prices(number)


STATUS_TEXTS = {"unchanged": N_("unchanged"), "price": N_("price only"), "invalid": N_("no longer valid"),
                "withdrawn": N_("withdrawn")}


def report_rows(checks: list[LineCheck], language: str) -> list[tuple[str, ...]]:
    """A table (header first) of the checks, for the CLI, the app and the CSV report."""
    from configurator.core.pricing.money import format_money

    if not checks:
        return []
    rows: list[tuple[str, ...]] = [(translate("Quote", language), translate("Line", language),
                                    translate("Family", language), translate("Result", language),
                                    translate("Old price", language), translate("New price", language),
                                    translate("Why / nearest valid", language))]
    for check in checks:
        why = "; ".join(r.render(language) for r in check.reasons)
        if check.status == "invalid" and check.proposal is not None:
            proposal = ", ".join(f"{k}={v}" for k, v in check.proposal.items())
            why = translate("{why} → nearest valid: {proposal}", language, why=why, proposal=proposal)
        if check.kept_by is not None:
            kept = translate("old prices kept (decided by {who} on {day})", language, who=check.kept_by or "?",
                             day=format_date(check.kept_on, language) if check.kept_on else "-")
            why = f"{why}; {kept}" if why else kept
        rows.append((check.number, str(check.position), check.family, translate(STATUS_TEXTS[check.status],
                                                                                    language),
                     format_money(check.old_unit, language),
                     format_money(check.new_unit, language) if check.new_unit is not None else "-", why))
    return rows


def write_report_csv(checks: list[LineCheck], path: Any, language: str) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(report_rows(checks, language))


def move_quote(service: Any, database: Database, number: str, today: date | None = None) -> str:
    """Move a quote to the new catalogue: a new revision (or the draft itself) whose lines use the model in force,
    with the nearest valid configuration where a line is no longer valid. Returns the revision's letter."""
    from configurator.core.quoting.service import QuoteError

    checks = [c for c in recheck_quotes(database, today) if c.number == number]
    if not checks:
        raise QuoteError(msg("Quote {number} is not open (draft or sent).", number=number))
    blocked = [c for c in checks if c.status == "withdrawn" or (c.status == "invalid" and c.proposal is None)]
    if blocked:
        raise QuoteError(msg("Line {position} of quote {number} has no valid configuration in the new catalogue; "
                             "remove or change it first.", position=blocked[0].position, number=number))
    with database.write():  # one transaction: the revision and every moved line, or nothing
        quote = service.quote(number)
        letter = quote.current.letter
        if quote.current.status != "draft":
            letter = service.revise(number)
        lines = sorted(service.quote(number).current.lines, key=lambda line: line.position)
        proposals = {c.position: c.proposal for c in checks}
        for line in lines:  # each line re-made with the model in force, in the same order
            choices = proposals.get(line.position)
            if choices is None:
                choices = line.configuration.choices
            service.remove_line(number, 1)
            service.add_line(number, line.family_id, choices, quantity=line.quantity,
                             line_discount_bp=line.line_discount_basis_points, complete=True)
    return str(letter)
