"""Reading a file Skredder did not write, bounded: never a FIFO or a device, never more than a limit.

``Path.read_bytes`` trusts ``st_size`` (``/dev/zero`` says 0 bytes and never ends) and blocks forever on a
FIFO. :func:`read_bounded` opens without blocking, checks on the open file that it is a regular file, and
reads at most ``limit + 1`` bytes, so the caller can say "too large" without reading the rest.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from configurator.core.i18n import Message, msg


class FileProblem(Exception):
    """A file cannot be read: ``message`` says why, in a translatable way."""

    def __init__(self, reason: Message | str, *, too_large: bool = False) -> None:
        self.reason = reason  # the system's words (str) or ours (Message)
        self.message = reason if isinstance(reason, Message) else msg("cannot read the file: {reason}", reason=reason)
        super().__init__(self.message.render("en"))
        self.too_large = too_large


def read_bounded(path: Path, limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``); :class:`FileProblem` otherwise.

    ``FileNotFoundError`` passes through (callers often treat a missing file as "none yet").
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as error:  # ValueError: a NUL in the name
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise FileProblem(reason) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise FileProblem(os.strerror(errno.EISDIR))
        if not stat.S_ISREG(mode):
            raise FileProblem(msg("this is not a regular file (a folder, a device or a pipe)"))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise FileProblem(error.strerror or str(error)) from None
    finally:
        os.close(descriptor)
    if size > limit:
        raise FileProblem(msg("the file is larger than {limit} bytes", limit=limit), too_large=True)
    return b"".join(chunks)


_private_folder: Path | None = None


def private_folder() -> Path:
    """A folder only this user can enter, made for this run of Skredder (``mkdtemp``: a random name, 0700).

    Never a fixed name in the shared temp folder: another local user could create that first, with links in it.
    """
    global _private_folder  # noqa: PLW0603 - one folder per run, made when first needed
    folder = _private_folder
    if folder is not None:
        info = os.lstat(folder) if folder.exists() else None
        if info is None or not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
            folder = None
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="skredder-"))
        _private_folder = folder
    return folder


def write_private_file(data: bytes, stem: str, suffix: str) -> Path:
    """Write ``data`` to a new file of a random name in :func:`private_folder` (``O_EXCL``: never through a link)."""
    safe_stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)[:80] or "file"
    handle, name = tempfile.mkstemp(prefix=f"{safe_stem}-", suffix=suffix, dir=private_folder())
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    return Path(name)
