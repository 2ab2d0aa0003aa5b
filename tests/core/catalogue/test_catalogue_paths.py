"""Where the database lives: --database > SKREDDER_DATABASE > the user's data folder."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from configurator.core.catalogue.errors import DatabaseError
from configurator.core.catalogue.paths import (
    ENV_DATA_DIR,
    ENV_DATABASE,
    default_data_dir,
    resolve_database_url,
    sqlite_file,
)


def test_default_is_catalogue_file_in_data_dir(tmp_path: Path) -> None:
    url = resolve_database_url(None)
    assert url == f"sqlite:///{(tmp_path / 'data-dir' / 'catalogue.sqlite').as_posix()}"
    assert (tmp_path / "data-dir").is_dir()  # created, so the first start just works


def test_data_dir_defaults_to_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_DATA_DIR)
    assert default_data_dir() == Path(platformdirs.user_data_dir("skredder", "Skredder"))


def test_environment_beats_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_DATABASE, "sqlite:////somewhere/env.sqlite")
    assert resolve_database_url(None) == "sqlite:////somewhere/env.sqlite"


def test_explicit_beats_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_DATABASE, str(tmp_path / "env.sqlite"))
    explicit = tmp_path / "explicit.sqlite"
    assert resolve_database_url(str(explicit)) == f"sqlite:///{explicit.as_posix()}"


def test_plain_path_becomes_absolute_sqlite_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    url = resolve_database_url("nested/folder/my.sqlite")
    assert url == f"sqlite:///{(tmp_path / 'nested' / 'folder' / 'my.sqlite').as_posix()}"
    assert (tmp_path / "nested" / "folder").is_dir()
    assert sqlite_file(url) == tmp_path / "nested" / "folder" / "my.sqlite"


def test_plain_path_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_DATABASE, str(tmp_path / "from-env.sqlite"))
    assert resolve_database_url(None) == f"sqlite:///{(tmp_path / 'from-env.sqlite').as_posix()}"


@pytest.mark.parametrize(
    "url",
    ["postgresql://skredder:secret@db.example/skredder", "sqlite://", "sqlite:///:memory:"],
)
def test_other_urls_are_used_as_given(url: str) -> None:
    assert resolve_database_url(url) == url
    assert sqlite_file(url) is None


@pytest.mark.parametrize("url", ["sqlite://user@host:notaport/x", "://nothing"])
def test_malformed_url_is_a_database_error(url: str) -> None:
    with pytest.raises(DatabaseError, match="not a valid database URL"):
        resolve_database_url(url)
