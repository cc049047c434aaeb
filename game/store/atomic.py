"""Writing a file so that it is either the old version or the new one, never half of each; reading
JSON so that a damaged file becomes a message instead of an exception."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any


def write_atomic(path: Path | str, content: str | bytes) -> None:
    """Replace `path` with `content` (text is written as UTF-8) in one step.

    The new content goes to a temporary file in the same folder (os.replace is only atomic within
    one file system), is flushed to the disk, and then takes the old file's place. If anything
    fails, the old file is untouched and the temporary file is removed. Raises OSError.
    """
    if isinstance(content, str):
        content = content.encode("utf-8")
    if not isinstance(content, bytes):
        raise TypeError(f"write_atomic needs text or bytes, not {type(content).__name__}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    # os.open with mode 0o666 (not mkstemp's 0o600) so the file gets the permissions the user's
    # umask asks for, like any other file they save.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable. Windows cannot open a folder, and some file systems refuse
    to sync one: the file is already complete, so that is not worth failing over."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_json(path: Path | str) -> tuple[Any | None, str | None]:
    """(data, None); (None, None) when there is no file; (None, a one-line message) when the file
    cannot be read or is not JSON. Never raises."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as error:
        return None, f"could not read {path}: {error.strerror or error}"
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, f"{path} is damaged: it is not text"
    except json.JSONDecodeError as error:
        return None, f"{path} is damaged: not valid JSON at line {error.lineno}, column {error.colno}"
    except (ValueError, RecursionError):  # e.g. nesting deep enough to exhaust the parser
        return None, f"{path} is damaged: not valid JSON"
    if data is None:  # we never write a bare null, and returning it would look like "no file"
        return None, f"{path} is damaged: it holds no data"
    return data, None
