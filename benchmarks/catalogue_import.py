"""Catalogue import benchmark: a signed package of 10,000 generated products, imported; 200 open quotes re-checked.

    python benchmarks/catalogue_import.py [--families 100] [--products 100] [--quotes 200]

Generates ``families`` model folders, each with a choice of ``products`` products (each with its own price),
a finish, a combination table (CSV) over both and a PNG image; packs and signs them (Ed25519), then in a child
process imports the package into a fresh catalogue database (verify, validate with the lint, difference,
snapshot, one transaction) and reports the wall time and the peak memory (ru_maxrss) of that child. Then it
makes ``quotes`` draft quotes on the imported catalogue, imports version 2 (every price +5 %, one product
withdrawn per family) and times the re-check of the open quotes. Prints one Markdown table against the targets.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from configurator.core.catalogue.db import open_database
from configurator.core.sync.importer import apply_import, prepare_import
from configurator.core.sync.keys import generate_key, load_private
from configurator.core.sync.package import pack
from configurator.core.sync.recheck import recheck_quotes
from configurator.core.sync.service import PackageService

TARGET_IMPORT_S = 10.0
TARGET_MEMORY_MB = 300.0


def write_family(folder: Path, index: int, products: int, *, version: str, price_factor: float,
                 withdraw: bool) -> None:
    from PIL import Image

    family = f"gen{index:03d}"
    target = folder / family
    (target / "images").mkdir(parents=True, exist_ok=True)
    options = []
    rows = ["product,finish"]
    first = 1 if withdraw else 0
    for p in range(first, products):
        price = round((100 + 7 * p) * price_factor, 2)
        options.append(f"      - {{id: p{p:03d}, label: {{nb: Produkt {p}, en: Product {p}}}, price: {price}}}")
        rows.append(f"p{p:03d},{'*' if p % 3 else 'matt'}")
    (target / f"{family}.yaml").write_text(f"""\
skredder: 1
family: {family}
version: "{version}"
effective: 2026-01-01
name: {{nb: Generert {index}, en: Generated {index}}}
attributes:
  - id: product
    type: choice
    label: {{nb: Produkt, en: Product}}
    options:
{chr(10).join(options)}
  - id: finish
    type: choice
    label: {{nb: Overflate, en: Finish}}
    options:
      - {{id: matt, label: {{nb: Matt, en: Matt}}, image: images/matt.png}}
      - {{id: glossy, label: {{nb: Blank, en: Glossy}}, price: 50}}
steps:
  - id: all
    label: {{nb: Alt, en: Everything}}
    attributes: [product, finish]
rules:
  - id: finishes
    table: {{file: finishes.csv}}
    message: {{nb: Denne overflaten finnes ikke for produktet., en: This finish does not exist for the product.}}
pricing:
  base: 1000
""", encoding="utf-8")
    (target / "finishes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (index % 255, 120, 80)).save(buffer, "PNG")
    (target / "images" / "matt.png").write_bytes(buffer.getvalue())


def make_package(work: Path, key: Path, version: int, families: int, products: int) -> Path:
    models = work / f"models-{version}"
    shutil.rmtree(models, ignore_errors=True)
    for index in range(families):
        write_family(models, index, products, version=f"{version}.0", price_factor=1.0 if version == 1 else 1.05,
                     withdraw=version > 1)
    private, public = load_private(key)
    out = work / f"catalogue-{version}.skcat"
    pack(models, private_key=private, public_key=public, version=version, catalogue="bench", publisher="bench",
         effective=date(2026, 1, 1), out=out)
    return out


def import_in_child(url: str, package: Path) -> tuple[float, float, float]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        database = open_database(url)
        started = time.perf_counter()
        apply_import(database, prepare_import(database, package, today=date(2026, 6, 1)))
        took = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        peak_mb = usage.ru_maxrss / 1024
        os.write(write, f"{took} {peak_mb} {usage.ru_utime + usage.ru_stime}".encode())
        os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    text = os.read(read, 100).decode()
    if os.waitstatus_to_exitcode(status) != 0 or not text:
        raise SystemExit("the import failed in the child")
    took, peak, cpu = text.split()
    return float(took), float(peak), float(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=100)
    parser.add_argument("--products", type=int, default=100)
    parser.add_argument("--quotes", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="skredder-bench-") as folder:
        work = Path(folder)
        key = work / "bench.key"
        generate_key(key)
        started = time.perf_counter()
        package = make_package(work, key, 1, args.families, args.products)
        pack_s = time.perf_counter() - started
        url = f"sqlite:///{work / 'catalogue.sqlite'}"
        database = open_database(url)
        PackageService(database).trust_key(load_private(key)[1])
        database.close()
        baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        import_s, peak_mb, cpu_s = import_in_child(url, package)

        from configurator.core.quoting.service import QuoteService
        from configurator.core.settings import Settings
        from tests.helpers.quoting_kit import add_customer

        database = open_database(url)
        service = QuoteService(database, Settings(), today=date(2026, 6, 1))
        customer = add_customer(database)
        for q in range(args.quotes):
            number = service.new_quote(customer).number
            service.add_line(number, f"gen{q % args.families:03d}", {"product": f"p{q % 7:03d}", "finish": "matt"})
        package2 = make_package(work, key, 2, args.families, args.products)
        started = time.perf_counter()
        apply_import(database, prepare_import(database, package2, today=date(2026, 6, 1)))
        import2_s = time.perf_counter() - started
        started = time.perf_counter()
        checks = recheck_quotes(database, date(2026, 6, 1))
        recheck_s = time.perf_counter() - started
        write_family(work / "models-2", 0, args.products, version="3.0", price_factor=1.1, withdraw=True)
        private, public = load_private(key)
        package3 = work / "catalogue-3.skcat"
        pack(work / "models-2", private_key=private, public_key=public, version=3, catalogue="bench",
             publisher="bench", effective=date(2026, 1, 1), out=package3)
        started = time.perf_counter()
        apply_import(database, prepare_import(database, package3, today=date(2026, 6, 1)))
        import3_s = time.perf_counter() - started
        database.close()
        size_mb = package.stat().st_size / 1e6
    statuses = {s: sum(1 for c in checks if c.status == s) for s in ("unchanged", "price", "invalid")}
    print(f"| step | {args.families * args.products:,} products in {args.families} families | target |")
    print("|---|---|---|")
    print(f"| pack (generate, sign) | {pack_s:.1f} s, {size_mb:.1f} MB | |")
    print(f"| import v1 into an empty catalogue (verify, validate + lint, diff, snapshot, apply) | {import_s:.1f} s "
          f"(CPU {cpu_s:.1f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores) "
          f"| ≤ {TARGET_IMPORT_S:.0f} s |")
    print(f"| peak memory of the importing process | {peak_mb:.0f} MB (parent before fork {baseline_mb:.0f} MB) "
          f"| ≤ {TARGET_MEMORY_MB:.0f} MB |")
    print(f"| import v2 into it (every family changed, {args.quotes} quotes in the database) | {import2_s:.1f} s | |")
    print(f"| re-check {args.quotes} open quotes after v2 | {recheck_s:.1f} s ({statuses}) | |")
    print(f"| import v3 (one family changed: the others are not linted again) | {import3_s:.1f} s | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
