"""Convert the Renault benchmark problems (CLib, BR4CP medium/big) into Skredder product model folders.

The variable names and values are kept as they are in the data; BR4CP domains become integer attributes
(every domain is an arithmetic progression: ``-1 0 1 2`` or ``-1 1``), CLib domains become choices.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "renault"
PROBLEMS = ("clib", "medium", "big")
STEP_SIZE = 25  # attributes per wizard step in the converted models


def data_dir() -> Path:
    """The Renault data: ../shared/bench/renault beside the project (or SKREDDER_RENAULT_DATA)."""
    import os

    return Path(os.environ.get("SKREDDER_RENAULT_DATA", DATA))


@dataclass
class Problem:
    name: str
    domains: dict[str, list[str]]  # variable -> values (as written in the data)
    numeric: bool  # BR4CP: integer values
    tables: list[tuple[list[str], list[list[str]]]]  # (scope, rows; "*" = any value)


def read_clib(folder: Path) -> Problem:
    domains: dict[str, list[str]] = {}
    for line in (folder / "domains.txt").read_text().splitlines():
        if ":" in line:
            name, values = line.split(":", 1)
            domains[name.strip()] = [v.strip() for v in values.split(",") if v.strip()]
    tables = []
    pair = re.compile(r"(\w+)\s*=\s*(\S+)")
    for path in sorted((folder / "rules").glob("*.pm")):
        rows: list[dict[str, str]] = []
        for line in path.read_text().splitlines():
            found = dict(pair.findall(line))
            if found:
                rows.append(found)
        if not rows:
            continue  # an empty file is no constraint (two files of the original are missing)
        scope = list(dict.fromkeys(v for row in rows for v in row))
        tables.append((scope, [[row.get(v, "*") for v in scope] for row in rows]))
    return Problem("clib", domains, False, tables)


def read_xcsp(path: Path, name: str) -> Problem:
    text = path.read_text()
    domain_values = {
        m.group(1): m.group(2).split()
        for m in re.finditer(r'<domain name="(\w+)"[^>]*>\s*([^<]*)</domain>', text)
    }
    domains = {m.group(1): domain_values[m.group(2)]
               for m in re.finditer(r'<variable name="(\w+)" domain="(\w+)"\s*/>', text)}
    relations = {m.group(1): [row.split() for row in m.group(2).split("|") if row.strip()]
                 for m in re.finditer(r'<relation name="(\w+)"[^>]*semantics="supports"[^>]*>([^<]*)</relation>', text)}
    tables = [(m.group(2).split(), relations[m.group(1)])
              for m in re.finditer(r'<constraint name="\w+"[^>]*reference="(\w+)"[^>]*scope="([^"]*)"', text)]
    if not tables:  # attribute order may differ
        tables = [(m.group(1).split(), relations[m.group(2)])
                  for m in re.finditer(r'<constraint name="\w+"[^>]*scope="([^"]*)"[^>]*reference="(\w+)"', text)]
    return Problem(name, domains, True, tables)


def read_problem(name: str) -> Problem:
    root = data_dir()
    if name == "clib":
        return read_clib(root / "clib")
    return read_xcsp(root / "br4cp" / f"{name}_domainsorted.xml", name)


def read_sales(name: str) -> tuple[list[str], list[list[str]]]:
    """The real sold configurations of BR4CP ``medium`` or ``big``: (variables, one row per car)."""
    lines = (data_dir() / "br4cp" / f"config_{name}_filtered.txt").read_text().splitlines()
    header = lines[0].split()
    return header, [line.split() for line in lines[1:] if line.strip()]


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def export(problem: Problem, out: Path) -> Path:
    """Write ``problem`` as a product model folder ``out/<name>/`` and return it."""
    folder = out / problem.name
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "skredder: 1",
        f"family: {problem.name}",
        'version: "1"',
        "effective: 2026-01-01",
        f"name: {{nb: Renault {problem.name}, en: Renault {problem.name}}}",
        "illustrative: {nb: Konvertert fra offentlige forskningsdata (Renault Mégane)., "
        "en: Converted from public research data (Renault Mégane).}",
        "attributes:",
    ]
    for variable, values in problem.domains.items():
        lines.append(f"  - id: {variable}")
        lines.append(f"    label: {{nb: {variable}, en: {variable}}}")
        if problem.numeric:
            numbers = sorted(int(v) for v in values)
            step = numbers[1] - numbers[0] if len(numbers) > 1 else 1
            if numbers != list(range(numbers[0], numbers[-1] + 1, step)):
                raise ValueError(f"{variable}: values {numbers} are not evenly spaced")
            lines += ["    type: integer", f"    min: {numbers[0]}", f"    max: {numbers[-1]}", f"    step: {step}"]
        else:
            lines.append("    type: choice")
            lines.append("    options:")
            lines += [f"      - {{id: {v}, label: {{nb: {_yaml_text(v)}, en: {_yaml_text(v)}}}}}" for v in values]
    lines.append("steps:")
    names = list(problem.domains)
    for start in range(0, len(names), STEP_SIZE):
        part = names[start:start + STEP_SIZE]
        number = start // STEP_SIZE + 1
        lines += [f"  - id: step{number}", f"    label: {{nb: Del {number}, en: Part {number}}}",
                  f"    attributes: [{', '.join(part)}]"]
    lines.append("rules:")
    for number, (scope, rows) in enumerate(problem.tables, start=1):
        table = f"table{number:03d}.csv"
        with (folder / table).open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(scope)
            writer.writerows(rows)
        lines += [f"  - id: table{number:03d}", f"    table: {{file: {table}}}",
                  f"    message: {{nb: Kombinasjonstabell {number}, en: Combination table {number}}}"]
    lines += ["pricing:", "  base: 0", ""]
    (folder / f"{problem.name}.yaml").write_text("\n".join(lines), encoding="utf-8")
    return folder
