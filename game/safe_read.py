"""The one way the game reads a file: only a regular file, only up to a size limit checked before
reading. A FIFO would block forever, /dev/zero or /dev/urandom (or a symlink to them) would be read
until memory runs out, and a huge file would take seconds to refuse: none of them is read at all.

The file is opened non-blocking (so opening a FIFO cannot hang) and inspected with fstat on the
opened descriptor (so what is checked is what is read, whatever a symlink points at)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
          | getattr(os, "O_BINARY", 0))
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a pipe (FIFO)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


class RefusedFile(OSError):
    """A file that exists but is not read: not a regular file, or too large. `strerror` says why."""

    too_large = False


class TooLarge(RefusedFile):
    too_large = True


def read_limited(path: str | Path, limit: int) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes. Raises FileNotFoundError,
    RefusedFile, or another OSError; ValueError never escapes (a NUL in the path is refused)."""
    try:
        fd = os.open(path, _FLAGS)
    except ValueError:  # "embedded null byte": no such file can exist
        raise RefusedFile(0, "the file name contains a NUL character", str(path)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
            raise RefusedFile(0, f"it is {kind}, not a regular file", str(path))
        if info.st_size > limit:
            raise TooLarge(0, f"it is {_size(info.st_size)}, more than the {_size(limit)} allowed", str(path))
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while we read
                raise TooLarge(0, f"it is more than the {_size(limit)} allowed", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.1f} MB"
    return f"{count / 1024:.0f} KB" if count >= 1024 else f"{count} bytes"
