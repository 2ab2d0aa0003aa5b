"""Loading product models from their folders (YAML + CSV tables + images) and from stored documents.

A model is read in two stages: the files are read safely into a *document* (plain data: the YAML's
content plus the CSV tables), then the document is validated into a :class:`ProductModel`. The catalogue
stores the document (as JSON), so a model read back from the database goes through the same validation.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from configurator.core import jsonio
from configurator.core.files import FileProblem, read_bounded
from configurator.core.i18n import Message, msg
from configurator.core.model.errors import ModelError, ModelErrors
from configurator.core.model.lookup_tables import table_files
from configurator.core.model.schema import ProductModel
from configurator.core.model.validate import ModelValidator, Tables
from configurator.core.model.yamlio import YamlError, YDict, YList, load_yaml

MAX_MODEL_BYTES = 2 * 1024 * 1024
SHARED_FOLDER = "shared"  # the catalogue's folder of files several models include (not a model folder)
MAX_INCLUDE_DEPTH = 4
MAX_TABLE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 4096 * 4096
IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


@dataclass(frozen=True)
class LoadedModel:
    """A validated model with what the catalogue stores about it."""

    model: ProductModel
    document: dict[str, Any]  # {"model": ..., "tables": ...}: plain data, JSON-able with dump_document
    source_hash: str  # sha256 of every source file (model, tables, images)
    images: dict[str, bytes] = field(default_factory=dict)
    path: Path | None = None


def display_path(path: Path) -> str:
    """A path as the user wrote it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the working folder, a link loop, a NUL
        return str(path)


MAX_NAME_BYTES = 255  # one part of a file name, as file systems allow


def name_problem(relative: str) -> Message | None:
    """Why ``relative`` (a table or image name in a model) cannot be a file name, or None."""
    if "\0" in relative:
        return msg("the file name '{file}' contains a NUL character", file=relative.replace("\0", "\\0"))
    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for part in relative.split("/")):
        return msg("the file name '{file}' has a part longer than {limit} bytes", file=relative[:60] + "...",
                   limit=MAX_NAME_BYTES)
    if len(relative) > 1024:
        return msg("the file name '{file}' is longer than {limit} characters", file=relative[:60] + "...", limit=1024)
    return None


def _resolved(path: Path) -> Path | None:
    """``path`` with every link followed; None for a link loop or a name the system refuses."""
    try:
        return path.resolve(strict=False)
    except (OSError, RuntimeError, ValueError):
        return None


def find_model_file(path: Path) -> Path:
    """The model file of a folder (its only ``*.yaml``), or ``path`` itself when it is a file."""
    try:
        is_dir = path.is_dir()
    except (OSError, ValueError):
        is_dir = False
    if is_dir:
        candidates = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
        if len(candidates) != 1:
            shown = display_path(path)
            if not candidates:
                raise ModelErrors([ModelError(shown, None, None, msg("no model file (*.yaml) in this folder"))])
            raise ModelErrors([ModelError(shown, None, None, msg(
                "more than one model file in this folder: {files}", files=", ".join(c.name for c in candidates)))])
        return candidates[0]
    if not (path.exists() or path.is_symlink()):
        raise ModelErrors([ModelError(display_path(path), None, None, msg("no such file or folder"))])
    return path


def load_model(path: Path | str) -> LoadedModel:
    """Read and validate the model at ``path`` (a model file or its folder); raises :class:`ModelErrors`."""
    model_file = find_model_file(Path(path))
    return _FolderReader(model_file).load()


class _FolderReader:
    def __init__(self, model_file: Path) -> None:
        self.model_file = model_file
        self.folder = model_file.parent.resolve()
        self.shown = display_path(model_file)
        self.sources: dict[str, bytes] = {}
        self.images: dict[str, bytes] = {}

    def load(self) -> LoadedModel:
        target = _resolved(self.model_file)
        if target is None or target.parent != self.folder:  # a link to /etc/passwd, a loop: never read
            raise ModelErrors([ModelError(self.shown, None, None, msg(
                "the model file is a link that leads out of its folder (or in a loop); Skredder reads only files "
                "inside the model's folder"))])
        raw = self._read_bytes(self.model_file, MAX_MODEL_BYTES, self.shown)
        self.sources[self.model_file.name] = raw
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ModelErrors([ModelError(self.shown, line, None, msg("the file is not UTF-8 text"))]) from None
        try:
            doc = load_yaml(text, self.shown)
        except YamlError as exc:
            raise ModelErrors([ModelError(self.shown, exc.line, None, exc.message)]) from None
        include_errors: list[ModelError] = []
        doc = self._expand(doc, (self.model_file.resolve(),), include_errors)
        if include_errors:
            raise ModelErrors(include_errors)
        tables, table_errors = self._tables(doc)
        validator = ModelValidator(self.shown, tables, self._check_image)
        validator.errors.extend(table_errors)  # validate() raises them together with its own
        model = validator.validate(doc)
        folder_name = self.model_file.parent.name
        if model.family not in (folder_name, self.model_file.stem):
            family_line = doc.line_of("family") if isinstance(doc, YDict) else None
            raise ModelErrors([ModelError(self.shown, family_line, None, msg(
                "the family '{family}' must have the name of its folder or file ('{folder}')",
                family=model.family, folder=folder_name))])
        document = {"model": plain(doc),
                    "tables": {k: {"header": list(t["header"]), "rows": list(t["rows"])}
                               for k, t in tables.items() if t is not None}}
        return LoadedModel(model, document, _hash(self.sources), dict(self.images), self.model_file)

    def _inside(self, relative: str) -> Path | None:
        """The file ``relative`` names, when it is inside the model's folder or the catalogue's shared folder."""
        candidate = _resolved(self.folder / relative)
        if candidate is None:
            return None
        shared = _resolved(self.folder.parent / SHARED_FOLDER)
        for root in (self.folder, shared):
            if root is not None and (candidate == root or root in candidate.parents):
                return candidate
        return None

    # ------------------------------------------------------------------ includes
    def _expand(self, value: Any, chain: tuple[Path, ...], errors: list[ModelError]) -> Any:
        """``value`` with every ``{include: FILE}`` replaced by the content of FILE (a YAML list or mapping)."""
        if isinstance(value, YDict) and set(value) == {"include"}:
            return self._include(value, chain, errors)
        if isinstance(value, dict):
            for key in list(value):
                value[key] = self._expand(value[key], chain, errors)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                value[index] = self._expand(item, chain, errors)
        return value

    def _include(self, entry: YDict, chain: tuple[Path, ...], errors: list[ModelError]) -> Any:
        name = entry["include"]
        file, line = entry.file or self.shown, entry.line_of("include")

        def refuse(message: Message) -> None:
            errors.append(ModelError(file, line, None, message))

        if not isinstance(name, str) or not name.strip():
            refuse(msg("'include' must name a YAML file (include: ../shared/colour_card.yaml)"))
            return None
        problem = name_problem(name)
        path = self._inside(name) if problem is None else None
        if problem is not None:
            refuse(problem)
        elif path is None:
            refuse(msg("the included file '{file}' is outside the catalogue: a model includes only files in its own "
                       "folder or in the catalogue's '{shared}' folder", file=name, shared=SHARED_FOLDER))
        elif not path.is_file():
            refuse(msg("the included file '{file}' was not found", file=name))
        elif path in chain:
            refuse(msg("'{file}' includes itself (through: {chain})", file=name,
                       chain=" -> ".join(p.name for p in (*chain, path))))
        elif len(chain) > MAX_INCLUDE_DEPTH:
            refuse(msg("includes are nested more than {limit} deep", limit=MAX_INCLUDE_DEPTH))
        else:
            return self._included(path, name, chain, errors)
        return None

    def _included(self, path: Path, name: str, chain: tuple[Path, ...], errors: list[ModelError]) -> Any:
        shown = display_path(path)
        try:
            raw = self._read_bytes(path, MAX_MODEL_BYTES, shown)
            self.sources[name] = raw
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                line = raw[: exc.start].count(b"\n") + 1
                raise ModelErrors([ModelError(shown, line, None, msg("the file is not UTF-8 text"))]) from None
            try:
                content = load_yaml(text, shown)
            except YamlError as exc:
                raise ModelErrors([ModelError(shown, exc.line, None, exc.message)]) from None
        except ModelErrors as exc:
            errors.extend(exc.errors)
            return None
        if not isinstance(content, list | dict):
            errors.append(ModelError(shown, 1, None, msg(
                "an included file holds a list (such as options) or a mapping, not a single value")))
            return None
        return self._expand(content, (*chain, path), errors)

    def _read_bytes(self, path: Path, limit: int, shown: str) -> bytes:
        try:  # bounded: a FIFO or /dev/zero is refused, never waited on or read to the end
            return read_bounded(path, limit)
        except FileProblem as problem:
            text = (msg("the file is too large (more than {limit} bytes)", limit=limit) if problem.too_large
                    else problem.message)
            raise ModelErrors([ModelError(shown, None, None, text)]) from None
        except OSError as exc:
            raise ModelErrors([ModelError(shown, None, None, msg("cannot read the file: {reason}",
                                                                 reason=exc.strerror or str(exc)))]) from None

    def _tables(self, doc: Any) -> tuple[Tables, list[ModelError]]:
        tables: Tables = {}
        errors: list[ModelError] = []
        rules = doc.get("rules") if isinstance(doc, dict) else None
        specs = [rule.get("table") if isinstance(rule, dict) else None for rule in
                 (rules if isinstance(rules, list) else [])]
        specs += [entry for entry, _ in table_files(doc)]  # lookup tables (model.lookup_tables)
        for spec in specs:
            name = spec.get("file") if isinstance(spec, dict) else None
            if not isinstance(name, str) or name in tables:
                continue
            line = spec.line_of("file") if isinstance(spec, YDict) else None
            problem = name_problem(name)
            if problem is not None:
                errors.append(ModelError(self.shown, line, None, problem))
                tables[name] = None
                continue
            path = self._inside(name)
            if path is None:
                errors.append(ModelError(self.shown, line, None, msg(
                    "the table file '{file}' is outside the model's folder", file=name)))
                tables[name] = None
                continue
            if not path.exists() or path.is_dir():
                continue  # the validator reports the missing file at the rule
            try:
                tables[name] = self._read_csv(path, name)
            except ModelErrors as exc:
                errors.extend(exc.errors)
                tables[name] = None
        return tables, errors

    def _read_csv(self, path: Path, name: str) -> dict[str, Any]:
        shown = display_path(path)
        raw = self._read_bytes(path, MAX_TABLE_BYTES, shown)
        self.sources[name] = raw
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ModelErrors([ModelError(shown, line, None, msg("the file is not UTF-8 text"))]) from None
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows = YList()
        rows.file, rows.line = shown, 1
        rows.item_lines = []
        header: list[str] = []
        try:
            end = 0
            for record in reader:
                start, end = end + 1, reader.line_num
                if any("\n" in cell or "\r" in cell for cell in record):  # a quoted line break: say where
                    raise ModelErrors([ModelError(shown, start, None, msg(
                        "a cell holds a line break (inside quotes); a table cell is one line"))])
                if not record or not "".join(record).strip():
                    continue
                if not header:
                    header = [cell.strip() for cell in record]
                    continue
                if len(record) != len(header):
                    raise ModelErrors([ModelError(shown, reader.line_num, None, msg(
                        "this row has {found} cells but the header has {expected}", found=len(record),
                        expected=len(header)))])
                rows.append(record)
                rows.item_lines.append(reader.line_num)
        except csv.Error as exc:
            raise ModelErrors([ModelError(shown, reader.line_num, None, msg("not valid CSV: {detail}",
                                                                            detail=str(exc)))]) from None
        if not header:
            raise ModelErrors([ModelError(shown, 1, None, msg("the table has no header row"))])
        if len(set(header)) != len(header):
            raise ModelErrors([ModelError(shown, 1, None, msg("the header names a column twice"))])
        return {"header": header, "rows": rows}

    def _check_image(self, relative: str) -> Message | None:
        if relative in self.images:
            return None
        problem = name_problem(relative)
        if problem is not None:
            return problem
        path = self._inside(relative)
        if path is None:
            return msg("the image '{file}' is outside the model's folder", file=relative)
        if not path.exists():
            return msg("the image '{file}' was not found", file=relative)
        try:
            data = read_bounded(path, MAX_IMAGE_BYTES)
        except FileProblem as trouble:
            if trouble.too_large:
                return msg("the image '{file}' is larger than {limit} bytes", file=relative, limit=MAX_IMAGE_BYTES)
            return msg("the image '{file}': {problem}", file=relative, problem=trouble.message)
        except OSError as exc:
            return msg("the image '{file}': {problem}", file=relative,
                       problem=msg("cannot read the file: {reason}", reason=exc.strerror or str(exc)))
        problem = check_image_bytes(relative, data)
        if problem is None:
            self.images[relative] = data
            self.sources[relative] = data
        return problem


def check_image_bytes(name: str, data: bytes) -> Message | None:
    """None when ``data`` is a PNG or JPEG image of a sensible size, else what is wrong."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in IMAGE_FORMATS:
                return msg("the image '{file}' must be PNG or JPEG", file=name)
            if image.width * image.height > MAX_IMAGE_PIXELS:
                return msg("the image '{file}' has too many pixels", file=name)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return msg("the image '{file}' is not a readable PNG or JPEG image", file=name)
    return None


def _hash(sources: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(sources):
        data = sources[name]
        digest.update(name.encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0" + data)
    return digest.hexdigest()


def model_from_document(document: Mapping[str, Any], images: Mapping[str, bytes] | None = None,
                        name: str = "<catalogue>") -> ProductModel:
    """Validate a stored document again (as read back from the catalogue)."""
    stored_images = dict(images or {})

    def check(relative: str) -> Message | None:
        if relative not in stored_images:
            return msg("the image '{file}' was not found", file=relative)
        return None

    tables = document.get("tables") if isinstance(document, Mapping) else None
    validator = ModelValidator(name, dict(tables) if isinstance(tables, dict) else {},
                               check if images is not None else None)
    return validator.validate(document.get("model") if isinstance(document, Mapping) else None)


def plain(value: Any) -> Any:
    """A copy of ``value`` with only dicts, lists, str, int, bool, None and Decimal (no positions)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def dump_document(document: Any) -> str:
    """JSON text of a document, keeping decimals exact (``1.10`` stays ``1.10``)."""
    return jsonio.dumps(document)


def load_document(text: str) -> Any:
    """Read JSON written by :func:`dump_document` (numbers with a fraction become Decimal)."""
    return jsonio.loads(text)


def model_folders(paths: Iterable[Path]) -> list[Path]:
    """The model files under ``paths``: a file, a model folder, or a folder of model folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and not any(path.glob("*.yaml")) and not any(path.glob("*.yml")):
            found.extend(sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
                                and p.name != SHARED_FOLDER and (any(p.glob("*.yaml")) or any(p.glob("*.yml")))))
        else:
            found.append(path)
    return found


def check_models(paths: Iterable[Path], progress: Callable[[int, int], None] | None = None
                 ) -> tuple[list[LoadedModel], list[ModelError]]:
    """Load every model under ``paths``; returns the good ones and every problem found.

    ``progress(done, of)`` is told before each model folder is read."""
    loaded: list[LoadedModel] = []
    errors: list[ModelError] = []
    folders = [(given, model_folders([given])) for given in paths]
    total, done = sum(len(found) for _given, found in folders), 0
    for given, found in folders:
        if not found:  # an empty folder is no catalogue: building it would record an import of nothing
            errors.append(ModelError(display_path(given), None, None, msg(
                "no product model here: a model folder holds one model file (*.yaml)")))
        for path in found:
            if progress is not None:
                progress(done, total)
            done += 1
            if path != given and _leads_out(path, given):
                errors.append(ModelError(display_path(path), None, None, msg(
                    "the model folder is a link that leads out of {folder}; Skredder reads only folders inside it",
                    folder=display_path(given))))
                continue
            try:
                loaded.append(load_model(path))
            except ModelErrors as exc:
                errors.extend(exc.errors)
    return loaded, errors


def _leads_out(path: Path, parent: Path) -> bool:
    """True when the model folder ``path`` (found in ``parent``) is, through links, somewhere else."""
    target, home = _resolved(path), _resolved(parent)
    return target is None or home is None or target.parent != home


def source_line(loaded: LoadedModel, where: Message) -> int | None:
    """The line of the model file that ``where`` ("rule 'x'", "preset 'y'", ...) names, for a located message.

    The engine's findings (lint) name a rule, preset or attribute by its id; this finds the line ``id: x`` of
    that id in the model file (the family's line when the message names no id)."""
    if loaded.path is None:
        return None
    try:
        text = read_bounded(loaded.path, MAX_MODEL_BYTES).decode("utf-8-sig")
    except (OSError, FileProblem, UnicodeDecodeError):
        return None
    identifier = where.params.get("id") or where.params.get("attr") or where.params.get("rule")
    if identifier is None or where.msgid.startswith("model "):
        key, wanted = "family", loaded.model.family
    else:
        key, wanted = "id", str(identifier)
    pattern = re.compile(rf"^[ -]*{key}:\s*['\"]?{re.escape(wanted)}['\"]?\s*(#.*)?$")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None
