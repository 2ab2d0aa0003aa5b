"""A deterministic corpus of broken and hostile catalogue packages (at least 500), each with what its error must say.

Every package is built from one small valid package (a stool model: YAML and a CSV table) signed by a real
Ed25519 key; the broken ones are broken in one way each: not a zip, truncated, zip-slip names, symlinks,
duplicates, bombs, nested archives, missing and extra files, checksums, signatures, untrusted keys, manifest
schema errors, model errors, wrong encodings, downgrades, expiry, an app too old.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import random
import stat
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from configurator.core.sync.keys import key_id, sign

STOOL_YAML = """\
skredder: 1
family: stool
version: "{version}"
effective: 2026-03-01
name: {{nb: Krakk, en: Stool}}
attributes:
  - id: wood
    type: choice
    label: {{nb: Treslag, en: Wood}}
    options:
      - {{id: pine, label: {{nb: Furu, en: Pine}}}}
      - {{id: oak, label: {{nb: Eik, en: Oak}}, price: 300}}
  - id: legs
    type: choice
    label: {{nb: Bein, en: Legs}}
    options:
      - {{id: three, label: {{nb: Tre, en: Three}}}}
      - {{id: four, label: {{nb: Fire, en: Four}}}}
steps:
  - id: all
    label: {{nb: Alt, en: Everything}}
    attributes: [wood, legs]
rules:
  - id: oak-four-legs
    table: {{file: combinations.csv}}
    message: {{nb: Eik leveres med fire bein., en: Oak comes with four legs.}}
pricing:
  base: 990
"""
STOOL_CSV = "wood,legs\npine,*\noak,four\n"


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    expect: str  # a fragment of the English error


def stool_files(version: str = "1.0") -> dict[str, bytes]:
    return {"models/stool/stool.yaml": STOOL_YAML.format(version=version).encode(),
            "models/stool/combinations.csv": STOOL_CSV.encode()}


def manifest_for(files: dict[str, bytes], signer: str, *, version: int = 4, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "format": 1, "catalogue": "skredder", "version": version, "publisher": "HQ",
        "created": "2026-11-30T12:00:00+00:00", "effective": "2026-12-01", "valid_until": None,
        "min_app_version": "0.1", "signer": signer, "keys": [],
        "files": [{"path": p, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()} for p, b in files.items()],
    }
    body.update(changes)
    return body


def signature_text(private: Any, public: bytes, manifest: bytes) -> bytes:
    return f"skredder-signature-1\n{key_id(public)}\n{base64.b64encode(sign(private, manifest)).decode()}\n".encode()


def zip_of(entries: list[tuple[str, bytes]], *, mode: int = stat.S_IFREG | 0o644,
           compress: int = zipfile.ZIP_DEFLATED, modes: dict[str, int] | None = None) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as archive:
        warnings.simplefilter("ignore")  # duplicate names on purpose
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (modes or {}).get(name, mode) << 16
            info.compress_type = compress
            archive.writestr(info, data)
    return out.getvalue()


class Corpus:
    def __init__(self, private: Any, public: bytes, other_private: Any, other_public: bytes) -> None:
        self.private, self.public = private, public
        self.other_private, self.other_public = other_private, other_public
        self.signer = key_id(public)

    def package(self, files: dict[str, bytes] | None = None, *, manifest: bytes | None = None,
                signature: bytes | None = None, extra: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
                drop: tuple[str, ...] = (), modes: dict[str, int] | None = None, **changes: Any) -> bytes:
        files = stool_files() if files is None else files
        if manifest is None:
            manifest = json.dumps(manifest_for(files, self.signer, **changes)).encode()
        if signature is None:
            signature = signature_text(self.private, self.public, manifest)
        entries = [("manifest.json", manifest), ("manifest.sig", signature), *files.items(), *extra]
        return zip_of([(n, d) for n, d in entries if n not in drop], modes=modes)

    def signed(self, body: dict[str, Any] | bytes, files: dict[str, bytes] | None = None) -> bytes:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return self.package(files, manifest=raw)

    def cases(self) -> Iterator[Case]:
        """Every case, numbered (the number and name show in a failure)."""
        for number, case in enumerate(self._cases()):
            yield Case(f"{number:03d}-{case.name}", case.data, case.expect)

    def _cases(self) -> Iterator[Case]:
        rng = random.Random(20261202)
        good = self.package()
        files = stool_files()
        yield from (Case(f"random-{i}", rng.randbytes(rng.randrange(0, 3000)), "not a zip archive") for i in range(50))
        step = max(1, len(good) // 60)
        for i, cut in enumerate(range(1, len(good) - 1, step)):
            yield Case(f"truncated-{i}", good[:cut], "")
        for name in ["../evil.yaml", "/etc/evil.yaml", "C:/evil.yaml", "c:evil.yaml", "models\\stool\\x.yaml",
                     "models/stool/../../evil.csv", "models/./stool/x.csv", "models/stool/.hidden.csv",
                     "models/Stool/x.yaml", "evil.yaml", "models/stool/x.exe", "models/stool/x.py",
                     "models/stool/sub/", "models/stool/x y.csv", "models/stool/ø.csv", "models/stool//x.csv",
                     "models/stool/x.csv\x00.png", "models/-stool/x.csv", "manifest.json/../x.csv"]:
            body = manifest_for({**files, name: b"a,b\n"}, self.signer)
            yield Case(f"name-{name!r}", self.package(manifest=json.dumps(body).encode(), extra=[(name, b"a,b\n")]),
                       "")
        for i, kind in enumerate([stat.S_IFLNK, stat.S_IFCHR, stat.S_IFIFO, stat.S_IFBLK, stat.S_IFSOCK, stat.S_IFDIR]):
            yield Case(f"special-{i}", self.package(modes={"models/stool/combinations.csv": kind | 0o777}),
                       "symbolic link or special file")
        for name in ["models/stool/combinations.csv", "models/stool/stool.yaml", "manifest.json", "manifest.sig",
                     "models/stool/Stool.yaml"]:
            yield Case(f"duplicate-{name}", self.package(extra=[(name, b"x")]), "twice")
        yield Case("duplicate-case", self.package(extra=[("models/stool/COMBINATIONS.csv", b"x")]), "twice")
        bomb = b"0" * (9 * 1024 * 1024)
        yield Case("bomb-ratio", self.package({**files, "models/stool/bomb.csv": bomb}), "compressed too well")
        big = rng.randbytes(21 * 1024 * 1024)
        yield Case("bomb-size", zip_of([("manifest.json", b"{}"), ("manifest.sig", b""), ("models/stool/b.png", big)],
                                       compress=zipfile.ZIP_STORED), "too large")
        for magic in (b"PK\x03\x04", b"\x1f\x8b\x08", b"BZh9", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07"):
            nested = {**files, "models/stool/inner.csv": magic + b"\x00" * 100}
            yield Case(f"nested-{magic[:2]!r}", self.package(nested), "archive inside")
        for name in files:
            yield Case(f"missing-{name}", self.package(drop=(name,)), "missing from the package")
            for i in range(8):
                changed = dict(files)
                data = bytearray(changed[name])
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
                changed[name] = bytes(data)
                body = json.dumps(manifest_for(files, self.signer)).encode()
                yield Case(f"checksum-{name}-{i}", self.package(changed, manifest=body), "SHA-256")
            yield Case(f"size-{name}", self.package({**files, name: files[name] + b"\n"},
                                                    manifest=json.dumps(manifest_for(files, self.signer)).encode()),
                       "the manifest says")
        for i in range(10):
            yield Case(f"extra-{i}", self.package(extra=[(f"models/stool/extra{i}.csv", b"a\n")]),
                       "does not list")
        for required in ("manifest.json", "manifest.sig"):
            yield Case(f"no-{required}", self.package(drop=(required,)), "is missing")
        manifest = json.dumps(manifest_for(files, self.signer)).encode()
        signature = signature_text(self.private, self.public, manifest)
        for cut in range(0, len(signature) - 1, 2):
            yield Case(f"sig-truncated-{cut}", self.package(manifest=manifest, signature=signature[:cut]), "")
        lines = signature.decode().splitlines()
        raw_sig = base64.b64decode(lines[2])
        for i in range(64):
            flipped = bytearray(raw_sig)
            flipped[i] ^= 1 << (i % 8)
            text = f"{lines[0]}\n{lines[1]}\n{base64.b64encode(bytes(flipped)).decode()}\n".encode()
            yield Case(f"sig-flipped-{i}", self.package(manifest=manifest, signature=text), "forged")
        for i in range(30):  # a signature of one manifest replayed on another (each field changed)
            other = manifest_for(files, self.signer, publisher=f"HQ {i}")
            yield Case(f"sig-replayed-{i}", self.package(manifest=json.dumps(other).encode(), signature=signature),
                       "forged")
        other_manifest = json.dumps(manifest_for(files, key_id(self.other_public))).encode()
        yield Case("untrusted", self.package(manifest=other_manifest, signature=signature_text(
            self.other_private, self.other_public, other_manifest)), "does not trust")
        yield Case("signer-mismatch", self.package(manifest=other_manifest, signature=signature), "forged")
        base = manifest_for(files, self.signer)
        for field in sorted(base):
            if field in ("valid_until", "keys"):
                continue
            body = dict(base)
            del body[field]
            yield Case(f"schema-missing-{field}", self.signed(body), f"'{field}' is missing")
        wrong_values = [None, True, 1.5, -1, 0, 10**30, "", "x" * 600, [], {}, "2026-13-45", [1, 2]]
        for field in sorted(base):
            for j, value in enumerate(wrong_values):
                if (field in ("valid_until", "keys") and value in (None, [])) or (
                        field in ("catalogue", "publisher") and value == "2026-13-45"):  # a text is a text
                    continue
                body = {**base, field: value}
                yield Case(f"schema-{field}-{j}", self.signed(body), "")
        yield Case("schema-unknown", self.signed({**base, "script": "rm -rf /"}), "unknown field 'script'")
        yield Case("schema-huge-int", self.signed(json.dumps(base).replace('"version": 4', '"version": '
                                                                           + "9" * 5000).encode()), "too large")
        yield Case("schema-duplicate", self.signed(b'{"format": 1, "format": 1}'), "occurs twice")
        yield Case("schema-not-json", self.signed(b"{not json"), "not JSON")
        yield Case("schema-latin1", self.signed(json.dumps(base, ensure_ascii=False).replace(
            "HQ", "Hø").encode("latin-1")), "not UTF-8")
        yield Case("schema-deep", self.signed(b"[" * 100_000 + b"]" * 100_000), "")
        yield Case("schema-list", self.signed(b"[]"), "JSON object")
        yield Case("schema-format-2", self.signed({**base, "format": 2}), "format 2")
        for i, entry in enumerate([{"path": "models/stool/stool.yaml"}, {"path": 1, "size": 1, "sha256": "0" * 64},
                                   {"path": "models/stool/stool.yaml", "size": "1", "sha256": "0" * 64},
                                   {"path": "models/stool/stool.yaml", "size": 1, "sha256": "xyz"},
                                   {"path": "models/stool/stool.yaml", "size": 10**12, "sha256": "0" * 64}, "x"]):
            yield Case(f"schema-file-{i}", self.signed({**base, "files": [entry]}), "")
        yield Case("schema-file-twice", self.signed({**base, "files": base["files"] * 2}), "listed twice")
        for i, key in enumerate([{"id": "0" * 16, "public_key": "skredder-ed25519:AAAA"}, {"id": "x"}, "x",
                                 {"id": "0" * 16, "public_key": "skredder-ed25519:"
                                  + base64.b64encode(b"k" * 32).decode()}]):
            yield Case(f"schema-key-{i}", self.signed({**base, "keys": [key]}), "")
        yield Case("expired", self.package(valid_until="2026-11-30"), "expired on 2026-11-30")
        yield Case("too-new-app", self.package(min_app_version="99.1"), "needs Skredder 99.1")
        for version in (1, 2, 3):
            yield Case(f"downgrade-{version}", self.package(stool_files(f"0.{version}"), version=version),
                       "not newer")
        yield Case("same-version-other-content", self.package(stool_files("9.0"), version=3), "not newer")
        broken_models = {
            "yaml-syntax": STOOL_YAML.format(version="2.0").replace("attributes:", "attributes: [").encode(),
            "unknown-ref": STOOL_YAML.format(version="2.0").replace("attributes: [wood, legs]",
                                                                     "attributes: [wood, legs, colour]").encode(),
            "latin1": STOOL_YAML.format(version="2.0").replace("Krakk", "Krakkø").encode("latin-1"),
            "clash": STOOL_YAML.format(version="1.0").replace("base: 990", "base: 991").encode(),
        }
        for name, yaml in broken_models.items():
            broken = {**files, "models/stool/stool.yaml": yaml}
            yield Case(f"model-{name}", self.package(broken), "models/stool")
