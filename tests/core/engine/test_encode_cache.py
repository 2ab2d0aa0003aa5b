"""Encodings kept on disk: read back they are the encoding the model gives (so every session behaves the same),
keyed by the model's hash and the engine's version, and a damaged or foreign file is ignored and replaced."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from configurator.core.engine import encode_cache
from configurator.core.engine.encode import Encoding, encode_model
from configurator.core.engine.session import ConfigurationSession
from configurator.core.model.loader import load_model

MODELS = Path(__file__).resolve().parents[3] / "product_models"


def _same(a: Encoding, b: Encoding) -> None:
    assert a.attributes == b.attributes and a.domains == b.domains and a.literals == b.literals
    assert a.owner == b.owner and a.clauses == b.clauses and a.selectors == b.selectors
    assert a.defaults == b.defaults and a.boundaries == b.boundaries and a.representative == b.representative
    assert a.top == b.top and a.rules == b.rules
    assert a.new_var() == b.new_var()


@pytest.mark.parametrize("family", ["chair", "chimney_cap", "eartag", "window"])
def test_a_stored_encoding_reads_back_as_the_models_own(family: str, tmp_path: Path) -> None:
    model = load_model(MODELS / family).model
    made = encode_cache.cached_encoding(model, "hash-1", tmp_path)
    assert len(list(tmp_path.glob("*.npz"))) == 1
    read = encode_cache.cached_encoding(model, "hash-1", tmp_path)
    assert read is not made
    _same(read, encode_model(model))
    fresh, stored = ConfigurationSession(model, encode_model(model)), ConfigurationSession(model, read)
    try:
        assert fresh.state().attributes == stored.state().attributes
    finally:
        fresh.close()
        stored.close()


def test_a_damaged_or_foreign_file_is_ignored_and_replaced(tmp_path: Path) -> None:
    model = load_model(MODELS / "chimney_cap").model
    path = encode_cache.cache_path(tmp_path, "hash-1")
    path.write_bytes(b"not an npz file")
    _same(encode_cache.cached_encoding(model, "hash-1", tmp_path), encode_model(model))
    _same(encode_cache.load(model, path, "hash-1"), encode_model(model))  # replaced by a good one
    with pytest.raises(ValueError):
        encode_cache.load(model, path, "another model")
    with np.load(path, allow_pickle=False) as data:  # a clause cut short
        arrays = {k: data[k] for k in data.files}
    arrays["lengths"] = arrays["lengths"] + 1
    with path.open("wb") as file:
        np.savez(file, **arrays)
    with pytest.raises(ValueError):
        encode_cache.load(model, path, "hash-1")
    _same(encode_cache.cached_encoding(model, "hash-1", tmp_path), encode_model(model))


def test_the_key_is_the_models_hash_and_the_engines_version(tmp_path: Path) -> None:
    assert encode_cache.cache_path(tmp_path, "a") != encode_cache.cache_path(tmp_path, "b")
    model = load_model(MODELS / "chair").model
    encode_cache.cached_encoding(model, "a", tmp_path)
    encode_cache.cached_encoding(model, "b", tmp_path)
    assert len(list(tmp_path.glob("*.npz"))) == 2
    assert encode_cache.cached_encoding(model, "a", None) is not None  # no folder: made, nothing stored
    assert len(list(tmp_path.glob("*.npz"))) == 2
