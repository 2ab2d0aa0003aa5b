"""Checking customer data before it is stored, and storing it only when every field is right.

Storage itself is :class:`~configurator.core.catalogue.customers.CustomerRepository`; this module is
the gate in front of it. :func:`validate_customer` returns *all* problems at once, each a
:class:`FieldError` with a translatable message, so a form (or the command line) can show every
mistake in one go. :func:`add_customer` / :func:`update_customer` tidy the data (spaces, organisation
number digits, country in capitals), check it and store it, or raise :class:`CustomerError`.

Norwegian organisation numbers (Brønnøysundregistrene) have nine digits; the last is a modulus 11
check digit over the first eight with the weights 3 2 7 6 5 4 3 2.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from configurator.core.catalogue.records import Address, CustomerData, CustomerRecord
from configurator.core.i18n import DEFAULT_LANGUAGE, Message, msg, nmsg

if TYPE_CHECKING:
    from configurator.core.catalogue.customers import CustomerRepository
    from configurator.core.catalogue.db import Database

ORG_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
MAX_DISCOUNT_BASIS_POINTS = 10_000  # 100 %
CUSTOMER_LANGUAGES = ("nb", "en")
CUSTOMER_KINDS = ("company", "person")

_NINE_DIGITS = re.compile(r"[0-9]{9}")
_POSTCODE_NO = re.compile(r"[0-9]{4}")
_COUNTRY = re.compile(r"[A-Z]{2}")
# deliberately loose: something@domain.tld, no spaces, one @ (the mail server has the last word)
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_SPACES = (" ", "\u00a0")


def org_number_digits(text: str) -> str:
    """``text`` without the spaces people write in organisation numbers ("923 609 016" → "923609016")."""
    for space in _SPACES:
        text = text.replace(space, "")
    return text.strip()


def org_number_check_digit(first_eight: str) -> int | None:
    """The modulus 11 check digit of the first eight digits, or None when there is none (remainder 1)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_eight, ORG_NUMBER_WEIGHTS, strict=True))
    remainder = total % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None  # the check digit would be 10: no organisation number is issued with these digits
    return 11 - remainder


def is_valid_org_number(text: str) -> bool:
    """True for a Norwegian organisation number: 9 digits (spaces allowed) with a correct check digit."""
    digits = org_number_digits(text)
    if not _NINE_DIGITS.fullmatch(digits):
        return False
    return org_number_check_digit(digits[:8]) == int(digits[8])


def format_org_number(text: str) -> str:
    """``"923609016"`` → ``"923 609 016"``; anything that is not nine digits is returned as it is."""
    digits = org_number_digits(text)
    if not _NINE_DIGITS.fullmatch(digits):
        return text
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def is_valid_email(text: str) -> bool:
    """True for something shaped like an e-mail address (``name@domain.tld``, no spaces)."""
    return len(text) <= 254 and _EMAIL.fullmatch(text) is not None


@dataclass(frozen=True)
class FieldError:
    """One problem with one field of a customer; ``field`` is the CustomerData name (``billing.postcode``)."""

    field: str
    message: Message

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        return self.message.render(language)


class CustomerError(Exception):
    """The customer was not stored: every :class:`FieldError` found (never only the first)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(error.render("en") for error in errors))
        self.errors = tuple(errors)

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        """One line per problem, in ``language``."""
        return "\n".join(error.render(language) for error in self.errors)


def _address_errors(address: Address, prefix: str) -> list[FieldError]:
    delivery = prefix == "delivery"
    errors = []
    if not _COUNTRY.fullmatch(address.country):
        errors.append(FieldError(f"{prefix}.country", msg(
            "'{value}' is not a country code in the delivery address (two capital letters, e.g. NO)." if delivery
            else "'{value}' is not a country code (two capital letters, e.g. NO).", value=address.country)))
    if address.country == "NO" and address.postcode and not _POSTCODE_NO.fullmatch(address.postcode):
        errors.append(FieldError(f"{prefix}.postcode", msg(
            "'{value}' is not a Norwegian postcode in the delivery address (4 digits)." if delivery
            else "'{value}' is not a Norwegian postcode (4 digits).", value=address.postcode)))
    return errors


def _org_number_errors(data: CustomerData) -> list[FieldError]:
    if data.kind == "person":
        if data.org_number:
            return [FieldError("org_number", msg("A private person has no organisation number."))]
        return []
    if not data.org_number:
        return [FieldError("org_number", msg("A company needs an organisation number."))]
    if not is_valid_org_number(data.org_number):
        return [FieldError("org_number", msg(
            "'{value}' is not a valid organisation number (9 digits with a correct check digit).",
            value=data.org_number))]
    return []


def _discount_errors(basis_points: object) -> list[FieldError]:
    if isinstance(basis_points, bool) or not isinstance(basis_points, int):
        return [FieldError("discount_basis_points", msg("The discount must be a whole number of basis points."))]
    if not 0 <= basis_points <= MAX_DISCOUNT_BASIS_POINTS:
        from configurator.core.pricing.money import basis_points_to_percent

        return [FieldError("discount_basis_points", msg(
            "The discount must be between 0 and 100 % (got {value} %).",
            value=basis_points_to_percent(basis_points)))]
    return []


def validate_customer(data: CustomerData) -> list[FieldError]:
    """Every problem with ``data``, in field order; an empty list means it may be stored."""
    errors: list[FieldError] = []
    if data.kind not in CUSTOMER_KINDS:
        errors.append(FieldError("kind", msg("The customer must be a company or a person, not '{value}'.",
                                             value=data.kind)))
    if not data.name.strip():
        errors.append(FieldError("name", msg("The name is required.")))
    if data.kind in CUSTOMER_KINDS:
        errors += _org_number_errors(data)
    if data.email and not is_valid_email(data.email):
        errors.append(FieldError("email", msg("'{value}' is not a valid e-mail address.", value=data.email)))
    errors += _address_errors(data.billing, "billing")
    if data.delivery is not None:
        errors += _address_errors(data.delivery, "delivery")
    if data.language not in CUSTOMER_LANGUAGES:
        errors.append(FieldError("language", msg("The customer's language must be nb or en, not '{value}'.",
                                                 value=data.language)))
    errors += _discount_errors(data.discount_basis_points)
    return errors


def _tidy_address(address: Address) -> Address:
    lines = tuple(line.strip() for line in address.lines if line.strip())
    return Address(lines=lines, postcode=address.postcode.strip(), city=address.city.strip(),
                   country=address.country.strip().upper())


def normalized_customer(data: CustomerData) -> CustomerData:
    """``data`` as it is stored: surrounding spaces removed, organisation number as bare digits
    (when it is one), country codes in capitals, an empty organisation number as None."""
    org_number = data.org_number.strip() if data.org_number else None
    if org_number and is_valid_org_number(org_number):
        org_number = org_number_digits(org_number)
    return replace(
        data,
        name=data.name.strip(),
        org_number=org_number or None,
        email=data.email.strip(),
        phone=data.phone.strip(),
        contact_person=data.contact_person.strip(),
        billing=_tidy_address(data.billing),
        delivery=None if data.delivery is None else _tidy_address(data.delivery),
    )


def checked_customer(data: CustomerData, extra: Sequence[FieldError] = ()) -> CustomerData:
    """``data`` normalised, or :class:`CustomerError` with every problem in field order.

    ``extra``: problems the caller found before there was a value (e.g. a discount typed as "fem").
    """
    tidy = normalized_customer(data)
    errors = validate_customer(tidy) + list(extra)
    if errors:
        order = [f.name for f in fields(CustomerData)]
        position = {name: index for index, name in enumerate(order)}
        raise CustomerError(sorted(errors, key=lambda e: position.get(e.field.partition(".")[0], len(order))))
    return tidy


def add_customer(repository: CustomerRepository, data: CustomerData,
                 extra: Sequence[FieldError] = ()) -> CustomerRecord:
    """Check ``data`` and store it as a new customer; :class:`CustomerError` stores nothing."""
    return repository.add(checked_customer(data, extra))


def update_customer(repository: CustomerRepository, customer_id: int, data: CustomerData,
                    extra: Sequence[FieldError] = ()) -> CustomerRecord:
    """Check ``data`` and store it over customer ``customer_id``; :class:`CustomerError` changes nothing."""
    tidy = checked_customer(data, extra)
    if repository.get(customer_id) is None:
        raise CustomerError([FieldError("id", msg("There is no customer with number {id}.", id=customer_id))])
    return repository.update(customer_id, tidy)


class CustomerRefused(Exception):
    """A change to the register that is refused as a whole (nothing was changed): the reason, translatable."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message

    def render(self, language: str = DEFAULT_LANGUAGE) -> str:
        return self.message.render(language)


@dataclass(frozen=True)
class Merged:
    """What a merge did: the customer kept, the one removed, and how many quotes moved."""

    kept: CustomerRecord
    removed: CustomerRecord
    quotes_moved: int


class CustomerService:
    """The customer register for the app and the command line: each method one unit of work."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def get(self, customer_id: int) -> CustomerRecord | None:
        from configurator.core.catalogue.unit import reading

        with reading(self.database) as unit:
            return unit.customers.get(customer_id)

    def search(self, text: str = "", *, limit: int = 50) -> list[CustomerRecord]:
        """Customers whose name, organisation number, e-mail or city matches ``text`` (any case)."""
        from configurator.core.catalogue.unit import reading

        with reading(self.database) as unit:
            return unit.customers.search(text, limit=limit)

    def with_org_number(self, org_number: str | None, *, besides: int | None = None) -> list[CustomerRecord]:
        """Other customers with this organisation number (spaces ignored): a warning before saving a second."""
        digits = "".join(c for c in org_number or "" if c.isdigit())
        if not digits:
            return []
        return [c for c in self.search(digits, limit=1000)
                if "".join(ch for ch in c.org_number or "" if ch.isdigit()) == digits and c.id != besides]

    def add(self, data: CustomerData, extra: Sequence[FieldError] = ()) -> CustomerRecord:
        """Check and store a new customer; :class:`CustomerError` stores nothing."""
        from configurator.core.catalogue.unit import writing

        checked = checked_customer(data, extra)  # checked before the write lock is taken
        with writing(self.database) as unit:
            return unit.customers.add(checked)

    def update(self, customer_id: int, data: CustomerData, extra: Sequence[FieldError] = ()) -> CustomerRecord:
        """Check and store ``data`` over customer ``customer_id``; :class:`CustomerError` changes nothing."""
        from configurator.core.catalogue.unit import writing

        with writing(self.database) as unit:
            return update_customer(unit.customers, customer_id, data, extra)

    def quote_count(self, customer_id: int) -> int:
        from configurator.core.catalogue.unit import reading

        with reading(self.database) as unit:
            return unit.customers.quote_count(customer_id)

    def delete(self, customer_id: int) -> CustomerRecord:
        """Remove a customer who has no quotes (one with quotes is merged into another instead); returns it.
        :class:`CustomerRefused` changes nothing."""
        from configurator.core.catalogue.unit import writing

        with writing(self.database) as unit:
            customer = self._existing(unit.customers, customer_id)
            count = unit.customers.quote_count(customer_id)
            if count:
                raise CustomerRefused(nmsg(
                    "{name} has {count} quote and cannot be deleted: the quote needs its customer. Merge "
                    "{name} into another customer instead.",
                    "{name} has {count} quotes and cannot be deleted: the quotes need their customer. Merge "
                    "{name} into another customer instead.", count, name=customer.name))
            unit.customers.delete(customer_id)
            return customer

    def merge(self, keep_id: int, remove_id: int) -> Merged:
        """Merge customer ``remove_id`` into ``keep_id``: every quote of the one removed moves to the one kept,
        then it is deleted — in one transaction (all of it, or nothing). Sent quotes keep the customer data
        they were sent with. :class:`CustomerRefused` changes nothing."""
        from configurator.core.catalogue.unit import writing

        if keep_id == remove_id:
            raise CustomerRefused(msg("A customer cannot be merged into itself; choose another customer to keep."))
        with writing(self.database) as unit:
            kept = self._existing(unit.customers, keep_id)
            removed = self._existing(unit.customers, remove_id)
            moved = unit.customers.move_quotes(remove_id, keep_id)
            unit.customers.delete(remove_id)
            return Merged(kept, removed, moved)

    @staticmethod
    def _existing(repository: CustomerRepository, customer_id: int) -> CustomerRecord:
        customer = repository.get(customer_id)
        if customer is None:
            raise CustomerRefused(msg("There is no customer with id {id}.", id=customer_id))
        return customer
