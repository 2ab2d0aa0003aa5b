"""Validation of combination tables (CSV rows, or rows stored with a model document)."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from configurator.core.i18n import Message, msg, nmsg
from configurator.core.model import schema as s
from configurator.core.model.reader import Invalid

if TYPE_CHECKING:
    from configurator.core.model.validate import ModelValidator

MAX_TABLE_ERRORS = 20


def read_table(v: ModelValidator, entry: dict[str, Any], where: Message) -> s.Table:
    """A combination table rule: its columns, mode and rows (each cell a value of its column's attribute)."""
    spec = v.mapping(entry, "table", where, entry["table"])
    v.check_keys(spec, ("file", "columns", "mode"), where)
    file = v.text(spec, "file", where)
    assert file is not None
    mode = v.text(spec, "mode", where, required=False) or "allowed"
    if mode not in ("allowed", "forbidden"):
        raise v.fail(spec, "mode", where, msg("'mode' must be 'allowed' or 'forbidden' (got '{value}')",
                                                 value=mode))
    if file in v.tables and v.tables[file] is None:
        raise Invalid  # the file's own problem is reported already
    data = v.tables.get(file)
    if data is None:
        raise v.fail(spec, "file", where, msg("the table file '{file}' was not found", file=file))
    if not _well_formed_table(data):
        raise v.fail(spec, "file", where, msg("the stored table '{file}' is damaged", file=file))
    header: list[str] = list(data["header"])
    columns = header
    if "columns" in spec:
        columns = [str(c) for c in (spec["columns"] if isinstance(spec["columns"], list) else [])]
        if not columns:
            raise v.fail(spec, "columns", where, msg("'columns' must be a list of attributes"))
    positions: list[int] = []
    for name in columns:
        if name not in header:  # a typo in the CSV's header: say so at its line 1, with the columns it has
            raise _header_problem(v, data["rows"], where, file=file, header=header, name=name, candidates=header)
        if "columns" not in spec and name not in v.attributes and name not in v.symbols and name not in v.invalid:
            raise _header_problem(v, data["rows"], where, file=file, header=header, name=name,
                                  candidates=list(v.symbols))
        if not v.known_attribute(spec, "columns" if "columns" in spec else "file", where, name):
            raise Invalid
        if v.attributes[name].type not in (s.CHOICE, s.BOOLEAN, s.INTEGER, s.DECIMAL):
            raise v.fail(spec, "columns" if "columns" in spec else "file", where, msg(
                "'{id}' cannot be a table column: only choices, booleans and numbers can", id=name))
        positions.append(header.index(name))
    rows = _table_rows(v, file, data["rows"], columns, positions, where=where)
    return s.Table(file, tuple(columns), mode, rows)

def _header_problem(v: ModelValidator, rows: Any, where: Message, *, file: str, header: list[str], name: str,
                    candidates: list[str]) -> Invalid:
    """The header of ``file`` lacks the column ``name`` (the rule names it) or names a column ``name`` that is no
    attribute: reported at the CSV's line 1 with the columns it has and the closest name."""
    close = difflib.get_close_matches(name, [c for c in candidates if c != name], n=1, cutoff=0.6)
    columns = ", ".join(header)
    if name in header:
        if close:
            return v.fail(rows, None, where, msg(
                "the header of '{file}' names the column '{column}', which is not an attribute (did you mean "
                "'{suggestion}'?); its columns are: {columns}", file=file, column=name, suggestion=close[0],
                columns=columns))
        return v.fail(rows, None, where, msg(
            "the header of '{file}' names the column '{column}', which is not an attribute; its columns are: "
            "{columns}", file=file, column=name, columns=columns))
    if close:
        return v.fail(rows, None, where, msg(
            "the header of '{file}' has no column '{column}' (did you mean '{suggestion}'?); its columns are: "
            "{columns}", file=file, column=name, suggestion=close[0], columns=columns))
    return v.fail(rows, None, where, msg("the header of '{file}' has no column '{column}'; its columns are: {columns}",
                                         file=file, column=name, columns=columns))


def _table_rows(v: ModelValidator, file: str, raw_rows: Any, columns: list[str], positions: list[int], *,
               where: Message) -> tuple[tuple[Any, ...], ...]:
    """Parse the table column by column: each distinct cell text is parsed once."""
    width = max(positions) + 1
    padded = [row if len(row) >= width else [*row, *[""] * (width - len(row))] for row in raw_rows]
    parsed_columns = []
    bad_rows: dict[int, str] = {}
    for attr_id, position in zip(columns, positions, strict=True):
        parse = _plain_cell_parser(v.attributes[attr_id])
        cells = [row[position] for row in padded]
        meaning = {}
        for cell in set(cells):
            text = cell.strip()
            meaning[cell] = s.ANY if text == "*" else parse(text)
        if any(v is _BAD for v in meaning.values()):
            for index, cell in enumerate(cells):
                if meaning[cell] is _BAD and index not in bad_rows:
                    bad_rows[index] = attr_id
                    if len(bad_rows) <= MAX_TABLE_ERRORS:
                        v.error(raw_rows, index, where, msg(
                            "'{value}' in column '{column}' of '{file}' is not a value of '{id}'",
                            value=cell.strip(), column=attr_id, file=file, id=attr_id))
        parsed_columns.append(list(map(meaning.__getitem__, cells)))
    if len(bad_rows) > MAX_TABLE_ERRORS:
        v.error(raw_rows, None, where, nmsg("{count} more wrong row in '{file}' not shown",
                                               "{count} more wrong rows in '{file}' not shown",
                                               len(bad_rows) - MAX_TABLE_ERRORS, file=file))
    if bad_rows:
        raise Invalid
    return tuple(zip(*parsed_columns, strict=True)) if parsed_columns else ()


_BAD = object()


def _plain_cell_parser(attribute: s.Attribute) -> Callable[[str], Any]:
    if attribute.type == s.CHOICE:
        options = {o.id for o in attribute.options}
        return lambda cell: cell if cell in options else _BAD
    if attribute.type == s.BOOLEAN:
        return lambda cell: {"true": True, "false": False}.get(cell, _BAD)

    def number(cell: str) -> Any:
        try:
            value = Decimal(cell)
        except ArithmeticError:
            return _BAD
        return value if value.is_finite() and attribute.accepts(value) else _BAD

    return number


def _well_formed_table(data: Any) -> bool:
    """A stored table: a header of texts and rows of texts (a document from the database may be damaged)."""
    if not isinstance(data, dict) or not isinstance(data.get("header"), list) or not isinstance(data.get("rows"), list):
        return False
    return all(isinstance(c, str) for c in data["header"]) and all(
        isinstance(row, list) and all(isinstance(c, str) for c in row) for row in data["rows"])
