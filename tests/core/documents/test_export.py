"""The factory export read back: the CSV row by row, the JSON rebuilt into the very snapshot it came from."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from configurator.core.documents.export import COLUMNS, order_csv_files, order_json, order_tables, order_xlsx
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


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_one_csv_file_per_kind_plain_utf8(order: OrderSnapshot) -> None:
    files = order_csv_files(order)
    assert list(files) == [f"O-2026-00007-{kind}.csv" for kind in COLUMNS]
    for name, text in files.items():
        kind = name.removeprefix("O-2026-00007-").removesuffix(".csv")
        assert text.splitlines()[0] == ";".join(COLUMNS[kind])
        assert not text.startswith("\ufeff") and text.endswith("\n") and "\r" not in text
    assert "Øremerke, sau" in files["O-2026-00007-lines.csv"]


def test_tags_only_for_ear_tag_lines_and_bom_cut_list_fields_for_the_others(order: OrderSnapshot) -> None:
    files = order_csv_files(order)
    tags = read_csv(files["O-2026-00007-tags.csv"])
    eartag, windows = order.lines[0], order.lines[1:]
    assert len(tags) == len(eartag.tags) and {row["line"] for row in tags} == {"1"}  # no tag columns for windows
    assert tags[0] == {"order": "O-2026-00007", "line": "1", "holding_id": "NO 1234567", "number": "70001",
                       "printed": "MT NO 1234567 70001", "eid": "578123456770001",
                       "inside": "Nordre Vollan gård / Tlf 916 00 000"}
    bom = read_csv(files["O-2026-00007-bom.csv"])
    assert len(bom) == sum(len(line.bom) for line in windows)
    assert bom[0] == {"order": "O-2026-00007", "line": "2", "bom_id": "frame-timber", "item": "FURU-56x115",
                      "label": "Karmtre furu 56 × 115", "quantity": "10.4", "unit": "m"}
    cuts = read_csv(files["O-2026-00007-cut_list.csv"])
    assert cuts[2] == {"order": "O-2026-00007", "line": "2", "cut_id": "bar", "label": "Sprosse",
                       "material": "Furu 22 × 40", "length_mm": "512.5", "count": "12", "width_mm": "",
                       "thickness_mm": "", "edge_long": "0", "edge_short": "0", "edge_material": ""}
    fields = read_csv(files["O-2026-00007-fields.csv"])
    assert {"order": "O-2026-00007", "line": "1", "field_id": "number-series", "label": "Nummerserie",
            "value_id": "70001-70300", "value": "70001–70300"} in fields
    specification = read_csv(files["O-2026-00007-specification.csv"])
    assert {"order": "O-2026-00007", "line": "1", "attribute_id": "species", "label": "Dyreart", "value_id": "sheep",
            "value": "Sau"} in specification
    assert len(specification) == sum(len(line.specification) for line in order.lines)
    parameters = read_csv(files["O-2026-00007-parameters.csv"])
    assert parameters == [{"order": "O-2026-00007", "parameter_id": "origin_pairs", "label": "Merker i par",
                           "value_id": "true", "value": "Ja"}]


def test_csv_quotes_separators_inside_texts() -> None:
    snapshot = eartag_order(tags=1, windows=1)
    window = replace(snapshot.lines[1], product='Vindu; "spesial"')
    rows = list(csv.reader(io.StringIO(order_csv_files(replace(snapshot, lines=(window,)))[
        "O-2026-00007-lines.csv"]), delimiter=";"))
    assert rows[1][3] == 'Vindu; "spesial"'


def test_one_workbook_with_a_sheet_per_kind(order: OrderSnapshot, tmp_path: Path) -> None:
    path = tmp_path / "order.xlsx"
    path.write_bytes(order_xlsx(order))
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == list(COLUMNS)
    for kind, (header, rows) in order_tables(order).items():
        sheet = workbook[kind]
        values = list(sheet.iter_rows(values_only=True))
        assert values[0] == header and sheet.freeze_panes == "A2" and sheet["A1"].font.b
        assert len(values) == len(rows) + 1
    bom = list(workbook["bom"].iter_rows(min_row=2, values_only=True))
    assert bom[0] == ("O-2026-00007", 2, "frame-timber", "FURU-56x115", "Karmtre furu 56 × 115", 10.4, "m")
    assert next(iter(workbook["tags"].iter_rows(min_row=301, values_only=True)))[3] == "70300"


# ------------------------------------------------------------------ JSON


def rebuild(data: dict[str, Any]) -> OrderSnapshot:
    """The snapshot from its JSON, written independently of the exporter (Decimals and dates parsed back)."""
    def party(d: dict[str, Any]) -> PartyBlock:
        return PartyBlock(**{**d, "address_lines": tuple(d["address_lines"])})

    def line(d: dict[str, Any]) -> OrderLineSnapshot:
        return OrderLineSnapshot(**{
            **d,
            "specification": tuple(SpecItem(**{**item, "amount": None}) for item in d["specification"]),
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
        "bom": tuple(BomRow(**{**row, "quantity": Decimal(row["quantity"])}) for row in data["bom"]),
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
