"""Hostile model folders: >= 500 deterministic broken inputs, each a located ModelError, bounded in time.

Filesystem tricks (a FIFO, /dev/zero, link loops, links out of the folder, NUL and over-long names, an empty
folder) and text mutations of the small base model (control characters and lone surrogates, huge numbers, deep
nesting, backtracking patterns, look-alike names, amounts and digits beyond the limits, YAML tags and aliases,
lines deleted or doubled) are loaded in-process. None may raise anything but ModelErrors, none may take longer
than the bound, and every error names its file and (for a text mutation) its line or its place in the model.
A refused build leaves the catalogue database byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from configurator.core.model.errors import ModelError, ModelErrors
from configurator.core.model.loader import check_models, load_model
from configurator.core.sync.build import build_catalogue
from tests.helpers.bounded import bounded
from tests.helpers.model_kit import BASE

TEXT_CASES = 480

PAYLOADS = [
    '"\\ud800"', '"a\\ab"', '"\\e[31mred"', '"abc\\u202edef"', '"x\\u2066y"', "\x00", "a\x07b", "\x1b[2J",
    "[" * 200 + "]" * 200, "{a: " * 100 + "1" + "}" * 100, "1" * 5000, "1e999999999", "-1e999999999",
    '"(a|aa)+$"', '"(a+)+b"', "ｗidth_mm * 2", "width_mm / 0", "1 / (width_mm - width_mm)", "999999999999",
    "99999999999.99", "-1", "0", "", "~", "{a: 1}", "[1, 2]", "!!python/object/apply:os.system [ls]", "&a x",
    "*a", "5000", "true", "2026-13-45", '"' + "x" * 300 + '"', '"../../../etc/passwd"', '"/etc/passwd"',
    '"a\\0b.png"', '"' + "n" * 300 + '.csv"', ".nan", ".inf", "0x1F", "1_000_000_000_000_000",
]


def mutations() -> list[tuple[str, str]]:
    """(name, model text): the same list on every run."""
    lines = (BASE / "base.yaml").read_text(encoding="utf-8").splitlines()
    pick = random.Random(1616)
    cases: list[tuple[str, str]] = []
    while len(cases) < TEXT_CASES:
        index = pick.randrange(len(lines))
        changed = list(lines)
        operation = pick.randrange(5)
        payload = pick.choice(PAYLOADS)
        line = changed[index]
        if operation <= 2 and ":" in line:  # a value replaced: the most common way to get it wrong
            key = line.split(":", 1)[0]
            changed[index] = f"{key}: {payload}"
        elif operation == 3:
            changed.insert(index, " " * (len(line) - len(line.lstrip())) + f"extra_{index}: {payload}")
        else:
            changed[index:index + 1] = [] if pick.random() < 0.5 else [line, line]
        cases.append((f"line{index + 1}-op{operation}-{PAYLOADS.index(payload)}", "\n".join(changed) + "\n"))
    return cases


def located(errors: list[ModelError], *, need_line: bool) -> list[str]:
    """The errors that do not say where they are."""
    return [e.render("en") for e in errors
            if not e.file or (need_line and e.line is None and e.where is None)]


def load(folder: Path, name: str) -> list[ModelError]:
    with bounded(name):
        try:
            load_model(folder)
        except ModelErrors as errors:
            return list(errors.errors)
    return []


def test_mutated_model_texts_give_located_errors_quickly(tmp_path: Path) -> None:
    folder = tmp_path / "base"
    shutil.copytree(BASE, folder)
    model = folder / "base.yaml"
    refused = 0
    for name, text in mutations():
        model.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            errors = load(folder, name)
        except Exception as error:  # anything but ModelErrors (or a hang) is what this test is here to find
            pytest.fail(f"{name}: {type(error).__name__}: {error}")
        refused += bool(errors)
        assert not located(errors, need_line=True), (name, located(errors, need_line=True))
    assert refused >= TEXT_CASES // 2


def _replace(path: Path, make: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        target = folder / path
        target.unlink()
        make(target)
    return change


def _text(old: str, new: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        model = folder / "base.yaml"
        model.write_text(model.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return change


FILESYSTEM: dict[str, tuple[Callable[[Path], None], str]] = {
    "model-fifo": (_replace(Path("base.yaml"), os.mkfifo), "not a regular file"),
    "model-dev-zero": (_replace(Path("base.yaml"), lambda p: p.symlink_to("/dev/zero")), "leads out of its folder"),
    "model-link-loop": (_replace(Path("base.yaml"), lambda p: p.symlink_to(p.name)), "in a loop"),
    "model-etc-passwd": (_replace(Path("base.yaml"), lambda p: p.symlink_to("/etc/passwd")), "leads out"),
    "table-fifo": (_replace(Path("glazing_sizes.csv"), os.mkfifo), "not a regular file"),
    "table-dev-zero": (_replace(Path("glazing_sizes.csv"), lambda p: p.symlink_to("/dev/zero")), "outside"),
    "table-etc-passwd": (_replace(Path("glazing_sizes.csv"), lambda p: p.symlink_to("/etc/passwd")), "outside"),
    "image-fifo": (_replace(Path("images/fixed.png"), os.mkfifo), "not a regular file"),
    "image-dev-zero": (_replace(Path("images/fixed.png"), lambda p: p.symlink_to("/dev/zero")), "outside"),
    "table-nul-name": (_text("file: glazing_sizes.csv", 'file: "a\\0b.csv"'), "U+0000"),
    "table-long-name": (_text("file: glazing_sizes.csv", f"file: {'t' * 300}.csv"), "longer than 255 bytes"),
    "image-long-name": (_text("image: images/fixed.png", f"image: images/{'i' * 300}.png"), "longer than 255"),
    "label-surrogate": (_text("{nb: Fastkarm, en: Fixed}", '{nb: "Fast\\ud800", en: Fixed}'), "U+D800"),
    "label-escape": (_text("{nb: Fastkarm, en: Fixed}", '{nb: "\\e[31mFast", en: Fixed}'), "U+001B"),
    "label-rtl": (_text("{nb: Fastkarm, en: Fixed}", '{nb: "Fast\\u202ekarm", en: Fixed}'), "U+202E"),
    "pattern-backtracks": (_text('pattern: "[A-Z0-9 ]*"', 'pattern: "(a|aa)+$"'), "repeated group"),
    "fullwidth-name": (_text("expr: width_mm * height_mm", "expr: ｗidth_mm * height_mm"), "U+FF57"),
    "digits-5000": (_text("digits: 5", "digits: 5000"), "'digits' must be at most 20"),
    "rate-too-large": (_text("base: {rate: 6200", "base: {rate: 999999999999"), "more than 10 000 000 kroner"),
    "csv-quoted-newline": (lambda f: (f / "glazing_sizes.csv").write_text(
        'window_type,glazing,escape_window,width_mm\nfixed,"dou\nble",false,*\n', encoding="utf-8"), "line break"),
    "yaml-nul": (_text("manufacturer: Testfabrikken AS", "manufacturer: Test\0fabrikken"), "U+0000"),
    "yaml-deep": (_text("manufacturer: Testfabrikken AS", "manufacturer: " + "[" * 5000 + "]" * 5000), "nested"),
}


@pytest.mark.parametrize("name", sorted(FILESYSTEM))
def test_hostile_files_in_a_model_folder(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "base"
    shutil.copytree(BASE, folder)
    change, expected = FILESYSTEM[name]
    change(folder)
    errors = load(folder, name)
    assert errors, f"{name} was accepted"
    shown = "\n".join(e.render("en") for e in errors)
    assert expected in shown
    assert not located(errors, need_line=False)
    assert all(e.render("nb") for e in errors)


def test_a_model_folder_that_is_a_link_out_and_an_empty_folder_are_refused(tmp_path: Path) -> None:
    catalogue = tmp_path / "models"
    catalogue.mkdir()
    shutil.copytree(BASE, tmp_path / "elsewhere" / "base")
    (catalogue / "base").symlink_to(tmp_path / "elsewhere" / "base")
    good, errors = check_models([catalogue])
    assert good == [] and "leads out of" in errors[0].render("en")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no product model here" in check_models([empty])[1][0].render("en")


def test_a_refused_build_leaves_the_database_as_it_was(seed_catalogue: Path, tmp_path: Path) -> None:
    database = tmp_path / "catalogue.sqlite"
    shutil.copy(seed_catalogue, database)
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    for name in ("model-fifo", "digits-5000", "pattern-backtracks", "label-surrogate"):
        folder = tmp_path / name / "base"
        shutil.copytree(BASE, folder)
        FILESYSTEM[name][0](folder)
        with bounded(name):
            result = build_catalogue([folder], f"sqlite:///{database}")
        assert result.errors and not result.stored, name
        assert hashlib.sha256(database.read_bytes()).hexdigest() == before, name
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build_catalogue([empty], f"sqlite:///{database}").errors
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("text", ["\x1b[2J\x1b[31mRed", "bell\x07", "abc\u202edef", "lone\ud800"])
def test_a_stored_document_with_control_characters_is_refused(text: str) -> None:
    """Documents read back from the catalogue never passed the YAML reader: the validator refuses them too."""
    from configurator.core.model.loader import model_from_document

    document = load_model(BASE).document
    document["model"]["name"]["nb"] = text
    with pytest.raises(ModelErrors) as refused:
        model_from_document(document, {"images/fixed.png": (BASE / "images" / "fixed.png").read_bytes()})
    assert "the text contains the control character U+" in refused.value.errors[0].render("en")


def _many_options(count: int) -> Callable[[Path], None]:
    options = "\n".join(f"      - id: o{i}\n        label: {{nb: O{i}, en: O{i}}}" for i in range(count))
    many = f"  - id: many\n    type: choice\n    label: {{nb: M, en: M}}\n    options:\n{options}\n"

    def change(folder: Path) -> None:
        model = folder / "base.yaml"
        text = model.read_text(encoding="utf-8")
        text = text.replace("attributes: [glazing, escape_window", "attributes: [many, glazing, escape_window", 1)
        text = text.replace("  - id: escape_window\n", many + "  - id: escape_window\n", 1)
        model.write_text(text, encoding="utf-8")
    return change


@pytest.mark.parametrize(("count", "expected"), [
    (1001, ":38: attribute 'many': a choice has at most 1000 options (1001 given)"),
    (20_000, ": the model has more than 40000 values"),  # refused while reading, in seconds, not minutes
])
def test_a_choice_with_too_many_options_is_refused_early(count: int, expected: str, tmp_path: Path) -> None:
    folder = tmp_path / "base"
    shutil.copytree(BASE, folder)
    _many_options(count)(folder)
    errors = load(folder, f"options-{count}")
    assert expected in errors[0].render("en")


def test_option_values_are_built_once_per_model() -> None:
    """The engine's grid asked for them per cell; rebuilt each time, 20,000 options took over ten minutes."""
    model = load_model(BASE).model
    assert model.option_values() is model.option_values()
    assert model.option_values()["glazing"]["triple"] == {"u_glass": Decimal("0.60")}


def test_a_line_price_beyond_what_the_database_holds_is_a_pricing_error(tmp_path: Path) -> None:
    """999 999 999 999 x 100 000 overflowed SQLite's INTEGER; the validator caps amounts, pricing caps lines."""
    from datetime import date

    from configurator.core.model.computed import with_computed
    from configurator.core.pricing.calculate import PricingError, price_line

    folder = tmp_path / "base"
    shutil.copytree(BASE, folder)
    _text("base: {rate: 6200", "base: {rate: 9999999")(folder)
    model = load_model(folder).model
    values = with_computed({"window_type": "fixed", "glazing": "double", "escape_window": False, "width_mm": 2400,
                            "height_mm": 2000, "frame_depth_cm": Decimal("9.5"), "inside_text": "",
                            "series_start": 1, "tag_count": 1}, model)
    assert price_line(model, values, quantity=1, on_date=date(2027, 6, 1)).line_total > 0
    with pytest.raises(PricingError) as refused:
        price_line(model, values, quantity=100_000, on_date=date(2027, 6, 1))
    assert "is more than Skredder stores (at most 1 000 000 000 000 kr a line)" in refused.value.render("en")
