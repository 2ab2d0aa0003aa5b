"""Customer checks: organisation numbers (mod 11), every field's message in nb and en, storing only valid data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from configurator.core.catalogue.customers import CustomerRepository
from configurator.core.catalogue.db import Database, open_database
from configurator.core.catalogue.paths import sqlite_url
from configurator.core.catalogue.records import Address, CustomerData
from configurator.core.customers import (
    CustomerError,
    FieldError,
    add_customer,
    format_org_number,
    is_valid_email,
    is_valid_org_number,
    normalized_customer,
    org_number_check_digit,
    update_customer,
    validate_customer,
)

EQUINOR = "923609016"  # Equinor ASA
BRREG = "974760673"  # Brønnøysundregistrene

COMPANY = CustomerData(kind="company", name="Røros Dører og Vinduer AS", org_number=EQUINOR,
                       email="post@rorosdorer.no", billing=Address(("Kjerkgata 1",), "7374", "Røros"))
PERSON = CustomerData(kind="person", name="Kari Nordmann", billing=Address(("Sleggveien 3",), "7374", "Røros"),
                      language="en")


def messages(data: CustomerData, language: str) -> list[tuple[str, str]]:
    return [(error.field, error.render(language)) for error in validate_customer(data)]


# ------------------------------------------------------------------ organisation numbers


@pytest.mark.parametrize("number", [EQUINOR, BRREG, "923 609 016", "974 760 673", " 923609016 ",
                                    "923\u00a0609\u00a0016"])
def test_real_organisation_numbers_are_valid(number: str) -> None:
    assert is_valid_org_number(number)


@pytest.mark.parametrize("number", ["923609017", "923609015", "974760670", "974760674", "923 609 010"])
def test_a_wrong_check_digit_is_refused(number: str) -> None:
    assert not is_valid_org_number(number)


@pytest.mark.parametrize("number", ["", "92360901", "9236090160", "92360901a", "923-609-016", "９２３６０９０１６",
                                    "923609016 MVA", "NO923609016"])
def test_anything_but_nine_digits_is_refused(number: str) -> None:
    assert not is_valid_org_number(number)


def test_remainder_one_has_no_check_digit_so_no_number_is_valid() -> None:
    # 9*3 + 2*2 + 3*7 + 6*6 + 0*5 + 9*4 + 1*3 + 3*2 = 133 = 12 * 11 + 1
    assert org_number_check_digit("92360913") is None
    assert not any(is_valid_org_number(f"92360913{digit}") for digit in range(10))


def test_remainder_zero_gives_check_digit_zero() -> None:
    # 1*3 + 0*2 + 0*7 + 0*6 + 0*5 + 0*4 + 0*3 + 4*2 = 11
    assert org_number_check_digit("10000004") == 0
    assert is_valid_org_number("100000040")
    assert not is_valid_org_number("100000041")


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_at_most_one_check_digit_fits_any_eight_digits(first_eight: str) -> None:
    valid = [digit for digit in range(10) if is_valid_org_number(f"{first_eight}{digit}")]
    check = org_number_check_digit(first_eight)
    assert valid == ([] if check is None else [check])


def test_format_org_number() -> None:
    assert format_org_number("923609016") == "923 609 016"
    assert format_org_number("923 609016") == "923 609 016"
    assert format_org_number("12345") == "12345"


@pytest.mark.parametrize(("text", "valid"), [("post@rorosdorer.no", True), ("kari.nordmann+tilbud@epost.no", True),
                                             ("ærlig@røros.no", True), ("x@", False), ("@roros.no", False),
                                             ("kari@roros", False), ("kari nordmann@roros.no", False),
                                             ("kari@@roros.no", False), ("kari@roros..no", False)])
def test_email_shape(text: str, valid: bool) -> None:
    assert is_valid_email(text) is valid


# ------------------------------------------------------------------ validate_customer


def test_good_company_and_person_have_no_errors() -> None:
    assert validate_customer(COMPANY) == []
    assert validate_customer(PERSON) == []
    assert validate_customer(replace(COMPANY, discount_basis_points=10_000, email="")) == []


def test_company_without_organisation_number() -> None:
    data = replace(COMPANY, org_number=None)
    assert messages(data, "en") == [("org_number", "A company needs an organisation number.")]
    assert messages(data, "nb") == [("org_number", "Et firma må ha organisasjonsnummer.")]


def test_wrong_check_digit_message() -> None:
    data = replace(COMPANY, org_number="923 609 017")
    assert messages(data, "en") == [
        ("org_number", "'923 609 017' is not a valid organisation number (9 digits with a correct check digit).")]
    assert messages(data, "nb") == [
        ("org_number", "'923 609 017' er ikke et gyldig organisasjonsnummer (9 sifre med riktig kontrollsiffer).")]


def test_a_person_has_no_organisation_number() -> None:
    data = replace(PERSON, org_number=BRREG)
    assert messages(data, "en") == [("org_number", "A private person has no organisation number.")]
    assert messages(data, "nb") == [("org_number", "En privatperson har ikke organisasjonsnummer.")]


def test_every_problem_at_once_in_both_languages() -> None:
    data = CustomerData(kind="company", name="  ", org_number="974760670", email="kari@", language="de",  # type: ignore[arg-type]
                        billing=Address(postcode="737", city="Røros"),
                        delivery=Address(postcode="N-7374", country="no"), discount_basis_points=10_001)
    assert messages(data, "en") == [
        ("name", "The name is required."),
        ("org_number", "'974760670' is not a valid organisation number (9 digits with a correct check digit)."),
        ("email", "'kari@' is not a valid e-mail address."),
        ("billing.postcode", "'737' is not a Norwegian postcode (4 digits)."),
        ("delivery.country", "'no' is not a country code in the delivery address (two capital letters, e.g. NO)."),
        ("language", "The customer's language must be nb or en, not 'de'."),
        ("discount_basis_points", "The discount must be between 0 and 100 % (got 100.01 %)."),
    ]
    assert messages(data, "nb") == [
        ("name", "Navn må fylles ut."),
        ("org_number", "'974760670' er ikke et gyldig organisasjonsnummer (9 sifre med riktig kontrollsiffer)."),
        ("email", "'kari@' er ikke en gyldig e-postadresse."),
        ("billing.postcode", "'737' er ikke et norsk postnummer (4 sifre)."),
        ("delivery.country", "'no' i leveringsadressen er ikke en landkode (to store bokstaver, f.eks. NO)."),
        ("language", "Kundens språk må være nb eller en, ikke 'de'."),
        ("discount_basis_points", "Rabatten må være mellom 0 og 100 % (fikk 100.01 %)."),
    ]


def test_postcodes_are_checked_only_in_norway() -> None:
    assert validate_customer(replace(PERSON, billing=Address(postcode="SE-113 56", city="Stockholm",
                                                             country="SE"))) == []
    delivery = replace(PERSON, delivery=Address(postcode="73740"))
    assert messages(delivery, "nb") == [
        ("delivery.postcode", "'73740' i leveringsadressen er ikke et norsk postnummer (4 sifre).")]


def test_discount_edges_and_kind() -> None:
    assert messages(replace(PERSON, discount_basis_points=-1), "en") == [
        ("discount_basis_points", "The discount must be between 0 and 100 % (got -0.01 %).")]
    assert messages(replace(PERSON, discount_basis_points=True), "nb") == [
        ("discount_basis_points", "Rabatten må være et helt antall basispunkter.")]
    assert messages(replace(PERSON, kind="shop"), "en") == [  # type: ignore[arg-type]
        ("kind", "The customer must be a company or a person, not 'shop'.")]


def test_normalized_customer_tidies_spaces_digits_and_country() -> None:
    data = replace(COMPANY, name=" Equinor ASA ", org_number=" 923 609 016 ", email=" post@equinor.com ",
                   billing=Address(("  Forusbeen 50 ", " "), " 4035 ", " Stavanger ", "no"))
    tidy = normalized_customer(data)
    assert tidy.name == "Equinor ASA"
    assert tidy.org_number == EQUINOR
    assert tidy.email == "post@equinor.com"
    assert tidy.billing == Address(("Forusbeen 50",), "4035", "Stavanger", "NO")
    assert normalized_customer(replace(PERSON, org_number="  ")).org_number is None
    assert normalized_customer(replace(COMPANY, org_number="923 609 017")).org_number == "923 609 017"


# ------------------------------------------------------------------ storing through the repository


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(sqlite_url(tmp_path / "catalogue.sqlite"))
    yield db
    db.close()


def test_add_customer_stores_the_tidy_data(database: Database) -> None:
    with database.session() as session:
        record = add_customer(CustomerRepository(session), replace(COMPANY, org_number="923 609 016"))
    with database.session() as session:
        stored = CustomerRepository(session).get(record.id)
    assert stored is not None
    assert stored.org_number == EQUINOR
    assert stored.name == COMPANY.name


def test_invalid_customer_is_not_stored_and_carries_every_error(database: Database) -> None:
    bad = replace(COMPANY, name="", org_number="923609017")
    with pytest.raises(CustomerError) as caught, database.session() as session:
        add_customer(CustomerRepository(session), bad)
    assert [e.field for e in caught.value.errors] == ["name", "org_number"]
    assert caught.value.render("nb").splitlines() == [
        "Navn må fylles ut.",
        "'923609017' er ikke et gyldig organisasjonsnummer (9 sifre med riktig kontrollsiffer)."]
    with database.session() as session:
        assert CustomerRepository(session).search("") == []


def test_extra_problems_are_reported_in_field_order(database: Database) -> None:
    from configurator.core.i18n import msg

    extra = [FieldError("discount_basis_points", msg("The discount must be a whole number of basis points."))]
    with pytest.raises(CustomerError) as caught, database.session() as session:
        add_customer(CustomerRepository(session), replace(COMPANY, email="x"), extra)
    assert [e.field for e in caught.value.errors] == ["email", "discount_basis_points"]


def test_update_customer_checks_and_refuses_unknown_ids(database: Database) -> None:
    with database.session() as session:
        record = add_customer(CustomerRepository(session), PERSON)
    with database.session() as session:
        changed = update_customer(CustomerRepository(session), record.id, replace(PERSON, discount_basis_points=250))
    assert changed.discount_basis_points == 250
    with pytest.raises(CustomerError) as caught, database.session() as session:
        update_customer(CustomerRepository(session), record.id, replace(PERSON, email="kari@"))
    assert caught.value.render("en") == "'kari@' is not a valid e-mail address."
    with pytest.raises(CustomerError) as caught, database.session() as session:
        update_customer(CustomerRepository(session), record.id + 1, PERSON)
    assert caught.value.render("nb") == f"Det finnes ingen kunde med nummer {record.id + 1}."
    with database.session() as session:
        stored = CustomerRepository(session).get(record.id)
    assert stored is not None and stored.discount_basis_points == 250 and stored.email == ""
