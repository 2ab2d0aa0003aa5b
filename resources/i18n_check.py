"""Find the translatable texts in the code and check them against the Norwegian catalogue.

A translatable text is a string literal given as the first argument of ``msg``, ``N_`` or
``translate`` (called by name or as an attribute, e.g. ``i18n.msg``), or either of the first two
arguments (the singular and plural form) of ``nmsg``, ``ntranslate`` or ``tr_n``. The code is read with
:mod:`ast`, never imported or run.

    python resources/i18n_check.py            # list texts missing from nb.po (exit 1 if any)
    python resources/i18n_check.py --update   # add them to nb.po, untranslated, to fill in
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from configurator.core.i18n import CATALOGUE_DIR

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

MARKERS = frozenset({"msg", "N_", "translate", "tr"})  # tr: the app's AppContext.tr
PLURAL_MARKERS = frozenset({"nmsg", "ntranslate", "tr_n"})  # counted texts: the first two arguments are msgids
PACKAGE = "configurator"
ROOT = Path(__file__).resolve().parents[1]  # the repository


def catalogue_path(root: Path, language: str = "nb") -> Path:
    """Where the catalogue of ``language`` lives under ``root`` (the repository)."""
    return root / CATALOGUE_DIR.relative_to(ROOT) / f"{language}.po"


def _marker_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _marked_calls(root: Path) -> Iterator[tuple[str, int, ast.expr]]:
    """Every call of a marker in the package: (path relative to root, line, first argument)."""
    for path in sorted((root / PACKAGE).rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        calls = [
            node for node in ast.walk(tree)
            if isinstance(node, ast.Call) and _marker_name(node.func) in MARKERS | PLURAL_MARKERS and node.args
        ]
        for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset)):
            forms = 2 if _marker_name(call.func) in PLURAL_MARKERS else 1
            for arg in call.args[:forms]:
                yield relative, arg.lineno, arg


def extract_msgids(root: Path) -> dict[str, str]:
    """Each msgid in the code under ``root/configurator`` -> ``"path:line"`` of its first use."""
    found: dict[str, str] = {}
    for relative, line, arg in _marked_calls(root):
        for literal in _literals(arg):
            found.setdefault(literal, f"{relative}:{line}")
    return found


def _literals(arg: ast.expr) -> list[str]:
    """The msgids a first argument stands for: a string literal, or ``"a" if c else "b"`` of literals."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if isinstance(arg, ast.IfExp):
        return _literals(arg.body) + _literals(arg.orelse)
    return []


def built_msgids(root: Path) -> list[str]:
    """Calls whose msgid is put together at run time (f-string, ``+``, ``%``, ``.format``): "path:line".

    Such a text cannot be found in the catalogue; it must be a literal with ``{placeholders}``.
    """
    built = []
    for relative, line, arg in _marked_calls(root):
        if isinstance(arg, ast.JoinedStr | ast.BinOp) or (
            isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "format"
        ):
            built.append(f"{relative}:{line}")
    return built


def read_catalogue(path: Path, language: str = "nb") -> Catalog:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def write_catalogue(path: Path, catalog: Catalog) -> None:
    from babel.messages.pofile import write_po

    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, omit_header=False)


def _translations(root: Path, language: str = "nb") -> dict[str, tuple[str, bool]]:
    """msgid -> (translation, fuzzy) for every entry of the catalogue (header left out)."""
    catalog = read_catalogue(catalogue_path(root, language), language)
    return {str(m.id): (str(m.string or ""), bool(m.fuzzy)) for m in catalog if m.id}


def missing_translations(root: Path, language: str = "nb") -> list[str]:
    """The msgids used in the code that have no usable translation: absent, empty or fuzzy."""
    entries = _translations(root, language)
    missing = []
    for msgid in extract_msgids(root):
        text, fuzzy = entries.get(msgid, ("", False))
        if not text or fuzzy:
            missing.append(msgid)
    return sorted(missing)


def absent_msgids(root: Path, language: str = "nb") -> list[str]:
    """The msgids used in the code that have no entry at all in the catalogue."""
    entries = _translations(root, language)
    return sorted(m for m in extract_msgids(root) if m not in entries)


def obsolete_msgids(root: Path, language: str = "nb") -> list[str]:
    """The catalogue's msgids that the code no longer uses."""
    used = extract_msgids(root)
    return sorted(m for m in _translations(root, language) if m not in used)


def update_catalogue(root: Path, language: str = "nb", *, prune: bool = False) -> tuple[list[str], list[str]]:
    """Add the code's msgids missing from the catalogue, untranslated, with a ``#: path:line`` reference.

    Entries already there are left as they are; with ``prune``, entries the code no longer uses are
    removed. The file is written sorted by msgid, so the result does not depend on the order of work.
    Returns (added, removed).
    """
    path = catalogue_path(root, language)
    catalog = read_catalogue(path, language)
    used = extract_msgids(root)
    added = sorted(m for m in used if m not in catalog)
    for msgid in added:
        file, _, line = used[msgid].rpartition(":")
        catalog.add(msgid, "", locations=[(file, int(line))])
    removed = sorted(str(m.id) for m in catalog if m.id and m.id not in used) if prune else []
    for msgid in removed:
        del catalog[msgid]
    if added or removed:
        write_catalogue(path, catalog)
    return added, removed


def merge_translations(root: Path, source: Path, language: str = "nb") -> list[str]:
    """Add the code's new msgids to the catalogue and take their translations from the .po file ``source``.

    Only entries the code uses are taken; an entry already translated in the catalogue is overwritten by a
    non-empty translation in ``source``. Returns the msgids whose translation was set.
    """
    update_catalogue(root, language)
    path = catalogue_path(root, language)
    catalog = read_catalogue(path, language)
    incoming = read_catalogue(source, language)
    used = extract_msgids(root)
    changed = []
    for message in incoming:
        msgid = str(message.id) if message.id else ""
        if not msgid or msgid not in used or not message.string:
            continue
        entry = catalog.get(msgid)
        if entry is not None and entry.string != message.string:
            entry.string = message.string
            entry.flags.discard("fuzzy")
            changed.append(msgid)
    if changed:
        write_catalogue(path, catalog)
    return changed


def main(argv: Sequence[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(
        prog="python resources/i18n_check.py",
        description="List the translatable texts in the code that resources/i18n/nb.po lacks.",
    )
    parser.add_argument("--update", action="store_true",
                        help="add the missing texts to nb.po as untranslated entries (msgstr \"\")")
    parser.add_argument("--prune", action="store_true",
                        help="with --update: also remove entries that the code no longer uses")
    parser.add_argument("--merge", type=Path, metavar="PO_FILE",
                        help="add the missing texts and take their translations from PO_FILE")
    args = parser.parse_args(argv)
    if args.merge:
        for msgid in merge_translations(root, args.merge):
            print(f"translated {msgid!r}")
    used = extract_msgids(root)
    status = 0
    for where in built_msgids(root):
        print(f"{where}: msgid is built at run time; write it as one literal with {{placeholders}}")
        status = 1
    if args.update:
        added, removed = update_catalogue(root, prune=args.prune)
        for msgid in added:
            print(f"added {msgid!r} ({used[msgid]})")
        for msgid in removed:
            print(f"removed {msgid!r}")
    else:
        for msgid in absent_msgids(root):
            print(f"missing {msgid!r} ({used[msgid]})")
            status = 1
    untranslated = missing_translations(root)
    for msgid in untranslated:
        if args.update or msgid not in absent_msgids(root):
            print(f"untranslated {msgid!r} ({used[msgid]})")
    if not args.prune:
        for msgid in obsolete_msgids(root):
            print(f"unused {msgid!r} (remove it, or run with --update --prune)")
    print(f"{len(used)} msgids in the code, {len(untranslated)} without a translation")
    return 1 if untranslated or status else 0


if __name__ == "__main__":
    sys.exit(main())
