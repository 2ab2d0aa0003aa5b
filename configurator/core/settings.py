"""The local settings of one laptop: ``settings.json`` in the user's config folder.

Who is selling, the company on the quotes, VAT, the discount a salesperson may give without a
manager, how long a quote is valid, the terms printed on it, whether the quote PDF shows each line's price
build-up (``quote.show_breakdown``, off: the customer sees unit price, quantity, discount and amount), and the
manager's PIN (only as a scrypt
hash: ``scrypt$n$r$p$salt_hex$hash_hex``). The folder is platformdirs' ``user_config_dir``
(``~/.config/skredder`` on Linux); ``SKREDDER_CONFIG_DIR`` moves it.

The file is read with :mod:`json` only (nothing in it is ever run) and checked field by field: a
missing file gives the defaults; a broken file, a wrong type or an unknown key gives a
:class:`SettingsError` naming the file, the line and the field, in the reader's language. Writing is
atomic (a temporary file in the same folder, then ``os.replace``), so a crash never leaves half a file.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from configurator.core.files import FileProblem, read_bounded
from configurator.core.i18n import DEFAULT_LANGUAGE, Message, Text, msg
from configurator.core.numbers import NumberError, parse_percent

ENV_CONFIG_DIR = "SKREDDER_CONFIG_DIR"
SETTINGS_FILENAME = "settings.json"
APP_NAME = "skredder"
APP_AUTHOR = "Skredder"  # as for the data folder, so both sit under the same name on Windows
MAX_FILE_BYTES = 256 * 1024
MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_PIXELS = 4096 * 4096
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
PIN_PATTERN = re.compile(r"[0-9]{4,8}")
_PIN_HASH = re.compile(r"scrypt\$(\d{1,8})\$(\d{1,2})\$(\d{1,2})\$([0-9a-f]{32,128})\$([0-9a-f]{64})")

DEFAULT_TERMS = Text(
    nb="Betaling: 14 dager netto. Alle priser er i norske kroner (NOK) eksklusive merverdiavgift, som kommer i "
       "tillegg. Levering: fritt vårt lager (EXW, Incoterms 2020) med mindre annet er avtalt; frakt faktureres "
       "etter medgått. Leveringstiden bekreftes i ordrebekreftelsen. Varene lages etter kundens spesifikasjon "
       "og tas ikke i retur.",
    en="Payment: 14 days net. All prices are in Norwegian kroner (NOK) excluding VAT, which is added. "
       "Delivery: ex works (EXW, Incoterms 2020) unless otherwise agreed; freight is invoiced at cost. The "
       "delivery time is confirmed in the order confirmation. Goods are made to the customer's specification "
       "and cannot be returned.",
)


@dataclass(frozen=True)
class CompanySettings:
    """The seller as printed on quotes (the same fields as ``documents.snapshot.CompanyInfo``)."""

    name: str = ""
    address_lines: tuple[str, ...] = ()
    org_number: str = ""  # bare digits; shown with format_org_number
    phone: str = ""
    email: str = ""
    web: str = ""
    logo_path: Path | None = None  # a PNG or JPEG file


@dataclass(frozen=True)
class QuoteSettings:
    """How the quote PDF is laid out."""

    show_breakdown: bool = False  # print each line's internal price build-up (markups, formulas) to the customer


@dataclass(frozen=True)
class Settings:
    """Everything this laptop knows about its seller and its rules. Percentages are exact Decimals."""

    salesperson: str = ""
    company: CompanySettings = CompanySettings()
    vat_percent: Decimal = Decimal(25)
    discount_limit_percent: Decimal = Decimal(15)  # a discount above it needs a manager's approval
    quote_validity_days: int = 30
    terms: Text = DEFAULT_TERMS
    quote: QuoteSettings = QuoteSettings()
    language: Literal["nb", "en"] = "nb"
    manager_name: str = ""
    manager_pin_hash: str = field(default="", repr=False)  # never the PIN itself
    database_url: str = ""  # the office's database (e.g. postgresql+psycopg://kari@server/skredder); "": own file

    @property
    def has_manager_pin(self) -> bool:
        return bool(self.manager_pin_hash)


class SettingsError(Exception):
    """The settings cannot be read, written or changed: every problem found, translatable."""

    def __init__(self, problems: list[Message]) -> None:
        super().__init__("\n".join(problem.render("en") for problem in problems))
        self.problems = tuple(problems)

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        return "\n".join(problem.render(language) for problem in self.problems)


class _Bad(Exception):
    """One field's value is wrong (internal: becomes a line of a SettingsError)."""

    def __init__(self, problem: Message) -> None:
        super().__init__(problem.msgid)
        self.problem = problem


# ------------------------------------------------------------------ where the file is


def config_dir() -> Path:
    """``$SKREDDER_CONFIG_DIR`` or the platform's user config folder for Skredder."""
    override = os.environ.get(ENV_CONFIG_DIR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILENAME


# ------------------------------------------------------------------ checking one value


# terminal escapes (BEL, ESC), other controls but tab and newline, and bidirectional overrides: printed on
# quotes and in the terminal, they would ring, recolour or reverse what is shown
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _no_control(text: str) -> str:
    found = _CONTROL.search(text)
    if found is not None:
        raise _Bad(msg("contains the control character U+{code}", code=f"{ord(found.group()):04X}"))
    return text


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise _Bad(msg("must be text (in double quotes)"))
    return _no_control(value)


def _lines(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(line, str) for line in value):
        raise _Bad(msg("must be a list of texts, e.g. [\"Kjerkgata 1\", \"7374 Røros\"]"))
    return tuple(_no_control(line) for line in value)


def _percent(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise _Bad(msg("must be a number from 0 to 100"))
    number = Decimal(value)
    if not number.is_finite() or not 0 <= number <= 100 or number != number.quantize(Decimal("0.01")):
        raise _Bad(msg("must be a number from 0 to 100 with at most two decimals, not {value}", value=value))
    return number


def _days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 365:
        raise _Bad(msg("must be a whole number of days from 1 to 365"))
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad(msg("must be true or false"))
    return value


def _language(value: Any) -> str:
    if value not in ("nb", "en"):
        raise _Bad(msg("must be \"nb\" or \"en\""))
    return str(value)


def _org_number(value: Any) -> str:
    from configurator.core.customers import is_valid_org_number, org_number_digits

    text = _text(value)
    if text and not is_valid_org_number(text):
        raise _Bad(msg("'{value}' is not a valid organisation number (9 digits with a correct check digit)",
                       value=text))
    return org_number_digits(text)


def _email(value: Any) -> str:
    from configurator.core.customers import is_valid_email

    text = _text(value).strip()
    if text and not is_valid_email(text):
        raise _Bad(msg("'{value}' is not a valid e-mail address", value=text))
    return text


def _logo(value: Any) -> Path | None:
    if value is None or value == "":
        return None
    return Path(_text(value)).expanduser()


def _database_url(value: Any) -> str:
    from configurator.core.catalogue.paths import database_url_problem

    text = _text(value).strip()
    problem = database_url_problem(text)
    if problem is not None:
        raise _Bad(problem)
    return text


def _pin_hash(value: Any) -> str:
    text = _text(value)
    if text and not _valid_pin_hash(text):
        raise _Bad(msg("is not a PIN hash made by Skredder; set the PIN again with: skredder settings set-pin"))
    return text


# every key of the file ("company.name" is "name" inside "company") and how its value is checked
FIELDS: dict[str, Callable[[Any], Any]] = {
    "salesperson": _text,
    "company.name": _text,
    "company.address_lines": _lines,
    "company.org_number": _org_number,
    "company.phone": _text,
    "company.email": _email,
    "company.web": _text,
    "company.logo_path": _logo,
    "vat_percent": _percent,
    "discount_limit_percent": _percent,
    "quote_validity_days": _days,
    "terms.nb": _text,
    "terms.en": _text,
    "quote.show_breakdown": _bool,
    "language": _language,
    "manager_name": _text,
    "manager_pin_hash": _pin_hash,
    "database_url": _database_url,
}
GROUPS = ("company", "terms", "quote")


def _with_values(settings: Settings, values: dict[str, Any]) -> Settings:
    """``settings`` with the checked ``values`` (dotted keys) put in."""
    top = {key: value for key, value in values.items() if "." not in key}
    company = {key[8:]: value for key, value in values.items() if key.startswith("company.")}
    terms = {key[6:]: value for key, value in values.items() if key.startswith("terms.")}
    quote = {key[6:]: value for key, value in values.items() if key.startswith("quote.")}
    top["quote"] = replace(settings.quote, **quote)
    if terms:
        both = settings.terms.as_dict() | terms
        top["terms"] = Text(nb=both["nb"], en=both["en"])
    return replace(settings, company=replace(settings.company, **company), **top)


def settings_data(settings: Settings) -> dict[str, Any]:
    """The settings as the JSON data of the file (nested, Decimals exact)."""
    company = {f.name: getattr(settings.company, f.name) for f in fields(CompanySettings)}
    company["address_lines"] = list(settings.company.address_lines)
    logo = settings.company.logo_path
    company["logo_path"] = None if logo is None else str(logo)
    data: dict[str, Any] = {f.name: getattr(settings, f.name) for f in fields(Settings)}
    data["company"] = company
    data["terms"] = settings.terms.as_dict()
    data["quote"] = {f.name: getattr(settings.quote, f.name) for f in fields(QuoteSettings)}
    return data


def flat_settings(settings: Settings) -> dict[str, Any]:
    """Every setting by its dotted key (``company.name``), in the order of :data:`FIELDS`."""
    data = settings_data(settings)
    flat = {}
    for key in FIELDS:
        group, _, name = key.partition(".")
        flat[key] = data[group][name] if name else data[group]
    return flat


# ------------------------------------------------------------------ reading the file


def _line_of(text: str, key: str) -> int | None:
    """The line of the dotted ``key`` in the JSON ``text`` (found after its group's key), if it is there."""
    start = 0
    for part in key.split("."):
        found = re.compile(r'"' + re.escape(part) + r'"\s*:').search(text, start)
        if found is None:
            return None
        start = found.start()
    return text.count("\n", 0, start) + 1


def _problem(file: Path, text: str, key: str, problem: Message) -> tuple[int, Message]:
    """(line, message) of a problem with ``key``; line 0 when the key cannot be found in ``text``."""
    line = _line_of(text, key)
    if line is None:
        return 0, msg("{file}: {field}: {problem}", file=str(file), field=key, problem=problem)
    return line, msg("{file}, line {line}: {field}: {problem}", file=str(file), line=line, field=key,
                     problem=problem)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Bad(msg("{field}: appears twice", field=key))
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise _Bad(msg("{value} is not a number JSON allows", value=name))


def _read_text(file: Path) -> str | None:
    """The file's text; None when there is no file."""
    try:
        raw = read_bounded(file, MAX_FILE_BYTES)  # never blocks on a FIFO, never reads /dev/zero to the end
    except FileNotFoundError:
        return None
    except FileProblem as problem:
        if problem.too_large:
            raise SettingsError([msg("{file}: the settings file is larger than {limit} bytes", file=str(file),
                                     limit=MAX_FILE_BYTES)]) from None
        raise SettingsError([msg("Cannot read the settings file {file}: {reason}", file=str(file),
                                 reason=problem.reason)]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SettingsError([msg("{file}: the settings file is not UTF-8 text", file=str(file))]) from error


MAX_NUMBER_CHARS = 40  # no setting needs a longer number; 5,000 digits or 1e999999999999999999999 are refused


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _BadNumber(text)
    return int(text)


def _decimal(text: str) -> Decimal:
    try:
        number = Decimal(text) if len(text) <= MAX_NUMBER_CHARS else None
    except ArithmeticError:  # an exponent beyond what Decimal holds
        number = None
    if number is None or not -30 <= number.adjusted() <= 30:
        raise _BadNumber(text)
    return number


class _BadNumber(Exception):
    """A number in the file no setting can hold (its text, to find its line)."""

    def __init__(self, text: str) -> None:
        super().__init__(text[:40])
        self.text = text


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return any("\ud800" <= char <= "\udfff" for char in value)
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(item) for item in value)
    return False


def _parse(file: Path, text: str) -> Any:
    try:
        data = json.loads(text, parse_float=_decimal, parse_int=_int, parse_constant=_refuse_constant,
                          object_pairs_hook=_no_duplicates)
        if _has_surrogate(data):  # "\ud800" alone: no character, cannot be printed or saved
            found = _SURROGATE_ESCAPE.search(text)
            line = text.count("\n", 0, found.start()) + 1 if found else 1
            raise SettingsError([msg("{file}, line {line}: the text has an escape that is no character ({escape})",
                                     file=str(file), line=line, escape=found.group(0) if found else "\\u")])
        return data
    except json.JSONDecodeError as error:
        raise SettingsError([msg("{file}, line {line}, column {column}: this is not valid JSON ({reason})",
                                 file=str(file), line=error.lineno, column=error.colno, reason=error.msg)]) from None
    except _Bad as bad:
        raise SettingsError([msg("{file}: {problem}", file=str(file), problem=bad.problem)]) from None
    except _BadNumber as bad:
        line = text.count("\n", 0, max(0, text.find(bad.text))) + 1
        shown = bad.text if len(bad.text) <= 20 else bad.text[:20] + "..."
        raise SettingsError([msg("{file}, line {line}: {value} is not a number a setting can hold", file=str(file),
                                 line=line, value=shown)]) from None
    except RecursionError:
        raise SettingsError([msg("{file}: the settings file is nested too deeply", file=str(file))]) from None


def _flatten(data: dict[str, Any]) -> tuple[dict[str, Any], list[str], list[str]]:
    """The file's values by dotted key, the keys that are not settings, and the groups that are no object."""
    flat: dict[str, Any] = {}
    unknown: list[str] = []
    not_groups: list[str] = []
    for key, value in data.items():
        if key in GROUPS and not isinstance(value, dict):
            not_groups.append(key)
            continue
        items = value.items() if key in GROUPS else [("", value)]
        for name, item in items:
            dotted = f"{key}.{name}" if name else key
            if dotted in FIELDS:
                flat[dotted] = item
            else:
                unknown.append(dotted)
    return flat, unknown, not_groups


def settings_from_data(data: Any, file: Path, text: str = "") -> Settings:
    """Check the JSON ``data`` of a settings file field by field (``text``, the file's text, gives lines)."""
    if not isinstance(data, dict):
        raise SettingsError([msg("{file}: the settings must be a JSON object ({{ ... }})", file=str(file))])
    flat, unknown, not_groups = _flatten(data)
    problems = [_problem(file, text, key, msg("must be a group of settings in {{ ... }}"))
                for key in not_groups]
    problems += [_problem(file, text, key, msg("is not a setting Skredder knows (known: {known})",
                                               known=", ".join(FIELDS))) for key in unknown]
    checked = {}
    for key, value in flat.items():
        try:
            checked[key] = FIELDS[key](value)
        except _Bad as bad:
            problems.append(_problem(file, text, key, bad.problem))
    if problems:
        raise SettingsError([problem for _, problem in sorted(problems, key=lambda item: item[0])])
    return _with_values(Settings(), checked)


def configured_database(explicit: str | None) -> str | None:
    """The database to open: ``explicit`` (``--database``), else None when ``SKREDDER_DATABASE`` is set (it
    decides), else the settings' ``database_url`` (None when empty, or when the settings cannot be read: the
    command that reads them reports that)."""
    if explicit or os.environ.get("SKREDDER_DATABASE"):
        return explicit
    try:
        return load_settings().database_url or None
    except SettingsError:
        return None


def load_settings(path: Path | None = None) -> Settings:
    """The settings in ``path`` (default: :func:`settings_path`); the defaults when there is no file."""
    file = path if path is not None else settings_path()
    text = _read_text(file)
    if text is None:
        return Settings()
    return settings_from_data(_parse(file, text), file, text)


# ------------------------------------------------------------------ writing the file


def _json(value: Any, indent: str = "") -> str:
    """Indented JSON with Decimals written exactly (``12.50`` stays ``12.50``)."""
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(key, ensure_ascii=False)}: {_json(item, inner)}" for key, item in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list):
        return "[" + ", ".join(_json(item, inner) for item in value) + "]"
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write ``settings`` to ``path`` (default: :func:`settings_path`) atomically; returns the file written.

    The file is readable by its owner only (it holds the manager PIN's hash).
    """
    file = path if path is not None else settings_path()
    text = _json(settings_data(settings)) + "\n"
    temporary: str | None = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=file.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, file)
        temporary = None
    except OSError as error:
        raise SettingsError([msg("Cannot write the settings file {file}: {reason}", file=str(file),
                                 reason=error.strerror or str(error))]) from error
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    return file


# ------------------------------------------------------------------ changing one setting


def _value_from_text(key: str, text: str) -> Any:
    """What a user types on the command line, as the JSON value the file would hold."""
    checker = FIELDS[key]
    if checker is _lines:
        return [line.strip() for line in text.split("\n") if line.strip()]
    if checker is _bool:
        word = text.strip().lower()
        return True if word in ("true", "yes", "ja", "1", "on") else False if word in (
            "false", "no", "nei", "0", "off") else text
    if checker in (_percent, _days):
        try:
            number = parse_percent(text, "nb")  # a comma or a point: both are read as the decimal mark
        except NumberError:
            return text
        return int(number) if checker is _days and number == number.to_integral_value() else number
    return text


def set_value(settings: Settings, key: str, text: str) -> Settings:
    """``settings`` with the setting ``key`` (dotted, e.g. ``company.name``) set from the typed ``text``.

    Address lines are separated by newlines. The manager PIN is set with :func:`set_manager_pin`.
    """
    if key == "manager_pin_hash":
        raise SettingsError([msg("The manager PIN is set with: skredder settings set-pin PIN")])
    if key not in FIELDS:
        raise SettingsError([msg("'{key}' is not a setting Skredder knows (known: {known})", key=key,
                                 known=", ".join(k for k in FIELDS if k != "manager_pin_hash"))])
    try:
        value = FIELDS[key](_value_from_text(key, text))
        if key == "company.logo_path" and value is not None:
            check_logo(value)
    except _Bad as bad:
        raise SettingsError([msg("{field}: {problem}", field=key, problem=bad.problem)]) from None
    return _with_values(settings, {key: value})


def check_logo(path: Path) -> None:
    """Raise ``_Bad`` unless ``path`` is a PNG or JPEG image Pillow can read."""
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        data = read_bounded(path, MAX_LOGO_BYTES)  # a FIFO or a device as the logo never hangs the app
    except FileNotFoundError:
        raise _Bad(msg("there is no file {file}", file=str(path))) from None
    except FileProblem as problem:
        raise _Bad(msg("{file} is not an image Skredder can read ({reason})", file=str(path),
                       reason=problem.reason)) from None
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            if image.width * image.height > MAX_LOGO_PIXELS:
                raise _Bad(msg("{file} is not an image Skredder can read ({reason})", file=str(path),
                               reason=f"{image.width}x{image.height}"))
            image.verify()
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, SyntaxError, ValueError) as error:
        raise _Bad(msg("{file} is not an image Skredder can read ({reason})", file=str(path),
                       reason=str(error))) from None
    if kind not in ("PNG", "JPEG"):
        raise _Bad(msg("the logo must be a PNG or JPEG file; {file} is {kind}", file=str(path), kind=kind))


def logo_problem(settings: Settings) -> Message | None:
    """Why the logo in ``settings`` cannot be used (moved, deleted, not an image), or None."""
    if settings.company.logo_path is None:
        return None
    try:
        check_logo(settings.company.logo_path)
    except _Bad as bad:
        return msg("{field}: {problem}", field="company.logo_path", problem=bad.problem)
    return None


# ------------------------------------------------------------------ the manager PIN and approvals


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def _valid_pin_hash(text: str) -> bool:
    """True for ``scrypt$n$r$p$salt$hash`` with parameters that cost neither too little nor too much."""
    found = _PIN_HASH.fullmatch(text)
    if found is None:
        return False
    n, r, p = (int(found.group(i)) for i in (1, 2, 3))
    return 2**10 <= n <= 2**17 and n & (n - 1) == 0 and 1 <= r <= 16 and 1 <= p <= 4 and 128 * n * r <= 32 * 2**20


def set_manager_pin(settings: Settings, pin: str) -> Settings:
    """``settings`` with a new manager PIN (4–8 digits), kept only as a salted scrypt hash."""
    if not PIN_PATTERN.fullmatch(pin):
        raise SettingsError([msg("The manager PIN must be 4 to 8 digits.")])
    salt = secrets.token_bytes(16)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return replace(settings, manager_pin_hash=f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}")


def verify_manager_pin(settings: Settings, pin: str) -> bool:
    """True when ``pin`` is the manager PIN (compared in constant time); False when no PIN is set."""
    found = _PIN_HASH.fullmatch(settings.manager_pin_hash)
    if found is None or not _valid_pin_hash(settings.manager_pin_hash):
        return False
    n, r, p = (int(found.group(i)) for i in (1, 2, 3))
    digest = _scrypt(pin, bytes.fromhex(found.group(4)), n, r, p)
    return hmac.compare_digest(digest, bytes.fromhex(found.group(5)))


def needs_approval(discount_bp: int, settings: Settings) -> bool:
    """True when a discount of ``discount_bp`` basis points (1 % = 100) is above the salesperson's limit."""
    return Decimal(discount_bp) > settings.discount_limit_percent * 100


# ------------------------------------------------------------------ wrong PINs: a growing delay

PIN_ATTEMPTS_FILENAME = "pin-attempts.json"
FREE_PIN_ATTEMPTS = 3  # wrong PINs in a row before the delay starts
FIRST_PIN_DELAY_SECONDS = 30  # then 30 s, 60 s, 120 s, ... doubling up to
MAX_PIN_DELAY_SECONDS = 3600
_clock: Callable[[], float] = time.time  # tests move it forward


def _attempts_file() -> Path:
    return config_dir() / PIN_ATTEMPTS_FILENAME


def _read_attempts(file: Path) -> tuple[int, float]:
    """(wrong PINs in a row, when the last one was typed); (0, 0) for a missing or unreadable file."""
    try:
        data = json.loads(read_bounded(file, 4096))
        failures, last = int(data["failures"]), float(data["last"])
    except (OSError, FileProblem, ValueError, TypeError, KeyError, RecursionError):
        return 0, 0.0
    return max(0, min(failures, 10_000)), last


def _write_attempts(file: Path, failures: int, last: float) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".pin-", suffix=".tmp", dir=file.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"failures": failures, "last": last}, out)
        os.replace(temporary, file)
    except OSError:
        pass  # the delay is a brake on guessing, not a lock: a folder we cannot write never stops an approval


def pin_delay_seconds(failures: int) -> int:
    """How long to wait after ``failures`` wrong PINs in a row before the next try is looked at."""
    if failures < FREE_PIN_ATTEMPTS:
        return 0
    return min(MAX_PIN_DELAY_SECONDS, FIRST_PIN_DELAY_SECONDS * 2 ** min(failures - FREE_PIN_ATTEMPTS, 20))


def check_manager_pin(settings: Settings, pin: str) -> Message | None:
    """None when ``pin`` is the manager PIN; otherwise why not (wrong, none set, or wait after wrong tries).

    Wrong PINs in a row are counted in ``pin-attempts.json`` next to the settings; after
    :data:`FREE_PIN_ATTEMPTS` of them each further try waits twice as long as the one before (from
    :data:`FIRST_PIN_DELAY_SECONDS`), and a try during the wait is not even compared. The right PIN
    resets the count.
    """
    if not settings.has_manager_pin:
        return msg("No manager PIN is set; set one with: skredder settings set-pin")
    file = _attempts_file()
    failures, last = _read_attempts(file)
    now = _clock()
    wait = pin_delay_seconds(failures) - (now - last)
    if wait > 0:
        return msg("Too many wrong manager PINs; try again in {seconds} seconds.", seconds=math.ceil(wait))
    if verify_manager_pin(settings, pin):
        if failures:
            _write_attempts(file, 0, now)
        return None
    failures += 1
    _write_attempts(file, failures, now)
    delay = pin_delay_seconds(failures)
    if delay:
        return msg("Wrong manager PIN. The next try is possible in {seconds} seconds.", seconds=delay)
    return msg("Wrong manager PIN.")


def change_manager_pin(settings: Settings, new_pin: str, old_pin: str | None) -> Settings:
    """``settings`` with the PIN ``new_pin``; when a PIN is set already, ``old_pin`` must be it.

    A forgotten PIN cannot be changed with Skredder's own commands (that would let anyone approve their
    own discount); see the README ("Security") for removing it from settings.json by hand.
    """
    if not PIN_PATTERN.fullmatch(new_pin):
        raise SettingsError([msg("The manager PIN must be 4 to 8 digits.")])
    if settings.has_manager_pin:
        problem = check_manager_pin(settings, old_pin or "")
        if problem is not None:
            raise SettingsError([msg("The PIN was not changed: {problem}", problem=problem)])
    return set_manager_pin(settings, new_pin)
