"""Lookup and price tables: a CSV that maps attribute values or number ranges to a value.

```yaml
tables:
  - id: base_prices
    file: base_prices.csv
    keys: [cabinet_type, width_mm]     # columns that hold values of these attributes
    value: price                       # the column looked up (numbers, or texts such as option ids)
    unit: kr                           # optional: the unit of the numbers
```
A key cell is a value (an option id, ``true``/``false``, a number), a range of numbers ``300-400`` (both ends
included) or ``*`` (any value). ``lookup(base_prices)`` in an expression is the value of the row that fits the
configuration. Rows may not overlap (one configuration, two rows), and unless ``required: false`` the table also
limits the configuration to the combinations it has a row for (rule ``table-<id>``), so the engine never offers a
configuration without a price.
"""

from __future__ import annotations

import itertools
import math
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from configurator.core.i18n import Message, Text, msg
from configurator.core.model import expr as e
from configurator.core.model import schema as s
from configurator.core.model.reader import ID_PATTERN, Invalid
from configurator.core.model.units import UNITS, parse_unit
from configurator.core.model.validate_tables import _header_problem as header_problem

if TYPE_CHECKING:
    from configurator.core.model.validate import ModelValidator

TABLE_KEYS = ("id", "file", "keys", "value", "unit", "required", "message")
MAX_ERRORS = 20
MAX_OVERLAP_CHECK = 200_000  # combinations of the keys' values checked for rows that overlap
_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)\s*$")
_BAD = object()


def table_files(doc: Any) -> list[tuple[Any, str]]:
    """(entry, file) of every lookup table a model document names (for the loader, which reads the CSVs)."""
    entries = doc.get("tables") if isinstance(doc, dict) else None
    found = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("file"), str):
            found.append((entry, entry["file"]))
    return found


def read_lookup_tables(v: ModelValidator, doc: dict[str, Any]) -> None:
    """Read ``tables`` into ``v.lookup_tables`` (id -> (table, value type)) and their coverage rules."""
    seen: dict[str, Any] = {}
    for container, index, raw in v.items(doc, "tables", None):
        try:
            entry = v.mapping(container, index, None, raw)
            table_id = v.identifier(entry, "id", None)
            where = msg("table '{id}'", id=table_id)
            v.check_keys(entry, TABLE_KEYS, where)
            if not v.unique(seen, entry, "id", where, table_id):
                continue
            table, value_type = _read_table(v, entry, table_id, where)
        except Invalid:
            continue
        v.lookup_tables[table_id] = (table, value_type)
        if v.boolean(entry, "required", where, True):
            v.table_rules.append(_coverage_rule(v, entry, table, where))


def _read_table(v: ModelValidator, entry: dict[str, Any], table_id: str, where: Message
                ) -> tuple[e.LookupTable, e.Type]:
    file = v.text(entry, "file", where)
    assert file is not None
    if file in v.tables and v.tables[file] is None:
        raise Invalid  # the file's own problem is reported already
    data = v.tables.get(file)
    if not isinstance(data, dict) or not isinstance(data.get("header"), list):
        raise v.fail(entry, "file", where, msg("the table file '{file}' was not found", file=file))
    header = [str(c) for c in data["header"]]
    rows = data["rows"]
    keys = _keys(v, entry, where)
    value_column = v.text(entry, "value", where)
    assert value_column is not None
    for name in [*keys, value_column]:
        if name not in header:  # said as for combination tables: at the CSV's line 1, with its columns
            raise header_problem(v, rows, where, file=file, header=header, name=name, candidates=header)
    unit = v.text(entry, "unit", where, required=False)
    if unit is not None and parse_unit(unit) is None:
        raise v.fail(entry, "unit", where, msg("unknown unit '{unit}' (known: {known})", unit=unit,
                                               known=", ".join(UNITS)))
    cells = _key_cells(v, file, rows, keys, positions=[header.index(k) for k in keys], where=where)
    values, value_type = _values(v, file, rows, position=header.index(value_column), column=value_column, unit=unit,
                                  where=where)
    lines = tuple(rows.item_lines) if hasattr(rows, "item_lines") else tuple(None for _ in rows)
    table = e.LookupTable(table_id, file, tuple(keys), cells, values, lines)
    _check_overlaps(v, table, rows, where)
    return table, value_type


def _keys(v: ModelValidator, entry: dict[str, Any], where: Message) -> list[str]:
    raw = v.required(entry, "keys", where)
    if not isinstance(raw, list) or not raw or not all(isinstance(k, str) and ID_PATTERN.match(k) for k in raw):
        raise v.fail(entry, "keys", where, msg("'keys' must be a list of attributes"))
    for name in raw:
        if not v.known_attribute(entry, "keys", where, name):
            raise Invalid
        if v.attributes[name].type not in (s.CHOICE, s.BOOLEAN, s.INTEGER, s.DECIMAL):
            raise v.fail(entry, "keys", where, msg(
                "'{id}' cannot be a table key: only choices, booleans and numbers can", id=name))
    return list(raw)


def _cell_parser(attribute: s.Attribute) -> Any:
    if attribute.type == s.CHOICE:
        options = {o.id for o in attribute.options}
        return lambda cell: cell if cell in options else _BAD
    if attribute.type == s.BOOLEAN:
        return lambda cell: {"true": True, "false": False}.get(cell, _BAD)

    def number(cell: str) -> Any:
        found = _RANGE.match(cell)
        if found is not None:
            low, high = Decimal(found.group(1)), Decimal(found.group(2))
            return e.Range(low, high) if low <= high else _BAD
        try:
            value = Decimal(cell)
        except ArithmeticError:
            return _BAD
        return value if value.is_finite() and attribute.accepts(value) else _BAD

    return number


def _key_cells(v: ModelValidator, file: str, rows: Any, keys: list[str], *, positions: list[int], where: Message
               ) -> tuple[tuple[Any, ...], ...]:
    parsers = [_cell_parser(v.attributes[k]) for k in keys]
    parsed: list[tuple[Any, ...]] = []
    errors = 0
    for index, row in enumerate(rows):
        cells = []
        for key, position, parse in zip(keys, positions, parsers, strict=True):
            text = row[position].strip() if position < len(row) else ""
            cell = None if text == "*" else parse(text)
            if cell is _BAD:
                errors += 1
                if errors <= MAX_ERRORS:
                    v.error(rows, index, where, msg(
                        "'{value}' in column '{column}' of '{file}' is not a value of '{id}' (nor a range like "
                        "300-400, nor *)", value=text, column=key, file=file, id=key))
            cells.append(cell)
        parsed.append(tuple(cells))
    if errors:
        raise Invalid
    return tuple(parsed)


def _values(v: ModelValidator, file: str, rows: Any, *, position: int, column: str, unit: str | None,
            where: Message) -> tuple[tuple[Any, ...], e.Type]:
    texts = [row[position].strip() if position < len(row) else "" for row in rows]
    numbers: list[Decimal | None] = []
    for text in texts:
        try:
            parsed = Decimal(text)
            numbers.append(parsed if parsed.is_finite() else None)
        except InvalidOperation:
            numbers.append(None)
    if unit is None and texts and all(n is None for n in numbers) and all(ID_PATTERN.match(t) for t in texts):
        return tuple(texts), e.TEXT  # option ids (a computed choice) or other names
    for index, (text, number) in enumerate(zip(texts, numbers, strict=True)):
        if number is None:
            raise v.fail(rows, index, where, msg("'{value}' in column '{column}' of '{file}' is not a number",
                                                 value=text, column=column, file=file))
    value_unit = parse_unit(unit) if unit is not None else None
    return tuple(numbers), e.Type(e.Kind.NUM, value_unit)


def _check_overlaps(v: ModelValidator, table: e.LookupTable, rows: Any, where: Message) -> None:
    """Two rows that fit one configuration are an error naming both lines (when the keys are few enough)."""
    domains = [v.attributes[k].domain() for k in table.keys]
    if math.prod(len(d) for d in domains) > MAX_OVERLAP_CHECK:
        return
    fitting: list[list[int]] = []  # per key: per value, the rows (as bits) that fit it
    for position, domain in enumerate(domains):
        fitting.append([sum(1 << r for r, row in enumerate(table.rows) if _fits(row[position], value))
                        for value in domain])
    for combination in itertools.product(*(range(len(d)) for d in domains)):
        bits = -1
        for position, value_index in enumerate(combination):
            bits &= fitting[position][value_index]
            if not bits:
                break
        if bits and bits & (bits - 1):
            first = (bits & -bits).bit_length() - 1
            rest = bits & (bits - 1)
            second = (rest & -rest).bit_length() - 1
            shown = ", ".join(f"{k} = {_shown(domains[i][combination[i]])}" for i, k in enumerate(table.keys))
            line = table.lines[first] if table.lines and table.lines[first] is not None else first + 1
            raise v.fail(rows, second, where, msg(
                "this row and the row at line {line} both fit {values} in '{file}'; rows may not overlap",
                line=line, values=shown, file=table.file))


def _fits(cell: Any, value: Any) -> bool:
    return e.LookupTable("", "", ("k",), ((cell,),), (True,)).find((value,)) is True


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _coverage_rule(v: ModelValidator, entry: dict[str, Any], table: e.LookupTable, where: Message) -> s.Rule:
    keys = tuple(e.AttrRef(v.symbols[k].type, k) for k in table.keys)
    node = e.Lookup(e.BOOL, table, keys, test=True)
    message = v.localised(entry, "message", where, required=False) or Text(
        nb=f"Tabellen {table.file} har ingen rad for denne kombinasjonen av {', '.join(table.keys)}.",
        en=f"The table {table.file} has no row for this combination of {', '.join(table.keys)}.")
    return s.Rule(f"table-{table.id}", "require", message,
                  expr=s.Expression(f"lookup({table.id}) has a row", node))


def check_computed_choice(v: ModelValidator, entry: dict[str, Any], where: Message, node: e.Node,
                          options: tuple[s.Option, ...]) -> None:
    """Every value a computed choice's expression can give must be one of its options."""
    known = {o.id for o in options}
    for value in sorted(_texts(node)):
        if value not in known:
            raise v.fail(entry, "expr", where, msg(
                "the expression can give '{value}', which is not an option of '{id}' (options: {known})",
                value=value, id=entry.get("id"), known=", ".join(sorted(known))))


def _texts(node: e.Node) -> set[str]:
    if isinstance(node, e.Lookup):
        return {str(x) for x in node.table.values}
    if isinstance(node, e.Const):
        return {str(node.value)}
    if isinstance(node, e.IfElse):
        return _texts(node.then) | _texts(node.other)
    return set()
