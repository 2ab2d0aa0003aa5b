"""The seller and the customer as a quote prints them, and as a sent revision keeps them (plain JSON data).

A sent revision keeps ``company_data`` and ``customer_data`` as they were when it was sent; the documents read
them back with ``company_block`` / ``party_block``. A draft is shown the same way from today's settings and
register, so there is one way from data to the printed block.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from configurator.core.catalogue.records import Address, CustomerRecord
from configurator.core.customers import format_org_number
from configurator.core.documents import snapshot as snap
from configurator.core.files import FileProblem, read_bounded
from configurator.core.settings import MAX_LOGO_BYTES, Settings


def company_data(settings: Settings) -> dict[str, Any]:
    company = settings.company
    return {"name": company.name, "address_lines": list(company.address_lines), "org_number": company.org_number,
            "phone": company.phone, "email": company.email, "web": company.web,
            "logo_path": str(company.logo_path) if company.logo_path else None}


def customer_data(customer: CustomerRecord) -> dict[str, Any]:
    def address(value: Address) -> dict[str, Any]:
        return {"lines": list(value.lines), "postcode": value.postcode, "city": value.city, "country": value.country}

    return {"name": customer.name, "org_number": customer.org_number or "", "contact": customer.contact_person,
            "email": customer.email, "phone": customer.phone, "language": customer.language,
            "billing": address(customer.billing), "delivery": address(customer.delivery_address)}


def _address_lines(address: Mapping[str, Any]) -> tuple[str, ...]:
    place = " ".join(part for part in (address["postcode"], address["city"]) if part)
    country = () if address["country"] in ("", "NO") else (address["country"],)
    return (*address["lines"], *((place,) if place else ()), *country)


def company_block(data: Mapping[str, Any]) -> snap.CompanyInfo:
    """The seller; the organisation number as Norwegian documents print it ("923 609 016 MVA")."""
    logo = None
    if data.get("logo_path"):
        try:
            logo = read_bounded(Path(data["logo_path"]), MAX_LOGO_BYTES)  # never a FIFO's endless wait
        except (OSError, FileProblem):
            logo = None  # a vanished logo leaves the header text-only; the settings check it when it is set
    org = f"{format_org_number(data['org_number'])} MVA" if data.get("org_number") else ""
    return snap.CompanyInfo(name=data["name"], address_lines=tuple(data["address_lines"]), org_number=org,
                            phone=data["phone"], email=data["email"], web=data["web"], logo_png=logo)


def party_block(data: Mapping[str, Any], *, delivery: bool = False) -> snap.PartyBlock:
    """The customer with the billing (or delivery) address."""
    return snap.PartyBlock(name=data["name"], address_lines=_address_lines(data["delivery" if delivery else "billing"]),
                           org_number=format_org_number(data["org_number"]), contact=data["contact"],
                           email=data["email"], phone=data["phone"])
