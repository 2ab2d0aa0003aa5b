"""Running the test cases stored with a model (``tests:``, docs/product-models.md "Test cases").

Each case sets its configuration (a preset's values, then its own) in one engine session and compares what the
engine (valid values, forced and computed values, the exact count), the price calculation and the production
specification give with what the case expects. A failure names the case, its line and every difference, in
the reader's language; nothing is stored or changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from configurator.core.engine.count import count_configurations
from configurator.core.engine.encode import EncodingError, encode_model
from configurator.core.engine.session import ConfigurationSession, SessionError
from configurator.core.i18n import Message, msg
from configurator.core.model import schema as s
from configurator.core.model.errors import ModelError
from configurator.core.model.loader import LoadedModel, display_path
from configurator.core.pricing.calculate import PricingError, price_line
from configurator.core.quoting.production import specification


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one test case: no failures means it passed."""

    case: s.ModelTest
    failures: tuple[Message, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def _written(value: Any) -> str:
    """A value as a model author writes it (true/false, 1200, side_hung)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _listed(values: Iterable[Any]) -> str:
    return ", ".join(_written(v) for v in values) or "-"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | Decimal) and isinstance(b, int | Decimal):
        return Decimal(a) == Decimal(b)
    return bool(a == b)


def test_errors(loaded: LoadedModel, results: list[CaseResult] | None = None) -> list[ModelError]:
    """The failures of a loaded model's test cases as model errors (file, line of the case, the case)."""
    shown = display_path(loaded.path) if loaded.path is not None else loaded.model.family
    results = run_model_tests(loaded.model) if results is None else results
    return [ModelError(shown, result.case.line, msg("test '{id}'", id=result.case.id), failure)
            for result in results for failure in result.failures]


def run_model_tests(model: s.ProductModel) -> list[CaseResult]:
    """Run every test case of ``model``; an engine that cannot encode the model fails every case."""
    if not model.tests:
        return []
    try:
        encoding = encode_model(model)
    except EncodingError as exc:
        reason = msg("the engine cannot use rule '{id}': {reason}", id=exc.rule_id, reason=exc.reason)
        return [CaseResult(case, (reason,)) for case in model.tests]
    session = ConfigurationSession(model, encoding)
    try:
        return [CaseResult(case, tuple(_run(session, model, case))) for case in model.tests]
    finally:
        session.close()


def _run(session: ConfigurationSession, model: s.ProductModel, case: s.ModelTest) -> list[Message]:
    try:
        session.set_many(case.values, replace=True)
    except SessionError:
        if case.valid is False:
            return []
        return [msg("the configuration is not allowed by the rules, but the case expects it to be")]
    if case.valid is False:
        return [msg("the configuration is allowed, but the case expects the rules to refuse it")]
    failures: list[Message] = []
    state = session.state()
    for attr_id, expected in case.available.items():
        found = state.attributes[attr_id].available
        if not _same_set(found, expected):
            failures.append(msg("'{id}': available {found}, expected {expected}", id=attr_id, found=_listed(found),
                                expected=_listed(expected)))
    for attr_id, expected in case.excluded.items():
        still = [value for value in expected if any(_same(value, f) for f in state.attributes[attr_id].available)]
        if still:
            failures.append(msg("'{id}': {values} should be excluded but can be chosen", id=attr_id,
                                values=_listed(still)))
    for attr_id, expected in case.expect_values.items():
        value = state.attributes[attr_id].value
        if value is None or not _same(value, expected):
            failures.append(msg("'{id}' is {found}, expected {expected}", id=attr_id,
                                found="-" if value is None else _written(value), expected=_written(expected)))
    if case.count is not None:
        found_count = count_configurations(session.encoding, session.assumptions(session.choices))
        if found_count != case.count:
            failures.append(msg("{found} complete configurations, expected {expected}", found=found_count,
                                expected=case.count))
    needs_complete = case.price is not None or case.total is not None or case.bom is not None
    if needs_complete and not state.complete:
        open_ids = [a for a, st in state.attributes.items() if st.value is None and st.applies is not False
                    and not model.attribute(a).is_computed and model.attribute(a).type != s.TEXT]
        failures.append(msg("the configuration is not complete (open: {attributes}), so it has no price or bill of "
                            "materials; set them in 'set'", attributes=", ".join(open_ids) or "-"))
        return failures
    values = session.values()
    failures.extend(_price(model, values, case))
    if case.bom is not None:
        failures.extend(_bom(model, values, case))
    return failures


def _same_set(found: Iterable[Any], expected: Iterable[Any]) -> bool:
    found, expected = list(found), list(expected)
    return (len(found) == len(expected) and all(any(_same(f, e) for e in expected) for f in found)
            and all(any(_same(f, e) for f in found) for e in expected))


def _price(model: s.ProductModel, values: dict[str, Any], case: s.ModelTest) -> list[Message]:
    if case.price is None and case.total is None:
        return []
    try:
        price = price_line(model, values, quantity=case.quantity, on_date=case.on_date or model.effective)
    except PricingError as exc:
        return [exc.message]
    failures = []
    if case.price is not None and price.unit_price != case.price:
        failures.append(msg("the unit price is {found} kr, expected {expected} kr", found=price.unit_price,
                            expected=case.price))
    if case.total is not None and price.line_total != case.total:
        failures.append(msg("the line total is {found} kr, expected {expected} kr", found=price.line_total,
                            expected=case.total))
    return failures


def _bom(model: s.ProductModel, values: dict[str, Any], case: s.ModelTest) -> list[Message]:
    assert case.bom is not None
    spec = specification(model, values, case.quantity)
    found: dict[str, Decimal] = {}
    for line in spec.bom:
        found[line.item] = found.get(line.item, Decimal(0)) + line.quantity
    failures = []
    for item, quantity in case.bom.items():
        if item not in found:
            failures.append(msg("the bill of materials has no line '{item}' (it has: {items})", item=item,
                                items=", ".join(found) or "-"))
        elif found[item] != quantity:
            failures.append(msg("the bill of materials has {found} of '{item}', expected {expected}", item=item,
                                found=found[item].normalize(), expected=quantity.normalize()))
    extra = [item for item in found if item not in case.bom]
    if extra:
        failures.append(msg("the bill of materials has lines the case does not expect: {items}",
                            items=", ".join(extra)))
    return failures
