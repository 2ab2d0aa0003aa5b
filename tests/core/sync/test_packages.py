"""Signed catalogue packages end to end with real keys, real zips and a real SQLite file: keygen, pack, trust,
import (verify, validate, difference, apply), re-check open quotes, move a quote, rollback; and the refusals."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from configurator.core.catalogue.db import Database
from configurator.core.quoting.service import QuoteService
from configurator.core.sync.errors import PackageError
from configurator.core.sync.importer import apply_import, prepare_import, roll_back
from configurator.core.sync.keys import parse_public
from configurator.core.sync.recheck import move_quote, recheck_quotes, report_rows
from configurator.core.sync.service import PackageService
from tests.helpers.kill_kit import dump
from tests.helpers.model_kit import edit_file
from tests.helpers.package_kit import make_key, make_package, models_copy
from tests.helpers.quoting_kit import TODAY, WINDOW, add_customer

CHAIR = {"model": "capisco_8106", "gas_lift": "lift_200", "footring": "true", "floor": "carpet", "castors": "hard"}


def _chair_v2(models: Path) -> None:
    """A new chair model: the footring needs the 265 mm lift now, Puls Plus costs more."""
    chair = models / "chair" / "chair.yaml"
    edit_file(chair, 'version: "2026.1"', 'version: "2026.2"')
    edit_file(chair, "exclude: footring and gas_lift == lift_150",
              "exclude: footring and gas_lift in [lift_150, lift_200]")
    edit_file(chair, "        price: 1100\n", "        price: 1250\n")


def test_keygen_writes_a_private_key_only_its_owner_reads(tmp_path: Path) -> None:
    path, key_id, public = make_key(tmp_path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(key_id) == 16 and len(parse_public(public)) == 32
    with pytest.raises(PackageError, match="never overwritten"):
        make_key(tmp_path)


def test_publish_import_recheck_move_and_roll_back(tmp_path: Path, database: Database, database_file: Path,
                                                   service: QuoteService) -> None:
    key, _key_id, public = make_key(tmp_path)
    keys = PackageService(database)
    assert keys.trust_key(parse_public(public), "HQ")
    customer = add_customer(database)
    quote = service.new_quote(customer).number
    service.add_line(quote, "chair", CHAIR, complete=True)
    service.add_line(quote, "window", WINDOW, complete=True)
    models = models_copy(tmp_path, ("chair", "window"))

    v1 = make_package(models, key, tmp_path / "v1.skcat", version=1)
    plan = prepare_import(database, v1, today=TODAY)
    # a package of the chair and the window withdraws the ear tags, the chimney cap and the kitchen
    assert [c.kind for c in plan.changes] == ["catalogue", "family_withdrawn", "family_withdrawn", "family_withdrawn"]
    result = apply_import(database, plan, user="kari")
    assert (result.version_before, result.version_after, result.stored) == (0, 1, 0)
    assert result.snapshot is not None and result.snapshot.exists()
    assert [f.id for f in _families(database)] == ["chair", "window"]
    assert prepare_import(database, v1, today=TODAY).no_op  # the same package again: nothing to do

    _chair_v2(models)
    v2 = make_package(models, key, tmp_path / "v2.skcat", version=2)
    plan = prepare_import(database, v2, today=TODAY)
    shown = [_plain(c.render("en")) for c in plan.changes]
    assert "chair: model version 2026.1 → 2026.2" in shown
    assert "chair: price of seat_variant = puls_plus: NOK 1,100.00 → NOK 1,250.00 (+13.6 %)" in shown
    assert any(s.startswith("chair: rule changed: footring-needs-lift") for s in shown)
    assert "chair: pris på seat_variant = puls_plus: kr 1 100,00 → kr 1 250,00 (+13,6 %)" in [
        _plain(c.render("nb")) for c in plan.changes]
    apply_import(database, plan, user="kari")

    checks = recheck_quotes(database, TODAY)
    by_family = {c.family: c for c in checks}
    assert by_family["window"].status == "unchanged"
    chair = by_family["chair"]
    assert chair.status == "invalid" and chair.proposal is not None
    assert len([a for a in CHAIR if str(chair.proposal.get(a)).lower() != CHAIR[a]]) == 1  # one change only
    assert "265" in " ".join(r.render("en") for r in chair.reasons) or chair.reasons
    rows = report_rows(checks, "nb")
    assert rows[0][3] == "Resultat" and "ikke lenger gyldig" in {r[3] for r in rows}

    before = service.quote(quote)
    letter = move_quote(service, database, quote, TODAY)
    moved = service.quote(quote)
    assert letter == before.current.letter  # a draft is moved in place; a sent quote gets a new revision
    assert [ln.family_id for ln in moved.current.lines] == ["chair", "window"]
    assert {c.status for c in recheck_quotes(database, TODAY)} == {"unchanged"}

    assert roll_back(database, user="kari") == (2, 1)
    assert service.quote(quote) == moved  # quotes untouched by a rollback
    back = {c.family: c for c in recheck_quotes(database, TODAY)}["chair"]  # the moved line checked against v1
    assert back.status == "unchanged" and back.new_version_id != moved.current.lines[0].model_version_id
    older = make_package(models, key, tmp_path / "v1b.skcat", version=1)
    with pytest.raises(PackageError, match="not newer"):  # the highest installed is 2: v1 is a downgrade now
        prepare_import(database, older, today=TODAY)
    assert not prepare_import(database, older, today=TODAY, allow_downgrade=True).no_op
    assert prepare_import(database, v2, today=TODAY).changes  # the rolled-back package may come back
    assert database_file.exists()


def _plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


def _families(database: Database) -> list:
    from configurator.core.sync.service import CatalogueService

    return CatalogueService(database).families()


def test_refusals_leave_the_database_as_it_was(tmp_path: Path, database: Database, database_file: Path) -> None:
    key, key_id, public = make_key(tmp_path)
    other, _other_id, _ = make_key(tmp_path, "other.key")
    models = models_copy(tmp_path, ("window",))
    PackageService(database).trust_key(parse_public(public))
    before = dump(database_file)

    def refused(path: Path, match: str, today: date = TODAY) -> None:
        with pytest.raises(PackageError) as caught:
            prepare_import(database, path, today=today)
        assert match in caught.value.render("en"), caught.value.render("en")
        assert caught.value.render("nb") != caught.value.render("en")

    refused(make_package(models, other, tmp_path / "u.skcat", version=1), "does not trust")
    refused(make_package(models, key, tmp_path / "e.skcat", version=1, valid_until=date(2026, 11, 30)),
            "expired on 2026-11-30 (today is 2026-12-01)")
    refused(make_package(models, key, tmp_path / "a.skcat", version=1, min_app_version="99.0"), "needs Skredder 99.0")
    edit_file(models / "window" / "window.yaml", "family: window", "family: window\nbogus: 1")
    refused(make_package(models, key, tmp_path / "m.skcat", version=1), "m.skcat:models/window/window.yaml:")
    edit_file(models / "window" / "window.yaml", "family: window\nbogus: 1", "family: window")
    assert PackageService(database).revoke_key(key_id)
    refused(make_package(models, key, tmp_path / "r.skcat", version=1), "was revoked")
    assert dump(database_file)[1:] == before[1:] or _same_but_keys(before, dump(database_file))


def _same_but_keys(before: list[str], after: list[str]) -> bool:
    return [ln for ln in before if "trusted_keys" not in ln] == [ln for ln in after if "trusted_keys" not in ln]


def test_key_rotation_trusts_a_key_signed_by_a_trusted_one(tmp_path: Path, database: Database) -> None:
    old, _old_id, old_public = make_key(tmp_path, "old.key")
    new, new_id, new_public = make_key(tmp_path, "new.key")
    PackageService(database).trust_key(parse_public(old_public))
    models = models_copy(tmp_path, ("window",))
    with pytest.raises(PackageError, match="does not trust"):
        prepare_import(database, make_package(models, new, tmp_path / "n.skcat", version=1), today=TODAY)
    apply_import(database, prepare_import(database, make_package(
        models, old, tmp_path / "r.skcat", version=1, new_keys=(new_public,)), today=TODAY))
    trusted = {k.id: k.added_by for k in PackageService(database).trusted_keys()}
    assert trusted[new_id].startswith("rotation by ")
    plan = prepare_import(database, make_package(models, new, tmp_path / "n2.skcat", version=2), today=TODAY)
    assert not plan.no_op


def test_a_model_whose_own_test_case_fails_is_not_imported(tmp_path: Path, database: Database,
                                                          database_file: Path) -> None:
    key, _key_id, public = make_key(tmp_path)
    models = models_copy(tmp_path, ("chimney_cap",))
    PackageService(database).trust_key(parse_public(public))
    before = dump(database_file)
    edit_file(models / "chimney_cap" / "chimney_cap.yaml", "      price: 2417.25\n", "      price: 2400.00\n")
    with pytest.raises(PackageError) as caught:
        prepare_import(database, make_package(models, key, tmp_path / "t.skcat", version=1), today=TODAY)
    text = caught.value.render("en")
    assert "t.skcat:models/chimney_cap/chimney_cap.yaml:" in text
    assert "test 'steel-cabin-cap': the unit price is 2417.25 kr, expected 2400.00 kr" in text
    assert "enhetsprisen er 2417.25 kr, forventet 2400.00 kr" in caught.value.render("nb")
    assert dump(database_file)[1:] == before[1:] or _same_but_keys(before, dump(database_file))


def test_a_package_carries_the_shared_folder_its_models_include(tmp_path: Path, database: Database) -> None:
    key, _key_id, public = make_key(tmp_path)
    models = models_copy(tmp_path, ("chimney_cap",))
    (models / "shared").mkdir()
    cap = models / "chimney_cap" / "chimney_cap.yaml"
    text = cap.read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "2026.9"')
    start = text.index("\npresets:\n") + 1
    end = text.index("\nrules:\n") + 1
    (models / "shared" / "cap_presets.yaml").write_text(text[start:end].replace("presets:\n", "", 1),
                                                        encoding="utf-8")
    cap.write_text(text[:start] + "presets: {include: ../shared/cap_presets.yaml}\n" + text[end:], encoding="utf-8")
    PackageService(database).trust_key(parse_public(public))
    prepared = prepare_import(database, make_package(models, key, tmp_path / "s.skcat", version=1), today=TODAY)
    (loaded,) = prepared.models
    assert [p.id for p in loaded.model.presets] == ["cabin_cap", "roros_black", "steel_chimney"]
