"""Publisher keys: Ed25519 (the ``cryptography`` package), as minisign uses them.

A private key is a PEM file (PKCS#8, 0600); a public key is shown and traded as ``skredder-ed25519:<base64 of
the 32 raw bytes>``; its id is the first 16 hex digits of the raw key's SHA-256. The trusted keys of a laptop live
in its database (``trusted_keys``), never in a package.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path

from configurator.core.i18n import msg
from configurator.core.sync.errors import PackageError

PUBLIC_PREFIX = "skredder-ed25519:"
SIGNATURE_BYTES = 64


def key_id(raw_public: bytes) -> str:
    return hashlib.sha256(raw_public).hexdigest()[:16]


def public_text(raw_public: bytes) -> str:
    return PUBLIC_PREFIX + base64.b64encode(raw_public).decode("ascii")


def parse_public(text: str) -> bytes:
    """The 32 raw bytes of a public key written as :func:`public_text` gives it."""
    text = text.strip()
    if not text.startswith(PUBLIC_PREFIX):
        raise PackageError(msg("a public key starts with '{prefix}'", prefix=PUBLIC_PREFIX))
    try:
        raw = base64.b64decode(text[len(PUBLIC_PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise PackageError(msg("the public key is not 32 bytes of base64"))
    return raw


def generate_key(path: Path) -> tuple[str, str]:
    """Write a new private key to ``path`` (0600, refused when the file exists); returns (key id, public key)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise PackageError(msg("{file} exists already; a key is never overwritten", file=str(path))) from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    os.chmod(path, 0o600)
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return key_id(raw), public_text(raw)


def load_private(path: Path) -> tuple[object, bytes]:
    """The private key in ``path`` and its raw public key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as exc:
        raise PackageError(msg("{file}: cannot read the key ({reason})", file=str(path), reason=exc.strerror)) from None
    except (ValueError, TypeError):
        raise PackageError(msg("{file}: not a private key in PEM format", file=str(path))) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackageError(msg("{file}: not an Ed25519 key", file=str(path)))
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return key, raw


def sign(private: object, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    assert isinstance(private, Ed25519PrivateKey)
    return private.sign(data)


def verify(raw_public: bytes, signature: bytes, data: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(raw_public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
