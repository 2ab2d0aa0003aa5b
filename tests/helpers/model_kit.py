"""Helpers for the product model tests: where the base model is, and editing a copy of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "core" / "model" / "fixtures"
BASE = FIXTURES / "base"  # a small valid model: base.yaml, glazing_sizes.csv, images/fixed.png


def edit_file(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` (which must occur exactly ``count`` times) by ``new`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    found = text.count(old)
    assert found == count, f"{old!r} occurs {found} times in {path.name}, expected {count}"
    path.write_text(text.replace(old, new), encoding="utf-8")


NEW_ATTRIBUTE_LINE = 90  # base.yaml: new attributes go just before ``steps:``


def new_attribute(*lines: str) -> tuple[str, str]:
    """An edit inserting an attribute (lines without the list indentation) before ``steps:`` at line 90."""
    block = "".join(("  - " if i == 0 else "    ") + line + "\n" for i, line in enumerate(lines))
    return ("steps:\n", block + "steps:\n")


def apply_edits(folder: Path, edits: list[Any]) -> None:
    """Textual edits of the base model's files: (old, new) in base.yaml, (file, old, new), or a function of the
    folder (which writes a file, say)."""
    for edit in edits:
        if callable(edit):
            edit(folder)
            continue
        file, old, new = ("base.yaml", *edit) if len(edit) == 2 else edit
        edit_file(folder / file, old, new)


def write_file(name: str, text: str) -> Any:
    """An edit that writes ``text`` to ``name`` in the model's folder."""

    def apply(folder: Path) -> None:
        (folder / name).write_text(text, encoding="utf-8")

    return apply
