"""``skredder catalogue build|list|keygen|pack|keys|import|rollback``: compile product models into the catalogue
database and list it; make, trust and import signed catalogue packages (core/sync)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from configurator.core.i18n import ntranslate, translate

DEFAULT_MODELS = Path(__file__).resolve().parents[2] / "product_models"


def run(args: argparse.Namespace, language: str) -> int:
    from configurator.core.catalogue.errors import CatalogueError
    from configurator.core.sync.errors import PackageError

    try:
        if args.catalogue_command == "build":
            return build(args.paths or [DEFAULT_MODELS], args.database, language)
        if args.catalogue_command in PACKAGE_COMMANDS:
            return int(PACKAGE_COMMANDS[args.catalogue_command](args, language))
        return list_catalogue(args.database, language)
    except (CatalogueError, PackageError) as exc:
        print(translate("Error: {message}", language, message=exc.render(language)), file=sys.stderr)
        return 1


def build(paths: list[Path], database: str | None, language: str) -> int:
    """Validate every model first; only when all are good, store them in one transaction."""
    from configurator.core.sync.build import build_catalogue

    result = build_catalogue(paths, database)
    for error in result.errors:
        print(error.render(language), file=sys.stderr)
    if result.errors:
        print(ntranslate("{count} problem found; the catalogue was not changed",
                         "{count} problems found; the catalogue was not changed", len(result.errors), language),
              file=sys.stderr)
        return 1
    for family, version, created in result.stored:
        if created:
            print(translate("{family} {version}: new version stored", language, family=family, version=version))
        else:
            print(translate("{family} {version}: unchanged", language, family=family, version=version))
    return 0


def list_catalogue(database: str | None, language: str) -> int:
    from configurator.core.catalogue.db import open_database
    from configurator.core.catalogue.repositories import ModelRepository

    db = open_database(database)
    try:
        with db.session() as session:
            repository = ModelRepository(session)
            rows = []
            for family in repository.families():
                for version in repository.versions(family.id):
                    name = family.name_nb if language == "nb" else family.name_en
                    rows.append((family.id, name, version.version, version.effective_date.isoformat(),
                                 version.source_hash[:12]))
    finally:
        db.close()
    if not rows:
        print(translate("The catalogue is empty. Run: skredder catalogue build", language))
        return 0
    headers = (translate("Family", language), translate("Name", language), translate("Version", language),
               translate("Effective", language), translate("Source hash", language))
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


# --- signed catalogue packages -----------------------------------------------------------------------------


def add_package_parsers(catalogue_sub: Any, common: argparse.ArgumentParser) -> None:
    keygen = catalogue_sub.add_parser("keygen", parents=[common], help="make a publisher key (Ed25519)")
    keygen.add_argument("-o", "--output", type=Path, required=True, help="the private key file to write (0600)")
    pack = catalogue_sub.add_parser("pack", parents=[common], help="check the models and pack them, signed")
    pack.add_argument("models_dir", nargs="?", type=Path, default=None, help="default: product_models/")
    pack.add_argument("--key", type=Path, required=True, help="the publisher's private key file")
    pack.add_argument("--version", type=int, required=True, help="the catalogue version (only grows)")
    pack.add_argument("-o", "--output", type=Path, required=True, help="the .skcat file to write")
    pack.add_argument("--catalogue", default="skredder", help="the catalogue's name (default: skredder)")
    pack.add_argument("--publisher", default="Skredder", help="the publisher's name")
    pack.add_argument("--effective", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")
    pack.add_argument("--valid-until", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    pack.add_argument("--min-app-version", default="0.1")
    pack.add_argument("--add-key", action="append", default=[], metavar="PUBKEY",
                      help="a new publisher key to trust, signed by this one (key rotation)")
    keys = catalogue_sub.add_parser("keys", parents=[common], help="the publisher keys this laptop trusts")
    keys_sub = keys.add_subparsers(dest="keys_command", metavar="SUBCOMMAND")
    keys_sub.add_parser("list", parents=[common], help="list trusted and revoked keys")
    trust = keys_sub.add_parser("trust", parents=[common], help="trust a publisher's public key")
    trust.add_argument("public_key", help="skredder-ed25519:...")
    trust.add_argument("--name", default="", help="whose key it is")
    revoke = keys_sub.add_parser("revoke", parents=[common], help="stop trusting a key")
    revoke.add_argument("key_id")
    imp = catalogue_sub.add_parser("import", parents=[common],
                                   help="import a signed catalogue package (.skcat) or a price list (.xlsx, .csv)")
    imp.add_argument("file", type=Path, help="a .skcat package, or a price list: family, option or price item, "
                                             "new price, valid from")
    imp.add_argument("--yes", action="store_true", help="apply without asking")
    imp.add_argument("--allow-downgrade", action="store_true", help="install an older catalogue version")
    catalogue_sub.add_parser("rollback", parents=[common], help="return to the catalogue installed before")
    catalogue_sub.add_parser("installs", parents=[common], help="the catalogue versions installed here")
    recheck = catalogue_sub.add_parser("recheck", parents=[common],
                                       help="check the open quotes against the catalogue in force")
    recheck.add_argument("--csv", type=Path, default=None, help="also write the report as CSV (for the manager)")
    recheck.add_argument("--pdf", type=Path, default=None, help="also write the report as PDF (for the manager)")
    move = catalogue_sub.add_parser("move-quote", parents=[common],
                                    help="move an open quote to the catalogue in force (a new revision if sent)")
    move.add_argument("number")


def _open(args: argparse.Namespace) -> Any:
    from configurator.core.catalogue.db import open_database

    return open_database(args.database)


def keygen(args: argparse.Namespace, language: str) -> int:
    from configurator.core.sync.keys import generate_key

    key, public = generate_key(args.output)
    print(translate("Private key written to {file} (keep it secret; permissions 0600)", language,
                    file=str(args.output)))
    print(translate("Key id: {key}", language, key=key))
    print(translate("Public key: {public}", language, public=public))
    return 0


def pack(args: argparse.Namespace, language: str) -> int:
    from configurator.core.sync.importer import check_models_with_lint
    from configurator.core.sync.keys import key_id, load_private, parse_public
    from configurator.core.sync.package import PublisherKey
    from configurator.core.sync.package import pack as pack_models

    models_dir = args.models_dir or DEFAULT_MODELS
    private, public = load_private(args.key)
    loaded, errors = check_models_with_lint(models_dir)
    for error in errors:
        print(error.render(language), file=sys.stderr)
    if errors:
        print(ntranslate("{count} problem found; no package was made",
                         "{count} problems found; no package was made", len(errors), language),
              file=sys.stderr)
        return 1
    new_keys = tuple(PublisherKey(key_id(raw), raw) for raw in (parse_public(text) for text in args.add_key))
    manifest = pack_models(models_dir, private_key=private, public_key=public, version=args.version,
                           catalogue=args.catalogue, publisher=args.publisher,
                           effective=args.effective or date.today(), valid_until=args.valid_until,
                           min_app_version=args.min_app_version, new_keys=new_keys, out=args.output)
    print(translate("{file}: catalogue {name} version {version}, {families} families, {files} files, signed by {key}",
                    language, file=str(args.output), name=manifest.catalogue, version=manifest.version,
                    families=len(loaded), files=len(manifest.files), key=manifest.signer))
    return 0


def keys(args: argparse.Namespace, language: str) -> int:
    from configurator.core.sync.keys import key_id, parse_public, public_text
    from configurator.core.sync.service import PackageService

    service = PackageService(_open(args))
    if args.keys_command == "trust":
        raw = parse_public(args.public_key)
        added = service.trust_key(raw, args.name)
        text = "Key {key} is trusted now" if added else "Key {key} was trusted already"
        print(translate(text, language, key=key_id(raw)))
        return 0
    if args.keys_command == "revoke":
        if not service.revoke_key(args.key_id):
            print(translate("Error: {message}", language, message=translate(
                "no trusted key {key} to revoke", language, key=args.key_id)), file=sys.stderr)
            return 1
        print(translate("Key {key} is revoked: packages it signs are refused", language, key=args.key_id))
        return 0
    rows = [(k.id, k.name, k.added_at.date().isoformat(), k.added_by,
             k.revoked_at.date().isoformat() if k.revoked_at else "", public_text(k.public_key))
            for k in service.trusted_keys()]
    if not rows:
        print(translate("No trusted keys. Trust the publisher's key: skredder catalogue keys trust PUBKEY", language))
        return 0
    _table((translate("Key id", language), translate("Name", language), translate("Added", language),
            translate("By", language), translate("Revoked", language), translate("Public key", language)), rows)
    return 0


def _table(headers: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def _confirmed(args: argparse.Namespace, language: str) -> bool:
    if args.yes:
        return True
    answer = input(translate("Apply this update? [y/N] ", language)).strip().lower()
    if answer in ("y", "yes", "j", "ja"):
        return True
    print(translate("Nothing was changed.", language))
    return False


def _print_recheck(database: Any, language: str) -> None:
    from configurator.core.sync.recheck import recheck_quotes, report_rows

    rows = report_rows(recheck_quotes(database), language)
    if rows:
        print(translate("Open quotes checked against the new catalogue:", language))
        _table(rows[0], rows[1:])


def import_price_list(args: argparse.Namespace, language: str) -> int:
    from configurator.core.sync.pricelist import apply_price_list, prepare_price_list

    database = _open(args)
    plan = prepare_price_list(database, args.file)
    if plan.no_op:
        print(translate("{file}: every price is as in the catalogue already; nothing to do", language,
                        file=plan.name))
        return 0
    print(translate("{file}: price list, {rows} prices, new model versions of {families}", language,
                    file=plan.name, rows=len(plan.rows), families=", ".join(v.family for v in plan.versions)))
    for change in plan.changes:
        print("  " + change.render(language))
    if not _confirmed(args, language):
        return 1
    stored, shot = apply_price_list(database, plan)
    print(translate("{stored} model versions stored with the new prices", language, stored=stored))
    if shot is not None:
        print(translate("Snapshot of the database before the update: {file}", language, file=str(shot)))
    _print_recheck(database, language)
    return 0


def import_package(args: argparse.Namespace, language: str) -> int:
    from configurator.core.sync.importer import apply_import, prepare_import
    from configurator.core.sync.pricelist import is_price_list

    if is_price_list(args.file):
        return import_price_list(args, language)
    database = _open(args)
    plan = prepare_import(database, args.file, allow_downgrade=args.allow_downgrade)
    manifest = plan.package.manifest
    if plan.no_op:
        print(translate("{file}: catalogue version {version} is installed already; nothing to do", language,
                        file=args.file.name, version=manifest.version))
        return 0
    print(translate("{file}: catalogue {name} version {version} by {publisher}, signed by {key}", language,
                    file=args.file.name, name=manifest.catalogue, version=manifest.version,
                    publisher=manifest.publisher, key=manifest.signer))
    for key in plan.new_keys:
        print(translate("New publisher key, signed by a trusted key: {key}", language, key=key.id))
    for change in plan.changes:
        print("  " + change.render(language))
    if not plan.changes:
        print("  " + translate("no changes to products, prices or rules", language))
    if not _confirmed(args, language):
        return 1
    result = apply_import(database, plan)
    print(translate("Catalogue version {before} → {after}: {stored} model versions stored", language,
                    before=result.version_before, after=result.version_after, stored=result.stored))
    if result.snapshot is not None:
        print(translate("Snapshot of the database before the update: {file}", language, file=str(result.snapshot)))
    _print_recheck(database, language)
    return 0


def rollback(args: argparse.Namespace, language: str) -> int:
    from configurator.core.sync.importer import roll_back_told

    print(roll_back_told(_open(args)).render(language))
    return 0


def installs(args: argparse.Namespace, language: str) -> int:
    from configurator.core.sync.service import PackageService

    rows = [(i.version, i.catalogue, i.state,
             i.signer or (translate("price list", language) if i.package_hash else ""),
             i.installed_at.isoformat(timespec="seconds"),
             i.installed_by, i.package_hash[:12]) for i in PackageService(_open(args)).installs()]
    _table((translate("Version", language), translate("Catalogue", language), translate("State", language),
            translate("Signer", language), translate("Installed", language), translate("By", language),
            translate("Package hash", language)), rows)
    return 0


def recheck(args: argparse.Namespace, language: str) -> int:
    from configurator.core.sync.recheck import recheck_quotes, report_rows, write_report_csv

    checks = recheck_quotes(_open(args))
    rows = report_rows(checks, language)
    if not rows:
        print(translate("No open quotes to check.", language))
    else:
        _table(rows[0], rows[1:])
    if args.csv is not None:
        write_report_csv(checks, args.csv, language)
    if args.pdf is not None:
        from configurator.core.sync.report_pdf import write_report_pdf

        write_report_pdf(checks, args.pdf, language)
        print(translate("Report written to {file}", language, file=str(args.pdf)))
    return 0


def move_quote(args: argparse.Namespace, language: str) -> int:
    from configurator.core.quoting.service import QuoteError, QuoteService
    from configurator.core.settings import load_settings
    from configurator.core.sync.recheck import move_quote as move

    database = _open(args)
    try:
        letter = move(QuoteService(database, load_settings()), database, args.number)
    except QuoteError as error:
        print(translate("Error: {message}", language, message=error.render(language)), file=sys.stderr)
        return 1
    print(translate("Quote {number} revision {letter} uses the catalogue in force now", language,
                    number=args.number, letter=letter))
    return 0


PACKAGE_COMMANDS: dict[str, Callable[[argparse.Namespace, str], int]] = {
    "keygen": keygen, "pack": pack, "keys": keys, "import": import_package, "rollback": rollback,
    "installs": installs, "recheck": recheck, "move-quote": move_quote,
}
