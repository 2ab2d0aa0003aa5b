"""The "from" price is the true minimum: the branch and bound agrees with brute force over every valid complete
configuration of small random priced models (hypothesis), and over the open priced attributes of every seed
family."""

from __future__ import annotations

import copy
import itertools
import random
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from configurator.core.engine.session import ConfigurationSession, SessionError
from configurator.core.model.loader import model_from_document
from configurator.core.model.nodes import NOT_APPLICABLE
from configurator.core.pricing.cheapest import cheapest_configuration, priced_attributes
from configurator.core.pricing.price import from_price, price_line
from tests.helpers.engine_kit import RandomModel, World, random_models
from tests.helpers.pricing_kit import DAY, D
from tests.helpers.seed_kit import model_of

FAST = settings(derandomize=True, deadline=None, database=None, max_examples=40,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
AMOUNTS = st.sampled_from(["0", "120", "-75.5", "333.33", "990", "12.35"])


def _effect(draw: st.DrawFn, numbers: list[str]) -> Any:
    kind = draw(st.sampled_from(["amount", "percent", "rate", "formula"] if numbers else ["amount", "percent"]))
    if kind == "amount":
        return Decimal(draw(AMOUNTS))
    if kind == "percent":
        return {"percent": Decimal(draw(st.sampled_from(["-20", "5", "12.5", "140"])))}
    number = draw(st.sampled_from(numbers))
    if kind == "rate":
        return {"rate": Decimal(draw(st.sampled_from(["3.3", "-41", "250"]))), "per": number}
    return {"formula": f"{draw(st.sampled_from(['7', '-13', '2.5']))} * {number} * {number} - {number}"}


@st.composite
def priced_models(draw: st.DrawFn) -> RandomModel:
    rm = draw(random_models(texts=False))
    doc = copy.deepcopy(rm.document)
    attributes = doc["model"]["attributes"]
    numbers = [a["id"] for a in attributes if a["type"] in ("integer", "decimal")]
    for attribute in attributes:
        if attribute["type"] == "choice":
            for option in attribute["options"]:
                if draw(st.booleans()):
                    option["price"] = _effect(draw, numbers)
        elif attribute["type"] == "boolean" and draw(st.booleans()):
            attribute["price"] = _effect(draw, numbers)
    base = _effect(draw, numbers)
    pricing: dict[str, Any] = {"base": base if not isinstance(base, dict) or "percent" not in base else 1000}
    if draw(st.booleans()):
        pricing["minimum"] = Decimal(draw(st.sampled_from(["500", "1000", "1500"])))
    choice_or_bool = [a["id"] for a in attributes if a["type"] in ("choice", "boolean")]
    if choice_or_bool and draw(st.booleans()):
        when = f"{numbers[0]} > 0" if numbers else f"{choice_or_bool[0]} == {choice_or_bool[0]}"
        pricing["surcharges"] = [{"id": "s1", "label": {"nb": "s", "en": "s"}, "when": when,
                                  "price": _effect(draw, numbers)}]
    doc["model"]["pricing"] = pricing
    _maybe_applies_when(draw, doc["model"], numbers)
    return RandomModel(doc, model_from_document(doc), rm.specs)


def _maybe_applies_when(draw: st.DrawFn, model: dict[str, Any], numbers: list[str]) -> None:
    """Half the models get one more priced choice that applies only where an earlier attribute has a given value
    (``applies_when``): where it does not apply it has no value and its options' prices count nothing. No rule
    reads it (the brute force, ``World``, decides rules two-valued)."""
    attributes = model["attributes"]
    readable = [a for a in attributes if a["type"] in ("choice", "boolean", "integer", "decimal")]
    if not readable or not draw(st.booleans()):
        return
    other = draw(st.sampled_from(readable))
    if other["type"] == "choice":
        condition = f"{other['id']} == {draw(st.sampled_from([o['id'] for o in other['options']]))}"
    elif other["type"] == "boolean":
        condition = other["id"] if draw(st.booleans()) else f"not {other['id']}"
    else:
        condition = f"{other['id']} > {other['min']}"
    options = [{"id": o, "label": {"nb": o, "en": o}, "values": {"w": Decimal(0)}, "price": _effect(draw, numbers)}
               for o in ("red", "oak")]
    attributes.append({"id": "ap", "type": "choice", "label": {"nb": "ap", "en": "ap"}, "options": options,
                       "applies_when": condition})
    model["steps"][0]["attributes"].append("ap")


def _price(model: Any, values: dict[str, Any]) -> Decimal:
    present = {a: v for a, v in values.items() if v is not NOT_APPLICABLE}  # an attribute that does not apply
    return price_line(model, present, on_date=DAY).unit_price


@FAST
@given(rm=priced_models(), data=st.data())
def test_the_from_price_is_the_least_price_of_every_valid_completion(rm: RandomModel, data: st.DataObject) -> None:
    model = rm.model
    world = World(model)
    rows = world.valid({})
    if not rows:
        return
    row = rows[data.draw(st.integers(0, len(rows) - 1), label="row")]
    chosen = data.draw(st.lists(st.sampled_from(world.attrs), unique=True), label="chosen")
    choices = {a: row.values[a] for a in chosen}
    session = ConfigurationSession(model)
    try:
        session.set_many(choices)
        found = cheapest_configuration(session, lambda v: _price(model, dict(v)))
        assert found.proven
        expected = min(_price(model, r.values) for r in world.valid(choices))
        assert _price(model, found.values) == expected
        assert all(found.values[a] == v for a, v in choices.items())
        # a valid configuration (an attribute that does not apply has no value)
        assert world.possible({a: found.values.get(a, NOT_APPLICABLE) for a in world.attrs})
    finally:
        session.close()


def _brute_force(family: str, choices: dict[str, Any], open_attrs: list[str]) -> Decimal:
    model = model_of(family)
    session = ConfigurationSession(model)
    best = None
    try:
        domains = [session.encoding.domains[a] for a in open_attrs]
        for combination in itertools.product(*domains):
            values = {**choices, **dict(zip(open_attrs, combination, strict=True))}
            try:
                session.set_many(values, replace=True)
            except SessionError:
                continue
            session.complete()
            price = _price(model, session.choices)
            best = price if best is None else min(best, price)
    finally:
        session.close()
    assert best is not None
    return best


@pytest.mark.parametrize("family", ["chair", "window", "eartag", "chimney_cap"])
def test_every_seed_family_from_price_equals_brute_force_over_its_open_priced_attributes(family: str) -> None:
    model = model_of(family)
    pick = random.Random(family)
    session = ConfigurationSession(model)
    try:
        session.complete()
        full = dict(session.choices)
        small = [a for a in priced_attributes(model) if len(session.encoding.domains[a]) <= 12]
        open_attrs = pick.sample(small, min(3, len(small)))
        choices = {a: v for a, v in full.items() if a not in open_attrs and a in priced_attributes(model)}
        session.set_many(choices, replace=True)
        found = from_price(session, on_date=DAY)
    finally:
        session.close()
    assert found.unit_price == _brute_force(family, choices, open_attrs), (family, open_attrs)


def test_the_empty_chair_shows_the_true_minimum() -> None:
    model = model_of("chair")
    session = ConfigurationSession(model)
    try:
        found = cheapest_configuration(session, lambda v: _price(model, dict(v)))
        assert found.proven
        # brute force over every model and priced option: the cheapest valid chair
        best = _brute_force("chair", {}, list(priced_attributes(model)))
        assert _price(model, found.values) == best
        assert from_price(session, on_date=DAY).unit_price == best
    finally:
        session.close()
    sofi = ConfigurationSession(model)
    try:
        sofi.set("model", "sofi")
        assert from_price(sofi, on_date=DAY).unit_price == D("8990.00")
    finally:
        sofi.close()


@pytest.mark.parametrize("family", ["chair", "window", "eartag", "chimney_cap", "kitchen"])
def test_every_seed_family_empty_from_price_is_proven(family: str) -> None:
    model = model_of(family)
    session = ConfigurationSession(model)
    try:
        found = cheapest_configuration(session, lambda v: _price(model, dict(v)))
    finally:
        session.close()
    assert found.proven, family  # the branch and bound finished: no local search, no guess


@pytest.mark.parametrize(("shape", "fixed", "open_attrs"), [
    ("round", ("flue_count", "wind_variant", "height_above_roof_mm"), ["diameter_mm", "material", "mesh"]),
    ("square", ("flue_count", "inner_depth_mm", "mesh", "height_above_roof_mm"), ["inner_width_mm", "material"]),
])
def test_a_price_reading_sizes_that_do_not_apply_is_the_true_minimum(shape: str, fixed: tuple[str, ...],
                                                                    open_attrs: list[str]) -> None:
    # the chimney cap's prices read its size through the cap's width, which reads the diameter of a round flue and
    # the inner width and depth of the others: the ones without a value (applies_when) add nothing
    model = model_of("chimney_cap")
    session = ConfigurationSession(model)
    try:
        session.set("flue_shape", shape)
        session.complete()
        full = dict(session.choices)
        choices = {"flue_shape": shape, **{a: full[a] for a in fixed}}
        session.set_many(choices, replace=True)
        found = cheapest_configuration(session, lambda v: _price(model, dict(v)))
        price = from_price(session, on_date=DAY).unit_price
    finally:
        session.close()
    assert found.proven
    assert price == _price(model, found.values) == _brute_force("chimney_cap", choices, open_attrs)


def test_the_search_calls_its_checkpoint_between_solver_calls_and_stops_when_it_raises() -> None:
    """Background work gives way to the user's clicks inside the search (at every box and bisection step), and
    may stop it there; the search's result does not depend on the checkpoint."""
    model = model_of("window")
    session = ConfigurationSession(model)

    def cost(values: dict[str, Any]) -> Decimal:
        return price_line(model, values, on_date=DAY).unit_price

    calls = 0

    def checkpoint() -> None:
        nonlocal calls
        calls += 1

    plain = cheapest_configuration(session, cost)
    checked = cheapest_configuration(session, cost, checkpoint=checkpoint)
    assert checked.values == plain.values and checked.proven
    assert calls > 3 and calls >= checked.nodes  # every box, and every step of a number's bisection

    class Stop(Exception):
        pass

    def stop_at_third() -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise Stop

    calls = 0
    with pytest.raises(Stop):
        cheapest_configuration(session, cost, checkpoint=stop_at_third)
    assert calls == 3
    session.close()
