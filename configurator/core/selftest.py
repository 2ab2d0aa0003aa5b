"""``skredder self-test``: the installed program checks itself end to end, without touching the user's data.

The bundled product models are built into a temporary catalogue, one product of each family is configured to
completion by the engine and priced, one quote with every family is rendered to a PDF (fonts embedded), and
the translations are checked in both languages. Each check reports what it found; the first failure of a check
is reported with its reason and the others still run.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from configurator.core.i18n import CATALOGUE_DIR, LANGUAGES, Message, msg, translate
from configurator.core.model import schema as s
from configurator.core.pricing.money import format_money, from_ore

if TYPE_CHECKING:
    from configurator.core.catalogue.db import Database

TEXT_SAMPLES = ("Test", "1234567", "TEST", "123", "1")


@dataclass(frozen=True)
class Check:
    name: Message
    ok: bool
    detail: str  # what was found, or why it failed
    seconds: float


def _timed(name: Message, work: Callable[[], str]) -> Check:
    start = time.perf_counter()
    try:
        detail = work()
    except Exception as error:  # reported, not raised: the self-test tells every problem it finds
        return Check(name, False, f"{type(error).__name__}: {error}", time.perf_counter() - start)
    return Check(name, True, detail, time.perf_counter() - start)


def run_self_test(models: Path, language: str = "nb", catalogue: Path | None = None) -> Iterator[Check]:
    """Every check in turn (the caller prints each as it comes). ``catalogue``: a catalogue database already
    built from ``models`` to copy instead of building one (the tests)."""
    from configurator.core.catalogue.db import open_database

    yield _timed(msg("translations"), _translations)
    yield _timed(msg("fonts"), _fonts)
    with tempfile.TemporaryDirectory(prefix="skredder-self-test-") as folder:
        file = Path(folder) / "catalogue.sqlite"
        url = f"sqlite:///{file}"
        if catalogue is not None:
            shutil.copyfile(catalogue, file)
        else:
            build = _timed(msg("bundled catalogue"), lambda: _build(models, url))
            yield build
            if not build.ok:
                return
        database = open_database(url)
        try:
            numbers: list[str] = []
            yield _timed(msg("configure and price every family"), lambda: _configure(database, numbers, language))
            if numbers:
                yield _timed(msg("quote PDF"), lambda: _pdf(database, numbers[0], Path(folder)))
        finally:
            database.close()


def _translations() -> str:
    files = [CATALOGUE_DIR / f"{language}.po" for language in LANGUAGES if language != "en"]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise FileNotFoundError(", ".join(missing))
    if translate("Quote", "nb") == translate("Quote", "en"):
        raise ValueError("the Norwegian texts are not loaded")
    return ", ".join(LANGUAGES)


def _fonts() -> str:
    from configurator.core.documents.pdf_style import FONT, FONT_BOLD, register_fonts

    register_fonts()
    return f"{FONT}, {FONT_BOLD}"


def _build(models: Path, url: str) -> str:
    from configurator.core.sync.build import build_catalogue

    result = build_catalogue([models], url)
    if result.errors:
        raise ValueError("; ".join(e.render("en") for e in result.errors[:3]))
    if not result.stored:
        raise ValueError(f"no product models in {models}")
    return ", ".join(f"{family} {version}" for family, version, _new in result.stored)


def _configure(database: Database, numbers: list[str], language: str) -> str:
    from configurator.core.catalogue.records import Address, CustomerData
    from configurator.core.customers import CustomerService
    from configurator.core.quoting.service import LineRequest, QuoteService
    from configurator.core.settings import Settings
    from configurator.core.sync.service import CatalogueService

    service = QuoteService(database, Settings(), today=date.today())
    families = [family.id for family in CatalogueService(database).families()]
    customer = CustomerService(database).add(CustomerData(
        kind="person", name="Self-test", billing=Address(("Testveien 1",), "7374", "Røros")))
    today = service.today
    requests = [LineRequest(f, _texts(service.models.current(f, today).model), complete=True) for f in families]
    quote = service.new_quote(customer.id, first_line=requests[0])
    for request in requests[1:]:
        service.add_line(quote.number, request.family, request.choices, complete=True)
    numbers.append(quote.number)
    lines = service.quote(quote.number).current.lines
    return ", ".join(f"{line.family_id} {format_money(from_ore(line.line_total_ore), language)}" for line in lines)


def _texts(model: s.ProductModel) -> dict[str, str]:
    """A sample for every text the customer must give (completion never invents texts): the first of a few
    plain samples that the attribute accepts."""
    found = {}
    for attribute in model.chosen_attributes:
        if attribute.type == s.TEXT and attribute.required:
            sample = next((t for t in TEXT_SAMPLES if attribute.accepts(t)), None)
            if sample is None:
                raise ValueError(f"{model.family}: no sample text fits '{attribute.id}'")
            found[attribute.id] = sample
    return found


def _pdf(database: Database, number: str, folder: Path) -> str:
    from configurator.core.documents.quote_pdf import render_quote_pdf
    from configurator.core.quoting.service import QuoteService
    from configurator.core.quoting.snapshots import quote_snapshot
    from configurator.core.settings import Settings

    service = QuoteService(database, Settings(), today=date.today())
    pdf = render_quote_pdf(quote_snapshot(service, number, None, "nb"))
    if not pdf.startswith(b"%PDF") or b"/FontFile2" not in pdf:
        raise ValueError("the PDF has no embedded fonts")
    path = folder / f"{number}.pdf"
    path.write_bytes(pdf)
    return f"{len(pdf) // 1024} KiB"
