"""The production order for the factory's machines and spreadsheets, made from an OrderSnapshot: one table per
kind of data, as CSV files or as one XLSX workbook with a sheet each, and the whole order as JSON.

**Tables** (:func:`order_tables`), each with a header row of fixed English column names (a machine reads them;
they never change with the language) and ids beside the texts (the model's ids and stored values, then the
labels as the snapshot has them, in its language):

========================  ==========================================================================
``lines``                 order, line, family, product, model_version, quantity, qr_payload
``parameters``            order, parameter_id, label, value_id, value  (the accepted quote's parameters)
``specification``         order, line, attribute_id, label, value_id, value
``fields``                order, line, field_id, label, value_id, value  (production fields)
``bom``                   order, line, bom_id, item, label, quantity, unit  (line 0: for the whole order)
``cut_list``              order, line, cut_id, label, material, length_mm, count, width_mm, thickness_mm,
                          edge_long, edge_short, edge_material (empty / 0 for a cut by length only)
``tags``                  order, line, holding_id, number, printed, eid, inside  (one row per ear tag)
========================  ==========================================================================

Numbers are written in plain notation with a point (``10.4``, never ``1.4E+3``); in the workbook they are numbers.

**CSV** (:func:`order_csv_files`): one file per table, ``O-2026-00001-bom.csv``; plain UTF-8 without a byte-order
mark, ``;`` as separator (what Norwegian Excel expects), ``"`` as quote where a field needs it, ``\\n`` line ends.

**XLSX** (:func:`order_xlsx`, openpyxl): one workbook, a sheet per table in the order above, the header bold and
frozen.

**JSON** (:func:`order_json`): the whole snapshot as plain data, keys in the dataclasses' field order (stable),
``Decimal`` as strings in plain notation (exact: ``"10.4"``), dates as ISO ``YYYY-MM-DD``, tuples as lists, and
no image bytes (``logo_png`` and ``preview_png`` are left out); ``ensure_ascii=False`` so æ, ø and å stay
readable.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date
from decimal import Decimal
from typing import Any

from configurator.core.documents.snapshot import OrderSnapshot

Cell = str | int | Decimal
COLUMNS: dict[str, tuple[str, ...]] = {
    "lines": ("order", "line", "family", "product", "model_version", "quantity", "qr_payload"),
    "parameters": ("order", "parameter_id", "label", "value_id", "value"),
    "specification": ("order", "line", "attribute_id", "label", "value_id", "value"),
    "fields": ("order", "line", "field_id", "label", "value_id", "value"),
    "bom": ("order", "line", "bom_id", "item", "label", "quantity", "unit"),
    "cut_list": ("order", "line", "cut_id", "label", "material", "length_mm", "count", "width_mm", "thickness_mm",
                 "edge_long", "edge_short", "edge_material"),
    "tags": ("order", "line", "holding_id", "number", "printed", "eid", "inside"),
}
IMAGE_FIELDS = frozenset({"logo_png", "preview_png"})


def order_tables(snapshot: OrderSnapshot) -> dict[str, tuple[tuple[str, ...], list[list[Cell]]]]:
    """Every table of the order: name -> (header, rows), in the order of :data:`COLUMNS`."""
    number = snapshot.number
    rows: dict[str, list[list[Cell]]] = {name: [] for name in COLUMNS}
    rows["parameters"] = [[number, item.id, item.label, item.code, item.value] for item in snapshot.parameters]
    for line in snapshot.lines:
        position = line.position
        rows["lines"].append([number, position, line.family, line.product, line.model_version, line.quantity,
                              line.qr_payload])
        rows["specification"] += [[number, position, item.id, item.label, item.code, item.value]
                                  for item in line.specification]
        rows["fields"] += [[number, position, item.id, item.label, item.code, item.value] for item in line.fields]
        rows["bom"] += [[number, position, row.id, row.item, row.label, row.quantity, row.unit] for row in line.bom]
        rows["cut_list"] += [[number, position, row.id, row.label, row.material, row.length_mm, row.count,
                              "" if row.width_mm is None else row.width_mm,
                              "" if row.thickness_mm is None else row.thickness_mm, row.edge_long, row.edge_short,
                              row.edge_material] for row in line.cut_list]
        rows["tags"] += [[number, position, line.holding_id, tag.number, tag.printed, tag.eid, " / ".join(tag.inside)]
                         for tag in line.tags]
    rows["bom"] += [[number, 0, row.id, row.item, row.label, row.quantity, row.unit] for row in snapshot.bom]
    return {name: (header, rows[name]) for name, header in COLUMNS.items()}


def _text(cell: Cell) -> str:
    return format(cell, "f") if isinstance(cell, Decimal) else str(cell)


def table_csv(header: tuple[str, ...], rows: list[list[Cell]]) -> str:
    """One table as CSV text (see the module's description of the format)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quotechar='"', lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_text(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def order_csv_files(snapshot: OrderSnapshot) -> dict[str, str]:
    """Every table as a CSV file: file name ("O-2026-00001-bom.csv") -> text."""
    return {f"{snapshot.number}-{name}.csv": table_csv(header, rows)
            for name, (header, rows) in order_tables(snapshot).items()}


def order_xlsx(snapshot: OrderSnapshot) -> bytes:
    """The order as an XLSX workbook with one sheet per table (see the module's description)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, (header, rows) in order_tables(snapshot).items():
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A2"
        for column, title in enumerate(header, start=1):
            widest = max([len(title), *(len(_text(row[column - 1])) for row in rows)])
            sheet.column_dimensions[get_column_letter(column)].width = min(60, widest + 2)
        titles = []
        for title in header:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            titles.append(cell)
        sheet.append(titles)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def order_json(snapshot: OrderSnapshot) -> str:
    """The order as JSON text (see the module's description of the format)."""
    return json.dumps(plain(snapshot), ensure_ascii=False, indent=2)


def plain(value: Any) -> Any:
    """A snapshot (or any part of one) as JSON-ready data: dicts in field order, lists, strings, ints, None."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in IMAGE_FIELDS}
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, Decimal):
        return format(value, "f")  # never an exponent: "1400", "10.4"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        raise TypeError("image bytes are not exported")
    return value
