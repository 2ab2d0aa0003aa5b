"""The factory export read back: the CSV row by row, the JSON rebuilt into the very snapshot it came from."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from configurator.core.documents.export import CSV_COLUMNS, order_csv, order_json
from configurator.core.documents.snapshot import (
    BomRow,
    CompanyInfo,
    CutRow,
    OrderLineSnapshot,
    OrderSnapshot,
    PartyBlock,
    SpecItem,
    TagRow,
)
from tests.helpers.documents_kit import eartag_order


@pytest.fixture(scope="module")
def order() -> OrderSnapshot:
    return eartag_order(tags=300, windows=2)


def test_csv_format(order: OrderSnapshot) -> None:
    text = order_csv(order)
    assert not text.startswith("\ufeff")
    assert text.splitlines()[0] == ";".join(CSV_COLUMNS)
    assert text.endswith("\n") and "\r" not in text
    text.encode("utf-8")  # plain UTF-8, æøå as they are
    assert "Øremerke, sau" in text


def test_csv_rows_one_per_tag_and_one_per_other_line(order: OrderSnapshot) -> None:
    rows = list(csv.DictReader(io.StringIO(order_csv(order)), delimiter=";"))
    tags, windows = order.lines[0], order.lines[1:]
    assert len(rows) == len(tags.tags) + len(windows)
    tag_spec = " | ".join(f"{item.label}={item.value}" for item in tags.specification)
    assert tag_spec  # a tag row says which tag to print: type, colour, inside text
    for row, tag in zip(rows, tags.tags, strict=False):
        assert row == {"order": "O-2026-00007", "line": "1", "product": "Øremerke, sau", "quantity": "1",
                       "holding_id": "NO 1234567", "number": tag.number, "printed": tag.printed, "eid": tag.eid,
                       "specification": tag_spec}
    for row, line in zip(rows[len(tags.tags):], windows, strict=True):
        pairs = [pair.split("=", 1) for pair in row.pop("specification").split(" | ")]
        assert [SpecItem(label, value) for label, value in pairs] == list(line.specification)
        assert row == {"order": "O-2026-00007", "line": str(line.position), "product": line.product,
                       "quantity": str(line.quantity), "holding_id": "", "number": "", "printed": "", "eid": ""}


def test_csv_quotes_separators_inside_texts() -> None:
    snapshot = eartag_order(tags=1, windows=1)
    window = replace(snapshot.lines[1], product='Vindu; "spesial"')
    rows = list(csv.reader(io.StringIO(order_csv(replace(snapshot, lines=(window,)))), delimiter=";"))
    assert rows[1][2] == 'Vindu; "spesial"'


# ------------------------------------------------------------------ JSON


def rebuild(data: dict[str, Any]) -> OrderSnapshot:
    """The snapshot from its JSON, written independently of the exporter (Decimals and dates parsed back)."""
    def party(d: dict[str, Any]) -> PartyBlock:
        return PartyBlock(**{**d, "address_lines": tuple(d["address_lines"])})

    def line(d: dict[str, Any]) -> OrderLineSnapshot:
        return OrderLineSnapshot(**{
            **d,
            "specification": tuple(SpecItem(**item) for item in d["specification"]),
            "fields": tuple(SpecItem(**item) for item in d["fields"]),
            "bom": tuple(BomRow(**{**row, "quantity": Decimal(row["quantity"])}) for row in d["bom"]),
            "cut_list": tuple(CutRow(**{**row, "length_mm": Decimal(row["length_mm"])}) for row in d["cut_list"]),
            "tags": tuple(TagRow(**{**tag, "inside": tuple(tag["inside"])}) for tag in d["tags"]),
        })

    company = data["company"]
    return OrderSnapshot(**{
        **data,
        "created": date.fromisoformat(data["created"]),
        "delivery_date": date.fromisoformat(data["delivery_date"]) if data["delivery_date"] else None,
        "company": CompanyInfo(**{**company, "address_lines": tuple(company["address_lines"])}),
        "customer": party(data["customer"]),
        "delivery": party(data["delivery"]),
        "lines": tuple(line(item) for item in data["lines"]),
        "notes": tuple(data["notes"]),
        "parameters": tuple(SpecItem(**item) for item in data["parameters"]),
    })


def without_images(snapshot: OrderSnapshot) -> OrderSnapshot:
    return replace(snapshot, company=replace(snapshot.company, logo_png=None),
                   lines=tuple(replace(line, preview_png=None) for line in snapshot.lines))


def test_json_rebuilds_the_snapshot_exactly(order: OrderSnapshot) -> None:
    assert order.lines[1].preview_png is not None
    assert rebuild(json.loads(order_json(order))) == without_images(order)


def test_json_is_plain_stable_and_readable(order: OrderSnapshot) -> None:
    text = order_json(order)
    data = json.loads(text)
    assert list(data) == [f.name for f in fields(OrderSnapshot)]
    assert list(data["lines"][1]) == [f.name for f in fields(OrderLineSnapshot) if f.name != "preview_png"]
    assert "preview_png" not in text and "logo_png" not in text
    assert "Øremerke, sau" in text and "\\u" not in text  # ensure_ascii=False
    assert data["lines"][1]["bom"][0]["quantity"] == "10.4"
    assert data["lines"][1]["cut_list"][2]["length_mm"] == "512.5"
    assert data["created"] == "2026-11-26"
    assert text == order_json(order)


def test_json_writes_decimals_without_exponents() -> None:
    snapshot = eartag_order(tags=1, windows=1)
    window = snapshot.lines[1]
    cut = replace(window.cut_list[0], length_mm=Decimal("1.4E+3"))
    text = order_json(replace(snapshot, delivery_date=None, lines=(replace(window, cut_list=(cut,)),)))
    data = json.loads(text)
    assert data["lines"][0]["cut_list"][0]["length_mm"] == "1400"
    assert data["delivery_date"] is None
