"""Writing a file so that it is either the old version or the new one, never half of each; reading
JSON so that a damaged file becomes a message instead of an exception."""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from pathlib import Path
from typing import Any

from game.safe_read import RefusedFile, read_limited


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


_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{12}\.tmp\Z")
STALE_AFTER_S = 600  # a write takes milliseconds: an older temporary file was cut off by a kill


def remove_stale_temporaries(folder: Path | str, older_than: float = STALE_AFTER_S) -> int:
    """Remove what interrupted writes left in `folder` (write_atomic's temporary files), but only
    old ones, so a write in progress in another window of the game is left alone. How many went;
    never raises."""
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not _TEMPORARY.match(entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > older_than:
                os.unlink(entry.path)
                removed += 1
    return removed


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable. Windows cannot open a folder, and some file systems refuse
    to sync one: the file is already complete, so that is not worth failing over."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


MAX_JSON_BYTES = 8 * 1024 * 1024  # far above any file we write; a 50 MB "autosave" is refused unread


def read_json(path: Path | str, *, set_aside: bool = False, limit: int = MAX_JSON_BYTES) -> tuple[Any | None, str | None]:
    """(data, None); (None, None) when there is no file; (None, a one-line message) when the file
    cannot be read or is not JSON. Never raises. Only a regular file of at most `limit` bytes is
    read (game.safe_read). With `set_aside`, a file that is bad in itself (not a regular file, too
    large, not JSON) is renamed to <name>.damaged, so the next start finds it gone and the player
    can still look into it; the message says so."""
    path = Path(path)
    try:
        raw = read_limited(path, limit)
    except FileNotFoundError:
        return None, None
    except RefusedFile as error:
        return None, _aside(path, f"{path} was not read: {error.strerror}", set_aside)
    except OSError as error:
        return None, f"could not read {path}: {error.strerror or error}"
    problem = None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        problem = f"{path} is damaged: it is not text"
    except json.JSONDecodeError as error:
        problem = f"{path} is damaged: not valid JSON at line {error.lineno}, column {error.colno}"
    except (ValueError, RecursionError):  # e.g. nesting deep enough to exhaust the parser
        problem = f"{path} is damaged: not valid JSON"
    else:
        if data is None:  # we never write a bare null, and returning it would look like "no file"
            problem = f"{path} is damaged: it holds no data"
    if problem:
        return None, _aside(path, problem, set_aside)
    return data, None


def set_aside(path: Path | str) -> Path | None:
    """Rename a bad file out of the way, to <name>.damaged (or .damaged-2, ...): its new path, or
    None when it could not be moved. Renaming never opens it, so a FIFO or a device is safe."""
    path = Path(path)
    for number in range(1, 100):
        target = path.with_name(f"{path.name}.damaged" + (f"-{number}" if number > 1 else ""))
        if target.exists() or target.is_symlink():
            continue
        try:
            os.replace(path, target)
        except OSError:
            return None
        return target
    return None


def _aside(path: Path, problem: str, wanted: bool) -> str:
    if not wanted:
        return problem
    target = set_aside(path)
    return f"{problem}; it was set aside as {target.name}" if target else f"{problem}; it could not be set aside"
