"""The office database in the settings (issue 11e): ``database_url`` is checked like every setting (a file, the
line and the field, in nb and en; nothing is saved), the command line and the app use it when neither
``--database`` nor ``SKREDDER_DATABASE`` decides, and "Test connection" (``check_connection``) reads a database
without changing it. Run against SQLite and PostgreSQL where a database is involved (the ``backend`` parameter)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from configurator.cli import main
from configurator.core.catalogue.db import check_connection, head_revision, open_database
from configurator.core.catalogue.errors import DatabaseError
from configurator.core.settings import Settings, SettingsError, load_settings, save_settings, set_value
from tests.helpers.postgres import Cluster, free_port

MODELS = Path(__file__).resolve().parents[3] / "product_models"


@pytest.mark.parametrize(("url", "english", "bokmal"), [
    ("mysql://kari@server/skredder", "Skredder works with SQLite files and PostgreSQL through psycopg",
     "Skredder bruker SQLite-filer og PostgreSQL via psycopg"),
    ("postgresql+psycopg2://kari@server/skredder", "(not 'postgresql+psycopg2')", "(ikke 'postgresql+psycopg2')"),
    ("postgresql+psycopg://kari:hemmelig@server/skredder", "put it in ~/.pgpass", "legg det i ~/.pgpass"),
    ("postgresql+psycopg://kari@server", "The URL names no database", "URL-en nevner ingen database"),
    ("postgresql+psycopg://kari@server:port/x", "is not a database URL", "er ikke en database-URL"),
])
def test_a_database_url_that_cannot_work_is_refused_in_both_languages(
        url: str, english: str, bokmal: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as refused:
        set_value(Settings(), "database_url", url)
    assert refused.value.render("en").startswith("database_url: ") and english in refused.value.render("en")
    assert bokmal in refused.value.render("nb")
    file = tmp_path / "settings.json"
    file.write_text('{\n  "salesperson": "Kari",\n  "database_url": "' + url + '"\n}\n', encoding="utf-8")
    with pytest.raises(SettingsError) as in_file:
        load_settings(file)
    assert f"{file}, line 3: database_url: " in in_file.value.render("en")
    assert f"{file}, linje 3: database_url: " in in_file.value.render("nb")


def test_a_folder_is_not_a_database_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="is a folder"):
        set_value(Settings(), "database_url", str(tmp_path))


@pytest.mark.parametrize("url", ["", "postgresql+psycopg://kari@kontor-server/skredder", "postgresql://kari@srv/x",
                                 "postgresql+psycopg://kari@10.0.0.5:5433/skredder", "sqlite:///srv/x.sqlite",
                                 "~/skredder/catalogue.sqlite"])
def test_a_usable_database_url_is_stored_and_read_back(url: str, tmp_path: Path) -> None:
    settings = set_value(Settings(), "database_url", url)
    assert settings.database_url == url
    file = save_settings(settings, tmp_path / "settings.json")
    assert load_settings(file).database_url == url


def test_check_connection_reads_a_database_and_changes_nothing(database_url_for_check: str) -> None:
    found = check_connection(database_url_for_check)
    assert found.render("en").startswith("Connected to ")
    families = len([folder for folder in MODELS.iterdir() if folder.is_dir()])  # the seed: every bundled family
    assert f"schema '{head_revision()}' (current), {families} product families" in found.render("en")
    assert f"{families} produktfamilier" in found.render("nb")


@pytest.fixture
def database_url_for_check(backend: str, seed_catalogue: Path, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "postgresql":
        return str(request.getfixturevalue("office_url"))
    file = tmp_path / "seed.sqlite"
    shutil.copyfile(seed_catalogue, file)
    return str(file)  # a plain path, as typed into the field


@pytest.mark.postgres
def test_check_connection_of_an_empty_server_database_an_older_one_and_a_missing_file(
        empty_office_url: str, tmp_path: Path) -> None:
    assert "The database is empty" in check_connection(empty_office_url).render("en")
    assert "Databasen er tom" in check_connection(empty_office_url).render("nb")
    from alembic import command

    from configurator.core.catalogue.db import alembic_config

    command.upgrade(alembic_config(url=empty_office_url), "0004")
    older = check_connection(empty_office_url).render("en")
    assert "schema '0004', 0 product families. Skredder upgrades it to" in older
    missing = tmp_path / "not-yet.sqlite"
    assert "does not exist yet" in check_connection(str(missing)).render("en")
    assert not missing.exists()


@pytest.mark.postgres
def test_check_connection_says_plainly_why_a_server_cannot_be_used(postgres_cluster: Cluster, tmp_path: Path) -> None:
    nobody = f"postgresql+psycopg://kari@127.0.0.1:{free_port()}/skredder"  # nothing listens there
    with pytest.raises(DatabaseError) as gone:
        check_connection(nobody)
    assert "cannot be reached" in gone.value.render("en") and "Nothing was changed" in gone.value.render("en")
    with pytest.raises(DatabaseError) as unknown:
        check_connection(postgres_cluster.url("no_such_database"))
    assert "no_such_database" in unknown.value.render("en") and "Traceback" not in unknown.value.render("en")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError, match="cannot be used"):
        check_connection(str(junk))
    assert junk.read_bytes() == b"this is not a database" * 100


def test_the_command_line_uses_the_settings_database_unless_told_otherwise(
        database_url_for_check: str, seed_catalogue: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    office = database_url_for_check
    monkeypatch.setenv("SKREDDER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("SKREDDER_DATABASE", raising=False)
    assert main(["settings", "set", "database_url", office, "--language", "en"]) == 0
    assert main(["customer", "add", "--name", "Kontorkunde AS", "--person", "--language", "en"]) == 0
    capsys.readouterr()
    with open_database(office) as database:  # it went to the office database
        assert database.schema_revision() == head_revision()
    assert main(["customer", "list", "--language", "en"]) == 0
    assert "Kontorkunde AS" in capsys.readouterr().out
    laptop = tmp_path / "laptop.sqlite"
    shutil.copyfile(seed_catalogue, laptop)
    monkeypatch.setenv("SKREDDER_DATABASE", str(laptop))  # the environment comes before the settings
    assert main(["customer", "list", "--language", "en"]) == 0
    assert "Kontorkunde AS" not in capsys.readouterr().out
    monkeypatch.delenv("SKREDDER_DATABASE")
    assert main(["customer", "list", "--database", str(laptop), "--language", "en"]) == 0  # and --database
    assert "Kontorkunde AS" not in capsys.readouterr().out
