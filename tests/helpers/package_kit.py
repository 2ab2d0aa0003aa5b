"""Catalogue packages for the tests: keys, model folders to change, packed and signed for real."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from configurator.core.sync.keys import generate_key, load_private, parse_public
from configurator.core.sync.package import PublisherKey, pack

ROOT = Path(__file__).resolve().parents[2]
SEED_MODELS = ROOT / "product_models"


def make_key(folder: Path, name: str = "publisher.key") -> tuple[Path, str, str]:
    """A new private key file in ``folder``; returns (file, key id, public key text)."""
    path = folder / name
    key_id, public = generate_key(path)
    return path, key_id, public


def models_copy(folder: Path, families: tuple[str, ...] = ("chair", "chimney_cap", "eartag", "window")) -> Path:
    target = folder / "models"
    for family in families:
        shutil.copytree(SEED_MODELS / family, target / family)
    return target


def make_package(models: Path, key: Path, out: Path, *, version: int, valid_until: date | None = None,
                 min_app_version: str = "0.1", new_keys: tuple[str, ...] = (),
                 effective: date = date(2026, 12, 1)) -> Path:
    private, public = load_private(key)
    keys = tuple(PublisherKey(k_id, raw) for k_id, raw in ((_id(t), parse_public(t)) for t in new_keys))
    pack(models, private_key=private, public_key=public, version=version, catalogue="skredder",
         publisher="Skredder HQ", effective=effective, valid_until=valid_until, min_app_version=min_app_version,
         new_keys=keys, out=out)
    return out


def _id(public_text: str) -> str:
    from configurator.core.sync.keys import key_id

    return key_id(parse_public(public_text))
