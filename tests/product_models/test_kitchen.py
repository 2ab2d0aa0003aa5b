"""The kitchen cabinet seed family (product_models/kitchen), the model language's second edition at work: limits
that depend on the cabinet type, unit literals and constants, conditional defaults, quote rules over all
cabinets, quote items (plinth boards), quantity breaks over the quote, and a parametric preview to scale."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from configurator.core.catalogue.db import Database, open_database
from configurator.core.documents.preview import folder_images, render_preview
from configurator.core.model import expr as e
from configurator.core.model.errors import ModelErrors
from configurator.core.model.loader import load_model
from configurator.core.quoting.model_tests import run_model_tests
from configurator.core.quoting.service import QuoteError, QuoteService
from tests.helpers.model_kit import edit_file
from tests.helpers.quoting_kit import TODAY, add_customer, make_settings
from tests.helpers.seed_kit import MODELS, Configure, brute_force_available, model_of

D = Decimal
FINISH = {"front": "white_matt", "front_style": "flat", "position_ref": ""}


def available_by_brute_force(fixed: dict[str, Any], open_attrs: list[str]) -> dict[str, list[Any]]:
    """The values each open attribute has in some valid complete configuration; an attribute that may not apply
    (hinge side, plinth) has no value (NOT_APPLICABLE) exactly where its condition is false."""
    return brute_force_available(model_of("kitchen"), fixed, open_attrs, keep_not_applicable=True)


def engine_view(state: Any, attr_id: str) -> list[Any]:
    """The engine's available values, with NOT_APPLICABLE where the attribute may also not apply."""
    return [*state.available(attr_id), *([e.NOT_APPLICABLE] if state.attributes[attr_id].applies is not True else [])]


def test_the_height_range_follows_the_cabinet_type(configure: Configure) -> None:
    """Only the real range is offered: 300-1000 mm for a wall cabinet, 700-900 for a base, 700-2300 for a tall."""
    for kind, low, high in (("wall", 300, 1000), ("base", 700, 900), ("tall", 700, 2300)):
        available = list(configure("kitchen", cabinet_type=kind).state().available("height_mm"))
        assert (available[0], available[-1]) == (low, high), kind
    wall = list(configure("kitchen", cabinet_type="wall").state().available("height_mm"))
    assert D(310) in wall
    assert D(710) not in configure("kitchen", cabinet_type="base").state().available("height_mm")
    # a tall height leaves only the tall cabinet
    assert list(configure("kitchen", height_mm=D(2100)).state().available("cabinet_type")) == ["tall"]


@pytest.mark.parametrize(("width", "height"), [(300, 700), (450, 800), (600, 900), (1000, 850)])
def test_inside_and_fittings_match_brute_force(configure: Configure, width: int, height: int) -> None:
    fixed = {"cabinet_type": "base", "width_mm": D(width), "height_mm": D(height), "depth_mm": D(600), **FINISH}
    open_attrs = ["door_count", "hinge_side", "drawer_count", "shelves", "handle", "soft_close", "plinth"]
    state = configure("kitchen", **fixed).state()
    expected = available_by_brute_force(fixed, open_attrs)
    assert {a: engine_view(state, a) for a in open_attrs} == expected
    # a hinge side only with one door (at most 600 mm); none with two (from 600 mm) or drawers only (from 400 mm)
    no_side = width >= 400  # two doors from 600 mm, drawers only from 400 mm
    assert (e.NOT_APPLICABLE in expected["hinge_side"], "left" in expected["hinge_side"]) == (no_side, width <= 600)


def test_cabinet_type_and_height_match_brute_force(configure: Configure) -> None:
    fixed = {"width_mm": D(600), "depth_mm": D(330), "door_count": D(1), "hinge_side": "right", "shelves": D(1),
             "handle": "bar_steel", "soft_close": True, **FINISH}
    open_attrs = ["cabinet_type", "height_mm", "drawer_count", "plinth"]
    state = configure("kitchen", **fixed).state()
    expected = available_by_brute_force(fixed, open_attrs)
    assert {a: engine_view(state, a) for a in open_attrs} == expected
    assert expected["cabinet_type"] == ["base", "wall", "tall"]
    assert expected["plinth"] == [False, True, e.NOT_APPLICABLE]  # none on a wall cabinet


def test_the_depth_default_follows_the_cabinet_type(configure: Configure) -> None:
    assert configure("kitchen", cabinet_type="base").complete()["depth_mm"] == 600
    assert configure("kitchen", cabinet_type="wall").complete()["depth_mm"] == 350


def test_drawers_must_fit_the_height(configure: Configure) -> None:
    """drawer_count * 160 mm <= height_mm, with room for a 300 mm door beside drawers."""
    session = configure("kitchen", cabinet_type="base", height_mm=D(700), width_mm=D(600), door_count=D(0))
    assert list(session.state().available("drawer_count")) == [1, 2, 3, 4]
    session = configure("kitchen", cabinet_type="base", height_mm=D(700), width_mm=D(600), door_count=D(1))
    assert list(session.state().available("drawer_count")) == [0, 1, 2]


def front_columns(image: Any, colour: tuple[int, int, int]) -> int:
    difference = np.abs(np.asarray(image, dtype=np.int16) - np.array(colour, dtype=np.int16))
    return int(np.count_nonzero((difference <= 2).all(axis=2).any(axis=0)))


def test_the_preview_draws_a_narrow_and_a_wide_cabinet_to_scale(configure: Configure) -> None:
    model = model_of("kitchen")
    pictures = []
    for width in (300, 1200):
        session = configure("kitchen", cabinet_type="base", width_mm=D(width), front="sage_green")
        session.complete()
        pictures.append(render_preview(model, session.values(), folder_images(MODELS / "kitchen")))
    sage = (156, 175, 148)
    narrow, wide = (front_columns(p, sage) for p in pictures)
    assert narrow > 0
    assert wide == pytest.approx(4 * narrow, rel=0.15)


# ---------------------------------------------------------------- on a quote


@pytest.fixture
def kitchen_quotes(seed_catalogue: Path, tmp_path: Path) -> Iterator[tuple[QuoteService, Database]]:
    file = tmp_path / "catalogue.sqlite"
    shutil.copyfile(seed_catalogue, file)
    database = open_database(f"sqlite:///{file}")
    yield QuoteService(database, make_settings(), today=TODAY), database
    database.close()


def test_plinth_boards_and_measuring_are_counted_over_the_quote(kitchen_quotes: tuple[QuoteService, Database]) -> None:
    service, database = kitchen_quotes
    number = service.new_quote(add_customer(database)).number
    for _ in range(3):
        service.add_line(number, "kitchen", {"cabinet_type": "base", "width_mm": "800", "door_count": "2"},
                         complete=True)
    # 3 × 800 mm of plinth is one 2.4 m board
    assert [(i.id, i.quantity, i.total) for i in service.quote_items(number)] == [
        ("plinth-boards", 1, D("289.00"))]
    items = {item.id: item for item in service.quote_items(number)}
    assert (items["plinth-boards"].quantity, "measuring" in items) == (1, False)
    service.add_line(number, "kitchen", {"cabinet_type": "wall", "width_mm": "800", "door_count": "2"}, complete=True)
    items = {item.id: item for item in service.quote_items(number)}
    assert items["plinth-boards"].quantity == 1  # a wall cabinet has no plinth
    assert items["measuring"].total == D("1200.00")  # four cabinets: measured at home
    service.add_line(number, "kitchen", {"cabinet_type": "base", "width_mm": "400", "door_count": "1"},
                     complete=True)
    assert {item.id: item for item in service.quote_items(number)}["plinth-boards"].quantity == 2  # 2.8 m


def test_one_front_per_kitchen_blocks_sending(kitchen_quotes: tuple[QuoteService, Database]) -> None:
    service, database = kitchen_quotes
    number = service.new_quote(add_customer(database)).number
    service.add_line(number, "kitchen", {"front": "white_matt"}, complete=True)
    service.add_line(number, "kitchen", {"front": "oak_veneer"}, complete=True)
    with pytest.raises(QuoteError) as error:
        service.send(number)
    assert "same front on every cabinet" in error.value.render("en")
    service.set_parameters(number, {"one_kitchen": "false"})
    service.send(number)


def test_a_stored_case_checks_the_computed_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The front layout is a computed choice: a case expecting another layout fails, one naming no layout
    at all is a load error with its line."""
    folder = tmp_path / "kitchen"
    shutil.copytree(MODELS / "kitchen", folder)
    monkeypatch.chdir(tmp_path)
    assert all(result.passed for result in run_model_tests(load_model(folder).model))
    edit_file(folder / "kitchen.yaml", "front_layout: doors}", "front_layout: drawers}")
    results = run_model_tests(load_model(folder).model)
    assert [result.case.id for result in results if not result.passed] == ["sink-base-price"]
    edit_file(folder / "kitchen.yaml", "front_layout: drawers}", "front_layout: shelves}")
    with pytest.raises(ModelErrors) as info:
        load_model(folder)
    assert info.value.render("en").endswith("test 'sink-base-price': 'shelves' is not a value of 'front_layout'")


def test_an_incomplete_case_names_only_what_is_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two doors: the hinge side does not apply, so it is not among the open attributes a case must set."""
    folder = tmp_path / "kitchen"
    shutil.copytree(MODELS / "kitchen", folder)
    monkeypatch.chdir(tmp_path)
    edit_file(folder / "kitchen.yaml", "    preset: sink_base\n    set: {front: white_matt, front_style: flat, "
              "handle: bar_steel, soft_close: true, plinth: true}\n", "    preset: sink_base\n    set: {front: "
              "white_matt, handle: bar_steel, soft_close: true, plinth: true}\n")
    (result,) = [r for r in run_model_tests(load_model(folder).model) if not r.passed]
    (failure,) = result.failures
    assert "(open: front_style)" in failure.render("en")
