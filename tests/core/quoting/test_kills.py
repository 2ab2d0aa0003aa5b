"""``kill -9`` of every write command at random moments, and eight writers at once (issue 16).

Both run in one helper process (``tests/helpers/kill_kit.py``) that forks the commands, so the ~200 runs take
well under two
minutes. Marked ``kills``; the README's test command runs them (they are not deselected anywhere).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from configurator.core.catalogue.db import open_database
from configurator.core.quoting.service import LineRequest, QuoteService
from configurator.core.settings import Settings
from tests.helpers.quoting_kit import WINDOW, add_customer

MODELS = Path(__file__).resolve().parents[3] / "product_models"
KIT = Path(__file__).resolve().parents[2] / "helpers" / "kill_kit.py"
RUNS = 20  # kills per command (issue 16: at least 20)

pytestmark = [pytest.mark.kills, pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")]


def run_kit(mode: str, spec: dict[str, Any], work: Path) -> Any:
    spec_file, result_file = work / f"{mode}-spec.json", work / f"{mode}-result.json"
    spec_file.write_text(json.dumps(spec))
    done = subprocess.run([sys.executable, str(KIT), mode, str(spec_file), str(result_file)],
                          capture_output=True, text=True, timeout=600, check=False, cwd=KIT.parent)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(result_file.read_text())


def window_line(service: QuoteService, customer: int) -> str:
    return service.new_quote(customer, first_line=LineRequest("window", WINDOW, complete=True)).number


def test_killed_write_commands_leave_the_old_or_the_new_state(catalogue_template: Path, tmp_path: Path) -> None:
    base = tmp_path / "base.sqlite"
    shutil.copyfile(catalogue_template, base)
    with open_database(f"sqlite:///{base}") as database:
        service = QuoteService(database, Settings())
        customer = add_customer(database)
        draft = window_line(service, customer)
        sent = window_line(service, customer)
        service.send(sent)
        accepted = window_line(service, customer)
        service.send(accepted)
        service.accept(accepted)
    models = tmp_path / "models"
    shutil.copytree(MODELS / "chimney_cap", models / "chimney_cap")
    source = models / "chimney_cap" / "chimney_cap.yaml"
    source.write_text(re.sub(r'(?m)^version: .*$', 'version: "2099.1"', source.read_text(encoding="utf-8"),
                             count=1), encoding="utf-8")
    window = [f"--set={name}={value}" for name, value in WINDOW.items()]
    commands = {
        "quote new": ["quote", "new", "--customer", str(customer), "--product", "window", *window, "--complete"],
        "quote add-line": ["quote", "add-line", draft, "--product", "window", *window, "--complete"],
        "quote edit-line": ["quote", "edit-line", draft, "1", "--quantity", "4"],
        "quote send": ["quote", "send", draft],
        "quote revise": ["quote", "revise", sent],
        "quote copy": ["quote", "copy", draft],
        "order create": ["order", "create", accepted],
        "catalogue build": ["catalogue", "build", str(models)],
    }
    results = run_kit("kill", {"base": str(base), "work": str(tmp_path), "seed": 16, "runs": RUNS,
                               "commands": commands}, tmp_path)
    for name, counts in results.items():
        assert counts["bad"] == [], (name, counts["bad"])
        assert counts["old"] + counts["new"] == RUNS, name
    assert set(results) == set(commands)
    assert sum(counts["old"] for counts in results.values()) > 0  # some kills did land before the commit


def test_eight_writers_at_once(catalogue_template: Path, tmp_path: Path) -> None:
    from tests.helpers.kill_kit import install_guard

    file = tmp_path / "shared.sqlite"
    shutil.copyfile(catalogue_template, file)
    with open_database(f"sqlite:///{file}") as database:
        service = QuoteService(database, Settings())
        customers = [add_customer(database, f"Kunde {i}") for i in range(4)]
        quotes = [service.new_quote(c, first_line=LineRequest("chair", {"model": "sofi"}, complete=True)).number
                  for c in customers[:3]]
    install_guard(file)
    outcome = run_kit("concurrent", {"database": str(file), "work": str(tmp_path), "seed": 16, "workers": 8,
                                     "seconds": 12, "customers": len(customers), "quotes": quotes}, tmp_path)
    assert outcome["codes"] == [0] * 8
    records = outcome["records"]
    assert len(records) >= 24
    for record in records:
        assert record["escaped"] == "", record["escaped"]
        assert "Traceback" not in record["err"] and "SENT REVISION CHANGED" not in record["err"], record
    kinds = Counter(r["kind"] for r in records if r["code"] == 0)
    assert kinds["new"] + kinds["copy"] > 0 and kinds["send"] > 0, kinds
    given = [n for r in records for n in r["quotes"]]
    assert len(given) == len(set(given)), "a quote number was given twice"
    orders = [n for r in records for n in r["orders"]]
    assert len(orders) == len(set(orders))
    with open_database(f"sqlite:///{file}") as database:
        service = QuoteService(database, Settings())
        stored = sorted(summary.number for summary in service.search(limit=10_000))
        year = stored[0][2:6]
        assert stored == [f"Q-{year}-{n:05d}" for n in range(1, len(stored) + 1)], "a quote number was lost"
        assert set(given) | set(quotes) == set(stored)
        made = sorted(o.number for o in service.orders())
        assert made == sorted(orders) and made == [f"O-{year}-{n:05d}" for n in range(1, len(made) + 1)]
    refused = [r["err"] for r in records if r["kind"] == "order" and r["code"] != 0]
    assert all("Error:" in text for text in refused)
