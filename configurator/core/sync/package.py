"""Catalogue packages (``*.skcat``): a zip with ``manifest.json``, ``manifest.sig`` and the model folders.

The manifest names the catalogue, its version (an integer that only grows), the publisher, when it was made,
its effective date, an optional valid-until, the oldest app that may read it, and every file with its size and
SHA-256. ``manifest.sig`` is three lines: ``skredder-signature-1``, the signer's key id and the base64 Ed25519
signature of the manifest's exact bytes (so the version and the time are signed, as in minisign's trusted
comment). A manifest may carry new publisher keys (key rotation): they become trusted when the package is
signed by a key already trusted.

:func:`read_package` checks everything *before* anything is unpacked or stored: the zip's structure, every name
against an allow-list, sizes and compression ratios, the signature, the manifest's schema, that the entries are
exactly the manifest's files, and every SHA-256. Nothing here touches the database.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import re
import stat
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from configurator.core.i18n import Message, msg
from configurator.core.sync.errors import PackageError
from configurator.core.sync.keys import SIGNATURE_BYTES, key_id, parse_public, public_text, sign

FORMAT = 1
SIGNATURE_HEADER = "skredder-signature-1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"

MAX_PACKAGE_BYTES = 512 * 1024 * 1024  # the .skcat file itself
MAX_ENTRIES = 60_000
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # all entries unpacked
MAX_FILE_BYTES = 20 * 1024 * 1024  # one entry unpacked (the loader's table limit)
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed, for entries above RATIO_FLOOR bytes
RATIO_FLOOR = 64 * 1024
MAX_VERSION = 2**53  # an integer a JSON reader anywhere keeps exactly
MAX_TEXT = 500

ALLOWED_SUFFIXES = (".yaml", ".yml", ".csv", ".png", ".jpg", ".jpeg")
_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")
_FAMILY = re.compile(r"[a-z][a-z0-9_]{0,63}")
_SHA = re.compile(r"[0-9a-f]{64}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")
_APP_VERSION = re.compile(r"\d{1,4}(\.\d{1,4}){0,3}")
_NESTED_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!")

MANIFEST_FIELDS = {"format", "catalogue", "version", "publisher", "created", "effective", "valid_until",
                   "min_app_version", "signer", "keys", "files"}
REQUIRED_FIELDS = {"format", "catalogue", "version", "publisher", "created", "effective", "min_app_version",
                   "signer", "files"}


@dataclass(frozen=True)
class PublisherKey:
    id: str
    public: bytes  # 32 raw bytes
    name: str = ""


@dataclass(frozen=True)
class Manifest:
    catalogue: str
    version: int
    publisher: str
    created: datetime
    effective: date
    valid_until: date | None
    min_app_version: str
    signer: str
    keys: tuple[PublisherKey, ...]
    files: dict[str, tuple[int, str]]  # path -> (size, sha256)


@dataclass(frozen=True)
class Package:
    """A verified package: its manifest, its signer and the bytes of every file (all hashes checked)."""

    name: str  # shown in messages: the file name
    sha256: str  # of the whole .skcat file
    manifest: Manifest
    manifest_bytes: bytes
    files: dict[str, bytes] = field(repr=False)

    def families(self) -> list[str]:
        return sorted({PurePosixPath(p).parts[1] for p in self.files})


# --- packing (publisher side) ------------------------------------------------------------------------------


def pack(models_dir: Path, *, private_key: object, public_key: bytes, version: int, catalogue: str,
         publisher: str, effective: date, out: Path, valid_until: date | None = None,
         min_app_version: str = "0.1", new_keys: tuple[PublisherKey, ...] = (),
         created: datetime | None = None) -> Manifest:
    """Write a signed package of every model folder in ``models_dir`` (checked beforehand by the caller)."""
    files: dict[str, bytes] = {}
    for folder in sorted(p for p in models_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        for path in sorted(folder.rglob("*")):
            if path.is_symlink():
                raise PackageError(msg("symbolic links are not packed"), where=str(path))
            if path.is_file() and path.suffix.lower() in ALLOWED_SUFFIXES and not any(
                    part.startswith(".") for part in path.relative_to(models_dir).parts):
                files["models/" + path.relative_to(models_dir).as_posix()] = path.read_bytes()
    if not files:
        raise PackageError(msg("no model folders to pack"), where=str(models_dir))
    body: dict[str, Any] = {
        "format": FORMAT,
        "catalogue": catalogue,
        "version": version,
        "publisher": publisher,
        "created": (created or datetime.now(UTC)).replace(microsecond=0).isoformat(),
        "effective": effective.isoformat(),
        "valid_until": valid_until.isoformat() if valid_until else None,
        "min_app_version": min_app_version,
        "signer": key_id(public_key),
        "keys": [{"id": k.id, "public_key": public_text(k.public), "name": k.name} for k in new_keys],
        "files": [{"path": p, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()} for p, b in files.items()],
    }
    manifest_bytes = json.dumps(body, indent=1, ensure_ascii=False).encode("utf-8")
    manifest = parse_manifest(manifest_bytes, out.name)
    signature = sign(private_key, manifest_bytes)
    sig_text = f"{SIGNATURE_HEADER}\n{key_id(public_key)}\n{base64.b64encode(signature).decode()}\n"
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [(MANIFEST, manifest_bytes), (SIGNATURE, sig_text.encode()), *files.items()]:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return manifest


# --- reading (laptop side) --------------------------------------------------------------------------------


def _entry_name_problem(name: str) -> Message | None:
    if "\\" in name:
        return msg("a backslash in an entry name")
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return msg("an absolute path")
    parts = name.split("/")
    if ".." in parts or "." in parts:
        return msg("'..' or '.' in an entry name")
    if name.endswith("/"):
        return msg("a folder entry")
    if name in (MANIFEST, SIGNATURE):
        return None
    if len(parts) < 3 or parts[0] != "models" or not _FAMILY.fullmatch(parts[1]):
        return msg("outside models/<family>/")
    if not all(_SEGMENT.fullmatch(part) for part in parts[1:]):
        return msg("characters not allowed in an entry name")
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        return msg("a kind of file not allowed ({suffixes})", suffixes=" ".join(ALLOWED_SUFFIXES))
    return None


def _check_entries(archive: zipfile.ZipFile, shown: str) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackageError(msg("too many entries ({count}; at most {limit})", count=len(infos), limit=MAX_ENTRIES),
                           where=shown)
    entries: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        where = f"{shown}:{info.filename}"
        problem = _entry_name_problem(info.filename)
        if problem is not None:
            raise PackageError(msg("entry name refused: {problem}", problem=problem), where=where)
        if info.filename.lower() in {n.lower() for n in entries}:
            raise PackageError(msg("the entry occurs twice"), where=where)
        kind = stat.S_IFMT(info.external_attr >> 16)
        if kind not in (0, stat.S_IFREG):
            raise PackageError(msg("a symbolic link or special file"), where=where)
        if info.flag_bits & 0x1:
            raise PackageError(msg("an encrypted entry"), where=where)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageError(msg("a compression method not allowed"), where=where)
        limit = MAX_MANIFEST_BYTES if info.filename == MANIFEST else MAX_FILE_BYTES
        if info.file_size > limit:
            raise PackageError(msg("the entry is too large ({size} bytes; at most {limit})",
                                   size=info.file_size, limit=limit), where=where)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackageError(msg("compressed too well to be a catalogue file (ratio {ratio}:1; at most {limit}:1)",
                                   ratio=info.file_size // max(info.compress_size, 1), limit=MAX_RATIO), where=where)
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackageError(msg("the package unpacks to more than {limit} bytes", limit=MAX_TOTAL_BYTES),
                               where=shown)
        entries[info.filename] = info
    for required in (MANIFEST, SIGNATURE):
        if required not in entries:
            raise PackageError(msg("{entry} is missing", entry=required), where=shown)
    return entries


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> bytes:
    """The entry's bytes, never more than its header promises (a lying header is caught by the CRC)."""
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise PackageError(msg("the entry cannot be read ({reason})", reason=str(exc)),
                           where=f"{shown}:{info.filename}") from None
    if len(data) != info.file_size:
        raise PackageError(msg("the entry's size does not match its header"), where=f"{shown}:{info.filename}")
    return data


def _signature(data: bytes, shown: str) -> tuple[str, bytes]:
    where = f"{shown}:{SIGNATURE}"
    try:
        lines = data.decode("ascii").splitlines()
    except UnicodeDecodeError:
        lines = []
    if len(lines) != 3 or lines[0] != SIGNATURE_HEADER or not _KEY_ID.fullmatch(lines[1]):
        raise PackageError(msg("not a Skredder signature (three lines: header, key id, signature)"), where=where)
    try:
        signature = base64.b64decode(lines[2], validate=True)
    except (binascii.Error, ValueError):
        signature = b""
    if len(signature) != SIGNATURE_BYTES:
        raise PackageError(msg("the signature is damaged or truncated"), where=where)
    return lines[1], signature


def read_package(path: Path, trusted: Callable[[str], PublisherKey | Message | None]) -> Package:
    """Verify the package at ``path``; ``trusted(key_id)`` gives a trusted key, a reason it is not (revoked), or
    None. Raises :class:`PackageError` naming the file and the entry."""
    shown = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PackageError(msg("cannot read the file ({reason})", reason=exc.strerror or str(exc)),
                           where=shown) from None
    if size > MAX_PACKAGE_BYTES:
        raise PackageError(msg("the file is too large ({size} bytes; at most {limit})", size=size,
                               limit=MAX_PACKAGE_BYTES), where=shown)
    raw = path.read_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise PackageError(msg("not a catalogue package: the file is not a zip archive, or it is truncated"),
                           where=shown) from None
    with archive:
        entries = _check_entries(archive, shown)
        manifest_bytes = _read_entry(archive, entries[MANIFEST], shown)
        signer, signature = _signature(_read_entry(archive, entries[SIGNATURE], shown), shown)
        key = trusted(signer)
        if isinstance(key, Message):
            raise PackageError(key, where=f"{shown}:{SIGNATURE}")
        if key is None:
            raise PackageError(msg("signed by key {key}, which this laptop does not trust (skredder catalogue keys "
                                   "trust PUBLIC-KEY)", key=signer), where=f"{shown}:{SIGNATURE}")
        from configurator.core.sync.keys import verify

        if not verify(key.public, signature, manifest_bytes):
            raise PackageError(msg("the signature does not match the manifest: the package was changed or forged"),
                               where=f"{shown}:{SIGNATURE}")
        manifest = parse_manifest(manifest_bytes, shown)
        if manifest.signer != signer:
            raise PackageError(msg("the manifest names signer {named}, the signature is by {signer}",
                                   named=manifest.signer, signer=signer), where=f"{shown}:{MANIFEST}")
        names = set(entries) - {MANIFEST, SIGNATURE}
        for missing in sorted(set(manifest.files) - names):
            raise PackageError(msg("a file of the manifest is missing from the package"), where=f"{shown}:{missing}")
        for extra in sorted(names - set(manifest.files)):
            raise PackageError(msg("an entry that the manifest does not list"), where=f"{shown}:{extra}")
        files: dict[str, bytes] = {}
        for name, (expected_size, expected_sha) in manifest.files.items():
            info = entries[name]
            if info.file_size != expected_size:
                raise PackageError(msg("size {size} bytes, the manifest says {expected}", size=info.file_size,
                                       expected=expected_size), where=f"{shown}:{name}")
            data = _read_entry(archive, info, shown)
            if hashlib.sha256(data).hexdigest() != expected_sha:
                raise PackageError(msg("the SHA-256 checksum does not match the manifest"), where=f"{shown}:{name}")
            if data.startswith(_NESTED_MAGIC) and not name.lower().endswith((".png", ".jpg", ".jpeg")):
                raise PackageError(msg("an archive inside the package"), where=f"{shown}:{name}")
            files[name] = data
    return Package(shown, hashlib.sha256(raw).hexdigest(), manifest, manifest_bytes, files)


def _text(body: Mapping[str, Any], name: str, where: str, *, optional: bool = False) -> str:
    value = body.get(name)
    if value is None and optional:
        return ""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise PackageError(msg("field '{field}' must be a text of 1 to {limit} characters", field=name,
                               limit=MAX_TEXT), where=where)
    return value


def _day(body: Mapping[str, Any], name: str, where: str) -> date | None:
    value = body.get(name)
    if value is None and name == "valid_until":
        return None
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise PackageError(msg("field '{field}' must be a date (YYYY-MM-DD)", field=name), where=where) from None


def parse_manifest(data: bytes, shown: str) -> Manifest:
    """Check the manifest's schema: known fields only, their types, bounded numbers and texts."""
    where = f"{shown}:{MANIFEST}"

    def strict_int(text: str) -> int:
        if len(text) > 20:
            raise PackageError(msg("a number in the manifest is too large"), where=where)
        return int(text)

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for k, v in pairs:
            if k in result:
                raise PackageError(msg("field '{field}' occurs twice", field=k), where=where)
            result[k] = v
        return result

    try:
        body = json.loads(data.decode("utf-8"), parse_int=strict_int, parse_float=lambda _t: float("nan"),
                          parse_constant=lambda _t: float("nan"), object_pairs_hook=no_duplicates)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PackageError(msg("the manifest is not UTF-8 text"), where=f"{where}:{line}") from None
    except json.JSONDecodeError as exc:
        raise PackageError(msg("the manifest is not JSON ({reason})", reason=exc.msg), where=f"{where}:{exc.lineno}") \
            from None
    except RecursionError:
        raise PackageError(msg("the manifest is nested too deeply"), where=where) from None
    if not isinstance(body, dict):
        raise PackageError(msg("the manifest must be a JSON object"), where=where)
    unknown = sorted(set(body) - MANIFEST_FIELDS)
    if unknown:
        raise PackageError(msg("unknown field '{field}'", field=unknown[0]), where=where)
    missing = sorted(REQUIRED_FIELDS - set(body))
    if missing:
        raise PackageError(msg("field '{field}' is missing", field=missing[0]), where=where)
    if body["format"] != FORMAT or isinstance(body["format"], bool):
        raise PackageError(msg("package format {format} is not known to this app (it reads format {known})",
                               format=str(body["format"])[:20], known=FORMAT), where=where)
    version = body["version"]
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= MAX_VERSION:
        raise PackageError(msg("field 'version' must be a whole number from 1 to {limit}", limit=MAX_VERSION),
                           where=where)
    created_text = _text(body, "created", where)
    try:
        created = datetime.fromisoformat(created_text)
        if created.tzinfo is None:
            raise ValueError
    except ValueError:
        raise PackageError(msg("field 'created' must be a time with its UTC offset"), where=where) from None
    min_app = _text(body, "min_app_version", where)
    if not _APP_VERSION.fullmatch(min_app):
        raise PackageError(msg("field 'min_app_version' must be a version such as 1.2"), where=where)
    signer = _text(body, "signer", where)
    if not _KEY_ID.fullmatch(signer):
        raise PackageError(msg("field 'signer' must be a key id (16 hex digits)"), where=where)
    keys: list[PublisherKey] = []
    raw_keys = [] if body.get("keys") is None else body["keys"]
    if not isinstance(raw_keys, list) or len(raw_keys) > 20:
        raise PackageError(msg("field 'keys' must be a list of at most 20 keys"), where=where)
    for item in raw_keys:
        if not isinstance(item, dict) or set(item) - {"id", "public_key", "name"} or not isinstance(
                item.get("public_key"), str) or not isinstance(item.get("name", ""), str):
            raise PackageError(msg("each of 'keys' needs 'id' and 'public_key'"), where=where)
        try:
            public = parse_public(item["public_key"])
        except PackageError as error:
            raise PackageError(error.message, where=where) from None
        if item.get("id") != key_id(public):
            raise PackageError(msg("key id {key} does not belong to its public key", key=str(item.get("id"))[:20]),
                               where=where)
        keys.append(PublisherKey(key_id(public), public, item.get("name", "")[:MAX_TEXT]))
    raw_files = body["files"]
    if not isinstance(raw_files, list) or not raw_files or len(raw_files) > MAX_ENTRIES:
        raise PackageError(msg("field 'files' must list the package's files"), where=where)
    files: dict[str, tuple[int, str]] = {}
    for item in raw_files:
        if not isinstance(item, dict) or set(item) != {"path", "size", "sha256"}:
            raise PackageError(msg("each of 'files' needs exactly 'path', 'size' and 'sha256'"), where=where)
        name, size, sha = item["path"], item["size"], item["sha256"]
        if not isinstance(name, str) or _entry_name_problem(name) is not None or name in (MANIFEST, SIGNATURE):
            raise PackageError(msg("file name refused: {name}", name=str(name)[:200]), where=where)
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_FILE_BYTES:
            raise PackageError(msg("the size of {name} must be a whole number up to {limit}", name=name,
                                   limit=MAX_FILE_BYTES), where=where)
        if not isinstance(sha, str) or not _SHA.fullmatch(sha):
            raise PackageError(msg("the sha256 of {name} must be 64 hex digits", name=name), where=where)
        if name in files:
            raise PackageError(msg("{name} is listed twice", name=name), where=where)
        files[name] = (size, sha)
    return Manifest(
        catalogue=_text(body, "catalogue", where),
        version=version,
        publisher=_text(body, "publisher", where),
        created=created,
        effective=_day(body, "effective", where) or date.min,
        valid_until=_day(body, "valid_until", where),
        min_app_version=min_app,
        signer=signer,
        keys=tuple(keys),
        files=files,
    )


def app_version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))
