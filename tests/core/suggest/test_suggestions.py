"""Suggestions learned from sales, on a small generated history of the seed chimney caps and on real files."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from configurator.core.suggest.history import HistoryError, SalesHistory, read_sales_csv
from configurator.core.suggest.recommender import MIN_SALES, Recommender
from configurator.core.suggest.session import popular_completion, suggestions
from tests.helpers.seed_kit import Configure, model_of

FAMILY = "chimney_cap"


def sold(configure: Configure, count: int, **choices: Any) -> list[dict[str, Any]]:
    """``count`` complete configurations that keep ``choices`` (the rest by the model's defaults)."""
    session = configure(FAMILY, **choices)
    session.complete()
    values = {a.id: session.state().attributes[a.id].value for a in model_of(FAMILY).chosen_attributes}
    return [dict(values) for _ in range(count)]


def recommender_of(configurations: list[dict[str, Any]]) -> Recommender:
    attributes = [a.id for a in model_of(FAMILY).chosen_attributes]
    return Recommender(SalesHistory.from_configurations(configurations, attributes))


def test_a_value_always_chosen_comes_first_and_only_valid_values_are_ranked(configure: Configure) -> None:
    history = sold(configure, 30, material="copper") + sold(configure, 3, material="stainless")
    recommender = recommender_of(history)
    session = configure(FAMILY)
    ranked = suggestions(recommender, session, "material")
    available = session.state().attributes["material"].available
    assert ranked[0].value == "copper"
    assert sorted(r.value for r in ranked) == sorted(available)  # every valid value, none excluded
    assert math.isclose(sum(r.probability for r in ranked), 1.0)
    assert all(r.probability > 0 for r in ranked)
    assert ranked[0].probability > 0.8


def test_an_excluded_value_is_never_suggested(configure: Configure) -> None:
    history = sold(configure, 40, flue_shape="round")
    recommender = recommender_of(history)
    session = configure(FAMILY)
    state = session.state().attributes["flue_shape"]
    allowed = [v for v in state.available if v != "round"]  # as if the engine excluded round
    assert [r.value for r in recommender.rank(session.choices, "flue_shape", allowed)] == allowed
    assert "round" not in {r.value for r in recommender.rank(session.choices, "flue_shape", allowed)}


def test_the_choices_made_decide_what_similar_customers_chose(configure: Configure) -> None:
    history = sold(configure, 25, flue_shape="round", material="copper") + sold(
        configure, 25, flue_shape="square", material="stainless")
    recommender = recommender_of(history)
    round_first = recommender.rank({"flue_shape": "round"}, "material", ["stainless", "copper"])
    square_first = recommender.rank({"flue_shape": "square"}, "material", ["stainless", "copper"])
    assert round_first[0].value == "copper" and square_first[0].value == "stainless"


def test_with_few_sales_it_says_so_and_suggests_nothing(configure: Configure) -> None:
    recommender = recommender_of(sold(configure, MIN_SALES - 1, material="copper"))
    session = configure(FAMILY)
    assert not recommender.enough
    assert suggestions(recommender, session, "material") == []
    assert popular_completion(recommender, session) is None


def test_the_most_popular_way_to_finish_is_valid_and_keeps_the_choices(configure: Configure) -> None:
    history = sold(configure, 30, material="copper") + sold(configure, 10, material="stainless")
    recommender = recommender_of(history)
    session = configure(FAMILY)
    values = popular_completion(recommender, session)
    assert values is not None and values["material"] == "copper"
    assert session.is_valid(values)
    chosen = configure(FAMILY, material="stainless")
    kept = popular_completion(recommender, chosen)
    assert kept is not None and kept["material"] == "stainless" and chosen.is_valid(kept)


def test_a_sales_file_is_read_with_any_separator(tmp_path: Path) -> None:
    for name, text in (("spaces.txt", "v1 v2\n1 a\n2 b\n"), ("semicolons.csv", "v1;v2\n1;a\n2;b\n")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        history = read_sales_csv(path)
        assert history.attributes == ("v1", "v2") and history.size == 2
        assert history.values == (("1", "2"), ("a", "b"))


@pytest.mark.parametrize(("text", "expected"), [
    ("", "sales.csv:1: the first line must name the attributes"),
    ("a;a\n1;2\n", "sales.csv:1: every column needs a name of its own"),
    ("a;b\n1;2\n3\n", "sales.csv:3: 1 values, expected 2 (one per column)"),
])
def test_a_broken_sales_file_is_located(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "sales.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HistoryError) as raised:
        read_sales_csv(path)
    assert raised.value.render("en").endswith(expected)
    assert "sales.csv" in raised.value.render("nb")


def test_bytes_that_are_not_text_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_bytes(b"a;b\n\xff\xfe;1\n")
    with pytest.raises(HistoryError, match="not UTF-8"):
        read_sales_csv(path)


def test_an_attribute_no_sale_recorded_gets_no_suggestion(configure: Configure) -> None:
    attributes = [a.id for a in model_of(FAMILY).chosen_attributes]
    history = SalesHistory.from_configurations([{"material": "copper"}] * 30, attributes)
    recommender = Recommender(history)
    session = configure(FAMILY)
    assert suggestions(recommender, session, "mesh") == []
    assert suggestions(recommender, session, "material")[0].value == "copper"
