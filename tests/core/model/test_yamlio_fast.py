"""The fast path of the YAML reader (libyaml's C event parser) gives exactly what the line-locating Python loader
gives: the same values, types, lines of every key and item, and the same refusals at the same lines; texts where
libyaml is laxer than PyYAML go to the Python loader. Checked on every seed model and on thousands of
deterministic mutations of them."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from configurator.core.model import yamlio
from configurator.core.model.yamlio import YamlError, YDict, YList

ROOT = Path(__file__).resolve().parents[3]
SEEDS = sorted((ROOT / "product_models").glob("*/*.yaml"))
SPECIAL = ["", "# only a comment\n", "a: 1\n---\nb: 2\n", "a: &x 1\nb: *x\n", "a: !!python/object 1\n", "[[[[1]]]]",
           "{a: 1, a: 2}", "- - - 1\n  - 2\n", "x: '1'\ny: \"no\"\nz: no\nw: 1.50\nv: 2026-01-01\n", "? [a]\n: 1\n",
           "<<: {a: 1}\n", "a: |\n  text\n  more\nb: >\n  folded\n", "a: ! 1\nb: !!str 2\n", "[" * 70 + "]" * 70,
           "a:\tb\n", "a: \x07\n", "k\u202e: 1\n", "a: .inf\n", "a: 1_000\n", "a: 0x1F\n", "a: 1e3\n", "|# x\n",
           "%YAML 1.1\n---\na: 1\n...\n", "{a?: 1, b: 2}", "a: 1\n...\n", "a: ~\nb:\nc: null\n",
           "a:\n" + "".join(f"  - {{id: o{i}, p: {i}}}\n" for i in range(14_000)),
           "".join("  " * i + f"k{i}:\n" for i in range(70)) + "  " * 70 + "v\n"]


def _tree(value: Any) -> Any:
    """The value with its types and every remembered line, for an exact comparison."""
    if isinstance(value, YDict):
        return ("map", value.file, value.line, sorted(value.key_lines.items()),
                [(k, _tree(v)) for k, v in value.items()])
    if isinstance(value, YList):
        return ("seq", value.file, value.line, list(value.item_lines), [_tree(v) for v in value])
    return (type(value).__name__, value)


def _read(reader: Any, text: str) -> Any:
    try:
        return ("ok", _tree(reader(text, "m.yaml")))
    except YamlError as error:
        return ("error", error.line, error.message.render("en"))


def _fast(text: str, file: str) -> Any:
    try:
        return yamlio._load_fast(text, file)
    except yamlio._Fallback:
        return yamlio._load_located(text, file)


def _mutations(count: int) -> list[str]:
    rng = random.Random(20261203)
    texts = [path.read_text(encoding="utf-8") for path in SEEDS] + [t for t in SPECIAL if len(t) < 200] * 2
    alphabet = [*":-[]{},'\"#&*!|>?%@` \n\\abc0123.", "  ", "\n  ", "- ", ": "]
    cases = []
    for _ in range(count):
        text = rng.choice(texts)
        start = rng.randrange(max(len(text) - 1500, 1))
        chars = list(text[start:start + 1500])
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(chars)) if chars else 0
            roll = rng.random()
            if roll < 0.4 and chars:
                del chars[i]
            elif roll < 0.8:
                chars.insert(i, rng.choice(alphabet))
            elif chars:
                chars[i] = rng.choice(alphabet)
        cases.append("".join(chars))
    return cases


pytestmark = pytest.mark.skipif(yamlio._FAST is None, reason="PyYAML without libyaml")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.parent.name)
def test_every_seed_model_reads_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _read(_fast, text) == _read(yamlio._load_located, text)
    if "?" not in text:  # a '?' beside flow collections goes to the Python loader (the chair asks questions)
        assert _read(yamlio._load_fast, text) == _read(yamlio._load_located, text)


@pytest.mark.parametrize("text", SPECIAL, ids=range(len(SPECIAL)))
def test_special_texts_read_the_same(text: str) -> None:
    assert _read(_fast, text) == _read(yamlio._load_located, text)


def test_thousands_of_mutations_read_the_same() -> None:
    taken = 0
    for text in _mutations(2500):
        expected = _read(yamlio._load_located, text)
        try:
            got = _read(yamlio._load_fast, text)
        except yamlio._Fallback:
            continue
        taken += 1
        assert got == expected, text
    assert taken > 100, taken  # the fast path took a good share of them itself
