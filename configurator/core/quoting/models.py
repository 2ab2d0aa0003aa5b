"""Product models as the quoting code needs them: read from the catalogue once, kept per model version.

A quote line is pinned to the model version it was made with; reopening it reads that version, never the
newest. Models, their images and their engine encodings are cached per version id (they never change).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from configurator.core.catalogue.db import Database
from configurator.core.catalogue.errors import CatalogueError
from configurator.core.catalogue.records import ModelVersionRecord
from configurator.core.catalogue.repositories import ModelRepository
from configurator.core.i18n import Message, Text, msg
from configurator.core.model import schema as s
from configurator.core.model.errors import ModelErrors
from configurator.core.model.loader import model_from_document

if TYPE_CHECKING:  # the engine (and its solver) is loaded when a product is configured, not to list quotes
    from configurator.core.engine.encode import Encoding
    from configurator.core.engine.session import ConfigurationSession


# where encodings are kept between runs (the app sets its data folder's "engine-cache"; None: not kept)
ENCODING_CACHE: Path | None = None


@dataclass
class StoredModel:
    """One model version: the validated model, its images and (built on first use) its engine encoding."""

    version: ModelVersionRecord
    model: s.ProductModel
    images: dict[str, bytes]
    _encoding: Encoding | None = None

    @property
    def encoding(self) -> Encoding:
        """Made on first use; read from the disk cache (``ENCODING_CACHE``) when one is stored there."""
        if self._encoding is None:
            from configurator.core.engine.encode_cache import cached_encoding

            self._encoding = cached_encoding(self.model, self.version.source_hash, ENCODING_CACHE)
        return self._encoding

    def session(self) -> ConfigurationSession:
        from configurator.core.engine.session import ConfigurationSession

        return ConfigurationSession(self.model, self.encoding)

    def image(self, path: str) -> bytes:
        try:
            return self.images[path]
        except KeyError:
            raise CatalogueError(msg("the image '{file}' was not found", file=path)) from None

    @property
    def name(self) -> Text:
        return self.model.name


# Validated models by source hash, shared by every store in the process: the same sources always make the
# same model, so a second window (or a second database with the same catalogue) never validates or encodes again.
_BY_SOURCE: dict[str, StoredModel] = {}
_BY_SOURCE_LIMIT = 32


def not_in_force(upcoming: ModelVersionRecord) -> Message:
    """Why a stored family cannot be configured: its first version takes effect later (not "no product")."""
    return msg("The product '{family}' is in the catalogue, but its first version ({version}) takes effect on "
               "{effective} ('effective' in the model); before that day it cannot be configured or quoted. Give the "
               "model an earlier 'effective' date and run: skredder catalogue build", family=upcoming.family_id,
               version=upcoming.version, effective=upcoming.effective_date.isoformat())


class ModelStore:
    """Model versions read from the catalogue database, cached by id."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._by_id: dict[int, StoredModel] = {}

    def by_version_id(self, version_id: int, models: ModelRepository | None = None) -> StoredModel:
        """The model version ``version_id``; read with ``models`` when given (a unit of work's repository),
        else in a session of its own."""
        if version_id not in self._by_id:
            with self._repository(models) as repository:
                version = repository.version_by_id(version_id)
                if version is None:
                    raise CatalogueError(msg("model version {id} is not in the catalogue", id=version_id))
                shared = _BY_SOURCE.get(version.source_hash)
                if shared is not None and shared.version.document == version.document:
                    self._by_id[version_id] = StoredModel(version, shared.model, shared.images, shared.encoding)
                    return self._by_id[version_id]
                images = {image.path: image.data for image in repository.images(version_id)}
            try:
                model = model_from_document(version.document, images, name=f"{version.family_id} {version.version}")
            except (ModelErrors, RecursionError) as error:  # stored valid, so changed since: a damaged file
                raise CatalogueError(msg(
                    "The stored model {family} {version} in the catalogue database is damaged ({detail}). Restore "
                    "the database file from your last backup, or build the catalogue again.",
                    family=version.family_id, version=version.version,
                    detail=str(error).splitlines()[0][:200] if str(error) else type(error).__name__)) from None
            stored = StoredModel(version, model, images)
            if len(_BY_SOURCE) >= _BY_SOURCE_LIMIT:
                _BY_SOURCE.clear()
            _BY_SOURCE[version.source_hash] = stored
            self._by_id[version_id] = stored
        return self._by_id[version_id]

    def current(self, family_id: str, on_date: date, models: ModelRepository | None = None) -> StoredModel:
        """The version of ``family_id`` in effect on ``on_date`` (the newest effective one)."""
        with self._repository(models) as repository:
            version = repository.latest_version(family_id, on_date) or repository.latest_version(family_id)
            if version is None:
                families = repository.families()
                upcoming = repository.upcoming_version(family_id, on_date)
                if upcoming is not None:  # stored, but no version is in force yet
                    raise CatalogueError(not_in_force(upcoming))
                known = ", ".join(f.id for f in families) or "-"
                raise CatalogueError(msg("There is no product '{family}' in the catalogue (known: {known}). "
                                         "Run: skredder catalogue build", family=family_id, known=known))
            return self.by_version_id(version.id, repository)

    @contextmanager
    def _repository(self, models: ModelRepository | None) -> Iterator[ModelRepository]:
        if models is not None:
            yield models
        else:
            with self._database.session() as session:
                yield ModelRepository(session)
