"""The outside of every file we store: a JSON object naming what it is and its format version, so
a file from something else, or from a newer Outreach, is recognised before its contents are used."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def envelope_problem(data: Any, path: Path, what: str, version: int, kind: str | None = None) -> str | None:
    """None when `data` is a `what` file of format `version` (and `kind`, if given), else why not."""
    if not isinstance(data, dict) or (kind is not None and data.get("kind") != kind):
        return f"{path} is not an Outreach {what} file"
    found = data.get("version")
    if isinstance(found, int) and not isinstance(found, bool) and found > version:
        return f"{path} was written by a newer version of Outreach (format {found}, this one reads {version})"
    if found != version or isinstance(found, bool):
        return f"{path} has an unknown {what} format ({found!r}, expected {version})"
    return None
