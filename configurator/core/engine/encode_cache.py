"""Engine encodings kept on disk, so the first opening of a configurator after a restart does not encode again.

An encoding is stored as a NumPy ``.npz`` file read with ``allow_pickle=False`` (nothing in it is executed):
the clauses as two integer arrays (the literals one after the other, and each clause's length) and a JSON text
with the literals of each attribute, the rule selectors and defaults, the numbers' segment boundaries and the
highest variable. The domains, the owners of the literals and the segment representatives are worked out again
from the model. A file is used only when it was written for the same model (its source hash) by the same
engine (a hash of the encoder's source files and the format number); a file that cannot be read, or whose
content does not fit the model, is ignored (and replaced): the encoding is simply made again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from pysat.formula import IDPool

from configurator.core.engine import grid
from configurator.core.engine.encode import Encoding, _segments, encode_model
from configurator.core.model import schema as s

FORMAT = 2
log = logging.getLogger("skredder.engine")
_ENGINE_FILES = ("encode.py", "mdd.py", "grid.py", "encode_cache.py")


def engine_version() -> str:
    """Changes whenever the encoder's code changes (then every stored encoding is made again)."""
    from configurator import __version__

    digest = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    folder = Path(__file__).resolve().parent
    for name in _ENGINE_FILES:
        try:
            digest.update((folder / name).read_bytes())
        except OSError:  # an installed bundle may ship compiled code only: its version number stands for it
            digest.update(name.encode())
    return digest.hexdigest()[:16]


_VERSION = engine_version()


def cache_path(directory: Path, model_hash: str) -> Path:
    key = hashlib.sha256(f"{model_hash}:{_VERSION}".encode()).hexdigest()[:32]
    return directory / f"encoding-{key}.npz"


def cached_encoding(model: s.ProductModel, model_hash: str, directory: Path | None) -> Encoding:
    """The model's encoding: read from ``directory`` when a fitting one is stored there, else made (and stored).
    ``directory`` None: always made, nothing stored."""
    if directory is None:
        return encode_model(model)
    path = cache_path(directory, model_hash)
    if path.exists():
        try:
            return load(model, path, model_hash)
        except Exception as error:  # a damaged or foreign file: made again below (and overwritten)
            log.warning("the stored engine encoding %s is not usable (%s); encoding the model again", path.name,
                        error)
    encoding = encode_model(model)
    try:
        save(encoding, path, model_hash)
    except OSError as error:
        log.warning("could not store the engine encoding in %s: %s", directory, error)
    return encoding


def save(encoding: Encoding, path: Path, model_hash: str) -> None:
    """Write ``encoding`` to ``path`` (atomically: a reader sees the old file or the whole new one)."""
    lengths = np.fromiter((len(c) for c in encoding.clauses), dtype=np.int32, count=len(encoding.clauses))
    flat = np.fromiter((lit for c in encoding.clauses for lit in c), dtype=np.int64, count=int(lengths.sum()))
    meta = {"format": FORMAT, "engine": _VERSION, "model": model_hash, "attributes": encoding.attributes,
            "literals": encoding.literals, "selectors": encoding.selectors, "defaults": encoding.defaults,
            "boundaries": {a: sorted(b) for a, b in encoding.boundaries.items()}, "top": encoding.top,
            "ladder": encoding.ladder}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez(file, meta=np.array(json.dumps(meta)), lengths=lengths, literals=flat)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load(model: s.ProductModel, path: Path, model_hash: str) -> Encoding:
    """Read an encoding written by :func:`save` for ``model``; raises ValueError when it does not fit."""
    with np.load(path, allow_pickle=False) as data:
        meta: dict[str, Any] = json.loads(str(data["meta"]))
        lengths, flat = data["lengths"], data["literals"]
    if meta.get("format") != FORMAT or meta.get("engine") != _VERSION or meta.get("model") != model_hash:
        raise ValueError("written for another model or engine")
    chosen = [a.id for a in model.chosen_attributes]
    if meta["attributes"] != chosen or set(meta["selectors"]) | set(meta["defaults"]) != {r.id for r in model.rules}:
        raise ValueError("its attributes or rules are not the model's")
    if int(lengths.sum()) != len(flat) or (len(lengths) and int(lengths.min()) < 0):
        raise ValueError("its clauses are cut short")
    top = int(meta["top"])
    if len(flat) and int(np.abs(flat).max()) > top:
        raise ValueError("a clause names a variable above the highest one")
    enc = Encoding(model)
    enc.pool = IDPool(start_from=top + 1)
    enc.attributes = list(chosen)
    for attribute in model.chosen_attributes:
        domain = grid.engine_domain(attribute)
        literals = [int(lit) for lit in meta["literals"][attribute.id]]
        if len(literals) != len(domain):
            raise ValueError(f"'{attribute.id}' has another number of values")
        enc.domains[attribute.id] = domain
        enc.literals[attribute.id] = literals
        for index, literal in enumerate(literals):
            enc.owner[literal] = (attribute.id, index)
    enc.selectors = {str(k): int(v) for k, v in meta["selectors"].items()}
    enc.defaults = {str(k): int(v) for k, v in meta["defaults"].items()}
    enc.rules = {rule.id: rule for rule in model.rules}
    enc.boundaries = {str(a): {int(i) for i in b} for a, b in meta["boundaries"].items()}
    enc.ladder = {str(a): [int(lit) for lit in ladder] for a, ladder in meta.get("ladder", {}).items()}
    for attr_id, ladder in enc.ladder.items():
        if attr_id not in enc.literals or len(ladder) != len(enc.literals[attr_id]) - 1 or \
                any(not 0 < lit <= top for lit in ladder):
            raise ValueError(f"the order literals of '{attr_id}' do not fit its values")
    ends = np.cumsum(lengths)
    values = flat.tolist()
    enc.clauses = [tuple(values[end - length:end]) for end, length in zip(ends.tolist(), lengths.tolist(), strict=True)]
    _segments(enc)
    return enc
