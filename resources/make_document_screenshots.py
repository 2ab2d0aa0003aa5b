"""Make the document screenshots in docs/screenshots/: page 1 of a quote and a production order per family (the
window's also in English, and its quote once more with the setting quote.show_breakdown).

Run from the repository root with the virtual environment:  .venv/bin/python resources/make_document_screenshots.py

Everything happens in a temporary folder (catalogue built from product_models/, settings, customer), through the
same core the command line uses; the pages are rendered with pdftoppm (poppler-utils) and saved as PNG. The date
is fixed, so the pictures change only when the documents do. ``--keep DIR`` also keeps the PDFs there.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from configurator.core.catalogue.customers import CustomerRepository  # noqa: E402
from configurator.core.catalogue.db import open_database  # noqa: E402
from configurator.core.catalogue.records import Address, CustomerData  # noqa: E402
from configurator.core.documents.order_pdf import render_order_pdf  # noqa: E402
from configurator.core.documents.quote_pdf import render_quote_pdf  # noqa: E402
from configurator.core.quoting.service import LineRequest, QuoteService  # noqa: E402
from configurator.core.quoting.snapshots import order_snapshot, quote_snapshot  # noqa: E402
from configurator.core.settings import CompanySettings, Settings  # noqa: E402
from configurator.core.sync.build import build_catalogue  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
TODAY = date(2026, 11, 30)
SELLERS = {
    "window": ("Røros Dører og Vinduer AS", ("Kjerkgata 12", "7374 Røros"), "923609016"),
    "chair": ("HÅG AS (Flokk)", ("Gjøsvikveien 1", "7374 Røros"), "974760673"),
    "eartag": ("Os ID AS", ("Industriveien 2", "2550 Os i Østerdalen"), "923609016"),
    "chimney_cap": ("Røroshetta AS", ("Hagaveien 4", "7374 Røros"), "974760673"),
}
LINES = {
    "window": [
        LineRequest("window", {"window_type": "side_hung", "width_mm": "1200", "height_mm": "1400",
                               "glazing": "triple", "glazing_bars": "through", "bars_per_sash": "2"}, 3,
                    complete=True),
        LineRequest("window", {"window_type": "double_side_hung", "width_mm": "1600", "height_mm": "1300",
                               "heritage": "true", "wood": "core_pine"}, 1, line_discount_bp=500, complete=True),
    ],
    "chair": [LineRequest("chair", {"model": "sofi"}, 12, complete=True),
              LineRequest("chair", {"model": "capisco_8106", "footring": "true"}, 2, complete=True)],
    "eartag": [
        LineRequest("eartag", {"holding_id": "1234567", "series_number": "1", "tag_count": "150",
                               "inside_text_1": "HANSEN", "inside_text_2": "91234567"}, complete=True),
        LineRequest("eartag", {"holding_id": "1234567", "series_number": "1", "tag_count": "150",
                               "tag_type": "e24"}, complete=True),
    ],
    "chimney_cap": [LineRequest("chimney_cap", {"flue_shape": "square"}, 1, complete=True)],
}
PARAMETERS = {"window": {"one_facade": "false"}}


def page_png(pdf: bytes, target: Path, work: Path) -> None:
    source = work / "page.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "90", "-png", "-f", "1", "-l", "1", "-singlefile", str(source),
                    str(work / "page")], check=True)
    image = Image.open(work / "page.png").convert("RGB")
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size // 1024} KiB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="also write the PDFs into this folder")
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: install poppler-utils", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        url = f"sqlite:///{work / 'catalogue.sqlite'}"
        if build_catalogue([ROOT / "product_models"], url).errors:
            print("the product models do not build; run: skredder models check", file=sys.stderr)
            return 1
        database = open_database(url)
        with database.session() as session:
            customer = CustomerRepository(session).add(CustomerData(
                kind="company", name="Ødegård Gårdsbruk AS", org_number="923609016",
                billing=Address(("Gardsveien 1",), "7374", "Røros"), contact_person="Åse Ødegård",
                email="ase@odegard.no"))
        for family, lines in LINES.items():
            name, address, org = SELLERS[family]
            settings = Settings(salesperson="Kari Nordmann",
                                company=CompanySettings(name=name, address_lines=address, org_number=org,
                                                        phone="72 41 00 00", email="salg@example.no"))
            service = QuoteService(database, settings, today=TODAY)
            quote = service.new_quote(customer.id, first_line=lines[0], parameters=PARAMETERS.get(family))
            for line in lines[1:]:
                service.add_line(quote.number, line.family, line.choices, quantity=line.quantity,
                                 line_discount_bp=line.line_discount_bp, complete=True)
            service.send(quote.number)
            service.accept(quote.number)
            order = service.create_order(quote.number)
            quote_pdf = render_quote_pdf(quote_snapshot(service, quote.number))
            order_pdf = render_order_pdf(order_snapshot(service, order.number))
            page_png(quote_pdf, OUT / f"quote-{family}-nb.png", work)
            page_png(order_pdf, OUT / f"order-{family}-nb.png", work)
            if family == "window":
                english = render_quote_pdf(quote_snapshot(service, quote.number, language="en"))
                page_png(english, OUT / "quote-window-en.png", work)
                page_png(render_order_pdf(order_snapshot(service, order.number, language="en")),
                         OUT / "order-window-en.png", work)
                internal = replace(quote_snapshot(service, quote.number), show_breakdown=True)
                page_png(render_quote_pdf(internal), OUT / "quote-window-breakdown-nb.png", work)
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / f"quote-{family}.pdf").write_bytes(quote_pdf)
                (args.keep / f"order-{family}.pdf").write_bytes(order_pdf)
        database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
