"""Where the sales history comes from, and the recommender of each family, cached.

The history of a family is the lines of its accepted quotes in the catalogue database (a production order is
made from an accepted revision, so each order counts once) plus, for a new installation, sales imported from a
CSV file (``skredder suggest import``), kept in the data folder beside the database. Values are matched by id
across model versions; only the attributes a customer chooses in the current model version are learned from.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from configurator.core.catalogue.db import Database
from configurator.core.catalogue.paths import default_data_dir
from configurator.core.catalogue.sales import sold_configurations
from configurator.core.i18n import msg
from configurator.core.model import schema as s
from configurator.core.suggest.history import HistoryError, SalesHistory, read_sales_csv
from configurator.core.suggest.recommender import Recommender

HISTORY_FOLDER = "sales-history"


class SuggestionService:
    """One recommender per family and model version, rebuilt when the number of sales changes."""

    def __init__(self, database: Database, data_dir: Path | None = None) -> None:
        self.database = database
        self.folder = (data_dir or default_data_dir()) / HISTORY_FOLDER
        self._cache: dict[tuple[str, str], tuple[int, Recommender]] = {}
        self._lock = threading.Lock()

    def imported_file(self, family: str) -> Path:
        return self.folder / f"{family}.csv"

    def import_history(self, family: str, source: Path) -> int:
        """Check the CSV file of historic sales and keep a copy for ``family``; the number of sales in it.

        A broken file raises :class:`HistoryError` (file and line) and the sales kept so far stay as they were."""
        history = read_sales_csv(source)  # checked first: nothing is replaced by a broken file
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{family}-", suffix=".csv")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(source.read_bytes())
            os.replace(temporary, self.imported_file(family))
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            raise HistoryError(msg("{file}: cannot be stored ({reason})", file=str(self.imported_file(family)),
                                   reason=error.strerror or str(error))) from None
        with self._lock:
            self._cache = {k: v for k, v in self._cache.items() if k[0] != family}
        return history.size

    def configurations(self, family: str) -> list[dict[str, Any]]:
        """Every known sale of ``family``: the imported ones first, then those in the catalogue database."""
        found: list[dict[str, Any]] = []
        file = self.imported_file(family)
        if file.is_file():
            imported = read_sales_csv(file)
            for row in imported.matrix:
                found.append({a: imported.values[j][code] for j, (a, code) in
                              enumerate(zip(imported.attributes, row, strict=True)) if code >= 0})
        with self.database.session() as session:
            found.extend(sold_configurations(session, family))
        return found

    def recommender(self, model: s.ProductModel) -> Recommender:
        """The recommender of ``model``'s family, learned from its sales (cached until the sales change)."""
        configurations = self.configurations(model.family)
        key = (model.family, model.version)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and cached[0] == len(configurations):
                return cached[1]
        attributes = [a.id for a in model.chosen_attributes]
        recommender = Recommender(SalesHistory.from_configurations(configurations, attributes))
        with self._lock:
            self._cache[key] = (len(configurations), recommender)
        return recommender
