"""Price-list updates from a spreadsheet (``.xlsx``) or a ``.csv`` file: new prices for options and price items.

A price list has a header row and one row per price: the family, the option (``attribute=option``, also
``attribute.option``) or price item (``base``, ``minimum``, a surcharge's id, a boolean attribute's id), the new
price and the date it is valid from. Headers are matched in English or bokmål (``family``/``familie``,
``item``/``option``/``prisledd``, ``price``/``new price``/``ny pris``, ``valid from``/``gyldig fra``); other
columns (names, old prices, notes) are ignored.

:func:`prepare_price_list` reads nothing into the database: every row is checked against the installed
catalogue (an unknown family, attribute, option or price item, a price that is not an amount, a date that is not
a date, a price the model computes with a formula, a row listed twice: each an error with its row and column,
in nb and en), and each family it touches becomes a new model version (the version in force on the valid-from
date with the new prices, effective from that date), validated as a model is (the engine's lint is not run again:
it reads no prices, and the version the prices go into passed it). The model's own test cases are run: one whose
expected price no longer holds is shown among the changes, for the publisher to update before the next package.
:func:`apply_price_list` snapshots the database and stores the versions, the installed state (so ``rollback``
undoes a price list too) and the import history in one transaction. Workbooks are read with openpyxl, whose XML
goes through defusedxml (no entity expansion, no external entities); their zip is checked for size and compression
ratio first.
"""

from __future__ import annotations

import copy
import csv
import difflib
import hashlib
import io
import math
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from configurator.core.i18n import DEFAULT_LANGUAGE, Message, msg, nmsg, translate
from configurator.core.sync.diff import Change, family_changes
from configurator.core.sync.errors import PackageError

if TYPE_CHECKING:
    from configurator.core.catalogue.db import Database
    from configurator.core.model.schema import ProductModel
    from configurator.core.quoting.model_tests import CaseResult
    from configurator.core.sync.importer import Progress

PRICE_LIST_SUFFIXES = (".xlsx", ".csv")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a workbook's XML, all parts together
MAX_RATIO = 200
MAX_ROWS = 100_000
MAX_CELL_CHARS = 1_000
MAX_PRICE = Decimal("100000000")  # kr (or %): beyond this a row is a typo

COLUMNS: dict[str, tuple[str, ...]] = {  # our column -> the headers it is known by (lower case)
    "family": ("family", "product family", "familie", "produktfamilie"),
    "item": ("item", "option", "price item", "option or price item", "prisledd", "alternativ", "valg",
             "alternativ eller prisledd"),
    "price": ("price", "new price", "pris", "ny pris"),
    "valid_from": ("valid from", "valid_from", "gyldig fra", "gjelder fra", "fra dato"),
}
COLUMN_TEXTS = {"family": msg("family"), "item": msg("option or price item"), "price": msg("new price"),
                "valid_from": msg("valid from")}


def is_price_list(path: Path) -> bool:
    return path.suffix.lower() in PRICE_LIST_SUFFIXES


@dataclass(frozen=True)
class RowError:
    """One problem in a price list: the file, the row (1 = the first line of the file) and the column."""

    file: str
    row: int | None
    column: str | None
    message: Message

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        text = self.message.render(language)
        if self.column is not None:
            text = translate("column '{column}': {message}", language,
                             column=COLUMN_TEXTS[self.column].render(language), message=text)
        if self.row is None:
            return f"{self.file}: {text}"
        return translate("{file}, row {row}: {message}", language, file=self.file, row=self.row, message=text)

    def __str__(self) -> str:
        return self.render("en")


@dataclass(frozen=True)
class PriceRow:
    row: int
    family: str
    item: str
    price: Decimal
    valid_from: date


@dataclass(frozen=True)
class NewVersion:
    """A family's new model version made from a price list (not stored yet)."""

    family: str
    names: dict[str, str]
    version: str
    effective: date
    document: dict[str, Any] = field(hash=False)
    source_hash: str
    images: dict[str, bytes] = field(hash=False, repr=False)
    based_on: str  # the model version it was made from


@dataclass
class PriceListPlan:
    name: str  # the file's name, as shown
    sha256: str
    rows: list[PriceRow]
    versions: list[NewVersion]
    changes: list[Change]
    installed_version: int
    no_op: bool = False
    same_file: bool = False  # this very file was the last import
    kind: str = "prices"


# --- reading the file ------------------------------------------------------------------------------------------


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        if not path.is_file():
            raise PackageError(msg("not a file"), where=shown)
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PackageError(msg("the file has {size} bytes; a price list may have at most {limit}", size=size,
                                   limit=MAX_FILE_BYTES), where=shown)
        return path.read_bytes()
    except OSError as error:
        raise PackageError(msg("the file cannot be read: {error}", error=error.strerror or str(error)),
                           where=shown) from None


def _csv_rows(data: bytes, shown: str) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on a Norwegian Windows
    if "\0" in text:
        raise PackageError(msg("this is not a CSV text file (it contains NUL characters)"), where=shown)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count) if first else ";"
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)]
    except csv.Error as error:
        raise PackageError(msg("the CSV file cannot be read: {error}", error=str(error)), where=shown) from None


def _check_workbook_zip(data: bytes, shown: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                if info.file_size > 64 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise PackageError(msg("the workbook part {entry} unpacks {ratio} times larger than it is "
                                           "stored (a zip bomb?)", entry=info.filename,
                                           ratio=info.file_size // max(info.compress_size, 1)), where=shown)
            if total > MAX_UNPACKED_BYTES:
                raise PackageError(msg("the workbook unpacks to {size} bytes; at most {limit} are read", size=total,
                                       limit=MAX_UNPACKED_BYTES), where=shown)
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise PackageError(msg("this is not an Excel workbook (.xlsx), or the file is truncated"),
                           where=shown) from None


def _unreadable(error: BaseException, shown: str) -> PackageError:
    seen: BaseException | None = error
    while seen is not None:  # openpyxl wraps the parser's error in its own
        if type(seen).__module__.startswith("defusedxml"):
            return PackageError(msg("the workbook's XML declares entities or a DTD ({error}); such a file is not "
                                    "read", error=type(seen).__name__), where=shown)
        seen = seen.__cause__ or seen.__context__
    return PackageError(msg("this is not an Excel workbook (.xlsx) that can be read: {error}",
                            error=type(error).__name__), where=shown)


def _xlsx_rows(data: bytes, shown: str) -> list[list[Any]]:
    _check_workbook_zip(data, shown)
    import openpyxl
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise PackageError(msg("workbooks are only read with defusedxml installed"), where=shown)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise _unreadable(error, shown) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return []
        rows: list[list[Any]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except Exception as error:
        raise _unreadable(error, shown) from None
    finally:
        workbook.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_columns(header: list[Any], shown: str, row: int) -> dict[str, int]:
    known = {name: column for column, names in COLUMNS.items() for name in names}
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = " ".join(str(cell).strip().lower().replace("_", " ").split()) if cell is not None else ""
        column = known.get(name) or known.get(name.replace(" ", "_"))
        if column is not None and column not in found:
            found[column] = index
    missing = [c for c in COLUMNS if c not in found]
    if missing:
        texts = ", ".join(f"'{COLUMNS[c][0]}'" for c in missing)
        raise _errors([RowError(shown, row, None, msg(
            "the header row lacks the columns {columns} (expected: family, option or price item, new price, "
            "valid from; in English or bokmål)", columns=texts))], shown)
    return found


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _price(value: Any) -> Decimal | Message:
    from configurator.core.numbers import NumberError, parse_money

    if isinstance(value, bool):
        return msg("'{value}' is not an amount", value=value)
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return msg("'{value}' is not an amount", value=value)
        amount = Decimal(repr(value))
    elif isinstance(value, Decimal):
        amount = value
    else:
        text = str(value).strip()
        if len(text) > 40:
            return msg("'{value}' is not an amount", value=text[:40] + "…")
        try:
            amount = parse_money(text, "nb")  # accepts 1250, 1250.50, 1 250,50, kr 1 250,50
        except (NumberError, InvalidOperation):
            return msg("'{value}' is not an amount (write 1250 or 1250,50)", value=text)
    if not amount.is_finite():
        return msg("'{value}' is not an amount", value=value)
    if abs(amount) > MAX_PRICE:  # before quantize: a 30-digit number has no øre to round to
        return msg("{value} is larger than any price (at most {limit})", value=value, limit=MAX_PRICE)
    if amount != amount.quantize(Decimal("0.01")):
        return msg("'{value}' has more than two decimals", value=value)
    return amount.quantize(Decimal("0.01")) if amount != amount.to_integral_value() else Decimal(int(amount))


def _valid_from(value: Any) -> date | Message:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d.%m.%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    return msg("'{value}' is not a date (write 2027-01-01 or 01.01.2027)", value=text[:40])


def read_price_rows(path: Path, shown: str | None = None) -> list[PriceRow]:
    """The rows of a price list; every problem of form (not of content) as one error with its row and column."""
    shown = shown or path.name
    rows, errors = _read_rows(_read_bytes(path, shown), path.suffix.lower(), shown)
    if errors:
        raise _errors(errors, shown)
    return rows


def _read_rows(data: bytes, suffix: str, shown: str) -> tuple[list[PriceRow], list[RowError]]:
    """The good rows and the problems of the others (a file that is no table at all raises)."""
    raw = _xlsx_rows(data, shown) if suffix == ".xlsx" else _csv_rows(data, shown)
    numbered = [(index + 1, row) for index, row in enumerate(raw) if not all(_blank(c) for c in row)]
    if not numbered:
        raise PackageError(msg("the price list is empty (no header row, no prices)"), where=shown)
    if len(numbered) > MAX_ROWS + 1:
        raise PackageError(msg("the price list has more than {limit} rows", limit=MAX_ROWS), where=shown)
    header_row, header = numbered[0]
    columns = _header_columns(header, shown, header_row)
    errors: list[RowError] = []
    rows: list[PriceRow] = []
    for number, row in numbered[1:]:
        cells = {c: row[i] if i < len(row) else None for c, i in columns.items()}
        problems: list[RowError] = []
        for column, value in cells.items():
            if _blank(value):
                problems.append(RowError(shown, number, column, msg("empty")))
            elif isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                problems.append(RowError(shown, number, column, msg("the text is too long ({size} characters)",
                                                                    size=len(value))))
        if problems:
            errors.extend(problems)
            continue
        price, valid_from = _price(cells["price"]), _valid_from(cells["valid_from"])
        if isinstance(price, Message):
            errors.append(RowError(shown, number, "price", price))
        if isinstance(valid_from, Message):
            errors.append(RowError(shown, number, "valid_from", valid_from))
        if isinstance(price, Decimal) and isinstance(valid_from, date):
            rows.append(PriceRow(number, _text(cells["family"]), _text(cells["item"]), price, valid_from))
    if not rows and not errors:
        raise PackageError(msg("the price list has a header row but no prices"), where=shown)
    return rows, errors


def _errors(errors: list[RowError], shown: str) -> PackageError:
    ordered = sorted(errors, key=lambda e: (e.row or 0, list(COLUMNS).index(e.column) if e.column else -1))
    return PackageError(nmsg("{count} problem in the price list; nothing was imported",
                             "{count} problems in the price list; nothing was imported", len(errors)),
                        where=shown, details=ordered)


# --- against the catalogue ---------------------------------------------------------------------------------


def _hint(word: str, known: Iterable[str]) -> Message | str:
    close = difflib.get_close_matches(word, list(known), n=1)
    return msg(" (did you mean '{word}'?)", word=close[0]) if close else ""


def _locate(model: Mapping[str, Any], item: str) -> tuple[dict[str, Any], str] | Message:
    """The mapping that holds ``item``'s price and its key there (``price``/``base``/``minimum``), or why not."""
    attributes = {str(a.get("id")): a for a in model.get("attributes") or [] if isinstance(a, dict)}
    pricing = model.get("pricing")
    if not isinstance(pricing, dict):  # pragma: no cover - a validated model has pricing
        return msg("the model has no pricing")
    separator = "=" if "=" in item else ("." if "." in item and item.split(".", 1)[0] in attributes else None)
    if separator is not None:
        attribute_id, option_id = (part.strip() for part in item.split(separator, 1))
        attribute = attributes.get(attribute_id)
        if attribute is None:
            return msg("unknown attribute '{attribute}'{hint}", attribute=attribute_id,
                       hint=_hint(attribute_id, attributes))
        options = {str(o.get("id")): o for o in attribute.get("options") or [] if isinstance(o, dict)}
        if not options:
            return msg("'{attribute}' has no options (it is a {kind})", attribute=attribute_id,
                       kind=attribute.get("type"))
        option = options.get(option_id)
        if option is None:
            return msg("'{attribute}' has no option '{option}'{hint}", attribute=attribute_id, option=option_id,
                       hint=_hint(option_id, options))
        return option, "price"
    if item in ("base", "minimum"):
        return pricing, item
    surcharges = {str(s.get("id")): s for s in pricing.get("surcharges") or [] if isinstance(s, dict)}
    if item in surcharges:
        return surcharges[item], "price"
    attribute = attributes.get(item)
    if attribute is not None and attribute.get("type") == "boolean":
        return attribute, "price"
    if attribute is not None:
        return msg("'{attribute}' is a {kind}: write the option as {attribute}=OPTION", attribute=item,
                   kind=attribute.get("type"))
    known = ["base", "minimum", *surcharges, *(a for a, v in attributes.items() if v.get("type") == "boolean")]
    return msg("unknown price item '{item}' (an option is written attribute=option){hint}", item=item,
               hint=_hint(item, known))


def _set_price(holder: dict[str, Any], key: str, price: Decimal) -> Message | None:
    """Put ``price`` into the price effect at ``holder[key]`` (its amount, rate or percent); None when done."""
    effect = holder.get(key)
    if effect is None or (isinstance(effect, (int, Decimal)) and not isinstance(effect, bool)):
        holder[key] = price
        return None
    if isinstance(effect, dict):
        for field_name in ("rate", "percent"):
            if field_name in effect:
                effect[field_name] = price
                return None
        if "formula" in effect:
            return msg("this price is a formula in the model ({formula}); change it in the model instead",
                       formula=str(effect["formula"])[:80])
    return msg("this price cannot be set from a price list")


def _effect_value(holder: Mapping[str, Any], key: str) -> Any:
    effect = holder.get(key)
    if isinstance(effect, Mapping):
        for field_name in ("rate", "percent"):
            if field_name in effect:
                return effect[field_name]
    return effect


def _new_version_name(base: str, day: date, taken: set[str]) -> str:
    stem = f"{base.split('+', maxsplit=1)[0]}+{day:%Y%m%d}"
    name, counter = stem, 1
    while name in taken:
        counter += 1
        name = f"{stem}.{counter}"
    return name


def _source_hash(document: Mapping[str, Any], images: Mapping[str, bytes]) -> str:
    from configurator.core.model.loader import dump_document

    digest = hashlib.sha256(b"skredder-price-list\0" + dump_document(document).encode("utf-8"))
    for name in sorted(images):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(images[name]).digest())
    return digest.hexdigest()


# the model test results of new versions already checked in this process, by their source hash (document and
# images): a list read again (preview, then apply; the same list a second time) does not run the engine again
_CHECKED: dict[str, list[CaseResult]] = {}
_CHECKED_KEPT = 32


def _model_test_results(source_hash: str, model: ProductModel) -> list[CaseResult]:
    """The results of ``model``'s own test cases (the same source hash gives the same model and results)."""
    from configurator.core.quoting.model_tests import run_model_tests

    found = _CHECKED.get(source_hash)
    if found is None:
        found = run_model_tests(model)
        if len(_CHECKED) >= _CHECKED_KEPT:
            _CHECKED.pop(next(iter(_CHECKED)), None)
        _CHECKED[source_hash] = found
    return found


def prepare_price_list(database: Database, path: Path, *, progress: Progress | None = None,
                       today: date | None = None) -> PriceListPlan:
    """Read and check ``path`` against the installed catalogue; the new model versions it makes. Only reads."""
    from configurator.core.catalogue.packages import InstallRepository
    from configurator.core.catalogue.unit import reading
    from configurator.core.model.errors import ModelErrors
    from configurator.core.model.loader import dump_document, load_document, model_from_document
    shown = path.name
    if progress is not None:
        progress(msg("Reading the price list"), 0, 3)
    data = _read_bytes(path, shown)
    data_hash = hashlib.sha256(data).hexdigest()
    rows, errors = _read_rows(data, path.suffix.lower(), shown)
    seen: dict[tuple[str, str, date], int] = {}
    with reading(database) as unit:
        installs = InstallRepository(unit.session)
        installed = installs.current()
        families = {f.id for f in unit.models.families()}
        by_family: dict[str, list[PriceRow]] = {}
        for row in rows:
            if row.family not in families:
                errors.append(RowError(shown, row.row, "family", msg(
                    "unknown product family '{family}'{hint}", family=row.family, hint=_hint(row.family, families))))
                continue
            listed = (row.family, row.item.replace(" ", ""), row.valid_from)
            if listed in seen:
                errors.append(RowError(shown, row.row, "item", msg(
                    "{item} of {family} from {day} is listed twice (rows {first} and {row})", item=row.item,
                    family=row.family, day=row.valid_from.isoformat(), first=seen[listed], row=row.row)))
                continue
            seen[listed] = row.row
            by_family.setdefault(row.family, []).append(row)
        if progress is not None:
            progress(msg("Checking the prices against the catalogue"), 1, 3)
        versions: list[NewVersion] = []
        changes: list[Change] = []
        for family in sorted(by_family):
            stored = unit.models.versions(family)
            taken = {v.version for v in stored}
            previous: NewVersion | None = None
            for day in sorted({r.valid_from for r in by_family[family]}):
                in_force = unit.models.latest_version(family, day)
                if previous is not None and (in_force is None or in_force.effective_date <= previous.effective):
                    base_document, base_name, images = previous.document, previous.version, previous.images
                elif in_force is not None:
                    base_document = load_document(dump_document(in_force.document))
                    base_name = in_force.version
                    images = {i.path: i.data for i in unit.models.images(in_force.id)}
                else:
                    first = min(r.row for r in by_family[family] if r.valid_from == day)
                    errors.append(RowError(shown, first, "valid_from", msg(
                        "no version of {family} is in force on {day} (the first is effective {first_day})",
                        family=family, day=day.isoformat(),
                        first_day=min(v.effective_date for v in stored).isoformat() if stored else "-")))
                    continue
                document = copy.deepcopy(base_document)
                model = document["model"]
                changed = False
                for row in (r for r in by_family[family] if r.valid_from == day):
                    place = _locate(model, row.item)
                    if isinstance(place, Message):
                        errors.append(RowError(shown, row.row, "item", place))
                        continue
                    holder, key = place
                    before = copy.deepcopy(holder.get(key))
                    problem = _set_price(holder, key, row.price)
                    if problem is not None:
                        errors.append(RowError(shown, row.row, "price", problem))
                    elif holder.get(key) != before:
                        changed = True
                if not changed:
                    continue
                name = _new_version_name(base_name, day, taken)
                taken.add(name)
                model["version"] = name
                model["effective"] = day.isoformat()
                try:
                    checked = model_from_document(document, images, name=f"{shown}:{family}")
                except ModelErrors as problems:
                    first = min(r.row for r in by_family[family] if r.valid_from == day)
                    errors.extend(RowError(shown, first, None, msg("the new prices make the model invalid: "
                                                                   "{problem}", problem=e.render("en")))
                                  for e in problems.errors)
                    continue
                new = NewVersion(family, {"nb": checked.name.nb, "en": checked.name.en}, name, day, document,
                                 _source_hash(document, images), images, base_name)
                versions.append(new)
                changes.extend(family_changes(family, base_document.get("model"), model))
                changes.extend(Change("test", family, msg(
                    "the model's test case '{id}' no longer holds with the new prices: {problem} (update the "
                    "model's tests before the next package)", id=result.case.id, problem=failure))
                    for result in _model_test_results(new.source_hash, checked) for failure in result.failures)
                previous = new
    if errors:
        raise _errors(errors, shown)
    if progress is not None:
        progress(msg("Comparing with the installed catalogue"), 2, 3)
    current = installed.version if installed is not None else 0
    same_file = installed is not None and installed.package_hash == data_hash
    return PriceListPlan(shown, data_hash, rows, versions, changes, current, no_op=not versions,
                         same_file=same_file)


def apply_price_list(database: Database, plan: PriceListPlan, *, backup_dir: Path | None = None,
                     user: str | None = None, progress: Progress | None = None) -> tuple[int, Path | None]:
    """Snapshot the database, then store the new versions and the installed state in one transaction.

    Returns the number of model versions stored and the snapshot."""
    from configurator.core.catalogue.packages import InstallRepository, snapshot
    from configurator.core.catalogue.repositories import ImportHistoryRepository, ModelRepository
    from configurator.core.sync.importer import _user

    if plan.no_op:
        return 0, None
    if progress is not None:
        progress(msg("Taking a snapshot of the database"), 0, 2)
    shot = snapshot(database, backup_dir, f"before-catalogue-prices-{plan.sha256[:12]}")
    if progress is not None:
        progress(msg("Storing the new prices"), 1, 2)
    who = user or _user()
    with database.write() as session:
        installs = InstallRepository(session)
        installed = installs.current()
        if installed is None:  # the catalogue as built: what a rollback returns to
            installed = installs.record(catalogue="", version=0, package_hash="", signer="", created="",
                                        installed_by=who, versions=installs.baseline())
        repository = ModelRepository(session)
        pinned = dict(installed.versions)
        listed: list[dict[str, Any]] = []
        for new in plan.versions:
            record, created = repository.store_version(
                new.family, names=new.names, version=new.version, effective_date=new.effective,
                source_hash=new.source_hash, document=new.document, images=new.images)
            pinned[new.family] = max(record.id, pinned.get(new.family, 0))
            listed.append({"family": new.family, "version": new.version, "based_on": new.based_on,
                           "effective": new.effective.isoformat(), "new": created})
        installs.record(catalogue=installed.catalogue, version=installed.version, package_hash=plan.sha256,
                        signer="", created=datetime.now().astimezone().isoformat(timespec="seconds"),
                        installed_by=who, versions=pinned)
        ImportHistoryRepository(session).record(
            source=plan.name, package_hash=plan.sha256, status="applied",
            summary={"kind": "prices", "user": who, "rows": len(plan.rows), "stored": listed,
                     "families": sorted({v.family for v in plan.versions}), "changes": len(plan.changes),
                     "version_before": plan.installed_version, "version_after": plan.installed_version,
                     "snapshot": str(shot) if shot else None})
    return len(plan.versions), shot


def write_price_list_template(path: Path, rows: Iterable[tuple[str, str, Any, Any]]) -> None:
    """A price list (CSV or XLSX by the suffix) with the header row and ``rows``: for tests and publishers."""
    header = ("family", "item", "new price", "valid from")
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(header)
        for row in rows:
            sheet.append(list(row))
        workbook.save(path)
        return
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *(tuple(str(c) for c in r) for r in rows)])


