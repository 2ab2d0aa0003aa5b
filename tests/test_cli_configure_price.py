"""``skredder configure``: ``--price --json`` is one JSON document, ``--param`` reaches the price, ``--preset``
applies a preset, and a reader that leaves early (``| head``) ends it quietly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from configurator.cli import main
from tests.core.quoting.test_quote_parameter_prices import FLEET, SURCHARGE
from tests.helpers.model_kit import edit_file

ROOT = Path(__file__).resolve().parents[1]
WINDOW = str(ROOT / "product_models" / "window")
CHOICES = ["--set", "window_type=side_hung", "--set", "width_mm=1200", "--set", "height_mm=1400",
           "--set", "glazing=triple", "--no-reasons", "--complete"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_price_json_is_one_document(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "configure", WINDOW, *CHOICES, "--price", "--quantity", "5", "--json")
    assert code == 0
    data = json.loads(out)  # the whole of stdout: no text after the JSON
    assert data["complete"] is True
    assert data["price"]["line_total"] == "62332.20" and data["price"]["quantity"] == 5


def test_a_preset_is_applied(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "configure", WINDOW, "--preset", "roros_heritage", "--set", "width_mm=900",
                       "--json", "--no-reasons")
    assert code == 0
    choices = {c["attribute"]: c["value"] for c in json.loads(out)["choices"]} \
        if isinstance(json.loads(out)["choices"], list) else json.loads(out)["choices"]
    assert choices["wood"] == "core_pine" and choices["glazing_bars"] == "through"
    code, _, err = run(capsys, "configure", WINDOW, "--preset", "nope", "--language", "en")
    assert code == 1 and "unknown preset 'nope'" in err


def test_quote_parameters_reach_the_price(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "chimney_cap"
    shutil.copytree(ROOT / "product_models" / "chimney_cap", folder)
    edit_file(folder / "chimney_cap.yaml", "\npricing:", FLEET)
    edit_file(folder / "chimney_cap.yaml", "  surcharges:\n", SURCHARGE)
    code, out, _ = run(capsys, "configure", str(folder), "--complete", "--price", "--param", "fleet_size=12",
                       "--json", "--no-reasons")
    assert code == 0
    price = json.loads(out)["price"]
    assert price["complete"] is True
    assert {"Site visit per chimney": "1200.00"}.items() <= {
        line["label"]["en"]: line["amount"] for line in price["unit_lines"]}.items()
    code, _, err = run(capsys, "configure", str(folder), "--complete", "--price", "--param", "fleet=12",
                       "--language", "en")
    assert code == 1 and "'fleet' is not a quote parameter (known: fleet_size)" in err


def test_a_closed_pipe_ends_quietly() -> None:
    """``skredder configure ... | head -1``: the reader is gone before the output; no traceback, exit 0."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = "import sys; from configurator.cli import main; sys.exit(main())"
    process = subprocess.Popen([sys.executable, "-c", command, "configure", WINDOW, *CHOICES, "--price"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # as `head` does once it has its line
    with process.stderr:
        err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err
