"""Hostile settings files: >= 500 deterministic broken settings.json, each a located SettingsError, bounded.

Valid settings are mutated (values swapped for huge numbers, lone surrogates, control characters, deep nesting,
wrong types; the text cut, bytes flipped) and read in-process: nothing but SettingsError may come out, every
problem names the file, and no case may take longer than the bound. A FIFO and /dev/zero never hang.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from configurator.core.settings import ENV_CONFIG_DIR, SettingsError, load_settings
from tests.helpers.bounded import bounded

CASES = 520
GOOD = {
    "salesperson": "Kari Nordmann",
    "company": {"name": "Røros Dører og Vinduer AS", "address_lines": ["Kjerkgata 12", "7374 Røros"],
                "org_number": "923609016", "phone": "+47 72 41 00 00", "email": "post@example.no",
                "web": "example.no", "logo_path": None},
    "vat_percent": 25, "discount_limit_percent": 15, "quote_validity_days": 30,
    "terms": {"nb": "Betaling 14 dager.", "en": "Payment 14 days."}, "language": "nb", "manager_name": "Ola",
}
VALUES = ["1" + "0" * 5000, "1e999999999999999999999", "-1e999999999999999999999", '"\\ud800"', '"a\\udfffb"',
          '"\\u001b[31m"', '"\\u0007"', '"\\u202e"', "[" * 100_000 + "]" * 100_000, "{" * 5000, "NaN", "Infinity",
          "-0", "1e-400", "true", "null", '""', "[]", "{}", '"/dev/zero"', '"/etc/passwd"', '"' + "x" * 300_000 + '"',
          "12.345678901234567890123456789", '"\\u0000"', "0.1e1", "[1, [2, [3]]]"]


def texts() -> list[tuple[str, str | bytes]]:
    good = json.dumps(GOOD, ensure_ascii=False, indent=2)
    keys = [("", k) for k in GOOD if not isinstance(GOOD[k], dict)] + [
        (group, k) for group, items in GOOD.items() if isinstance(items, dict) for k in items]
    pick = random.Random(84)
    cases: list[tuple[str, str | bytes]] = []
    while len(cases) < CASES:
        kind = pick.randrange(4)
        if kind <= 1:
            group, key = pick.choice(keys)
            value = pick.choice(VALUES)
            line = f'"{key}": {json.dumps(GOOD[group][key] if group else GOOD[key], ensure_ascii=False)}'
            if line not in good:
                continue
            cases.append((f"{group}.{key}={value[:12]}", good.replace(line, f'"{key}": {value}', 1)))
        elif kind == 2:
            cut = pick.randrange(len(good))
            cases.append((f"cut-{cut}", good[:cut]))
        else:
            data = bytearray(good.encode("utf-8"))
            at = pick.randrange(len(data))
            data[at] = pick.randrange(256)
            cases.append((f"byte-{at}", bytes(data)))
    return cases


def test_mutated_settings_give_located_errors_quickly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CONFIG_DIR, str(tmp_path))
    file = tmp_path / "settings.json"
    refused = 0
    for name, text in texts():
        if isinstance(text, bytes):
            file.write_bytes(text)
        else:
            file.write_text(text, encoding="utf-8")
        with bounded(name):
            try:
                load_settings()
            except SettingsError as error:
                refused += 1
                for problem in error.problems:
                    assert str(file) in problem.render("en"), (name, problem.render("en"))
                    assert problem.render("nb")
            except Exception as error:  # anything else (or a hang) is what this test is here to find
                pytest.fail(f"{name}: {type(error).__name__}: {error}")
    assert refused >= CASES // 2


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_a_settings_file_that_is_no_file_never_hangs(kind: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CONFIG_DIR, str(tmp_path))
    file = tmp_path / "settings.json"
    {"fifo": os.mkfifo, "dev-zero": lambda p: p.symlink_to("/dev/zero"), "folder": Path.mkdir}[kind](file)
    with bounded(kind), pytest.raises(SettingsError) as refused:
        load_settings()
    assert str(file) in refused.value.render("en")
