"""``build_catalogue``: validate every model folder, then store them all in one transaction (or none)."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from configurator.core.catalogue.db import open_database
from configurator.core.catalogue.errors import CatalogueError
from configurator.core.catalogue.repositories import ImportHistoryRepository, ModelRepository
from configurator.core.model.loader import load_model, model_from_document
from configurator.core.sync.build import build_catalogue

CHAIR_YAML = """\
skredder: 1
family: chair
version: "1.0"
effective: 2026-03-01
name: {nb: Stol, en: Chair}
attributes:
  - id: fabric
    type: choice
    label: {nb: Stoff, en: Fabric}
    options:
      - {id: wool, label: {nb: Ull, en: Wool}, image: images/wool.png, colour: "#806040", values: {weight: 1.10}}
      - {id: leather, label: {nb: Skinn, en: Leather}, price: 450.50, values: {weight: 2.25}}
  - id: seat_height_cm
    type: decimal
    unit: cm
    min: 38.5
    max: 52.0
    step: 0.5
    label: {nb: Setehøyde, en: Seat height}
  - id: castors
    type: choice
    label: {nb: Hjul, en: Castors}
    options:
      - {id: soft, label: {nb: Myke, en: Soft}}
      - {id: hard, label: {nb: Harde, en: Hard}}
steps:
  - id: all
    label: {nb: Alt, en: Everything}
    attributes: [fabric, seat_height_cm, castors]
rules:
  - id: leather-castors
    table: {file: combinations.csv}
    message: {nb: Skinn leveres med harde hjul., en: Leather comes with hard castors.}
  - id: low-leather
    when: fabric == leather
    require: seat_height_cm <= 50
    message: {nb: Skinnstoler er lave., en: Leather chairs are low.}
pricing:
  base: 1990.00
"""
CHAIR_CSV = "fabric,castors\nwool,*\nleather,hard\n"
HATCH_YAML = """\
skredder: 1
family: hatch
version: "2.1"
effective: 2025-06-01
name: {nb: Takluke, en: Roof hatch}
attributes:
  - id: escape
    type: boolean
    label: {nb: Rømningsluke, en: Escape hatch}
  - id: width_mm
    type: integer
    unit: mm
    min: 400
    max: 1200
    step: 100
    label: {nb: Bredde, en: Width}
steps:
  - id: all
    label: {nb: Alt, en: Everything}
    attributes: [escape, width_mm]
rules:
  - id: escape-width
    when: escape
    require: width_mm >= 800
    message: {nb: Rømningsluker er brede., en: Escape hatches are wide.}
pricing:
  base: 1000
"""


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (128, 96, 64)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def models(tmp_path: Path) -> Path:
    root = tmp_path / "models"
    (root / "chair" / "images").mkdir(parents=True)
    (root / "chair" / "chair.yaml").write_text(CHAIR_YAML, encoding="utf-8")
    (root / "chair" / "combinations.csv").write_text(CHAIR_CSV, encoding="utf-8")
    (root / "chair" / "images" / "wool.png").write_bytes(png())
    (root / "hatch").mkdir()
    (root / "hatch" / "hatch.yaml").write_text(HATCH_YAML, encoding="utf-8")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def contents(url: str) -> dict[str, Any]:
    """Everything the build writes, read back: families, versions (with images) and the import history."""
    db = open_database(url)
    try:
        with db.session() as session:
            repository = ModelRepository(session)
            families = [(f.id, f.name_nb, f.name_en) for f in repository.families()]
            versions = [(v.id, v.family_id, v.version, v.effective_date, v.source_hash, v.document,
                         [(i.path, i.sha256) for i in repository.images(v.id)])
                        for f in repository.families() for v in repository.versions(f.id)]
            history = [(h.id, h.status, h.summary) for h in ImportHistoryRepository(session).list()]
    finally:
        db.close()
    return {"families": families, "versions": versions, "history": history}


# ---------------------------------------------------------------- storing


def test_build_stores_new_versions(models: Path, db_url: str) -> None:
    result = build_catalogue([models], db_url)
    assert result.errors == []
    assert result.stored == [("chair", "1.0", True), ("hatch", "2.1", True)]
    chair, hatch = load_model(models / "chair"), load_model(models / "hatch")
    stored = contents(db_url)
    assert stored["families"] == [("chair", "Stol", "Chair"), ("hatch", "Takluke", "Roof hatch")]
    assert [v[1:5] for v in stored["versions"]] == [
        ("chair", "1.0", date(2026, 3, 1), chair.source_hash),
        ("hatch", "2.1", date(2025, 6, 1), hatch.source_hash),
    ]
    assert stored["versions"][0][5] == chair.document
    assert stored["versions"][1][5] == hatch.document
    assert [path for path, _ in stored["versions"][0][6]] == ["images/wool.png"]
    assert stored["versions"][1][6] == []


def test_build_of_one_model_folder(models: Path, db_url: str) -> None:
    assert build_catalogue([models / "hatch"], db_url).stored == [("hatch", "2.1", True)]
    assert [f[0] for f in contents(db_url)["families"]] == ["hatch"]


def test_build_is_idempotent(models: Path, db_url: str) -> None:
    build_catalogue([models], db_url)
    before = contents(db_url)
    again = build_catalogue([models], db_url)
    assert again.errors == []
    assert again.stored == [("chair", "1.0", False), ("hatch", "2.1", False)]
    after = contents(db_url)
    assert after["families"] == before["families"]
    assert after["versions"] == before["versions"]  # same rows, same ids: nothing new stored


def test_a_changed_model_with_a_new_version_is_stored_beside_the_old_one(models: Path, db_url: str) -> None:
    build_catalogue([models], db_url)
    edit(models / "hatch" / "hatch.yaml", 'version: "2.1"', 'version: "2.2"')
    edit(models / "hatch" / "hatch.yaml", "width_mm >= 800", "width_mm >= 900")
    result = build_catalogue([models], db_url)
    assert result.stored == [("chair", "1.0", False), ("hatch", "2.2", True)]
    assert [(v[1], v[2]) for v in contents(db_url)["versions"]] == [("chair", "1.0"), ("hatch", "2.1"),
                                                                   ("hatch", "2.2")]


def test_a_changed_model_with_the_same_version_is_refused(models: Path, db_url: str) -> None:
    build_catalogue([models], db_url)
    before = contents(db_url)
    edit(models / "hatch" / "hatch.yaml", "width_mm >= 800", "width_mm >= 900")
    edit(models / "chair" / "chair.yaml", 'version: "1.0"', 'version: "1.1"')  # fine on its own
    with pytest.raises(CatalogueError, match=re.escape("Version 2.1 of product family 'hatch' is already stored")):
        build_catalogue([models], db_url)
    assert contents(db_url) == before  # not even the new chair version, nor an import record


# ---------------------------------------------------------------- all or nothing


def test_one_broken_model_refuses_everything_in_a_new_database(models: Path, db_url: str) -> None:
    edit(models / "hatch" / "hatch.yaml", "require: width_mm >= 800", "require: widht_mm >= 800")
    result = build_catalogue([models], db_url)
    assert result.stored == []
    assert len(result.errors) == 1
    rendered = result.errors[0].render("en")
    assert re.search(r"hatch\.yaml:\d+: rule 'escape-width': unknown attribute 'widht_mm'", rendered), rendered
    assert "width_mm" in rendered  # did you mean
    assert contents(db_url) == {"families": [], "versions": [], "history": []}


def test_one_broken_model_leaves_the_database_unchanged(models: Path, db_url: str) -> None:
    build_catalogue([models], db_url)
    before = contents(db_url)
    edit(models / "chair" / "chair.yaml", 'version: "1.0"', 'version: "1.1"')  # a good new version
    edit(models / "chair" / "chair.yaml", "require: seat_height_cm <= 50", "require: seat_height_cm <= 49")
    (models / "hatch" / "hatch.yaml").write_text(HATCH_YAML.replace("family: hatch", "family: hatch\nfamily: x"),
                                                 encoding="utf-8")  # a duplicate key
    result = build_catalogue([models], db_url)
    assert result.stored == []
    assert [e.render("en").split(":")[0].endswith("hatch.yaml") for e in result.errors] == [True]
    assert contents(db_url) == before


def test_a_missing_image_is_an_error(models: Path, db_url: str) -> None:
    (models / "chair" / "images" / "wool.png").unlink()
    result = build_catalogue([models], db_url)
    assert result.stored == []
    assert any("images/wool.png" in e.render("en") for e in result.errors)
    assert contents(db_url)["versions"] == []


# ---------------------------------------------------------------- history and read-back


def test_each_build_is_recorded_in_the_import_history(models: Path, db_url: str) -> None:
    build_catalogue([models], db_url)
    db = open_database(db_url)
    try:
        with db.session() as session:
            (first,) = ImportHistoryRepository(session).list()
    finally:
        db.close()
    assert first.status == "applied"
    assert first.error is None
    assert str(models) in first.source
    assert re.fullmatch(r"[0-9a-f]{64}", first.package_hash)
    assert first.summary == {"stored": [{"family": "chair", "version": "1.0", "new": True},
                                        {"family": "hatch", "version": "2.1", "new": True}]}
    build_catalogue([models], db_url)
    history = contents(db_url)["history"]
    assert [(status, summary) for _, status, summary in history] == [
        ("applied", {"stored": [{"family": "chair", "version": "1.0", "new": False},
                                {"family": "hatch", "version": "2.1", "new": False}]}),
        ("applied", first.summary),
    ]


def test_the_package_hash_follows_the_sources(models: Path, db_url: str) -> None:
    build_catalogue([models], db_url)
    build_catalogue([models], db_url)
    edit(models / "hatch" / "hatch.yaml", 'version: "2.1"', 'version: "2.2"')
    build_catalogue([models], db_url)
    db = open_database(db_url)
    try:
        with db.session() as session:
            hashes = [h.package_hash for h in ImportHistoryRepository(session).list()]
    finally:
        db.close()
    newest, second, first = hashes
    assert first == second != newest


def test_a_stored_model_reads_back_as_the_loaded_model(models: Path, db_url: str) -> None:
    build_catalogue([models], db_url)
    db = open_database(db_url)
    try:
        with db.session() as session:
            repository = ModelRepository(session)
            for family in ("chair", "hatch"):
                record = repository.latest_version(family, date(2026, 12, 31))
                assert record is not None
                images = {image.path: image.data for image in repository.images(record.id)}
                loaded = load_model(models / family)
                assert images == loaded.images
                assert model_from_document(record.document, images) == loaded.model
    finally:
        db.close()
    chair_document = contents(db_url)["versions"][0][5]
    chair = model_from_document(chair_document)
    weight = chair.attribute("fabric").options[0].values["weight"]
    assert (weight, str(weight)) == (Decimal("1.10"), "1.10")  # exact decimals survive the database
    assert str(chair.attribute("fabric").options[1].price.amount) == "450.50"  # type: ignore[union-attr]
