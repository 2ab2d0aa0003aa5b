"""The hostile corpus (tests/helpers/hostile_packages.py, 500+ packages): each is refused with a located error in
nb and en, nothing crashes, and the database is byte for byte as it was (a dump compared before and after)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from configurator.core.catalogue.db import open_database
from configurator.core.sync.errors import PackageError
from configurator.core.sync.importer import apply_import, prepare_import
from configurator.core.sync.keys import generate_key, load_private
from configurator.core.sync.service import PackageService
from tests.helpers.hostile_packages import Corpus, stool_files
from tests.helpers.kill_kit import dump

TODAY = date(2026, 12, 1)


def test_every_hostile_package_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    generate_key(tmp_path / "a.key")
    generate_key(tmp_path / "b.key")
    private, public = load_private(tmp_path / "a.key")
    other_private, other_public = load_private(tmp_path / "b.key")
    corpus = Corpus(private, public, other_private, other_public)
    file = tmp_path / "catalogue.sqlite"
    database = open_database(f"sqlite:///{file}")
    try:
        PackageService(database).trust_key(public, "HQ")
        installed = tmp_path / "v3.skcat"
        installed.write_bytes(corpus.package(stool_files("1.0"), version=3))
        apply_import(database, prepare_import(database, installed, today=TODAY))
        before = dump(file)
        cases = list(corpus.cases())
        assert len(cases) >= 500
        assert len({c.name for c in cases}) == len(cases)
        wrong: list[str] = []
        for case in cases:
            path = tmp_path / "package.skcat"
            path.write_bytes(case.data)
            try:
                prepare_import(database, path, today=TODAY)
            except PackageError as error:
                english, norwegian = error.render("en"), error.render("nb")
                if case.expect not in english or not english.startswith("package.skcat") or not norwegian:
                    wrong.append(f"{case.name}: {english}")
            else:
                wrong.append(f"{case.name}: accepted")
        assert not wrong, "\n".join(wrong[:20])
        assert dump(file) == before
        good = tmp_path / "good.skcat"
        good.write_bytes(corpus.package(stool_files("2.0")))  # the corpus's base, unbroken, is accepted
        assert prepare_import(database, good, today=TODAY).package.manifest.version == 4
    finally:
        database.close()
