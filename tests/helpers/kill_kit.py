"""Bad luck on purpose: ``kill -9`` of write commands at random moments, and eight writers at once.

Run as a script by ``test_kills.py`` (``python kill_kit.py kill|concurrent SPEC.json RESULT.json``): it imports
Skredder once, runs each command once to warm the model caches, then forks a child per run (``os.fork``:
no start-up time, so the kills land in the command's own work and its transaction rather than in imports).

- ``kill``: per command, one run to the end gives the "new" state; then ``runs`` times the base database is
  copied, the command started and killed after a random delay within its running time. After each kill the
  database must pass ``PRAGMA integrity_check`` and be exactly the old state, or the new one (timestamps aside).
- ``concurrent``: eight workers run random write commands on one database for ``seconds``; every exception
  escaping the command line, every traceback and every write to a sent revision (a trigger refuses those) is
  reported, with the quote and order numbers each worker was given.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import sys
import time
import traceback
from datetime import date
from pathlib import Path
from typing import Any

from configurator.cli import main

TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(\+00:00)?")

# a write to a revision that is not a draft any more is refused by the database itself (test databases only)
GUARD = """
CREATE TRIGGER guard_line_insert BEFORE INSERT ON quote_lines
WHEN (SELECT status FROM quote_revisions WHERE id = NEW.revision_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'SENT REVISION CHANGED'); END;
CREATE TRIGGER guard_line_update BEFORE UPDATE ON quote_lines
WHEN (SELECT status FROM quote_revisions WHERE id = OLD.revision_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'SENT REVISION CHANGED'); END;
CREATE TRIGGER guard_line_delete BEFORE DELETE ON quote_lines
WHEN (SELECT status FROM quote_revisions WHERE id = OLD.revision_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'SENT REVISION CHANGED'); END;
CREATE TRIGGER guard_revision BEFORE UPDATE OF total_ex_vat_ore, vat_ore, total_inc_vat_ore,
    discount_basis_points, needs_approval ON quote_revisions
WHEN OLD.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'SENT REVISION CHANGED'); END;
"""


def install_guard(file: Path) -> None:
    connection = sqlite3.connect(file)
    try:
        connection.executescript(GUARD)
    finally:
        connection.close()


def dump(file: Path) -> list[str]:
    connection = sqlite3.connect(file)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def integrity(file: Path) -> str:
    connection = sqlite3.connect(file)
    try:
        ok = connection.execute("PRAGMA integrity_check").fetchone()[0]
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        return str(ok) if not broken else f"foreign keys: {broken[:3]}"
    finally:
        connection.close()


def normal(lines: list[str]) -> list[str]:
    return [TIMESTAMP.sub("T", line) for line in lines]


def fresh_copy(base: Path, file: Path) -> None:
    for leftover in (file, file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(base, file)


def in_child(argv: list[str], output: Path) -> int:
    """Fork a child running ``skredder argv`` with its output in ``output``; returns its pid."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 70
        try:
            with output.open("w") as out, contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                try:
                    code = main(argv)
                except BaseException:
                    traceback.print_exc()
                    code = 71
        finally:
            os._exit(code)
    return pid


def run_kills(spec: dict[str, Any]) -> dict[str, Any]:
    rng = random.Random(spec["seed"])
    base, work = Path(spec["base"]), Path(spec["work"])
    file = work / "killed.sqlite"
    url = f"sqlite:///{file}"
    old = dump(base)
    results: dict[str, Any] = {}
    for name, argv in spec["commands"].items():
        command = [*argv, "--database", url]
        output = work / f"{name}.out"
        fresh_copy(base, file)  # warm the caches (models, encodings) in this process, before forking
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            warm = main(command)
        assert warm == 0, (name, err.getvalue())
        fresh_copy(base, file)
        started = time.perf_counter()
        _, status = os.waitpid(in_child(command, output), 0)
        took = time.perf_counter() - started
        text = output.read_text()
        assert os.waitstatus_to_exitcode(status) == 0 and "Traceback" not in text, (name, text)
        new = normal(dump(file))
        assert new != normal(old), name
        counts = {"old": 0, "new": 0, "bad": []}
        for _ in range(spec["runs"]):
            fresh_copy(base, file)
            pid = in_child(command, output)
            time.sleep(rng.uniform(0, took))
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            check = integrity(file)
            after = dump(file)
            if check != "ok":
                counts["bad"].append(check)
            elif after == old:
                counts["old"] += 1
            elif normal(after) == new:
                counts["new"] += 1
            else:
                changed = sorted(set(normal(after)) ^ set(new))[:4]
                counts["bad"].append(f"neither old nor new: {changed}")
        counts["seconds"] = round(took, 3)
        results[name] = counts
    return results


def worker(index: int, spec: dict[str, Any], until: float, out: Path) -> None:  # pragma: no cover - a child
    rng = random.Random(spec["seed"] * 100 + index)
    url = f"sqlite:///{spec['database']}"
    records = []
    while time.time() < until:
        known = spec["quotes"] + [n for r in records for n in r["quotes"]]
        number = rng.choice(known)
        customer = str(rng.randint(1, spec["customers"]))
        kind = rng.choice(["new", "add-line", "edit-line", "send", "send", "revise", "copy", "accept", "order"])
        argv = {
            "new": ["quote", "new", "--customer", customer, "--product", "chair", "--set", "model=sofi",
                    "--complete"],
            "add-line": ["quote", "add-line", number, "--product", "chair", "--set", "model=sofi", "--complete"],
            "edit-line": ["quote", "edit-line", number, "1", "--quantity", str(rng.randint(1, 9))],
            "send": ["quote", "send", number],
            "revise": ["quote", "revise", number],
            "copy": ["quote", "copy", number],
            "accept": ["quote", "accept", number],
            "order": ["order", "create", number],
        }[kind]
        stdout, stderr = io.StringIO(), io.StringIO()
        escaped = ""
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main([*argv, "--database", url, "--language", "en"])
            except BaseException:
                escaped = traceback.format_exc()
                code = -1
        made = re.search(r"(?:Quote (Q-\d{4}-\d{5}) created|copied to (Q-\d{4}-\d{5}))", stdout.getvalue())
        created = [made.group(1) or made.group(2)] if made and kind in ("new", "copy") else []
        orders = re.findall(r"O-\d{4}-\d{5}", stdout.getvalue()) if kind == "order" and code == 0 else []
        records.append({"kind": kind, "code": code, "err": stderr.getvalue(), "escaped": escaped,
                        "quotes": created[:1] if code == 0 else [], "orders": orders[:1]})
    out.write_text(json.dumps(records))


def run_concurrent(spec: dict[str, Any]) -> dict[str, Any]:
    work = Path(spec["work"])
    with contextlib.redirect_stdout(io.StringIO()):  # warm the model caches once, before forking
        assert main(["quote", "show", spec["quotes"][0], "--database", f"sqlite:///{spec['database']}"]) == 0
    from configurator.core.catalogue.db import open_database
    from configurator.core.quoting.models import ModelStore

    with open_database(f"sqlite:///{spec['database']}") as database:
        _ = ModelStore(database).current("chair", date.today()).encoding
    until = time.time() + spec["seconds"]
    pids = []
    for index in range(spec["workers"]):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 0
            try:
                worker(index, spec, until, work / f"worker{index}.json")
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        pids.append(pid)
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]
    records = [r for index in range(spec["workers"])
               for r in json.loads((work / f"worker{index}.json").read_text())]
    return {"codes": codes, "records": records}


if __name__ == "__main__":
    mode, spec_file, result_file = sys.argv[1:4]
    given = json.loads(Path(spec_file).read_text())
    outcome = run_kills(given) if mode == "kill" else run_concurrent(given)
    Path(result_file).write_text(json.dumps(outcome))
